//! A directive: the version in force, its history, each obliged party's compliance (with
//! the registrar's assessment and the court's excuse), and the responses filed on it.

use super::terms::{Initial, TermsFields};
use crate::api::clarifications::RequestClarification;
use crate::api::compliance::{AssessCompliance, ExcuseObligation};
use crate::api::directives::{CorrectDirective, compare_versions, load_directive};
use crate::api::orders::EditDirective;
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::citation::Citation;
use crate::components::feedback::{
    FieldError, FieldErrorList, FormError, LoadError, action_error, invalid,
};
use crate::components::highlight::{Mark, MarkedText};
use crate::error::AppError;
use crate::model::{
    ClarificationRow, DiffKind, DirectiveDetail, ObligationView, ReportCitation, VersionDiff,
    VersionView,
};
use crate::pages::case::{id_param, named_id_param};
use crate::resource::resource;
use domain::clarification::ClarificationState;
use domain::compliance::{Assessment, ComplianceEvent, ComplianceState};
use domain::orders::OrderState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DirectivePage() -> impl IntoView {
    let case_id = id_param();
    let directive_id = named_id_param("directive");
    let assess = ServerAction::<AssessCompliance>::new();
    let excuse = ServerAction::<ExcuseObligation>::new();
    let correct = ServerAction::<CorrectDirective>::new();
    let ask = ServerAction::<RequestClarification>::new();
    let edit = ServerAction::<EditDirective>::new();
    let detail = resource(
        move || {
            (
                case_id.get(),
                directive_id.get(),
                assess.version().get(),
                excuse.version().get() + correct.version().get() + edit.version().get(),
            )
        },
        |(case_id, directive_id, _, _)| async move {
            match (case_id, directive_id) {
                (Some(c), Some(d)) => load_directive(c, d).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the directive…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(d) => view! { <Directive d assess excuse correct ask edit/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The requests on `version` that mark its text: filed ones, and the court's clarifications.
fn marks_for(rows: &[ClarificationRow], version: i32) -> Vec<(usize, ClarificationRow)> {
    rows.iter()
        .filter(|c| c.version == version && c.state != ClarificationState::Draft)
        .filter(|c| c.state.is_pending() || c.ruling_text.is_some())
        .cloned()
        .enumerate()
        .map(|(i, c)| (i + 1, c))
        .collect()
}

#[component]
fn Terms(
    v: VersionView,
    case_id: i32,
    #[prop(optional)] notes: Vec<(usize, ClarificationRow)>,
) -> impl IntoView {
    let marks = notes
        .iter()
        .map(|(n, c)| Mark {
            start: c.quote_start,
            end: c.quote_end,
            note: *n,
        })
        .collect();
    view! {
        <MarkedText text=v.text.clone() marks/>
        {(!notes.is_empty()).then(|| view! {
            <ol class="quote-notes">
                {notes.into_iter().map(|(n, c)| view! {
                    <li id=format!("note-{n}")>
                        <strong>{format!("[{n}] “{}”", c.quote)}</strong>
                        " — "
                        {match (&c.ruling_text, c.state) {
                            (Some(text), ClarificationState::Ruled(domain::clarification::Ruling::Clarified)) => format!("Clarified by the court: {text}"),
                            (Some(text), state) => format!("{}: {text}", state.label()),
                            (None, state) => format!("{} — request by {}", state.label(), c.party),
                        }}
                    </li>
                }).collect_view()}
            </ol>
        })}
        <dl class="facts compact">
            {v.window_opens.clone().map(|w| view! { <dt>"Window opens"</dt><dd>{w}</dd> })}
            <dt>"Deadline"</dt><dd>{v.deadline.clone().unwrap_or_else(|| "None set".to_owned())}</dd>
            {(!v.third_parties.is_empty()).then(|| view! { <dt>"Third parties"</dt><dd>{v.third_parties.join("; ")}</dd> })}
            {(!v.limits.is_empty()).then(|| view! { <dt>"Limits"</dt><dd>{v.limits.clone()}</dd> })}
                {v.agent_limit.map(|n| view! { <dt>"Agents per party"</dt><dd>{n}</dd> })}
            <dt>"Sealing"</dt><dd><TierBadge tier=v.tier/></dd>
            <dt>"Version"</dt>
            <dd>
                {format!("{} — {}, {} by {}", v.number, v.reason.label(), v.created_at, v.created_by)}
                {(!v.reason_note.is_empty()).then(|| view! { <br/><span class="hint">{v.reason_note.clone()}</span> })}
                {v.source.clone().filter(|(kind, _)| kind == "clarification").map(|(_, id)| view! {
                    <br/><A href=format!("/cases/{case_id}/clarifications/{id}")>"The request it was ruled on"</A>
                })}
                {(v.number > 1).then(|| view! { <br/><span class="hint">{if v.carries_compliance { "Compliance carried over from the previous version." } else { "Compliance started again with this version." }}</span> })}
            </dd>
        </dl>
    }
    .into_any()
}

#[component]
fn Directive(
    d: DirectiveDetail,
    assess: ServerAction<AssessCompliance>,
    excuse: ServerAction<ExcuseObligation>,
    correct: ServerAction<CorrectDirective>,
    ask: ServerAction<RequestClarification>,
    edit: ServerAction<EditDirective>,
) -> impl IntoView {
    let case_id = d.case.id;
    let notes = marks_for(&d.clarifications, d.current.number);
    let numbers: Vec<i32> = d.versions.iter().map(|v| v.number).collect();
    let initial = Initial {
        version: d.current.clone(),
        obliged: d.obligations.clone(),
    };
    let assess_error = action_error(assess);
    let excuse_error = action_error(excuse);
    let earlier: Vec<VersionView> = d
        .versions
        .iter()
        .filter(|v| v.number != d.current.number)
        .cloned()
        .collect();
    let (may_assess, may_excuse) = (d.may_assess, d.may_excuse);
    // From a report's "Assess compliance on this report": that report chosen as the citation.
    let query = use_query_map();
    let chosen: Option<i32> =
        query.with_untracked(|q| q.get("report").and_then(|r| r.parse().ok()));
    let citable = d.citable.clone();
    // Each section is type-erased: the page is large enough that one nested view type
    // exceeds the compiler's depth limit when building the browser's code.
    let heading = view! {
        <Title text=format!("Directive {} · {}", d.label, d.case.number)/>
        <CaseNav case=d.case.clone()/>
        <p><A href=format!("/cases/{case_id}/orders/{}", d.order_id)>{format!("← {}", d.order_title)}</A></p>
        <h1>{format!("Directive {}", d.label)}</h1>
        <Terms v=d.current.clone() case_id notes/>
        {(numbers.len() > 1).then(|| view! { <Compare case_id directive_id=d.id numbers=numbers.clone()/> })}
    }
    .into_any();
    let compliance = view! {
        <section aria-labelledby="compliance-heading">
            <h2 id="compliance-heading">"Compliance"</h2>
            <FormError error=assess_error/>
            <FieldErrorList error=assess_error/>
            <FormError error=excuse_error/>
            <FieldErrorList error=excuse_error/>
            <table class="table stack" data-testid="obligations">
                <thead><tr>
                    <th scope="col">"Party"</th><th scope="col">"Office responsible"</th>
                    <th scope="col">"Status"</th><th scope="col">"Time"</th><th scope="col">"Reason"</th>
                    {(may_assess || may_excuse).then(|| view! { <th scope="col">"Record"</th> })}
                </tr></thead>
                <tbody>
                    {d.obligations.into_iter().map(|o| view! {
                        <Obligation case_id o may_assess may_excuse assess excuse citable=citable.clone() chosen/>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any();
    let responses = view! {
        <section aria-labelledby="responses-heading">
            <div class="heading-row">
                <h2 id="responses-heading">"Responses"</h2>
                {d.may_respond.then(|| view! {
                    <a class="button" href=format!("/cases/{case_id}/responses/new?directive={}", d.id)>"File a response"</a>
                })}
            </div>
            {if d.responses.is_empty() {
                view! { <p class="empty">"Nothing has been filed on this directive yet, or nothing that you may see."</p> }.into_any()
            } else {
                view! {
                    <ul class="responses" data-testid="responses">
                        {d.responses.into_iter().map(|r| { let when = r.when(); view! {
                            <li>
                                <A href=format!("/cases/{case_id}/responses/{}", r.id)>{r.title.clone()}</A>
                                {format!(" — {} from {}, {when}", r.kind.label(), r.from)}
                                {r.late.clone().map(|late| view! { <span class="overdue">{format!(" (late: {late})")}</span> })}
                                " "<TierBadge tier=r.tier/>
                                {(!r.evidence.is_empty()).then(|| view! {
                                    <span class="cites">" cites "{r.evidence.iter().map(|e| e.code.clone()).collect::<Vec<_>>().join(", ")}</span>
                                })}
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any();
    let clarifications = view! {
        <section aria-labelledby="clarifications-heading">
            <h2 id="clarifications-heading">"Requests for clarification"</h2>
            {if d.clarifications.is_empty() {
                view! { <p class="empty">"No request for clarification has been made, or none that you may see."</p> }.into_any()
            } else {
                view! {
                    <ul class="clarifications" data-testid="clarifications">
                        {d.clarifications.iter().map(|c| view! {
                            <li>
                                <A href=format!("/cases/{case_id}/clarifications/{}", c.id)>{format!("“{}”", c.quote)}</A>
                                {format!(" — {} (version {}), by {}", c.state.label(), c.version, c.party)}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {d.may_ask.then(|| view! { <AskForm case_id directive_id=d.id ask/> })}
        </section>
    }
    .into_any();
    // A draft's directive is edited in place; an issued one changes only by a new version.
    let correction = d.may_correct.then(|| {
        if d.order_state == OrderState::Draft {
            view! { <EditDraftForm case_id order_id=d.order_id revision=d.order_revision directive_id=d.id label=d.label.clone() parties=d.parties.clone() initial=initial.clone() edit/> }.into_any()
        } else {
            view! { <CorrectForm case_id directive_id=d.id version=d.current.number parties=d.parties.clone() initial=initial.clone() correct/> }.into_any()
        }
    });
    let history = (!earlier.is_empty()).then(|| {
        view! {
            <section aria-labelledby="versions-heading">
                <h2 id="versions-heading">"Earlier versions"</h2>
                {earlier.into_iter().rev().map(|v| view! {
                    <details class="version">
                        <summary>{format!("Version {} — {}, {}", v.number, v.reason.label(), v.created_at)}</summary>
                        <Terms v case_id/>
                    </details>
                }).collect_view()}
            </section>
        }
        .into_any()
    });
    view! { {heading} {compliance} {responses} {clarifications} {correction} {history} }
}

#[component]
fn Obligation(
    case_id: i32,
    o: ObligationView,
    may_assess: bool,
    may_excuse: bool,
    assess: ServerAction<AssessCompliance>,
    excuse: ServerAction<ExcuseObligation>,
    citable: Vec<ReportCitation>,
    chosen: Option<i32>,
) -> impl IntoView {
    // The findings the state machine allows now (only "not complied" before a report; once
    // a finding stands, any other finding as a revision of it).
    let findings: Vec<(Assessment, &str, &str)> = [
        (Assessment::Complied, "complied", "Complied"),
        (
            Assessment::PartlyComplied,
            "partly_complied",
            "Partly complied",
        ),
        (Assessment::NotComplied, "not_complied", "Not complied"),
    ]
    .into_iter()
    .filter(|(finding, _, _)| o.state.apply(o.state.finding_event(*finding)).is_ok())
    .collect();
    let assessable = !findings.is_empty();
    let revising = matches!(
        o.state.finding_event(Assessment::Complied),
        ComplianceEvent::Revise(_)
    );
    let why_so_few = (o.state == ComplianceState::Pending).then_some(
        "No compliance report has been filed yet, so the only finding open is “not complied”.",
    );
    let excusable = o.state.apply(ComplianceEvent::Excuse).is_ok();
    let id = o.id;
    view! {
        <tr data-party=o.party.clone()>
            <th scope="row" data-label="Party">{o.party.clone()}</th>
            <td data-label="Office responsible">{if o.office.is_empty() { "—".to_owned() } else { o.office.clone() }}</td>
            <td data-label="Status"><span class=format!("status status-{}", o.state.as_str())>{o.state.label()}</span></td>
            <td data-label="Time" class=if o.overdue { "overdue" } else { "" }>{o.deadline_words.clone().unwrap_or_default()}</td>
            <td data-label="Reason">
                {o.reason.clone()}
                {(!o.findings.is_empty()).then(|| view! {
                    <details class="findings">
                        <summary>{match o.findings.len() {
                            1 => "When it was made".to_owned(),
                            n => format!("All {n} findings"),
                        }}</summary>
                        <ol>
                            {o.findings.iter().map(|f| view! {
                                <li>
                                    <strong>{f.what.clone()}</strong>", "{f.at.clone()}": "{f.reason.clone()}
                                    {f.cites.clone().map(|c| view! { " — on "<Citation c/> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </details>
                }.into_any())}
            </td>
            {(may_assess || may_excuse).then(|| view! {
                <td data-label="Record">
                    {(may_assess && assessable).then(|| view! {
                        <ActionForm action=assess attr:class="cell-form">
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="obligation_id" value=id/>
                            <input type="hidden" name="revision" value=o.revision/>
                            <label for=format!("finding-{id}")>{if revising { "Revised finding" } else { "Finding" }}</label>
                            <select id=format!("finding-{id}") name="finding" required aria-describedby=format!("finding-{id}-hint")>
                                <option value="" selected>"Choose a finding"</option>
                                {findings.iter().map(|(_, value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                            </select>
                            <p class="hint" id=format!("finding-{id}-hint")>{why_so_few.unwrap_or(if revising { "The earlier finding stays in the record; this one stands from now." } else { "" })}</p>
                            <label for=format!("reason-{id}")>{if revising { "Why the finding changes" } else { "Reason" }}</label>
                            <textarea id=format!("reason-{id}") name="reason" rows="2" maxlength="5000" required></textarea>
                            {(!citable.is_empty()).then(|| view! {
                                <label for=format!("report-{id}")>"On the Registrar's report"</label>
                                <select id=format!("report-{id}") name="report">
                                    <option value="" selected=chosen.is_none()>"Not on a report"</option>
                                    {citable.iter().map(|r| view! {
                                        <option value=r.id.to_string() selected=chosen == Some(r.id)>{r.words.clone()}</option>
                                    }).collect_view()}
                                </select>
                            })}
                            <ActedAt id=format!("acted-{id}") label="Made by the court (if not now)"/>
                            <button type="submit" class="button">{if revising { "Revise the finding" } else { "Record the assessment" }}</button>
                        </ActionForm>
                    })}
                    {(may_excuse && excusable).then(|| view! {
                        <ActionForm action=excuse attr:class="cell-form">
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="obligation_id" value=id/>
                            <input type="hidden" name="revision" value=o.revision/>
                            <label for=format!("excuse-{id}")>"Ruling excusing the party"</label>
                            <textarea id=format!("excuse-{id}") name="reason" rows="2" maxlength="5000" required></textarea>
                            <ActedAt id=format!("excuse-acted-{id}") label="Ruled (if not now)"/>
                            <button type="submit" class="button button-secondary">"Excuse"</button>
                        </ActionForm>
                    })}
                </td>
            })}
        </tr>
    }
    .into_any()
}

/// Two versions side by side, word by word: the previous and the current by default, any
/// two by `?from=&to=` (a plain GET form, so it works before the wasm loads).
#[component]
fn Compare(case_id: i32, directive_id: i32, numbers: Vec<i32>) -> impl IntoView {
    let query = use_query_map();
    let last = numbers.last().copied().unwrap_or(1);
    let chosen = move |key: &str, default: i32| {
        query
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(default)
    };
    let pair = Memo::new(move |_| (chosen("from", last - 1), chosen("to", last)));
    let diff = resource(
        move || pair.get(),
        move |(from, to)| compare_versions(case_id, directive_id, from, to),
    );
    let (from, to) = pair.get_untracked();
    view! {
        <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">"What changed"</h2>
            <form method="get" class="filters" aria-label="Compare versions">
                <div class="field">
                    <label for="compare-from">"From version"</label>
                    <select id="compare-from" name="from">
                        {numbers.iter().map(|n| view! { <option value=*n selected=*n == from>{*n}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="compare-to">"To version"</label>
                    <select id="compare-to" name="to">
                        {numbers.iter().map(|n| view! { <option value=*n selected=*n == to>{*n}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">"Compare"</button>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Comparing…"</p> }>
                {move || Suspend::new(async move {
                    match diff.await {
                        Err(error) => view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> }.into_any(),
                        Ok(diff) => view! { <DiffView diff/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DiffView(diff: VersionDiff) -> impl IntoView {
    view! {
        <p class="hint">{format!("Version {} → version {}: removed words are struck through, added words underlined.", diff.from, diff.to)}</p>
        <p class="diff" data-testid="diff">
            {diff.text.into_iter().map(|part| match part.kind {
                DiffKind::Same => view! { <span>{part.text}</span> }.into_any(),
                DiffKind::Added => view! { <ins>{part.text}</ins> }.into_any(),
                DiffKind::Removed => view! { <del>{part.text}</del> }.into_any(),
            }).collect_view()}
        </p>
        {(!diff.changes.is_empty()).then(|| view! {
            <table class="table" data-testid="term-changes">
                <thead><tr><th scope="col">"Term"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                <tbody>
                    {diff.changes.into_iter().map(|c| view! {
                        <tr><th scope="row">{c.field}</th><td><del>{c.before}</del></td><td><ins>{c.after}</ins></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
fn AskForm(
    case_id: i32,
    directive_id: i32,
    ask: ServerAction<RequestClarification>,
) -> impl IntoView {
    let error = action_error(ask);
    view! {
        <details class="form-panel">
            <summary>"Ask the court to clarify this directive"</summary>
            <ActionForm action=ask attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="directive_id" value=directive_id/>
                <div class="field">
                    <label for="ask-quote">"The words in dispute, quoted from the directive"</label>
                    <input id="ask-quote" name="quote" required maxlength="1000" aria-invalid=invalid(error, "quote") aria-describedby="ask-quote-error"/>
                    <FieldError error field="quote" form="ask"/>
                </div>
                <div class="field">
                    <label for="ask-question">"Question"</label>
                    <textarea id="ask-question" name="question" rows="2" required aria-invalid=invalid(error, "question") aria-describedby="ask-question-error"></textarea>
                    <FieldError error field="question" form="ask"/>
                </div>
                <div class="field">
                    <label for="ask-grounds">"Grounds"</label>
                    <textarea id="ask-grounds" name="grounds" rows="3" required aria-invalid=invalid(error, "grounds") aria-describedby="ask-grounds-error"></textarea>
                    <FieldError error field="grounds" form="ask"/>
                </div>
                <div class="field">
                    <label for="ask-proposed">"Proposed interpretation"</label>
                    <textarea id="ask-proposed" name="proposed" rows="2" required aria-invalid=invalid(error, "proposed") aria-describedby="ask-proposed-error"></textarea>
                    <FieldError error field="proposed" form="ask"/>
                </div>
                <div class="field">
                    <label for="ask-exhibits">"Exhibits cited"</label>
                    <input id="ask-exhibits" name="exhibits" aria-invalid=invalid(error, "exhibits") aria-describedby="ask-exhibits-error"/>
                    <FieldError error field="exhibits" form="ask"/>
                </div>
                <div class="choice">
                    <input type="checkbox" id="ask-file_now" name="file_now" value="1" checked=true/>
                    <label for="ask-file_now">"File it now (untick to keep a draft only your party sees)"</label>
                </div>
                <button type="submit" class="button" disabled=move || ask.pending().get()>"Submit the request"</button>
            </ActionForm>
        </details>
    }
}

/// Edits a directive of a draft order: its number and terms, replaced in place.
#[allow(clippy::too_many_arguments)]
#[component]
fn EditDraftForm(
    case_id: i32,
    order_id: i32,
    revision: i32,
    directive_id: i32,
    label: String,
    parties: Vec<crate::model::PartyChoice>,
    initial: Initial,
    edit: ServerAction<EditDirective>,
) -> impl IntoView {
    let error = action_error(edit);
    let done = move || matches!(edit.value().get(), Some(Ok(())));
    view! {
        <details class="form-panel" open=error.get_untracked().is_some()>
            <summary>"Edit this directive of the draft"</summary>
            {move || done().then(|| view! { <p class="alert alert-ok" role="status">"The draft's directive is changed."</p> })}
            <ActionForm action=edit attr:class="form" attr:novalidate=true>
                <FormError error/>
                <FieldError error field="order" form="edit"/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="order_id" value=order_id/>
                <input type="hidden" name="revision" value=revision/>
                <input type="hidden" name="directive_id" value=directive_id/>
                <div class="field">
                    <label for="edit-label">"Number, as the order gives it"</label>
                    <input id="edit-label" name="label" required maxlength="24" value=label aria-invalid=invalid(error, "label") aria-describedby="edit-label-error"/>
                    <FieldError error field="label" form="edit"/>
                </div>
                <TermsFields parties error initial/>
                <button type="submit" class="button" disabled=move || edit.pending().get()>"Save the directive"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn CorrectForm(
    case_id: i32,
    directive_id: i32,
    version: i32,
    parties: Vec<crate::model::PartyChoice>,
    initial: Initial,
    correct: ServerAction<CorrectDirective>,
) -> impl IntoView {
    let error = action_error(correct);
    let done = move || correct.value().get().and_then(Result::ok);
    view! {
        <details class="form-panel">
            <summary>"Correct how the registry recorded this directive"</summary>
            {move || done().map(|n| view! { <p class="alert alert-ok" role="status">{format!("Recorded as version {n}.")}</p> })}
            <ActionForm action=correct attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="directive_id" value=directive_id/>
                <input type="hidden" name="version" value=version/>
                <TermsFields parties error initial/>
                <div class="field">
                    <label for="correct-reason_note">"What was wrong"</label>
                    <textarea id="correct-reason_note" name="reason_note" rows="2" required aria-invalid=invalid(error, "reason_note") aria-describedby="correct-reason_note-error"></textarea>
                    <FieldError error field="reason_note" form="correct"/>
                </div>
                <div class="choice">
                    <input type="checkbox" id="correct-carry" name="carry" value="on" checked=true/>
                    <label for="correct-carry">"Compliance carries over to the corrected version"</label>
                </div>
                <div class="field">
                    <ActedAt id="correct-acted_at".to_owned() label="When the court made the correction (if not now)"/>
                    <FieldError error field="acted_at" form="correct"/>
                </div>
                <button type="submit" class="button" disabled=move || correct.pending().get()>"Record the correction"</button>
            </ActionForm>
        </details>
    }
}

/// When the court acted, for a form that records it after the fact: empty means now.
#[component]
pub fn ActedAt(id: String, label: &'static str) -> impl IntoView {
    let hint = format!("{id}-hint");
    let described = format!("{id}-hint {id}-error");
    view! {
        <label for=id.clone()>{label}</label>
        <input type="datetime-local" id=id name="acted_at" aria-describedby=described/>
        <p class="hint" id=hint>"In the court's time. Leave empty if it is happening now; deadlines are judged by this date."</p>
    }
}
