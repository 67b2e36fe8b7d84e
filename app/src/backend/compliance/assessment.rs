//! The court's side of compliance: a registrar or judge assesses a cell, or excuses a
//! party, with reasons; each is filed on the docket.

use super::cells::{Step, apply};
use crate::backend::case_scope::CaseScope;
use crate::backend::directives;
use crate::backend::directives::parties_of;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{directive, directive_version, obligation};
use crate::backend::revision;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::compliance::{Assessment, ComplianceEvent, ComplianceState};
use domain::evidence::SealingTier;
use domain::fields::long_text;
use domain::{Action, Actor};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
    event: ComplianceEvent,
    reason: String,
) -> AppResult<ComplianceState> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let expected = revision::parse(revision)?;
    let (cell, d, version) = current_cell(state, actor, case_id, obligation_id).await?;
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
            revision: Some(expected),
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
                "Directive {} ({party}): {}",
                d.label,
                to.label().to_lowercase()
            ),
            target_kind: directives::targets::DIRECTIVE,
            target_id: d.id,
            tier,
            readers: vec![cell.party_id],
            notify_filer: false,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// The registrar's assessment of a cell: complied, partly complied or not complied, with a
/// reason. `revision` is the cell's revision as the form showed it.
pub async fn assess(
    scope: &CaseScope,
    obligation_id: i32,
    revision: &str,
    finding: &str,
    reason: &str,
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
    court_step(
        scope,
        obligation_id,
        revision,
        ComplianceEvent::Assess(finding),
        reason,
    )
    .await
}

/// A ruling that relieves a party of an obligation.
pub async fn excuse(
    scope: &CaseScope,
    obligation_id: i32,
    revision: &str,
    reason: &str,
) -> AppResult<ComplianceState> {
    scope.require(Action::RecordRuling)?;
    let reason = reason_of(reason, "excusing the party")?;
    court_step(
        scope,
        obligation_id,
        revision,
        ComplianceEvent::Excuse,
        reason,
    )
    .await
}
