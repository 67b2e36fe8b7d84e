//! Recording an evidence item. Files are added on the item's page once it exists, so a
//! large upload never holds the rest of the form hostage.

use crate::api::evidence::{RecordEvidence, load_evidence_list};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{FieldError, FormError, LoadError, action_error, invalid};
use crate::error::AppError;
use crate::model::EvidenceList;
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::evidence::{EvidenceKind, SealingTier};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewEvidencePage() -> impl IntoView {
    let id = id_param();
    let record = ServerAction::<RecordEvidence>::new();
    let context = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_evidence_list(id, None, None, None, None, None, None).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.may_record_for.is_empty() => view! {
                        <LoadError error=AppError::Forbidden/>
                    }.into_any(),
                    Ok(list) => view! { <RecordForm list record/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RecordForm(list: EvidenceList, record: ServerAction<RecordEvidence>) -> impl IntoView {
    let error = action_error(record);
    let case_id = list.case.id;
    view! {
        <Title text=format!("Record evidence · {}", list.case.number)/>
        <CaseNav case=list.case.clone()/>
        <h1>"Record an evidence item"</h1>
        <ActionForm action=record attr:class="form" attr:novalidate=true>
            <FormError error/>
            <input type="hidden" name="case_id" value=case_id/>
            <div class="field">
                <label for="item-producer">"Produced by"</label>
                <select id="item-producer" name="producer" aria-invalid=invalid(error, "producer") aria-describedby="item-producer-error">
                    {list.may_record_for.iter().map(|p| match p {
                        None => view! { <option value="court">"The court"</option> }.into_any(),
                        Some(p) => view! { <option value=p.id>{format!("{} — {}", p.short_name, p.name)}</option> }.into_any(),
                    }).collect_view()}
                </select>
                <FieldError error field="producer" form="item"/>
            </div>
            <div class="field">
                <label for="item-title">"Title"</label>
                <input id="item-title" name="title" required maxlength="300" aria-invalid=invalid(error, "title") aria-describedby="item-title-error"
                    placeholder="Form 34A, Laini Saba Primary School, stream 1"/>
                <FieldError error field="title" form="item"/>
            </div>
            <div class="field">
                <label for="item-kind">"Kind"</label>
                <select id="item-kind" name="kind" aria-invalid=invalid(error, "kind") aria-describedby="item-kind-error">
                    {EvidenceKind::ALL.iter().filter(|k| k.recorded_by_hand()).map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                </select>
                <FieldError error field="kind" form="item"/>
            </div>
            <div class="field">
                <label for="item-station_code">"Polling station code (if any)"</label>
                <input id="item-station_code" name="station_code" inputmode="numeric" maxlength="19"
                    aria-invalid=invalid(error, "station_code") aria-describedby="item-station_code-hint item-station_code-error"/>
                <p class="hint" id="item-station_code-hint">"15 digits: county, constituency, ward, centre, stream — such as 047278105000101."</p>
                <FieldError error field="station_code" form="item"/>
            </div>
            <div class="field">
                <label for="item-description">"Description"</label>
                <textarea id="item-description" name="description" rows="4" maxlength="5000"
                    aria-invalid=invalid(error, "description") aria-describedby="item-description-error"></textarea>
                <FieldError error field="description" form="item"/>
            </div>
            <fieldset class="field">
                <legend>"Who may see it"</legend>
                {SealingTier::ALL.iter().map(|t| {
                    let id = format!("item-tier-{}", t.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="tier" value=t.as_str() checked=*t == SealingTier::Parties/>
                            <label for=id>{t.label()}<span class="hint">" — "{t.explanation()}</span></label>
                        </div>
                    }
                }).collect_view()}
                <FieldError error field="tier" form="item"/>
            </fieldset>
            <button type="submit" class="button" disabled=move || record.pending().get()>"Record the item"</button>
        </ActionForm>
    }
}
