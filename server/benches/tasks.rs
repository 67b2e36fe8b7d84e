//! Measures what issue 11 asks to be measured (run with `scripts/bench.sh`, or
//! `BENCH_ONLY=tasks scripts/bench.sh`):
//! - importing a national station register of `BENCH_STATIONS` (46,232) generated rows, as
//!   the `stations import` command does, against SQLite's own `.import` of the same CSV
//!   into a plain table (`sqlite3`, the limit), as a ratio;
//! - creating 41 and 5,000 tasks from a paste: the server time of the service;
//! - the task board's first page against its hundredth, in a case with `BENCH_TASKS`
//!   (50,000) tasks: medians of 31 calls after a warm-up;
//! - the board's CSV export of all those tasks.
//!
//! Not a test: it asserts nothing, it reports. SQLite in a temporary directory, release
//! build, on the demo case (whose register is swapped for the generated one).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::backend::case_scope::CaseScope;
use app::backend::entities::{case, directive, election};
use app::backend::tasks::{self, BulkInput, TaskFilter};
use app::backend::{AppState, PortalConfig, accounts, cases, db, stations};
use domain::Actor;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A register shaped like Kenya's: 47 counties, 290 constituencies, wards of centres with
/// one to three streams, `rows` stations in all. Names and numbers are made up.
fn national_register(rows: usize) -> (String, Vec<String>) {
    let mut csv = String::from("code,county,constituency,ward,centre,name,registered_voters\n");
    let mut codes = Vec::with_capacity(rows);
    let mut n = 0usize;
    'all: for ward in 0.. {
        let constituency = ward % 290 + 1;
        let county = (constituency - 1) * 47 / 290 + 1;
        let ward_code = 1 + ward / 290;
        for centre in 1..=8 {
            for stream in 1..=(1 + (ward + centre) % 3) {
                if n == rows {
                    break 'all;
                }
                let code =
                    format!("{county:03}{constituency:03}{ward_code:04}{centre:03}{stream:02}");
                let _ = writeln!(
                    csv,
                    "{code},COUNTY {county},CONSTITUENCY {constituency},WARD {ward},CENTRE {ward}-{centre},CENTRE {ward}-{centre} STREAM {stream},{}",
                    300 + (n * 37) % 400
                );
                codes.push(code);
                n += 1;
            }
        }
    }
    (csv, codes)
}

/// SQLite's own CSV import of `csv` into a plain table: what the hardware and SQLite allow.
fn sqlite_import(dir: &Path, csv: &Path) -> Option<Duration> {
    let db = dir.join("plain.sqlite");
    let started = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .args([".mode csv", &format!(".import {} stations", csv.display())])
        .status()
        .ok()?;
    status.success().then(|| started.elapsed())
}

#[tokio::main]
async fn main() {
    let rows = env_number("BENCH_STATIONS", 46_232);
    let task_count = env_number("BENCH_TASKS", 50_000);
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

    // 1. The register.
    let (csv, codes) = national_register(rows);
    let csv_path = dir.path().join("register.csv");
    std::fs::write(&csv_path, &csv).unwrap();
    let started = Instant::now();
    let records =
        stations::check_register(std::fs::File::open(&csv_path).unwrap(), &mut |_| {}).unwrap();
    let checked = started.elapsed();
    let report = stations::store_register(
        &state,
        None,
        "Benchmark national register",
        records,
        &mut |_| {},
    )
    .await
    .unwrap();
    let imported = started.elapsed();
    assert_eq!(report.added, rows);
    let started = Instant::now();
    let records =
        stations::check_register(std::fs::File::open(&csv_path).unwrap(), &mut |_| {}).unwrap();
    let again = stations::store_register(
        &state,
        None,
        "Benchmark national register",
        records,
        &mut |_| {},
    )
    .await
    .unwrap();
    let reimported = started.elapsed();
    assert_eq!(again.unchanged, rows);
    let limit = sqlite_import(dir.path(), &csv_path);

    // 2. Tasks from a paste, on the demo case with the generated register.
    let case_row = case::Entity::find()
        .filter(case::Column::Number.contains("E005"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let election_id = election::Entity::find()
        .filter(election::Column::Name.eq("Benchmark national register"))
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
    let registrar = accounts::find_by_email(&state, "registrar@court.test")
        .await
        .unwrap()
        .unwrap();
    let scope = CaseScope::open(&state, &registrar, case_row.id)
        .await
        .unwrap();
    let directive_of = |label: &'static str| {
        let state = state.clone();
        async move {
            directive::Entity::find()
                .filter(directive::Column::CaseId.eq(case_row.id))
                .filter(directive::Column::Label.eq(label))
                .one(&state.db)
                .await
                .unwrap()
                .unwrap()
                .id
                .to_string()
        }
    };
    let seven = directive_of("7").await;
    let one = directive_of("1").await;
    let forms = vec!["form_34a_book_2".to_owned(), "form_32a".to_owned()];
    let paste = |from: usize, n: usize| codes[from..from + n].join("\n");
    let create = |directive: String, kind: &'static str, text: String| {
        let scope = scope.clone();
        let forms = forms.clone();
        async move {
            let started = Instant::now();
            let made = tasks::create_bulk(
                &scope,
                BulkInput {
                    directive_id: &directive,
                    kind,
                    forms: &forms,
                    codes: &text,
                    venue: "",
                },
            )
            .await
            .unwrap();
            (made, started.elapsed())
        }
    };
    let (made41, forty_one) = create(seven.clone(), "inspect_forms", paste(0, 41)).await;
    let (made5000, five_thousand) = create(seven.clone(), "recount", paste(41, 5_000)).await;
    assert_eq!((made41, made5000), (41, 5_000));

    // 3. The board with `task_count` tasks: the rest in pastes of up to 5,000.
    let mut total = made41 + made5000;
    let mut next = 0usize;
    let kinds = ["inspect_forms", "recount", "inspect_kiems"];
    let directives = [one.clone(), seven.clone()];
    let mut round = 0usize;
    while total < task_count {
        let n = (task_count - total).min(5_000);
        if next + n > codes.len() {
            next = 0;
            round += 1;
        }
        let directive = directives[round % 2].clone();
        let kind = kinds[(round / 2) % kinds.len()];
        let (made, _) = create(directive, kind, paste(next, n)).await;
        total += made;
        next += n;
    }
    let time_page = |after: Option<i32>| {
        let scope = scope.clone();
        async move {
            let mut samples = Vec::new();
            for i in 0..32 {
                let started = Instant::now();
                let board = tasks::board(&scope, TaskFilter::default(), after)
                    .await
                    .unwrap();
                if i > 0 {
                    samples.push(started.elapsed());
                }
                assert_eq!(board.rows.len() as u64, tasks::PER_PAGE);
            }
            median(samples)
        }
    };
    let first = time_page(None).await;
    // The key that page 100 starts after: 99 pages of rows before it.
    let mut after = None;
    for _ in 0..99 {
        after = tasks::board(&scope, TaskFilter::default(), after)
            .await
            .unwrap()
            .next;
    }
    let hundredth = time_page(after).await;

    // 4. The board's CSV export of every task: what the registrar downloads, in one response.
    let started = Instant::now();
    let csv = tasks::export_csv(&scope, TaskFilter::default())
        .await
        .unwrap();
    let exported = started.elapsed();
    let exported_rows = csv::Reader::from_reader(csv.as_slice()).records().count();

    println!("## Scrutiny tasks (issue 11)\n");
    println!("| measure | time |\n| --- | --- |");
    println!("| check {rows} register rows | {} |", ms(checked));
    println!(
        "| import {rows} stations (check and store, one transaction) | {} |",
        ms(imported)
    );
    println!(
        "| import the same file again (nothing changes) | {} |",
        ms(reimported)
    );
    match limit {
        Some(limit) => println!(
            "| `sqlite3 .import` of the same CSV into a plain table | {} (import is {:.1}× that) |",
            ms(limit),
            imported.as_secs_f64() / limit.as_secs_f64()
        ),
        None => println!("| `sqlite3 .import` | sqlite3 not installed |"),
    }
    println!("| create 41 tasks from a paste | {} |", ms(forty_one));
    println!(
        "| create 5,000 tasks from a paste | {} |",
        ms(five_thousand)
    );
    println!(
        "| board, first page, {total} tasks (median of 31) | {} |",
        ms(first)
    );
    println!(
        "| board, page 100 (median of 31) | {} ({:.2}× the first) |",
        ms(hundredth),
        hundredth.as_secs_f64() / first.as_secs_f64()
    );
    println!(
        "| CSV export of the board, {exported_rows} rows, {} KiB | {} |",
        csv.len() / 1024,
        ms(exported)
    );
}
