//! Filing a response: for the reader's own party, or (for the registrar) a third party's
//! letter. `?directive=ID` ticks that directive in advance.

use crate::api::responses::{FileResponse, load_response_form};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{FieldError, FormError, LoadError, action_error, invalid};
use crate::error::AppError;
use crate::model::ResponseForm;
use crate::pages::case::id_param;
use domain::evidence::SealingTier;
use domain::orders::ResponseKind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewResponsePage() -> impl IntoView {
    let id = id_param();
    let file = ServerAction::<FileResponse>::new();
    let form = Resource::new(
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
                    Ok(form) => view! { <Form form file/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Form(form: ResponseForm, file: ServerAction<FileResponse>) -> impl IntoView {
    let error = action_error(file);
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
    let kinds: Vec<ResponseKind> = ResponseKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            if k.is_for_party() {
                form.party.is_some()
            } else {
                form.may_record_third_party
            }
        })
        .collect();
    let first_kind = kinds.first().copied();
    view! {
        <Title text=format!("File a response · {}", form.case.number)/>
        <CaseNav case=form.case.clone()/>
        <h1>"File a response"</h1>
        {match &form.party {
            Some(p) => view! { <p>{format!("Filed for {} — {}.", p.short_name, p.name)}</p> }.into_any(),
            None => view! { <p>"You record letters from third parties (who are not parties to the case)."</p> }.into_any(),
        }}
        <ActionForm action=file attr:class="form" attr:novalidate=true>
            <FormError error/>
            <input type="hidden" name="case_id" value=case_id/>
            <input type="hidden" name="party" value=form.party.as_ref().map(|p| p.id.to_string()).unwrap_or_default()/>
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
                <p class="hint" id="response-exhibits-hint">"Codes from the evidence register, separated by commas: EXH-IEBC-004, EXH-IEBC-005."</p>
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
            <button type="submit" class="button" disabled=move || file.pending().get()>"File the response"</button>
        </ActionForm>
    }
}
