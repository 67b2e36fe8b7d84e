//! One task as its page shows it: what it is, its slot and officers, the agents sent to
//! it, its history, and the forms the reader may use.

use super::board::{officers_of, readable, rows_of};
use super::steps::visible_task;
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{agent, party, task_agent, task_event, task_officer};
use crate::backend::people::names_of;
use crate::error::AppResult;
use crate::model::{AgentView, Choice, TaskDetail, TaskStep};
use domain::tasks::{FormKind, TaskEvent};
use domain::{Action, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn detail(scope: &CaseScope, task_id: i32) -> AppResult<TaskDetail> {
    let (t, d) = visible_task(scope, task_id).await?;
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let readable = readable(scope).await?;
    let row = rows_of(scope, &readable, vec![t.clone()])
        .await?
        .pop()
        .ok_or(crate::error::AppError::NotFound)?;
    let sent = task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(t.id))
        .all(db)
        .await?;
    let agents = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    let parties: HashMap<i32, String> = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let court = actor.case_role.is_some_and(domain::CaseRole::is_court);
    let own = actor.party_acted_for();
    let agent_views = sent
        .iter()
        .filter_map(|s| agents.iter().find(|a| a.id == s.agent_id))
        .map(|a| {
            let private = court || own == Some(a.party_id);
            AgentView {
                id: a.id,
                name: a.name.clone(),
                party: parties.get(&a.party_id).cloned().unwrap_or_default(),
                id_number: private.then(|| a.id_number.clone()),
                phone: private.then(|| a.phone.clone()),
            }
        })
        .collect();
    let may_send = match own {
        Some(p) if can(actor, Action::NominateAgent(p)) && !t.state.is_closed() => agents
            .iter()
            .filter(|a| a.party_id == p && a.withdrawn_at.is_none())
            .filter(|a| !sent.iter().any(|s| s.agent_id == a.id))
            .map(|a| Choice {
                value: a.id.to_string(),
                label: a.name.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let events = task_event::Entity::find()
        .filter(task_event::Column::TaskId.eq(t.id))
        .order_by_asc(task_event::Column::Id)
        .all(db)
        .await?;
    let assigned_ids: Vec<i32> = task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.eq(t.id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.user_id)
        .collect();
    let names = names_of(
        db,
        events
            .iter()
            .filter_map(|e| e.actor_id)
            .chain([t.created_by])
            .chain(assigned_ids.iter().copied()),
    )
    .await?;
    let history = events
        .iter()
        .map(|e| TaskStep {
            at: state.act_and_record("done", e.acted_at, e.at),
            by: e
                .actor_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default(),
            what: format!("{} → {}", TaskEvent::label_of(&e.event), e.to_state.label()),
            reason: e.reason.clone(),
        })
        .collect();
    let may_manage = can(actor, Action::ManageTasks);
    let local = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| {
            at.with_timezone(&state.config.time_zone)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
    };
    let v = &d.version;
    let window = match (v.window_opens, v.deadline) {
        (Some(o), Some(c)) => Some(format!(
            "{} – {}",
            state.format_time(o),
            state.format_time(c)
        )),
        (None, Some(c)) => Some(format!("until {}", state.format_time(c))),
        _ => None,
    };
    let steps = if may_manage {
        [
            ("verify", TaskEvent::Verify),
            ("return", TaskEvent::Return),
            ("reopen", TaskEvent::Reopen),
            ("block", TaskEvent::Block),
            (
                "unblock",
                TaskEvent::Unblock {
                    to: t
                        .resume_state
                        .as_deref()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(domain::tasks::TaskState::Planned),
                },
            ),
            ("cancel", TaskEvent::Cancel),
        ]
        .into_iter()
        .filter(|(_, e)| t.state.apply(*e).is_ok())
        .map(|(name, _)| name.to_owned())
        .collect()
    } else {
        Vec::new()
    };
    let mut work = super::work::work_of(scope, &t, &assigned_ids).await?;
    (work.disputes, work.dispute_form) = super::disputes::disputes_of(scope, &t, &d).await?;
    Ok(TaskDetail {
        work,
        case: scope.summary(),
        forms: t
            .forms
            .split(',')
            .filter_map(|f| f.parse::<FormKind>().ok())
            .map(|f| f.label().to_owned())
            .collect(),
        directive_text: v.text.clone(),
        window,
        agent_limit: v.agent_limit,
        agents: agent_views,
        history,
        created: format!(
            "{} by {}",
            state.format_time(t.created_at),
            names.get(&t.created_by).cloned().unwrap_or_default()
        ),
        may_manage,
        starts_input: local(t.slot_starts),
        ends_input: local(t.slot_ends),
        officer_choices: if may_manage {
            officers_of(scope).await?
        } else {
            Vec::new()
        },
        assigned: assigned_ids.iter().map(i32::to_string).collect(),
        may_send,
        steps,
        task: row,
    })
}
