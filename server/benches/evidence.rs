//! Measures what issue 3 asks to be measured (run with `scripts/bench.sh`; sizes can be
//! lowered with environment variables for a quick look):
//!
//! 1. the evidence list of a case holding `BENCH_ITEMS` (100,000) items: service time of
//!    the first page and of page 500, against the first page of a 1,000-item case;
//! 2. `scrutiny-portal audit verify` over `BENCH_AUDIT` (1,000,000) entries, against
//!    `sha256sum` over a file holding the same payload bytes;
//! 3. an upload of `BENCH_UPLOAD_MIB` (1024) MiB through the running server: throughput
//!    against `sha256sum` of the same file, and the server's peak RSS growth.
//!
//! Not a test: it asserts nothing, it reports. Everything runs on SQLite in a temporary
//! directory, with the release build of the server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use app::backend::audit::{self, Change};
use app::backend::case_scope::CaseScope;
use app::backend::entities::{audit_entry, audit_head, case_member, evidence_item};
use app::backend::evidence::{self, Cursor};
use app::backend::{AppState, PortalConfig, accounts, cases, db};
use app::model::EvidenceFilter;
use chrono::{SubsecRound, Utc};
use domain::Actor;
use domain::evidence::{EvidenceKind, SealingTier};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
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

/// Times `sha256sum` over a file, after one unmeasured run so the file is in the page
/// cache for both it and whatever it is compared with.
fn sha256sum_time(path: &Path) -> Duration {
    let run = || {
        let started = Instant::now();
        let status = Command::new("sha256sum")
            .arg(path)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        started.elapsed()
    };
    run();
    run()
}

async fn state_at(dir: &Path) -> (AppState, String) {
    let url = format!("sqlite://{}?mode=rwc", dir.join("portal.sqlite").display());
    let connection = db::connect(&url).await.unwrap();
    let state = AppState::new(
        connection,
        PortalConfig {
            evidence_dir: dir.join("evidence"),
            ..PortalConfig::default()
        },
    );
    (state, url)
}

async fn case_with_items(state: &AppState, number: &str, items: u64, registrar: i32) -> i32 {
    let created = cases::create_case(
        state,
        &Actor::admin(),
        cases::NewCase {
            number,
            title: "Benchmark petition",
            court: "Supreme Court of Kenya",
            filing_date: "2022-08-22",
        },
    )
    .await
    .unwrap();
    case_member::Entity::insert(case_member::ActiveModel {
        case_id: Set(created.id),
        user_id: Set(registrar),
        role: Set(domain::CaseRole::Registrar.into()),
        party_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&state.db)
    .await
    .unwrap();
    let kinds = [
        EvidenceKind::Form34aBook1,
        EvidenceKind::Form34aBook2,
        EvidenceKind::Letter,
        EvidenceKind::Affidavit,
    ];
    let tiers = SealingTier::ALL;
    let txn = state.db.begin().await.unwrap();
    let mut n = 0;
    while n < items {
        let batch: Vec<evidence_item::ActiveModel> = (n..(n + 2000).min(items))
            .map(|i| evidence_item::ActiveModel {
                case_id: Set(created.id),
                code: Set(format!("EXH-CRT-{:06}", i + 1)),
                title: Set(format!("Form 34A, polling station {i}")),
                kind: Set(kinds[(i % 4) as usize].into()),
                station_code: Set(Some(format!("047281{:07}01", i % 10_000_000))),
                description: Set(String::new()),
                producer_party_id: Set(None),
                tier: Set(tiers[(i % 3) as usize].into()),
                recorded_by: Set(registrar),
                recorded_at: Set(Utc::now()),
                ..Default::default()
            })
            .collect();
        n += batch.len() as u64;
        evidence_item::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    created.id
}

async fn list_time(member: &CaseScope, cursor: Cursor) -> Duration {
    let filter = EvidenceFilter::default();
    // Warm the caches once, then take the median of 31 runs.
    evidence::list(member, &filter, cursor).await.unwrap();
    let mut samples = Vec::new();
    for _ in 0..31 {
        let started = Instant::now();
        let page = evidence::list(member, &filter, cursor).await.unwrap();
        samples.push(started.elapsed());
        assert_eq!(page.items.len(), 25);
    }
    median(samples)
}

async fn bench_list(dir: &Path) {
    let items = env_number("BENCH_ITEMS", 100_000);
    let (state, _) = state_at(dir).await;
    let registrar = accounts::create_user(
        &state,
        None,
        "Bench Registrar",
        "bench@court.test",
        "benchmark password",
        false,
    )
    .await
    .unwrap();
    let loading = Instant::now();
    let big = case_with_items(&state, "Bench E100 of 2022", items, registrar.id).await;
    let small = case_with_items(&state, "Bench E101 of 2022", 1_000, registrar.id).await;
    eprintln!(
        "loaded {} items in {:.1} s",
        items + 1_000,
        loading.elapsed().as_secs_f64()
    );
    let big_member = CaseScope::open(&state, &registrar, big).await.unwrap();
    let small_member = CaseScope::open(&state, &registrar, small).await.unwrap();
    // The cursor that opens page 500 (or the last full page of a smaller run): the last item
    // of the page before.
    let far_page = 500.min(items / 25).max(2);
    let page_far_after = evidence_item::Entity::find()
        .select_only()
        .column(evidence_item::Column::Id)
        .filter(evidence_item::Column::CaseId.eq(big))
        .order_by_asc(evidence_item::Column::Id)
        .offset((far_page - 1) * 25 - 1)
        .limit(1)
        .into_tuple::<i32>()
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let small_first = list_time(&small_member, Cursor::First).await;
    let big_first = list_time(&big_member, Cursor::First).await;
    let big_far = list_time(&big_member, Cursor::After(page_far_after)).await;
    let ratio = |d: Duration| d.as_secs_f64() / small_first.as_secs_f64();
    println!("\n## Evidence list (keyset), SQLite, median of 31");
    println!("| case | page | server time | ratio to 1,000-item first page |");
    println!("|---|---|---|---|");
    println!("| 1,000 items | 1 | {} | 1.00 |", ms(small_first));
    println!(
        "| {items} items | 1 | {} | {:.2} |",
        ms(big_first),
        ratio(big_first)
    );
    println!(
        "| {items} items | {far_page} | {} | {:.2} |",
        ms(big_far),
        ratio(big_far)
    );
}

async fn bench_audit(dir: &Path) {
    let entries = env_number("BENCH_AUDIT", 1_000_000);
    let (state, url) = state_at(dir).await;
    let payloads_path = dir.join("payloads.bin");
    let mut payloads = std::io::BufWriter::new(std::fs::File::create(&payloads_path).unwrap());
    let (mut seq, mut prev) = audit::head(&state.db).await.unwrap();
    let loading = Instant::now();
    let txn = state.db.begin().await.unwrap();
    let mut batch = Vec::new();
    let at = Utc::now().trunc_subsecs(6);
    for i in 0..entries {
        seq += 1;
        let entry = audit::seal(
            seq,
            &prev,
            at,
            Change {
                actor_id: Some((i % 12) as i32 + 1),
                case_id: Some(1),
                action: "evidence.custody",
                subject: format!("evidence:{}", i % 5_000),
                details: serde_json::json!({
                    "code": format!("EXH-IEBC-{:03}", i % 5_000),
                    "event": "viewed",
                    "file": null,
                    "handed_to": null,
                    "note": null,
                }),
            },
        );
        payloads.write_all(entry.payload.as_bytes()).unwrap();
        prev = entry.hash.clone();
        batch.push(audit_entry::ActiveModel::from(entry).reset_all());
        if batch.len() == 1_000 {
            audit_entry::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(&txn)
                .await
                .unwrap();
        }
    }
    if !batch.is_empty() {
        audit_entry::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(seq))
        .col_expr(audit_head::Column::Hash, Expr::value(prev.clone()))
        .filter(audit_head::Column::Id.eq(1))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    payloads.flush().unwrap();
    drop(payloads);
    state.db.close().await.unwrap();
    eprintln!(
        "built a chain of {seq} entries in {:.1} s",
        loading.elapsed().as_secs_f64()
    );

    let payload_bytes = std::fs::metadata(&payloads_path).unwrap().len();
    let sha = sha256sum_time(&payloads_path);
    let mut samples = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
            .args(["--database-url", &url, "audit", "verify"])
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        samples.push(started.elapsed());
        let printed = String::from_utf8_lossy(&output.stdout);
        assert!(
            printed.starts_with(&format!("OK: {seq} entries")),
            "{printed}"
        );
    }
    let verify = median(samples);
    println!("\n## `scrutiny-portal audit verify`, SQLite, median of 3 (whole command)");
    println!("| entries | payload bytes | verify | sha256sum of the payloads | ratio |");
    println!("|---|---|---|---|---|");
    println!(
        "| {seq} | {payload_bytes} | {:.2} s | {:.3} s | {:.1}x |",
        verify.as_secs_f64(),
        sha.as_secs_f64(),
        verify.as_secs_f64() / sha.as_secs_f64()
    );
}

/// A status line of `/proc/<pid>/status`, in KiB.
fn proc_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

async fn bench_upload(dir: &Path) {
    let mib = env_number("BENCH_UPLOAD_MIB", 1024);
    let file_path = dir.join("upload.bin");
    {
        // Incompressible, and cheap to make: a xorshift stream.
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file_path).unwrap());
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut block = vec![0u8; 1 << 20];
        for _ in 0..mib {
            for chunk in block.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                chunk.copy_from_slice(&x.to_le_bytes());
            }
            out.write_all(&block).unwrap();
        }
    }
    let size = std::fs::metadata(&file_path).unwrap().len();
    let data_dir = dir.join("server");
    let mut server = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--site-root",
            "/nonexistent",
            "--data-dir",
        ])
        .arg(&data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = server.id();
    let base = {
        use std::io::BufRead;
        let stdout = server.stdout.take().unwrap();
        let mut found = None;
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(rest) = line.split("running at ").nth(1) {
                found = Some(rest.trim().trim_end_matches('/').to_owned());
                break;
            }
        }
        found.unwrap()
    };
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .form(&[
            ("email", "gumbo@counsel.test"),
            ("password", server::seed::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success() || login.status().is_redirection());
    let case: serde_json::Value = client
        .post(format!("{base}/api/load_case"))
        .header("accept", "application/json")
        .form(&[("case_id", "1")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let iebc = case["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == "IEBC")
        .map(|p| p["id"].to_string())
        .unwrap();
    let recorded: serde_json::Value = client
        .post(format!("{base}/api/evidence/record"))
        .header("accept", "application/json")
        .form(&[
            ("case_id", "1"),
            ("title", "Benchmark upload"),
            ("kind", "server_image"),
            ("station_code", ""),
            ("description", ""),
            ("producer", iebc.as_str()),
            ("tier", "court_only"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let item = recorded.as_i64().expect("the item was recorded");

    let sha = sha256sum_time(&file_path);
    // Resets the peak so it measures the upload alone.
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").unwrap();
    let rss_before = proc_kib(pid, "VmRSS:");
    // Sent in 1 MiB writes, as a browser does; reqwest's own file body reads 4 KiB at a
    // time, which would measure the client rather than the portal.
    let file = tokio::fs::File::open(&file_path).await.unwrap();
    let chunks = futures_util::stream::unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buffer = vec![0u8; 1 << 20];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok::<_, std::io::Error>(buffer), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    let part =
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(chunks), size)
            .file_name("upload.bin");
    let started = Instant::now();
    let reply = client
        .post(format!("{base}/cases/1/evidence/{item}/files"))
        .header("accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let status = reply.status();
    let body = reply.text().await.unwrap();
    assert_eq!(status.as_u16(), 201, "{body}");
    let peak = proc_kib(pid, "VmHWM:");
    let _ = server.kill();
    let _ = server.wait();

    let mib_s = |d: Duration| size as f64 / (1 << 20) as f64 / d.as_secs_f64();
    println!("\n## Upload of {mib} MiB through the server (SQLite, loopback, stored with fsync)");
    println!("| upload | sha256sum | throughput ratio | RSS before | peak RSS during | growth |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {:.2} s ({:.0} MiB/s) | {:.2} s ({:.0} MiB/s) | {:.2} | {} MiB | {} MiB | {:.1} MiB |",
        elapsed.as_secs_f64(),
        mib_s(elapsed),
        sha.as_secs_f64(),
        mib_s(sha),
        sha.as_secs_f64() / elapsed.as_secs_f64(),
        rss_before / 1024,
        peak / 1024,
        peak.saturating_sub(rss_before) as f64 / 1024.0
    );
}

#[tokio::main]
async fn main() {
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
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
        "# Evidence benchmarks\n{} CPUs: {machine}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let root = tempfile::tempdir().unwrap();
    if only.is_empty() || only == "list" {
        let dir = root.path().join("list");
        std::fs::create_dir_all(&dir).unwrap();
        bench_list(&dir).await;
    }
    if only.is_empty() || only == "audit" {
        let dir = root.path().join("audit");
        std::fs::create_dir_all(&dir).unwrap();
        bench_audit(&dir).await;
    }
    if only.is_empty() || only == "upload" {
        let dir = root.path().join("upload");
        std::fs::create_dir_all(&dir).unwrap();
        bench_upload(&dir).await;
    }
}
