//! Signing in and out, and who is signed in.

#[cfg(feature = "ssr")]
use crate::backend::db::OrInternal;
use crate::error::AppError;
use crate::model::{Me, TwoFactorChallenge};
use leptos::prelude::*;

/// Where a sign-in goes for its second step: the login page, showing that step.
pub const SECOND_STEP_PATH: &str = "/login?step=two-factor";

/// Checks the password, cycling the session id so a planted session cannot be promoted.
/// Without a second step the sign-in is complete and goes to `next` (a path on this portal)
/// or the list of cases; otherwise it waits in the session for the second step's page.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::accounts::{self, two_factor};
    use crate::backend::auth;
    use domain::two_factor::SecondStep;
    let state = auth::state()?;
    let (user, step) = accounts::authenticate(&state, &email, &password).await?;
    let session = auth::session().await?;
    session.cycle_id().await.or_internal()?;
    let next = safe_next(next.as_deref());
    if step == SecondStep::None {
        return complete_sign_in(&session, &user, &next).await;
    }
    let enrolment = (step == SecondStep::Enrol).then(|| auth::PendingEnrolment {
        secret: two_factor::new_secret(),
        recovery_codes: two_factor::new_recovery_codes(),
    });
    let pending = auth::PendingSignIn {
        user_id: user.id,
        version: user.version,
        since: chrono::Utc::now().timestamp(),
        next,
        enrolment,
    };
    // Whoever this browser was signed in as before is signed out: the session now waits.
    for key in [
        auth::USER_ID_KEY,
        auth::USER_VERSION_KEY,
        auth::SIGNED_IN_AT_KEY,
    ] {
        session.remove_value(key).await.or_internal()?;
    }
    session
        .insert(auth::PENDING_SIGN_IN_KEY, pending)
        .await
        .or_internal()?;
    leptos_axum::redirect(SECOND_STEP_PATH);
    Ok(())
}

/// Marks the session as `user`'s and goes to `next`.
#[cfg(feature = "ssr")]
async fn complete_sign_in(
    session: &tower_sessions::Session,
    user: &crate::backend::entities::user::Model,
    next: &str,
) -> Result<(), AppError> {
    use crate::backend::auth;
    session
        .insert(auth::USER_ID_KEY, user.id)
        .await
        .or_internal()?;
    session
        .insert(auth::USER_VERSION_KEY, user.version)
        .await
        .or_internal()?;
    session
        .insert(auth::SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
        .await
        .or_internal()?;
    tracing::info!(user_id = user.id, "signed in");
    leptos_axum::redirect(next);
    Ok(())
}

/// What the second step of the sign-in waiting in this session asks for.
#[server(endpoint = "two_factor")]
pub async fn pending_second_step() -> Result<TwoFactorChallenge, AppError> {
    use crate::backend::accounts::two_factor;
    use crate::backend::auth;
    use crate::model::TwoFactorEnrolment;
    use base64::Engine;
    let state = auth::state()?;
    let session = auth::session().await?;
    let Some((pending, user)) = auth::pending_sign_in(&state, &session).await? else {
        return Ok(TwoFactorChallenge::NotPending);
    };
    let Some(enrolment) = pending.enrolment else {
        return Ok(TwoFactorChallenge::Verify { email: user.email });
    };
    let uri = two_factor::enrolment_uri(&enrolment.secret, &user.email)?;
    let svg = two_factor::qr_svg(&uri)?;
    let grouped: Vec<String> = enrolment
        .secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect();
    Ok(TwoFactorChallenge::Enrol(Box::new(TwoFactorEnrolment {
        email: user.email,
        secret: grouped.join(" "),
        qr_code: format!(
            "data:image/svg+xml;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(svg)
        ),
        recovery_codes: enrolment.recovery_codes,
    })))
}

/// The second step of a sign-in: the authenticator's code (or a recovery code), or, at
/// enrolment, the new authenticator's first code. Completes the sign-in with a new session
/// id. A sign-in that waited too long, or whose account changed meanwhile, starts again.
#[server(endpoint = "two_factor/verify")]
pub async fn verify_two_factor(code: String) -> Result<(), AppError> {
    use crate::backend::accounts::two_factor;
    use crate::backend::auth;
    let state = auth::state()?;
    let session = auth::session().await?;
    let Some((pending, user)) = auth::pending_sign_in(&state, &session).await? else {
        return Err(AppError::Unauthenticated);
    };
    if code.trim().is_empty() {
        return Err(AppError::invalid("code", "Enter the code."));
    }
    match &pending.enrolment {
        Some(enrolment) => {
            two_factor::enrol(
                &state,
                &user,
                &enrolment.secret,
                &enrolment.recovery_codes,
                &code,
            )
            .await?
        }
        None => {
            two_factor::verify(&state, &user, &code).await?;
        }
    }
    session
        .remove_value(auth::PENDING_SIGN_IN_KEY)
        .await
        .or_internal()?;
    session.cycle_id().await.or_internal()?;
    complete_sign_in(&session, &user, &pending.next).await
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
