//! Administration: accounts and cases.

use crate::error::AppError;
use crate::model::{CaseOverview, CaseSummary, Page, UserView};
use leptos::prelude::*;

/// Rows per page on the administration lists.
pub const PER_PAGE: u64 = 25;

#[cfg(feature = "ssr")]
async fn admin() -> Result<(crate::backend::AppState, domain::Actor), AppError> {
    use crate::backend::auth;
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    let actor = auth::actor_of(&user);
    crate::backend::case_scope::authorize(&actor, domain::Action::Administer)?;
    Ok((state, actor))
}

#[server(endpoint = "admin/users")]
pub async fn admin_users(page: u64) -> Result<Page<UserView>, AppError> {
    let (state, _) = admin().await?;
    crate::backend::accounts::list_users(&state, page.max(1), PER_PAGE).await
}

/// `is_admin` is a checkbox: present ("on") when ticked, absent otherwise.
#[server(endpoint = "admin/create_user")]
pub async fn create_user(
    name: String,
    email: String,
    password: String,
    is_admin: Option<String>,
) -> Result<UserView, AppError> {
    use crate::backend::accounts;
    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::CreateUser)?;
    let user = accounts::create_user(
        &state,
        actor.user_id,
        &name,
        &email,
        &password,
        is_admin.is_some(),
    )
    .await?;
    tracing::info!(user_id = user.id, "account created");
    accounts::user_view_of(&state, &user).await
}

#[server(endpoint = "admin/unlock_user")]
pub async fn unlock_user(user_id: i32) -> Result<UserView, AppError> {
    use crate::backend::accounts;
    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::ManageSignIn)?;
    let user = accounts::unlock(&state, actor.user_id, user_id).await?;
    accounts::user_view_of(&state, &user).await
}

/// Requires a second factor of an account (`required` is "true"), or waives it.
#[server(endpoint = "admin/require_two_factor")]
pub async fn require_two_factor(user_id: i32, required: bool) -> Result<UserView, AppError> {
    use crate::backend::accounts::{self, two_factor};
    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::ManageSignIn)?;
    let user = two_factor::set_required(&state, actor.user_id, user_id, required).await?;
    accounts::user_view_of(&state, &user).await
}

/// Forgets an account's authenticator and recovery codes, and ends its sessions.
#[server(endpoint = "admin/reset_two_factor")]
pub async fn reset_two_factor(user_id: i32) -> Result<UserView, AppError> {
    use crate::backend::accounts::{self, two_factor};
    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::ManageSignIn)?;
    let user = two_factor::reset(&state, actor.user_id, user_id).await?;
    tracing::info!(user_id = user.id, "second factor reset");
    accounts::user_view_of(&state, &user).await
}

#[server(endpoint = "admin/cases")]
pub async fn admin_cases(page: u64) -> Result<Page<CaseSummary>, AppError> {
    let (state, actor) = admin().await?;
    crate::backend::cases::all_cases(&state, &actor, page.max(1), PER_PAGE).await
}

#[server(endpoint = "admin/create_case")]
pub async fn create_case(
    number: String,
    title: String,
    court: String,
    filing_date: String,
) -> Result<i32, AppError> {
    use crate::backend::cases::{self, NewCase};
    let (state, actor) = admin().await?;
    let created = cases::create_case(
        &state,
        &actor,
        NewCase {
            number: &number,
            title: &title,
            court: &court,
            filing_date: &filing_date,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/cases/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "admin/case")]
pub async fn admin_case(case_id: i32) -> Result<CaseOverview, AppError> {
    let (state, actor) = admin().await?;
    crate::backend::cases::for_admin(&state, &actor, case_id).await
}

#[server(endpoint = "admin/add_party")]
pub async fn add_party(
    case_id: i32,
    revision: String,
    name: String,
    short_name: String,
    role: String,
) -> Result<(), AppError> {
    use crate::backend::cases::{self, NewParty};
    let (state, actor) = admin().await?;
    cases::add_party(
        &state,
        &actor,
        case_id,
        NewParty {
            name: &name,
            short_name: &short_name,
            role: &role,
            revision: &revision,
        },
    )
    .await?;
    Ok(())
}

#[server(endpoint = "admin/add_member")]
pub async fn add_member(
    case_id: i32,
    revision: String,
    email: String,
    role: String,
    party_id: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::cases::{self, NewMember};
    let (state, actor) = admin().await?;
    cases::add_member(
        &state,
        &actor,
        case_id,
        NewMember {
            email: &email,
            role: &role,
            party_id: party_id.as_deref().unwrap_or(""),
            revision: &revision,
        },
    )
    .await?;
    Ok(())
}

/// Walks the audit chain, as `scrutiny-portal audit verify` does.
#[server(endpoint = "admin/audit_verify")]
pub async fn audit_verify() -> Result<crate::model::AuditStatus, AppError> {
    use crate::backend::audit::{self, Verdict};

    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::VerifyAudit)?;
    let started = std::time::Instant::now();
    let verdict = audit::verify(&state.db).await?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(match verdict {
        Verdict::Intact { length, head } => crate::model::AuditStatus {
            intact: true,
            length,
            head,
            broken_at: None,
            problem: None,
            seconds,
        },
        Verdict::Broken { seq, problem } => {
            let (length, head) = audit::head(&state.db).await?;
            crate::model::AuditStatus {
                intact: false,
                length,
                head,
                broken_at: Some(seq),
                problem: Some(problem),
                seconds,
            }
        }
    })
}

/// The latest audit entries, newest first; `before` is a sequence number from the last page.
#[server(endpoint = "admin/audit_entries")]
pub async fn audit_entries(
    before: Option<i64>,
) -> Result<Vec<crate::model::AuditEntryView>, AppError> {
    let (state, actor) = admin().await?;
    crate::backend::case_scope::authorize(&actor, domain::Action::VerifyAudit)?;
    crate::backend::audit::latest(&state, before, PER_PAGE).await
}

#[server(endpoint = "admin/edit_party")]
pub async fn edit_party(
    case_id: i32,
    party_id: i32,
    revision: String,
    name: String,
    short_name: String,
    role: String,
) -> Result<(), AppError> {
    use crate::backend::cases::{self, NewParty};
    let (state, actor) = admin().await?;
    cases::edit_party(
        &state,
        &actor,
        case_id,
        party_id,
        NewParty {
            name: &name,
            short_name: &short_name,
            role: &role,
            revision: &revision,
        },
    )
    .await
}

/// Returns whether the party was withdrawn (it had records) rather than deleted.
#[server(endpoint = "admin/remove_party")]
pub async fn remove_party(case_id: i32, party_id: i32, revision: String) -> Result<bool, AppError> {
    use crate::backend::cases::{self, PartyRemoval};
    let (state, actor) = admin().await?;
    let done = cases::remove_party(&state, &actor, case_id, party_id, &revision).await?;
    Ok(done == PartyRemoval::Withdrawn)
}

#[server(endpoint = "admin/edit_member")]
pub async fn edit_member(
    case_id: i32,
    member_id: i32,
    revision: String,
    role: String,
    party_id: String,
) -> Result<(), AppError> {
    let (state, actor) = admin().await?;
    crate::backend::cases::edit_member(
        &state, &actor, case_id, member_id, &role, &party_id, &revision,
    )
    .await
}

#[server(endpoint = "admin/remove_member")]
pub async fn remove_member(case_id: i32, member_id: i32, revision: String) -> Result<(), AppError> {
    let (state, actor) = admin().await?;
    crate::backend::cases::remove_member(&state, &actor, case_id, member_id, &revision).await
}

/// Every election with a station register, for choosing a case's.
#[server(endpoint = "admin/registers")]
pub async fn admin_registers() -> Result<Vec<crate::model::RegisterView>, AppError> {
    let (state, _) = admin().await?;
    Ok(crate::backend::stations::elections(&state.db)
        .await?
        .into_iter()
        .map(|(e, stations)| crate::model::RegisterView {
            election_id: e.id,
            name: e.name,
            stations,
        })
        .collect())
}

#[server(endpoint = "admin/set_register")]
pub async fn set_register(
    case_id: i32,
    revision: String,
    election_id: String,
) -> Result<(), AppError> {
    let (state, actor) = admin().await?;
    crate::backend::cases::set_election(&state, &actor, case_id, &revision, &election_id).await
}
