//! Creating tasks from pasted station codes (`/cases/{id}/tasks/new`). The paste is
//! previewed first by a plain GET form (so the preview works before the wasm loads and can
//! be bookmarked); creating posts the very fields the preview showed.

use crate::api::tasks::{CreateTasks, preview_tasks, task_form};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{FormError, LoadError, action_error};
use crate::error::AppError;
use crate::model::{BulkPreview, TaskFormChoices};
use crate::pages::case::id_param;
use crate::pages::tasks::one::OneTaskForm;
use crate::resource::resource;
use domain::tasks::{FormKind, TaskKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// The paste as the URL carries it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Paste {
    directive: String,
    kind: String,
    forms: Vec<String>,
    codes: String,
    venue: String,
}

impl Paste {
    fn is_ready(&self) -> bool {
        !self.directive.is_empty() && !self.codes.trim().is_empty()
    }
}

#[component]
pub fn NewTasksPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let paste = Memo::new(move |_| {
        let q = query.read();
        let text = |key: &str| q.get(key).unwrap_or_default();
        Paste {
            directive: text("directive"),
            kind: q
                .get("kind")
                .unwrap_or_else(|| TaskKind::InspectForms.as_str().to_owned()),
            forms: FormKind::ALL
                .iter()
                .filter(|f| q.get(&format!("forms[{}]", f.as_str())).is_some())
                .map(|f| f.as_str().to_owned())
                .collect(),
            codes: text("codes"),
            venue: text("venue"),
        }
    });
    let choices = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => task_form(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let preview = resource(
        move || (id.get(), paste.get()),
        |(id, p)| async move {
            match id {
                Some(id) if p.is_ready() => {
                    let forms: HashMap<String, String> = p
                        .forms
                        .iter()
                        .map(|f| (f.clone(), "on".to_owned()))
                        .collect();
                    Some(
                        preview_tasks(id, p.directive, p.kind, Some(forms), p.codes, p.venue).await,
                    )
                }
                _ => None,
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(choices) => {
                        let p = paste.get_untracked();
                        let for_one = choices.clone();
                        view! {
                            <PasteForm choices=choices.clone() paste=p.clone()/>
                            <Suspense fallback=|| view! { <p class="loading">"Checking the codes…"</p> }>
                                {move || {
                                    let p = p.clone();
                                    let case_id = choices.case.id;
                                    Suspend::new(async move {
                                        match preview.await {
                                            None => ().into_any(),
                                            Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                                            Some(Ok(result)) => view! { <Preview case_id result paste=p/> }.into_any(),
                                        }
                                    })
                                }}
                            </Suspense>
                            <OneTaskForm choices=for_one/>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasteForm(choices: TaskFormChoices, paste: Paste) -> impl IntoView {
    let case_id = choices.case.id;
    let per_station: Vec<TaskKind> = TaskKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_per_station())
        .collect();
    view! {
        <Title text=format!("Create tasks · {}", choices.case.number)/>
        <CaseNav case=choices.case.clone()/>
        <h1>"Create scrutiny tasks"</h1>
        <p>"One task per polling station, from the codes a directive or an affidavit lists. Check the preview, then create them all at once."</p>
        <p class="hint" data-testid="register-note">{match &choices.register {
            Some(r) => format!("Codes are checked against the station register of {r}."),
            None => "This case has no station register: codes are checked by shape only (15 digits, a real county and constituency). An administrator can choose a register.".to_owned(),
        }}</p>
        <form method="get" action=format!("/cases/{case_id}/tasks/new") class="form">
            <div class="field">
                <label for="tasks-directive">"Directive"</label>
                <select id="tasks-directive" name="directive" required>
                    <option value="">"Choose the directive the tasks carry out"</option>
                    {choices.directives.iter().map(|d| view! {
                        <option value=d.value.clone() selected=d.value == paste.directive>{d.label.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>"What each task does"</legend>
                {per_station.into_iter().map(|k| {
                    let id = format!("tasks-kind-{}", k.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="kind" value=k.as_str() checked=k.as_str() == paste.kind/>
                            <label for=id>{k.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>"Forms to inspect (for inspections)"</legend>
                {FormKind::ALL.iter().map(|f| {
                    let id = format!("tasks-form-{}", f.as_str());
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=id.clone() name=format!("forms[{}]", f.as_str()) value="on" checked=paste.forms.iter().any(|x| x == f.as_str())/>
                            <label for=id>{f.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="tasks-codes">"Polling station codes"</label>
                <textarea id="tasks-codes" name="codes" rows="10" required aria-describedby="tasks-codes-hint">{paste.codes.clone()}</textarea>
                <p class="hint" id="tasks-codes-hint">"One a line, or separated by commas or spaces; the spaces people put in long numbers (047 278 1475 001 01) are fine."</p>
            </div>
            <div class="field">
                <label for="tasks-venue">"Venue (optional)"</label>
                <input id="tasks-venue" name="venue" maxlength="300" value=paste.venue.clone() placeholder="Supreme Court annex, Milimani"/>
            </div>
            <button type="submit" class="button">"Preview the tasks"</button>
        </form>
    }
}

#[component]
fn Preview(case_id: i32, result: BulkPreview, paste: Paste) -> impl IntoView {
    let create = ServerAction::<CreateTasks>::new();
    let error = action_error(create);
    let ready = result.ready;
    view! {
        <section aria-labelledby="preview-heading" data-testid="task-preview">
            <h2 id="preview-heading">"Preview"</h2>
            <p role="status">{format!(
                "{} of {} lines are ready as “{}” tasks under directive {}; {}.",
                result.ready,
                result.lines.len(),
                result.kind.label(),
                result.directive_label,
                match result.problems {
                    0 => "no line has a problem".to_owned(),
                    1 => "1 line has a problem: correct it above and preview again".to_owned(),
                    n => format!("{n} lines have problems: correct them above and preview again"),
                }
            )}</p>
            <table class="table stack">
                <thead><tr><th scope="col">"Line"</th><th scope="col">"Written"</th><th scope="col">"Station"</th><th scope="col">"Problem"</th></tr></thead>
                <tbody>
                    {result.lines.into_iter().map(|l| {
                        let class = if l.problem.is_some() { "row-problem" } else { "" };
                        view! {
                            <tr class=class>
                                <td data-label="Line">{l.line}</td>
                                <td class="code" data-label="Written">{l.written.clone()}</td>
                                <td data-label="Station">{l.station.clone().or(l.code.clone()).unwrap_or_default()}</td>
                                <td data-label="Problem">{l.problem.clone().unwrap_or_else(|| "—".to_owned())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(result.problems == 0 && ready > 0).then(|| view! {
                <ActionForm action=create attr:class="form">
                    <FormError error/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="directive_id" value=paste.directive.clone()/>
                    <input type="hidden" name="kind" value=paste.kind.clone()/>
                    {paste.forms.iter().map(|f| view! { <input type="hidden" name=format!("forms[{f}]") value="on"/> }).collect_view()}
                    <input type="hidden" name="codes" value=paste.codes.clone()/>
                    <input type="hidden" name="venue" value=paste.venue.clone()/>
                    <button type="submit" class="button" disabled=move || create.pending().get()>
                        {if ready == 1 { "Create 1 task".to_owned() } else { format!("Create {ready} tasks") }}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}
