//! A task's work: its sittings, the agents' remarks on them, recount tallies, findings and
//! the signatures of those present.
//!
//! A server function takes one argument per field of the form that sends it. Sets of
//! checkboxes and rows come as maps keyed by an id or a row name (`officers[7]=on`,
//! `item_label[r1]=Box 1`).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// Records a sitting of a task, or (with `corrects`) a correction of an earlier one;
/// returns the new sitting's id.
#[server(endpoint = "tasks/record_sitting")]
pub async fn record_sitting(
    case_id: i32,
    task_id: i32,
    revision: String,
    started: String,
    ended: String,
    officers: Option<HashMap<String, String>>,
    agents: Option<HashMap<String, String>>,
    item_label: Option<HashMap<String, String>>,
    seal_found: Option<HashMap<String, String>>,
    seal_applied: Option<HashMap<String, String>>,
    refused: String,
    observations: String,
    corrects: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::tasks::{self, ItemInput, SittingInput};
    let scope = super::case_scope(case_id).await?;
    let officers: Vec<String> = officers.unwrap_or_default().into_keys().collect();
    let agents: Vec<String> = agents.unwrap_or_default().into_keys().collect();
    let labels = item_label.unwrap_or_default();
    let found = seal_found.unwrap_or_default();
    let applied = seal_applied.unwrap_or_default();
    let mut rows: Vec<&String> = labels
        .keys()
        .chain(found.keys())
        .chain(applied.keys())
        .collect();
    rows.sort_by_key(|r| (r.len(), r.as_str()));
    rows.dedup();
    let items: Vec<ItemInput> = rows
        .into_iter()
        .map(|r| ItemInput {
            label: labels.get(r).cloned().unwrap_or_default(),
            seal_found: found.get(r).cloned().unwrap_or_default(),
            seal_applied: applied.get(r).cloned().unwrap_or_default(),
        })
        .collect();
    tasks::record_sitting(
        &scope,
        task_id,
        SittingInput {
            revision: &revision,
            started: &started,
            ended: &ended,
            officers: &officers,
            agents: &agents,
            items: &items,
            refused: &refused,
            observations: &observations,
            corrects: corrects.as_deref().unwrap_or_default(),
        },
    )
    .await
}

/// An agent's remark on a sitting they attended: `objects` is `yes` for an objection.
#[server(endpoint = "tasks/remark")]
pub async fn remark_on_sitting(
    case_id: i32,
    task_id: i32,
    sitting_id: String,
    objects: Option<String>,
    remark: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    let objects = objects.as_deref() == Some("yes");
    crate::backend::tasks::remark(&scope, task_id, &sitting_id, objects, &remark).await
}

/// One person's independent tally of a recount.
#[server(endpoint = "tasks/tally")]
pub async fn enter_tally(
    case_id: i32,
    task_id: i32,
    votes: String,
    rejected: String,
    disputed: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::enter_tally(&scope, task_id, &votes, &rejected, &disputed).await
}

/// Submits a task's findings; returns the version made.
#[server(endpoint = "tasks/submit_finding")]
pub async fn submit_finding(
    case_id: i32,
    task_id: i32,
    revision: String,
    book_2: Option<String>,
    form_32a: Option<String>,
    anomalies: Option<HashMap<String, String>>,
    declared: Option<String>,
    servers_named: Option<String>,
    servers_made_available: Option<String>,
    refused: Option<String>,
    notes: String,
    exhibits: String,
    change_note: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::tasks::{self, FindingInput};
    let scope = super::case_scope(case_id).await?;
    let anomalies: Vec<String> = anomalies.unwrap_or_default().into_keys().collect();
    tasks::submit_finding(
        &scope,
        task_id,
        FindingInput {
            revision: &revision,
            book_2: book_2.as_deref().unwrap_or_default(),
            form_32a: form_32a.as_deref().unwrap_or_default(),
            anomalies: &anomalies,
            declared: declared.as_deref().unwrap_or_default(),
            servers_named: servers_named.as_deref().unwrap_or_default(),
            servers_made_available: servers_made_available.as_deref().unwrap_or_default(),
            refused: refused.as_deref().unwrap_or_default(),
            notes: &notes,
            exhibits: &exhibits,
            change_note: change_note.as_deref().unwrap_or_default(),
        },
    )
    .await
}

/// Signs the submitted finding `version`: `signature` is `agree` or `object`.
#[server(endpoint = "tasks/sign_finding")]
pub async fn sign_finding(
    case_id: i32,
    task_id: i32,
    version: String,
    signature: String,
    remark: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::sign(&scope, task_id, &version, &signature, &remark).await
}
