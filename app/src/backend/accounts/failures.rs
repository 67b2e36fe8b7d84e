//! Failed sign-in attempts, counted per e-mail as typed (known or not): the throttling and
//! locks that passwords and second-step codes share, and clearing them on success or by an
//! administrator.

use crate::backend::audit::{self, Change};
use crate::backend::entities::login_failure;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use chrono::{Duration, Utc};
use domain::throttle::{Gate, LoginRecord, ThrottlePolicy};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use serde_json::json;

pub(super) fn policy(state: &AppState) -> ThrottlePolicy {
    ThrottlePolicy {
        throttle_after: state.config.throttle_after,
        lock_after: state.config.lock_after,
        lock_for: Duration::minutes(state.config.lock_minutes),
        ..ThrottlePolicy::default()
    }
}

/// The key failures are counted under: the e-mail as typed, trimmed and lower case.
pub(super) fn failure_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn record_of(row: Option<&login_failure::Model>) -> LoginRecord {
    row.map_or_else(ThrottlePolicy::cleared, |r| LoginRecord {
        failed_logins: r.failed_logins,
        last_failed_at: Some(r.last_failed_at),
        locked_until: r.locked_until,
    })
}

pub(super) async fn failures_of(
    state: &AppState,
    key: &str,
) -> AppResult<Option<login_failure::Model>> {
    Ok(login_failure::Entity::find_by_id(key.to_owned())
        .one(&state.db)
        .await?)
}

/// Records one more failure from the current row, not from a copy read before hashing, so
/// that attempts racing in parallel each count (and the lock takes effect).
///
/// The transaction writes first (an insert that does nothing if the row exists): that takes
/// the row lock on PostgreSQL and the write lock on SQLite before the row is read.
///
/// `second_step` names the second step that failed (`None` for a password).
pub(super) async fn record_failure(
    state: &AppState,
    key: &str,
    policy: &ThrottlePolicy,
    second_step: Option<&str>,
) -> AppResult<LoginRecord> {
    let now = Utc::now();
    let txn = state.write().await?;
    login_failure::Entity::insert(login_failure::ActiveModel {
        email: Set(key.to_owned()),
        failed_logins: Set(0),
        last_failed_at: Set(now),
        locked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(login_failure::Column::Email)
            // Qualified: PostgreSQL sees both the row and `excluded` here.
            .value(
                login_failure::Column::FailedLogins,
                Expr::col((login_failure::Entity, login_failure::Column::FailedLogins)),
            )
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let current = login_failure::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await?;
    let record = policy.after_failure(&record_of(current.as_ref()), now);
    login_failure::ActiveModel {
        email: Set(key.to_owned()),
        failed_logins: Set(record.failed_logins),
        last_failed_at: Set(now),
        locked_until: Set(record.locked_until),
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: None,
            case_id: None,
            action: "login.fail",
            subject: format!("login:{key}"),
            details: json!({
                "email": key,
                "failed_logins": record.failed_logins,
                "locked_until": record.locked_until.map(|t| t.to_rfc3339()),
                "second_step": second_step,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(record)
}

/// Forgets the failures counted under `key` and records why: a success, or an
/// administrator's unlock.
pub(super) async fn clear_failures(
    state: &AppState,
    key: &str,
    change: Change<'_>,
) -> AppResult<()> {
    let txn = state.write().await?;
    login_failure::Entity::delete_by_id(key.to_owned())
        .exec(&txn)
        .await?;
    audit::append(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

/// Drops failure rows that no longer hold anything back: no lock in force and the last
/// failure a day old. Keeps the table small however many e-mails are tried.
pub async fn forget_stale_failures(state: &AppState) -> AppResult<u64> {
    let now = Utc::now();
    let txn = state.write().await?;
    let deleted = login_failure::Entity::delete_many()
        .filter(login_failure::Column::LastFailedAt.lt(now - Duration::days(1)))
        .filter(
            Condition::any()
                .add(login_failure::Column::LockedUntil.is_null())
                .add(login_failure::Column::LockedUntil.lt(now)),
        )
        .exec(&txn)
        .await?;
    if deleted.rows_affected > 0 {
        audit::append(
            &txn,
            Change {
                actor_id: None,
                case_id: None,
                action: "login.forget_failures",
                subject: "login_failures".to_owned(),
                details: json!({ "forgotten": deleted.rows_affected }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(deleted.rows_affected)
}

/// Whether an attempt under `key` may be checked now; the failures counted so far if so.
pub(super) async fn gate(state: &AppState, key: &str) -> AppResult<i32> {
    let failures = failures_of(state, key).await?;
    match policy(state).gate(&record_of(failures.as_ref()), Utc::now()) {
        Gate::Open => Ok(failures.map_or(0, |f| f.failed_logins)),
        Gate::Wait(seconds) => Err(AppError::Throttled { seconds }),
        Gate::Locked(until) => Err(state.locked_until(until)),
    }
}
