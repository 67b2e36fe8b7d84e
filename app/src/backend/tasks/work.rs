//! A task's sittings and findings as its page shows them, with what the reader may do on
//! them now. Every rule asked here is the one the recording functions enforce.

use super::findings::{FINDING_TARGET, forms_of};
use super::rounds::{round_tallies, versions};
use super::signatures::signer_of;
use super::sittings::is_assigned;
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{
    agent, finding_signature, party, sitting_attendance, sitting_item, sitting_remark, task,
    task_agent, task_sitting,
};
use crate::backend::evidence;
use crate::backend::people::names_of;
use crate::error::{AppError, AppResult};
use crate::model::{
    Choice, FindingView, RemarkView, SignatureView, SittingItemView, SittingView, TallyView,
    TaskWork,
};
use domain::findings::{FindingBody, body_kind, compare_tallies};
use domain::tasks::{FormKind, TaskEvent, TaskKind, TaskState};
use domain::{Action, CaseRole, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub(super) async fn work_of(
    scope: &CaseScope,
    t: &task::Model,
    officers: &[i32],
) -> AppResult<TaskWork> {
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let sittings = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.eq(t.id))
        .order_by_asc(task_sitting::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = sittings.iter().map(|s| s.id).collect();
    let attendance = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.is_in(ids.clone()))
        .all(db)
        .await?;
    let items = sitting_item::Entity::find()
        .filter(sitting_item::Column::SittingId.is_in(ids.clone()))
        .order_by_asc(sitting_item::Column::Id)
        .all(db)
        .await?;
    let remarks = sitting_remark::Entity::find()
        .filter(sitting_remark::Column::SittingId.is_in(ids))
        .order_by_asc(sitting_remark::Column::Id)
        .all(db)
        .await?;
    let agents: HashMap<i32, agent::Model> = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let parties: HashMap<i32, String> = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let agent_name = |id: i32| {
        agents.get(&id).map_or_else(String::new, |a| {
            format!(
                "{} ({})",
                a.name,
                parties.get(&a.party_id).cloned().unwrap_or_default()
            )
        })
    };
    let findings = versions(db, t.id).await?;
    let finding_ids: Vec<i32> = findings.iter().map(|f| f.id).collect();
    let signatures = finding_signature::Entity::find()
        .filter(finding_signature::Column::FindingId.is_in(finding_ids.clone()))
        .order_by_asc(finding_signature::Column::Id)
        .all(db)
        .await?;
    let next_version = findings.last().map_or(1, |f| f.version + 1);
    let tallies = if *t.kind == TaskKind::Recount {
        round_tallies(db, t.id, next_version).await?
    } else {
        Vec::new()
    };
    let names = names_of(
        db,
        sittings
            .iter()
            .map(|s| s.recorded_by)
            .chain(attendance.iter().filter_map(|a| a.user_id))
            .chain(findings.iter().map(|f| f.recorded_by))
            .chain(tallies.iter().map(|(m, _)| m.entered_by))
            .chain(officers.iter().copied()),
    )
    .await?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    let my_agents: Vec<i32> = agents
        .values()
        .filter(|a| a.user_id == Some(scope.user_id))
        .map(|a| a.id)
        .collect();
    let remarks_open = !matches!(*t.state, TaskState::Verified | TaskState::Cancelled);
    let sitting_views = sittings
        .iter()
        .map(|s| {
            let present = attendance.iter().filter(|a| a.sitting_id == s.id);
            let attended = present
                .clone()
                .any(|a| a.agent_id.is_some_and(|id| my_agents.contains(&id)));
            SittingView {
                id: s.id,
                when: format!(
                    "{} – {}",
                    state.format_time(s.started_at),
                    state.format_time(s.ended_at)
                ),
                officers: present
                    .clone()
                    .filter_map(|a| a.user_id)
                    .map(name)
                    .collect(),
                agents: present.filter_map(|a| a.agent_id).map(agent_name).collect(),
                items: items
                    .iter()
                    .filter(|i| i.sitting_id == s.id)
                    .map(|i| SittingItemView {
                        label: i.label.clone(),
                        seal_found: i.seal_found.clone(),
                        seal_applied: i.seal_applied.clone(),
                    })
                    .collect(),
                refused: s.refused.clone(),
                observations: s.observations.clone(),
                recorded: format!(
                    "Recorded {} by {}",
                    state.format_time(s.recorded_at),
                    name(s.recorded_by)
                ),
                corrects: s.corrects_id,
                corrected_by: sittings
                    .iter()
                    .filter(|later| later.corrects_id == Some(s.id))
                    .map(|later| later.id)
                    .next_back(),
                remarks: remarks
                    .iter()
                    .filter(|r| r.sitting_id == s.id)
                    .map(|r| RemarkView {
                        by: agent_name(r.agent_id),
                        objects: r.objects,
                        text: r.remark.clone(),
                        at: state.format_time(r.at),
                    })
                    .collect(),
                may_remark: remarks_open && can(actor, Action::RemarkOnSession { attended }),
            }
        })
        .collect();
    let cited = evidence::linked_to(db, actor, FINDING_TARGET, &finding_ids).await?;
    let agent_signer = |id: Option<i32>| id.map(agent_name);
    let finding_views = findings
        .iter()
        .rev()
        .map(|f| -> AppResult<FindingView> {
            Ok(FindingView {
                version: f.version,
                recorded: format!(
                    "{} by {}",
                    state.format_time(f.recorded_at),
                    name(f.recorded_by)
                ),
                change_note: f.change_note.clone(),
                body: serde_json::from_str::<FindingBody>(&f.body)
                    .map_err(|_| AppError::Internal)?,
                exhibits: cited.get(&f.id).cloned().unwrap_or_default(),
                signatures: signatures
                    .iter()
                    .filter(|s| s.finding_id == f.id)
                    .map(|s| SignatureView {
                        by: agent_signer(s.agent_id).unwrap_or_else(|| name(s.user_id)),
                        agrees: s.agrees,
                        remark: s.remark.clone(),
                        at: state.format_time(s.at),
                    })
                    .collect(),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let may_record = can(
        actor,
        Action::RecordTaskWork {
            assigned: is_assigned(scope, t.id).await?,
        },
    ) && actor.case_role != Some(CaseRole::Agent);
    let may_start = may_record && t.state.apply(TaskEvent::StartSession).is_ok();
    let may_submit = may_record && t.state.apply(TaskEvent::SubmitFindings).is_ok();
    let sent = if may_record {
        task_agent::Entity::find()
            .filter(task_agent::Column::TaskId.eq(t.id))
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let forms = forms_of(t);
    let may_sign = match findings.last() {
        Some(latest) if *t.state == TaskState::FindingsSubmitted => {
            match signer_of(scope, t.id).await? {
                Some((key, _)) => {
                    let signed = signatures
                        .iter()
                        .any(|s| s.finding_id == latest.id && s.signer == key);
                    (!signed && can(actor, Action::SignFinding { present: true }))
                        .then_some(latest.version)
                }
                None => None,
            }
        }
        _ => None,
    };
    let mismatches = match tallies.as_slice() {
        [.., (_, a), (_, b)] => compare_tallies(a, b),
        _ => Vec::new(),
    };
    Ok(TaskWork {
        sittings: sitting_views,
        findings: finding_views,
        may_record,
        may_start,
        officer_choices: if may_record {
            officers
                .iter()
                .map(|&id| Choice {
                    value: id.to_string(),
                    label: name(id),
                })
                .collect()
        } else {
            Vec::new()
        },
        agent_choices: sent
            .iter()
            .map(|s| Choice {
                value: s.agent_id.to_string(),
                label: agent_name(s.agent_id),
            })
            .collect(),
        finding_form: may_submit.then(|| body_kind(*t.kind).to_owned()),
        asks_book_2: forms.contains(&FormKind::Form34aBook2),
        asks_form_32a: forms.contains(&FormKind::Form32a),
        next_version,
        tallies: tallies
            .iter()
            .map(|(m, _)| TallyView {
                by: name(m.entered_by),
                at: state.format_time(m.entered_at),
            })
            .collect(),
        mismatches,
        may_sign,
        disputes: Vec::new(),
        dispute_form: None,
    })
}
