//! Administration: accounts and cases. The server refuses every call from a non-admin; these
//! pages only arrange the forms.

pub mod audit;
pub mod case;
pub mod cases;
pub mod register;
pub mod users;

use crate::api::auth::who_am_i;
use crate::components::feedback::LoadError;
use crate::error::AppError;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminLayout() -> impl IntoView {
    // Only administrators see the area at all: anyone else gets the ordinary 403 (or the
    // sign-in prompt) instead of tabs and forms above a refusal.
    let me = resource(|| (), |_| who_am_i());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.is_admin => view! {
                        <nav class="tabs" aria-label="Administration">
                            <A href="/admin/cases">"Cases"</A>
                            <A href="/admin/users">"Users"</A>
                            <A href="/admin/audit">"Audit chain"</A>
                        </nav>
                        <Outlet/>
                    }.into_any(),
                    Ok(Some(_)) => view! { <LoadError error=AppError::Forbidden/> }.into_any(),
                    Ok(None) => view! { <LoadError error=AppError::Unauthenticated/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
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
