//! Filing a response: for the reader's own party, or (for the registrar) a party's filing
//! received at the registry on paper or a third party's letter, each with its file if
//! any. `?directive=ID` ticks that directive in advance.

use crate::api::responses::load_response_form;
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{FieldError, FormError, LoadError, invalid};
use crate::components::upload_form::Submission;
use crate::error::{AppError, human_size};
use crate::model::ResponseForm;
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::evidence::SealingTier;
use domain::orders::ResponseKind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewResponsePage() -> impl IntoView {
    let id = id_param();
    let form = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_response_form(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(form) => view! { <Form form/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One form for every filing: a party's own, a paper filing received at the registry, or a
/// third party's letter. It carries an optional file (required for a paper filing: its
/// scan), so it is a multipart form posted to `/cases/{id}/responses`.
#[component]
fn Form(form: ResponseForm) -> impl IntoView {
    let submission = Submission::new();
    let error = submission.error_signal();
    let query = use_query_map();
    let preselected = query
        .read_untracked()
        .get("directive")
        .and_then(|d| d.parse::<i32>().ok());
    // A filing is never more open than the directive it answers; by default it is sealed as
    // that directive is, and at least for the parties.
    let floor = preselected
        .and_then(|id| form.directives.iter().find(|d| d.id == id))
        .map_or(SealingTier::Public, |d| d.tier);
    let tiers: Vec<SealingTier> = SealingTier::ALL
        .iter()
        .copied()
        .filter(|t| t.may_seal_filing_about(floor))
        .collect();
    let default_tier = floor.max(SealingTier::Parties);
    let case_id = form.case.id;
    let registry = !form.registry_parties.is_empty();
    let kinds: Vec<ResponseKind> = ResponseKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            if k.is_for_party() {
                form.party.is_some() || registry
            } else {
                form.may_record_third_party
            }
        })
        .collect();
    let first_kind = kinds.first().copied();
    let on_submit = submission.on_submit(move |id| format!("/cases/{case_id}/responses/{id}"));
    view! {
        <Title text=format!("File a response · {}", form.case.number)/>
        <CaseNav case=form.case.clone()/>
        <h1>"File a response"</h1>
        {match &form.party {
            Some(p) => view! { <p>{format!("Filed for {} — {}.", p.short_name, p.name)}</p> }.into_any(),
            None => view! { <p>"You record what reaches the registry: a party's filing received on paper, with its scan, and letters from third parties (who are not parties to the case)."</p> }.into_any(),
        }}
        <form method="post" enctype="multipart/form-data" action=format!("/cases/{case_id}/responses") class="form" novalidate on:submit=on_submit>
            <FormError error/>
            {match &form.party {
                Some(p) => view! { <input type="hidden" name="party" value=p.id.to_string()/> }.into_any(),
                None if registry => view! {
                    <div class="field">
                        <label for="response-party">"Filed by (for a party's paper filing)"</label>
                        <select id="response-party" name="party" aria-invalid=invalid(error, "party") aria-describedby="response-party-error">
                            <option value="">"Choose the party"</option>
                            {form.registry_parties.iter().map(|p| view! {
                                <option value=p.id.to_string()>{format!("{} — {}", p.short_name, p.name)}</option>
                            }).collect_view()}
                        </select>
                        <FieldError error field="party" form="response"/>
                    </div>
                }.into_any(),
                None => view! { <input type="hidden" name="party" value=""/> }.into_any(),
            }}
            <fieldset class="field">
                <legend>"Kind"</legend>
                {kinds.into_iter().map(|k| {
                    let id = format!("response-kind-{}", k.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="kind" value=k.as_str() checked=Some(k) == first_kind/>
                            <label for=id>{k.label()}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldError error field="kind" form="response"/>
            </fieldset>
            {form.may_record_third_party.then(|| view! {
                <div class="field">
                    <label for="response-third_party">"Third party who wrote (for a third party's letter)"</label>
                    <input id="response-third_party" name="third_party" maxlength="200" aria-invalid=invalid(error, "third_party") aria-describedby="response-third_party-error"
                        placeholder="Smartmatic International Holding B.V."/>
                    <FieldError error field="third_party" form="response"/>
                </div>
            })}
            {(!form.may_record_third_party).then(|| view! { <input type="hidden" name="third_party" value=""/> })}
            {registry.then(|| view! {
                <div class="field">
                    <label for="response-received_at">"Received at the registry"</label>
                    <input type="datetime-local" id="response-received_at" name="received_at" aria-invalid=invalid(error, "received_at") aria-describedby="response-received_at-hint response-received_at-error"/>
                    <p class="hint" id="response-received_at-hint">"When the registry stamped it, in the court's time. Required for a party's paper filing; deadlines are judged by it."</p>
                    <FieldError error field="received_at" form="response"/>
                </div>
            })}
            <fieldset class="field" aria-describedby="response-directives-error">
                <legend>"Directives it responds to"</legend>
                {if form.directives.is_empty() {
                    view! { <p class="empty">"No directive is in force in this case yet."</p> }.into_any()
                } else {
                    form.directives.iter().map(|d| {
                        let id = format!("response-directive-{}", d.id);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("directives[{}]", d.id) value="on" checked=preselected == Some(d.id)/>
                                <label for=id>{format!("Directive {} — {}", d.label, d.excerpt)}<span class="hint">{format!(" ({})", d.order_title)}{(d.tier != SealingTier::Public).then(|| format!(" — sealed: {}", d.tier.label().to_lowercase()))}</span></label>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <FieldError error field="directives" form="response"/>
            </fieldset>
            <div class="field">
                <label for="response-title">"Title"</label>
                <input id="response-title" name="title" required maxlength="300" aria-invalid=invalid(error, "title") aria-describedby="response-title-error"/>
                <FieldError error field="title" form="response"/>
            </div>
            <div class="field">
                <label for="response-body">"Text"</label>
                <textarea id="response-body" name="body" rows="8" required maxlength="50000" aria-invalid=invalid(error, "body") aria-describedby="response-body-error"></textarea>
                <FieldError error field="body" form="response"/>
            </div>
            <div class="field">
                <label for="response-exhibits">"Exhibits cited"</label>
                <input id="response-exhibits" name="exhibits" aria-invalid=invalid(error, "exhibits") aria-describedby="response-exhibits-hint response-exhibits-error"/>
                <p class="hint" id="response-exhibits-hint">"Exhibit codes as the evidence register shows them, separated by commas or spaces."</p>
                <FieldError error field="exhibits" form="response"/>
            </div>
            <fieldset class="field">
                <legend>"Who may read it"</legend>
                <p class="hint">"A filing about a sealed directive is sealed at least as closely as the directive."</p>
                {tiers.into_iter().map(|t| {
                    let id = format!("response-tier-{}", t.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="tier" value=t.as_str() checked=t == default_tier/>
                            <label for=id>{t.label()}<span class="hint">" — "{t.explanation()}</span></label>
                        </div>
                    }
                }).collect_view()}
                <FieldError error field="tier" form="response"/>
            </fieldset>
            <div class="field">
                <label for="response-file">{if registry { "File (the scan, for a paper filing)" } else { "File (optional)" }}</label>
                <input type="file" id="response-file" name="file" aria-invalid=invalid(error, "file") aria-describedby="response-file-hint response-file-error"/>
                <p class="hint" id="response-file-hint">{format!(
                    "Recorded in the evidence register under the filer's next exhibit code, sealed as the response, and cited by it. Up to {}.",
                    human_size(form.max_upload_bytes)
                )}</p>
                <FieldError error field="file" form="response"/>
            </div>
            <button type="submit" class="button" disabled=move || submission.pending.get()>"File the response"</button>
        </form>
    }
}
