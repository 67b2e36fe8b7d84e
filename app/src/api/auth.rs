//! Signing in and out, and who is signed in.

#[cfg(feature = "ssr")]
use crate::backend::db::OrInternal;
use crate::error::AppError;
use crate::model::{Me, TwoFactorChallenge};
use leptos::prelude::*;

/// Where a sign-in goes for its second step: a page of the server's own, with no front end
/// (`server::two_factor_page`), so that it adds nothing to what the login page loads.
pub const SECOND_STEP_PATH: &str = "/login/two-factor";

/// Checks the password, cycling the session id so a planted session cannot be promoted.
/// Without a second step the sign-in is complete and goes to `next` (a path on this portal)
/// or the list of cases; otherwise it waits in the session for the second step's page.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, second_step};
    use domain::two_factor::SecondStep;
    let state = auth::state()?;
    let (user, step) = accounts::authenticate(&state, &email, &password).await?;
    let session = auth::session().await?;
    session.cycle_id().await.or_internal()?;
    let next = safe_next(next.as_deref());
    if step == SecondStep::None {
        auth::open_session(&session, &user).await?;
        leptos_axum::redirect(&next);
    } else {
        second_step::wait_for_second_step(&session, &user, step, next).await?;
        leptos_axum::redirect(SECOND_STEP_PATH);
    }
    Ok(())
}

/// What the second step of the sign-in waiting in this session asks for (for clients of
/// the JSON API; browsers get the page at [`SECOND_STEP_PATH`]).
#[server(endpoint = "two_factor")]
pub async fn pending_second_step() -> Result<TwoFactorChallenge, AppError> {
    use crate::backend::{auth, second_step};
    let state = auth::state()?;
    second_step::challenge(&state, &auth::session().await?).await
}

/// The second step of a sign-in, for clients of the JSON API: see
/// `backend::second_step::pass`.
#[server(endpoint = "two_factor/verify")]
pub async fn verify_two_factor(code: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_step};
    let state = auth::state()?;
    let next = second_step::pass(&state, &auth::session().await?, &code).await?;
    leptos_axum::redirect(&next);
    Ok(())
}

/// Only this portal's own paths are followed after login: printable ASCII (browsers drop
/// tabs and newlines, which could turn `/\t/host` into `//host`), one leading slash, no
/// backslash.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            path.to_owned()
        }
        _ => "/cases".to_owned(),
    }
}

/// Signs out: the session is deleted from the store, not merely emptied.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::{accounts, auth};
    let state = auth::state()?;
    if let Some(user) = auth::current_user(&state).await? {
        accounts::record_sign_out(&state, user.id).await?;
    }
    let session = auth::session().await?;
    session.flush().await.or_internal()?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    use crate::backend::auth;
    let state = auth::state()?;
    match auth::current_user(&state).await? {
        Some(user) => Ok(Some(auth::me_of(&state, user).await?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/cases/3")), "/cases/3");
        assert_eq!(safe_next(Some("//evil.example/")), "/cases");
        assert_eq!(safe_next(Some("https://evil.example/")), "/cases");
        assert_eq!(safe_next(Some("/\\evil.example")), "/cases");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/cases");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/cases");
        assert_eq!(safe_next(Some("/cases with space")), "/cases");
        assert_eq!(safe_next(None), "/cases");
    }
}
