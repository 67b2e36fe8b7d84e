//! What every step of a request shares: who may know of it, the state machine check
//! against the form's revision, the conditional update, and filing a step on the docket.

use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::directives;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{clarification, directive, directive_version, party};
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use domain::clarification::{ClarificationEvent, ClarificationState};
use domain::evidence::SealingTier;
use domain::{Action, Actor, can};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;

pub(super) const TEXT_MAX: usize = 20_000;

pub const TARGET: &str = "clarification";
pub const RESPONSE_TARGET: &str = "clarification_response";

pub(super) fn state_of(c: &clarification::Model) -> AppResult<ClarificationState> {
    Ok(*c.state)
}

/// Whether `actor` may know of a request: its directive must be readable by them, and the
/// rules must allow it (a draft is its party's own until it is filed).
pub(super) fn may_see(actor: &Actor, c: &clarification::Model, directive_readable: bool) -> bool {
    directive_readable
        && can(
            actor,
            Action::SeeClarification {
                party: c.party_id,
                filed: *c.state != ClarificationState::Draft,
            },
        )
}

/// A request of the case that `actor` may know of, with its directive.
pub(super) async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    id: i32,
) -> AppResult<(
    clarification::Model,
    directive::Model,
    directive_version::Model,
)> {
    let c = clarification::Entity::find_by_id(id)
        .filter(clarification::Column::CaseId.eq(case_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = directive_version::Entity::find_by_id(c.version_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let readable = directives::visible_directive(db, actor, case_id, version.directive_id).await;
    let (d, _) = match readable {
        Ok(found) => found,
        Err(AppError::NotFound) => return Err(AppError::NotFound),
        Err(other) => return Err(other),
    };
    if may_see(actor, &c, true) {
        Ok((c, d, version))
    } else {
        Err(AppError::NotFound)
    }
}

/// Moves a request to `to` if it is still at `revision` and in `from`; `changes` sets
/// further columns in the same update.
pub(super) async fn transition(
    txn: &impl ConnectionTrait,
    c: &clarification::Model,
    revision: i32,
    to: ClarificationState,
    changes: Vec<(clarification::Column, Expr)>,
) -> AppResult<()> {
    let mut update = clarification::Entity::update_many()
        .col_expr(clarification::Column::State, Expr::value(to.as_str()))
        .filter(clarification::Column::Id.eq(c.id))
        .filter(clarification::Column::State.eq(c.state.as_str()));
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    revision::advance(txn, update, clarification::Column::Revision, revision).await
}

/// Checks an event against the state machine and the form's revision, before any write.
pub(super) fn check(
    c: &clarification::Model,
    revision: &str,
    event: ClarificationEvent,
) -> AppResult<(i32, ClarificationState)> {
    let revision = revision::parse(revision)?;
    let to = state_of(c)?
        .apply(event)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    if revision != c.revision {
        return Err(AppError::Stale);
    }
    Ok((revision, to))
}

pub(super) async fn party_name(db: &impl ConnectionTrait, party_id: i32) -> AppResult<String> {
    Ok(party::Entity::find_by_id(party_id)
        .one(db)
        .await?
        .map(|p| p.short_name)
        .unwrap_or_default())
}

/// Files a step of a request on the docket: parties material, or court-only with the
/// requesting party when the directive itself is sealed.
pub(super) async fn file_step(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    version: &directive_version::Model,
    party_id: Option<i32>,
    title: String,
    acted_at: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<()> {
    let sealed = *version.tier == SealingTier::CourtOnly;
    docket::file(
        txn,
        Filing {
            case_id: c.case_id,
            filed_by: Some(user_id),
            party_id,
            kind: TARGET,
            title,
            target_kind: TARGET,
            target_id: c.id,
            tier: if sealed {
                SealingTier::CourtOnly
            } else {
                SealingTier::Parties
            },
            readers: vec![c.party_id],
            notify_filer: false,
            agents: Vec::new(),
            acted_at,
        },
    )
    .await?;
    Ok(())
}

pub(super) async fn file_in(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    d: &directive::Model,
    version: &directive_version::Model,
) -> AppResult<clarification::Model> {
    let (revision, to) = check(c, &c.revision.to_string(), ClarificationEvent::File)?;
    let now = clock::now();
    transition(
        txn,
        c,
        revision,
        to,
        vec![(clarification::Column::FiledAt, Expr::value(now))],
    )
    .await?;
    audit_step(txn, user_id, c, "clarification.file", json!({})).await?;
    let party = party_name(txn, c.party_id).await?;
    file_step(
        txn,
        user_id,
        c,
        version,
        Some(c.party_id),
        format!(
            "Request for clarification ({party}) of directive {}: “{}”",
            d.label, c.quote
        ),
        None,
    )
    .await?;
    clarification::Entity::find_by_id(c.id)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)
}

pub(super) async fn audit_step(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    action: &'static str,
    details: serde_json::Value,
) -> AppResult<()> {
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.case_id),
            action,
            subject: format!("clarification:{}", c.id),
            details,
        },
    )
    .await?;
    Ok(())
}
