//! The signatures on a finding: each officer and agent present at a sitting of the task
//! signs the submitted version, agreeing or objecting with a remark.

use super::rounds::versions;
use super::steps::visible_task;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::entities::{agent, finding_signature, sitting_attendance, task_sitting};
use crate::error::{AppError, AppResult};
use domain::fields::optional_text;
use domain::findings::{NOTES_MAX, Signature};
use domain::tasks::TaskState;
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Who the reader signs as on this task: (signer key, agent id), when they were present at
/// one of its sittings, as an officer or as an agent.
pub(super) async fn signer_of(
    scope: &CaseScope,
    task_id: i32,
) -> AppResult<Option<(String, Option<i32>)>> {
    let db = scope.db();
    let sittings: Vec<i32> = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.eq(task_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if sittings.is_empty() {
        return Ok(None);
    }
    let present = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.is_in(sittings))
        .all(db)
        .await?;
    if scope.actor.case_role == Some(domain::CaseRole::Agent) {
        let mine: Vec<i32> = agent::Entity::find()
            .filter(agent::Column::CaseId.eq(scope.case.id))
            .filter(agent::Column::UserId.eq(scope.user_id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        return Ok(present
            .iter()
            .filter_map(|p| p.agent_id)
            .find(|id| mine.contains(id))
            .map(|id| (format!("agent:{id}"), Some(id))));
    }
    Ok(present
        .iter()
        .any(|p| p.user_id == Some(scope.user_id))
        .then(|| (format!("user:{}", scope.user_id), None)))
}

/// Signs the task's submitted finding, version `version`: agreeing, or objecting with a
/// remark. Each person present signs a version once.
pub async fn sign(
    scope: &CaseScope,
    task_id: i32,
    version: &str,
    signature: &str,
    remark: &str,
) -> AppResult<()> {
    let (t, _) = visible_task(scope, task_id).await?;
    let signer = signer_of(scope, t.id).await?;
    scope.require(Action::SignFinding {
        present: signer.is_some(),
    })?;
    let (signer, agent_id) = signer.ok_or(AppError::Forbidden)?;
    let signature = signature
        .parse::<Signature>()
        .map_err(|_| AppError::invalid("signature", "Choose to agree or to object."))?;
    let db = scope.db();
    let latest = versions(db, t.id).await?.pop();
    let version = version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest)?;
    let Some(latest) = latest.filter(|f| f.version == version) else {
        return Err(AppError::Stale);
    };
    if *t.state != TaskState::FindingsSubmitted {
        return Err(AppError::invalid(
            "signature",
            format!(
                "The task is {}: findings are signed while they await verification.",
                t.state.label().to_lowercase()
            ),
        ));
    }
    let mut errors = FieldErrors::default();
    let remark = optional_text(&mut errors, "remark", "The remark", remark, NOTES_MAX);
    if signature == Signature::Object && remark.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "remark",
            "Say what you object to: the remark is part of the finding.",
        ));
    }
    let signed = finding_signature::Entity::find()
        .filter(finding_signature::Column::FindingId.eq(latest.id))
        .filter(finding_signature::Column::Signer.eq(signer.as_str()))
        .one(db)
        .await?;
    if signed.is_some() {
        errors.push(FieldError::new(
            "signature",
            format!("You have signed version {version} already."),
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = scope.state.write().await?;
    let agrees = signature == Signature::Agree;
    finding_signature::ActiveModel {
        finding_id: Set(latest.id),
        signer: Set(signer),
        user_id: Set(scope.user_id),
        agent_id: Set(agent_id),
        agrees: Set(agrees),
        remark: Set(remark.clone()),
        at: Set(clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.finding.sign",
            subject: format!("task:{}", t.id),
            details: json!({
                "finding": latest.id,
                "version": version,
                "agent": agent_id,
                "agrees": agrees,
                "remark": remark,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
