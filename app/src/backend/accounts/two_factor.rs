//! Two-factor sign-in with an authenticator app (TOTP, RFC 6238, by `totp-rs`): enrolment,
//! the code check at sign-in with its replay guard and throttling, recovery codes, and what
//! administrators do (require it of an account, reset a lost authenticator).
//!
//! Codes count as sign-in failures under the same key as passwords, and a right password
//! does not clear them while a second step remains: a guesser who knows the password
//! cannot reset the count by signing in again.

use super::failures::{clear_failures, failure_key, gate, policy, record_failure};
use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::entities::{recovery_code, two_factor_secret, user};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::two_factor::{
    RECOVERY_CODE_CHARS, RECOVERY_CODES, SecondFactorCode, SecondStep, print_recovery_code,
    second_step,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps show beside the account.
const ISSUER: &str = "Scrutiny portal";

/// The authenticator for `secret` (base32): SHA-1, six digits, 30-second steps, and one
/// step either side for clocks that drift, the parameters every authenticator app reads.
pub fn authenticator(secret: &str, account: &str) -> AppResult<Totp> {
    let bytes = Secret::try_from_base32(secret).map_err(|e| {
        tracing::error!("a stored authenticator secret is not base32: {e:?}");
        AppError::Internal
    })?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(bytes)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| {
            tracing::error!("building an authenticator: {e:?}");
            AppError::Internal
        })
}

/// A new secret of 160 random bits (RFC 4226's recommended length), in base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &bytes)
}

/// New recovery codes, as printed (four groups of six).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let bytes: [u8; RECOVERY_CODE_CHARS * 5 / 8] = rand::random();
            let bare = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &bytes)
                .to_ascii_lowercase();
            print_recovery_code(&bare)
        })
        .collect()
}

fn code_hash(bare: &str) -> String {
    hex::encode(Sha256::digest(bare.as_bytes()))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn enrolment_uri(secret: &str, account: &str) -> AppResult<String> {
    authenticator(secret, account)?.to_url().map_err(|e| {
        tracing::error!("an authenticator's address: {e:?}");
        AppError::Internal
    })
}

/// The QR code of `uri`, as an SVG file.
pub fn qr_svg(uri: &str) -> AppResult<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| {
        tracing::error!("a QR code: {e}");
        AppError::Internal
    })?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

pub async fn secret_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> AppResult<Option<two_factor_secret::Model>> {
    Ok(two_factor_secret::Entity::find_by_id(user_id)
        .one(db)
        .await?)
}

/// What a sign-in of `user` asks for once the password is right.
pub async fn second_step_of(state: &AppState, user: &user::Model) -> AppResult<SecondStep> {
    let enrolled = secret_of(&state.db, user.id).await?.is_some();
    Ok(second_step(enrolled, user.two_factor_required))
}

/// Unused recovery codes of an account.
pub async fn recovery_codes_left(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// A code of neither shape: refused before it is checked, and not counted as a guess.
fn malformed_code() -> AppError {
    AppError::invalid(
        "code",
        "A code is 6 digits, or a recovery code of 24 letters and digits.",
    )
}

/// A code that does not match. `step` is the audit log's name of the step: while enrolling,
/// only the new app's code confirms it, so the message does not offer recovery codes.
fn wrong_code(step: &str) -> AppError {
    AppError::invalid(
        "code",
        if step == ENROL_STEP {
            "That code is not right. Enter the 6-digit code your authenticator app shows now: the recovery codes work once it is set up."
        } else {
            "That code is not right. Enter the 6-digit code your authenticator app shows now, or an unused recovery code."
        },
    )
}

/// The audit log's name of the enrolment step.
const ENROL_STEP: &str = "enrol";

/// The time step `typed` matches for `secret` now, if any.
fn matching_step(secret: &str, account: &str, typed: &str) -> AppResult<Option<i64>> {
    let now = u64::try_from(clock::now().timestamp()).unwrap_or_default();
    Ok(authenticator(secret, account)?
        .check(typed, now)
        .and_then(|step| i64::try_from(step).ok()))
}

/// How the second step was passed, for the sign-in's audit entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactor {
    Totp,
    RecoveryCode { left: u64 },
}

/// Confirms an enrolment at sign-in: `typed` must be the authenticator's current code for
/// `secret`. Stores the secret (its code's step already spent) and the recovery codes'
/// hashes, and completes the sign-in. Throttled like a password.
pub async fn enrol(
    state: &AppState,
    user: &user::Model,
    secret: &str,
    recovery_codes: &[String],
    typed: &str,
) -> AppResult<()> {
    let key = failure_key(&user.email);
    let failures = gate(state, &key).await?;
    let step = match SecondFactorCode::parse(typed) {
        Some(SecondFactorCode::Totp(code)) => matching_step(secret, &user.email, &code)?,
        Some(SecondFactorCode::Recovery(_)) => None,
        None => return Err(malformed_code()),
    };
    let Some(step) = step else {
        return Err(failed(state, &key, user, ENROL_STEP).await);
    };
    let txn = state.write().await?;
    if secret_of(&txn, user.id).await?.is_some() {
        // Enrolled meanwhile (another tab): this sign-in must use that authenticator.
        return Err(AppError::Stale);
    }
    two_factor_secret::ActiveModel {
        user_id: Set(user.id),
        secret: Set(secret.to_owned()),
        last_step: Set(Some(step)),
        enrolled_at: Set(clock::now()),
    }
    .insert(&txn)
    .await?;
    store_recovery_codes(&txn, user.id, recovery_codes).await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user.id),
            case_id: None,
            action: "two_factor.enrol",
            subject: format!("user:{}", user.id),
            details: json!({ "email": user.email, "recovery_codes": recovery_codes.len() }),
        },
    )
    .await?;
    txn.commit().await?;
    succeeded(state, &key, user, failures, "enrolment").await
}

async fn store_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: i32,
    codes: &[String],
) -> AppResult<()> {
    for code in codes {
        let Some(SecondFactorCode::Recovery(bare)) = SecondFactorCode::parse(code) else {
            tracing::error!("a recovery code made here does not read back");
            return Err(AppError::Internal);
        };
        recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(code_hash(&bare)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Checks the second step of a sign-in: a code of the account's authenticator not used
/// before (a later step than the last accepted), or an unused recovery code, which is then
/// spent. Throttled like a password; every outcome is in the audit log.
pub async fn verify(state: &AppState, user: &user::Model, typed: &str) -> AppResult<SecondFactor> {
    let key = failure_key(&user.email);
    let failures = gate(state, &key).await?;
    let Some(enrolled) = secret_of(&state.db, user.id).await? else {
        // Reset by an administrator since the password step: start again.
        return Err(AppError::Unauthenticated);
    };
    let passed = match SecondFactorCode::parse(typed) {
        Some(SecondFactorCode::Totp(code)) => {
            match matching_step(&enrolled.secret, &user.email, &code)? {
                Some(step) => spend_step(state, user.id, step)
                    .await?
                    .then_some(SecondFactor::Totp),
                None => None,
            }
        }
        Some(SecondFactorCode::Recovery(bare)) => {
            spend_recovery_code(state, user.id, &bare).await?
        }
        None => return Err(malformed_code()),
    };
    let Some(passed) = passed else {
        return Err(failed(state, &key, user, "verify").await);
    };
    let how = match passed {
        SecondFactor::Totp => "authenticator",
        SecondFactor::RecoveryCode { .. } => "recovery code",
    };
    succeeded(state, &key, user, failures, how).await?;
    Ok(passed)
}

/// Records `step` as spent, unless it or a later one already was (a replayed code). One
/// conditional update, so two sign-ins racing with the same code cannot both pass.
async fn spend_step(state: &AppState, user_id: i32, step: i64) -> AppResult<bool> {
    let txn = state.write().await?;
    let updated = two_factor_secret::Entity::update_many()
        .col_expr(two_factor_secret::Column::LastStep, Expr::value(step))
        .filter(two_factor_secret::Column::UserId.eq(user_id))
        .filter(
            Condition::any()
                .add(two_factor_secret::Column::LastStep.is_null())
                .add(two_factor_secret::Column::LastStep.lt(step)),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(updated.rows_affected == 1)
}

async fn spend_recovery_code(
    state: &AppState,
    user_id: i32,
    bare: &str,
) -> AppResult<Option<SecondFactor>> {
    let txn = state.write().await?;
    let updated = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(clock::now()))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::CodeHash.eq(code_hash(bare)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(None);
    }
    let left = recovery_codes_left(&txn, user_id).await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user_id),
            case_id: None,
            action: "two_factor.use_recovery_code",
            subject: format!("user:{user_id}"),
            details: json!({ "left": left }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Some(SecondFactor::RecoveryCode { left }))
}

async fn failed(state: &AppState, key: &str, user: &user::Model, step: &str) -> AppError {
    match record_failure(state, key, &policy(state), Some(step)).await {
        Ok(record) => {
            tracing::info!(
                user_id = user.id,
                failures = record.failed_logins,
                "failed second step"
            );
            match record.locked_until {
                Some(until) => state.locked_until(until),
                None => wrong_code(step),
            }
        }
        Err(e) => e,
    }
}

async fn succeeded(
    state: &AppState,
    key: &str,
    user: &user::Model,
    failures: i32,
    how: &str,
) -> AppResult<()> {
    let signed_in = Change {
        actor_id: Some(user.id),
        case_id: None,
        action: "login.succeed",
        subject: format!("user:{}", user.id),
        details: json!({ "cleared_failures": failures, "second_factor": how }),
    };
    clear_failures(state, key, signed_in).await
}

/// Whether an administrator requires a second factor of an account. Its owner's sessions
/// go on; the requirement applies from their next sign-in.
pub async fn set_required(
    state: &AppState,
    by: Option<i32>,
    user_id: i32,
    required: bool,
) -> AppResult<user::Model> {
    let txn = state.write().await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.two_factor_required == required {
        return Ok(user);
    }
    let updated = user::ActiveModel {
        id: Set(user.id),
        two_factor_required: Set(required),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: by,
            case_id: None,
            action: if required {
                "two_factor.require"
            } else {
                "two_factor.waive"
            },
            subject: format!("user:{}", user.id),
            details: json!({ "email": user.email }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Forgets an account's authenticator and recovery codes (a lost phone): its owner enrols
/// again at their next sign-in if a second factor is required. Their sessions end, since a
/// reset is what follows a lost or stolen device.
pub async fn reset(state: &AppState, by: Option<i32>, user_id: i32) -> AppResult<user::Model> {
    let txn = state.write().await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let removed = two_factor_secret::Entity::delete_by_id(user.id)
        .exec(&txn)
        .await?
        .rows_affected;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    let updated = user::ActiveModel {
        id: Set(user.id),
        version: Set(user.version + 1),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: by,
            case_id: None,
            action: "two_factor.reset",
            subject: format!("user:{}", user.id),
            details: json!({ "email": user.email, "was_enrolled": removed > 0, "ends_sessions": true }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Enrols `secret` without a code from an authenticator: only for the demo accounts, whose
/// secret the run command publishes. Gives no recovery codes.
pub async fn enrol_published_secret(state: &AppState, user_id: i32, secret: &str) -> AppResult<()> {
    let txn = state.write().await?;
    two_factor_secret::ActiveModel {
        user_id: Set(user_id),
        secret: Set(secret.to_owned()),
        last_step: Set(None),
        enrolled_at: Set(clock::now()),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: None,
            case_id: None,
            action: "two_factor.enrol",
            subject: format!("user:{user_id}"),
            details: json!({ "published_demo_secret": true, "recovery_codes": 0 }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
