//! The task board (`/cases/{id}/tasks`): counts per state and progress, filters as a plain
//! GET form (so it works before the wasm loads), and keyset paging.

use crate::api::tasks::task_board;
use crate::components::case_nav::CaseNav;
use crate::components::feedback::LoadError;
use crate::components::pager::query_value;
use crate::error::AppError;
use crate::model::TaskBoard;
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::tasks::TaskState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The filters a board URL may carry, in the order its links write them.
const FILTERS: [&str; 6] = [
    "directive",
    "state",
    "officer",
    "county",
    "constituency",
    "outside_window",
];

#[derive(Clone, Debug, Default, PartialEq)]
struct Query {
    values: Vec<(&'static str, String)>,
    after: Option<String>,
}

impl Query {
    fn get(&self, key: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }

    /// The filters as a query string, with `key` set to `value` (or dropped when empty).
    fn with(&self, key: &str, value: &str) -> String {
        let mut parts: Vec<String> = self
            .values
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| format!("{k}={}", query_value(v)))
            .collect();
        if !value.is_empty() {
            parts.push(format!("{key}={}", query_value(value)));
        }
        parts.join("&")
    }
}

#[component]
pub fn TaskBoardPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let wanted = Memo::new(move |_| {
        let q = query.read();
        Query {
            values: FILTERS
                .iter()
                .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| (*k, v)))
                .collect(),
            after: q.get("after").filter(|v| !v.is_empty()),
        }
    });
    let board = resource(
        move || (id.get(), wanted.get()),
        |(id, q)| async move {
            let Some(id) = id else {
                return Err(AppError::NotFound);
            };
            task_board(
                id,
                q.get("directive"),
                q.get("state"),
                q.get("officer"),
                q.get("county"),
                q.get("constituency"),
                q.get("outside_window"),
                q.after.clone(),
            )
            .await
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the tasks…"</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(board) => view! { <Board board query=wanted.get_untracked()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Board(board: TaskBoard, query: Query) -> impl IntoView {
    let case_id = board.case.id;
    let base = format!("/cases/{case_id}/tasks");
    let href = {
        let base = base.clone();
        move |qs: String| {
            if qs.is_empty() {
                base.clone()
            } else {
                format!("{base}?{qs}")
            }
        }
    };
    let filtered = !query.values.is_empty();
    let chosen = |key: &str, value: &str| query.get(key).as_deref() == Some(value);
    let next = board
        .next
        .map(|after| href(query.with("after", &after.to_string())));
    let first = query.after.is_some().then(|| href(query.with("after", "")));
    let all_counts = board.counts.clone();
    let export = {
        let qs = query.with("after", "");
        if qs.is_empty() {
            format!("/cases/{case_id}/tasks/export.csv")
        } else {
            format!("/cases/{case_id}/tasks/export.csv?{qs}")
        }
    };
    view! {
        <Title text=format!("Scrutiny tasks · {}", board.case.number)/>
        <CaseNav case=board.case.clone()/>
        <div class="heading-row">
            <h1>"Scrutiny tasks"</h1>
            {board.may_create.then(|| view! {
                <A href=format!("/cases/{case_id}/tasks/new") attr:class="button">"Create tasks"</A>" "
                <A href=format!("/cases/{case_id}/reports")>"Prepare the Registrar's report"</A>
            })}
            {board.case.my_role.is_some_and(|r| r.is_court() || r.acts_for_party()).then(|| view! {
                <A href=format!("/cases/{case_id}/agents")>"Party agents"</A>
            })}
        </div>
        {board.scope_note.clone().map(|note| view! {
            <p class="hint">{note}" "<A href=href(query.with("officer", "all"))>"Show every task"</A></p>
        })}
        <section class="progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading" class="visually-hidden">"Progress"</h2>
            <dl class="facts compact" data-testid="task-progress">
                <dt>"Stations done"</dt>
                <dd>{format!("{} of {}", board.stations_done, board.stations_ordered)}</dd>
                <dt>"Findings awaiting verification"</dt>
                <dd>{board.awaiting_verification}</dd>
                <dt>"Recount tallies awaiting reconciliation"</dt>
                <dd>{board.mismatches}</dd>
            </dl>
            <p><a href=export rel="external" download data-testid="task-export">"Export these tasks (CSV)"</a></p>
            <ul class="state-counts" data-testid="task-counts">
                {all_counts.into_iter().map(|c| {
                    let link = href(query.with("state", c.state.as_str()));
                    view! { <li><A href=link>{format!("{}: {}", c.state.label(), c.count)}</A></li> }
                }).collect_view()}
            </ul>
        </section>
        <form method="get" action=base.clone() class="filters" aria-label="Filter the tasks">
            <div class="field">
                <label for="filter-directive">"Directive"</label>
                <select id="filter-directive" name="directive">
                    <option value="">"Any directive"</option>
                    {board.directives.iter().map(|d| view! {
                        <option value=d.value.clone() selected=chosen("directive", &d.value)>{d.label.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-state">"State"</label>
                <select id="filter-state" name="state">
                    <option value="">"Any state"</option>
                    {TaskState::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=chosen("state", s.as_str())>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {(!board.officers.is_empty()).then(|| view! {
                <div class="field">
                    <label for="filter-officer">"Officer"</label>
                    <select id="filter-officer" name="officer">
                        <option value="all">"Any officer"</option>
                        {board.officers.iter().map(|o| view! {
                            <option value=o.value.clone() selected=chosen("officer", &o.value)>{o.label.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="filter-county">"County"</label>
                <select id="filter-county" name="county">
                    <option value="">"Any county"</option>
                    {board.counties.iter().map(|c| view! {
                        <option value=c.value.clone() selected=chosen("county", &c.value)>{c.label.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-constituency">"Constituency code"</label>
                <input id="filter-constituency" name="constituency" inputmode="numeric" maxlength="3" placeholder="3 digits"
                    value=query.get("constituency").unwrap_or_default()/>
            </div>
            <div class="choice">
                <input type="checkbox" id="filter-outside_window" name="outside_window" value="1" checked=query.get("outside_window").is_some()/>
                <label for="filter-outside_window">"Outside the directive's window"</label>
            </div>
            <button type="submit" class="button">"Filter"</button>
            {filtered.then(|| view! { <A href=base.clone()>"Clear"</A> })}
        </form>
        <p class="meta" role="status">{match board.total {
            0 => String::new(),
            1 => "1 task".to_owned(),
            n => format!("{n} tasks"),
        }}</p>
        {if board.rows.is_empty() {
            view! {
                <p class="empty">{if filtered {
                    "No task you may see matches these filters."
                } else if board.may_create {
                    "No scrutiny tasks yet. Create them from the station codes a directive lists."
                } else {
                    "No scrutiny tasks yet, or none that you may see."
                }}</p>
            }.into_any()
        } else {
            view! {
                <table class="table stack" data-testid="task-list">
                    <thead><tr>
                        <th scope="col">"Task"</th><th scope="col">"What"</th><th scope="col">"About"</th>
                        <th scope="col">"Directive"</th><th scope="col">"State"</th><th scope="col">"Slot"</th>
                        <th scope="col">"Officers"</th>
                    </tr></thead>
                    <tbody>
                        {board.rows.into_iter().map(|t| view! {
                            <tr data-task=t.id>
                                <td class="code" data-label="Task"><A href=format!("/cases/{case_id}/tasks/{}", t.id)>{format!("T-{}", t.id)}</A></td>
                                <td data-label="What">{t.kind.label()}</td>
                                <td data-label="About">{t.subject.clone()}</td>
                                <td data-label="Directive">
                                    <A href=format!("/cases/{case_id}/directives/{}", t.directive_id)>{format!("Directive {}", t.directive_label)}</A>
                                </td>
                                <td data-label="State"><span class=format!("badge task-{}", t.state.as_str())>{t.state.label()}</span></td>
                                <td data-label="Slot">{t.slot.clone().unwrap_or_else(|| "Not scheduled".to_owned())}</td>
                                <td data-label="Officers">{if t.officers.is_empty() { "None assigned".to_owned() } else { t.officers.join(", ") }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <nav class="pager" aria-label="Pages">
            {first.map(|href| view! { <A href=href>"← First page"</A> })}
            {next.map(|href| view! { <A href=href>"Next →"</A> })}
        </nav>
    }
}
