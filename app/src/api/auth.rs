//! Signing in and out, and who is signed in.

#[cfg(feature = "ssr")]
use crate::backend::db::OrInternal;
use crate::error::AppError;
use crate::model::Me;
use leptos::prelude::*;

/// Signs in, cycling the session id so a planted session cannot be promoted, then goes to
/// `next` (a path on this portal) or the list of cases.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{accounts, auth};
    let state = auth::state()?;
    let user = accounts::authenticate(&state, &email, &password).await?;
    let session = auth::session().await?;
    session.cycle_id().await.or_internal()?;
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
    leptos_axum::redirect(&safe_next(next.as_deref()));
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
