//! The objections disputing a task's verified finding, and the form counsel use to file
//! one: an ordinary objection (docketed, sealed no more openly than the directive, citing
//! exhibits by code) tied to the finding version they read.

use crate::api::responses::FileResponse;
use crate::components::feedback::{FieldError, FormError, action_error, invalid};
use crate::model::{DisputeForm, TaskDetail};
use domain::evidence::SealingTier;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Disputes(d: TaskDetail) -> impl IntoView {
    let case_id = d.case.id;
    let disputes = d.work.disputes.clone();
    let form = d.work.dispute_form.clone();
    (!disputes.is_empty() || form.is_some()).then(|| {
        view! {
            <section aria-labelledby="disputes-heading">
                <h2 id="disputes-heading">"Disputes"</h2>
                {if disputes.is_empty() {
                    view! { <p class="empty">"No party has disputed this finding."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="finding-disputes">
                            {disputes.into_iter().map(|r| view! {
                                <li>
                                    <A href=format!("/cases/{case_id}/responses/{}", r.response_id)>{r.title}</A>
                                    <span class="meta">{format!(" · {} · {} · on version {}", r.from, r.filed_at, r.version)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {form.map(|form| view! { <DisputeFinding case_id form/> })}
            </section>
        }
    })
}

#[component]
fn DisputeFinding(case_id: i32, form: DisputeForm) -> impl IntoView {
    let action = ServerAction::<FileResponse>::new();
    let error = action_error(action);
    // As on the response form: sealed as the directive, and at least for the parties.
    let default_tier = form
        .tiers
        .iter()
        .find(|t| t.value == SealingTier::Parties.as_str())
        .or(form.tiers.first())
        .map(|t| t.value.clone())
        .unwrap_or_default();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>{format!("Dispute version {} of this finding", form.version)}</h3>
            <p class="hint">{format!(
                "Filed for {} as an objection on directive {}, on the docket. Cite photographs or scans by their exhibit codes; upload them to the evidence register first.",
                form.party, form.directive_label
            )}</p>
            <FormError error/>
            <input type="hidden" name="case_id" value=case_id/>
            <input type="hidden" name="kind" value="objection"/>
            <input type="hidden" name="party" value=form.party_id/>
            <input type="hidden" name="third_party" value=""/>
            <input type="hidden" name=format!("directives[{}]", form.directive_id) value="on"/>
            <input type="hidden" name="finding" value=form.finding_id/>
            <FieldError error field="finding" form="dispute"/>
            <FieldError error field="directives" form="dispute"/>
            <div class="field">
                <label for="dispute-title">"Title"</label>
                <input id="dispute-title" name="title" required maxlength="300"
                    aria-invalid=invalid(error, "title") aria-describedby="dispute-title-error"/>
                <FieldError error field="title" form="dispute"/>
            </div>
            <div class="field">
                <label for="dispute-body">"Grounds"</label>
                <textarea id="dispute-body" name="body" rows="5" required maxlength="50000"
                    aria-invalid=invalid(error, "body") aria-describedby="dispute-body-error"></textarea>
                <FieldError error field="body" form="dispute"/>
            </div>
            <div class="field">
                <label for="dispute-exhibits">"Exhibits cited (optional)"</label>
                <input id="dispute-exhibits" name="exhibits"
                    aria-invalid=invalid(error, "exhibits") aria-describedby="dispute-exhibits-error"/>
                <FieldError error field="exhibits" form="dispute"/>
            </div>
            <fieldset class="field">
                <legend>"Who may read it"</legend>
                {form.tiers.into_iter().map(|t| {
                    let id = format!("dispute-tier-{}", t.value);
                    let checked = t.value == default_tier;
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="tier" value=t.value checked=checked/>
                            <label for=id>{t.label}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldError error field="tier" form="dispute"/>
            </fieldset>
            <button type="submit" class="button" disabled=move || action.pending().get()>"File the objection"</button>
        </ActionForm>
    }
}
