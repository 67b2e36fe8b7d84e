//! A task's findings as the officers submit them: structured by the task's kind
//! (`domain::findings`), citing items of the evidence register, each submission a new
//! version beside the earlier ones. A recount's figures come from two independent tallies
//! that must agree; the people present then sign the version they saw.

use super::figures::{count, registered_voters};
use super::rounds::versions;
use super::sittings::is_assigned;
use super::steps::{next_state, record_step, visible_task};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::entities::{finding, task};
use crate::backend::evidence;
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use domain::fields::optional_text;
use domain::findings::{
    Anomaly, Book2Status, FindingBody, FormsFinding, NOTES_MAX, ServerFinding, body_kind,
};
use domain::tasks::{FormKind, TaskEvent};
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

/// The evidence link kind for items a finding cites.
pub const FINDING_TARGET: &str = "finding";

/// A finding as the form sends it; each kind reads its own fields.
#[derive(Debug, Default)]
pub struct FindingInput<'a> {
    pub revision: &'a str,
    /// Forms: `none`, `intact` or `used`.
    pub book_2: &'a str,
    /// Forms: `present` or `absent`.
    pub form_32a: &'a str,
    pub anomalies: &'a [String],
    /// Recount: "Candidate: votes" a line, as declared on Form 34A.
    pub declared: &'a str,
    pub servers_named: &'a str,
    pub servers_made_available: &'a str,
    pub refused: &'a str,
    pub notes: &'a str,
    /// Exhibit codes the finding cites.
    pub exhibits: &'a str,
    /// What changed since the previous version, and why (required from the second).
    pub change_note: &'a str,
}

/// The forms a task covers.
pub(super) fn forms_of(t: &task::Model) -> Vec<FormKind> {
    t.forms.split(',').filter_map(|f| f.parse().ok()).collect()
}

/// Submits the task's findings: a new version, the task to "findings submitted".
pub async fn submit_finding(
    scope: &CaseScope,
    task_id: i32,
    input: FindingInput<'_>,
) -> AppResult<i32> {
    let (t, _) = visible_task(scope, task_id).await?;
    scope.require(Action::RecordTaskWork {
        assigned: is_assigned(scope, t.id).await?,
    })?;
    let seen = revision::parse(input.revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    let to = next_state(&t, TaskEvent::SubmitFindings, "notes")?;
    let db = scope.db();
    let earlier = versions(db, t.id).await?;
    let version = earlier.last().map_or(1, |f| f.version + 1);
    let mut errors = FieldErrors::default();
    let notes = optional_text(&mut errors, "notes", "The notes", input.notes, NOTES_MAX);
    let change_note = optional_text(
        &mut errors,
        "change_note",
        "What changed",
        input.change_note,
        NOTES_MAX,
    );
    if version > 1 && change_note.is_empty() && !errors.0.contains_key("change_note") {
        errors.push(FieldError::new(
            "change_note",
            format!("Say what changed since version {} and why.", version - 1),
        ));
    }
    let body = match body_kind(*t.kind) {
        "forms" => FindingBody::Forms(FormsFinding {
            book_2: match input.book_2.trim() {
                "" => None,
                raw => {
                    let parsed = raw.parse::<Book2Status>().ok();
                    if parsed.is_none() {
                        errors.push(FieldError::new("book_2", "Choose none, intact or used."));
                    }
                    parsed
                }
            },
            form_32a_present: match input.form_32a.trim() {
                "present" => Some(true),
                "absent" => Some(false),
                _ => None,
            },
            anomalies: {
                let mut anomalies = Vec::new();
                for raw in input.anomalies {
                    match raw.parse::<Anomaly>() {
                        Ok(a) if !anomalies.contains(&a) => anomalies.push(a),
                        Ok(_) => {}
                        Err(_) => return Err(AppError::BadRequest),
                    }
                }
                anomalies.sort();
                anomalies
            },
            notes,
        }),
        "recount" => FindingBody::Recount(
            super::tallies::reconciled_recount(db, &t, version, input.declared, notes, &mut errors)
                .await?,
        ),
        "server" => FindingBody::Server(ServerFinding {
            servers_named: count(&mut errors, "servers_named", input.servers_named),
            servers_made_available: count(
                &mut errors,
                "servers_made_available",
                input.servers_made_available,
            ),
            refused: optional_text(
                &mut errors,
                "refused",
                "What was refused",
                input.refused,
                NOTES_MAX,
            ),
            notes,
        }),
        _ => FindingBody::Other { notes },
    };
    let registered = registered_voters(db, &t).await?;
    for e in body.check(*t.kind, &forms_of(&t), registered).0 {
        if !errors.0.contains_key(&e.0) {
            errors.push(FieldError::new(&e.0, e.1));
        }
    }
    let cited =
        evidence::exhibits(db, &scope.actor, scope.case.id, input.exhibits, &mut errors).await?;
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let stored = serde_json::to_string(&body).map_err(|_| AppError::Internal)?;
    let txn = scope.state.write().await?;
    record_step(
        &txn,
        scope,
        &t,
        seen,
        TaskEvent::SubmitFindings,
        to,
        &if version == 1 {
            "Version 1".to_owned()
        } else {
            format!("Version {version}: {change_note}")
        },
        None,
        task::Entity::update_many(),
        None,
    )
    .await?;
    let created = finding::ActiveModel {
        task_id: Set(t.id),
        version: Set(version),
        body: Set(stored),
        change_note: Set(change_note.clone()),
        recorded_by: Set(scope.user_id),
        recorded_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    evidence::cite(
        &txn,
        &scope.actor,
        scope.case.id,
        &cited,
        FINDING_TARGET,
        created.id,
    )
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.finding",
            subject: format!("task:{}", t.id),
            details: json!({
                "finding": created.id,
                "version": version,
                "body": body,
                "change_note": change_note,
                "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}
