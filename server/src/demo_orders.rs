//! The demo case's first half of the 2022 story, told through the same services people use,
//! each step on its own date: the order for scrutiny of 30 August 2022 and the variation of
//! directive 7 that afternoon; IEBC's request to clarify "forensically imaged" and the
//! petitioners' reply; Smartmatic's letter; the "1 of 8 servers" objection; IEBC's
//! compliance report and the registrar's assessment. Letters and reports reach the
//! registry on paper and are recorded, with their scans, a quarter of an hour later.

use crate::demo_work::directive_id;
use crate::seed::on;
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

/// Who acts in the first half of the story, and for which parties.
struct Cast {
    registrar: CaseScope,
    judge: CaseScope,
    gumbo: CaseScope,
    mwangi: CaseScope,
    iebc: i32,
    odinga: i32,
}

async fn cast(state: &AppState, case_id: i32) -> Result<Cast, AppError> {
    let parties: HashMap<String, i32> = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.short_name, p.id))
        .collect();
    Ok(Cast {
        registrar: member(state, REGISTRAR, case_id).await?,
        judge: member(state, JUDGE, case_id).await?,
        gumbo: member(state, GUMBO, case_id).await?,
        mwangi: member(state, MWANGI, case_id).await?,
        iebc: *parties.get("IEBC").ok_or(AppError::NotFound)?,
        odinga: *parties.get("ODINGA").ok_or(AppError::NotFound)?,
    })
}

/// 30 August 2022: the registry records the order made at 11:00; at 14:30 the petitioners
/// ask which stations directive 7 covers, and at 16:00 the court varies it.
pub async fn seed_order(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let Cast {
        registrar,
        judge,
        mwangi,
        iebc,
        ..
    } = cast(state, case_id).await?;
    let obliged = one(iebc);
    let offices = HashMap::from([(iebc.to_string(), "Chief Executive Officer".to_owned())]);
    let forms = on(state, "2022-08-30T12:00", async {
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
        labels.get("7").copied().ok_or(AppError::NotFound)
    })
    .await?;

    // The parties cannot agree how to apply directive 7; the court varies it.
    let limits = on(state, "2022-08-30T14:30", async {
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
        Ok(limits)
    })
    .await?;
    on(state, "2022-08-30T16:00", async {
        let forms_directive = directive::Entity::find_by_id(forms)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        clarifications::rule(&judge,
            limits.id,
            RulingInput {
                ruling: "varied",
                text: "Directive 7 is varied: scrutiny is limited to the Forms 32A and the Forms 34A (Book 2) of the 41 polling stations listed in the petitioners' affidavit.",
                revision: &limits.revision.to_string(),
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
    })
    .await
}

/// 30 to 31 August 2022, while the scrutiny runs: IEBC asks what "forensically imaged"
/// means and the petitioners oppose; IEBC's Forms 34A and the server image are recorded;
/// Smartmatic declines; the petitioners object that they saw 1 of 8 servers.
pub async fn seed_window(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let Cast {
        registrar,
        gumbo,
        mwangi,
        odinga,
        ..
    } = cast(state, case_id).await?;
    let servers = directive_id(state, case_id, "3").await?;
    let directive_key = one(servers);
    let question = on(state, "2022-08-30T17:30", async {
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
        Ok(question)
    })
    .await?;
    on(state, "2022-08-30T18:00", async {
        // Responses invited until noon the next day, inside the scrutiny's window.
        let revision = question.revision.to_string();
        clarifications::open(&registrar, question.id, &revision, "2022-08-31T12:00").await
    })
    .await?;
    crate::demo_evidence::seed_between(state, case_id, "2022-08-30T00:00", "2022-08-31T10:00")
        .await?;
    on(state, "2022-08-31T10:00", async {
        clarifications::respond(&mwangi,
            question.id,
            "opposes",
            "The order is plain: the servers are to be imaged. IEBC has not complied with it, and a request to narrow it now is a way of not complying.",
            "",
        )
        .await?;
        Ok(())
    })
    .await?;
    crate::demo_evidence::seed_between(state, case_id, "2022-08-31T10:00", "2022-08-31T15:15")
        .await?;

    // Smartmatic declines, through the registrar's record of its letter.
    on(state, "2022-08-31T15:15", async {
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
        Ok(())
    })
    .await?;

    // The petitioners object, in a letter to the Registrar: access to 1 of 8 servers.
    on(state, "2022-08-31T18:45", async {
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
        Ok(())
    })
    .await
}

/// 1 September 2022: IEBC reports compliance, citing its exhibits; the registrar finds it
/// partly complied.
pub async fn seed_compliance(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let Cast {
        registrar, iebc, ..
    } = cast(state, case_id).await?;
    let servers = directive_id(state, case_id, "3").await?;
    let directive_key = one(servers);
    let report = on(state, "2022-09-01T13:45", async {
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
        Ok(report)
    })
    .await?;
    on(state, "2022-09-01T16:00", async {
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
        Ok(())
    })
    .await
}
