//! A request for clarification: the directive's words with the quote marked in place, the
//! question and grounds, the other parties' responses, and the actions the reader may take
//! now (file, withdraw, open for responses, respond, rule).

use crate::api::clarifications::{
    FileClarification, OpenClarification, RespondToClarification, RuleOnClarification,
    StampClarification, WithdrawClarification, load_clarification,
};
use crate::components::case_nav::CaseNav;
use crate::components::citation::Citation;
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, cleared_on_success, invalid,
};
use crate::components::highlight::{Mark, MarkedText};
use crate::error::AppError;
use crate::model::ClarificationDetail;
use crate::pages::case::{id_param, named_id_param};
use crate::pages::orders::terms::{Initial, TermsFields};
use crate::resource::resource;
use domain::orders::Position;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ClarificationPage() -> impl IntoView {
    let case_id = id_param();
    let clarification_id = named_id_param("clarification");
    let file = ServerAction::<FileClarification>::new();
    let withdraw = ServerAction::<WithdrawClarification>::new();
    let open = ServerAction::<OpenClarification>::new();
    let respond = ServerAction::<RespondToClarification>::new();
    let rule = ServerAction::<RuleOnClarification>::new();
    let stamp = ServerAction::<StampClarification>::new();
    let detail = resource(
        move || {
            (
                case_id.get(),
                clarification_id.get(),
                file.version().get()
                    + withdraw.version().get()
                    + open.version().get()
                    + respond.version().get()
                    + rule.version().get()
                    + stamp.version().get(),
            )
        },
        |(case_id, id, _)| async move {
            match (case_id, id) {
                (Some(c), Some(id)) => load_clarification(c, id).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    let actions = Actions {
        file,
        withdraw,
        open,
        respond,
        rule,
        stamp,
    };
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the request…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(c) => view! { <Request c actions/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    file: ServerAction<FileClarification>,
    withdraw: ServerAction<WithdrawClarification>,
    open: ServerAction<OpenClarification>,
    respond: ServerAction<RespondToClarification>,
    rule: ServerAction<RuleOnClarification>,
    stamp: ServerAction<StampClarification>,
}

#[component]
fn Request(c: ClarificationDetail, actions: Actions) -> impl IntoView {
    let case_id = c.case.id;
    let id = c.row.id;
    let marks = vec![Mark {
        start: c.row.quote_start,
        end: c.row.quote_end,
        note: 1,
    }];
    let errors = [
        action_error(actions.file),
        action_error(actions.withdraw),
        action_error(actions.open),
        action_error(actions.stamp),
    ];
    let top = view! {
        <Title text=format!("Clarification of directive {} · {}", c.directive_label, c.case.number)/>
        <CaseNav case=c.case.clone()/>
        <p><A href=format!("/cases/{case_id}/directives/{}", c.directive_id)>{format!("← Directive {}", c.directive_label)}</A></p>
        <h1>{format!("Request to clarify directive {}", c.directive_label)}</h1>
        <dl class="facts">
            <dt>"Status"</dt><dd data-testid="clarification-state">{c.row.state.label()}</dd>
            <dt>"By"</dt><dd>{format!("{} (drafted by {})", c.row.party, c.drafted_by)}</dd>
            {c.filed_at.clone().map(|t| view! { <dt>"Filed"</dt><dd>{t}</dd> })}
            {c.deadline.clone().map(|t| view! { <dt>"The directive's deadline"</dt><dd>{t}</dd> })}
            {c.responses_close_at.clone().map(|t| view! {
                <dt>"Responses close"</dt><dd>{t}{(!c.responses_open).then_some(" (closed)")}</dd>
            })}
            {c.ruled_at.clone().map(|t| view! { <dt>"Ruling"</dt><dd>{t}</dd> })}
        </dl>
        <h2>{format!("Directive {}, version {}", c.directive_label, c.row.version)}</h2>
        <MarkedText text=c.version_text.clone() marks/>
        <ol class="quote-notes"><li id="note-1"><strong>{format!("[1] “{}”", c.row.quote)}</strong></li></ol>
        {c.row.ruling_text.clone().map(|text| view! {
            <section class="ruling" aria-labelledby="ruling-heading">
                <h2 id="ruling-heading">{c.row.state.label()}</h2>
                {c.out_of_time.clone().map(|words| view! { <p data-testid="out-of-time"><strong>{words}</strong></p> })}
                <p>{text}</p>
                {c.cites.clone().map(|c| view! { <p>"The ruling relies on "<Citation c/>"."</p> })}
                {c.new_version.map(|n| view! {
                    <p><A href=format!("/cases/{case_id}/directives/{}?from={}&to={n}", c.directive_id, n - 1)>{format!("See version {n} and what changed")}</A></p>
                })}
            </section>
        })}
        <h2>"Question"</h2>
        <p class="description">{c.question.clone()}</p>
        <h2>"Grounds"</h2>
        <p class="description">{c.grounds.clone()}</p>
        <h2>"Proposed interpretation"</h2>
        <p class="description">{c.proposed.clone()}</p>
        {(!c.evidence.is_empty()).then(|| view! {
            <p>"Exhibits cited: "{c.evidence.clone().into_iter().map(|e| view! {
                <A href=format!("/cases/{case_id}/evidence/{}", e.id)><span class="code">{e.code.clone()}</span></A>" "
            }).collect_view()}</p>
        })}

    }
    .into_any();
    let rest = view! {
        <section aria-labelledby="responses-heading">
            <h2 id="responses-heading">"Responses of the other parties"</h2>
            {if c.responses.is_empty() {
                view! { <p class="empty">"No party has responded yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="responses" data-testid="clarification-responses">
                        {c.responses.iter().map(|r| view! {
                            <li>
                                <strong>{format!("{} — {}", r.party, r.position.label())}</strong>
                                {format!(" ({}, {})", r.filed_at, r.filed_by)}
                                <p class="description">{r.body.clone()}</p>
                                {(!r.evidence.is_empty()).then(|| view! {
                                    <span class="cites">"Cites "{r.evidence.iter().map(|e| e.code.clone()).collect::<Vec<_>>().join(", ")}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

    }
    .into_any();
    let actions_view = view! {
        {errors.into_iter().map(|error| view! { <FormError error/> }).collect_view()}
        {c.may_file.then(|| view! {
            <ActionForm action=actions.file attr:class="form inline-form">
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="clarification_id" value=id/>
                <input type="hidden" name="revision" value=c.revision/>
                <button type="submit" class="button">"File the request"</button>
            </ActionForm>
        })}
        {c.may_withdraw.then(|| view! {
            <ActionForm action=actions.withdraw attr:class="form inline-form">
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="clarification_id" value=id/>
                <input type="hidden" name="revision" value=c.revision/>
                <button type="submit" class="button button-secondary">"Withdraw the request"</button>
            </ActionForm>
        })}
        {c.may_open.then(|| view! { <OpenForm case_id id revision=c.revision already_open=c.row.state == domain::clarification::ClarificationState::OpenForResponses open=actions.open/> })}
        {c.may_respond.then(|| view! { <RespondForm case_id id respond=actions.respond/> })}
        {c.may_stamp.then(|| view! { <StampForm case_id id revision=c.revision stamp=actions.stamp/> })}
        {c.may_rule.then(|| {
            let initial = Initial { version: c.current.clone(), obliged: c.current_obliged.clone() };
            view! { <RuleForm case_id id revision=c.revision directive_version=c.current.number parties=c.parties.clone() initial citable=c.citable.clone() deadline=c.deadline.clone() rule=actions.rule/> }
        })}
    }
    .into_any();
    view! { {top} {rest} {actions_view} }
}

#[component]
fn OpenForm(
    case_id: i32,
    id: i32,
    revision: i32,
    already_open: bool,
    open: ServerAction<OpenClarification>,
) -> impl IntoView {
    view! {
        <ActionForm action=open attr:class="form inline-form">
            <input type="hidden" name="case_id" value=case_id/>
            <input type="hidden" name="clarification_id" value=id/>
            <input type="hidden" name="revision" value=revision/>
            <div class="field">
                <label for="open-closes_at">"Responses close at (court's time)"</label>
                <input id="open-closes_at" name="closes_at" type="datetime-local" required/>
            </div>
            <button type="submit" class="button">{if already_open { "Move the closing time" } else { "Open for responses" }}</button>
        </ActionForm>
    }
}

/// The registry's stamp on a request lodged on paper: when it was lodged.
#[component]
fn StampForm(
    case_id: i32,
    id: i32,
    revision: i32,
    stamp: ServerAction<StampClarification>,
) -> impl IntoView {
    view! {
        <ActionForm action=stamp attr:class="form inline-form">
            <input type="hidden" name="case_id" value=case_id/>
            <input type="hidden" name="clarification_id" value=id/>
            <input type="hidden" name="revision" value=revision/>
            <div class="field">
                <label for="stamp-lodged_at">"Lodged at the registry on paper at (court's time)"</label>
                <input id="stamp-lodged_at" name="lodged_at" type="datetime-local" required/>
            </div>
            <button type="submit" class="button button-secondary">"Record the registry's stamp"</button>
        </ActionForm>
    }
}

#[component]
fn RespondForm(
    case_id: i32,
    id: i32,
    respond: ServerAction<RespondToClarification>,
) -> impl IntoView {
    let error = action_error(respond);
    view! {
        <section aria-labelledby="respond-heading">
            <h2 id="respond-heading">"Respond for your party"</h2>
            <ActionForm action=respond node_ref=cleared_on_success(respond) attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="clarification_id" value=id/>
                <fieldset class="field">
                    <legend>"Position"</legend>
                    {Position::ALL.iter().map(|p| {
                        let input = format!("respond-position-{}", p.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" id=input.clone() name="position" value=p.as_str() checked=*p == Position::Opposes/>
                                <label for=input>{p.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <FieldError error field="position" form="respond"/>
                </fieldset>
                <div class="field">
                    <label for="respond-body">"Response"</label>
                    <textarea id="respond-body" name="body" rows="5" required aria-invalid=invalid(error, "body") aria-describedby="respond-body-error"></textarea>
                    <FieldError error field="body" form="respond"/>
                </div>
                <div class="field">
                    <label for="respond-exhibits">"Exhibits cited"</label>
                    <input id="respond-exhibits" name="exhibits" aria-invalid=invalid(error, "exhibits") aria-describedby="respond-exhibits-error"/>
                    <FieldError error field="exhibits" form="respond"/>
                </div>
                <button type="submit" class="button" disabled=move || respond.pending().get()>"File the response"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RuleForm(
    case_id: i32,
    id: i32,
    revision: i32,
    directive_version: i32,
    parties: Vec<crate::model::PartyChoice>,
    initial: Initial,
    citable: Vec<crate::model::ReportCitation>,
    deadline: Option<String>,
    rule: ServerAction<RuleOnClarification>,
) -> impl IntoView {
    let error = action_error(rule);
    view! {
        <section aria-labelledby="rule-heading">
            <h2 id="rule-heading">"Record the court's ruling"</h2>
            <ActionForm action=rule attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="clarification_id" value=id/>
                <input type="hidden" name="revision" value=revision/>
                <input type="hidden" name="directive_version" value=directive_version/>
                <fieldset class="field">
                    <legend>"Ruling"</legend>
                    {[("clarified", "Clarified — the explanation is attached to the quoted words"),
                      ("varied", "Varied — the directive gets a new version, edited below"),
                      ("dismissed", "Dismissed")].into_iter().map(|(value, label)| {
                        let input = format!("rule-ruling-{value}");
                        view! {
                            <div class="choice">
                                <input type="radio" id=input.clone() name="ruling" value=value checked=value == "clarified"/>
                                <label for=input>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                    <FieldError error field="ruling" form="rule"/>
                </fieldset>
                {deadline.map(|deadline| view! {
                    <div class="choice">
                        <input type="checkbox" id="rule-out_of_time" name="out_of_time" value="on" aria-describedby="rule-out_of_time-error"/>
                        <label for="rule-out_of_time">{format!("Dismissed as out of time: filed after the deadline of {deadline}")}</label>
                    </div>
                    <FieldError error field="out_of_time" form="rule"/>
                })}
                {(!citable.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="rule-report">"On the Registrar's report"</label>
                        <select id="rule-report" name="report" aria-invalid=invalid(error, "report") aria-describedby="rule-report-error">
                            <option value="" selected>"Not on a report"</option>
                            {citable.iter().map(|r| view! { <option value=r.id.to_string()>{r.words.clone()}</option> }).collect_view()}
                        </select>
                        <FieldError error field="report" form="rule"/>
                    </div>
                })}
                <div class="field">
                    <label for="rule-ruling_text">"The court's words (the clarification, or its reasons)"</label>
                    <textarea id="rule-ruling_text" name="ruling_text" rows="4" required aria-invalid=invalid(error, "text") aria-describedby="rule-text-error"></textarea>
                    <FieldError error field="text" form="rule"/>
                </div>
                <div class="field">
                    <label for="rule-ruled_at">"When the court ruled (if not now)"</label>
                    <input type="datetime-local" id="rule-ruled_at" name="ruled_at" aria-invalid=invalid(error, "ruled_at") aria-describedby="rule-ruled_at-hint rule-ruled_at-error"/>
                    <p class="hint" id="rule-ruled_at-hint">"In the court's time. Leave empty if the ruling is given now."</p>
                    <FieldError error field="ruled_at" form="rule"/>
                </div>
                <details class="form-panel">
                    <summary>"For a variation: the directive's new terms"</summary>
                    <TermsFields parties error initial/>
                    <div class="choice">
                        <input type="checkbox" id="rule-carry" name="carry" value="on"/>
                        <label for="rule-carry">"Compliance carries over to the new version (otherwise it starts again)"</label>
                    </div>
                </details>
                <button type="submit" class="button" disabled=move || rule.pending().get()>"Record the ruling"</button>
            </ActionForm>
        </section>
    }
}
