//! A case's docket: every filing the reader may see, in number order, with what was filed
//! and the evidence it carries.

use crate::api::evidence::load_docket;
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::LoadError;
use crate::components::pager::Pager;
use crate::error::AppError;
use crate::pages::admin::page_param;
use crate::pages::case::id_param;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn DocketPage() -> impl IntoView {
    let id = id_param();
    let page = page_param();
    let docket = resource(
        move || (id.get(), page.get()),
        |(id, page)| async move {
            match id {
                Some(id) => load_docket(id, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the docket…"</p> }>
            {move || Suspend::new(async move {
                match docket.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(d) => {
                        let case_id = d.case.id;
                        let pages = d.entries.pages();
                        view! {
                            <Title text=format!("Docket · {}", d.case.number)/>
                            <CaseNav case=d.case.clone()/>
                            <h1>"Docket"</h1>
                            {if d.entries.items.is_empty() {
                                view! { <p class="empty">"Nothing has been filed in this case yet, or nothing that you may see."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table stack" data-testid="docket">
                                        <thead><tr><th scope="col">"No."</th><th scope="col">"Filed"</th><th scope="col">"Filing"</th><th scope="col">"For"</th><th scope="col">"By"</th><th scope="col">"Sealing"</th></tr></thead>
                                        <tbody>
                                            {d.entries.items.into_iter().map(|e| view! {
                                                <tr>
                                                    <td data-label="No.">{e.number}</td>
                                                    <td data-label="Filed">{e.filed_at.clone()}</td>
                                                    <td data-label="Filing">
                                                        {match e.href.clone() {
                                                            Some(href) => view! { <A href=href>{e.title.clone()}</A> }.into_any(),
                                                            None => view! { <span>{e.title.clone()}</span> }.into_any(),
                                                        }}
                                                        {(!e.evidence.is_empty()).then(|| view! {
                                                            <ul class="evidence-refs">
                                                                {e.evidence.clone().into_iter().map(|r| view! {
                                                                    <li><A href=format!("/cases/{case_id}/evidence/{}", r.id)>{r.code.clone()}</A>" "{r.title.clone()}</li>
                                                                }).collect_view()}
                                                            </ul>
                                                        })}
                                                    </td>
                                                    <td data-label="For">{e.filed_for.clone()}</td>
                                                    <td data-label="By">{e.filed_by.clone()}</td>
                                                    <td data-label="Sealing"><TierBadge tier=e.tier/></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager base=format!("/cases/{case_id}/docket") page=d.entries.page pages total=d.entries.total per_page=d.entries.per_page/>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
