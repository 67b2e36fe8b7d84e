//! Administration: accounts and cases. The server refuses every call from a non-admin; these
//! pages only arrange the forms.

pub mod audit;
pub mod case;
pub mod cases;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminLayout() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Administration">
            <A href="/admin/cases">"Cases"</A>
            <A href="/admin/users">"Users"</A>
            <A href="/admin/audit">"Audit chain"</A>
        </nav>
        <Outlet/>
    }
}

#[component]
pub fn AdminHome() -> impl IntoView {
    view! { <Redirect path="/admin/cases"/> }
}

/// The `?page=` of a list, 1 when absent or malformed.
pub fn page_param() -> Memo<u64> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse().ok())
            .filter(|p| *p > 0)
            .unwrap_or(1)
    })
}
