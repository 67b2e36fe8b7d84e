//! Measures what issue 4 asks to be measured (run with `scripts/bench.sh`, or
//! `BENCH_ONLY=matrix scripts/bench.sh`): the server time of the compliance matrix page for
//! the demo case, and for a generated case of `BENCH_DIRECTIVES` (60) directives obliging
//! `BENCH_PARTIES` (6) parties with `BENCH_RESPONSES` (5,000) responses, as a ratio.
//!
//! The generated case is built through the same services people use (orders, responses
//! citing exhibits, assessments), so it carries the docket, notices and audit entries a
//! real case would. Times are the medians of 31 requests after a warm-up: the whole page
//! as the router renders it for a signed-in registrar, and the service call alone.
//!
//! Not a test: it asserts nothing, it reports. SQLite in a temporary directory, release
//! build. `BENCH_KEEP_DB=/path/copy.sqlite` keeps a copy of the generated database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::backend::case_scope::CaseScope;
use app::backend::entities::{case, directive, obligation};
use app::backend::evidence::NewItem;
use app::backend::orders::{OrderInput, Terms};
use app::backend::responses::ResponseInput;
use app::backend::{
    AppState, PortalConfig, accounts, cases, compliance, db, evidence, orders, responses,
};
use app::model::MatrixFilter;
use domain::Actor;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::router;
use server::settings::RouterSettings;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark password";

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
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn revision_of(state: &AppState, case_id: i32) -> String {
    case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

/// A case with `parties` parties, a counsel for each, the demo registrar, an order of
/// `directives` directives each obliging every party, `responses` responses citing the
/// parties' exhibits, and a third of the cells assessed. Returns the case id.
async fn generated_case(
    state: &AppState,
    directives: usize,
    parties: usize,
    responses: usize,
) -> i32 {
    let admin = Actor::admin();
    let created = cases::create_case(
        state,
        &admin,
        cases::NewCase {
            number: "Benchmark Petition E900 of 2022",
            title: "A generated petition for the matrix benchmark",
            court: "Supreme Court of Kenya",
            filing_date: "2022-08-22",
        },
    )
    .await
    .unwrap();
    let case_id = created.id;
    cases::add_member(
        state,
        &admin,
        case_id,
        cases::NewMember {
            email: "registrar@court.test",
            role: "registrar",
            party_id: "",
            revision: &revision_of(state, case_id).await,
        },
    )
    .await
    .unwrap();
    let mut party_ids = Vec::new();
    let mut counsel = Vec::new();
    for p in 0..parties {
        let short = format!("P{p}");
        let party = cases::add_party(
            state,
            &admin,
            case_id,
            cases::NewParty {
                name: &format!("Party number {p}"),
                short_name: &short,
                role: "respondent",
                revision: &revision_of(state, case_id).await,
            },
        )
        .await
        .unwrap();
        let email = format!("counsel{p}@bench.test");
        let user = accounts::create_user(
            state,
            None,
            &format!("Counsel {p}"),
            &email,
            PASSWORD,
            false,
        )
        .await
        .unwrap();
        cases::add_member(
            state,
            &admin,
            case_id,
            cases::NewMember {
                email: &email,
                role: "counsel",
                party_id: &party.id.to_string(),
                revision: &revision_of(state, case_id).await,
            },
        )
        .await
        .unwrap();
        party_ids.push(party.id);
        counsel.push(CaseScope::open(state, &user, case_id).await.unwrap());
    }
    let registrar_user = accounts::find_by_email(state, "registrar@court.test")
        .await
        .unwrap()
        .unwrap();
    let registrar = CaseScope::open(state, &registrar_user, case_id)
        .await
        .unwrap();

    // Twenty exhibits per party.
    let mut exhibits: HashMap<i32, Vec<String>> = HashMap::new();
    for (p, party) in party_ids.iter().enumerate() {
        for i in 0..20 {
            let item = evidence::record(
                &counsel[p],
                NewItem {
                    title: &format!("Form 34A of station {i} produced by party {p}"),
                    kind: "form_34a_book_1",
                    station_code: "",
                    description: "",
                    producer: &party.to_string(),
                    tier: if i % 5 == 0 { "court_only" } else { "parties" },
                },
            )
            .await
            .unwrap();
            exhibits.entry(*party).or_default().push(item.code);
        }
    }

    let order = orders::record(
        &registrar,
        OrderInput {
            title: "Generated order for scrutiny",
            issued_at: "2022-08-30T11:00",
            bench: "The full bench",
            preamble: "",
            report_due: "",
        },
    )
    .await
    .unwrap();
    let obliged: HashMap<String, String> = party_ids
        .iter()
        .map(|p| (p.to_string(), "on".to_owned()))
        .collect();
    let offices: HashMap<String, String> = party_ids
        .iter()
        .map(|p| (p.to_string(), "Chief Executive Officer".to_owned()))
        .collect();
    for d in 0..directives {
        let label = format!("{}", d + 1);
        let text = format!(
            "Directive {label}: the obliged parties shall produce for scrutiny the records listed in schedule {label}, under the supervision of the Registrar, with two agents per party present."
        );
        let deadline = if d % 2 == 0 {
            "2022-09-01T14:00"
        } else {
            "2099-09-01T14:00"
        };
        orders::add_directive(
            &registrar,
            order.id,
            &(d + 1).to_string(),
            &label,
            Terms {
                text: &text,
                obliged: &obliged,
                offices: &offices,
                third_parties: "",
                window_opens: "",
                deadline,
                limits: "",
                agent_limit: "",
                tier: if d % 10 == 9 { "court_only" } else { "public" },
            },
        )
        .await
        .unwrap();
    }
    orders::issue(&registrar, order.id, &(directives + 1).to_string())
        .await
        .unwrap();
    let directive_ids: Vec<i32> = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(order.id))
        .all(&state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();

    let kinds = [
        "compliance_report",
        "objection",
        "letter",
        "affidavit",
        "reply",
    ];
    for r in 0..responses {
        let p = r % parties;
        let party = party_ids[p];
        let first = (r * 7) % directive_ids.len();
        let answered: HashMap<String, String> = (0..=(r % 3))
            .map(|k| {
                let id = directive_ids[(first + k * 11) % directive_ids.len()];
                (id.to_string(), "on".to_owned())
            })
            .collect();
        let codes = &exhibits[&party];
        let cited = match r % 3 {
            0 => String::new(),
            1 => codes[r % codes.len()].clone(),
            _ => format!(
                "{}, {}",
                codes[r % codes.len()],
                codes[(r + 1) % codes.len()]
            ),
        };
        responses::file(
            &counsel[p],
            ResponseInput {
                kind: kinds[(r / parties) % kinds.len()],
                party: &party.to_string(),
                third_party: "",
                title: &format!("Response {r} of party {p}"),
                body: "Generated response text for the benchmark.",
                tier: if r % 17 == 0 { "court_only" } else { "parties" },
                directives: &answered,
                exhibits: &cited,
                received_at: "",
                finding: "",
            },
            None,
        )
        .await
        .unwrap();
    }

    // The registrar assesses a third of the reported cells.
    let findings = ["complied", "partly_complied", "not_complied"];
    let reported = obligation::Entity::find()
        .filter(obligation::Column::CaseId.eq(case_id))
        .filter(obligation::Column::State.eq("claimed_complied"))
        .all(&state.db)
        .await
        .unwrap();
    for (i, cell) in reported.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        compliance::assess(
            &registrar,
            cell.id,
            &cell.revision.to_string(),
            findings[i % 3],
            "Assessed for the benchmark.",
            "",
            "",
        )
        .await
        .unwrap();
    }
    case_id
}

/// The median time of 31 `GET`s of `path` by a signed-in client, after one warm-up.
async fn page_time(client: &reqwest::Client, base: &str, path: &str) -> (Duration, usize) {
    let get = || async {
        let response = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap().len()
    };
    let size = get().await;
    let mut samples = Vec::new();
    for _ in 0..31 {
        let started = Instant::now();
        get().await;
        samples.push(started.elapsed());
    }
    (median(samples), size)
}

async fn service_time(member: &CaseScope) -> (Duration, usize) {
    let run = || app::backend::views::compliance::matrix(member, MatrixFilter::default());
    let cells = run()
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.cells.iter().flatten().count())
        .sum();
    let mut samples = Vec::new();
    for _ in 0..31 {
        let started = Instant::now();
        run().await.unwrap();
        samples.push(started.elapsed());
    }
    (median(samples), cells)
}

async fn bench(dir: &Path) {
    let directives = env_number("BENCH_DIRECTIVES", 60);
    let parties = env_number("BENCH_PARTIES", 6);
    let responses = env_number("BENCH_RESPONSES", 5_000);
    let url = format!("sqlite://{}?mode=rwc", dir.join("portal.sqlite").display());
    let state = AppState::new(
        db::connect(&url).await.unwrap(),
        PortalConfig {
            evidence_dir: dir.join("evidence"),
            ..PortalConfig::default()
        },
    );
    server::seed::seed_if_empty(&state).await.unwrap();
    let demo = case::Entity::find()
        .filter(case::Column::Number.contains("E005"))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let loading = Instant::now();
    let big = generated_case(&state, directives, parties, responses).await;
    eprintln!(
        "generated {directives} directives x {parties} parties, {responses} responses in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    // A copy of the generated database, to look at query plans by hand.
    if let Ok(path) = std::env::var("BENCH_KEEP_DB") {
        use sea_orm::ConnectionTrait;
        state
            .db
            .execute_unprepared(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))
            .await
            .unwrap();
        eprintln!("kept a copy of the database at {path}");
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let settings = RouterSettings {
        site_root: dir.join("site"),
        secure_cookies: false,
        public_origin: None,
        idle_minutes: 60,
        addr,
    };
    let app = router::build(state.clone(), &settings);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .header("origin", &base)
        .form(&[
            ("email", "registrar@court.test"),
            ("password", server::seed::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    // The court's demo accounts give the demo key's code after the password.
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    let verified = client
        .post(format!("{base}/api/two_factor/verify"))
        .header("accept", "application/json")
        .header("origin", &base)
        .form(&[("code", server::seed::demo_code(now))])
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 200);

    let registrar = accounts::find_by_email(&state, "registrar@court.test")
        .await
        .unwrap()
        .unwrap();
    let demo_member = CaseScope::open(&state, &registrar, demo).await.unwrap();
    let big_member = CaseScope::open(&state, &registrar, big).await.unwrap();
    let (demo_page, demo_bytes) =
        page_time(&client, &base, &format!("/cases/{demo}/compliance")).await;
    let (big_page, big_bytes) =
        page_time(&client, &base, &format!("/cases/{big}/compliance")).await;
    let (demo_service, demo_cells) = service_time(&demo_member).await;
    let (big_service, big_cells) = service_time(&big_member).await;
    let ratio = |big: Duration, small: Duration| big.as_secs_f64() / small.as_secs_f64();
    println!("\n## Compliance matrix, SQLite, registrar's view, median of 31");
    println!("| case | cells | page (GET, whole HTML) | page size | service alone |");
    println!("|---|---|---|---|---|");
    println!(
        "| demo (E005) | {demo_cells} | {} | {} KiB | {} |",
        ms(demo_page),
        demo_bytes / 1024,
        ms(demo_service)
    );
    println!(
        "| generated: {directives} directives x {parties} parties, {responses} responses | {big_cells} | {} | {} KiB | {} |",
        ms(big_page),
        big_bytes / 1024,
        ms(big_service)
    );
    println!(
        "| ratio | | {:.2} | | {:.2} |",
        ratio(big_page, demo_page),
        ratio(big_service, demo_service)
    );
}

#[tokio::main]
async fn main() {
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_default();
    println!(
        "# Compliance matrix benchmark\n{} CPUs: {machine}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let root = tempfile::tempdir().unwrap();
    bench(root.path()).await;
}
