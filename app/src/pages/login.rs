//! Signing in.

use crate::api::auth::Login;
use crate::components::feedback::{FieldError, FormError, action_error, invalid};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    // Made here, inside the routes, so that a failed post's error (carried back in the URL)
    // reaches it.
    let login = ServerAction::<Login>::new();
    let login_url = <Login as leptos::server_fn::ServerFn>::url();
    let error = action_error(login);
    let next = move || use_query_map().read().get("next").unwrap_or_default();
    view! {
        <Title text="Sign in"/>
        <section class="panel narrow">
            <h1>"Sign in"</h1>
            <p class="lead">"Court orders, clarification requests, scrutiny tasks and party responses for the cases you are part of."</p>
            // A plain form, posted by the browser itself even once the page has hydrated: a
            // sign-in then loads its next page whole, and a second step goes to its page of
            // the server's own (`SECOND_STEP_PATH`), which the app's router does not know.
            <form method="post" action=login_url class="form" novalidate>
                <FormError error/>
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-email">"E-mail"</label>
                    <input id="login-email" name="email" type="email" autocomplete="username" required
                        aria-invalid=invalid(error, "email") aria-describedby="login-email-error"/>
                    <FieldError error field="email" form="login"/>
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password" required
                        aria-invalid=invalid(error, "password") aria-describedby="login-password-error"/>
                    <FieldError error field="password" form="login"/>
                </div>
                <button type="submit" class="button">"Sign in"</button>
            </form>
        </section>
    }
}
