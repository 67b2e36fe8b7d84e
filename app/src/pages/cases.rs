//! The cases a person belongs to.

use crate::api::cases::my_cases;
use crate::components::feedback::LoadError;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

/// `/` goes to the list of cases (the server sends signed-out visitors to the login page).
#[component]
pub fn Home() -> impl IntoView {
    view! { <Redirect path="/cases"/> }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let cases = resource(|| (), |_| my_cases());
    view! {
        <Title text="My cases"/>
        <h1>"My cases"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading cases…"</p> }>
            {move || Suspend::new(async move {
                match cases.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">"You are not a member of any case yet. The portal's administrator adds you to a case; ask the Registrar if you expected one here."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="case-list" data-testid="case-list">
                            {list.into_iter().map(|c| view! {
                                <li class="case-card">
                                    <A href=format!("/cases/{}", c.id) attr:class="case-number">{c.number.clone()}</A>
                                    <p class="case-title">{c.title.clone()}</p>
                                    <p class="meta">
                                        {c.court.clone()}" · filed "{c.filing_date.clone()}
                                        {c.my_role.map(|r| view! { <span class="badge">{r.label()}</span> })}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
