//! The second step of signing in, shown by the login page (`/login?step=two-factor`): a code
//! from the authenticator app, or, when a second factor is required of an account that has
//! none, enrolling one. Part of the login page's code rather than a route of its own, which
//! would add to what every page loads.

use crate::api::auth::{VerifyTwoFactor, pending_second_step};
use crate::components::feedback::{FieldError, FormError, LoadError, action_error, invalid};
use crate::error::AppError;
use crate::model::{TwoFactorChallenge, TwoFactorEnrolment};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TwoFactorStep() -> impl IntoView {
    let verify = ServerAction::<VerifyTwoFactor>::new();
    let error = action_error(verify);
    let challenge = resource(|| (), |_| pending_second_step());
    view! {
        <Title text="Two-factor sign-in"/>
        <section class="panel narrow">
            <h1>"Two-factor sign-in"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match challenge.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(TwoFactorChallenge::NotPending) => view! {
                            <p>"No sign-in is waiting for a code in this browser, or it waited more than five minutes."</p>
                            <p><a class="button" href="/login">"Sign in"</a></p>
                        }.into_any(),
                        Ok(TwoFactorChallenge::Verify { email }) => view! {
                            <p class="lead">{format!("Signing in as {email}. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.")}</p>
                            <CodeForm verify error button="Verify"/>
                        }.into_any(),
                        Ok(TwoFactorChallenge::Enrol(enrolment)) => view! {
                            <Enrolment enrolment=*enrolment/>
                            <CodeForm verify error button="Turn on two-factor sign-in"/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Setting up the authenticator: the QR code, the key for typing by hand, and the recovery
/// codes, shown here once.
#[component]
fn Enrolment(enrolment: TwoFactorEnrolment) -> impl IntoView {
    view! {
        <p class="lead">{format!("An administrator requires a second factor for {}. Set up an authenticator app now: this takes a minute, once.", enrolment.email)}</p>
        <ol class="steps">
            <li>
                <p>"In your authenticator app (any app that reads TOTP codes), add an account by scanning this code:"</p>
                <img class="qr-code" src=enrolment.qr_code width="200" height="200"
                    alt="QR code holding the key below, for an authenticator app"/>
                <p>"Or type this key:"</p>
                <p><code data-testid="two-factor-secret">{enrolment.secret}</code></p>
            </li>
            <li>
                <p>"Keep these recovery codes somewhere safe (print them, or store them in a password manager). Each signs you in once if you lose your phone. They are not shown again."</p>
                <ul class="recovery-codes" data-testid="recovery-codes">
                    {enrolment.recovery_codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ul>
            </li>
            <li><p>"Enter the 6-digit code the app now shows, to confirm it is set up."</p></li>
        </ol>
    }
}

#[component]
fn CodeForm(
    verify: ServerAction<VerifyTwoFactor>,
    error: Signal<Option<AppError>>,
    button: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=verify attr:class="form" attr:novalidate=true>
            <FormError error/>
            <div class="field">
                <label for="two-factor-code">"Code"</label>
                <input id="two-factor-code" name="code" autocomplete="one-time-code" required
                    autocapitalize="off" spellcheck="false" maxlength="40"
                    aria-invalid=invalid(error, "code") aria-describedby="two-factor-code-error"/>
                <FieldError error field="code" form="two-factor"/>
            </div>
            <button type="submit" class="button" disabled=move || verify.pending().get()>{button}</button>
        </ActionForm>
        <p><a href="/login">"Start again with the password"</a></p>
    }
}
