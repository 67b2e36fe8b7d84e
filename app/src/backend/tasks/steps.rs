//! The registrar's steps on a task: scheduling it (a slot inside the directive's window, a
//! venue, the officers), blocking it with a reason and the filing that records the cause,
//! unblocking it back to where it stood, and cancelling it. Each is one state-machine step
//! (`domain::tasks`), refused when the task moved since the form was opened.

use super::board::readable;
use super::directive::TaskDirective;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::db::Write;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{
    agent, case_member, response, task, task_agent, task_event, task_officer, task_sitting,
};
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use domain::fields::optional_text;
use domain::tasks::{TaskEvent, TaskState};
use domain::{Action, CaseRole, FieldError, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

const REASON_MAX: usize = 4_000;

/// A task of the case the reader may see (404 otherwise, as for one that does not exist),
/// with its directive.
pub(super) async fn visible_task(
    scope: &CaseScope,
    task_id: i32,
) -> AppResult<(task::Model, TaskDirective)> {
    let readable = readable(scope).await?;
    let found = task::Entity::find_by_id(task_id)
        .filter(readable.condition(scope.case.id))
        .one(scope.db())
        .await?
        .ok_or(AppError::NotFound)?;
    let line = readable
        .lines
        .into_iter()
        .find(|l| l.directive.id == found.directive_id)
        .ok_or(AppError::NotFound)?;
    let obliged = line.cells.iter().map(|c| c.party_id).collect();
    Ok((
        found,
        TaskDirective {
            directive: line.directive,
            version: line.version,
            obliged,
        },
    ))
}

/// The state after `event`, or the state machine's reason as a field error.
pub(super) fn next_state(t: &task::Model, event: TaskEvent, field: &str) -> AppResult<TaskState> {
    t.state
        .apply(event)
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

/// Moves the task on within `txn` if it is still at `seen`, and records the step.
#[allow(clippy::too_many_arguments)]
pub(super) async fn record_step(
    txn: &Write,
    scope: &CaseScope,
    t: &task::Model,
    seen: i32,
    event: TaskEvent,
    to: TaskState,
    reason: &str,
    response_id: Option<i32>,
    update: sea_orm::UpdateMany<task::Entity>,
    acted_at: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<()> {
    let now = clock::now();
    let update = update
        .col_expr(task::Column::State, Expr::value(to.as_str()))
        .col_expr(task::Column::UpdatedAt, Expr::value(now))
        .filter(task::Column::Id.eq(t.id));
    revision::advance(txn, update, task::Column::Revision, seen).await?;
    task_event::ActiveModel {
        task_id: Set(t.id),
        event: Set(event.as_str().to_owned()),
        from_state: Set(t.state),
        to_state: Set(to.into()),
        reason: Set(reason.to_owned()),
        response_id: Set(response_id),
        actor_id: Set(Some(scope.user_id)),
        at: Set(now),
        acted_at: Set(acted_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.step",
            subject: format!("task:{}", t.id),
            details: json!({
                "event": event.as_str(),
                "from": t.state.as_str(),
                "to": to.as_str(),
                "reason": reason,
                "response": response_id,
            }),
        },
    )
    .await?;
    Ok(())
}

/// A schedule as the form sends it.
#[derive(Debug)]
pub struct ScheduleInput<'a> {
    pub revision: &'a str,
    pub starts: &'a str,
    pub ends: &'a str,
    pub venue: &'a str,
    /// The scrutiny officers assigned, by account id.
    pub officers: &'a [String],
}

/// Schedules (or reschedules) a task: its slot inside the directive's window, its venue and
/// its officers.
pub async fn schedule(scope: &CaseScope, task_id: i32, input: ScheduleInput<'_>) -> AppResult<()> {
    scope.require(Action::ManageTasks)?;
    let (t, d) = visible_task(scope, task_id).await?;
    let seen = revision::parse(input.revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    let to = next_state(&t, TaskEvent::Schedule, "starts")?;
    let state = &scope.state;
    let mut errors = FieldErrors::default();
    let starts = errors
        .take(state.parse_court_time("starts", "The start", input.starts))
        .flatten();
    let ends = errors
        .take(state.parse_court_time("ends", "The end", input.ends))
        .flatten();
    if starts.is_none() && !errors.0.contains_key("starts") {
        errors.push(FieldError::new("starts", "Give the slot's start."));
    }
    if ends.is_none() && !errors.0.contains_key("ends") {
        errors.push(FieldError::new("ends", "Give the slot's end."));
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        errors.push(FieldError::new(
            "ends",
            "The slot must end after it starts.",
        ));
    }
    let v = &d.version;
    if let Some(s) = starts
        && v.window_opens.is_some_and(|opens| s < opens)
    {
        errors.push(FieldError::new(
            "starts",
            format!(
                "Directive {} opens its window at {}: the slot cannot start before.",
                d.directive.label,
                state.format_time(v.window_opens.unwrap_or(s))
            ),
        ));
    }
    if let Some(e) = ends
        && v.deadline.is_some_and(|closes| e > closes)
    {
        errors.push(FieldError::new(
            "ends",
            format!(
                "Directive {}'s window closes at {}: the slot cannot end after.",
                d.directive.label,
                state.format_time(v.deadline.unwrap_or(e))
            ),
        ));
    }
    let venue = optional_text(&mut errors, "venue", "The venue", input.venue, 300);
    let officer_ids = checked_officers(scope, input.officers, &mut errors).await?;
    let (Some(starts), Some(ends), true) = (starts, ends, errors.is_empty()) else {
        return Err(errors.into());
    };
    let txn = state.write().await?;
    let update = task::Entity::update_many()
        .col_expr(task::Column::SlotStarts, Expr::value(Some(starts)))
        .col_expr(task::Column::SlotEnds, Expr::value(Some(ends)))
        .col_expr(task::Column::Venue, Expr::value(venue.clone()));
    let note = format!(
        "{} – {}{}",
        state.format_time(starts),
        state.format_time(ends),
        if venue.is_empty() {
            String::new()
        } else {
            format!(", {venue}")
        }
    );
    record_step(
        &txn,
        scope,
        &t,
        seen,
        TaskEvent::Schedule,
        to,
        &note,
        None,
        update,
        None,
    )
    .await?;
    task_officer::Entity::delete_many()
        .filter(task_officer::Column::TaskId.eq(t.id))
        .exec(&txn)
        .await?;
    task_officer::Entity::insert_many(officer_ids.iter().map(|user_id| {
        task_officer::ActiveModel {
            task_id: Set(t.id),
            user_id: Set(*user_id),
            ..Default::default()
        }
    }))
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The officers chosen, each a scrutiny officer of the case; at least one.
async fn checked_officers(
    scope: &CaseScope,
    chosen: &[String],
    errors: &mut FieldErrors,
) -> AppResult<Vec<i32>> {
    let officers: Vec<i32> = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(scope.case.id))
        .filter(case_member::Column::Role.eq(CaseRole::ScrutinyOfficer.as_str()))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let mut ids = Vec::new();
    for raw in chosen {
        match raw.trim().parse::<i32>() {
            Ok(id) if officers.contains(&id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                errors.push(FieldError::new(
                    "officers",
                    "Only scrutiny officers of this case can be assigned.",
                ));
                return Ok(ids);
            }
        }
    }
    if ids.is_empty() {
        errors.push(FieldError::new(
            "officers",
            "Assign at least one scrutiny officer.",
        ));
    }
    Ok(ids)
}

/// A block, unblock or cancellation as the form sends it.
#[derive(Debug)]
pub struct StepInput<'a> {
    pub revision: &'a str,
    /// `block`, `unblock`, `cancel`, `verify`, `return` or `reopen`.
    pub step: &'a str,
    pub reason: &'a str,
    /// For a block: the response (a letter refusing access) that records its cause.
    pub response_id: &'a str,
    /// When it was done, in the court's time, where that was before now; empty for now.
    pub acted_at: &'a str,
}

/// The registrar's steps on a task's state: block, unblock, cancel, and verify, return or
/// reopen its findings. Blocks, cancellations, verifications and reopenings go on the docket.
pub async fn step(scope: &CaseScope, task_id: i32, input: StepInput<'_>) -> AppResult<TaskState> {
    scope.require(Action::ManageTasks)?;
    let (t, d) = visible_task(scope, task_id).await?;
    let seen = revision::parse(input.revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    let event = match input.step {
        "block" => TaskEvent::Block,
        "cancel" => TaskEvent::Cancel,
        "verify" => TaskEvent::Verify,
        "return" => TaskEvent::Return,
        "reopen" => TaskEvent::Reopen,
        "unblock" => {
            let to = t
                .resume_state
                .as_deref()
                .and_then(|s| s.parse::<TaskState>().ok())
                .unwrap_or(TaskState::Planned);
            TaskEvent::Unblock { to }
        }
        _ => return Err(AppError::BadRequest),
    };
    let to = next_state(&t, event, "step")?;
    let mut errors = FieldErrors::default();
    let reason = optional_text(
        &mut errors,
        "reason",
        "The reason",
        input.reason,
        REASON_MAX,
    );
    if event.needs_reason() && reason.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Give the reason: it goes in the task's history.",
        ));
    }
    let response_id = match (event, input.response_id.trim()) {
        (TaskEvent::Block, raw) if !raw.is_empty() => {
            let found = match raw.parse::<i32>() {
                Ok(id) => {
                    response::Entity::find_by_id(id)
                        .filter(response::Column::CaseId.eq(scope.case.id))
                        .one(scope.db())
                        .await?
                }
                Err(_) => None,
            };
            match found {
                Some(r) => Some(r.id),
                None => {
                    errors.push(FieldError::new(
                        "response_id",
                        "Choose a filing of this case.",
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    // A step on the work comes after the work: not before the last sitting ended.
    let sat_until = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.eq(t.id))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|s| s.ended_at)
        .max();
    let acted_at = errors.take(scope.state.act_time(
        "acted_at",
        "When it was done",
        input.acted_at,
        sat_until.map(|at| (at, "the task's last sitting ended")),
    ));
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let acted_at = acted_at.flatten();
    let txn = scope.state.write().await?;
    let resume = match event {
        TaskEvent::Block => Some(t.state.as_str().to_owned()),
        _ => None,
    };
    let update =
        task::Entity::update_many().col_expr(task::Column::ResumeState, Expr::value(resume));
    record_step(
        &txn,
        scope,
        &t,
        seen,
        event,
        to,
        &reason,
        response_id,
        update,
        acted_at,
    )
    .await?;
    let filed = match event {
        TaskEvent::Block => Some("blocked"),
        TaskEvent::Cancel => Some("cancelled"),
        TaskEvent::Verify => Some("findings verified"),
        TaskEvent::Reopen => Some("verified findings reopened"),
        _ => None,
    };
    if let Some(what) = filed {
        docket::file(
            &txn,
            Filing {
                case_id: scope.case.id,
                filed_by: Some(scope.user_id),
                party_id: None,
                kind: "task",
                title: if reason.is_empty() {
                    format!(
                        "Task T-{} under directive {}: {what}",
                        t.id, d.directive.label
                    )
                } else {
                    format!(
                        "Task T-{} under directive {}: {what}: {}",
                        t.id,
                        d.directive.label,
                        crate::backend::directives::excerpt(&reason)
                    )
                },
                target_kind: super::TASK_TARGET,
                target_id: t.id,
                tier: d.tier(),
                readers: d.obliged.clone(),
                notify_filer: false,
                agents: attending_accounts(&txn, t.id).await?,
                acted_at,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(to)
}

/// The accounts of the agents sent to the task: the agents its docket entries notify.
async fn attending_accounts(db: &impl ConnectionTrait, task_id: i32) -> AppResult<Vec<i32>> {
    let sent = task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(task_id))
        .all(db)
        .await?;
    Ok(agent::Entity::find()
        .filter(agent::Column::Id.is_in(sent.into_iter().map(|s| s.agent_id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.user_id)
        .collect())
}
