//! The compliance matrix (directives down, obliged parties across) and "my obligations"
//! (the open cells of the reader's party, soonest deadline first). Filters are a plain GET
//! form, so both work before the wasm loads.

use crate::api::compliance::{load_matrix, load_my_obligations};
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::LoadError;
use crate::error::AppError;
use crate::model::{Matrix, MatrixCell, MyObligations};
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::compliance::ComplianceState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MatrixPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let wanted = Memo::new(move |_| {
        let q = query.read();
        let text = |key: &str| q.get(key).filter(|v| !v.is_empty());
        (text("party"), text("status"), text("overdue"))
    });
    let matrix = resource(
        move || (id.get(), wanted.get()),
        |(id, (party, status, overdue))| async move {
            match id {
                Some(id) => load_matrix(id, party, status, overdue).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the matrix…"</p> }>
            {move || Suspend::new(async move {
                match matrix.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(m) => view! { <MatrixView m/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CellView(case_id: i32, cell: MatrixCell) -> impl IntoView {
    view! {
        <div class=format!("cell status-{}", cell.state.as_str())>
            <span class="status">{cell.state.label()}</span>
            {cell.deadline_words.clone().map(|w| view! {
                <span class=if cell.overdue { "time overdue" } else { "time" }>{w}</span>
            })}
            {cell.latest_response.map(|(id, title)| view! {
                <span class="latest">"Latest: "<A href=format!("/cases/{case_id}/responses/{id}")>{title}</A></span>
            })}
            {(cell.evidence > 0).then(|| view! {
                <span class="evidence-count">{format!("{} exhibit{}", cell.evidence, if cell.evidence == 1 { "" } else { "s" })}</span>
            })}
            {cell.clarification_pending.then(|| view! {
                <span class="badge badge-pending" title="A clarification request on this directive is before the court">"Clarification pending"</span>
            })}
        </div>
    }
}

#[component]
fn MatrixView(m: Matrix) -> impl IntoView {
    let case_id = m.case.id;
    let base = format!("/cases/{case_id}/compliance");
    let filtered =
        !m.filter.party.is_empty() || !m.filter.status.is_empty() || m.filter.overdue_only;
    view! {
        <Title text=format!("Compliance · {}", m.case.number)/>
        <CaseNav case=m.case.clone()/>
        <h1>"Compliance matrix"</h1>
        <form method="get" action=base.clone() class="filters" aria-label="Filter the matrix">
            <div class="field">
                <label for="filter-party">"Party"</label>
                <select id="filter-party" name="party">
                    <option value="">"Every party"</option>
                    {m.parties.iter().map(|p| {
                        let value = p.id.to_string();
                        let is = m.filter.party == value;
                        view! { <option value=value selected=is>{p.short_name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status">
                    <option value="">"Any status"</option>
                    {ComplianceState::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=m.filter.status == s.as_str()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="choice">
                <input type="checkbox" id="filter-overdue" name="overdue" value="1" checked=m.filter.overdue_only/>
                <label for="filter-overdue">"Overdue only"</label>
            </div>
            <button type="submit" class="button">"Filter"</button>
            {filtered.then(|| view! { <A href=base.clone()>"Clear"</A> })}
        </form>
        {if m.rows.is_empty() {
            view! {
                <p class="empty">{if filtered {
                    "No obligation matches these filters."
                } else {
                    "No directive is in force in this case yet, or none that you may see."
                }}</p>
            }.into_any()
        } else {
            view! {
                <div class="matrix-scroll">
                    <table class="table matrix" data-testid="matrix">
                        <thead><tr>
                            <th scope="col">"Directive"</th>
                            {m.columns.iter().map(|p| view! { <th scope="col" title=p.name.clone()>{p.short_name.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {m.rows.into_iter().map(|r| view! {
                                <tr data-directive=r.label.clone()>
                                    <th scope="row">
                                        <A href=format!("/cases/{case_id}/directives/{}", r.directive_id)>{format!("Directive {}", r.label)}</A>
                                        {(r.version > 1).then(|| view! { " "<span class="badge">{format!("v{}", r.version)}</span> })}
                                        {(r.tier != domain::evidence::SealingTier::Public).then(|| view! { " "<TierBadge tier=r.tier/> })}
                                        <span class="hint excerpt">{r.excerpt.clone()}</span>
                                        <span class="hint">{r.order_title.clone()}</span>
                                    </th>
                                    {r.cells.into_iter().map(|c| match c {
                                        Some(cell) => view! { <td><CellView case_id cell/></td> }.into_any(),
                                        None => view! { <td class="not-obliged"><span class="visually-hidden">"Not obliged"</span></td> }.into_any(),
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
pub fn MyObligationsPage() -> impl IntoView {
    let id = id_param();
    let mine = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_my_obligations(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading your obligations…"</p> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(m) => view! { <Mine m/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Mine(m: MyObligations) -> impl IntoView {
    let case_id = m.case.id;
    view! {
        <Title text=format!("My obligations · {}", m.case.number)/>
        <CaseNav case=m.case.clone()/>
        <h1>"My obligations"</h1>
        {match m.party {
            None => view! { <p class="empty">"You do not act for a party in this case, so nothing is owed by you here. The compliance matrix shows every party's obligations."</p> }.into_any(),
            Some(p) => view! {
                <p>{format!("What {} still owes under the orders in force, soonest deadline first.", p.short_name)}</p>
                {if m.open.is_empty() && m.closed == 0 {
                    view! { <p class="empty">{format!("No directive in force obliges {}.", p.short_name)}</p> }.into_any()
                } else if m.open.is_empty() {
                    view! { <p class="empty">"Nothing is open: every obligation has been found complied with or excused."</p> }.into_any()
                } else {
                    view! {
                        <table class="table stack" data-testid="my-obligations">
                            <thead><tr>
                                <th scope="col">"Directive"</th><th scope="col">"Deadline"</th>
                                <th scope="col">"Time"</th><th scope="col">"Status"</th><th scope="col">"Office responsible"</th>
                            </tr></thead>
                            <tbody>
                                {m.open.into_iter().map(|o| view! {
                                    <tr>
                                        <th scope="row" data-label="Directive">
                                            <A href=format!("/cases/{case_id}/directives/{}", o.directive_id)>{format!("Directive {}", o.label)}</A>
                                            <span class="hint excerpt">{o.excerpt.clone()}</span>
                                        </th>
                                        <td data-label="Deadline">{o.deadline.clone().unwrap_or_else(|| "None set".to_owned())}</td>
                                        <td data-label="Time" class=if o.obligation.overdue { "overdue" } else { "" }>{o.obligation.deadline_words.clone().unwrap_or_default()}</td>
                                        <td data-label="Status"><span class=format!("status status-{}", o.obligation.state.as_str())>{o.obligation.state.label()}</span></td>
                                        <td data-label="Office responsible">{if o.obligation.office.is_empty() { "—".to_owned() } else { o.obligation.office.clone() }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            }.into_any(),
        }}
    }
}
