//! Signing in and out: password checks with throttling per e-mail as typed, so no reply
//! tells who has an account.

use super::failures::{clear_failures, failure_key, gate, policy, record_failure};
use super::two_factor;
use crate::backend::audit::{self, Change};
use crate::backend::entities::user;
use crate::backend::passwords;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::FieldErrors;
use domain::fields::{Email, NewPassword};
use domain::two_factor::SecondStep;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

pub async fn find_by_email(state: &AppState, email: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&state.db)
        .await?)
}

/// Checks a login's password, and says what second step follows. An unknown e-mail is
/// treated exactly like a known one with a wrong password: the same hashing time, the same
/// message, the same throttling and locks, so no reply tells who has an account.
///
/// A right password ends the sign-in, and clears the failures, only when no second step
/// follows; otherwise the failures stand until the second step passes.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
) -> AppResult<(user::Model, SecondStep)> {
    let mut errors = FieldErrors::default();
    if email.trim().is_empty() {
        errors.push(domain::FieldError::new("email", "E-mail is required."));
    }
    if password.is_empty() {
        errors.push(domain::FieldError::new("password", "Password is required."));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if email.chars().count() > Email::MAX_CHARS || password.chars().count() > NewPassword::MAX_CHARS
    {
        passwords::verify(String::new(), None).await?;
        return Err(AppError::BadCredentials);
    }

    let key = failure_key(email);
    let policy = policy(state);
    let failures = gate(state, &key).await?;

    let found = find_by_email(state, email).await?;
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let matches = passwords::verify(password.to_owned(), stored).await?;
    match found {
        Some(user) if matches => {
            let step = two_factor::second_step_of(state, &user).await?;
            if step == SecondStep::None {
                let signed_in = Change {
                    actor_id: Some(user.id),
                    case_id: None,
                    action: "login.succeed",
                    subject: format!("user:{}", user.id),
                    details: json!({ "cleared_failures": failures }),
                };
                clear_failures(state, &key, signed_in).await?;
            } else {
                record_password_passed(state, &user, step).await?;
            }
            Ok((user, step))
        }
        _ => {
            let record = record_failure(state, &key, &policy, None).await?;
            tracing::info!(failures = record.failed_logins, "failed login");
            match record.locked_until {
                Some(until) => Err(state.locked_until(until)),
                None => Err(AppError::BadCredentials),
            }
        }
    }
}

async fn record_password_passed(
    state: &AppState,
    user: &user::Model,
    step: SecondStep,
) -> AppResult<()> {
    let txn = state.write().await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user.id),
            case_id: None,
            action: "login.password_ok",
            subject: format!("user:{}", user.id),
            details: json!({ "second_step": if step == SecondStep::Enrol { "enrol" } else { "verify" } }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records that `user_id` signed out (their session is deleted by the caller).
pub async fn record_sign_out(state: &AppState, user_id: i32) -> AppResult<()> {
    let txn = state.write().await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user_id),
            case_id: None,
            action: "login.sign_out",
            subject: format!("user:{user_id}"),
            details: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
