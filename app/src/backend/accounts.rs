//! Accounts: creating them, signing in with throttling, changing passwords, unlocking.

use super::auth::internal;
use super::entities::user;
use super::passwords;
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{Page, UserView};
use chrono::{Duration, Utc};
use domain::FieldErrors;
use domain::fields::{Email, NewPassword, PersonName};
use domain::throttle::{Gate, LoginRecord, ThrottlePolicy};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

fn policy(state: &AppState) -> ThrottlePolicy {
    ThrottlePolicy {
        throttle_after: state.config.throttle_after,
        lock_after: state.config.lock_after,
        lock_for: Duration::minutes(state.config.lock_minutes),
        ..ThrottlePolicy::default()
    }
}

fn record_of(user: &user::Model) -> LoginRecord {
    LoginRecord {
        failed_logins: user.failed_logins,
        last_failed_at: user.last_failed_at,
        locked_until: user.locked_until,
    }
}

/// Records one more failure from the account's current row, not from a copy read before
/// hashing, so that attempts racing in parallel each count (and the lock takes effect).
///
/// The transaction writes first: that takes the row lock on PostgreSQL and the write lock on
/// SQLite before the row is read, so no other writer can slip in between read and write.
async fn record_failure(
    state: &AppState,
    user_id: i32,
    policy: &ThrottlePolicy,
) -> AppResult<LoginRecord> {
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            Expr::col(user::Column::FailedLogins),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    let current = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::BadCredentials)?;
    let record = policy.after_failure(&record_of(&current), Utc::now());
    user::ActiveModel {
        id: Set(user_id),
        failed_logins: Set(record.failed_logins),
        last_failed_at: Set(record.last_failed_at),
        locked_until: Set(record.locked_until),
        ..Default::default()
    }
    .update(&txn)
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    Ok(record)
}

async fn store_record(state: &AppState, user: &user::Model, record: LoginRecord) -> AppResult<()> {
    let _writer = state.write_guard().await;
    user::ActiveModel {
        id: Set(user.id),
        failed_logins: Set(record.failed_logins),
        last_failed_at: Set(record.last_failed_at),
        locked_until: Set(record.locked_until),
        ..Default::default()
    }
    .update(&state.db)
    .await
    .map_err(internal)?;
    Ok(())
}

pub async fn find_by_email(state: &AppState, email: &str) -> AppResult<Option<user::Model>> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&state.db)
        .await
        .map_err(internal)
}

/// Checks a login. Every failure that is not a lock or a wait reads the same, and an unknown
/// e-mail costs the same hashing time as a known one.
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

    let found = find_by_email(state, email).await?;
    let policy = policy(state);
    let now = Utc::now();
    if let Some(user) = &found {
        match policy.gate(&record_of(user), now) {
            Gate::Open => {}
            Gate::Wait(seconds) => return Err(AppError::Throttled { seconds }),
            Gate::Locked(until) => {
                return Err(AppError::Locked {
                    until: state.format_time(until),
                });
            }
        }
    }

    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let matches = passwords::verify(password.to_owned(), stored).await?;
    match found {
        Some(user) if matches => {
            if user.failed_logins != 0 || user.locked_until.is_some() {
                store_record(state, &user, ThrottlePolicy::cleared()).await?;
            }
            Ok(user)
        }
        Some(user) => {
            let record = record_failure(state, user.id, &policy).await?;
            tracing::info!(
                user_id = user.id,
                failures = record.failed_logins,
                "failed login"
            );
            match record.locked_until {
                Some(until) => Err(AppError::Locked {
                    until: state.format_time(until),
                }),
                None => Err(AppError::BadCredentials),
            }
        }
        None => Err(AppError::BadCredentials),
    }
}

/// A new account. Fields are checked together so the form can show every problem at once.
pub async fn create_user(
    state: &AppState,
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
    user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        name: Set(name.into_inner()),
        password_hash: Set(password_hash),
        is_admin: Set(is_admin),
        failed_logins: Set(0),
        created_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .map_err(|e| {
        unique_violation_or_internal(e, "email", "An account with this e-mail already exists.")
    })
}

pub async fn set_password(state: &AppState, email: &str, password: &str) -> AppResult<()> {
    let password = NewPassword::parse("password", password).map_err(FieldErrors::from)?;
    let user = find_by_email(state, email)
        .await?
        .ok_or(AppError::NotFound)?;
    let password_hash = passwords::hash(password.expose().to_owned()).await?;
    let _writer = state.write_guard().await;
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(password_hash),
        version: Set(user.version + 1),
        ..Default::default()
    }
    .update(&state.db)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Lifts a lock and forgets past failures.
pub async fn unlock(state: &AppState, user_id: i32) -> AppResult<user::Model> {
    let user = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    store_record(state, &user, ThrottlePolicy::cleared()).await?;
    Ok(user)
}

pub fn user_view(state: &AppState, user: &user::Model) -> UserView {
    let now = Utc::now();
    UserView {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        is_admin: user.is_admin,
        locked_until: user
            .locked_until
            .filter(|until| *until > now)
            .map(|until| state.format_time(until)),
        failed_logins: user.failed_logins,
    }
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
    Ok(Page {
        items: items.iter().map(|u| user_view(state, u)).collect(),
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
