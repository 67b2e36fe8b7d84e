//! One evidence item: what it is, its files (download, add, verify a copy), what it is tied
//! to, handing it over, and its custody log in order.

use super::item_param;
use crate::api::evidence::{HandOverEvidence, LinkEvidence, load_evidence_item};
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, action_ok, cleared_on_success, invalid,
};
use crate::components::verify_copy::{Filed, VerifyCopy};
use crate::error::{AppError, human_size};
use crate::model::EvidenceDetail;
use crate::pages::case::id_param;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EvidenceItemPage() -> impl IntoView {
    let case_id = id_param();
    let item_id = item_param();
    let hand_over = ServerAction::<HandOverEvidence>::new();
    let tie = ServerAction::<LinkEvidence>::new();
    let detail = resource(
        move || {
            (
                case_id.get(),
                item_id.get(),
                hand_over.version().get(),
                tie.version().get(),
            )
        },
        |(case_id, item_id, _, _)| async move {
            match (case_id, item_id) {
                (Some(case_id), Some(item_id)) => load_evidence_item(case_id, item_id).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the item…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(d) => view! { <Item detail=d hand_over tie/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Item(
    detail: EvidenceDetail,
    hand_over: ServerAction<HandOverEvidence>,
    tie: ServerAction<LinkEvidence>,
) -> impl IntoView {
    let query = use_query_map();
    let added = move || query.read().get("added").is_some();
    let EvidenceDetail {
        case,
        item,
        description,
        recorded_by,
        files,
        custody,
        links,
        may_add_files,
        may_hand_over,
        tie_targets,
    } = detail;
    let tie_error = action_error(tie);
    let case_id = case.id;
    let upload_to = format!("/cases/{case_id}/evidence/{}/files", item.id);
    let filed: Vec<Filed> = files
        .iter()
        .map(|f| Filed {
            name: f.original_name.clone(),
            sha256: f.sha256.clone(),
        })
        .collect();
    let hand_error = action_error(hand_over);
    let handed = action_ok(hand_over);
    view! {
        <Title text=format!("{} · {}", item.code, case.number)/>
        <CaseNav case=case.clone()/>
        <p><A href=format!("/cases/{case_id}/evidence")>"← Evidence register"</A></p>
        <h1><span class="code">{item.code.clone()}</span>" "{item.title.clone()}</h1>
        <dl class="facts">
            <dt>"Kind"</dt><dd>{item.kind.label()}</dd>
            <dt>"Sealing"</dt><dd><TierBadge tier=item.tier/>" "<span class="hint">{item.tier.explanation()}</span></dd>
            <dt>"Produced by"</dt><dd>{item.producer.clone()}</dd>
            <dt>"Polling station"</dt><dd class="code">{item.station_code.clone().unwrap_or_else(|| "—".to_owned())}</dd>
            <dt>"Recorded"</dt><dd>{format!("{} by {}", item.recorded_at, recorded_by)}</dd>
        </dl>
        {(!description.is_empty()).then(|| view! { <p class="description">{description.clone()}</p> })}

        <section aria-labelledby="files-heading">
            <h2 id="files-heading">"Files"</h2>
            {move || added().then(|| view! { <p class="alert alert-ok" role="status">"File added."</p> })}
            {if files.is_empty() {
                view! { <p class="empty">"No file has been added to this item."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="file-list">
                        <thead><tr><th scope="col">"File"</th><th scope="col">"Size"</th><th scope="col">"Type"</th><th scope="col">"SHA-256"</th><th scope="col">"Added"</th></tr></thead>
                        <tbody>
                            {files.into_iter().map(|f| {
                                let differs = f.declared_type != f.sniffed_type;
                                view! {
                                    <tr>
                                        <td>
                                            <a href=format!("/cases/{case_id}/evidence/{}/files/{}", item.id, f.id) download="" rel="external">{f.original_name.clone()}</a>
                                        </td>
                                        <td>{human_size(u64::try_from(f.size).unwrap_or(0))}</td>
                                        <td>
                                            {f.sniffed_type.clone()}
                                            {differs.then(|| view! { <br/><span class="warning">"declared as "{f.declared_type.clone()}</span> })}
                                        </td>
                                        <td class="hash" data-testid="file-sha256">{f.sha256.clone()}</td>
                                        <td>{format!("{} by {}", f.uploaded_at, f.uploaded_by)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {may_add_files.then(|| view! {
                <form method="post" enctype="multipart/form-data" action=upload_to.clone() class="form inline-form">
                    <h3>"Add a file"</h3>
                    <div class="field">
                        <label for="upload-file">"File"</label>
                        <input id="upload-file" type="file" name="file" required/>
                        <p class="hint">"Stored under its SHA-256; the same content is recognised and not stored twice."</p>
                    </div>
                    <button type="submit" class="button">"Upload"</button>
                </form>
            })}
        </section>

        {(!filed.is_empty()).then(|| view! { <VerifyCopy filed=filed.clone()/> })}

        {(!links.is_empty() || !tie_targets.is_empty()).then(|| view! {
            <section aria-labelledby="links-heading">
                <h2 id="links-heading">"Tied to"</h2>
                {if links.is_empty() {
                    view! { <p class="empty">"Not tied to any record yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="links">
                            {links.clone().into_iter().map(|l| view! {
                                <li>
                                    {match l.href.clone() {
                                        Some(href) => view! { <A href=href>{l.label.clone()}</A> }.into_any(),
                                        None => view! { <span>{l.label.clone()}</span> }.into_any(),
                                    }}
                                    {(!l.note.is_empty()).then(|| view! { " — "{l.note.clone()} })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(!tie_targets.is_empty()).then(|| view! {
                    <ActionForm action=tie node_ref=cleared_on_success(tie) attr:class="form inline-form" attr:novalidate=true>
                        <h3>"Tie to a record"</h3>
                        <FormError error=tie_error/>
                        <input type="hidden" name="case_id" value=case_id/>
                        <input type="hidden" name="item_id" value=item.id/>
                        <div class="field">
                            <label for="tie-target">"Record"</label>
                            <select id="tie-target" name="target" aria-invalid=invalid(tie_error, "target") aria-describedby="tie-target-error">
                                {tie_targets.clone().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                            </select>
                            <FieldError error=tie_error field="target" form="tie"/>
                        </div>
                        <div class="field">
                            <label for="tie-note">"Why (optional)"</label>
                            <input id="tie-note" name="note" maxlength="1000" aria-invalid=invalid(tie_error, "note") aria-describedby="tie-note-error"/>
                            <FieldError error=tie_error field="note" form="tie"/>
                        </div>
                        <button type="submit" class="button" disabled=move || tie.pending().get()>"Tie"</button>
                    </ActionForm>
                })}
            </section>
        })}

        {may_hand_over.then(|| view! {
            <ActionForm action=hand_over node_ref=cleared_on_success(hand_over) attr:class="form inline-form" attr:novalidate=true>
                <h3>"Record a handover"</h3>
                <FormError error=hand_error/>
                {move || handed.get().then(|| view! { <p class="alert alert-ok" role="status">"Handover recorded."</p> })}
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="item_id" value=item.id/>
                <div class="field">
                    <label for="hand-to">"Handed to"</label>
                    <input id="hand-to" name="handed_to" required maxlength="200" placeholder="Name, capacity"
                        aria-invalid=invalid(hand_error, "handed_to") aria-describedby="hand-handed_to-error"/>
                    <FieldError error=hand_error field="handed_to" form="hand"/>
                </div>
                <div class="field">
                    <label for="hand-note">"Note"</label>
                    <textarea id="hand-note" name="note" rows="2" maxlength="1000"
                        aria-invalid=invalid(hand_error, "note") aria-describedby="hand-note-error"></textarea>
                    <FieldError error=hand_error field="note" form="hand"/>
                </div>
                <button type="submit" class="button" disabled=move || hand_over.pending().get()>"Record handover"</button>
            </ActionForm>
        })}

        <section aria-labelledby="custody-heading">
            <h2 id="custody-heading">"Custody log"</h2>
            <table class="table" data-testid="custody-log">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Event"</th><th scope="col">"By"</th><th scope="col">"Details"</th></tr></thead>
                <tbody>
                    {custody.into_iter().map(|c| {
                        let details = [
                            c.handed_to.map(|to| format!("to {to}")),
                            c.file,
                            c.note,
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                        view! {
                            <tr>
                                <td>{c.at.clone()}</td>
                                <td>{c.kind.label()}</td>
                                <td>{c.actor.clone()}</td>
                                <td>{details}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
