//! Accounts as administrators manage them: creating, changing passwords, unlocking, and
//! the list of users.

use super::failures::{clear_failures, failure_key, failures_of};
use super::sign_in::find_by_email;
use super::two_factor;
use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::entities::{login_failure, two_factor_secret, user};
use crate::backend::passwords;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{Page, UserView};
use chrono::Utc;
use domain::FieldErrors;
use domain::fields::{Email, NewPassword, PersonName};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::{HashMap, HashSet};

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

    if find_by_email(state, email.as_str()).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            "An account with this e-mail already exists.",
        ));
    }
    let txn = state.write().await?;
    let created = user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        name: Set(name.into_inner()),
        password_hash: Set(password_hash),
        is_admin: Set(is_admin),
        created_at: Set(clock::now()),
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
    txn.commit().await?;
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
    let txn = state.write().await?;
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(password_hash),
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
            action: "user.set_password",
            subject: format!("user:{}", user.id),
            details: json!({ "email": user.email, "ends_sessions": true }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Lifts a lock and forgets past failures.
pub async fn unlock(state: &AppState, by: Option<i32>, user_id: i32) -> AppResult<user::Model> {
    let user = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
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
    two_factor_enrolled: bool,
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
        two_factor_required: user.two_factor_required,
        two_factor_enrolled,
    }
}

pub async fn user_view_of(state: &AppState, user: &user::Model) -> AppResult<UserView> {
    let failures = failures_of(state, &failure_key(&user.email)).await?;
    let enrolled = two_factor::secret_of(&state.db, user.id).await?.is_some();
    Ok(user_view(state, user, failures.as_ref(), enrolled))
}

pub async fn list_users(state: &AppState, page: u64, per_page: u64) -> AppResult<Page<UserView>> {
    let paginator = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    // Past the last page (or a silly number in the URL) shows the last page.
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let items = paginator.fetch_page(page - 1).await?;
    let failures: HashMap<String, login_failure::Model> = login_failure::Entity::find()
        .filter(login_failure::Column::Email.is_in(items.iter().map(|u| u.email.clone())))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|f| (f.email.clone(), f))
        .collect();
    let enrolled: HashSet<i32> = two_factor_secret::Entity::find()
        .filter(two_factor_secret::Column::UserId.is_in(items.iter().map(|u| u.id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    Ok(Page {
        items: items
            .iter()
            .map(|u| user_view(state, u, failures.get(&u.email), enrolled.contains(&u.id)))
            .collect(),
        page,
        per_page,
        total,
    })
}
