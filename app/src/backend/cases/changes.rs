//! Correcting a case's parties and members after they were added: editing them, removing
//! a member (who loses access with their next request, as every case page checks
//! membership), and removing a party, which is a withdrawal once it has any record.

use super::records::{NewParty, at_revision, bump_version, checked_party, member_role};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::entities::{
    case_member, clarification, clarification_response, docket_entry, docket_reader, evidence_item,
    obligation, party, response,
};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::{Action, Actor, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

/// A party of the case, or 404.
async fn party_of(state: &AppState, case_id: i32, party_id: i32) -> AppResult<party::Model> {
    party::Entity::find_by_id(party_id)
        .filter(party::Column::CaseId.eq(case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A member of the case, or 404.
async fn member_of(
    state: &AppState,
    case_id: i32,
    member_id: i32,
) -> AppResult<case_member::Model> {
    case_member::Entity::find_by_id(member_id)
        .filter(case_member::Column::CaseId.eq(case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Changes a party's name, short name or role.
pub async fn edit_party(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    party_id: i32,
    input: NewParty<'_>,
) -> AppResult<()> {
    authorize(actor, Action::AddParty)?;
    let (_, expected) = at_revision(state, case_id, input.revision).await?;
    let before = party_of(state, case_id, party_id).await?;
    let (name, short_name, role) = checked_party(state, case_id, &input, Some(party_id)).await?;
    if name == before.name && short_name == before.short_name && role == *before.role {
        return Err(AppError::invalid(
            "name",
            "Nothing would change: edit a field, or leave the party as it is.",
        ));
    }
    let txn = state.write().await?;
    bump_version(&txn, case_id, expected).await?;
    party::Entity::update_many()
        .col_expr(party::Column::Name, Expr::value(name.clone()))
        .col_expr(party::Column::ShortName, Expr::value(short_name.clone()))
        .col_expr(party::Column::Role, Expr::value(role.as_str()))
        .filter(party::Column::Id.eq(party_id))
        .exec(&txn)
        .await
        .map_err(|e| {
            unique_violation_or_internal(e, "short_name", super::records::DUPLICATE_PARTY)
        })?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(case_id),
            action: "party.edit",
            subject: format!("party:{party_id}"),
            details: json!({
                "before": { "name": before.name, "short_name": before.short_name, "role": before.role },
                "after": { "name": name, "short_name": short_name, "role": role.as_str() },
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What removing a party did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartyRemoval {
    /// It had no record of any kind, and is gone.
    Deleted,
    /// It had filings, obligations, evidence, docket entries or members: it stays, withdrawn.
    Withdrawn,
}

/// How many records of any kind name the party.
async fn records_of(db: &impl ConnectionTrait, party_id: i32) -> AppResult<u64> {
    Ok(response::Entity::find()
        .filter(response::Column::PartyId.eq(party_id))
        .count(db)
        .await?
        + obligation::Entity::find()
            .filter(obligation::Column::PartyId.eq(party_id))
            .count(db)
            .await?
        + evidence_item::Entity::find()
            .filter(evidence_item::Column::ProducerPartyId.eq(party_id))
            .count(db)
            .await?
        + clarification::Entity::find()
            .filter(clarification::Column::PartyId.eq(party_id))
            .count(db)
            .await?
        + clarification_response::Entity::find()
            .filter(clarification_response::Column::PartyId.eq(party_id))
            .count(db)
            .await?
        + docket_entry::Entity::find()
            .filter(docket_entry::Column::PartyId.eq(party_id))
            .count(db)
            .await?
        + docket_reader::Entity::find()
            .filter(docket_reader::Column::PartyId.eq(party_id))
            .count(db)
            .await?
        + case_member::Entity::find()
            .filter(case_member::Column::PartyId.eq(party_id))
            .count(db)
            .await?)
}

/// Removes a party added by mistake, or withdraws one that has any record, so that its
/// history keeps its name.
pub async fn remove_party(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    party_id: i32,
    revision: &str,
) -> AppResult<PartyRemoval> {
    authorize(actor, Action::AddParty)?;
    let (_, expected) = at_revision(state, case_id, revision).await?;
    let p = party_of(state, case_id, party_id).await?;
    if p.withdrawn_at.is_some() {
        return Err(AppError::invalid(
            "party",
            format!("{} has already withdrawn from the case.", p.short_name),
        ));
    }
    let txn = state.write().await?;
    bump_version(&txn, case_id, expected).await?;
    let done = if records_of(&txn, party_id).await? == 0 {
        party::Entity::delete_by_id(party_id).exec(&txn).await?;
        PartyRemoval::Deleted
    } else {
        party::Entity::update_many()
            .col_expr(party::Column::WithdrawnAt, Expr::value(clock::now()))
            .filter(party::Column::Id.eq(party_id))
            .exec(&txn)
            .await?;
        PartyRemoval::Withdrawn
    };
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(case_id),
            action: match done {
                PartyRemoval::Deleted => "party.remove",
                PartyRemoval::Withdrawn => "party.withdraw",
            },
            subject: format!("party:{party_id}"),
            details: json!({ "name": p.name, "short_name": p.short_name }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(done)
}

/// Changes a member's role, or the party they act for.
pub async fn edit_member(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    member_id: i32,
    role: &str,
    party_id: &str,
    revision: &str,
) -> AppResult<()> {
    authorize(actor, Action::AddMember)?;
    let (_, expected) = at_revision(state, case_id, revision).await?;
    let before = member_of(state, case_id, member_id).await?;
    let mut errors = FieldErrors::default();
    let (role, party_id) = member_role(state, case_id, role, party_id, &mut errors).await?;
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Err(errors.into());
    };
    if role == *before.role && party_id == before.party_id {
        return Err(AppError::invalid(
            "role",
            "Nothing would change: choose another role or party, or leave the member as they are.",
        ));
    }
    let txn = state.write().await?;
    bump_version(&txn, case_id, expected).await?;
    case_member::Entity::update_many()
        .col_expr(case_member::Column::Role, Expr::value(role.as_str()))
        .col_expr(case_member::Column::PartyId, Expr::value(party_id))
        .filter(case_member::Column::Id.eq(member_id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(case_id),
            action: "member.edit",
            subject: format!("member:{member_id}"),
            details: json!({
                "user": before.user_id,
                "before": { "role": before.role, "party": before.party_id },
                "after": { "role": role.as_str(), "party": party_id },
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a member from the case. Every case page and server function checks membership
/// on each request, so they lose access with their next one, whatever sessions they hold,
/// and their notices of the case stop showing.
pub async fn remove_member(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    member_id: i32,
    revision: &str,
) -> AppResult<()> {
    authorize(actor, Action::AddMember)?;
    let (_, expected) = at_revision(state, case_id, revision).await?;
    let m = member_of(state, case_id, member_id).await?;
    let txn = state.write().await?;
    bump_version(&txn, case_id, expected).await?;
    case_member::Entity::delete_by_id(member_id)
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(case_id),
            action: "member.remove",
            subject: format!("member:{member_id}"),
            details: json!({ "user": m.user_id, "role": m.role, "party": m.party_id }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
