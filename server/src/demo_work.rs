//! The demo's scrutiny as it was carried out: every one of the 41 stations of varied
//! directive 7 sat and inspected, its findings verified, with the figures of the
//! Registrar's 2022 report (Form 34A Book 2: 6 stations with none, 26 intact, 9 used; 45
//! ballot boxes; a blank Form 34A, unstamped carbon copies, two Forms 34A with different
//! totals, unsealed envelopes); and the supervised server access of directive 3, one of
//! the eight servers made available. Seal numbers are made up. Made through the services
//! people use, in the order people would.

use crate::demo_orders::member;
use crate::demo_tasks::{at, slot};
use crate::seed::on;
use app::backend::AppState;
use app::backend::case_scope::CaseScope;
use app::backend::entities::{directive, task};
use app::backend::tasks::{self, FindingInput, ItemInput, SittingInput, StepInput};
use app::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The stations (by their place in the affidavit's list) whose Book 2 had been used.
const USED: [usize; 9] = [2, 7, 11, 15, 19, 24, 28, 33, 37];
/// The stations with no Book 2 in the box.
const NONE: [usize; 6] = [4, 13, 21, 26, 30, 39];
/// Stations with two ballot boxes: 41 stations, 45 boxes.
const TWO_BOXES: [usize; 4] = [5, 17, 29, 35];
const BLANK_FORM_34A: usize = 11;
const TWO_FORMS_34A: usize = 24;
const UNSTAMPED_CARBON: [usize; 3] = [7, 19, 33];
const UNSEALED_ENVELOPE: [usize; 2] = [15, 28];

async fn revision(state: &AppState, id: i32) -> AppResult<String> {
    Ok(task::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?
        .revision
        .to_string())
}

pub async fn seed(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let registrar = member(state, "registrar@court.test", case_id).await?;
    let officers = [
        member(state, "officer1@court.test", case_id).await?,
        member(state, "officer2@court.test", case_id).await?,
    ];
    let ids = [
        officers[0].user_id.to_string(),
        officers[1].user_id.to_string(),
    ];
    let seven = directive_id(state, case_id, "7").await?;
    let made = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(seven))
        .order_by_asc(task::Column::Id)
        .all(&state.db)
        .await?;
    let wekesa = member(state, crate::seed::AGENT.email, case_id).await?;
    // The officers enter their sittings and findings the morning after the last sitting;
    // the registrar verifies them at 11:00, before writing the report.
    on(state, "2022-09-01T08:00", async {
        for (i, t) in made.iter().enumerate() {
            sit_and_find(state, &officers, &ids, &wekesa, i, t.id).await?;
        }
        server_access(state, case_id, &officers[1], &ids[1]).await
    })
    .await?;
    on(state, "2022-09-01T11:00", async {
        let three = directive_id(state, case_id, "3").await?;
        let server_tasks = task::Entity::find()
            .filter(task::Column::DirectiveId.eq(three))
            .all(&state.db)
            .await?;
        for t in made.iter().chain(&server_tasks) {
            tasks::step(
                &registrar,
                t.id,
                StepInput {
                    revision: &revision(state, t.id).await?,
                    step: "verify",
                    reason: "",
                    response_id: "",
                    acted_at: "",
                },
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Task `i` of directive 7's 41, sat and inspected by one of the two officers, the
/// petitioners' agent present at the first; the finding submitted and signed.
async fn sit_and_find(
    state: &AppState,
    officers: &[CaseScope; 2],
    ids: &[String; 2],
    wekesa: &CaseScope,
    i: usize,
    task_id: i32,
) -> AppResult<()> {
    let officer = i % 2;
    let (starts, ends) = slot(i);
    let agents: Vec<String> = if i == 0 {
        agents_sent(state, task_id).await?
    } else {
        Vec::new()
    };
    let boxes = if TWO_BOXES.contains(&i) { 2 } else { 1 };
    let items: Vec<ItemInput> = (1..=boxes)
        .map(|b| ItemInput {
            label: format!("Ballot box {b} of {boxes}"),
            seal_found: format!("KE {:07}", 1_200_000 + i * 10 + b),
            seal_applied: format!("KE {:07}", 3_400_000 + i * 10 + b),
        })
        .collect();
    let sitting = tasks::record_sitting(
        &officers[officer],
        task_id,
        SittingInput {
            revision: &revision(state, task_id).await?,
            started: &at(starts + 5),
            ended: &at(ends - 10),
            officers: &ids[officer..=officer],
            agents: &agents,
            items: &items,
            refused: "",
            observations: "Opened and inspected in the presence of the parties' agents; resealed.",
            corrects: "",
        },
    )
    .await?;
    if i == 0 {
        tasks::remark(wekesa, task_id, &sitting.to_string(), false, "").await?;
    }
    let book_2 = if USED.contains(&i) {
        "used"
    } else if NONE.contains(&i) {
        "none"
    } else {
        "intact"
    };
    let mut anomalies = Vec::new();
    let mut notes = Vec::new();
    if i == BLANK_FORM_34A {
        anomalies.push("blank_form_34a".to_owned());
        notes.push("A blank Form 34A, unsigned and unstamped, lay among the ballot papers.");
    }
    if i == TWO_FORMS_34A {
        anomalies.push("two_forms_34a".to_owned());
        notes.push(
            "Two Forms 34A for the station: the valid votes total 412 on one and 421 on the other.",
        );
    }
    if UNSTAMPED_CARBON.contains(&i) {
        anomalies.push("unstamped_carbon".to_owned());
        notes.push("The carbon copy of Form 34A bears no stamp.");
    }
    if UNSEALED_ENVELOPE.contains(&i) {
        anomalies.push("unsealed_envelope".to_owned());
        notes.push("The envelope holding the forms was not sealed.");
    }
    submit(
        state,
        &officers[officer],
        (i == 0).then_some(wekesa),
        task_id,
        FindingInput {
            book_2,
            form_32a: "present",
            anomalies: &anomalies,
            notes: &notes.join(" "),
            ..Default::default()
        },
    )
    .await
}

pub(crate) async fn directive_id(state: &AppState, case_id: i32, label: &str) -> AppResult<i32> {
    Ok(directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case_id))
        .filter(directive::Column::Label.eq(label))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?
        .id)
}

async fn agents_sent(state: &AppState, task_id: i32) -> AppResult<Vec<String>> {
    use app::backend::entities::task_agent;
    Ok(task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(task_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| a.agent_id.to_string())
        .collect())
}

/// Submits a finding as the officer, who signs it (and so does `agent`, present).
async fn submit(
    state: &AppState,
    officer: &CaseScope,
    agent: Option<&CaseScope>,
    task_id: i32,
    input: FindingInput<'_>,
) -> AppResult<()> {
    let rev = revision(state, task_id).await?;
    tasks::submit_finding(
        officer,
        task_id,
        FindingInput {
            revision: &rev,
            ..input
        },
    )
    .await?;
    tasks::sign(officer, task_id, "1", "agree", "").await?;
    if let Some(agent) = agent {
        tasks::sign(agent, task_id, "1", "agree", "").await?;
    }
    Ok(())
}

/// Directive 3: the supervised access to IEBC's servers, one of eight made available.
async fn server_access(
    state: &AppState,
    case_id: i32,
    officer: &CaseScope,
    officer_id: &str,
) -> AppResult<()> {
    let three = directive_id(state, case_id, "3").await?;
    let id = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(three))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?
        .id;
    tasks::record_sitting(
        officer,
        id,
        SittingInput {
            revision: &revision(state, id).await?,
            started: "2022-08-31T10:15",
            ended: "2022-08-31T16:40",
            officers: &[officer_id.to_owned()],
            agents: &[],
            items: &[ItemInput {
                label: "Results transmission server 1 of 8".to_owned(),
                seal_found: String::new(),
                seal_applied: String::new(),
            }],
            refused: "Smartmatic International Holding B.V. declined to provide images of the other servers, citing intellectual property, source code, certificates and encryption keys; it offered results-transmission data and logs instead.",
            observations: "Supervised read-only access to one server in the presence of the parties' agents.",
            corrects: "",
        },
    )
    .await?;
    submit(
        state,
        officer,
        None,
        id,
        FindingInput {
            servers_named: "8",
            servers_made_available: "1",
            refused: "Access to 7 of the 8 servers: declined by Smartmatic International Holding B.V., the third party that holds them.",
            notes: "One server was made available for supervised access; the results-transmission logs were offered in place of images of the rest.",
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
