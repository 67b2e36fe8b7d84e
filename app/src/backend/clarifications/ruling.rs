//! The court's ruling on a request: clarified, varied (a new version of the directive) or
//! dismissed.

use super::steps::{TARGET, TEXT_MAX, audit_step, check, file_step, transition, visible};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::entities::clarification;
use crate::backend::entities::directive_version;
use crate::backend::orders::{self, Terms, VersionChange};
use crate::backend::reports;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use domain::clarification::{ClarificationEvent, ClarificationState, Ruling};
use domain::fields::long_text;
use domain::orders::VersionReason;
use domain::{Action, FieldErrors};
use sea_orm::sea_query::Expr;
use serde_json::json;

/// What a ruling carries: its text, and for a variation the directive's new terms.
#[derive(Debug)]
pub struct RulingInput<'a> {
    pub ruling: &'a str,
    pub text: &'a str,
    pub revision: &'a str,
    /// For a variation: the new terms, the version they replace, and whether compliance
    /// carries over.
    pub terms: Option<Terms<'a>>,
    pub directive_version: &'a str,
    pub carry: bool,
    /// When the court ruled, in the court's time; empty for now.
    pub ruled_at: &'a str,
    /// The filed Registrar's report the ruling relies on; empty for none.
    pub report: &'a str,
    /// A dismissal because the request came after its directive version's deadline.
    pub out_of_time: bool,
}

/// The court's ruling, recorded by a judge or the registrar.
pub async fn rule(
    scope: &CaseScope,
    id: i32,
    input: RulingInput<'_>,
) -> AppResult<ClarificationState> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordRuling)?;
    let user_id = scope.user_id;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let ruling = match input.ruling {
        "clarified" => Ruling::Clarified,
        "varied" => Ruling::Varied,
        "dismissed" => Ruling::Dismissed,
        _ => {
            return Err(AppError::invalid(
                "ruling",
                "Choose the ruling: clarified, varied or dismissed.",
            ));
        }
    };
    let (revision, to) = check(&c, input.revision, ClarificationEvent::Rule(ruling))?;
    let label = match ruling {
        Ruling::Clarified => "The clarification",
        Ruling::Varied => "The reasons for the variation",
        Ruling::Dismissed => "The reasons for dismissing it",
    };
    let text = match long_text("text", label, input.text, TEXT_MAX) {
        Ok(Some(t)) => t,
        Ok(None) => return Err(AppError::invalid("text", format!("{label} is required."))),
        Err(e) => return Err(FieldErrors::from(e).into()),
    };
    let lodged = c.lodged_at.or(c.filed_at);
    if input.out_of_time {
        out_of_time(state, ruling, &version, lodged)?;
    }
    let report = reports::cited(&state.db, actor, &d, input.report).await?;
    // A ruling follows the request it answers, and the report it relies on.
    let earliest = [
        report.as_ref().map(reports::earliest_citing),
        lodged.map(|at| (at, "the request was filed")),
    ]
    .into_iter()
    .flatten()
    .max_by_key(|(at, _)| *at);
    let ruled_at = state
        .act_time("ruled_at", "When the court ruled", input.ruled_at, earliest)
        .map_err(FieldErrors::from)?;
    let txn = state.write().await?;
    let now = clock::now();
    let mut changes = vec![
        (clarification::Column::RulingText, Expr::value(text.clone())),
        (clarification::Column::RuledBy, Expr::value(user_id)),
        (
            clarification::Column::RuledAt,
            Expr::value(ruled_at.unwrap_or(now)),
        ),
        (clarification::Column::RulingRecordedAt, Expr::value(now)),
        (
            clarification::Column::ReportId,
            Expr::value(report.as_ref().map(|r| r.id)),
        ),
        (
            clarification::Column::OutOfTime,
            Expr::value(input.out_of_time),
        ),
    ];
    let mut new_number = None;
    if ruling == Ruling::Varied {
        let terms = input.terms.ok_or(AppError::BadRequest)?;
        let created = orders::new_version(
            &txn,
            state,
            user_id,
            &d,
            &terms,
            VersionChange {
                version: input.directive_version,
                reason: VersionReason::Ruling,
                note: &text,
                carry: input.carry,
                source: Some((TARGET, c.id)),
                acted_at: ruled_at,
            },
        )
        .await?;
        new_number = Some(created.number);
        changes.push((clarification::Column::NewVersionId, Expr::value(created.id)));
    }
    transition(&txn, &c, revision, to, changes).await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.rule",
        json!({
            "ruling": to.as_str(),
            "text": text,
            "new_version": new_number,
            "ruled_at": ruled_at.map(|t| t.to_rfc3339()),
            "report": report.as_ref().map(|r| r.id),
            "out_of_time": input.out_of_time,
        }),
    )
    .await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        None,
        format!(
            "Ruling on the request for clarification of directive {}: {}",
            d.label,
            match new_number {
                Some(n) => format!("varied (version {n})"),
                None if input.out_of_time => "dismissed as out of time".to_owned(),
                None => to.label().trim_start_matches("Ruled: ").to_owned(),
            }
        ),
        ruled_at,
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// Whether a dismissal may say the request came too late: only a dismissal, only on a
/// directive version with a deadline, and only for a request lodged after it.
fn out_of_time(
    state: &AppState,
    ruling: Ruling,
    version: &directive_version::Model,
    lodged: Option<DateTime<Utc>>,
) -> AppResult<()> {
    if ruling != Ruling::Dismissed {
        return Err(AppError::invalid(
            "out_of_time",
            "Only a dismissal can be for being out of time.",
        ));
    }
    let Some(deadline) = version.deadline else {
        return Err(AppError::invalid(
            "out_of_time",
            "The directive sets no deadline: a request about it cannot be out of time.",
        ));
    };
    match lodged {
        Some(at) if at > deadline => Ok(()),
        Some(at) => Err(AppError::invalid(
            "out_of_time",
            format!(
                "The request was filed {}, before the deadline of {}: it was in time.",
                state.format_time(at),
                state.format_time(deadline)
            ),
        )),
        None => Err(AppError::invalid(
            "state",
            "The request has not been filed.",
        )),
    }
}
