//! Hearing the other parties: the registry opens a filed request for responses until a
//! time, and each party may respond once.

use super::steps::{
    RESPONSE_TARGET, TEXT_MAX, audit_step, check, file_step, party_name, state_of, transition,
    visible,
};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::entities::{clarification, clarification_response};
use crate::backend::evidence;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use domain::clarification::{ClarificationEvent, ClarificationState};
use domain::fields::required_text;
use domain::orders::Position;
use domain::{Action, FieldError, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

/// The registrar opens a filed request for responses until `closes_at` (court's time), or
/// moves the closing time of an open one.
pub async fn open(scope: &CaseScope, id: i32, revision: &str, closes_at: &str) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::ManageClarification)?;
    let user_id = scope.user_id;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let (revision, to) = check(&c, revision, ClarificationEvent::OpenForResponses)?;
    let closes = state
        .parse_court_time("closes_at", "The closing time", closes_at)
        .map_err(FieldErrors::from)?
        .ok_or_else(|| AppError::invalid("closes_at", "Set when responses close."))?;
    if c.filed_at.is_some_and(|filed| closes <= filed) {
        return Err(AppError::invalid(
            "closes_at",
            "Responses must close after the request was filed.",
        ));
    }
    let txn = state.write().await?;
    transition(
        &txn,
        &c,
        revision,
        to,
        vec![(clarification::Column::ResponsesCloseAt, Expr::value(closes))],
    )
    .await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.open",
        json!({ "closes_at": closes.to_rfc3339() }),
    )
    .await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        None,
        format!(
            "Responses to the request for clarification of directive {} invited until {}",
            d.label,
            state.format_time(closes)
        ),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether responses are taken at `now`.
pub(super) fn responses_open(c: &clarification::Model, now: DateTime<Utc>) -> bool {
    *c.state == ClarificationState::OpenForResponses
        && c.responses_close_at.is_some_and(|t| now < t)
}

/// Another party's response: supports, opposes or takes no position.
pub async fn respond(
    scope: &CaseScope,
    id: i32,
    position: &str,
    body: &str,
    exhibits: &str,
) -> AppResult<clarification_response::Model> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let party_id = actor.party_id.ok_or(AppError::Forbidden)?;
    authorize(actor, Action::FileClarification(party_id))?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    if c.party_id == party_id {
        return Err(AppError::invalid(
            "position",
            "Your party made this request: the other parties respond to it.",
        ));
    }
    state_of(&c)?
        .apply(ClarificationEvent::Respond)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    let now = clock::now();
    if !responses_open(&c, now) {
        let closed = c
            .responses_close_at
            .map(|t| state.format_time(t))
            .unwrap_or_default();
        return Err(AppError::invalid(
            "state",
            format!("Responses closed at {closed}."),
        ));
    }
    let mut errors = FieldErrors::default();
    let position = errors.take(
        position
            .parse::<Position>()
            .map_err(|_| FieldError::new("position", "Choose the party's position.")),
    );
    let body = required_text(&mut errors, "body", "The response", body, TEXT_MAX);
    let cited =
        crate::backend::evidence::exhibits(&state.db, actor, case_id, exhibits, &mut errors)
            .await?;
    let (Some(position), Some(body), true) = (position, body, errors.is_empty()) else {
        return Err(errors.into());
    };
    let already = FieldError::new(
        "position",
        "Your party has already responded to this request.",
    );
    let txn = state.write().await?;
    let created = clarification_response::ActiveModel {
        clarification_id: Set(c.id),
        party_id: Set(party_id),
        filed_by: Set(user_id),
        position: Set(position.into()),
        body: Set(body),
        filed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        crate::backend::db::unique_violation_or_internal(e, "position", &already.message)
    })?;
    evidence::cite(&txn, actor, case_id, &cited, RESPONSE_TARGET, created.id).await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.respond",
        json!({
            "party": party_id,
            "position": created.position,
            "body": created.body,
            "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let party = party_name(&txn, party_id).await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        Some(party_id),
        format!(
            "Response ({party}, {}) to the request for clarification of directive {}",
            position.label().to_lowercase(),
            d.label
        ),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}
