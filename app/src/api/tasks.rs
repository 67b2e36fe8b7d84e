//! Scrutiny tasks: the board, previewing and creating them from pasted station codes, and
//! the registrar's steps on each.
//!
//! A server function takes one argument per field of the form (or filter) that sends it.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::BulkPreview;
use leptos::prelude::*;
use std::collections::HashMap;

/// What a paste would create, line by line, without creating anything. `forms` is keyed
/// by form name (`forms[form_34a_book_2]=on`).
#[server(endpoint = "tasks/preview")]
pub async fn preview_tasks(
    case_id: i32,
    directive_id: String,
    kind: String,
    forms: Option<HashMap<String, String>>,
    codes: String,
    venue: String,
) -> Result<BulkPreview, AppError> {
    use crate::backend::tasks::{self, BulkInput};
    let scope = super::case_scope(case_id).await?;
    let forms: Vec<String> = forms.unwrap_or_default().into_keys().collect();
    tasks::preview_bulk(
        &scope,
        BulkInput {
            directive_id: &directive_id,
            kind: &kind,
            forms: &forms,
            codes: &codes,
            venue: &venue,
        },
    )
    .await
}

/// Creates a task for every code of the paste, or none when any line has a problem.
#[server(endpoint = "tasks/create_bulk")]
pub async fn create_tasks(
    case_id: i32,
    directive_id: String,
    kind: String,
    forms: Option<HashMap<String, String>>,
    codes: String,
    venue: String,
) -> Result<usize, AppError> {
    use crate::backend::tasks::{self, BulkInput};
    let scope = super::case_scope(case_id).await?;
    let forms: Vec<String> = forms.unwrap_or_default().into_keys().collect();
    let created = tasks::create_bulk(
        &scope,
        BulkInput {
            directive_id: &directive_id,
            kind: &kind,
            forms: &forms,
            codes: &codes,
            venue: &venue,
        },
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/cases/{case_id}/tasks?directive={}&created={created}",
        directive_id.trim()
    ));
    Ok(created)
}

/// The task board. Filters come from the query string; `officer` is an officer's id, or
/// `all` (an officer's board shows their own tasks unless asked for all); `after` is the
/// last task id of the previous page.
#[server(endpoint = "tasks/board")]
pub async fn task_board(
    case_id: i32,
    directive: Option<String>,
    state: Option<String>,
    officer: Option<String>,
    county: Option<String>,
    constituency: Option<String>,
    outside_window: Option<String>,
    after: Option<String>,
) -> Result<crate::model::TaskBoard, AppError> {
    use crate::backend::tasks::{self, TaskFilter};
    let scope = super::case_scope(case_id).await?;
    let filter = TaskFilter::from_query(
        &scope,
        directive,
        state,
        officer,
        county,
        constituency,
        outside_window,
    );
    let after = after.as_deref().and_then(|v| v.parse::<i32>().ok());
    tasks::board(&scope, filter, after).await
}

/// What the form that creates tasks offers.
#[server(endpoint = "tasks/form")]
pub async fn task_form(case_id: i32) -> Result<crate::model::TaskFormChoices, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::form_choices(&scope).await
}

/// Schedules a task; `officers` is keyed by account id (`officers[7]=on`).
#[server(endpoint = "tasks/schedule")]
pub async fn schedule_task(
    case_id: i32,
    task_id: i32,
    revision: String,
    starts: String,
    ends: String,
    venue: String,
    officers: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::backend::tasks::{self, ScheduleInput};
    let scope = super::case_scope(case_id).await?;
    let officers: Vec<String> = officers.unwrap_or_default().into_keys().collect();
    tasks::schedule(
        &scope,
        task_id,
        ScheduleInput {
            revision: &revision,
            starts: &starts,
            ends: &ends,
            venue: &venue,
            officers: &officers,
        },
    )
    .await
}

/// Blocks, unblocks or cancels a task; returns its new state.
#[server(endpoint = "tasks/step")]
pub async fn step_task(
    case_id: i32,
    task_id: i32,
    revision: String,
    step: String,
    reason: String,
    response_id: Option<String>,
    acted_at: Option<String>,
) -> Result<domain::tasks::TaskState, AppError> {
    use crate::backend::tasks::{self, StepInput};
    let scope = super::case_scope(case_id).await?;
    tasks::step(
        &scope,
        task_id,
        StepInput {
            revision: &revision,
            step: &step,
            reason: &reason,
            response_id: response_id.as_deref().unwrap_or_default(),
            acted_at: acted_at.as_deref().unwrap_or_default(),
        },
    )
    .await
}

/// Nominates an agent for the counsel's party; returns the agent's id.
#[server(endpoint = "tasks/nominate_agent")]
pub async fn nominate_agent(
    case_id: i32,
    party_id: String,
    name: String,
    id_number: String,
    phone: String,
    email: String,
) -> Result<i32, AppError> {
    use crate::backend::tasks::{self, Nomination};
    let scope = super::case_scope(case_id).await?;
    let created = tasks::nominate(
        &scope,
        Nomination {
            party_id: &party_id,
            name: &name,
            id_number: &id_number,
            phone: &phone,
            email: &email,
        },
    )
    .await?;
    Ok(created.id)
}

/// Sends one of the counsel's party's agents to a task.
#[server(endpoint = "tasks/send_agent")]
pub async fn send_agent(
    case_id: i32,
    task_id: i32,
    revision: String,
    agent_id: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::send(&scope, task_id, &revision, &agent_id).await
}

/// One task, with the forms the reader may use on it.
#[server(endpoint = "tasks/detail")]
pub async fn task_detail(case_id: i32, task_id: i32) -> Result<crate::model::TaskDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::detail(&scope, task_id).await
}

/// The agents the reader may list.
#[server(endpoint = "tasks/agents")]
pub async fn agent_list(case_id: i32) -> Result<crate::model::AgentList, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::tasks::agent_list(&scope).await
}

/// Creates one task (a station, a ballot box, a server, an evidence item) and opens its page.
#[server(endpoint = "tasks/create_one")]
pub async fn create_task(
    case_id: i32,
    directive_id: String,
    kind: String,
    forms: Option<HashMap<String, String>>,
    scope: String,
    station_code: Option<String>,
    ballot_box: Option<String>,
    server: Option<String>,
    exhibit: Option<String>,
    venue: String,
) -> Result<i32, AppError> {
    use crate::backend::tasks::{self, OneInput};
    let case_scope = super::case_scope(case_id).await?;
    let forms: Vec<String> = forms.unwrap_or_default().into_keys().collect();
    let created = tasks::create_one(
        &case_scope,
        OneInput {
            directive_id: &directive_id,
            kind: &kind,
            forms: &forms,
            scope: &scope,
            station_code: station_code.as_deref().unwrap_or_default(),
            ballot_box: ballot_box.as_deref().unwrap_or_default(),
            server: server.as_deref().unwrap_or_default(),
            exhibit: exhibit.as_deref().unwrap_or_default(),
            venue: &venue,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/tasks/{created}"));
    Ok(created)
}
