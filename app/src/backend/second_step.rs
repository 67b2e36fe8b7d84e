//! A sign-in between its two steps: the password was right, and the session waits for the
//! second factor (or for the enrolment of one). Kept in the session, not signed in, until
//! a code passes; shared by the second step's page (`server::two_factor_page`) and its JSON
//! server functions.

use crate::backend::accounts::two_factor;
use crate::backend::auth::{self, SIGNED_IN_AT_KEY, USER_ID_KEY, USER_VERSION_KEY};
use crate::backend::db::OrInternal;
use crate::backend::entities::user;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{TwoFactorChallenge, TwoFactorEnrolment};
use base64::Engine;
use domain::two_factor::SecondStep;
use sea_orm::EntityTrait;
use tower_sessions::Session;

/// The session key holding a sign-in whose password was right and whose second step is
/// still to come ([`PendingSignIn`]). The session is not signed in meanwhile.
pub const PENDING_SIGN_IN_KEY: &str = "pending_sign_in";

/// How long a sign-in may wait for its second step, in seconds.
pub const PENDING_FOR_SECONDS: i64 = 300;

/// A sign-in waiting for its second step.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PendingSignIn {
    pub user_id: i32,
    /// The account's version when the password was checked: a password change or a reset
    /// of the second factor meanwhile ends the wait.
    pub version: i32,
    /// When the password was checked (seconds since the epoch).
    pub since: i64,
    /// Where the sign-in goes once complete (already checked to be this portal's path).
    pub next: String,
    /// At enrolment, the new secret and recovery codes: kept here, and nowhere else, until
    /// the first code confirms them.
    pub enrolment: Option<PendingEnrolment>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PendingEnrolment {
    pub secret: String,
    pub recovery_codes: Vec<String>,
}

/// The sign-in waiting in `session` for its second step, with its account; `None` (and
/// the wait forgotten) when there is none, it waited past [`PENDING_FOR_SECONDS`], or the
/// account changed since.
pub async fn pending_sign_in(
    state: &AppState,
    session: &Session,
) -> AppResult<Option<(PendingSignIn, user::Model)>> {
    let Some(pending) = session
        .get::<PendingSignIn>(PENDING_SIGN_IN_KEY)
        .await
        .or_internal()?
    else {
        return Ok(None);
    };
    let fresh = chrono::Utc::now().timestamp() - pending.since < PENDING_FOR_SECONDS;
    let user = user::Entity::find_by_id(pending.user_id)
        .one(&state.db)
        .await?
        .filter(|user| fresh && user.version == pending.version);
    match user {
        Some(user) => Ok(Some((pending, user))),
        None => {
            session
                .remove_value(PENDING_SIGN_IN_KEY)
                .await
                .or_internal()?;
            Ok(None)
        }
    }
}

/// Puts `user`'s sign-in, its password right, to wait for `step` (not `SecondStep::None`).
/// Whoever the session was signed in as before is signed out.
pub async fn wait_for_second_step(
    session: &Session,
    user: &user::Model,
    step: SecondStep,
    next: String,
) -> AppResult<()> {
    let enrolment = (step == SecondStep::Enrol).then(|| PendingEnrolment {
        secret: two_factor::new_secret(),
        recovery_codes: two_factor::new_recovery_codes(),
    });
    let pending = PendingSignIn {
        user_id: user.id,
        version: user.version,
        since: chrono::Utc::now().timestamp(),
        next,
        enrolment,
    };
    for key in [USER_ID_KEY, USER_VERSION_KEY, SIGNED_IN_AT_KEY] {
        session.remove_value(key).await.or_internal()?;
    }
    session
        .insert(PENDING_SIGN_IN_KEY, pending)
        .await
        .or_internal()
}

/// What the second step of the sign-in waiting in `session` asks for.
pub async fn challenge(state: &AppState, session: &Session) -> AppResult<TwoFactorChallenge> {
    let Some((pending, user)) = pending_sign_in(state, session).await? else {
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

/// The second step: the authenticator's code (or a recovery code), or, at enrolment, the new
/// authenticator's first code. Completes the sign-in under a new session id, and says where
/// it goes. A sign-in that waited too long, or whose account changed meanwhile, starts again
/// (`Unauthenticated`).
pub async fn pass(state: &AppState, session: &Session, code: &str) -> AppResult<String> {
    let Some((pending, user)) = pending_sign_in(state, session).await? else {
        return Err(AppError::Unauthenticated);
    };
    if code.trim().is_empty() {
        return Err(AppError::invalid("code", "Enter the code."));
    }
    match &pending.enrolment {
        Some(enrolment) => {
            two_factor::enrol(
                state,
                &user,
                &enrolment.secret,
                &enrolment.recovery_codes,
                code,
            )
            .await?
        }
        None => {
            two_factor::verify(state, &user, code).await?;
        }
    }
    session
        .remove_value(PENDING_SIGN_IN_KEY)
        .await
        .or_internal()?;
    session.cycle_id().await.or_internal()?;
    auth::open_session(session, &user).await?;
    Ok(pending.next)
}
