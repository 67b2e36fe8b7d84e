//! Party agents (`/cases/{id}/agents`): counsel nominate the people their party sends to
//! scrutiny sittings; the court sees every party's, with the numbers it checks at the door.

use crate::api::tasks::{NominateAgent, agent_list};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, cleared_on_success, invalid,
};
use crate::error::AppError;
use crate::model::AgentList;
use crate::pages::case::id_param;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let id = id_param();
    let nominate = ServerAction::<NominateAgent>::new();
    let list = resource(
        move || (id.get(), nominate.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => agent_list(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the agents…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => view! { <Agents list nominate/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Agents(list: AgentList, nominate: ServerAction<NominateAgent>) -> impl IntoView {
    let case_id = list.case.id;
    let error = action_error(nominate);
    view! {
        <Title text=format!("Party agents · {}", list.case.number)/>
        <CaseNav case=list.case.clone()/>
        <p><A href=format!("/cases/{case_id}/tasks")>"← Scrutiny tasks"</A></p>
        <h1>"Party agents"</h1>
        <p>"The people a party sends to scrutiny sittings. Each task's page sends them; a directive may limit how many each party sends to a task."</p>
        {if list.agents.is_empty() {
            view! { <p class="empty">"No agent has been nominated yet."</p> }.into_any()
        } else {
            view! {
                <table class="table stack" data-testid="agent-list">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Party"</th><th scope="col">"ID number"</th><th scope="col">"Telephone"</th></tr></thead>
                    <tbody>
                        {list.agents.iter().map(|a| view! {
                            <tr>
                                <td data-label="Name">{a.name.clone()}</td>
                                <td data-label="Party">{a.party.clone()}</td>
                                <td data-label="ID number">{a.id_number.clone().unwrap_or_default()}</td>
                                <td data-label="Telephone">{a.phone.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {list.nominate_for.clone().map(|party| view! {
            <section class="panel" aria-labelledby="nominate-heading">
                <h2 id="nominate-heading">{format!("Nominate an agent for {}", party.label)}</h2>
                <ActionForm action=nominate node_ref=cleared_on_success(nominate) attr:class="form" attr:novalidate=true>
                    <FormError error/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="party_id" value=party.value.clone()/>
                    <div class="field">
                        <label for="agent-name">"Full name"</label>
                        <input id="agent-name" name="name" required maxlength="200" aria-invalid=invalid(error, "name") aria-describedby="agent-name-error"/>
                        <FieldError error field="name" form="agent"/>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="agent-id_number">"ID number"</label>
                            <input id="agent-id_number" name="id_number" required maxlength="32" aria-invalid=invalid(error, "id_number") aria-describedby="agent-id_number-error"/>
                            <FieldError error field="id_number" form="agent"/>
                        </div>
                        <div class="field">
                            <label for="agent-phone">"Telephone"</label>
                            <input id="agent-phone" name="phone" type="tel" required maxlength="32" aria-invalid=invalid(error, "phone") aria-describedby="agent-phone-error"/>
                            <FieldError error field="phone" form="agent"/>
                        </div>
                    </div>
                    <div class="field">
                        <label for="agent-email">"E-mail of their portal account (optional)"</label>
                        <input id="agent-email" name="email" type="email" aria-invalid=invalid(error, "email") aria-describedby="agent-email-hint agent-email-error"/>
                        <p class="hint" id="agent-email-hint">"With an account, the agent reads the tasks they attend and remarks on the sittings, and nothing else of the case."</p>
                        <FieldError error field="email" form="agent"/>
                    </div>
                    <button type="submit" class="button" disabled=move || nominate.pending().get()>"Nominate the agent"</button>
                </ActionForm>
            </section>
        })}
    }
}
