//! The fields of a directive's terms, shared by the form that adds a directive to a draft
//! order and the form that records a new version.

use crate::components::feedback::{FieldError, invalid};
use crate::error::AppError;
use crate::model::{ObligationView, PartyChoice, VersionView};
use domain::evidence::SealingTier;
use leptos::prelude::*;

/// The terms a form starts from: a version in force and whom it obliges.
#[derive(Clone, Debug)]
pub struct Initial {
    pub version: VersionView,
    pub obliged: Vec<ObligationView>,
}

/// Text, obliged parties with their offices, third parties, window and deadline, limits
/// and sealing. Field names match the server functions' arguments. With `initial`, every
/// field starts from those terms, so a new version is an edit of the one in force.
#[component]
pub fn TermsFields(
    parties: Vec<PartyChoice>,
    error: Signal<Option<AppError>>,
    #[prop(optional)] initial: Option<Initial>,
) -> impl IntoView {
    let text = initial
        .as_ref()
        .map(|i| i.version.text.clone())
        .unwrap_or_default();
    let third_parties = initial
        .as_ref()
        .map(|i| i.version.third_parties.join("\n"))
        .unwrap_or_default();
    let window = initial
        .as_ref()
        .map(|i| i.version.window_opens_input.clone())
        .unwrap_or_default();
    let deadline = initial
        .as_ref()
        .map(|i| i.version.deadline_input.clone())
        .unwrap_or_default();
    let limits = initial
        .as_ref()
        .map(|i| i.version.limits.clone())
        .unwrap_or_default();
    let agent_limit = initial
        .as_ref()
        .and_then(|i| i.version.agent_limit)
        .map(|n| n.to_string())
        .unwrap_or_default();
    let tier = initial
        .as_ref()
        .map_or(SealingTier::Public, |i| i.version.tier);
    let obliged = initial.map(|i| i.obliged).unwrap_or_default();
    let office_error = move |id: i32| {
        error
            .get()
            .and_then(|e| e.field(&format!("office[{id}]")))
            .map(|m| view! { <p class="field-error">{m}</p> })
    };
    view! {
        <div class="field">
            <label for="directive-text">"Text"</label>
            <textarea id="directive-text" name="text" rows="5" required maxlength="20000" aria-invalid=invalid(error, "text") aria-describedby="directive-text-error">{text}</textarea>
            <FieldError error field="text" form="directive"/>
        </div>
        <fieldset class="field" aria-describedby="directive-obliged-error">
            <legend>"Obliged parties, and the office responsible for each"</legend>
            {parties.into_iter().map(|p| {
                let check = format!("directive-obliged-{}", p.id);
                let office = format!("directive-office-{}", p.id);
                let id = p.id;
                let before = obliged.iter().find(|o| o.party_id == p.id);
                let was_obliged = before.is_some();
                let office_value = before.map(|o| o.office.clone()).unwrap_or_default();
                view! {
                    <div class="choice obligation-choice">
                        <input type="checkbox" id=check.clone() name=format!("obliged[{}]", p.id) value="on" checked=was_obliged/>
                        <label for=check>{format!("{} — {}", p.short_name, p.name)}</label>
                        <label for=office.clone() class="visually-hidden">{format!("Office responsible for {}", p.short_name)}</label>
                        <input id=office name=format!("office[{}]", p.id) maxlength="200" value=office_value placeholder="Office responsible (such as the Chief Executive Officer)"/>
                        {move || office_error(id)}
                    </div>
                }
            }).collect_view()}
            <FieldError error field="obliged" form="directive"/>
        </fieldset>
        <div class="field">
            <label for="directive-third_parties">"Third parties involved (one per line)"</label>
            <textarea id="directive-third_parties" name="third_parties" rows="2" aria-invalid=invalid(error, "third_parties") aria-describedby="directive-third_parties-error"
                placeholder="Smartmatic International Holding B.V.">{third_parties}</textarea>
            <FieldError error field="third_parties" form="directive"/>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="directive-window_opens">"Window opens (optional, court's time)"</label>
                <input id="directive-window_opens" name="window_opens" type="datetime-local" value=window aria-invalid=invalid(error, "window_opens") aria-describedby="directive-window_opens-error"/>
                <FieldError error field="window_opens" form="directive"/>
            </div>
            <div class="field">
                <label for="directive-deadline">"Deadline (court's time)"</label>
                <input id="directive-deadline" name="deadline" type="datetime-local" value=deadline aria-invalid=invalid(error, "deadline") aria-describedby="directive-deadline-error"/>
                <FieldError error field="deadline" form="directive"/>
            </div>
        </div>
        <div class="field">
            <label for="directive-limits">"Limits it sets"</label>
            <textarea id="directive-limits" name="limits" rows="2" maxlength="2000" aria-invalid=invalid(error, "limits") aria-describedby="directive-limits-error"
                placeholder="Under the Registrar's supervision">{limits}</textarea>
            <FieldError error field="limits" form="directive"/>
        </div>
        <div class="field">
            <label for="directive-agent_limit">"Agents each party may send to a task"</label>
            <input id="directive-agent_limit" name="agent_limit" type="number" min="0" max="20" step="1" inputmode="numeric" value=agent_limit
                aria-invalid=invalid(error, "agent_limit") aria-describedby="directive-agent_limit-hint directive-agent_limit-error"/>
            <p class="hint" id="directive-agent_limit-hint">"As the order sets it (two in 2022); empty when it sets no number. Nominating one more is refused."</p>
            <FieldError error field="agent_limit" form="directive"/>
        </div>
        <fieldset class="field">
            <legend>"Who may read it"</legend>
            {SealingTier::ALL.iter().map(|t| {
                let id = format!("directive-tier-{}", t.as_str());
                let hint = t.explanation();
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="tier" value=t.as_str() checked=*t == tier/>
                        <label for=id>{t.label()}<span class="hint">" — "{hint}</span></label>
                    </div>
                }
            }).collect_view()}
            <FieldError error field="tier" form="directive"/>
        </fieldset>
    }
}
