//! The court's side of compliance: a registrar or judge assesses a cell, or excuses a
//! party, with reasons; each is filed on the docket.

use super::cells::{Step, apply};
use crate::backend::case_scope::CaseScope;
use crate::backend::directives;
use crate::backend::directives::parties_of;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{
    directive, directive_version, obligation, obligation_event, order, response,
};
use crate::backend::state::AppState;
use crate::backend::{reports, revision};
use crate::error::{AppError, AppResult};
use crate::model::FindingLine;
use chrono::{DateTime, Utc};
use domain::compliance::{Assessment, ComplianceEvent, ComplianceState};
use domain::evidence::SealingTier;
use domain::fields::long_text;
use domain::{Action, Actor};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

const REASON_MAX: usize = 5_000;

/// A cell of the case on the version in force of a directive `actor` may read.
async fn current_cell(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    obligation_id: i32,
) -> AppResult<(
    obligation::Model,
    directive::Model,
    directive_version::Model,
)> {
    let cell = obligation::Entity::find_by_id(obligation_id)
        .filter(obligation::Column::CaseId.eq(case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = directive_version::Entity::find_by_id(cell.version_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?;
    let (d, current) =
        directives::visible_directive(&state.db, actor, case_id, version.directive_id).await?;
    if current.id != version.id {
        return Err(AppError::invalid(
            "state",
            format!(
                "Directive {} has a newer version ({}): assess compliance with that one.",
                d.label, current.number
            ),
        ));
    }
    if !directives::issued(&state.db, &d).await? {
        return Err(AppError::invalid(
            "state",
            "The order is still a draft: nothing is owed under it yet.",
        ));
    }
    Ok((cell, d, current))
}

fn reason_of(raw: &str, what: &str) -> AppResult<String> {
    match long_text("reason", "The reason", raw, REASON_MAX) {
        Ok(Some(reason)) => Ok(reason),
        Ok(None) => Err(AppError::invalid(
            "reason",
            format!("Give the reason for {what}."),
        )),
        Err(e) => Err(domain::FieldErrors::from(e).into()),
    }
}

/// Records a change by the court to a cell (an assessment or an excuse) and files it.
async fn court_step(
    scope: &CaseScope,
    obligation_id: i32,
    revision: &str,
    event_for: impl FnOnce(ComplianceState) -> ComplianceEvent,
    reason: String,
    acted_at: &str,
    report: &str,
) -> AppResult<ComplianceState> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let expected = revision::parse(revision)?;
    let (cell, d, version) = current_cell(state, actor, case_id, obligation_id).await?;
    let event = event_for(*cell.state);
    let report = reports::cited(&state.db, actor, &d, report).await?;
    // A finding made on a report comes after the report was filed.
    let earliest = match (
        report.as_ref().map(reports::earliest_citing),
        earliest_act(state, &d, &cell).await?,
    ) {
        (Some(cited), other) if cited.0 > other.0 => cited,
        (_, other) => other,
    };
    let acted_at = state
        .act_time(
            "acted_at",
            "When the court made it",
            acted_at,
            Some(earliest),
        )
        .map_err(domain::FieldErrors::from)?;
    let party = parties_of(&state.db, case_id)
        .await?
        .into_iter()
        .find(|p| p.id == cell.party_id)
        .map(|p| p.short_name)
        .unwrap_or_default();
    let txn = state.write().await?;
    let to = apply(
        &txn,
        &cell,
        Step {
            event,
            actor_id: user_id,
            reason,
            response_id: None,
            report_id: report.as_ref().map(|r| r.id),
            revision: Some(expected),
            acted_at,
        },
    )
    .await?;
    // The obliged party always hears of a finding about it, even on a sealed directive.
    let tier: SealingTier = *version.tier;
    docket::file(
        &txn,
        Filing {
            case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: "compliance",
            title: format!(
                "Directive {} ({party}): {}{}{}",
                d.label,
                if matches!(event, ComplianceEvent::Revise(_)) {
                    "finding revised to "
                } else {
                    ""
                },
                to.label().to_lowercase(),
                match &report {
                    Some(r) => format!(", on the Registrar's report (version {})", r.version),
                    None => String::new(),
                }
            ),
            target_kind: directives::targets::DIRECTIVE,
            target_id: d.id,
            tier,
            // Sealed court only, it reaches the parties the directive obliges, as the
            // directive itself does.
            readers: directives::obligations_of(&txn, &[version.id])
                .await?
                .into_values()
                .flatten()
                .map(|o| o.party_id)
                .collect(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// The earliest a finding on `cell` can have been made: after the order, and after the
/// report it answers was filed or received at the registry.
async fn earliest_act(
    state: &AppState,
    d: &directive::Model,
    cell: &obligation::Model,
) -> AppResult<(DateTime<Utc>, &'static str)> {
    let issued = order::Entity::find_by_id(d.order_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?
        .issued_at;
    let reported = match cell.latest_response_id {
        Some(id) => response::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|r| r.received_at.unwrap_or(r.filed_at)),
        None => None,
    };
    Ok(match reported {
        Some(at) if at > issued => (at, "the latest report on it was filed"),
        _ => (issued, "the order was made"),
    })
}

/// The registrar's assessment of a cell: complied, partly complied or not complied, with a
/// reason. `revision` is the cell's revision as the form showed it.
pub async fn assess(
    scope: &CaseScope,
    obligation_id: i32,
    revision: &str,
    finding: &str,
    reason: &str,
    acted_at: &str,
    report: &str,
) -> AppResult<ComplianceState> {
    scope.require(Action::AssessCompliance)?;
    let finding = match finding {
        "complied" => Assessment::Complied,
        "partly_complied" => Assessment::PartlyComplied,
        "not_complied" => Assessment::NotComplied,
        _ => {
            return Err(AppError::invalid(
                "finding",
                "Choose a finding: complied, partly complied or not complied.",
            ));
        }
    };
    let reason = reason_of(reason, "the finding")?;
    // A cell already assessed takes a revision: the earlier finding stays in its history.
    court_step(
        scope,
        obligation_id,
        revision,
        |current| current.finding_event(finding),
        reason,
        acted_at,
        report,
    )
    .await
}

/// A ruling that relieves a party of an obligation.
pub async fn excuse(
    scope: &CaseScope,
    obligation_id: i32,
    revision: &str,
    reason: &str,
    acted_at: &str,
) -> AppResult<ComplianceState> {
    scope.require(Action::RecordRuling)?;
    let reason = reason_of(reason, "excusing the party")?;
    court_step(
        scope,
        obligation_id,
        revision,
        |_| ComplianceEvent::Excuse,
        reason,
        acted_at,
        "",
    )
    .await
}

/// The court's findings and rulings on each of `cells`, oldest first, by cell id: what a
/// revision leaves behind it, so the record shows every finding and which one stands.
pub(crate) async fn findings(
    state: &AppState,
    actor: &Actor,
    cells: &[obligation::Model],
) -> AppResult<HashMap<i32, Vec<FindingLine>>> {
    let mut by_cell: HashMap<i32, Vec<FindingLine>> = HashMap::new();
    let events = obligation_event::Entity::find()
        .filter(obligation_event::Column::ObligationId.is_in(cells.iter().map(|c| c.id)))
        .filter(obligation_event::Column::Event.ne("report"))
        .order_by_asc(obligation_event::Column::At)
        .order_by_asc(obligation_event::Column::Id)
        .all(&state.db)
        .await?;
    let cited = reports::citations(state, actor, events.iter().filter_map(|e| e.report_id)).await?;
    for e in events {
        let to = e.to_state.label();
        let what = if e.event.starts_with("revise") {
            format!("Revised to {}", to.to_lowercase())
        } else {
            to.to_owned()
        };
        by_cell
            .entry(e.obligation_id)
            .or_default()
            .push(FindingLine {
                at: state.act_and_record("made", e.acted_at, e.at),
                what,
                reason: e.reason,
                cites: e.report_id.and_then(|id| cited.get(&id).cloned()),
            });
    }
    Ok(by_cell)
}
