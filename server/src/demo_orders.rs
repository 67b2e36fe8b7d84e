//! The demo case's first half of the 2022 story, told through the same services people use:
//! the order for scrutiny of 30 August 2022, IEBC's request to clarify "forensically imaged"
//! and the petitioners' reply, Smartmatic's letter, the "1 of 8 servers" objection, IEBC's
//! compliance report and the registrar's assessment, and the variation of directive 7.
//!
//! The dates are the story's: the order's, the letters and the report received at the
//! registry on paper (recorded with their scans), and the registrar's finding. What counsel
//! file here themselves (the clarification requests and the reply) cannot be backdated, so
//! those, and the ruling on a request filed here, carry the time the demo was seeded.

use app::backend::AppState;
use app::backend::case_scope::CaseScope;
use app::backend::clarifications::{self, RequestInput, RulingInput};
use app::backend::compliance;
use app::backend::entities::{directive, obligation, party, user};
use app::backend::orders::{self, OrderInput, Terms};
use app::backend::responses::{self, Attachment, ResponseInput};
use app::error::AppError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

const REGISTRAR: &str = "registrar@court.test";
const JUDGE: &str = "judge@court.test";
const GUMBO: &str = "gumbo@counsel.test";
const MWANGI: &str = "mwangi@counsel.test";

/// One directive of the order as the registry records it.
struct Demo {
    label: &'static str,
    text: &'static str,
    third_parties: &'static str,
    deadline: &'static str,
    tier: &'static str,
}

const WINDOW_OPENS: &str = "2022-08-30T14:00";
const LIMITS: &str = "Each party may have two agents present. Everything is done under the supervision of the Registrar.";

const DIRECTIVES: [Demo; 5] = [
    Demo {
        label: "1",
        text: "The ballot boxes used at the 15 polling stations listed in the schedule shall be opened, and the votes in them recounted, under the supervision of the Registrar.",
        third_parties: "",
        deadline: "2022-09-01T14:00",
        tier: "public",
    },
    Demo {
        label: "2",
        text: "The 1st respondent shall produce for scrutiny the Forms 34A transmitted by the KIEMS kits from the polling stations listed in the schedule.",
        third_parties: "",
        deadline: "2022-09-01T14:00",
        tier: "public",
    },
    Demo {
        label: "3",
        text: "The 1st respondent shall give the parties' agents supervised access to the servers, which shall be forensically imaged to capture a copy of Form 34C.",
        third_parties: "Smartmatic International Holding B.V.",
        deadline: "2022-09-01T14:00",
        tier: "public",
    },
    Demo {
        label: "4",
        text: "The 1st respondent shall produce its security policy, including the password matrix, the users and their access levels, subject to any security-related issues.",
        third_parties: "",
        deadline: "2022-09-01T14:00",
        tier: "court_only",
    },
    Demo {
        label: "7",
        text: "The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A of the polling stations requested by the petitioners.",
        third_parties: "",
        deadline: "2022-09-01T14:00",
        tier: "public",
    },
];

pub(crate) async fn member(
    state: &AppState,
    email: &str,
    case_id: i32,
) -> Result<CaseScope, AppError> {
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    CaseScope::open(state, &person, case_id).await
}

/// A scan of a paper filing: a one-page PDF of `lines`, received as an upload would be.
async fn scan(state: &AppState, name: &str, lines: &[&str]) -> Result<Attachment, AppError> {
    let bytes = crate::demo_evidence::pdf(lines);
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)]);
    let incoming = state
        .storage()
        .receive(chunks, state.config.max_upload_bytes)
        .await?;
    Ok(Attachment {
        incoming,
        name: name.to_owned(),
        declared: Some("application/pdf".to_owned()),
    })
}

fn one(key: i32) -> HashMap<String, String> {
    HashMap::from([(key.to_string(), "on".to_owned())])
}

pub async fn seed(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let registrar = member(state, REGISTRAR, case_id).await?;
    let judge = member(state, JUDGE, case_id).await?;
    let gumbo = member(state, GUMBO, case_id).await?;
    let mwangi = member(state, MWANGI, case_id).await?;
    let parties: HashMap<String, i32> = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.short_name, p.id))
        .collect();
    let iebc = *parties.get("IEBC").ok_or(AppError::NotFound)?;
    let odinga = *parties.get("ODINGA").ok_or(AppError::NotFound)?;

    let order = orders::record(&registrar,
        OrderInput {
            title: "Order on the application for scrutiny, 30 August 2022",
            issued_at: "2022-08-30T11:00",
            bench: "Koome CJ & P, Mwilu DCJ & V-P, Ibrahim, Wanjala, Njoki, Lenaola & Ouko SCJJ",
            preamble: "Upon hearing counsel for the petitioners and the respondents on the applications for scrutiny and inspection, the Court directs as follows. The scrutiny shall be carried out within 48 hours, from 14:00 on 30 August 2022 to 14:00 on 1 September 2022, and the Registrar shall file her report by 17:00 on 1 September 2022 and serve copies on all parties.",
            report_due: "2022-09-01T17:00",
        },
    )
    .await?;
    let obliged = one(iebc);
    let offices = HashMap::from([(iebc.to_string(), "Chief Executive Officer".to_owned())]);
    let mut labels = HashMap::new();
    for (revision, demo) in (1..).zip(DIRECTIVES.iter()) {
        let added = orders::add_directive(
            &registrar,
            order.id,
            &revision.to_string(),
            demo.label,
            Terms {
                text: demo.text,
                obliged: &obliged,
                offices: &offices,
                third_parties: demo.third_parties,
                window_opens: WINDOW_OPENS,
                deadline: demo.deadline,
                limits: LIMITS,
                agent_limit: "2",
                tier: demo.tier,
            },
        )
        .await?;
        labels.insert(demo.label, added.id);
    }
    let revision = (DIRECTIVES.len() + 1).to_string();
    orders::issue(&registrar, order.id, &revision).await?;
    let servers = *labels.get("3").ok_or(AppError::NotFound)?;
    let forms = *labels.get("7").ok_or(AppError::NotFound)?;

    // IEBC asks what "forensically imaged" means; the registrar invites responses for a
    // week; the petitioners oppose.
    let question = clarifications::request(&gumbo,
        RequestInput {
            directive_id: servers,
            quote: "forensically imaged",
            question: "Does \"forensically imaged\" mean an image of the entire server?",
            grounds: "An image of the entire servers would take away the infrastructure the Commission needs for a repeat election, and third-party licences for the software on them could be breached.",
            proposed: "An image of the Form 34C records and of the logs of their transmission, taken under the Registrar's supervision.",
            exhibits: "",
            file_now: true,
        },
    )
    .await?;
    clarifications::stamp(
        &registrar,
        question.id,
        &question.revision.to_string(),
        "2022-08-30T17:30",
    )
    .await?;
    let question_revision = (question.revision + 1).to_string();
    let closes = (chrono::Utc::now() + chrono::Duration::days(7))
        .with_timezone(&state.config.time_zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    clarifications::open(&registrar, question.id, &question_revision, &closes).await?;
    clarifications::respond(&mwangi,
        question.id,
        "opposes",
        "The order is plain: the servers are to be imaged. IEBC has not complied with it, and a request to narrow it now is a way of not complying.",
        "",
    )
    .await?;

    // Smartmatic declines, through the registrar's record of its letter.
    let directive_key = one(servers);
    responses::file(&registrar,
        ResponseInput {
            kind: "third_party_letter",
            party: "",
            third_party: "Smartmatic International Holding B.V.",
            title: "Smartmatic declines to provide images of the servers",
            body: "Smartmatic declines to provide server images: they would disclose its intellectual property, source code, certificates and encryption keys. It offers the results transmission data and logs instead.",
            tier: "parties",
            directives: &directive_key,
            exhibits: "EXH-SMARTMATIC-001",
            received_at: "2022-08-31T15:00",
            finding: "",
        },
        None,
    )
    .await?;

    // The petitioners object, in a letter to the Registrar: access to 1 of 8 servers.
    let odinga_id = odinga.to_string();
    let letter = scan(
        state,
        "petitioners-letter-31-aug.pdf",
        &[
            "To the Registrar, Supreme Court of Kenya. 31 August 2022.",
            "Petition E005 of 2022: directive 3 (access to the servers).",
            "The petitioners' agents were given access to one of the eight servers.",
        ],
    )
    .await?;
    responses::file(&registrar,
        ResponseInput {
            kind: "objection",
            party: &odinga_id,
            third_party: "",
            title: "Access was given to 1 of 8 servers",
            body: "The petitioners' agents were given access to one of the eight servers. IEBC has not complied with directive 3. The petitioners ask the Court to name the office of IEBC responsible for complying with it.",
            tier: "parties",
            directives: &directive_key,
            exhibits: "",
            received_at: "2022-08-31T18:30",
            finding: "",
        },
        Some(letter),
    )
    .await?;

    // IEBC reports compliance, citing its exhibits; the registrar finds it partly complied.
    let iebc_id = iebc.to_string();
    let report_scan = scan(
        state,
        "iebc-report-directive-3.pdf",
        &[
            "Independent Electoral and Boundaries Commission. 1 September 2022.",
            "Report on compliance with directive 3 (access to the servers).",
            "Supervised access to the results transmission server was given on 31 August 2022.",
        ],
    )
    .await?;
    let report = responses::file(&registrar,
        ResponseInput {
            kind: "compliance_report",
            party: &iebc_id,
            third_party: "",
            title: "IEBC's report on access to the servers",
            body: "Supervised access to the results transmission server was given on 31 August 2022 from 10:00, in the presence of the parties' agents and the Registrar. The image record is with the Registrar.",
            tier: "parties",
            directives: &directive_key,
            exhibits: "EXH-IEBC-001, EXH-IEBC-002",
            received_at: "2022-09-01T13:30",
            finding: "",
        },
        Some(report_scan),
    )
    .await?;
    let cell = obligation::Entity::find()
        .filter(obligation::Column::PartyId.eq(iebc))
        .filter(obligation::Column::LatestResponseId.eq(report.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    compliance::assess(&registrar,
        cell.id,
        &cell.revision.to_string(),
        "partly_complied",
        "Supervised access was given to one of the eight servers; the other seven were not made available within the window.",
        "2022-09-01T16:00",
        "",
    )
    .await?;

    // The parties cannot agree how to apply directive 7; the court varies it.
    let limits = clarifications::request(&mwangi,
        RequestInput {
            directive_id: forms,
            quote: "the polling stations requested by the petitioners",
            question: "Which polling stations does directive 7 cover: the 229, the 238 or the 517 stations in the petitioners' requests?",
            grounds: "The parties cannot agree how directive 7 applies, and the window is short.",
            proposed: "All the stations in the petitioners' requests.",
            exhibits: "",
            file_now: true,
        },
    )
    .await?;
    clarifications::stamp(
        &registrar,
        limits.id,
        &limits.revision.to_string(),
        "2022-08-30T14:30",
    )
    .await?;
    let forms_directive = directive::Entity::find_by_id(forms)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    clarifications::rule(&judge,
        limits.id,
        RulingInput {
            ruling: "varied",
            text: "Directive 7 is varied: scrutiny is limited to the Forms 32A and the Forms 34A (Book 2) of the 41 polling stations listed in the petitioners' affidavit.",
            revision: &(limits.revision + 1).to_string(),
            terms: Some(Terms {
                text: "The 1st respondent shall produce for scrutiny the Forms 32A and the Forms 34A (Book 2) of the 41 polling stations listed in the petitioners' affidavit.",
                obliged: &obliged,
                offices: &offices,
                third_parties: "",
                window_opens: WINDOW_OPENS,
                deadline: "2022-09-01T14:00",
                limits: LIMITS,
                agent_limit: "2",
                tier: "public",
            }),
            directive_version: &forms_directive.current_version.to_string(),
            carry: false,
            ruled_at: "2022-08-30T16:00",
            report: "",
            out_of_time: false,
        },
    )
    .await?;
    Ok(())
}
