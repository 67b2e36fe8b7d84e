//! The task board as CSV, with the board's filters: every task that passes them (not one
//! page), with its latest finding in words, for the registrar's spreadsheet and the record.

use super::board::{TaskFilter, filtered, readable, rows_of};
use super::findings::FINDING_TARGET;
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{finding, task};
use crate::error::{AppError, AppResult};
use domain::findings::FindingBody;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Tasks read at a time.
const CHUNK: u64 = 1_000;

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "task",
    "directive",
    "kind",
    "about",
    "station_code",
    "state",
    "slot",
    "venue",
    "officers",
    "finding_version",
    "finding",
    "evidence",
];

/// The CSV of every task the reader may see that passes `filter`.
pub async fn export_csv(scope: &CaseScope, filter: TaskFilter) -> AppResult<Vec<u8>> {
    let db = scope.db();
    let readable = readable(scope).await?;
    let mut condition = filtered(&readable, scope.case.id, &filter);
    if let Some(s) = filter.state {
        condition = condition.add(task::Column::State.eq(s.as_str()));
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(|_| AppError::Internal)?;
    let mut after = 0;
    loop {
        let tasks = task::Entity::find()
            .filter(condition.clone())
            .filter(task::Column::Id.gt(after))
            .order_by_asc(task::Column::Id)
            .limit(CHUNK)
            .all(db)
            .await?;
        let Some(last) = tasks.last().map(|t| t.id) else {
            break;
        };
        after = last;
        let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
        let mut latest: HashMap<i32, finding::Model> = HashMap::new();
        for f in finding::Entity::find()
            .filter(finding::Column::TaskId.is_in(ids))
            .all(db)
            .await?
        {
            if latest.get(&f.task_id).is_none_or(|l| l.version < f.version) {
                latest.insert(f.task_id, f);
            }
        }
        let finding_ids: Vec<i32> = latest.values().map(|f| f.id).collect();
        let cited =
            crate::backend::evidence::linked_to(db, &scope.actor, FINDING_TARGET, &finding_ids)
                .await?;
        for row in rows_of(scope, &readable, tasks).await? {
            let found = latest.get(&row.id);
            let summary = match found {
                Some(f) => serde_json::from_str::<FindingBody>(&f.body)
                    .map_err(|_| AppError::Internal)?
                    .summary(),
                None => String::new(),
            };
            let evidence = found
                .and_then(|f| cited.get(&f.id))
                .map(|refs| {
                    refs.iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            out.write_record([
                format!("T-{}", row.id),
                row.directive_label,
                row.kind.label().to_owned(),
                row.subject,
                row.station_code.unwrap_or_default(),
                row.state.label().to_owned(),
                row.slot.unwrap_or_default(),
                row.venue,
                row.officers.join("; "),
                found.map(|f| f.version.to_string()).unwrap_or_default(),
                summary,
                evidence,
            ])
            .map_err(|_| AppError::Internal)?;
        }
    }
    out.into_inner().map_err(|_| AppError::Internal)
}
