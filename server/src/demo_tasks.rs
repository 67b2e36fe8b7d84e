//! The demo's scrutiny tasks, the second half of the 2022 story as far as it goes today:
//! the 41 stations of varied directive 7, each a task to inspect the Forms 34A (Book 2) and
//! 32A, made from one paste; the first ones scheduled inside the window with officers; two
//! agents per side nominated and sent to the first station, one of them with an account.
//! Made through the same services people use.

use crate::demo_orders::member;
use crate::seed::AGENT;
use app::backend::entities::{directive, party, task};
use app::backend::tasks::{self, BulkInput, Nomination, ScheduleInput};
use app::backend::{AppState, accounts};
use app::error::AppError;
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

pub async fn seed(state: &AppState, case_id: i32, password: &str) -> Result<(), AppError> {
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
    // Two hours each, from 16:00 on 30 August until 22:00, two stations at a time.
    for (i, t) in made.iter().take(6).enumerate() {
        let start = 16 + (i / 2) * 2;
        let (day, hour) = (30 + start / 24, start % 24);
        tasks::schedule(
            &registrar,
            t.id,
            ScheduleInput {
                revision: &t.revision.to_string(),
                starts: &format!("2022-08-{day:02}T{hour:02}:00"),
                ends: &format!("2022-08-{day:02}T{:02}:00", hour + 2),
                venue: "Supreme Court annex, Milimani",
                officers: &officers[i % 2..=i % 2],
            },
        )
        .await?;
    }
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
}
