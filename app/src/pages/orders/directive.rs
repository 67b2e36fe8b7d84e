//! A directive: the version in force, its history, each obliged party's compliance (with
//! the registrar's assessment and the court's excuse), and the responses filed on it.

use crate::api::orders::{AssessCompliance, ExcuseObligation, load_directive};
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::{FormError, LoadError, action_error};
use crate::error::AppError;
use crate::model::{DirectiveDetail, ObligationView, VersionView};
use crate::pages::case::{id_param, named_id_param};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn DirectivePage() -> impl IntoView {
    let case_id = id_param();
    let directive_id = named_id_param("directive");
    let assess = ServerAction::<AssessCompliance>::new();
    let excuse = ServerAction::<ExcuseObligation>::new();
    let detail = Resource::new(
        move || {
            (
                case_id.get(),
                directive_id.get(),
                assess.version().get(),
                excuse.version().get(),
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
                    Ok(d) => view! { <Directive d assess excuse/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Terms(v: VersionView) -> impl IntoView {
    view! {
        <p class="directive-text" data-testid="directive-text">{v.text.clone()}</p>
        <dl class="facts compact">
            {v.window_opens.clone().map(|w| view! { <dt>"Window opens"</dt><dd>{w}</dd> })}
            <dt>"Deadline"</dt><dd>{v.deadline.clone().unwrap_or_else(|| "None set".to_owned())}</dd>
            {(!v.third_parties.is_empty()).then(|| view! { <dt>"Third parties"</dt><dd>{v.third_parties.join("; ")}</dd> })}
            {(!v.limits.is_empty()).then(|| view! { <dt>"Limits"</dt><dd>{v.limits.clone()}</dd> })}
            <dt>"Sealing"</dt><dd><TierBadge tier=v.tier/></dd>
            <dt>"Version"</dt>
            <dd>
                {format!("{} — {}, {} by {}", v.number, v.reason.label(), v.created_at, v.created_by)}
                {(!v.reason_note.is_empty()).then(|| view! { <br/><span class="hint">{v.reason_note.clone()}</span> })}
                {(v.number > 1).then(|| view! { <br/><span class="hint">{if v.carries_compliance { "Compliance carried over from the previous version." } else { "Compliance started again with this version." }}</span> })}
            </dd>
        </dl>
    }
}

#[component]
fn Directive(
    d: DirectiveDetail,
    assess: ServerAction<AssessCompliance>,
    excuse: ServerAction<ExcuseObligation>,
) -> impl IntoView {
    let case_id = d.case.id;
    let assess_error = action_error(assess);
    let excuse_error = action_error(excuse);
    let earlier: Vec<VersionView> = d
        .versions
        .iter()
        .filter(|v| v.number != d.current.number)
        .cloned()
        .collect();
    let (may_assess, may_excuse) = (d.may_assess, d.may_excuse);
    view! {
        <Title text=format!("Directive {} · {}", d.label, d.case.number)/>
        <CaseNav case=d.case.clone()/>
        <p><A href=format!("/cases/{case_id}/orders/{}", d.order_id)>{format!("← {}", d.order_title)}</A></p>
        <h1>{format!("Directive {}", d.label)}</h1>
        <Terms v=d.current.clone()/>

        <section aria-labelledby="compliance-heading">
            <h2 id="compliance-heading">"Compliance"</h2>
            <FormError error=assess_error/>
            <FormError error=excuse_error/>
            <table class="table" data-testid="obligations">
                <thead><tr>
                    <th scope="col">"Party"</th><th scope="col">"Office responsible"</th>
                    <th scope="col">"Status"</th><th scope="col">"Time"</th><th scope="col">"Reason"</th>
                    {(may_assess || may_excuse).then(|| view! { <th scope="col">"Record"</th> })}
                </tr></thead>
                <tbody>
                    {d.obligations.into_iter().map(|o| view! {
                        <Obligation case_id o may_assess may_excuse assess excuse/>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

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
                        {d.responses.into_iter().map(|r| view! {
                            <li>
                                <A href=format!("/cases/{case_id}/responses/{}", r.id)>{r.title.clone()}</A>
                                {format!(" — {} from {}, {}", r.kind.label(), r.from, r.filed_at)}
                                " "<TierBadge tier=r.tier/>
                                {(!r.evidence.is_empty()).then(|| view! {
                                    <span class="cites">" cites "{r.evidence.iter().map(|e| e.code.clone()).collect::<Vec<_>>().join(", ")}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        {(!earlier.is_empty()).then(|| view! {
            <section aria-labelledby="versions-heading">
                <h2 id="versions-heading">"Earlier versions"</h2>
                {earlier.into_iter().rev().map(|v| view! {
                    <details class="version">
                        <summary>{format!("Version {} — {}, {}", v.number, v.reason.label(), v.created_at)}</summary>
                        <Terms v/>
                    </details>
                }).collect_view()}
            </section>
        })}
    }
}

#[component]
fn Obligation(
    case_id: i32,
    o: ObligationView,
    may_assess: bool,
    may_excuse: bool,
    assess: ServerAction<AssessCompliance>,
    excuse: ServerAction<ExcuseObligation>,
) -> impl IntoView {
    let assessable = !o.state.is_final();
    let id = o.id;
    view! {
        <tr data-party=o.party.clone()>
            <th scope="row">{o.party.clone()}</th>
            <td>{if o.office.is_empty() { "—".to_owned() } else { o.office.clone() }}</td>
            <td><span class=format!("status status-{}", o.state.as_str())>{o.state.label()}</span></td>
            <td class=if o.overdue { "overdue" } else { "" }>{o.deadline_words.clone().unwrap_or_default()}</td>
            <td>{o.reason.clone()}</td>
            {(may_assess || may_excuse).then(|| view! {
                <td>
                    {(may_assess && assessable).then(|| view! {
                        <ActionForm action=assess attr:class="cell-form">
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="obligation_id" value=id/>
                            <input type="hidden" name="revision" value=o.revision/>
                            <label for=format!("finding-{id}")>"Finding"</label>
                            <select id=format!("finding-{id}") name="finding">
                                <option value="complied">"Complied"</option>
                                <option value="partly_complied">"Partly complied"</option>
                                <option value="not_complied">"Not complied"</option>
                            </select>
                            <label for=format!("reason-{id}")>"Reason"</label>
                            <textarea id=format!("reason-{id}") name="reason" rows="2" maxlength="5000" required></textarea>
                            <button type="submit" class="button">"Record the assessment"</button>
                        </ActionForm>
                    })}
                    {(may_excuse && assessable).then(|| view! {
                        <ActionForm action=excuse attr:class="cell-form">
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="obligation_id" value=id/>
                            <input type="hidden" name="revision" value=o.revision/>
                            <label for=format!("excuse-{id}")>"Ruling excusing the party"</label>
                            <textarea id=format!("excuse-{id}") name="reason" rows="2" maxlength="5000" required></textarea>
                            <button type="submit" class="button button-secondary">"Excuse"</button>
                        </ActionForm>
                    })}
                </td>
            })}
        </tr>
    }
}
