//! A filed report as the court's decisions cite it. An assessment of compliance with a
//! directive, or a ruling on a request about one, may rely on a report that covers a
//! version of that directive and that the person deciding may read; whoever reads the
//! decision sees the citation, linked when they may read the report too.

use crate::backend::entities::{directive, directive_version, report, report_directive};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::ReportCitation;
use domain::evidence::{Producer, Sealing};
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Whether `actor` may read the report: its tier, as for anything the court files.
pub(super) fn readable(actor: &Actor, r: &report::Model) -> bool {
    can(
        actor,
        Action::See(Sealing {
            tier: *r.tier,
            producer: Producer::Court,
        }),
    )
}

/// "filed 1 Sep 2022, 16:45 EAT", or with the recording too where that came later.
pub(super) fn filed_words(state: &AppState, r: &report::Model) -> String {
    state.act_and_record("filed", r.acted_at, r.filed_at)
}

/// The earliest a decision citing `r` can be dated, and why: when the report was filed.
pub fn earliest_citing(r: &report::Model) -> (chrono::DateTime<chrono::Utc>, &'static str) {
    (
        r.acted_at.unwrap_or(r.filed_at),
        "the report it cites was filed",
    )
}

fn citation(state: &AppState, actor: &Actor, r: &report::Model) -> ReportCitation {
    ReportCitation {
        id: r.id,
        words: format!(
            "the Registrar's report, version {}, {}",
            r.version,
            filed_words(state, r)
        ),
        href: readable(actor, r).then(|| format!("/cases/{}/reports/{}", r.case_id, r.id)),
    }
}

/// The reports of the case covering a version of `directive_id` that `actor` may read,
/// newest first: what a decision about that directive may cite.
pub async fn citable(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
) -> AppResult<Vec<ReportCitation>> {
    let versions = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .all(&state.db)
        .await?;
    let covering: Vec<i32> = report_directive::Entity::find()
        .filter(report_directive::Column::VersionId.is_in(versions.iter().map(|v| v.id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| c.report_id)
        .collect();
    Ok(report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .filter(report::Column::Id.is_in(covering))
        .order_by_desc(report::Column::Version)
        .all(&state.db)
        .await?
        .iter()
        .filter(|r| readable(actor, r))
        .map(|r| citation(state, actor, r))
        .collect())
}

/// The report a decision about `d` cites, from the form's value: empty cites none. A
/// report of another case, one the decider may not read, and one that does not cover the
/// directive are refused by name.
pub async fn cited(
    db: &impl ConnectionTrait,
    actor: &Actor,
    d: &directive::Model,
    raw: &str,
) -> AppResult<Option<report::Model>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let unknown = || AppError::invalid("report", "No such report in this case.");
    let id: i32 = raw.parse().map_err(|_| unknown())?;
    let r = report::Entity::find_by_id(id)
        .filter(report::Column::CaseId.eq(d.case_id))
        .one(db)
        .await?
        .filter(|r| readable(actor, r))
        .ok_or_else(unknown)?;
    let covers = report_directive::Entity::find()
        .filter(report_directive::Column::ReportId.eq(r.id))
        .all(db)
        .await?;
    let covered = directive_version::Entity::find()
        .filter(directive_version::Column::Id.is_in(covers.iter().map(|c| c.version_id)))
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .one(db)
        .await?;
    if covered.is_none() {
        return Err(AppError::invalid(
            "report",
            format!(
                "Version {} of the Registrar's report does not cover directive {}: cite a report that does.",
                r.version, d.label
            ),
        ));
    }
    Ok(Some(r))
}

/// How each of `ids` reads where a decision cites it, for `actor`.
pub async fn citations(
    state: &AppState,
    actor: &Actor,
    ids: impl IntoIterator<Item = i32>,
) -> AppResult<HashMap<i32, ReportCitation>> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(report::Entity::find()
        .filter(report::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .iter()
        .map(|r| (r.id, citation(state, actor, r)))
        .collect())
}
