//! The rounds of a task's findings: the versions submitted, and the tallies entered for
//! the next one. Read by the board, the task page and the recording functions alike, so it
//! depends on nothing else of the tasks.

use crate::backend::entities::{finding, tally, task};
use crate::error::{AppError, AppResult};
use domain::findings::{Tally, compare_tallies};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The task's finding versions, oldest first.
pub(super) async fn versions(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> AppResult<Vec<finding::Model>> {
    Ok(finding::Entity::find()
        .filter(finding::Column::TaskId.eq(task_id))
        .order_by_asc(finding::Column::Version)
        .all(db)
        .await?)
}

/// The latest tally of each person for `round`, oldest first.
pub(super) async fn round_tallies(
    db: &impl ConnectionTrait,
    task_id: i32,
    round: i32,
) -> AppResult<Vec<(tally::Model, Tally)>> {
    let all = tally::Entity::find()
        .filter(tally::Column::TaskId.eq(task_id))
        .filter(tally::Column::Round.eq(round))
        .order_by_asc(tally::Column::Id)
        .all(db)
        .await?;
    let mut latest: Vec<(tally::Model, Tally)> = Vec::new();
    for t in all {
        let body: Tally = serde_json::from_str(&t.body).map_err(|_| AppError::Internal)?;
        latest.retain(|(m, _)| m.entered_by != t.entered_by);
        latest.push((t, body));
    }
    Ok(latest)
}

/// How many of `tasks` (recounts at work) have their latest two tallies differing: the
/// mismatches awaiting reconciliation.
pub(super) async fn awaiting_reconciliation(
    db: &impl ConnectionTrait,
    tasks: &[task::Model],
) -> AppResult<u64> {
    let mut count = 0;
    for t in tasks {
        if unreconciled(db, t.id).await? {
            count += 1;
        }
    }
    Ok(count)
}

/// Whether a recount's latest two tallies for its next finding disagree.
pub(super) async fn unreconciled(db: &impl ConnectionTrait, task_id: i32) -> AppResult<bool> {
    let round = versions(db, task_id)
        .await?
        .last()
        .map_or(1, |f| f.version + 1);
    Ok(matches!(
        round_tallies(db, task_id, round).await?.as_slice(),
        [.., (_, a), (_, b)] if !compare_tallies(a, b).is_empty()
    ))
}
