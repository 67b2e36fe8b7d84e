//! Accounts: the list (with locks and second factors), unlocking, requiring or resetting
//! two-factor sign-in, and creating an account.

use super::page_param;
use crate::api::admin::{CreateUser, RequireTwoFactor, ResetTwoFactor, UnlockUser, admin_users};
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, action_ok, cleared_on_success, invalid,
};
use crate::components::pager::Pager;
use crate::resource::resource;
use domain::fields::NewPassword;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let page = page_param();
    let create = ServerAction::<CreateUser>::new();
    let unlock = ServerAction::<UnlockUser>::new();
    let require = ServerAction::<RequireTwoFactor>::new();
    let reset = ServerAction::<ResetTwoFactor>::new();
    let users = resource(
        move || {
            (
                page.get(),
                create.version().get(),
                unlock.version().get(),
                require.version().get(),
                reset.version().get(),
            )
        },
        |(page, ..)| admin_users(page),
    );
    let error = action_error(create);
    let created = action_ok(create);
    let unlock_error = action_error(unlock);
    let require_error = action_error(require);
    let reset_error = action_error(reset);
    view! {
        <Title text="Users"/>
        <h1>"Users"</h1>
        <FormError error=unlock_error/>
        <FormError error=require_error/>
        <FormError error=reset_error/>
        <Transition fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => {
                        let pages = list.pages();
                        view! {
                            <table class="table" data-testid="user-list">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Status"</th><th scope="col">"Two-factor"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>
                                    {list.items.into_iter().map(|u| {
                                        let unlock_label = format!("Unlock {}", u.name);
                                        let for_name = format!(" for {}", u.name);
                                        let of_name = format!(" of {}", u.name);
                                        view! {
                                        <tr>
                                            <td>{u.name.clone()}{u.is_admin.then(|| view! { " " <span class="badge">"admin"</span> })}</td>
                                            <td>{u.email.clone()}</td>
                                            <td>{match &u.locked_until {
                                                Some(until) => format!("Locked until {until}"),
                                                None if u.failed_logins > 0 => format!("{} failed sign-ins", u.failed_logins),
                                                None => "Active".to_owned(),
                                            }}</td>
                                            <td>{match (u.two_factor_enrolled, u.two_factor_required) {
                                                (true, true) => "On, required",
                                                (true, false) => "On",
                                                (false, true) => "Required: set up at next sign-in",
                                                (false, false) => "Off",
                                            }}</td>
                                            <td class="row-actions">
                                                {(u.locked_until.is_some() || u.failed_logins > 0).then(|| view! {
                                                    <ActionForm action=unlock>
                                                        <input type="hidden" name="user_id" value=u.id/>
                                                        <button type="submit" class="button-small">{unlock_label}</button>
                                                    </ActionForm>
                                                })}
                                                <ActionForm action=require>
                                                    <input type="hidden" name="user_id" value=u.id/>
                                                    <input type="hidden" name="required" value=(!u.two_factor_required).to_string()/>
                                                    <button type="submit" class="button-small">
                                                        {if u.two_factor_required { "Stop requiring two-factor" } else { "Require two-factor" }}
                                                        <span class="visually-hidden">{for_name}</span>
                                                    </button>
                                                </ActionForm>
                                                {u.two_factor_enrolled.then(|| view! {
                                                    <ActionForm action=reset>
                                                        <input type="hidden" name="user_id" value=u.id/>
                                                        <button type="submit" class="button-small">"Reset two-factor"<span class="visually-hidden">{of_name}</span></button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                            <Pager base="/admin/users" page=list.page pages total=list.total per_page=list.per_page/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="new-user-heading">
            <h2 id="new-user-heading">"New account"</h2>
            <ActionForm action=create node_ref=cleared_on_success(create) attr:class="form" attr:novalidate=true>
                <FormError error/>
                {move || created.get().then(|| view! { <p class="alert alert-ok" role="status">"Account created."</p> })}
                <div class="field">
                    <label for="user-name">"Full name"</label>
                    <input id="user-name" name="name" required maxlength="120" aria-invalid=invalid(error, "name") aria-describedby="user-name-error"/>
                    <FieldError error field="name" form="user"/>
                </div>
                <div class="field">
                    <label for="user-email">"E-mail"</label>
                    <input id="user-email" name="email" type="email" required aria-invalid=invalid(error, "email") aria-describedby="user-email-error"/>
                    <FieldError error field="email" form="user"/>
                </div>
                <div class="field">
                    <label for="user-password">"Initial password"</label>
                    <input id="user-password" name="password" type="password" autocomplete="new-password" required
                        minlength=NewPassword::MIN_CHARS maxlength=NewPassword::MAX_CHARS
                        aria-invalid=invalid(error, "password") aria-describedby="user-password-hint user-password-error"/>
                    <p class="hint" id="user-password-hint">{format!("{} to {} characters; any characters.", NewPassword::MIN_CHARS, NewPassword::MAX_CHARS)}</p>
                    <FieldError error field="password" form="user"/>
                </div>
                <div class="field checkbox">
                    <input id="user-admin" name="is_admin" type="checkbox"/>
                    <label for="user-admin">"Administrator of the portal"</label>
                </div>
                <button type="submit" class="button" disabled=move || create.pending().get()>"Create account"</button>
            </ActionForm>
        </section>
    }
}
