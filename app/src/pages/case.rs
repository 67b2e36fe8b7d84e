//! A case's overview: its parties with their counsel and representatives, and its members.

use crate::api::cases::load_case;
use crate::components::case_nav::CaseNav;
use crate::components::feedback::LoadError;
use crate::error::AppError;
use crate::model::CaseOverview;
use crate::resource::resource;
use domain::CaseRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The id in a `/…/:id` path; anything that is not a positive number is simply not found.
pub fn id_param() -> Memo<Option<i32>> {
    named_id_param("id")
}

/// A positive id from the route's parameter `name`; `None` for anything else.
pub fn named_id_param(name: &'static str) -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .and_then(|id| id.parse().ok())
            .filter(|id| *id > 0)
    })
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = id_param();
    let overview = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_case(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the case…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(o) => view! { <Overview overview=o/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: CaseOverview) -> impl IntoView {
    let CaseOverview {
        case,
        parties,
        members,
        evidence_count,
        register,
        ..
    } = overview;
    // Third parties (a vendor holding servers) are not parties to the petition; they are
    // listed apart so nobody mistakes them for one.
    let (parties, third_parties): (Vec<_>, Vec<_>) =
        parties.into_iter().partition(|p| p.role.is_party());
    let court_roles = [
        CaseRole::Registrar,
        CaseRole::Judge,
        CaseRole::ScrutinyOfficer,
        CaseRole::Observer,
    ];
    view! {
        <Title text=case.number.clone()/>
        <CaseNav case=case.clone()/>
        <h1>{case.title.clone()}</h1>
        <p class="meta">{case.court.clone()}" · filed "{case.filing_date.clone()}</p>
        <p>
            <A href=format!("/cases/{}/evidence", case.id)>
                {match evidence_count.unwrap_or(0) {
                    0 => "No evidence items you may see yet".to_owned(),
                    1 => "1 evidence item".to_owned(),
                    n => format!("{n} evidence items"),
                }}
            </A>
            " · "
            <A href=format!("/cases/{}/docket", case.id)>"Docket"</A>
        </p>
        <p class="meta">{match register {
            Some(r) => format!("Station register: {} ({} stations).", r.name, r.stations),
            None => "No station register: polling station codes are checked by shape only.".to_owned(),
        }}</p>
        <section aria-labelledby="parties-heading">
            <h2 id="parties-heading">"Parties"</h2>
            {if parties.is_empty() {
                view! { <p class="empty">"No parties have been recorded yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr><th scope="col">"Party"</th><th scope="col">"Role"</th><th scope="col">"Counsel"</th><th scope="col">"Representatives"</th></tr></thead>
                        <tbody>
                            {parties.into_iter().map(|p| view! {
                                <tr>
                                    <td><strong>{p.short_name.clone()}</strong><br/>{p.name.clone()}</td>
                                    <td>{p.role.label()}</td>
                                    <td>{if p.counsel.is_empty() { "—".to_owned() } else { p.counsel.join(", ") }}</td>
                                    <td>{if p.representatives.is_empty() { "—".to_owned() } else { p.representatives.join(", ") }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {(!third_parties.is_empty()).then(|| view! {
            <section aria-labelledby="third-parties-heading">
                <h2 id="third-parties-heading">"Third parties"</h2>
                <ul class="plain-list">
                    {third_parties.into_iter().map(|p| view! {
                        <li><strong>{p.short_name.clone()}</strong>" — "{p.name.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="members-heading">
            <h2 id="members-heading">"The court and observers"</h2>
            <dl class="roles">
                {court_roles.into_iter().map(|role| {
                    let names: Vec<String> = members.iter().filter(|m| m.role == role).map(|m| m.name.clone()).collect();
                    view! {
                        <dt>{role.label()}</dt>
                        <dd>{if names.is_empty() { "—".to_owned() } else { names.join(", ") }}</dd>
                    }
                }).collect_view()}
            </dl>
        </section>
    }
}
