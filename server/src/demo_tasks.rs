//! The demo's scrutiny tasks, the second half of the 2022 story as far as it goes today:
//! the 41 stations of varied directive 7, each a task to inspect the Forms 34A (Book 2) and
//! 32A, made from one paste; the first ones scheduled inside the window with officers; two
//! agents per side nominated and sent to the first station, one of them with an account.
//! Made through the same services people use.

use crate::demo_orders::member;
use crate::demo_work::directive_id;
use crate::seed::AGENT;
use crate::seed::on;
use app::backend::case_scope::CaseScope;
use app::backend::entities::{directive, party, task};
use app::backend::tasks::{self, BulkInput, Nomination, OneInput, ScheduleInput};
use app::backend::{AppState, accounts};
use app::error::{AppError, AppResult};
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// An agent a party's counsel nominates in the demo.
struct DemoAgent {
    party: &'static str,
    counsel: &'static str,
    name: &'static str,
    id_number: &'static str,
    phone: &'static str,
    /// The agent's own account, for the one who reads their tasks in the portal.
    account: Option<&'static str>,
}

const AGENTS: [DemoAgent; 4] = [
    DemoAgent {
        party: "ODINGA",
        counsel: "mwangi@counsel.test",
        name: "Brian Wekesa",
        id_number: "27123456",
        phone: "+254 722 100 200",
        account: Some(AGENT.email),
    },
    DemoAgent {
        party: "ODINGA",
        counsel: "mwangi@counsel.test",
        name: "Faith Njeri",
        id_number: "28234567",
        phone: "+254 733 200 300",
        account: None,
    },
    DemoAgent {
        party: "IEBC",
        counsel: "gumbo@counsel.test",
        name: "Hassan Abdi",
        id_number: "29345678",
        phone: "+254 711 300 400",
        account: None,
    },
    DemoAgent {
        party: "IEBC",
        counsel: "gumbo@counsel.test",
        name: "Mercy Chebet",
        id_number: "30456789",
        phone: "+254 700 400 500",
        account: None,
    },
];

/// 30 August 2022, half an hour after the variation: the registrar makes the 41 tasks from
/// the petitioners' affidavit and the server access task of directive 3, and schedules
/// them; counsel nominate their agents and send them to the first task.
pub async fn seed(state: &AppState, case_id: i32, password: &str) -> Result<(), AppError> {
    on(state, "2022-08-30T16:30", async {
        let registrar = member(state, "registrar@court.test", case_id).await?;
        let seven = directive::Entity::find()
            .filter(directive::Column::CaseId.eq(case_id))
            .filter(directive::Column::Label.eq("7"))
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let affidavit = crate::demo_stations::codes()[..41].join("\n");
        let forms = ["form_34a_book_2".to_owned(), "form_32a".to_owned()];
        tasks::create_bulk(
            &registrar,
            BulkInput {
                directive_id: &seven.id.to_string(),
                kind: "inspect_forms",
                forms: &forms,
                codes: &affidavit,
                venue: "Supreme Court annex, Milimani",
            },
        )
        .await?;
        let made = task::Entity::find()
            .filter(task::Column::DirectiveId.eq(seven.id))
            .order_by_asc(task::Column::Id)
            .all(&state.db)
            .await?;
        let mut officers = Vec::new();
        for email in ["officer1@court.test", "officer2@court.test"] {
            let officer = accounts::find_by_email(state, email)
                .await?
                .ok_or(AppError::NotFound)?;
            officers.push(officer.id.to_string());
        }
        for (i, t) in made.iter().enumerate() {
            let (starts, ends) = slot(i);
            tasks::schedule(
                &registrar,
                t.id,
                ScheduleInput {
                    revision: &t.revision.to_string(),
                    starts: &at(starts),
                    ends: &at(ends),
                    venue: "Supreme Court annex, Milimani",
                    officers: &officers[i % 2..=i % 2],
                },
            )
            .await?;
        }
        server_access(&registrar, case_id, &officers[1]).await?;
        accounts::create_user(state, None, AGENT.name, AGENT.email, password, false).await?;
        let first = made.first().ok_or(AppError::NotFound)?;
        for demo in AGENTS {
            let counsel = member(state, demo.counsel, case_id).await?;
            let party_id = party::Entity::find()
                .filter(party::Column::CaseId.eq(case_id))
                .filter(party::Column::ShortName.eq(demo.party))
                .one(&state.db)
                .await?
                .ok_or(AppError::NotFound)?
                .id;
            let agent = tasks::nominate(
                &counsel,
                Nomination {
                    party_id: &party_id.to_string(),
                    name: demo.name,
                    id_number: demo.id_number,
                    phone: demo.phone,
                    email: demo.account.unwrap_or_default(),
                },
            )
            .await?;
            let revision = task::Entity::find_by_id(first.id)
                .one(&state.db)
                .await?
                .ok_or(AppError::NotFound)?
                .revision;
            tasks::send(
                &counsel,
                first.id,
                &revision.to_string(),
                &agent.id.to_string(),
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Task `i`'s sitting, in minutes from midnight starting 30 August 2022: the first six two
/// hours each from 17:00 that evening, two stations at a time; the rest from 07:00 on 31
/// August, an hour each, the two officers side by side.
pub(crate) fn slot(i: usize) -> (i64, i64) {
    let n = i64::try_from(i).unwrap_or_default();
    if i < 6 {
        let starts = 60 * (17 + (n / 2) * 2);
        (starts, starts + 120)
    } else {
        let starts = 60 * (24 + 7 + (n - 6) / 2);
        (starts, starts + 60)
    }
}

/// The court's time `minutes` after midnight starting 30 August 2022, as a form gives it.
pub(crate) fn at(minutes: i64) -> String {
    let base = NaiveDate::from_ymd_opt(2022, 8, 30)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    (base + Duration::minutes(minutes))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Directive 3's supervised access to IEBC's servers, on 31 August from 10:00.
async fn server_access(registrar: &CaseScope, case_id: i32, officer_id: &str) -> AppResult<()> {
    let state = &registrar.state;
    let three = directive_id(state, case_id, "3").await?;
    let id = tasks::create_one(
        registrar,
        OneInput {
            directive_id: &three.to_string(),
            kind: "server_access",
            scope: "server",
            server: "IEBC results transmission servers (eight named in the order)",
            venue: "IEBC data centre, Nairobi",
            ..Default::default()
        },
    )
    .await?;
    let revision = task::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?
        .revision;
    tasks::schedule(
        registrar,
        id,
        ScheduleInput {
            revision: &revision.to_string(),
            starts: "2022-08-31T10:00",
            ends: "2022-08-31T17:00",
            venue: "IEBC data centre, Nairobi",
            officers: &[officer_id.to_owned()],
        },
    )
    .await?;
    Ok(())
}
