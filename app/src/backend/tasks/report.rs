//! The tasks of the directives a Registrar's report covers, read as the report reads them
//! (`domain::reports::ReportTask`): the station as the register names it, the boxes opened
//! at the sittings that stand, the latest finding of a verified task with the exhibits it
//! cites, why a stopped task stopped, tallies awaiting reconciliation, agents' objections.

use super::findings::FINDING_TARGET;
use super::rounds::unreconciled;
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{
    agent, evidence_file, evidence_item, evidence_link, finding, party, sitting_item,
    sitting_remark, task, task_event, task_sitting,
};
use crate::backend::stations;
use crate::error::{AppError, AppResult};
use domain::evidence::SealingTier;
use domain::findings::FindingBody;
use domain::reports::{Exhibit, Place, ReportTask};
use domain::tasks::{ScopeKind, TaskKind, TaskState};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// The tasks of `directives` (id → label), oldest first, for a report sealed `tier`: an
/// exhibit sealed more closely than the report is left out of it.
pub async fn report_tasks(
    scope: &CaseScope,
    directives: &HashMap<i32, String>,
    tier: SealingTier,
) -> AppResult<Vec<ReportTask>> {
    let db = scope.db();
    let tasks = task::Entity::find()
        .filter(task::Column::CaseId.eq(scope.case.id))
        .filter(task::Column::DirectiveId.is_in(directives.keys().copied()))
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?;
    let task_ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();

    let codes: Vec<&str> = tasks
        .iter()
        .filter_map(|t| t.station_code.as_deref())
        .collect();
    let named = match stations::case_register(db, &scope.case).await? {
        Some(register) => stations::lookup(db, register.election_id, &codes).await?,
        None => HashMap::new(),
    };

    // The sittings that stand (a corrected one gives way to its correction), their boxes.
    let sittings = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.is_in(task_ids.iter().copied()))
        .all(db)
        .await?;
    let corrected: HashSet<i32> = sittings.iter().filter_map(|s| s.corrects_id).collect();
    let task_of: HashMap<i32, i32> = sittings.iter().map(|s| (s.id, s.task_id)).collect();
    let mut boxes: HashMap<i32, u32> = HashMap::new();
    for item in sitting_item::Entity::find()
        .filter(
            sitting_item::Column::SittingId.is_in(
                sittings
                    .iter()
                    .filter(|s| !corrected.contains(&s.id))
                    .map(|s| s.id),
            ),
        )
        .all(db)
        .await?
    {
        if let Some(task_id) = task_of.get(&item.sitting_id) {
            *boxes.entry(*task_id).or_default() += 1;
        }
    }

    // The latest finding of each verified task, and the exhibits it cites.
    let verified: Vec<i32> = tasks
        .iter()
        .filter(|t| *t.state == TaskState::Verified)
        .map(|t| t.id)
        .collect();
    let mut latest: HashMap<i32, finding::Model> = HashMap::new();
    for f in finding::Entity::find()
        .filter(finding::Column::TaskId.is_in(verified))
        .order_by_asc(finding::Column::Version)
        .all(db)
        .await?
    {
        latest.insert(f.task_id, f);
    }
    let exhibits = exhibits_of(db, latest.values().map(|f| f.id), tier).await?;

    // Why a stopped task stopped: the reason of the step that stopped it last.
    let mut reasons: HashMap<i32, String> = HashMap::new();
    for e in task_event::Entity::find()
        .filter(
            task_event::Column::TaskId.is_in(
                tasks
                    .iter()
                    .filter(|t| matches!(*t.state, TaskState::Blocked | TaskState::Cancelled))
                    .map(|t| t.id),
            ),
        )
        .order_by_asc(task_event::Column::Id)
        .all(db)
        .await?
    {
        if matches!(*e.to_state, TaskState::Blocked | TaskState::Cancelled) {
            reasons.insert(e.task_id, e.reason);
        }
    }

    let objections = objections_of(scope, &task_of).await?;

    let mut out = Vec::with_capacity(tasks.len());
    for t in &tasks {
        let finding = match latest.get(&t.id) {
            Some(f) => {
                Some(serde_json::from_str::<FindingBody>(&f.body).map_err(|_| AppError::Internal)?)
            }
            None => None,
        };
        let unreconciled = *t.kind == TaskKind::Recount
            && matches!(*t.state, TaskState::InProgress | TaskState::Returned)
            && unreconciled(db, t.id).await?;
        out.push(ReportTask {
            id: t.id,
            directive: directives.get(&t.directive_id).cloned().unwrap_or_default(),
            kind: *t.kind,
            state: *t.state,
            place: t
                .station_code
                .as_deref()
                .map(|code| place(code, named.get(code))),
            subject: match (*t.scope, &t.ballot_box, &t.server) {
                (ScopeKind::BallotBox, Some(b), _) => format!("ballot box {b}"),
                (ScopeKind::Server, _, Some(server)) => server.clone(),
                (ScopeKind::Evidence, ..) => t
                    .evidence_item_id
                    .map_or_else(String::new, |id| format!("evidence item {id}")),
                _ => String::new(),
            },
            boxes_opened: boxes.get(&t.id).copied().unwrap_or_default(),
            exhibits: latest
                .get(&t.id)
                .and_then(|f| exhibits.get(&f.id).cloned())
                .unwrap_or_default(),
            finding,
            reason: reasons.remove(&t.id).unwrap_or_default(),
            unreconciled,
            objections: objections.get(&t.id).cloned().unwrap_or_default(),
        });
    }
    Ok(out)
}

fn place(code: &str, station: Option<&crate::backend::entities::station::Model>) -> Place {
    match station {
        Some(s) => Place {
            code: code.to_owned(),
            county: format!("{} {}", s.county_code, s.county),
            constituency: format!("{} {}", s.constituency_code, s.constituency),
            name: s.name.clone(),
        },
        None => Place {
            code: code.to_owned(),
            county: code.get(..3).unwrap_or_default().to_owned(),
            constituency: code.get(3..6).unwrap_or_default().to_owned(),
            name: String::new(),
        },
    }
}

/// The exhibits each finding cites that a report sealed `tier` may name, with the SHA-256
/// of each one's latest file.
async fn exhibits_of(
    db: &impl sea_orm::ConnectionTrait,
    finding_ids: impl Iterator<Item = i32>,
    tier: SealingTier,
) -> AppResult<HashMap<i32, Vec<Exhibit>>> {
    let links = evidence_link::Entity::find()
        .filter(evidence_link::Column::TargetKind.eq(FINDING_TARGET))
        .filter(evidence_link::Column::TargetId.is_in(finding_ids))
        .order_by_asc(evidence_link::Column::Id)
        .all(db)
        .await?;
    let items: HashMap<i32, evidence_item::Model> = evidence_item::Entity::find()
        .filter(evidence_item::Column::Id.is_in(links.iter().map(|l| l.item_id)))
        .all(db)
        .await?
        .into_iter()
        .filter(|i| tier.may_seal_filing_about(*i.tier))
        .map(|i| (i.id, i))
        .collect();
    let mut hashes: HashMap<i32, String> = HashMap::new();
    for file in evidence_file::Entity::find()
        .filter(evidence_file::Column::ItemId.is_in(items.keys().copied()))
        .order_by_asc(evidence_file::Column::Id)
        .all(db)
        .await?
    {
        hashes.insert(file.item_id, file.sha256);
    }
    let mut by_finding: HashMap<i32, Vec<Exhibit>> = HashMap::new();
    for l in links {
        if let Some(item) = items.get(&l.item_id) {
            by_finding.entry(l.target_id).or_default().push(Exhibit {
                code: item.code.clone(),
                sha256: hashes.get(&item.id).cloned(),
            });
        }
    }
    Ok(by_finding)
}

/// Agents' remarks that object, by task: "Name (party): text".
async fn objections_of(
    scope: &CaseScope,
    task_of: &HashMap<i32, i32>,
) -> AppResult<HashMap<i32, Vec<String>>> {
    let db = scope.db();
    let remarks = sitting_remark::Entity::find()
        .filter(sitting_remark::Column::SittingId.is_in(task_of.keys().copied()))
        .filter(sitting_remark::Column::Objects.eq(true))
        .order_by_asc(sitting_remark::Column::Id)
        .all(db)
        .await?;
    let agents: HashMap<i32, agent::Model> = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(scope.case.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let parties: HashMap<i32, String> = party::Entity::find()
        .filter(party::Column::CaseId.eq(scope.case.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let mut by_task: HashMap<i32, Vec<String>> = HashMap::new();
    for r in remarks {
        let Some(task_id) = task_of.get(&r.sitting_id) else {
            continue;
        };
        let by = agents.get(&r.agent_id).map_or_else(String::new, |a| {
            format!(
                "{} ({})",
                a.name,
                parties.get(&a.party_id).cloned().unwrap_or_default()
            )
        });
        by_task
            .entry(*task_id)
            .or_default()
            .push(format!("{by}: {}", r.remark));
    }
    Ok(by_task)
}
