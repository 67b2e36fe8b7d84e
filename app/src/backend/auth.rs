//! Who is asking: the state and the signed-in user, as server functions see them.

use crate::backend::db::OrInternal;
use crate::backend::entities::user;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::Actor;
use leptos::prelude::use_context;
use sea_orm::EntityTrait;
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";
/// The session key holding the account's version at sign-in: a password change moves the
/// version on, which ends every session opened before it.
pub const USER_VERSION_KEY: &str = "user_version";
/// The session key holding when its owner signed in (seconds since the epoch): the session
/// ends once `PortalConfig::session_lifetime` has passed since.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";

/// Marks `session` as `user`'s: the sign-in is complete. The caller has cycled its id.
pub async fn open_session(session: &Session, user: &user::Model) -> AppResult<()> {
    session.insert(USER_ID_KEY, user.id).await.or_internal()?;
    session
        .insert(USER_VERSION_KEY, user.version)
        .await
        .or_internal()?;
    session
        .insert(SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
        .await
        .or_internal()?;
    tracing::info!(user_id = user.id, "signed in");
    Ok(())
}

pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!("session layer missing: {e}");
        AppError::Internal
    })
}

/// The signed-in user, if any. A session whose user no longer exists counts as signed out.
pub async fn current_user(state: &AppState) -> AppResult<Option<user::Model>> {
    let found_for_page = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageUser>().cloned());
    if let Some(PageUser(user)) = found_for_page {
        return Ok(Some(user));
    }
    user_of_session(state, &session().await?).await
}

/// The user a session belongs to, for handlers outside server functions (file transfers).
/// A session ends here, deleted from the store, when its account's password changed since
/// it signed in or when its sign-in has outlived `PortalConfig::session_lifetime`; one
/// without a sign-in time (from before the lifetime was kept) ends too.
pub async fn user_of_session(
    state: &AppState,
    session: &Session,
) -> AppResult<Option<user::Model>> {
    let Some(id) = session.get::<i32>(USER_ID_KEY).await.or_internal()? else {
        return Ok(None);
    };
    let Some(user) = user::Entity::find_by_id(id).one(&state.db).await? else {
        return Ok(None);
    };
    let version = session.get::<i32>(USER_VERSION_KEY).await.or_internal()?;
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT_KEY).await.or_internal()?;
    let lifetime = state.config.session_lifetime.num_seconds();
    let outlived = signed_in_at.is_none_or(|at| chrono::Utc::now().timestamp() - at >= lifetime);
    if version != Some(user.version) || outlived {
        session.flush().await.or_internal()?;
        return Ok(None);
    }
    Ok(Some(user))
}

pub async fn require_user(state: &AppState) -> AppResult<user::Model> {
    current_user(state).await?.ok_or(AppError::Unauthenticated)
}

/// Who is signed in, as the header shows them, worked out by the server before a page is
/// rendered (see `server::middleware::signed_in_for_pages`), so the header needs no
/// resource of its own while the page renders.
#[derive(Clone, Debug)]
pub struct SignedIn(pub Option<crate::model::Me>);

/// The account `server::middleware::signed_in_for_pages` found behind a page request's
/// session, checked as `user_of_session` checks it: the server functions the page runs while
/// it renders take it from here rather than reading the account again.
#[derive(Clone, Debug)]
pub struct PageUser(pub user::Model);

/// The header's view of a signed-in user.
pub async fn me_of(state: &AppState, user: user::Model) -> AppResult<crate::model::Me> {
    let unread_notices = crate::backend::notices::unread_count(state, user.id).await?;
    Ok(crate::model::Me {
        id: user.id,
        name: user.name,
        email: user.email,
        is_admin: user.is_admin,
        unread_notices,
    })
}

/// The user as the rules see them outside any case.
pub fn actor_of(user: &user::Model) -> Actor {
    Actor {
        user_id: Some(user.id),
        is_admin: user.is_admin,
        case_role: None,
        party_id: None,
    }
}
