//! Accounts: creating them, signing in with throttling, changing passwords, unlocking.

use super::audit::{self, Change};
use super::auth::internal;
use super::entities::{login_failure, user};
use super::passwords;
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{Page, UserView};
use chrono::{Duration, Utc};
use domain::FieldErrors;
use domain::fields::{Email, NewPassword, PersonName};
use domain::throttle::{Gate, LoginRecord, ThrottlePolicy};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;

fn policy(state: &AppState) -> ThrottlePolicy {
    ThrottlePolicy {
        throttle_after: state.config.throttle_after,
        lock_after: state.config.lock_after,
        lock_for: Duration::minutes(state.config.lock_minutes),
        ..ThrottlePolicy::default()
    }
}

/// The key failures are counted under: the e-mail as typed, trimmed and lower case.
fn failure_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn record_of(row: Option<&login_failure::Model>) -> LoginRecord {
    row.map_or_else(ThrottlePolicy::cleared, |r| LoginRecord {
        failed_logins: r.failed_logins,
        last_failed_at: Some(r.last_failed_at),
        locked_until: r.locked_until,
    })
}

async fn failures_of(state: &AppState, key: &str) -> AppResult<Option<login_failure::Model>> {
    login_failure::Entity::find_by_id(key.to_owned())
        .one(&state.db)
        .await
        .map_err(internal)
}

/// Records one more failure from the current row, not from a copy read before hashing, so
/// that attempts racing in parallel each count (and the lock takes effect).
///
/// The transaction writes first (an insert that does nothing if the row exists): that takes
/// the row lock on PostgreSQL and the write lock on SQLite before the row is read.
async fn record_failure(
    state: &AppState,
    key: &str,
    policy: &ThrottlePolicy,
) -> AppResult<LoginRecord> {
    let now = Utc::now();
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
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
    .await
    .map_err(internal)?;
    let current = login_failure::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await
        .map_err(internal)?;
    let record = policy.after_failure(&record_of(current.as_ref()), now);
    login_failure::ActiveModel {
        email: Set(key.to_owned()),
        failed_logins: Set(record.failed_logins),
        last_failed_at: Set(now),
        locked_until: Set(record.locked_until),
    }
    .update(&txn)
    .await
    .map_err(internal)?;
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
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(record)
}

/// Forgets the failures counted under `key` and records why: a success, or an
/// administrator's unlock.
async fn clear_failures(state: &AppState, key: &str, change: Change<'_>) -> AppResult<()> {
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    login_failure::Entity::delete_by_id(key.to_owned())
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::append(&txn, change).await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Drops failure rows that no longer hold anything back: no lock in force and the last
/// failure a day old. Keeps the table small however many e-mails are tried.
pub async fn forget_stale_failures(state: &AppState) -> AppResult<u64> {
    let now = Utc::now();
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let deleted = login_failure::Entity::delete_many()
        .filter(login_failure::Column::LastFailedAt.lt(now - Duration::days(1)))
        .filter(
            Condition::any()
                .add(login_failure::Column::LockedUntil.is_null())
                .add(login_failure::Column::LockedUntil.lt(now)),
        )
        .exec(&txn)
        .await
        .map_err(internal)?;
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
    txn.commit().await.map_err(internal)?;
    Ok(deleted.rows_affected)
}

/// The names of the accounts `ids`, for showing who did what.
pub async fn names_of(
    db: &impl sea_orm::ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> AppResult<HashMap<i32, String>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub async fn find_by_email(state: &AppState, email: &str) -> AppResult<Option<user::Model>> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&state.db)
        .await
        .map_err(internal)
}

/// Checks a login. An unknown e-mail is treated exactly like a known one with a wrong
/// password: the same hashing time, the same message, the same throttling and locks, so no
/// reply tells who has an account.
pub async fn authenticate(state: &AppState, email: &str, password: &str) -> AppResult<user::Model> {
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
    let failures = failures_of(state, &key).await?;
    match policy.gate(&record_of(failures.as_ref()), Utc::now()) {
        Gate::Open => {}
        Gate::Wait(seconds) => return Err(AppError::Throttled { seconds }),
        Gate::Locked(until) => return Err(state.locked_until(until)),
    }

    let found = find_by_email(state, email).await?;
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let matches = passwords::verify(password.to_owned(), stored).await?;
    match found {
        Some(user) if matches => {
            let signed_in = Change {
                actor_id: Some(user.id),
                case_id: None,
                action: "login.succeed",
                subject: format!("user:{}", user.id),
                details: json!({ "cleared_failures": failures.as_ref().map_or(0, |f| f.failed_logins) }),
            };
            clear_failures(state, &key, signed_in).await?;
            Ok(user)
        }
        _ => {
            let record = record_failure(state, &key, &policy).await?;
            tracing::info!(failures = record.failed_logins, "failed login");
            match record.locked_until {
                Some(until) => Err(state.locked_until(until)),
                None => Err(AppError::BadCredentials),
            }
        }
    }
}

/// Records that `user_id` signed out (their session is deleted by the caller).
pub async fn record_sign_out(state: &AppState, user_id: i32) -> AppResult<()> {
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
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
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// A new account. Fields are checked together so the form can show every problem at once.
pub async fn create_user(
    state: &AppState,
    by: Option<i32>,
    name: &str,
    email: &str,
    password: &str,
    is_admin: bool,
) -> AppResult<user::Model> {
    let mut errors = FieldErrors::default();
    let name = errors.take(PersonName::parse("name", name));
    let email = errors.take(Email::parse("email", email));
    let password = errors.take(NewPassword::parse("password", password));
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return Err(errors.into());
    };
    let password_hash = passwords::hash(password.expose().to_owned()).await?;

    let _writer = state.write_guard().await;
    if find_by_email(state, email.as_str()).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            "An account with this e-mail already exists.",
        ));
    }
    let txn = state.db.begin().await.map_err(internal)?;
    let created = user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        name: Set(name.into_inner()),
        password_hash: Set(password_hash),
        is_admin: Set(is_admin),
        created_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        unique_violation_or_internal(e, "email", "An account with this e-mail already exists.")
    })?;
    audit::append(
        &txn,
        Change {
            actor_id: by,
            case_id: None,
            action: "user.create",
            subject: format!("user:{}", created.id),
            details: json!({
                "email": created.email,
                "name": created.name,
                "is_admin": created.is_admin,
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

pub async fn set_password(
    state: &AppState,
    by: Option<i32>,
    email: &str,
    password: &str,
) -> AppResult<()> {
    let password = NewPassword::parse("password", password).map_err(FieldErrors::from)?;
    let user = find_by_email(state, email)
        .await?
        .ok_or(AppError::NotFound)?;
    let password_hash = passwords::hash(password.expose().to_owned()).await?;
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(password_hash),
        version: Set(user.version + 1),
        ..Default::default()
    }
    .update(&txn)
    .await
    .map_err(internal)?;
    audit::append(
        &txn,
        Change {
            actor_id: by,
            case_id: None,
            action: "user.set_password",
            subject: format!("user:{}", user.id),
            details: json!({ "email": user.email, "ends_sessions": true }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Lifts a lock and forgets past failures.
pub async fn unlock(state: &AppState, by: Option<i32>, user_id: i32) -> AppResult<user::Model> {
    let user = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let unlocked = Change {
        actor_id: by,
        case_id: None,
        action: "user.unlock",
        subject: format!("user:{}", user.id),
        details: json!({ "email": user.email }),
    };
    clear_failures(state, &failure_key(&user.email), unlocked).await?;
    Ok(user)
}

/// An account as the administration list shows it, with its failures if it has any.
pub fn user_view(
    state: &AppState,
    user: &user::Model,
    failures: Option<&login_failure::Model>,
) -> UserView {
    let now = Utc::now();
    UserView {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        is_admin: user.is_admin,
        locked_until: failures
            .and_then(|f| f.locked_until)
            .filter(|until| *until > now)
            .map(|until| state.format_time(until)),
        failed_logins: failures.map_or(0, |f| f.failed_logins),
    }
}

pub async fn user_view_of(state: &AppState, user: &user::Model) -> AppResult<UserView> {
    let failures = failures_of(state, &failure_key(&user.email)).await?;
    Ok(user_view(state, user, failures.as_ref()))
}

pub async fn list_users(state: &AppState, page: u64, per_page: u64) -> AppResult<Page<UserView>> {
    let paginator = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .paginate(&state.db, per_page);
    let total = paginator.num_items().await.map_err(internal)?;
    // Past the last page (or a silly number in the URL) shows the last page.
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let items = paginator.fetch_page(page - 1).await.map_err(internal)?;
    let failures: HashMap<String, login_failure::Model> = login_failure::Entity::find()
        .filter(login_failure::Column::Email.is_in(items.iter().map(|u| u.email.clone())))
        .all(&state.db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|f| (f.email.clone(), f))
        .collect();
    Ok(Page {
        items: items
            .iter()
            .map(|u| user_view(state, u, failures.get(&u.email)))
            .collect(),
        page,
        per_page,
        total,
    })
}

/// Turns a unique-constraint violation (a concurrent duplicate) into the field error a
/// person can act on; anything else is logged as internal.
pub fn unique_violation_or_internal(e: sea_orm::DbErr, field: &str, message: &str) -> AppError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::invalid(field, message),
        _ => internal(e),
    }
}
