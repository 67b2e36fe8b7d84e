//! The register: filters, a page of items, and keyset paging (page 500 costs what page 1
//! does). Filters are a plain GET form, so the page works before the wasm loads.

use crate::api::evidence::load_evidence_list;
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::LoadError;
use crate::components::pager::query_value;
use crate::error::AppError;
use crate::model::EvidenceList;
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::evidence::{EvidenceKind, SealingTier};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The list's query: filters and cursor, as they arrive in the URL.
#[derive(Clone, Debug, Default, PartialEq)]
struct Query {
    kind: Option<String>,
    producer: Option<String>,
    tier: Option<String>,
    station: Option<String>,
    after: Option<i32>,
    before: Option<i32>,
}

impl Query {
    /// The filters as a query string, for the paging links.
    fn filters(&self) -> String {
        [
            ("kind", &self.kind),
            ("producer", &self.producer),
            ("tier", &self.tier),
            ("station", &self.station),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", query_value(v)))
        })
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[component]
pub fn EvidencePage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let wanted = Memo::new(move |_| {
        let q = query.read();
        let text = |key: &str| q.get(key).filter(|v| !v.is_empty());
        Query {
            kind: text("kind"),
            producer: text("producer"),
            tier: text("tier"),
            station: text("station"),
            after: q.get("after").and_then(|v| v.parse().ok()),
            before: q.get("before").and_then(|v| v.parse().ok()),
        }
    });
    let list = resource(
        move || (id.get(), wanted.get()),
        |(id, q)| async move {
            let Some(id) = id else {
                return Err(AppError::NotFound);
            };
            load_evidence_list(id, q.kind, q.producer, q.tier, q.station, q.after, q.before).await
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the register…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => view! { <Register list query=wanted.get_untracked()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Register(list: EvidenceList, query: Query) -> impl IntoView {
    let case_id = list.case.id;
    let base = format!("/cases/{case_id}/evidence");
    let filters = query.filters();
    let link = move |cursor: String| {
        if filters.is_empty() {
            format!("/cases/{case_id}/evidence?{cursor}")
        } else {
            format!("/cases/{case_id}/evidence?{filters}&{cursor}")
        }
    };
    let next = list.next_after.map(|a| link(format!("after={a}")));
    let previous = list.prev_before.map(|b| link(format!("before={b}")));
    let filtered = !query.filters().is_empty();
    let selected = |value: &Option<String>, option: &str| value.as_deref() == Some(option);
    view! {
        <Title text=format!("Evidence · {}", list.case.number)/>
        <CaseNav case=list.case.clone()/>
        <div class="heading-row">
            <h1>"Evidence register"</h1>
            {(!list.may_record_for.is_empty()).then(|| view! {
                <A href=format!("/cases/{case_id}/evidence/new") attr:class="button">"Record an item"</A>
            })}
        </div>
        <form method="get" action=base.clone() class="filters" aria-label="Filter the register">
            <div class="field">
                <label for="filter-kind">"Kind"</label>
                <select id="filter-kind" name="kind">
                    <option value="">"Any kind"</option>
                    {EvidenceKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=selected(&query.kind, k.as_str())>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-producer">"Produced by"</label>
                <select id="filter-producer" name="producer">
                    <option value="">"Anyone"</option>
                    <option value="court" selected=selected(&query.producer, "court")>"Court"</option>
                    {list.parties.iter().map(|p| {
                        let value = p.id.to_string();
                        let is = selected(&query.producer, &value);
                        view! { <option value=value selected=is>{p.short_name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-tier">"Sealing"</label>
                <select id="filter-tier" name="tier">
                    <option value="">"Any tier you may see"</option>
                    {SealingTier::ALL.iter().map(|t| view! {
                        <option value=t.as_str() selected=selected(&query.tier, t.as_str())>{t.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-station">"Polling station code"</label>
                <input id="filter-station" name="station" inputmode="numeric" maxlength="19"
                    value=query.station.clone().unwrap_or_default() placeholder="15 digits"/>
            </div>
            <button type="submit" class="button">"Filter"</button>
            {filtered.then(|| view! { <A href=base.clone()>"Clear"</A> })}
        </form>
        {if list.items.is_empty() {
            view! {
                <p class="empty">{if filtered {
                    "No item you may see matches these filters."
                } else {
                    "No evidence has been recorded in this case yet, or none that you may see."
                }}</p>
            }.into_any()
        } else {
            view! {
                <table class="table stack" data-testid="evidence-list">
                    <thead><tr>
                        <th scope="col">"Code"</th><th scope="col">"Title"</th><th scope="col">"Kind"</th>
                        <th scope="col">"Station"</th><th scope="col">"Produced by"</th><th scope="col">"Sealing"</th>
                        <th scope="col">"Files"</th><th scope="col">"Recorded"</th>
                    </tr></thead>
                    <tbody>
                        {list.items.into_iter().map(|i| view! {
                            <tr>
                                <td class="code" data-label="Code"><A href=format!("/cases/{case_id}/evidence/{}", i.id)>{i.code.clone()}</A></td>
                                <td data-label="Title">{i.title.clone()}</td>
                                <td data-label="Kind">{i.kind.label()}</td>
                                <td class="code" data-label="Station">{i.station_code.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                <td data-label="Produced by">{i.producer.clone()}</td>
                                <td data-label="Sealing"><TierBadge tier=i.tier/></td>
                                <td data-label="Files">{i.files}</td>
                                <td data-label="Recorded">{i.recorded_at.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <nav class="pager" aria-label="Pages">
            {previous.map(|href| view! { <A href=href>"← Previous"</A> })}
            {next.map(|href| view! { <A href=href>"Next →"</A> })}
        </nav>
    }
}
