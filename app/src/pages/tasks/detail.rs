//! One task (`/cases/{id}/tasks/{task}`): what it is about, its slot, officers and agents,
//! its history, and the forms the reader may use (the registrar's schedule and steps,
//! counsel's sending of agents).

use crate::api::tasks::{ScheduleTask, SendAgent, StepTask, task_detail};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{FieldError, FormError, LoadError, action_error, invalid};
use crate::error::AppError;
use crate::model::TaskDetail;
use crate::pages::case::{id_param, named_id_param};
use crate::pages::orders::directive::ActedAt;
use crate::pages::tasks::disputes::Disputes;
use crate::pages::tasks::work::{Findings, Sittings, WorkActions};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn TaskPage() -> impl IntoView {
    let id = id_param();
    let task = named_id_param("task");
    let schedule = ServerAction::<ScheduleTask>::new();
    let step = ServerAction::<StepTask>::new();
    let send = ServerAction::<SendAgent>::new();
    let work = WorkActions::default();
    let detail = resource(
        move || {
            (
                id.get(),
                task.get(),
                schedule.version().get()
                    + step.version().get()
                    + send.version().get()
                    + work.version(),
            )
        },
        |(id, task, _)| async move {
            match (id, task) {
                (Some(id), Some(task)) => task_detail(id, task).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the task…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(d) => view! { <Task d schedule step send work/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Task(
    d: TaskDetail,
    schedule: ServerAction<ScheduleTask>,
    step: ServerAction<StepTask>,
    send: ServerAction<SendAgent>,
    work: WorkActions,
) -> impl IntoView {
    let case_id = d.case.id;
    let t = d.task.clone();
    let title = format!("T-{} · {}", t.id, t.kind.label());
    view! {
        <Title text=format!("{title} · {}", d.case.number)/>
        <CaseNav case=d.case.clone()/>
        <p><A href=format!("/cases/{case_id}/tasks")>"← All tasks"</A></p>
        <h1>{title}</h1>
        <p class="lead">{t.subject.clone()}</p>
        <dl class="facts">
            <dt>"State"</dt>
            <dd><span class=format!("badge task-{}", t.state.as_str()) data-testid="task-state">{t.state.label()}</span></dd>
            <dt>"Directive"</dt>
            <dd><A href=format!("/cases/{case_id}/directives/{}", t.directive_id)>{format!("Directive {}", t.directive_label)}</A></dd>
            {d.window.clone().map(|w| view! { <dt>"Window"</dt><dd>{w}</dd> })}
            {(!d.forms.is_empty()).then(|| view! { <dt>"Forms"</dt><dd>{d.forms.join(", ")}</dd> })}
            <dt>"Slot"</dt>
            <dd>{t.slot.clone().unwrap_or_else(|| "Not scheduled".to_owned())}</dd>
            {(!t.venue.is_empty()).then(|| view! { <dt>"Venue"</dt><dd>{t.venue.clone()}</dd> })}
            <dt>"Officers"</dt>
            <dd>{if t.officers.is_empty() { "None assigned".to_owned() } else { t.officers.join(", ") }}</dd>
            <dt>"Created"</dt>
            <dd>{d.created.clone()}</dd>
        </dl>
        <p><a href=format!("/cases/{case_id}/tasks/{}/sheet", t.id) rel="external" data-testid="station-sheet">"Printable station sheet"</a></p>
        <details>
            <summary>"The directive's text"</summary>
            <p class="directive-text">{d.directive_text.clone()}</p>
        </details>
        <Agents d=d.clone() send/>
        <Sittings d=d.clone() actions=work/>
        <Findings d=d.clone() actions=work/>
        <Disputes d=d.clone()/>
        {d.may_manage.then(|| view! { <Manage d=d.clone() schedule step/> })}
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            {if d.history.is_empty() {
                view! { <p class="empty">"Nothing has happened to this task since it was created."</p> }.into_any()
            } else {
                view! {
                    <ol class="history" data-testid="task-history">
                        {d.history.into_iter().map(|s| view! {
                            <li>
                                <span class="meta">{format!("{} · {}", s.at, s.by)}</span>" "
                                <strong>{s.what.clone()}</strong>
                                {(!s.reason.is_empty()).then(|| view! { <span>{format!(": {}", s.reason)}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Agents(d: TaskDetail, send: ServerAction<SendAgent>) -> impl IntoView {
    let error = action_error(send);
    let limit = d.agent_limit.map(|n| match n {
        1 => "Each party may send 1 agent to this task.".to_owned(),
        n => format!("Each party may send {n} agents to this task."),
    });
    view! {
        <section aria-labelledby="agents-heading">
            <h2 id="agents-heading">"Party agents"</h2>
            {limit.map(|l| view! { <p class="hint">{l}</p> })}
            {if d.agents.is_empty() {
                view! { <p class="empty">"No party has sent an agent yet."</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="task-agents">
                        {d.agents.iter().map(|a| view! {
                            <li>
                                {format!("{} ({})", a.name, a.party)}
                                {a.id_number.clone().map(|n| view! { <span class="meta">{format!(" · ID {n}")}</span> })}
                                {a.phone.clone().map(|p| view! { <span class="meta">{format!(" · {p}")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!d.may_send.is_empty()).then(|| view! {
                <ActionForm action=send attr:class="form inline-form" attr:novalidate=true>
                    <FormError error/>
                    <input type="hidden" name="case_id" value=d.case.id/>
                    <input type="hidden" name="task_id" value=d.task.id/>
                    <input type="hidden" name="revision" value=d.task.revision/>
                    <div class="field">
                        <label for="send-agent">"Send your party's agent"</label>
                        <select id="send-agent" name="agent_id" aria-invalid=invalid(error, "agent_id") aria-describedby="send-agent_id-error">
                            {d.may_send.iter().map(|a| view! { <option value=a.value.clone()>{a.label.clone()}</option> }).collect_view()}
                        </select>
                        <FieldError error field="agent_id" form="send"/>
                    </div>
                    <button type="submit" class="button" disabled=move || send.pending().get()>"Send the agent"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Manage(
    d: TaskDetail,
    schedule: ServerAction<ScheduleTask>,
    step: ServerAction<StepTask>,
) -> impl IntoView {
    let schedule_error = action_error(schedule);
    let step_error = action_error(step);
    let case_id = d.case.id;
    let task_id = d.task.id;
    let revision = d.task.revision;
    let may_schedule = matches!(
        d.task.state,
        domain::tasks::TaskState::Planned | domain::tasks::TaskState::Scheduled
    );
    view! {
        <section aria-labelledby="manage-heading">
            <h2 id="manage-heading">"The registrar's steps"</h2>
            {may_schedule.then(|| view! {
                <ActionForm action=schedule attr:class="form" attr:novalidate=true>
                    <h3>{if d.task.slot.is_some() { "Reschedule" } else { "Schedule" }}</h3>
                    <FormError error=schedule_error/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="task_id" value=task_id/>
                    <input type="hidden" name="revision" value=revision/>
                    <div class="field-row">
                        <div class="field">
                            <label for="schedule-starts">"Starts (court's time)"</label>
                            <input type="datetime-local" id="schedule-starts" name="starts" value=d.starts_input.clone()
                                aria-invalid=invalid(schedule_error, "starts") aria-describedby="schedule-starts-error"/>
                            <FieldError error=schedule_error field="starts" form="schedule"/>
                        </div>
                        <div class="field">
                            <label for="schedule-ends">"Ends (court's time)"</label>
                            <input type="datetime-local" id="schedule-ends" name="ends" value=d.ends_input.clone()
                                aria-invalid=invalid(schedule_error, "ends") aria-describedby="schedule-ends-error"/>
                            <FieldError error=schedule_error field="ends" form="schedule"/>
                        </div>
                    </div>
                    <div class="field">
                        <label for="schedule-venue">"Venue"</label>
                        <input id="schedule-venue" name="venue" maxlength="300" value=d.task.venue.clone()
                            aria-invalid=invalid(schedule_error, "venue") aria-describedby="schedule-venue-error"/>
                        <FieldError error=schedule_error field="venue" form="schedule"/>
                    </div>
                    <fieldset class="field" aria-describedby="schedule-officers-error">
                        <legend>"Scrutiny officers"</legend>
                        {if d.officer_choices.is_empty() {
                            view! { <p class="empty">"The case has no scrutiny officers: an administrator adds them as members."</p> }.into_any()
                        } else {
                            d.officer_choices.iter().map(|o| {
                                let id = format!("schedule-officer-{}", o.value);
                                view! {
                                    <div class="choice">
                                        <input type="checkbox" id=id.clone() name=format!("officers[{}]", o.value) value="on" checked=d.assigned.contains(&o.value)/>
                                        <label for=id>{o.label.clone()}</label>
                                    </div>
                                }
                            }).collect_view().into_any()
                        }}
                        <FieldError error=schedule_error field="officers" form="schedule"/>
                    </fieldset>
                    <button type="submit" class="button" disabled=move || schedule.pending().get()>"Save the schedule"</button>
                </ActionForm>
            })}
            {(!d.steps.is_empty()).then(|| view! {
                <ActionForm action=step attr:class="form" attr:novalidate=true>
                    <h3>"Findings and state"</h3>
                    <FormError error=step_error/>
                    <FieldError error=step_error field="step" form="step"/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="task_id" value=task_id/>
                    <input type="hidden" name="revision" value=revision/>
                    <fieldset class="field">
                        <legend>"Step"</legend>
                        {d.steps.iter().enumerate().map(|(i, s)| {
                            let id = format!("step-{s}");
                            let label = match s.as_str() {
                                "verify" => "Verify the findings",
                                "return" => "Return the findings for correction",
                                "reopen" => "Reopen the verified findings",
                                "block" => "Block: work cannot go on",
                                "unblock" => "Unblock: back to where it stood",
                                _ => "Cancel the task",
                            };
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="step" value=s.clone() checked=i == 0/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="step-reason">"Reason"</label>
                        <textarea id="step-reason" name="reason" rows="2" maxlength="4000"
                            aria-invalid=invalid(step_error, "reason") aria-describedby="step-reason-hint step-reason-error"></textarea>
                        <p class="hint" id="step-reason-hint">"Required to return, reopen, block or cancel; it goes in the history, and on the docket for all but a return."</p>
                        <FieldError error=step_error field="reason" form="step"/>
                    </div>
                    <div class="field">
                        <label for="step-response_id">"Filing that records the cause (a block; optional)"</label>
                        <input id="step-response_id" name="response_id" inputmode="numeric" placeholder="The response's number, from its page"
                            aria-invalid=invalid(step_error, "response_id") aria-describedby="step-response_id-error"/>
                        <FieldError error=step_error field="response_id" form="step"/>
                    </div>
                    <div class="field">
                        <ActedAt id="step-acted_at".to_owned() label="Done (if not now)"/>
                        <FieldError error=step_error field="acted_at" form="step"/>
                    </div>
                    <button type="submit" class="button" disabled=move || step.pending().get()>"Record the step"</button>
                </ActionForm>
            })}
        </section>
    }
}
