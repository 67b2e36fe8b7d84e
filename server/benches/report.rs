//! Measures what issue 12 asks to be measured (run with `BENCH_ONLY=report scripts/bench.sh`):
//! generating the Registrar's report (drafting it from the record and rendering the
//! document) for the demo case, and for a case with `BENCH_REPORT_STATIONS` (1,000)
//! stations and five verified findings at each (5,000): server time (median of the runs
//! after a warm-up) and the size of the document.
//!
//! Not a test: it asserts nothing but its own setup, it reports. SQLite in a temporary
//! directory, release build; every task is scheduled, sat, found and verified through the
//! same services a person's forms call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::backend::case_scope::CaseScope;
use app::backend::entities::{case, directive, election, task};
use app::backend::reports::{self, DraftInput};
use app::backend::tasks::{
    self, BulkInput, FindingInput, ItemInput, ScheduleInput, SittingInput, StepInput,
};
use app::backend::{AppState, PortalConfig, accounts, cases, db, stations};
use domain::Actor;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A register of `rows` stations in the commission's shape, ten streams a centre.
fn register(rows: usize) -> (String, Vec<String>) {
    let mut csv = String::from("code,county,constituency,ward,centre,name,registered_voters\n");
    let mut codes = Vec::with_capacity(rows);
    for n in 0..rows {
        let county = 1 + n % 47;
        let constituency = 1 + n % 290;
        let ward = 1000 + n / 100;
        let centre = 1 + (n / 10) % 10;
        let stream = 1 + n % 10;
        let code = format!("{county:03}{constituency:03}{ward:04}{centre:03}{stream:02}");
        let _ = writeln!(
            csv,
            "{code},COUNTY {county:03},CONSTITUENCY {constituency:03},WARD {ward},CENTRE {ward}-{centre},CENTRE {ward}-{centre} {stream},{}",
            400 + n % 300
        );
        codes.push(code);
    }
    (csv, codes)
}

/// Drafts and renders the report `runs` times after a warm-up: the median time and the
/// document's size.
async fn generate(
    scope: &CaseScope,
    directives: &HashMap<String, String>,
    runs: usize,
) -> (Duration, usize) {
    let mut samples = Vec::new();
    let mut size = 0;
    for i in 0..=runs {
        let started = Instant::now();
        let draft = reports::draft(
            scope,
            DraftInput {
                directives,
                tier: "parties",
            },
        )
        .await
        .unwrap();
        let page = server::report_document::render(&draft, false).unwrap();
        if i > 0 {
            samples.push(started.elapsed());
        }
        size = page.len();
    }
    samples.sort();
    (samples[samples.len() / 2], size)
}

async fn revision(state: &AppState, task_id: i32) -> String {
    task::Entity::find_by_id(task_id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

#[tokio::main]
async fn main() {
    let rows = env_number("BENCH_REPORT_STATIONS", 1_000);
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite").display()
    );
    let state = AppState::new(
        db::connect(&url).await.unwrap(),
        PortalConfig {
            evidence_dir: dir.path().join("evidence"),
            ..PortalConfig::default()
        },
    );
    server::seed::seed_if_empty(&state).await.unwrap();
    let case_row = case::Entity::find()
        .filter(case::Column::Number.contains("E005"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let registrar = accounts::find_by_email(&state, "registrar@court.test")
        .await
        .unwrap()
        .unwrap();
    let officer = accounts::find_by_email(&state, "officer1@court.test")
        .await
        .unwrap()
        .unwrap();
    let scope = CaseScope::open(&state, &registrar, case_row.id)
        .await
        .unwrap();
    let mut ids = HashMap::new();
    for d in directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case_row.id))
        .all(&state.db)
        .await
        .unwrap()
    {
        ids.insert(d.label.clone(), d.id.to_string());
    }
    let chosen = |labels: &[&str]| -> HashMap<String, String> {
        labels
            .iter()
            .map(|l| (ids[*l].clone(), "on".to_owned()))
            .collect()
    };

    // 1. The demo: directives 7 and 3, the 2022 report.
    let (demo_time, demo_size) = generate(&scope, &chosen(&["7", "3"]), 21).await;

    // 2. A generated register and five tasks at each station, all verified.
    let (csv, codes) = register(rows);
    let records = stations::check_register(csv.as_bytes(), &mut |_| {}).unwrap();
    let stored = stations::store_register(&state, None, "Benchmark register", records, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(stored.added, rows);
    let election_id = election::Entity::find()
        .filter(election::Column::Name.eq("Benchmark register"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    cases::set_election(
        &state,
        &Actor::admin(),
        case_row.id,
        &case_row.revision.to_string(),
        &election_id.to_string(),
    )
    .await
    .unwrap();
    let scope = CaseScope::open(&state, &registrar, case_row.id)
        .await
        .unwrap();
    let forms = vec!["form_34a_book_2".to_owned(), "form_32a".to_owned()];
    let paste = codes.join("\n");
    let plan = [
        ("1", "inspect_forms"),
        ("2", "inspect_forms"),
        ("1", "inspect_kiems"),
        ("2", "inspect_kiems"),
        ("7", "inspect_kiems"),
    ];
    let started = Instant::now();
    for (label, kind) in plan {
        let made = tasks::create_bulk(
            &scope,
            BulkInput {
                directive_id: &ids[label],
                kind,
                forms: &forms,
                codes: &paste,
                venue: "",
            },
        )
        .await
        .unwrap();
        assert_eq!(made, rows);
    }
    let directive_ids: Vec<i32> = ["1", "2"]
        .iter()
        .map(|l| ids[*l].parse().unwrap())
        .collect();
    let seven: i32 = ids["7"].parse().unwrap();
    let made = task::Entity::find()
        .filter(task::Column::CaseId.eq(case_row.id))
        .filter(
            sea_orm::Condition::any()
                .add(task::Column::DirectiveId.is_in(directive_ids))
                .add(
                    sea_orm::Condition::all()
                        .add(task::Column::DirectiveId.eq(seven))
                        .add(task::Column::Kind.eq("inspect_kiems")),
                ),
        )
        .order_by_asc(task::Column::Id)
        .all(&state.db)
        .await
        .unwrap();
    assert_eq!(made.len(), rows * plan.len());
    let officers = [officer.id.to_string()];
    let statuses = ["none", "intact", "intact", "intact", "used"];
    for (i, t) in made.iter().enumerate() {
        tasks::schedule(
            &scope,
            t.id,
            ScheduleInput {
                revision: &revision(&state, t.id).await,
                starts: "2022-08-31T08:00",
                ends: "2022-08-31T12:00",
                venue: "Milimani",
                officers: &officers,
            },
        )
        .await
        .unwrap();
        tasks::record_sitting(
            &scope,
            t.id,
            SittingInput {
                revision: &revision(&state, t.id).await,
                started: "2022-08-31T08:05",
                ended: "2022-08-31T09:00",
                officers: &officers,
                agents: &[],
                items: &[ItemInput {
                    label: "Ballot box 1 of 1".to_owned(),
                    seal_found: format!("KE {:07}", i),
                    seal_applied: format!("KE {:07}", 5_000_000 + i),
                }],
                refused: "",
                observations: "Opened and resealed.",
                corrects: "",
            },
        )
        .await
        .unwrap();
        let anomalies = if i % 97 == 0 {
            vec!["blank_form_34a".to_owned()]
        } else {
            Vec::new()
        };
        tasks::submit_finding(
            &scope,
            t.id,
            FindingInput {
                revision: &revision(&state, t.id).await,
                book_2: statuses[i % statuses.len()],
                form_32a: "present",
                anomalies: &anomalies,
                notes: "Inspected in the presence of the parties' agents.",
                ..Default::default()
            },
        )
        .await
        .unwrap();
        tasks::step(
            &scope,
            t.id,
            StepInput {
                revision: &revision(&state, t.id).await,
                step: "verify",
                reason: "",
                response_id: "",
                acted_at: "",
            },
        )
        .await
        .unwrap();
    }
    let set_up = started.elapsed();
    let (big_time, big_size) = generate(&scope, &chosen(&["1", "2", "7"]), 5).await;

    println!("## The Registrar's report (issue 12)\n");
    println!("| measure | time | document |\n| --- | --- | --- |");
    println!(
        "| the demo: directives 7 and 3, 42 verified findings (median of 21) | {} | {} KiB |",
        ms(demo_time),
        demo_size / 1024
    );
    println!(
        "| {rows} stations, {} verified findings under directives 1, 2 and 7 (median of 5) | {} | {} KiB |",
        made.len() + 41,
        ms(big_time),
        big_size / 1024
    );
    println!(
        "\nSetting up the {} tasks through the services (schedule, sitting, finding, verification) took {:.0} s.",
        made.len(),
        set_up.as_secs_f64()
    );
}
