//! The supervised sittings of a task, as the officers record them: when, who was present,
//! what was opened or accessed with the seals found and put on, what was refused, what was
//! observed. A correction is a new sitting naming the one it corrects; nothing is edited.
//! The agents present may remark on a sitting (an objection, or none) until the task's
//! findings are verified.

use super::steps::{next_state, record_step, visible_task};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::entities::{
    agent, sitting_attendance, sitting_item, sitting_remark, task, task_agent, task_officer,
    task_sitting,
};
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use chrono::Duration;
use domain::fields::optional_text;
use domain::findings::NOTES_MAX;
use domain::tasks::{TaskEvent, TaskState};
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Items one sitting may list as opened or accessed.
pub const ITEMS_MAX: usize = 50;
/// A sitting is recorded once it has ended; this much clock difference is forgiven.
const CLOCK_SLACK_MINUTES: i64 = 10;

/// One thing opened or accessed, as the form sends it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ItemInput {
    pub label: String,
    pub seal_found: String,
    pub seal_applied: String,
}

/// A sitting as the form sends it.
#[derive(Debug)]
pub struct SittingInput<'a> {
    pub revision: &'a str,
    pub started: &'a str,
    pub ended: &'a str,
    /// Officers present, by account id.
    pub officers: &'a [String],
    /// Agents present, by agent id.
    pub agents: &'a [String],
    pub items: &'a [ItemInput],
    pub refused: &'a str,
    pub observations: &'a str,
    /// The sitting this entry corrects, if any.
    pub corrects: &'a str,
}

/// Whether `user_id` is assigned to the task: the officers record its work.
pub(super) async fn is_assigned(scope: &CaseScope, task_id: i32) -> AppResult<bool> {
    Ok(task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.eq(task_id))
        .filter(task_officer::Column::UserId.eq(scope.user_id))
        .one(scope.db())
        .await?
        .is_some())
}

/// Records a sitting (the first starts the work), or a correction of an earlier one.
pub async fn record_sitting(
    scope: &CaseScope,
    task_id: i32,
    input: SittingInput<'_>,
) -> AppResult<i32> {
    let (t, _) = visible_task(scope, task_id).await?;
    scope.require(Action::RecordTaskWork {
        assigned: is_assigned(scope, t.id).await?,
    })?;
    let seen = revision::parse(input.revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    let corrects = match input.corrects.trim() {
        "" => None,
        raw => {
            let id = raw.parse::<i32>().map_err(|_| AppError::BadRequest)?;
            let found = task_sitting::Entity::find_by_id(id)
                .filter(task_sitting::Column::TaskId.eq(t.id))
                .one(scope.db())
                .await?
                .ok_or_else(|| AppError::invalid("corrects", "No such sitting of this task."))?;
            Some(found.id)
        }
    };
    // A correction leaves the task where it stands, but only while work is open on it.
    let to = match corrects {
        Some(_) if t.state.takes_work() => None,
        Some(_) => {
            return Err(AppError::invalid(
                "corrects",
                format!(
                    "The task is {}: sittings can be corrected while it is in progress or returned.",
                    t.state.label().to_lowercase()
                ),
            ));
        }
        None => Some(next_state(&t, TaskEvent::StartSession, "started")?),
    };
    let mut errors = FieldErrors::default();
    let state = &scope.state;
    let started = errors
        .take(state.parse_court_time("started", "The start", input.started))
        .flatten();
    let ended = errors
        .take(state.parse_court_time("ended", "The end", input.ended))
        .flatten();
    for (field, value, label) in [("started", started, "start"), ("ended", ended, "end")] {
        if value.is_none() && !errors.0.contains_key(field) {
            errors.push(FieldError::new(
                field,
                format!("Give the sitting's {label}."),
            ));
        }
    }
    if let (Some(s), Some(e)) = (started, ended)
        && e <= s
    {
        errors.push(FieldError::new(
            "ended",
            "The sitting must end after it starts.",
        ));
    }
    if ended.is_some_and(|e| e > clock::now() + Duration::minutes(CLOCK_SLACK_MINUTES)) {
        errors.push(FieldError::new(
            "ended",
            "A sitting is recorded once it has ended: this end is still to come.",
        ));
    }
    let officers = present_officers(scope, t.id, input.officers, &mut errors).await?;
    let agents = present_agents(scope, t.id, input.agents, &mut errors).await?;
    let items = checked_items(input.items, &mut errors);
    let refused = optional_text(
        &mut errors,
        "refused",
        "What was refused",
        input.refused,
        NOTES_MAX,
    );
    let observations = optional_text(
        &mut errors,
        "observations",
        "The observations",
        input.observations,
        NOTES_MAX,
    );
    let (Some(started), Some(ended), true) = (started, ended, errors.is_empty()) else {
        return Err(errors.into());
    };
    let txn = state.write().await?;
    match to {
        Some(to) => {
            record_step(
                &txn,
                scope,
                &t,
                seen,
                TaskEvent::StartSession,
                to,
                &format!(
                    "{} – {}",
                    state.format_time(started),
                    state.format_time(ended)
                ),
                None,
                task::Entity::update_many(),
                Some(started),
            )
            .await?
        }
        None => {
            let update = task::Entity::update_many()
                .col_expr(
                    task::Column::UpdatedAt,
                    sea_orm::sea_query::Expr::value(clock::now()),
                )
                .filter(task::Column::Id.eq(t.id));
            revision::advance(&txn, update, task::Column::Revision, seen).await?;
        }
    }
    let created = task_sitting::ActiveModel {
        task_id: Set(t.id),
        started_at: Set(started),
        ended_at: Set(ended),
        observations: Set(observations.clone()),
        refused: Set(refused.clone()),
        corrects_id: Set(corrects),
        recorded_by: Set(scope.user_id),
        recorded_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let attendance = officers
        .iter()
        .map(|&user_id| sitting_attendance::ActiveModel {
            sitting_id: Set(created.id),
            user_id: Set(Some(user_id)),
            agent_id: Set(None),
            ..Default::default()
        })
        .chain(
            agents
                .iter()
                .map(|&agent_id| sitting_attendance::ActiveModel {
                    sitting_id: Set(created.id),
                    user_id: Set(None),
                    agent_id: Set(Some(agent_id)),
                    ..Default::default()
                }),
        );
    sitting_attendance::Entity::insert_many(attendance)
        .exec_without_returning(&txn)
        .await?;
    if !items.is_empty() {
        sitting_item::Entity::insert_many(items.iter().map(|i| sitting_item::ActiveModel {
            sitting_id: Set(created.id),
            label: Set(i.label.clone()),
            seal_found: Set(i.seal_found.clone()),
            seal_applied: Set(i.seal_applied.clone()),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: if corrects.is_some() {
                "task.sitting.correct"
            } else {
                "task.sitting"
            },
            subject: format!("task:{}", t.id),
            details: json!({
                "sitting": created.id,
                "corrects": corrects,
                "started": started,
                "ended": ended,
                "officers": officers,
                "agents": agents,
                "items": items.iter().map(|i| json!({
                    "label": i.label, "seal_found": i.seal_found, "seal_applied": i.seal_applied,
                })).collect::<Vec<_>>(),
                "refused": refused,
                "observations": observations,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// The officers present: officers assigned to the task, at least one.
async fn present_officers(
    scope: &CaseScope,
    task_id: i32,
    chosen: &[String],
    errors: &mut FieldErrors,
) -> AppResult<Vec<i32>> {
    let assigned: Vec<i32> = task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.eq(task_id))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|o| o.user_id)
        .collect();
    let ids = chosen_ids(chosen, &assigned);
    match ids {
        None => errors.push(FieldError::new(
            "officers",
            "Only the officers assigned to the task can be recorded as present.",
        )),
        Some(ref ids) if ids.is_empty() => errors.push(FieldError::new(
            "officers",
            "A sitting needs at least one of the task's officers present.",
        )),
        Some(_) => {}
    }
    Ok(ids.unwrap_or_default())
}

/// The agents present: agents the parties sent to the task.
async fn present_agents(
    scope: &CaseScope,
    task_id: i32,
    chosen: &[String],
    errors: &mut FieldErrors,
) -> AppResult<Vec<i32>> {
    let sent: Vec<i32> = task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(task_id))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|a| a.agent_id)
        .collect();
    let ids = chosen_ids(chosen, &sent);
    if ids.is_none() {
        errors.push(FieldError::new(
            "agents",
            "Only agents the parties sent to this task can be recorded as present.",
        ));
    }
    Ok(ids.unwrap_or_default())
}

/// The ids chosen, each one of `allowed`, without repeats; `None` when one is not.
fn chosen_ids(chosen: &[String], allowed: &[i32]) -> Option<Vec<i32>> {
    let mut ids = Vec::new();
    for raw in chosen {
        let id = raw
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| allowed.contains(id))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Some(ids)
}

/// The items opened or accessed, blank rows dropped; a seal without a label is refused.
fn checked_items(raw: &[ItemInput], errors: &mut FieldErrors) -> Vec<ItemInput> {
    let mut items = Vec::new();
    for (n, item) in raw.iter().enumerate() {
        let label = item.label.trim();
        let found = item.seal_found.trim();
        let applied = item.seal_applied.trim();
        if label.is_empty() && found.is_empty() && applied.is_empty() {
            continue;
        }
        let row = n + 1;
        if label.is_empty() {
            errors.push(FieldError::new(
                "items",
                format!("Row {row}: say what was opened or accessed (a ballot box, a server)."),
            ));
            continue;
        }
        let bad = |s: &str, max: usize| s.chars().count() > max || s.chars().any(char::is_control);
        if bad(label, 200) || bad(found, 64) || bad(applied, 64) {
            errors.push(FieldError::new(
                "items",
                format!("Row {row}: keep what was opened under 200 characters and each seal number under 64, on one line."),
            ));
            continue;
        }
        items.push(ItemInput {
            label: label.to_owned(),
            seal_found: found.to_owned(),
            seal_applied: applied.to_owned(),
        });
    }
    if items.len() > ITEMS_MAX {
        errors.push(FieldError::new(
            "items",
            format!("At most {ITEMS_MAX} items can be listed for one sitting."),
        ));
    }
    items
}

/// An agent's remark on a sitting they attended, while the findings are not verified.
pub async fn remark(
    scope: &CaseScope,
    task_id: i32,
    sitting_id: &str,
    objects: bool,
    text: &str,
) -> AppResult<()> {
    let (t, _) = visible_task(scope, task_id).await?;
    let sitting_id = sitting_id
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest)?;
    let sitting = task_sitting::Entity::find_by_id(sitting_id)
        .filter(task_sitting::Column::TaskId.eq(t.id))
        .one(scope.db())
        .await?
        .ok_or(AppError::NotFound)?;
    let own = attending_agent(scope, sitting.id).await?;
    scope.require(Action::RemarkOnSession {
        attended: own.is_some(),
    })?;
    let own = own.ok_or(AppError::Forbidden)?;
    if matches!(*t.state, TaskState::Verified | TaskState::Cancelled) {
        return Err(AppError::invalid(
            "remark",
            format!(
                "The task is {}: remarks are taken until its findings are verified.",
                t.state.label().to_lowercase()
            ),
        ));
    }
    let mut errors = FieldErrors::default();
    let text = optional_text(&mut errors, "remark", "The remark", text, NOTES_MAX);
    if objects && text.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "remark",
            "Say what you object to: the remark goes on the record.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = scope.state.write().await?;
    let created = sitting_remark::ActiveModel {
        sitting_id: Set(sitting.id),
        agent_id: Set(own.id),
        user_id: Set(scope.user_id),
        objects: Set(objects),
        remark: Set(text.clone()),
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
            action: "task.sitting.remark",
            subject: format!("task:{}", t.id),
            details: json!({
                "sitting": sitting.id,
                "remark": created.id,
                "agent": own.id,
                "objects": objects,
                "text": text,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The reader's own agent record, when it was present at the sitting.
pub(super) async fn attending_agent(
    scope: &CaseScope,
    sitting_id: i32,
) -> AppResult<Option<agent::Model>> {
    let mine: Vec<agent::Model> = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(scope.case.id))
        .filter(agent::Column::UserId.eq(scope.user_id))
        .all(scope.db())
        .await?;
    if mine.is_empty() {
        return Ok(None);
    }
    let present = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.eq(sitting_id))
        .filter(sitting_attendance::Column::AgentId.is_in(mine.iter().map(|a| a.id)))
        .one(scope.db())
        .await?;
    Ok(present.and_then(|p| mine.into_iter().find(|a| Some(a.id) == p.agent_id)))
}
