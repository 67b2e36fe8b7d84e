//! Load (issue 14; run with `scripts/load.sh`): the release server in a process of its own,
//! on loopback, with the demo case in a fresh SQLite data directory.
//!
//! 1. Readers alone: 4 connections reading pages for `LOAD_IDLE_SECONDS` (10), each a page
//!    every 40 ms as people reading would (100 pages a second in all, about an eighth of what
//!    this server serves on 2 cores), for the idle p99.
//! 2. A mix on 64 connections for `LOAD_SECONDS` (60): pages (the overview, the matrix, the
//!    docket, the register), filings (an evidence item recorded, then a file uploaded to it)
//!    and downloads of the files filed. Every error is counted; p50 and p99 per kind.
//! 3. 50 sign-ins at once while the same readers read: their p99 against idle.
//!
//! Not a test: it reports, and exits with status 1 when a request failed or the readers'
//! p99 under the sign-ins passed twice the idle one, so that a script can check the goals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{party_id, session_cookie};
use tokio::sync::Mutex;

const PASSWORD: &str = server::seed::DEMO_PASSWORD;
const PAGES: [&str; 4] = [
    "/cases/1",
    "/cases/1/compliance",
    "/cases/1/docket",
    "/cases/1/evidence",
];
/// Demo accounts that read case 1; filings are made by IEBC's counsel.
const READERS: [&str; 4] = [
    "registrar@court.test",
    "gumbo@counsel.test",
    "observer@lsk.test",
    "judge@court.test",
];
const FILER: &str = "gumbo@counsel.test";
/// The 50 sign-ins at once are shared among accounts that sign in with a password alone: a
/// court account's code is good once, and the goal measures password hashing beside readers.
const SIGNERS: [&str; 5] = [
    "gumbo@counsel.test",
    "mwangi@counsel.test",
    "ngatia@counsel.test",
    "observer@lsk.test",
    "agent@iebc.test",
];

fn seconds(name: &str, default: f64) -> Duration {
    let value = std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Duration::from_secs_f64(value)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The release server on a free loopback port with a fresh data directory; stopped on drop.
struct Portal {
    child: Child,
    url: String,
    _data: tempfile::TempDir,
}

impl Portal {
    fn start() -> Portal {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
            .args(["--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data.path())
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("the portal stopped before it said where")
                .unwrap();
            if let Some(rest) = line.split("running at ").nth(1) {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_owned();
            }
        };
        // Keeps reading, so the portal never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Portal {
            child,
            url,
            _data: data,
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of one connection per clone-less worker, as a browser tab.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .http1_only()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Signs in as `email`, with the demo key's current code for the court's accounts (each
/// signs in once here, so no code is used twice): the session cookie, and how long it took.
async fn sign_in(base: &str, email: &str) -> Result<(String, Duration), String> {
    let started = Instant::now();
    let response = client()
        .post(format!("{base}/api/login"))
        .header("origin", base)
        .header("accept", "application/json")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status().as_u16() != 200 {
        return Err(format!("sign-in of {email}: {}", response.status()));
    }
    let cookie = session_cookie(&response).ok_or("no session cookie")?;
    let waits = response
        .headers()
        .get("location")
        .is_some_and(|l| l == app::api::auth::SECOND_STEP_PATH);
    if !waits {
        return Ok((cookie, started.elapsed()));
    }
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default();
    let verified = client()
        .post(format!("{base}/api/two_factor/verify"))
        .header("origin", base)
        .header("accept", "application/json")
        .header("cookie", &cookie)
        .form(&[("code", server::seed::demo_code(now))])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if verified.status().as_u16() != 200 {
        return Err(format!("second step of {email}: {}", verified.status()));
    }
    let cookie = session_cookie(&verified).ok_or("no session cookie after the second step")?;
    Ok((cookie, started.elapsed()))
}

#[derive(Default)]
struct Tally {
    times: BTreeMap<&'static str, Vec<Duration>>,
    errors: Vec<String>,
}

/// What one request of a kind answered: its time, or why it failed.
type Outcome = Result<Duration, String>;

async fn page(http: &reqwest::Client, base: &str, cookie: &str, path: &str) -> Outcome {
    let started = Instant::now();
    let response = http
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .header("accept", "text/html")
        .send()
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    let status = response.status().as_u16();
    response
        .bytes()
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    if status != 200 {
        return Err(format!("GET {path}: {status}"));
    }
    Ok(started.elapsed())
}

/// Records an evidence item and uploads a file to it: the file's download path.
async fn filing(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    producer: &str,
    n: u64,
) -> Result<(Duration, String), String> {
    let started = Instant::now();
    let recorded = http
        .post(format!("{base}/api/evidence/record"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("accept", "application/json")
        .form(&[
            ("case_id", "1"),
            ("title", &format!("Form 34A scan, load run {n}")),
            ("kind", "other"),
            ("station_code", ""),
            ("description", ""),
            ("producer", producer),
            ("tier", "parties"),
        ])
        .send()
        .await
        .map_err(|e| format!("recording: {e}"))?;
    let status = recorded.status().as_u16();
    let text = recorded
        .text()
        .await
        .map_err(|e| format!("recording: {e}"))?;
    if status != 200 {
        return Err(format!("recording: {status} {text}"));
    }
    let item: i64 = text
        .trim()
        .parse()
        .map_err(|_| format!("recording: {text}"))?;
    let content: Vec<u8> = format!("%PDF-1.4 scan {n} ")
        .into_bytes()
        .into_iter()
        .cycle()
        .take(64 * 1024)
        .collect();
    let part = reqwest::multipart::Part::bytes(content)
        .file_name(format!("scan-{n}.pdf"))
        .mime_str("application/pdf")
        .unwrap();
    let uploaded = http
        .post(format!("{base}/cases/1/evidence/{item}/files"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .map_err(|e| format!("uploading: {e}"))?;
    let status = uploaded.status().as_u16();
    let body: serde_json::Value = uploaded
        .json()
        .await
        .map_err(|e| format!("uploading: {e}"))?;
    if status != 201 {
        return Err(format!("uploading: {status} {body}"));
    }
    let file = body["file_id"]
        .as_i64()
        .ok_or(format!("uploading: {body}"))?;
    Ok((
        started.elapsed(),
        format!("/cases/1/evidence/{item}/files/{file}"),
    ))
}

async fn download(http: &reqwest::Client, base: &str, cookie: &str, path: &str) -> Outcome {
    let started = Instant::now();
    let response = http
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| format!("download: {e}"))?;
    let status = response.status().as_u16();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("download: {e}"))?;
    if status != 200 || bytes.len() != 64 * 1024 {
        return Err(format!("download {path}: {status}, {} bytes", bytes.len()));
    }
    Ok(started.elapsed())
}

/// How often each reader asks for a page.
const READER_PACE: Duration = Duration::from_millis(40);

/// Reads a page every `READER_PACE` on each of `connections` connections until `until`:
/// every page's time.
async fn readers(base: &str, cookies: &[String], connections: usize, until: Instant) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let (base, cookie, tally) = (
                base.to_owned(),
                cookies[w % cookies.len()].clone(),
                tally.clone(),
            );
            tokio::spawn(async move {
                let http = client();
                let mut n = w;
                // Readers are staggered across the pace, as people do not click together.
                let mut next =
                    tokio::time::Instant::now() + READER_PACE * w as u32 / connections as u32;
                tokio::time::sleep_until(next).await;
                while Instant::now() < until {
                    next += READER_PACE;
                    let outcome = page(&http, &base, &cookie, PAGES[n % PAGES.len()]).await;
                    let mut tally = tally.lock().await;
                    match outcome {
                        Ok(t) => tally.times.entry("page").or_default().push(t),
                        Err(e) => tally.errors.push(e),
                    }
                    drop(tally);
                    n += 1;
                    tokio::time::sleep_until(next).await;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    Arc::try_unwrap(tally).ok().unwrap().into_inner()
}

fn report(title: &str, tally: &mut Tally, elapsed: Duration) {
    println!("\n### {title}\n");
    println!("| kind | requests | per second | p50 | p99 |");
    println!("|---|---|---|---|---|");
    for (kind, times) in tally.times.iter_mut() {
        times.sort();
        println!(
            "| {kind} | {} | {:.0} | {} | {} |",
            times.len(),
            times.len() as f64 / elapsed.as_secs_f64(),
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99))
        );
    }
    println!("\nerrors: {}", tally.errors.len());
    for error in tally.errors.iter().take(10) {
        println!("- {error}");
    }
}

#[tokio::main]
async fn main() {
    let portal = Portal::start();
    let base = portal.url.clone();
    println!(
        "## Load: the release server on loopback ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut cookies = Vec::new();
    for email in READERS {
        cookies.push(sign_in(&base, email).await.unwrap().0);
    }
    let filer = sign_in(&base, FILER).await.unwrap().0;
    let overview: serde_json::Value = client()
        .post(format!("{base}/api/load_case"))
        .header("cookie", &filer)
        .header("origin", &base)
        .header("accept", "application/json")
        .form(&[("case_id", "1")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let producer = party_id(&overview, "IEBC");

    // 1. Readers alone.
    let idle_for = seconds("LOAD_IDLE_SECONDS", 10.0);
    let mut idle = readers(&base, &cookies, 4, Instant::now() + idle_for).await;
    report(
        "Readers alone, 4 connections, a page every 40 ms on each",
        &mut idle,
        idle_for,
    );
    let idle_p99 = percentile(&idle.times["page"], 0.99);

    // 2. The mix on 64 connections.
    let mix_for = seconds("LOAD_SECONDS", 60.0);
    let until = Instant::now() + mix_for;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let filed: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..64usize)
        .map(|w| {
            let (base, tally, filed, counter, producer) = (
                base.clone(),
                tally.clone(),
                filed.clone(),
                counter.clone(),
                producer.clone(),
            );
            let reader = cookies[w % cookies.len()].clone();
            let filer = filer.clone();
            tokio::spawn(async move {
                let http = client();
                let mut n = w;
                while Instant::now() < until {
                    // Of every ten requests: seven pages, two downloads, one filing.
                    let (kind, outcome) = match n % 10 {
                        0 => {
                            let k = counter.fetch_add(1, Ordering::Relaxed);
                            match filing(&http, &base, &filer, &producer, k).await {
                                Ok((t, path)) => {
                                    filed.lock().await.push(path);
                                    ("filing", Ok(t))
                                }
                                Err(e) => ("filing", Err(e)),
                            }
                        }
                        3 | 7 => {
                            let path = {
                                let filed = filed.lock().await;
                                (!filed.is_empty()).then(|| filed[n % filed.len()].clone())
                            };
                            match path {
                                Some(path) => {
                                    ("download", download(&http, &base, &filer, &path).await)
                                }
                                None => ("page", page(&http, &base, &reader, PAGES[0]).await),
                            }
                        }
                        _ => (
                            "page",
                            page(&http, &base, &reader, PAGES[n % PAGES.len()]).await,
                        ),
                    };
                    let mut tally = tally.lock().await;
                    match outcome {
                        Ok(t) => tally.times.entry(kind).or_default().push(t),
                        Err(e) => tally.errors.push(e),
                    }
                    n += 1;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let elapsed = started.elapsed();
    let mut mix = Arc::try_unwrap(tally).ok().unwrap().into_inner();
    report(
        &format!(
            "Pages, filings and downloads on 64 connections for {:.0} s",
            elapsed.as_secs_f64()
        ),
        &mut mix,
        elapsed,
    );

    // 3. 50 sign-ins at once beside the readers.
    let until = Instant::now() + Duration::from_secs(4);
    let reading = {
        let (base, cookies) = (base.clone(), cookies.clone());
        tokio::spawn(async move { readers(&base, &cookies, 4, until).await })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sign_ins: Vec<_> = (0..50)
        .map(|i| {
            let base = base.clone();
            tokio::spawn(async move { sign_in(&base, SIGNERS[i % SIGNERS.len()]).await })
        })
        .collect();
    let mut login_times = Vec::new();
    let mut login_errors = Vec::new();
    for s in sign_ins {
        match s.await.unwrap() {
            Ok((_, t)) => login_times.push(t),
            Err(e) => login_errors.push(e),
        }
    }
    let mut during = reading.await.unwrap();
    login_times.sort();
    during.times.insert("sign-in", login_times);
    during.errors.extend(login_errors);
    report(
        "50 sign-ins at once beside the same 4 readers",
        &mut during,
        Duration::from_secs(4),
    );
    let during_p99 = percentile(&during.times["page"], 0.99);
    let ratio = during_p99.as_secs_f64() / idle_p99.as_secs_f64().max(1e-9);
    println!(
        "\nreaders' p99: {} idle, {} during the sign-ins: {ratio:.2}× (goal ≤ 2×)",
        ms(idle_p99),
        ms(during_p99)
    );

    let errors = idle.errors.len() + mix.errors.len() + during.errors.len();
    drop(portal);
    if errors > 0 || ratio > 2.0 {
        println!("\nFAILED: {errors} errors; readers' p99 ratio {ratio:.2}");
        std::process::exit(1);
    }
}
