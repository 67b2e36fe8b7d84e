//! The station register a case uses: chosen from the registers imported on the command line
//! (`scrutiny-portal stations import`), which the case's administration page loads with it.

use crate::api::admin::SetRegister;
use crate::components::feedback::{FieldError, FormError, action_error, invalid};
use crate::model::RegisterView;
use leptos::prelude::*;

#[component]
pub fn RegisterSection(
    case_id: i32,
    revision: i32,
    current: Option<RegisterView>,
    choices: Vec<RegisterView>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let set = ServerAction::<SetRegister>::new();
    Effect::new(move |_| {
        if matches!(set.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let error = action_error(set);
    let current_id = current.as_ref().map(|r| r.election_id);
    view! {
        <section aria-labelledby="register-heading">
            <h2 id="register-heading">"Station register"</h2>
            {match &current {
                Some(r) => view! { <p>{format!("Polling station codes are checked against the register of {} ({} stations).", r.name, r.stations)}</p> }.into_any(),
                None => view! { <p class="empty">"No station register: polling station codes are checked by shape only (15 digits, a real county and constituency)."</p> }.into_any(),
            }}
            <ActionForm action=set attr:class="form inline-form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="revision" value=revision/>
                <div class="field">
                    <label for="register-election">"Register"</label>
                    <select id="register-election" name="election_id" aria-invalid=invalid(error, "election_id") aria-describedby="register-election_id-hint register-election_id-error">
                        <option value="">"None (codes checked by shape only)"</option>
                        {choices.into_iter().map(|r| view! {
                            <option value=r.election_id selected=Some(r.election_id) == current_id>
                                {format!("{} ({} stations)", r.name, r.stations)}
                            </option>
                        }).collect_view()}
                    </select>
                    <p class="hint" id="register-election_id-hint">"Registers are imported from CSV on the server: scrutiny-portal stations import --help."</p>
                    <FieldError error field="election_id" form="register"/>
                </div>
                <button type="submit" class="button" disabled=move || set.pending().get()>"Use this register"</button>
            </ActionForm>
        </section>
    }
}
