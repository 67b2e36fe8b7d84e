//! Disputes of verified findings. A party disputes a finding by filing an objection, an
//! ordinary response (`backend::responses`: docketed, sealed, citing exhibits) tied to the
//! finding's version. Here are the rule on which finding may be disputed, used by the
//! filing, and the disputes and form a task's page shows.

use super::directive::TaskDirective;
use super::rounds::versions;
use super::steps::visible_task;
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{finding, party, response, response_finding, task};
use crate::backend::sealing;
use crate::error::{AppError, AppResult};
use crate::model::{Choice, DisputeForm, DisputeView};
use domain::evidence::{Producer, SealingTier};
use domain::tasks::TaskState;
use domain::{Action, FieldError, FieldErrors, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A finding an objection may dispute, with its task and the directive the objection then
/// answers.
#[derive(Debug)]
pub struct Disputed {
    pub finding: finding::Model,
    pub task_id: i32,
    pub directive_id: i32,
    pub directive_label: String,
}

/// Whether the task's finding may be disputed now: only a verified one. The filing and the
/// task page's form both ask this.
fn open_to_dispute(t: &task::Model) -> bool {
    *t.state == TaskState::Verified
}

/// The finding `raw` names (a finding version's id) if it may be disputed now: of a task
/// of this case the filer may see, verified, and its latest version. Otherwise a field
/// error on `finding`; a task the filer may not see reads as no finding at all.
pub async fn disputable(
    scope: &CaseScope,
    raw: &str,
    errors: &mut FieldErrors,
) -> AppResult<Option<Disputed>> {
    let unknown = || FieldError::new("finding", "Choose a finding of this case.");
    let found = match raw.trim().parse::<i32>() {
        Ok(id) => finding::Entity::find_by_id(id).one(scope.db()).await?,
        Err(_) => None,
    };
    let Some(f) = found else {
        errors.push(unknown());
        return Ok(None);
    };
    let (t, d) = match visible_task(scope, f.task_id).await {
        Ok(found) => found,
        Err(AppError::NotFound) => {
            errors.push(unknown());
            return Ok(None);
        }
        Err(other) => return Err(other),
    };
    if !open_to_dispute(&t) {
        errors.push(FieldError::new(
            "finding",
            format!(
                "Task T-{} is {}: only a verified finding can be disputed.",
                t.id,
                t.state.label().to_lowercase()
            ),
        ));
        return Ok(None);
    }
    let latest = versions(scope.db(), t.id).await?.pop();
    if let Some(latest) = latest.filter(|l| l.id != f.id) {
        errors.push(FieldError::new(
            "finding",
            format!(
                "Version {} of task T-{}'s finding has been replaced by version {}: reload the page and dispute the finding as it stands.",
                f.version, t.id, latest.version
            ),
        ));
        return Ok(None);
    }
    Ok(Some(Disputed {
        finding: f,
        task_id: t.id,
        directive_id: d.directive.id,
        directive_label: d.directive.label,
    }))
}

/// The objections disputing the task's findings that the reader may see, oldest first;
/// and the form to dispute its finding, for counsel of a party while it stands verified.
pub(super) async fn disputes_of(
    scope: &CaseScope,
    t: &task::Model,
    d: &TaskDirective,
) -> AppResult<(Vec<DisputeView>, Option<DisputeForm>)> {
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let found = versions(db, t.id).await?;
    let version_of: HashMap<i32, i32> = found.iter().map(|f| (f.id, f.version)).collect();
    let ties: HashMap<i32, i32> = response_finding::Entity::find()
        .filter(response_finding::Column::FindingId.is_in(version_of.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|tie| (tie.response_id, tie.finding_id))
        .collect();
    let responses = response::Entity::find()
        .filter(response::Column::Id.is_in(ties.keys().copied()))
        .filter(response::Column::CaseId.eq(case_id))
        .filter(sealing::visible_to(
            actor,
            (response::Entity, response::Column::Tier),
            (response::Entity, response::Column::PartyId),
        ))
        .order_by_asc(response::Column::Id)
        .all(db)
        .await?;
    let parties: HashMap<i32, String> = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let disputes = responses
        .into_iter()
        .map(|r| DisputeView {
            response_id: r.id,
            version: ties
                .get(&r.id)
                .and_then(|f| version_of.get(f))
                .copied()
                .unwrap_or_default(),
            from: r
                .party_id
                .and_then(|p| parties.get(&p).cloned())
                .unwrap_or_default(),
            title: r.title,
            filed_at: state.format_time(r.received_at.unwrap_or(r.filed_at)),
        })
        .collect();
    let form = match (actor.party_id, found.last()) {
        (Some(p), Some(latest))
            if open_to_dispute(t) && can(actor, Action::FileResponse(Producer::Party(p))) =>
        {
            Some(DisputeForm {
                finding_id: latest.id,
                version: latest.version,
                directive_id: d.directive.id,
                directive_label: d.directive.label.clone(),
                party_id: p,
                party: parties.get(&p).cloned().unwrap_or_default(),
                tiers: SealingTier::ALL
                    .iter()
                    .filter(|tier| tier.may_seal_filing_about(d.tier()))
                    .map(|tier| Choice {
                        value: tier.as_str().to_owned(),
                        label: tier.label().to_owned(),
                    })
                    .collect(),
            })
        }
        _ => None,
    };
    Ok((disputes, form))
}

/// The finding a response disputes, as (task id, version), when the reader may see the
/// task: an objection may be public while the task is not the reader's to open.
pub async fn disputed_by(scope: &CaseScope, response_id: i32) -> AppResult<Option<(i32, i32)>> {
    let Some(tie) = response_finding::Entity::find_by_id(response_id)
        .one(scope.db())
        .await?
    else {
        return Ok(None);
    };
    let Some(f) = finding::Entity::find_by_id(tie.finding_id)
        .one(scope.db())
        .await?
    else {
        return Ok(None);
    };
    match visible_task(scope, f.task_id).await {
        Ok((t, _)) => Ok(Some((t.id, f.version))),
        Err(AppError::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}
