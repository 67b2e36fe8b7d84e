//! Creating one task, on the page that creates them from a paste: for what a list of
//! station codes cannot name (a ballot box, a server, an evidence item) or a single station.

use crate::api::tasks::CreateTask;
use crate::components::feedback::{FieldError, FormError, action_error, invalid};
use crate::model::TaskFormChoices;
use domain::tasks::{FormKind, ScopeKind, TaskKind};
use leptos::prelude::*;

#[component]
pub fn OneTaskForm(choices: TaskFormChoices) -> impl IntoView {
    let action = ServerAction::<CreateTask>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="one-task-heading">
            <h2 id="one-task-heading">"One task"</h2>
            <p>"For a ballot box, a server or an item of the evidence register, or a single station. Give the field its scope needs; the others are ignored."</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=choices.case.id/>
                <div class="field">
                    <label for="one-directive">"Directive"</label>
                    <select id="one-directive" name="directive_id" aria-invalid=invalid(error, "directive_id") aria-describedby="one-directive_id-error">
                        <option value="">"Choose the directive the task carries out"</option>
                        {choices.directives.iter().map(|d| view! { <option value=d.value.clone()>{d.label.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError error field="directive_id" form="one"/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="one-kind">"What the task does"</label>
                        <select id="one-kind" name="kind" aria-invalid=invalid(error, "kind") aria-describedby="one-kind-error">
                            {TaskKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                        </select>
                        <FieldError error field="kind" form="one"/>
                    </div>
                    <div class="field">
                        <label for="one-scope">"What it is about"</label>
                        <select id="one-scope" name="scope" aria-invalid=invalid(error, "scope") aria-describedby="one-scope-error">
                            {ScopeKind::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                        </select>
                        <FieldError error field="scope" form="one"/>
                    </div>
                </div>
                <fieldset class="field" aria-describedby="one-forms-error">
                    <legend>"Forms to inspect (for inspections)"</legend>
                    {FormKind::ALL.iter().map(|f| {
                        let id = format!("one-form-{}", f.as_str());
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("forms[{}]", f.as_str()) value="on"/>
                                <label for=id>{f.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <FieldError error field="forms" form="one"/>
                </fieldset>
                <div class="field-row">
                    <div class="field">
                        <label for="one-station">"Polling station code (a station or a ballot box)"</label>
                        <input id="one-station" name="station_code" inputmode="numeric" aria-invalid=invalid(error, "station_code") aria-describedby="one-station_code-error"/>
                        <FieldError error field="station_code" form="one"/>
                    </div>
                    <div class="field">
                        <label for="one-box">"Ballot box"</label>
                        <input id="one-box" name="ballot_box" maxlength="64" placeholder="Box 2 of 3" aria-invalid=invalid(error, "ballot_box") aria-describedby="one-ballot_box-error"/>
                        <FieldError error field="ballot_box" form="one"/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="one-server">"Server"</label>
                        <input id="one-server" name="server" maxlength="200" placeholder="The results transmission server" aria-invalid=invalid(error, "server") aria-describedby="one-server-error"/>
                        <FieldError error field="server" form="one"/>
                    </div>
                    <div class="field">
                        <label for="one-exhibit">"Evidence item (exhibit code)"</label>
                        <input id="one-exhibit" name="exhibit" placeholder="EXH-IEBC-004" aria-invalid=invalid(error, "exhibit") aria-describedby="one-exhibit-error"/>
                        <FieldError error field="exhibit" form="one"/>
                    </div>
                </div>
                <div class="field">
                    <label for="one-venue">"Venue (optional)"</label>
                    <input id="one-venue" name="venue" maxlength="300" aria-invalid=invalid(error, "venue") aria-describedby="one-venue-error"/>
                    <FieldError error field="venue" form="one"/>
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create the task"</button>
            </ActionForm>
        </section>
    }
}
