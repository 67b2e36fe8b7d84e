//! A task's work on its page: the sittings with their remarks, the finding versions with
//! their signatures, and the forms of those who record, remark and sign. What each reader
//! may do comes from the server (`TaskWork`), decided by the rules that enforce it.

use crate::api::findings::{
    EnterTally, RecordSitting, RemarkOnSitting, SignFinding, SubmitFinding,
};
use crate::components::feedback::{FieldError, FormError, action_error, invalid};
use crate::model::{FindingView, SittingView, TaskDetail};
use domain::findings::{Anomaly, Book2Status, FindingBody};
use leptos::prelude::*;
use leptos_router::components::A;

/// The actions of the work forms, made once by the page so its data reloads after each.
#[derive(Clone, Copy)]
pub struct WorkActions {
    pub sitting: ServerAction<RecordSitting>,
    pub remark: ServerAction<RemarkOnSitting>,
    pub tally: ServerAction<EnterTally>,
    pub finding: ServerAction<SubmitFinding>,
    pub sign: ServerAction<SignFinding>,
}

impl Default for WorkActions {
    fn default() -> Self {
        WorkActions {
            sitting: ServerAction::new(),
            remark: ServerAction::new(),
            tally: ServerAction::new(),
            finding: ServerAction::new(),
            sign: ServerAction::new(),
        }
    }
}

impl WorkActions {
    /// Grows whenever one of them completes.
    pub fn version(self) -> usize {
        self.sitting.version().get()
            + self.remark.version().get()
            + self.tally.version().get()
            + self.finding.version().get()
            + self.sign.version().get()
    }
}

#[component]
pub fn Sittings(d: TaskDetail, actions: WorkActions) -> impl IntoView {
    let w = d.work.clone();
    let remarkable: Vec<(i32, String)> = w
        .sittings
        .iter()
        .filter(|s| s.may_remark)
        .map(|s| (s.id, format!("Sitting S-{}, {}", s.id, s.when)))
        .collect();
    view! {
        <section aria-labelledby="sittings-heading">
            <h2 id="sittings-heading">"Sittings"</h2>
            {if w.sittings.is_empty() {
                view! { <p class="empty">"No sitting has been recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="sittings" data-testid="sittings">
                        {w.sittings.iter().cloned().map(|s| view! { <Sitting s/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(!remarkable.is_empty()).then(|| view! { <RemarkForm d=d.clone() sittings=remarkable action=actions.remark/> })}
            {w.may_record.then(|| view! { <SittingForm d=d.clone() action=actions.sitting/> })}
        </section>
    }
}

#[component]
fn Sitting(s: SittingView) -> impl IntoView {
    view! {
        <li class="sitting" id=format!("sitting-{}", s.id)>
            <h3>{format!("S-{} · {}", s.id, s.when)}</h3>
            {s.corrects.map(|c| view! { <p class="hint">{format!("Corrects sitting S-{c}.")}</p> })}
            {s.corrected_by.map(|c| view! { <p class="notice">{format!("Corrected by sitting S-{c}: read that entry.")}</p> })}
            <dl class="facts">
                <dt>"Officers present"</dt>
                <dd>{s.officers.join(", ")}</dd>
                <dt>"Agents present"</dt>
                <dd>{if s.agents.is_empty() { "None".to_owned() } else { s.agents.join(", ") }}</dd>
                {(!s.refused.is_empty()).then(|| view! { <dt>"Refused"</dt><dd>{s.refused.clone()}</dd> })}
                {(!s.observations.is_empty()).then(|| view! { <dt>"Observations"</dt><dd class="prose">{s.observations.clone()}</dd> })}
            </dl>
            {(!s.items.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table>
                        <caption>"Opened or accessed"</caption>
                        <thead><tr><th scope="col">"What"</th><th scope="col">"Seal found"</th><th scope="col">"Seal put on"</th></tr></thead>
                        <tbody>
                            {s.items.iter().map(|i| view! {
                                <tr><td>{i.label.clone()}</td><td>{i.seal_found.clone()}</td><td>{i.seal_applied.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!s.remarks.is_empty()).then(|| view! {
                <ul class="remarks" data-testid="sitting-remarks">
                    {s.remarks.iter().map(|r| view! {
                        <li>
                            <span class="meta">{format!("{} · {}", r.at, r.by)}</span>" "
                            <strong>{if r.objects { "Objects" } else { "No objection" }}</strong>
                            {(!r.text.is_empty()).then(|| view! { <span>{format!(": {}", r.text)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <p class="meta">{s.recorded.clone()}</p>
        </li>
    }
}

#[component]
fn RemarkForm(
    d: TaskDetail,
    sittings: Vec<(i32, String)>,
    action: ServerAction<RemarkOnSitting>,
) -> impl IntoView {
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>"Your remark on a sitting you attended"</h3>
            <FormError error/>
            <input type="hidden" name="case_id" value=d.case.id/>
            <input type="hidden" name="task_id" value=d.task.id/>
            <div class="field">
                <label for="remark-sitting">"Sitting"</label>
                <select id="remark-sitting" name="sitting_id">
                    {sittings.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>"Your position"</legend>
                <div class="choice">
                    <input type="radio" id="remark-none" name="objects" value="no" checked=true/>
                    <label for="remark-none">"No objection"</label>
                </div>
                <div class="choice">
                    <input type="radio" id="remark-object" name="objects" value="yes"/>
                    <label for="remark-object">"I object"</label>
                </div>
            </fieldset>
            <div class="field">
                <label for="remark-text">"Remark"</label>
                <textarea id="remark-text" name="remark" rows="3" maxlength="8000"
                    aria-invalid=invalid(error, "remark") aria-describedby="remark-remark-error"></textarea>
                <FieldError error field="remark" form="remark"/>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Add the remark"</button>
        </ActionForm>
    }
}

#[component]
fn SittingForm(d: TaskDetail, action: ServerAction<RecordSitting>) -> impl IntoView {
    let error = action_error(action);
    let w = d.work.clone();
    let correctable: Vec<i32> = w
        .sittings
        .iter()
        .filter(|s| s.corrected_by.is_none())
        .map(|s| s.id)
        .collect();
    let may_correct = d.task.state.takes_work() && !correctable.is_empty();
    (w.may_start || may_correct).then(|| view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>"Record a sitting"</h3>
            <FormError error/>
            <input type="hidden" name="case_id" value=d.case.id/>
            <input type="hidden" name="task_id" value=d.task.id/>
            <input type="hidden" name="revision" value=d.task.revision/>
            {may_correct.then(|| view! {
                <div class="field">
                    <label for="sitting-corrects">"This entry"</label>
                    <select id="sitting-corrects" name="corrects" aria-invalid=invalid(error, "corrects") aria-describedby="sitting-corrects-hint sitting-corrects-error">
                        {w.may_start.then(|| view! { <option value="">"Records a new sitting"</option> })}
                        {correctable.iter().map(|id| view! { <option value=*id>{format!("Corrects sitting S-{id}")}</option> }).collect_view()}
                    </select>
                    <p class="hint" id="sitting-corrects-hint">"A correction is a new entry: the one it corrects stays on the record, marked."</p>
                    <FieldError error field="corrects" form="sitting"/>
                </div>
            })}
            <div class="field-row">
                <div class="field">
                    <label for="sitting-started">"Started (court's time)"</label>
                    <input type="datetime-local" id="sitting-started" name="started"
                        aria-invalid=invalid(error, "started") aria-describedby="sitting-started-error"/>
                    <FieldError error field="started" form="sitting"/>
                </div>
                <div class="field">
                    <label for="sitting-ended">"Ended (court's time)"</label>
                    <input type="datetime-local" id="sitting-ended" name="ended"
                        aria-invalid=invalid(error, "ended") aria-describedby="sitting-ended-error"/>
                    <FieldError error field="ended" form="sitting"/>
                </div>
            </div>
            <fieldset class="field" aria-describedby="sitting-officers-error">
                <legend>"Officers present"</legend>
                {w.officer_choices.iter().map(|o| {
                    let id = format!("sitting-officer-{}", o.value);
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=id.clone() name=format!("officers[{}]", o.value) value="on"/>
                            <label for=id>{o.label.clone()}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldError error field="officers" form="sitting"/>
            </fieldset>
            <fieldset class="field" aria-describedby="sitting-agents-error">
                <legend>"Agents present"</legend>
                {if w.agent_choices.is_empty() {
                    view! { <p class="hint">"No party has sent an agent to this task."</p> }.into_any()
                } else {
                    w.agent_choices.iter().map(|a| {
                        let id = format!("sitting-agent-{}", a.value);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("agents[{}]", a.value) value="on"/>
                                <label for=id>{a.label.clone()}</label>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <FieldError error field="agents" form="sitting"/>
            </fieldset>
            <fieldset class="field" aria-describedby="sitting-items-error">
                <legend>"Opened or accessed, with seal numbers"</legend>
                {["r1", "r2", "r3", "r4"].into_iter().enumerate().map(|(n, row)| view! {
                    <div class="field-row">
                        <div class="field">
                            <label for=format!("item-label-{row}")>{format!("Item {}", n + 1)}</label>
                            <input id=format!("item-label-{row}") name=format!("item_label[{row}]") maxlength="200" placeholder="Ballot box 1 of 2, or a server's name"/>
                        </div>
                        <div class="field">
                            <label for=format!("item-found-{row}")>"Seal found"</label>
                            <input id=format!("item-found-{row}") name=format!("seal_found[{row}]") maxlength="64"/>
                        </div>
                        <div class="field">
                            <label for=format!("item-applied-{row}")>"Seal put on after"</label>
                            <input id=format!("item-applied-{row}") name=format!("seal_applied[{row}]") maxlength="64"/>
                        </div>
                    </div>
                }).collect_view()}
                <FieldError error field="items" form="sitting"/>
            </fieldset>
            <div class="field">
                <label for="sitting-refused">"Refused, and by whom"</label>
                <textarea id="sitting-refused" name="refused" rows="2" maxlength="8000"
                    aria-invalid=invalid(error, "refused") aria-describedby="sitting-refused-error"></textarea>
                <FieldError error field="refused" form="sitting"/>
            </div>
            <div class="field">
                <label for="sitting-observations">"Observations"</label>
                <textarea id="sitting-observations" name="observations" rows="3" maxlength="8000"
                    aria-invalid=invalid(error, "observations") aria-describedby="sitting-observations-error"></textarea>
                <FieldError error field="observations" form="sitting"/>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Record the sitting"</button>
        </ActionForm>
    })
}

#[component]
pub fn Findings(d: TaskDetail, actions: WorkActions) -> impl IntoView {
    let w = d.work.clone();
    let case_id = d.case.id;
    view! {
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">"Findings"</h2>
            {if w.findings.is_empty() {
                view! { <p class="empty">"No finding has been submitted yet."</p> }.into_any()
            } else {
                let mut versions = w.findings.clone().into_iter();
                let latest = versions.next();
                let earlier: Vec<FindingView> = versions.collect();
                view! {
                    {latest.map(|f| view! { <div data-testid="finding-latest"><Finding f case_id/></div> })}
                    {(!earlier.is_empty()).then(|| view! {
                        <details>
                            <summary>{format!("Earlier versions ({})", earlier.len())}</summary>
                            {earlier.into_iter().map(|f| view! { <Finding f case_id/> }).collect_view()}
                        </details>
                    })}
                }.into_any()
            }}
            {w.may_sign.map(|version| view! { <SignForm d=d.clone() version action=actions.sign/> })}
            {(w.finding_form.as_deref() == Some("recount")).then(|| view! { <TallyForm d=d.clone() action=actions.tally/> })}
            {w.finding_form.clone().map(|kind| view! { <FindingForm d=d.clone() kind action=actions.finding/> })}
        </section>
    }
}

#[component]
fn Finding(f: FindingView, case_id: i32) -> impl IntoView {
    let body = match f.body.clone() {
        FindingBody::Forms(forms) => view! {
            <dl class="facts">
                {forms.book_2.map(|b| view! { <dt>"Form 34A Book 2"</dt><dd data-testid="finding-book-2">{b.label()}</dd> })}
                {forms.form_32a_present.map(|p| view! { <dt>"Form 32A"</dt><dd>{if p { "Present" } else { "Not in the box" }}</dd> })}
                <dt>"Anomalies"</dt>
                <dd>{if forms.anomalies.is_empty() {
                    "None".to_owned()
                } else {
                    forms.anomalies.iter().map(|a| a.label()).collect::<Vec<_>>().join("; ")
                }}</dd>
            </dl>
        }.into_any(),
        FindingBody::Recount(r) => {
            let total = r.total_variance();
            view! {
                <div class="table-wrap">
                    <table>
                        <caption>"Recount"</caption>
                        <thead><tr><th scope="col">"Candidate"</th><th scope="col" class="num">"Declared (Form 34A)"</th><th scope="col" class="num">"Recounted"</th><th scope="col" class="num">"Variance"</th></tr></thead>
                        <tbody>
                            {r.counts.iter().map(|c| view! {
                                <tr><td>{c.candidate.clone()}</td><td class="num">{c.declared}</td><td class="num">{c.recounted}</td><td class="num">{format!("{:+}", c.variance())}</td></tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr><th scope="row">"Total"</th><td class="num">{r.total_declared()}</td><td class="num">{r.counts.iter().map(|c| u64::from(c.recounted)).sum::<u64>()}</td><td class="num">{format!("{total:+}")}</td></tr></tfoot>
                    </table>
                </div>
                <p>{format!("Rejected ballots: {}. Disputed ballots: {}.", r.rejected, r.disputed)}</p>
            }.into_any()
        }
        FindingBody::Server(s) => view! {
            <dl class="facts">
                <dt>"Servers made available"</dt>
                <dd>{format!("{} of the {} named", s.servers_made_available, s.servers_named)}</dd>
                {(!s.refused.is_empty()).then(|| view! { <dt>"Refused"</dt><dd>{s.refused.clone()}</dd> })}
            </dl>
        }.into_any(),
        FindingBody::Other { .. } => ().into_any(),
    };
    let notes = f.body.notes().to_owned();
    let exhibits = f.exhibits.clone();
    let signatures = f.signatures.clone();
    view! {
        <article class="finding">
            <h3>{format!("Version {}", f.version)}</h3>
            <p class="meta">{format!("Submitted {}", f.recorded)}</p>
            {(!f.change_note.is_empty()).then(|| view! { <p><strong>"What changed: "</strong>{f.change_note.clone()}</p> })}
            {body}
            {(!notes.is_empty()).then(|| view! { <p class="prose">{notes}</p> })}
            {(!exhibits.is_empty()).then(|| view! {
                <p>"Evidence: "
                    {exhibits.into_iter().map(|e| view! {
                        <A href=format!("/cases/{case_id}/evidence/{}", e.id) attr:title=e.title>{e.code}</A>" "
                    }).collect_view()}
                </p>
            })}
            <h4>"Signatures"</h4>
            {if signatures.is_empty() {
                view! { <p class="empty">"Nobody present has signed this version yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="signatures" data-testid="finding-signatures">
                        {signatures.into_iter().map(|s| view! {
                            <li>
                                <span class="meta">{format!("{} · {}", s.at, s.by)}</span>" "
                                <strong>{if s.agrees { "Agrees" } else { "Objects" }}</strong>
                                {(!s.remark.is_empty()).then(|| view! { <span>{format!(": {}", s.remark)}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </article>
    }
}

#[component]
fn SignForm(d: TaskDetail, version: i32, action: ServerAction<SignFinding>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>{format!("Sign version {version}")}</h3>
            <FormError error/>
            <input type="hidden" name="case_id" value=d.case.id/>
            <input type="hidden" name="task_id" value=d.task.id/>
            <input type="hidden" name="version" value=version/>
            <fieldset class="field" aria-describedby="sign-signature-error">
                <legend>"You were present: do you agree with this finding?"</legend>
                <div class="choice">
                    <input type="radio" id="sign-agree" name="signature" value="agree" checked=true/>
                    <label for="sign-agree">"I agree"</label>
                </div>
                <div class="choice">
                    <input type="radio" id="sign-object" name="signature" value="object"/>
                    <label for="sign-object">"I object"</label>
                </div>
                <FieldError error field="signature" form="sign"/>
            </fieldset>
            <div class="field">
                <label for="sign-remark">"Remark (required to object)"</label>
                <textarea id="sign-remark" name="remark" rows="2" maxlength="8000"
                    aria-invalid=invalid(error, "remark") aria-describedby="sign-remark-error"></textarea>
                <FieldError error field="remark" form="sign"/>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Sign"</button>
        </ActionForm>
    }
}

#[component]
fn TallyForm(d: TaskDetail, action: ServerAction<EnterTally>) -> impl IntoView {
    let error = action_error(action);
    let w = d.work.clone();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>{format!("Your tally for version {}", w.next_version)}</h3>
            <p class="hint">"Two people count independently; the finding is submitted once their tallies agree."</p>
            {if w.tallies.is_empty() {
                view! { <p class="empty">"No tally entered yet."</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="tallies">
                        {w.tallies.iter().map(|t| view! { <li>{format!("{} · {}", t.at, t.by)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!w.mismatches.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="mismatches">
                    <p><strong>"The latest two tallies differ:"</strong></p>
                    <ul>
                        {w.mismatches.iter().map(|m| {
                            let show = |v: Option<u32>| v.map_or_else(|| "not counted".to_owned(), |v| v.to_string());
                            view! { <li>{format!("{}: {} against {}", m.line, show(m.first), show(m.second))}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <FormError error/>
            <input type="hidden" name="case_id" value=d.case.id/>
            <input type="hidden" name="task_id" value=d.task.id/>
            <div class="field">
                <label for="tally-votes">"Votes recounted, one candidate a line"</label>
                <textarea id="tally-votes" name="votes" rows="5" placeholder="Raila Odinga: 201"
                    aria-invalid=invalid(error, "votes") aria-describedby="tally-votes-error"></textarea>
                <FieldError error field="votes" form="tally"/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="tally-rejected">"Rejected ballots"</label>
                    <input id="tally-rejected" name="rejected" inputmode="numeric"
                        aria-invalid=invalid(error, "rejected") aria-describedby="tally-rejected-error"/>
                    <FieldError error field="rejected" form="tally"/>
                </div>
                <div class="field">
                    <label for="tally-disputed">"Disputed ballots"</label>
                    <input id="tally-disputed" name="disputed" inputmode="numeric"
                        aria-invalid=invalid(error, "disputed") aria-describedby="tally-disputed-error"/>
                    <FieldError error field="disputed" form="tally"/>
                </div>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Enter the tally"</button>
        </ActionForm>
    }
}

#[component]
fn FindingForm(d: TaskDetail, kind: String, action: ServerAction<SubmitFinding>) -> impl IntoView {
    let error = action_error(action);
    let w = d.work.clone();
    let fields = match kind.as_str() {
        "forms" => view! {
            {w.asks_book_2.then(|| view! {
                <fieldset class="field" aria-describedby="finding-book_2-error">
                    <legend>"Form 34A Book 2"</legend>
                    {Book2Status::ALL.iter().map(|b| {
                        let id = format!("finding-book-2-{}", b.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="book_2" value=b.as_str()/>
                                <label for=id>{b.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <FieldError error field="book_2" form="finding"/>
                </fieldset>
            })}
            {w.asks_form_32a.then(|| view! {
                <fieldset class="field" aria-describedby="finding-form_32a_present-error">
                    <legend>"Form 32A"</legend>
                    <div class="choice">
                        <input type="radio" id="finding-32a-present" name="form_32a" value="present"/>
                        <label for="finding-32a-present">"Present"</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="finding-32a-absent" name="form_32a" value="absent"/>
                        <label for="finding-32a-absent">"Not in the box"</label>
                    </div>
                    <FieldError error field="form_32a_present" form="finding"/>
                </fieldset>
            })}
            <fieldset class="field">
                <legend>"Anomalies found"</legend>
                {Anomaly::ALL.iter().map(|a| {
                    let id = format!("finding-anomaly-{}", a.as_str());
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=id.clone() name=format!("anomalies[{}]", a.as_str()) value="on"/>
                            <label for=id>{a.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }.into_any(),
        "recount" => view! {
            <FieldError error field="counts" form="finding"/>
            <div class="field">
                <label for="finding-declared">"Votes declared on Form 34A, one candidate a line"</label>
                <textarea id="finding-declared" name="declared" rows="5" placeholder="Raila Odinga: 203"
                    aria-invalid=invalid(error, "declared") aria-describedby="finding-declared-hint finding-declared-error"></textarea>
                <p class="hint" id="finding-declared-hint">"The recounted figures come from the agreed tallies; the variance is computed."</p>
                <FieldError error field="declared" form="finding"/>
            </div>
        }.into_any(),
        "server" => view! {
            <div class="field-row">
                <div class="field">
                    <label for="finding-servers-named">"Servers the directive named"</label>
                    <input id="finding-servers-named" name="servers_named" inputmode="numeric"
                        aria-invalid=invalid(error, "servers_named") aria-describedby="finding-servers_named-error"/>
                    <FieldError error field="servers_named" form="finding"/>
                </div>
                <div class="field">
                    <label for="finding-servers-available">"Made available"</label>
                    <input id="finding-servers-available" name="servers_made_available" inputmode="numeric"
                        aria-invalid=invalid(error, "servers_made_available") aria-describedby="finding-servers_made_available-error"/>
                    <FieldError error field="servers_made_available" form="finding"/>
                </div>
            </div>
            <div class="field">
                <label for="finding-refused">"Refused, and by whom"</label>
                <textarea id="finding-refused" name="refused" rows="2" maxlength="8000"
                    aria-invalid=invalid(error, "refused") aria-describedby="finding-refused-error"></textarea>
                <FieldError error field="refused" form="finding"/>
            </div>
        }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>{format!("Submit the findings (version {})", w.next_version)}</h3>
            <FormError error/>
            <FieldError error field="kind" form="finding"/>
            <input type="hidden" name="case_id" value=d.case.id/>
            <input type="hidden" name="task_id" value=d.task.id/>
            <input type="hidden" name="revision" value=d.task.revision/>
            {fields}
            <div class="field">
                <label for="finding-notes">{if kind == "other" { "What was found" } else { "Notes" }}</label>
                <textarea id="finding-notes" name="notes" rows="4" maxlength="8000"
                    aria-invalid=invalid(error, "notes") aria-describedby="finding-notes-error"></textarea>
                <FieldError error field="notes" form="finding"/>
            </div>
            <div class="field">
                <label for="finding-exhibits">"Evidence cited (exhibit codes)"</label>
                <input id="finding-exhibits" name="exhibits" placeholder="EXH-CRT-012, EXH-CRT-013"
                    aria-invalid=invalid(error, "exhibits") aria-describedby="finding-exhibits-hint finding-exhibits-error"/>
                <p class="hint" id="finding-exhibits-hint">"Upload photographs and scans to the evidence register first, then cite their codes."</p>
                <FieldError error field="exhibits" form="finding"/>
            </div>
            {(w.next_version > 1).then(|| view! {
                <div class="field">
                    <label for="finding-change-note">{format!("What changed since version {}, and why", w.next_version - 1)}</label>
                    <textarea id="finding-change-note" name="change_note" rows="2" maxlength="8000"
                        aria-invalid=invalid(error, "change_note") aria-describedby="finding-change_note-error"></textarea>
                    <FieldError error field="change_note" form="finding"/>
                </div>
            })}
            <button type="submit" class="button" disabled=move || action.pending().get()>"Submit the findings"</button>
        </ActionForm>
    }
}
