//! One case's parties and members, and the forms that add them.

use crate::api::admin::{
    AddMember, AddParty, EditMember, EditParty, RemoveMember, RemoveParty, admin_case,
};
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, action_ok, cleared_on_success, invalid,
};
use crate::error::AppError;
use crate::model::{CaseOverview, MemberView, PartyView};
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::{CaseRole, PartyRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn CaseAdminPage() -> impl IntoView {
    let id = id_param();
    let add_party = ServerAction::<AddParty>::new();
    let add_member = ServerAction::<AddMember>::new();
    // Bumped by each row's edit or removal once it succeeds, to reload the case.
    let changed = RwSignal::new(0usize);
    let case = resource(
        move || {
            (
                id.get(),
                add_party.version().get() + changed.get(),
                add_member.version().get(),
            )
        },
        |(id, _, _)| async move {
            match id {
                Some(id) => admin_case(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the case…"</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(o) => view! { <Manage overview=o add_party add_member changed/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Manage(
    overview: CaseOverview,
    add_party: ServerAction<AddParty>,
    add_member: ServerAction<AddMember>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let CaseOverview {
        case,
        parties,
        members,
        register,
        registers,
        ..
    } = overview;
    let party_error = action_error(add_party);
    let party_ok = action_ok(add_party);
    let member_error = action_error(add_member);
    let member_ok = action_ok(add_member);
    // Withdrawn parties are not offered to new or changed members.
    let party_options: Vec<PartyView> = parties
        .iter()
        .filter(|p| p.withdrawn.is_none())
        .cloned()
        .collect();
    let member_parties = party_options.clone();
    view! {
        <Title text=format!("Manage {}", case.number)/>
        <p><A href="/admin/cases">"← All cases"</A></p>
        <h1>{case.number.clone()}</h1>
        <p class="meta">{case.title.clone()}" · "{case.court.clone()}" · filed "{case.filing_date.clone()}</p>
        <super::register::RegisterSection case_id=case.id revision=case.revision current=register choices=registers changed/>

        <section aria-labelledby="parties-heading">
            <h2 id="parties-heading">"Parties"</h2>
            {if parties.is_empty() {
                view! { <p class="empty">"No parties yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="party-list">
                        <thead><tr><th scope="col">"Short name"</th><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"Change"</th></tr></thead>
                        <tbody>
                            {parties.into_iter().map(|p| view! {
                                <PartyRow case_id=case.id revision=case.revision p changed/>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ActionForm action=add_party node_ref=cleared_on_success(add_party) attr:class="form inline-form" attr:novalidate=true>
                <h3>"Add a party"</h3>
                <FormError error=party_error/>
                {move || party_ok.get().then(|| view! { <p class="alert alert-ok" role="status">"Party added."</p> })}
                <input type="hidden" name="case_id" value=case.id/>
                <input type="hidden" name="revision" value=case.revision/>
                <div class="field">
                    <label for="party-name">"Name"</label>
                    <input id="party-name" name="name" required maxlength="200" aria-invalid=invalid(party_error, "name") aria-describedby="party-name-error"/>
                    <FieldError error=party_error field="name" form="party"/>
                </div>
                <div class="field">
                    <label for="party-short_name">"Short name"</label>
                    <input id="party-short_name" name="short_name" required maxlength="16" placeholder="IEBC"
                        aria-invalid=invalid(party_error, "short_name") aria-describedby="party-short_name-error"/>
                    <FieldError error=party_error field="short_name" form="party"/>
                </div>
                <div class="field">
                    <label for="party-role">"Role"</label>
                    <select id="party-role" name="role" aria-invalid=invalid(party_error, "role") aria-describedby="party-role-error">
                        {PartyRole::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                    <FieldError error=party_error field="role" form="party"/>
                </div>
                <button type="submit" class="button" disabled=move || add_party.pending().get()>"Add party"</button>
            </ActionForm>
        </section>

        <section aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            {if members.is_empty() {
                view! { <p class="empty">"No members yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="member-list">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th><th scope="col">"For"</th><th scope="col">"Change"</th></tr></thead>
                        <tbody>
                            {members.into_iter().map(|m| view! {
                                <MemberRow case_id=case.id revision=case.revision m parties=member_parties.clone() changed/>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ActionForm action=add_member node_ref=cleared_on_success(add_member) attr:class="form inline-form" attr:novalidate=true>
                <h3>"Add a member"</h3>
                <FormError error=member_error/>
                {move || member_ok.get().then(|| view! { <p class="alert alert-ok" role="status">"Member added."</p> })}
                <input type="hidden" name="case_id" value=case.id/>
                <input type="hidden" name="revision" value=case.revision/>
                <div class="field">
                    <label for="member-email">"E-mail of the account"</label>
                    <input id="member-email" name="email" type="email" required aria-invalid=invalid(member_error, "email") aria-describedby="member-email-error"/>
                    <FieldError error=member_error field="email" form="member"/>
                </div>
                <div class="field">
                    <label for="member-role">"Role in the case"</label>
                    <select id="member-role" name="role" aria-invalid=invalid(member_error, "role") aria-describedby="member-role-error">
                        {CaseRole::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                    <FieldError error=member_error field="role" form="member"/>
                </div>
                <div class="field">
                    <label for="member-party">"Acting for (counsel and representatives only)"</label>
                    <select id="member-party" name="party_id" aria-invalid=invalid(member_error, "party_id") aria-describedby="member-party_id-error">
                        <option value="">"— none —"</option>
                        {party_options.into_iter().map(|p| view! { <option value=p.id>{format!("{} ({})", p.short_name, p.name)}</option> }).collect_view()}
                    </select>
                    <FieldError error=member_error field="party_id" form="member"/>
                </div>
                <button type="submit" class="button" disabled=move || add_member.pending().get()>"Add member"</button>
            </ActionForm>
        </section>
    }
}

/// Bumps `changed` once `action` succeeds, so the page reloads the case.
fn reload_on_success<I, O>(action: ServerAction<I>, changed: RwSignal<usize>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
}

/// A party, with the forms that edit it and remove (or withdraw) it.
#[component]
fn PartyRow(case_id: i32, revision: i32, p: PartyView, changed: RwSignal<usize>) -> impl IntoView {
    let edit = ServerAction::<EditParty>::new();
    let remove = ServerAction::<RemoveParty>::new();
    reload_on_success(edit, changed);
    reload_on_success(remove, changed);
    let (edit_error, remove_error) = (action_error(edit), action_error(remove));
    let id = p.id;
    let form = format!("party-{id}");
    let role = p.role;
    let short = p.short_name.clone();
    view! {
        <tr>
            <td>{p.short_name.clone()}</td>
            <td>{p.name.clone()}</td>
            <td>{p.role.label()}{p.withdrawn.clone().map(|at| view! { <span class="badge">{format!("Withdrew {at}")}</span> })}</td>
            <td>
                {p.withdrawn.is_none().then(|| view! {
                    <details class="row-change" open=move || edit_error.get().is_some()>
                        <summary>{format!("Edit {}", p.short_name)}</summary>
                        <ActionForm action=edit attr:class="form" attr:novalidate=true>
                            <FormError error=edit_error/>
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="party_id" value=id/>
                            <input type="hidden" name="revision" value=revision/>
                            <div class="field">
                                <label for=format!("{form}-name")>"Name"</label>
                                <input id=format!("{form}-name") name="name" required maxlength="200" value=p.name.clone() aria-invalid=invalid(edit_error, "name")/>
                                <FieldError error=edit_error field="name" form="party-edit"/>
                            </div>
                            <div class="field">
                                <label for=format!("{form}-short_name")>"Short name"</label>
                                <input id=format!("{form}-short_name") name="short_name" required maxlength="16" value=p.short_name.clone() aria-invalid=invalid(edit_error, "short_name")/>
                                <FieldError error=edit_error field="short_name" form="party-edit"/>
                            </div>
                            <div class="field">
                                <label for=format!("{form}-role")>"Role"</label>
                                <select id=format!("{form}-role") name="role">
                                    {PartyRole::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{r.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button" disabled=move || edit.pending().get()>"Save the party"</button>
                        </ActionForm>
                    </details>
                    <details class="row-change" open=move || remove_error.get().is_some()>
                        <summary>{format!("Remove {short}")}</summary>
                        <ActionForm action=remove attr:class="form">
                            <FormError error=remove_error/>
                            <FieldError error=remove_error field="party" form="party-remove"/>
                            <input type="hidden" name="case_id" value=case_id/>
                            <input type="hidden" name="party_id" value=id/>
                            <input type="hidden" name="revision" value=revision/>
                            <p class="hint">"A party with any filing, obligation, exhibit or member is marked withdrawn and keeps its history; one with none is deleted."</p>
                            <button type="submit" class="button button-danger">{format!("Remove {short} from the case")}</button>
                        </ActionForm>
                    </details>
                })}
            </td>
        </tr>
    }
}

/// A member, with the forms that change their role or party and remove them.
#[component]
fn MemberRow(
    case_id: i32,
    revision: i32,
    m: MemberView,
    parties: Vec<PartyView>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let edit = ServerAction::<EditMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    reload_on_success(edit, changed);
    reload_on_success(remove, changed);
    let (edit_error, remove_error) = (action_error(edit), action_error(remove));
    let id = m.id;
    let form = format!("member-{id}");
    let (role, party) = (m.role, m.party_id);
    view! {
        <tr>
            <td>{m.name.clone()}</td>
            <td>{m.email.clone()}</td>
            <td>{m.role.label()}</td>
            <td>{m.party.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td>
                <details class="row-change" open=move || edit_error.get().is_some()>
                    <summary>{format!("Change {}", m.name)}</summary>
                    <ActionForm action=edit attr:class="form" attr:novalidate=true>
                        <FormError error=edit_error/>
                        <input type="hidden" name="case_id" value=case_id/>
                        <input type="hidden" name="member_id" value=id/>
                        <input type="hidden" name="revision" value=revision/>
                        <div class="field">
                            <label for=format!("{form}-role")>"Role in the case"</label>
                            <select id=format!("{form}-role") name="role" aria-invalid=invalid(edit_error, "role")>
                                {CaseRole::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{r.label()}</option> }).collect_view()}
                            </select>
                            <FieldError error=edit_error field="role" form="member-edit"/>
                        </div>
                        <div class="field">
                            <label for=format!("{form}-party")>"Acting for (counsel and representatives only)"</label>
                            <select id=format!("{form}-party") name="party_id" aria-invalid=invalid(edit_error, "party_id")>
                                <option value="" selected=party.is_none()>"— none —"</option>
                                {parties.into_iter().map(|p| view! { <option value=p.id selected=Some(p.id) == party>{format!("{} ({})", p.short_name, p.name)}</option> }).collect_view()}
                            </select>
                            <FieldError error=edit_error field="party_id" form="member-edit"/>
                        </div>
                        <button type="submit" class="button" disabled=move || edit.pending().get()>"Save the member"</button>
                    </ActionForm>
                </details>
                <details class="row-change" open=move || remove_error.get().is_some()>
                    <summary>{format!("Remove {}", m.name)}</summary>
                    <ActionForm action=remove attr:class="form">
                        <FormError error=remove_error/>
                        <input type="hidden" name="case_id" value=case_id/>
                        <input type="hidden" name="member_id" value=id/>
                        <input type="hidden" name="revision" value=revision/>
                        <p class="hint">"They lose access to this case with their next page; their filings stay."</p>
                        <button type="submit" class="button button-danger">{format!("Remove {} from the case", m.name)}</button>
                    </ActionForm>
                </details>
            </td>
        </tr>
    }
}
