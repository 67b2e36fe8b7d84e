//! One response, with the directives it answers and the exhibits it cites.

use crate::api::responses::load_response;
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::LoadError;
use crate::error::AppError;
use crate::pages::case::{id_param, named_id_param};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ResponsePage() -> impl IntoView {
    let case_id = id_param();
    let response_id = named_id_param("response");
    let detail = resource(
        move || (case_id.get(), response_id.get()),
        |(case_id, response_id)| async move {
            match (case_id, response_id) {
                (Some(c), Some(r)) => load_response(c, r).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the response…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(r) => {
                        let case_id = r.case.id;
                        view! {
                            <Title text=format!("{} · {}", r.row.title, r.case.number)/>
                            <CaseNav case=r.case.clone()/>
                            <h1>{r.row.title.clone()}</h1>
                            <dl class="facts">
                                <dt>"Kind"</dt><dd>{r.row.kind.label()}</dd>
                                <dt>"From"</dt><dd>{r.row.from.clone()}</dd>
                                {r.row.received_at.clone().map(|t| view! {
                                    <dt>"Received at the registry"</dt><dd>{t}</dd>
                                })}
                                <dt>{if r.row.received_at.is_some() { "Recorded" } else { "Filed" }}</dt>
                                <dd>{format!("{} by {}", r.row.filed_at, r.filed_by)}</dd>
                                {r.row.late.clone().map(|late| view! {
                                    <dt>"Timing"</dt><dd class="overdue">{format!("Late: {late}")}</dd>
                                })}
                                <dt>"Sealing"</dt><dd><TierBadge tier=r.row.tier/></dd>
                                <dt>"Responds to"</dt>
                                <dd>{r.directives.clone().into_iter().map(|(id, label, version)| view! {
                                    <A href=format!("/cases/{case_id}/directives/{id}")>{format!("Directive {label} (version {version})")}</A>" "
                                }).collect_view()}</dd>
                                {r.disputes.map(|(task, version)| view! {
                                    <dt>"Disputes"</dt>
                                    <dd><A href=format!("/cases/{case_id}/tasks/{task}")>{format!("The finding of task T-{task} (version {version})")}</A></dd>
                                })}
                                <dt>"Exhibits cited"</dt>
                                <dd>{if r.row.evidence.is_empty() {
                                    view! { "None" }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain-list">
                                            {r.row.evidence.clone().into_iter().map(|e| view! {
                                                <li><A href=format!("/cases/{case_id}/evidence/{}", e.id)><span class="code">{e.code.clone()}</span></A>" "{e.title.clone()}</li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}</dd>
                            </dl>
                            <div class="response-body">{r.body.clone()}</div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
