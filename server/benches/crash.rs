//! Crash safety (issue 14; run with `scripts/crash.sh`): the release server in a process of
//! its own, killed with SIGKILL at random moments while two people work, and restarted each
//! time on the same data.
//!
//! - IEBC's counsel records evidence items and uploads files to them.
//! - The registrar assesses compliance with directive 3, blocks and unblocks a task of her
//!   own under it, and files the Registrar's report on directives 3 and 7.
//!
//! About one step in ten is refused on purpose (a stale revision, an empty file, a bad
//! field, a report whose draft changed). Every write carries a mark of its own (a title, a
//! file name, a reason, the time a report was filed with the court), so that afterwards the
//! database shows which writes took effect. A write whose connection the kill cut off may
//! have taken effect or not; the others must be exactly as the client saw them.
//!
//! After `CRASH_STEPS` (1,000) steps and at least `CRASH_MIN_KILLS` (20) kills: `audit
//! verify` and `evidence verify` pass, docket numbers run 1..n with no gap or duplicate and
//! match the case's counter, once the portal has started again no partial upload is left and
//! every file in storage is one a record refers to and holds the content its name says, and
//! every write the client saw succeed is there once and none it saw refused is. The portal's
//! log must hold no error.
//!
//! SQLite in a temporary data directory by default; with `CRASH_DATABASE_URL` (a PostgreSQL
//! URL it may create databases on) a fresh database there, dropped afterwards.
//!
//! Not a test: it reports, and exits with status 1 when a check fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use app::backend::entities::{
    blob, case_counter, docket_entry, evidence_file, evidence_item, obligation_event, report,
    task_event,
};
use chrono::NaiveDateTime;
use rand::Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{party_id, session_cookie};

const PASSWORD: &str = server::seed::DEMO_PASSWORD;
const COUNSEL: &str = "gumbo@counsel.test";
const REGISTRAR: &str = "registrar@court.test";
/// Every mark starts so; nothing in the demo does. No spaces, so that a file name keeps it.
const MARK: &str = "crash-step-";
/// How long the portal may take to start before the run gives up.
const START_LIMIT: Duration = Duration::from_secs(60);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The portal's process, started again after each kill on the same port and data.
struct Portal {
    child: Option<Child>,
    port: u16,
    data: PathBuf,
    database_url: Option<String>,
    log: PathBuf,
}

impl Portal {
    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"));
        command.arg("--data-dir").arg(&self.data);
        match &self.database_url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        command
    }

    /// Starts the server and waits until it listens. An error names what it printed.
    fn start(&mut self) -> Result<(), String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .map_err(|e| e.to_string())?;
        let mut child = self
            .command()
            .args(["--addr", &format!("127.0.0.1:{}", self.port)])
            // Warnings, and what the start says it swept.
            .env("RUST_LOG", "warn,scrutiny_portal=info")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("starting the portal: {e}"))?;
        let stdout = child.stdout.take().unwrap();
        self.child = Some(child);
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads every line, so the portal never blocks on a full pipe; the first that says
        // where it runs is the signal.
        std::thread::spawn(move || {
            let mut said = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !said && line.contains("running at ") {
                    said = true;
                    let _ = tx.send(());
                }
            }
        });
        match rx.recv_timeout(START_LIMIT) {
            Ok(()) => Ok(()),
            Err(_) => {
                self.kill();
                Err(format!(
                    "the portal did not start within {START_LIMIT:?}; its log: {}",
                    self.log.display()
                ))
            }
        }
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs a command of the binary on the same data: its status and output.
    fn run(&self, args: &[&str]) -> (bool, String) {
        let output = self
            .command()
            .args(args)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// What a request came to.
enum Answer {
    /// The portal answered: status and body, with the redirect's target if any.
    Status(u16, String, Option<String>),
    /// The connection failed or was cut by a kill: the request may or may not have taken
    /// effect.
    Cut(String),
    /// The connection failed while the portal was up and no kill came: a stall past the
    /// client's timeout, or a handler that died. Always a failure of the check.
    Broken(String),
}

/// Why a step stopped short of its write.
#[derive(Debug)]
enum Failed {
    /// The connection was cut: the portal is being killed.
    Cut,
    /// The portal answered what it should not have.
    Wrong(String),
}

impl Failed {
    fn wrong<T>(why: String) -> Result<T, Failed> {
        Err(Failed::Wrong(why))
    }
}

/// Counts the portal's kills and starts: odd while it is down (killed, not yet listening
/// again), even while it is up. A request may fail only if a kill came while it ran.
type Lives = Arc<AtomicU64>;

/// One person's connection and session.
struct Person {
    http: reqwest::Client,
    lives: Lives,
    base: String,
    email: &'static str,
    cookie: String,
    /// The authenticator's time steps used so far: a code is good once.
    used_step: u64,
}

impl Person {
    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let life = self.lives.load(Ordering::SeqCst);
        let failed = |e: reqwest::Error| {
            if life % 2 == 1 || self.lives.load(Ordering::SeqCst) != life {
                Answer::Cut(e.to_string())
            } else {
                Answer::Broken(e.to_string())
            }
        };
        let sent = request
            .header("cookie", &self.cookie)
            .header("origin", &self.base)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => return failed(e),
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match response.text().await {
            Ok(body) => Answer::Status(status, body, location),
            Err(e) => failed(e),
        }
    }

    /// A server function, as the pages call it.
    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Answer {
        self.send(
            self.http
                .post(format!("{}/api/{endpoint}", self.base))
                .header("accept", "application/json")
                .form(form),
        )
        .await
    }

    /// A read that must succeed: its JSON, or why not.
    async fn read(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<serde_json::Value, Failed> {
        match self.call(endpoint, form).await {
            Answer::Status(200, body, _) => serde_json::from_str(&body)
                .map_err(|e| Failed::Wrong(format!("{endpoint}: {e}: {body}"))),
            Answer::Status(status, body, _) => {
                Failed::wrong(format!("{endpoint}: {status} {body}"))
            }
            Answer::Cut(_) => Err(Failed::Cut),
            Answer::Broken(e) => Failed::wrong(format!("{endpoint}: {e}")),
        }
    }

    /// Signs in (again), with a code of a later time step than any used before.
    async fn sign_in(&mut self) -> Result<(), String> {
        let response = self
            .http
            .post(format!("{}/api/login", self.base))
            .header("origin", &self.base)
            .header("accept", "application/json")
            .form(&[("email", self.email), ("password", PASSWORD)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().as_u16() != 200 {
            return Err(format!("sign-in of {}: {}", self.email, response.status()));
        }
        self.cookie = session_cookie(&response).ok_or("no session cookie")?;
        let waits = response
            .headers()
            .get("location")
            .is_some_and(|l| l == app::api::auth::SECOND_STEP_PATH);
        if !waits {
            return Ok(());
        }
        let step = loop {
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default();
            if now / 30 > self.used_step {
                break now / 30;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        let verified = self
            .http
            .post(format!("{}/api/two_factor/verify", self.base))
            .header("origin", &self.base)
            .header("accept", "application/json")
            .header("cookie", &self.cookie)
            .form(&[("code", server::seed::demo_code(step * 30))])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        self.used_step = step;
        if verified.status().as_u16() != 200 {
            return Err(format!(
                "second step of {}: {}",
                self.email,
                verified.status()
            ));
        }
        self.cookie = session_cookie(&verified).ok_or("no session cookie after the second step")?;
        Ok(())
    }

    /// Waits until the portal answers again, signed in: after a kill.
    async fn recover(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if started.elapsed() > START_LIMIT * 2 {
                return Err(format!("{} could not reach the portal again", self.email));
            }
            match self.call("my_cases", &[]).await {
                Answer::Status(200, _, _) => return Ok(()),
                Answer::Status(401, _, _) if self.sign_in().await.is_ok() => return Ok(()),
                _ => {}
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The kinds of write, each with the column its mark lands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Filing,
    Upload,
    Assessment,
    TaskMove,
    Report,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Filing => "filing (evidence item recorded)",
            Kind::Upload => "upload (file to an item)",
            Kind::Assessment => "assessment (compliance finding)",
            Kind::TaskMove => "task move (block, unblock)",
            Kind::Report => "report filed",
        }
    }
}

/// What the client saw of one write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Done,
    Refused,
    Cut,
}

#[derive(Default)]
struct Log {
    writes: Vec<(Kind, String, Seen)>,
    /// Answers that were neither what a success nor what the intended refusal gives.
    surprises: Vec<String>,
}

/// What both people share: the step counter and the record of what they saw.
struct Shared {
    steps: AtomicU64,
    total: u64,
    log: Mutex<Log>,
    done: AtomicBool,
    lives: Lives,
}

impl Shared {
    fn next_step(&self) -> Option<u64> {
        let n = self.steps.fetch_add(1, Ordering::SeqCst) + 1;
        (n <= self.total).then_some(n)
    }

    fn saw(&self, kind: Kind, mark: String, seen: Seen) {
        self.log.lock().unwrap().writes.push((kind, mark, seen));
    }

    fn surprise(&self, what: String) {
        self.log.lock().unwrap().surprises.push(what);
    }
}

fn mark(step: u64) -> String {
    format!("{MARK}{step}")
}

/// Records what a write's answer says: done when it is `ok`, refused when it is the
/// intended refusal, cut when the connection failed; anything else is a surprise, and the
/// write counts as cut (it may or may not have happened).
fn judge(
    shared: &Shared,
    kind: Kind,
    mark: String,
    answer: &Answer,
    refuse: bool,
    ok: impl Fn(u16, &str, Option<&str>) -> bool,
    refused: u16,
) -> Seen {
    let seen = match answer {
        Answer::Status(status, body, location) => {
            if !refuse && ok(*status, body, location.as_deref()) {
                Seen::Done
            } else if refuse && *status == refused {
                Seen::Refused
            } else {
                shared.surprise(format!(
                    "{} {mark}: {status} {}",
                    kind.name(),
                    body.chars().take(300).collect::<String>()
                ));
                Seen::Cut
            }
        }
        Answer::Cut(_) => Seen::Cut,
        Answer::Broken(e) => {
            shared.surprise(format!("{} {mark}: {e}", kind.name()));
            Seen::Cut
        }
    };
    shared.saw(kind, mark, seen);
    seen
}

/// Whether this step is refused on purpose: about one in ten.
fn refuse() -> bool {
    rand::rng().random_bool(0.1)
}

/// IEBC's counsel: records items and uploads files to the latest one recorded.
async fn counsel(mut me: Person, shared: Arc<Shared>, producer: String) -> Result<(), String> {
    let mut latest_item: Option<String> = None;
    while let Some(step) = shared.next_step() {
        let refusing = refuse();
        let mark = mark(step);
        let cut = match &latest_item {
            Some(item) if step % 2 == 0 => {
                let name = format!("{mark}.pdf");
                // Refused: an empty file.
                let size = if refusing {
                    0
                } else {
                    rand::rng().random_range(1..256) * 1024
                };
                let content: Vec<u8> = format!("%PDF-1.4 {mark} ")
                    .into_bytes()
                    .into_iter()
                    .cycle()
                    .take(size)
                    .collect();
                let part = reqwest::multipart::Part::bytes(content)
                    .file_name(name.clone())
                    .mime_str("application/pdf")
                    .unwrap();
                let answer = me
                    .send(
                        me.http
                            .post(format!("{}/cases/1/evidence/{item}/files", me.base))
                            .header("accept", "application/json")
                            .multipart(reqwest::multipart::Form::new().part("file", part)),
                    )
                    .await;
                let seen = judge(
                    &shared,
                    Kind::Upload,
                    name,
                    &answer,
                    refusing,
                    |s, _, _| s == 201,
                    422,
                );
                seen == Seen::Cut
            }
            _ => {
                let kind = if refusing { "no such kind" } else { "other" };
                let answer = me
                    .call(
                        "evidence/record",
                        &[
                            ("case_id", "1"),
                            ("title", &mark),
                            ("kind", kind),
                            ("station_code", ""),
                            ("description", ""),
                            ("producer", &producer),
                            ("tier", "parties"),
                        ],
                    )
                    .await;
                let seen = judge(
                    &shared,
                    Kind::Filing,
                    mark.clone(),
                    &answer,
                    refusing,
                    |s, _, _| s == 200,
                    422,
                );
                if let (Seen::Done, Answer::Status(_, body, _)) = (seen, &answer) {
                    latest_item = Some(body.trim().to_owned());
                }
                seen == Seen::Cut
            }
        };
        if cut {
            me.recover().await?;
        }
    }
    Ok(())
}

/// What the registrar works on: found once, at the start.
struct Desk {
    case: String,
    /// Directive 3, whose obligations she assesses and under which her task sits.
    servers: String,
    /// Directive 7, reported on with directive 3.
    forms: String,
    task: String,
}

/// The registrar: assessments, task moves and report filings, in turn.
async fn registrar(mut me: Person, shared: Arc<Shared>, desk: Desk) -> Result<(), String> {
    while let Some(step) = shared.next_step() {
        let refusing = refuse();
        let outcome = match step % 3 {
            0 => assess(&me, &shared, &desk, step, refusing).await,
            1 => move_task(&me, &shared, &desk, step, refusing).await,
            _ => file_report(&me, &shared, &desk, step, refusing).await,
        };
        // A read cut before the write, or a write cut: either way, wait for the portal.
        match outcome {
            Ok(true) => {}
            Ok(false) | Err(Failed::Cut) => me.recover().await?,
            Err(Failed::Wrong(why)) => {
                shared.surprise(why);
                me.recover().await?;
            }
        }
    }
    Ok(())
}

/// One write of the registrar's: `Ok(true)` when the portal answered throughout.
type Step = Result<bool, Failed>;

async fn assess(me: &Person, shared: &Shared, desk: &Desk, step: u64, refusing: bool) -> Step {
    let detail = me
        .read(
            "directives/detail",
            &[("case_id", &desk.case), ("directive_id", &desk.servers)],
        )
        .await?;
    let cell = &detail["obligations"][0];
    let state = cell["state"].as_str().unwrap_or_default();
    // A finding can only be revised to a different one; without a report, only "not complied".
    // States come as their variants' names.
    let finding = match state {
        "Pending" => "not_complied",
        _ => [
            ("complied", "Complied"),
            ("partly_complied", "PartlyComplied"),
            ("not_complied", "NotComplied"),
        ]
        .into_iter()
        .find(|(_, variant)| *variant != state)
        .map(|(finding, _)| finding)
        .unwrap(),
    };
    let id = cell["id"].to_string();
    let revision = cell["revision"].as_i64().unwrap_or_default();
    // Refused: a revision someone else's change has already passed.
    let revision = if refusing { revision - 1 } else { revision }.to_string();
    let mark = mark(step);
    let answer = me
        .call(
            "compliance/assess",
            &[
                ("case_id", &desk.case),
                ("obligation_id", &id),
                ("revision", &revision),
                ("finding", finding),
                ("reason", &mark),
            ],
        )
        .await;
    let seen = judge(
        shared,
        Kind::Assessment,
        mark,
        &answer,
        refusing,
        |s, _, _| s == 200,
        409,
    );
    Ok(seen != Seen::Cut)
}

/// The task's state and revision now.
async fn task_now(me: &Person, desk: &Desk) -> Result<(String, i64), Failed> {
    let detail = me
        .read(
            "tasks/detail",
            &[("case_id", &desk.case), ("task_id", &desk.task)],
        )
        .await?;
    Ok((
        detail["task"]["state"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        detail["task"]["revision"].as_i64().unwrap_or_default(),
    ))
}

/// Blocks the task, or unblocks it when blocked, with `reason`.
async fn step_task(me: &Person, desk: &Desk, state: &str, revision: i64, reason: &str) -> Answer {
    let step = if state == "Blocked" {
        "unblock"
    } else {
        "block"
    };
    me.call(
        "tasks/step",
        &[
            ("case_id", &desk.case),
            ("task_id", &desk.task),
            ("revision", &revision.to_string()),
            ("step", step),
            ("reason", reason),
        ],
    )
    .await
}

async fn move_task(me: &Person, shared: &Shared, desk: &Desk, step: u64, refusing: bool) -> Step {
    let (state, revision) = task_now(me, desk).await?;
    let revision = if refusing { revision - 1 } else { revision };
    let mark = mark(step);
    let answer = step_task(me, desk, &state, revision, &mark).await;
    let seen = judge(
        shared,
        Kind::TaskMove,
        mark,
        &answer,
        refusing,
        |s, _, _| s == 200,
        409,
    );
    Ok(seen != Seen::Cut)
}

/// When a report is filed with the court: a minute of its own for each step, in the court's
/// time zone, after the orders it answers and long before now.
fn filed_with_court(step: u64) -> String {
    let start = NaiveDateTime::parse_from_str("2022-10-01T08:00", "%Y-%m-%dT%H:%M").unwrap();
    (start + chrono::Duration::minutes(i64::try_from(step).unwrap()))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Files the report on directives 3 and 7. The draft changes only when a task under them
/// moves, so the task is moved to blocked first (through unblocked if it was blocked): a
/// report cannot leave a task open, and one draft is filed once.
async fn file_report(me: &Person, shared: &Shared, desk: &Desk, step: u64, refusing: bool) -> Step {
    let mark = mark(step);
    let (mut state, first) = task_now(me, desk).await?;
    for (pass, revision) in (first..first + 2).enumerate() {
        let reason = format!("{mark}, before the report ({})", pass + 1);
        let answer = step_task(me, desk, &state, revision, &reason).await;
        if judge(
            shared,
            Kind::TaskMove,
            reason,
            &answer,
            false,
            |s, _, _| s == 200,
            0,
        ) == Seen::Cut
        {
            return Ok(false);
        }
        if state == "Blocked" {
            state = "Planned".to_owned();
        } else {
            break;
        }
    }
    let chosen = [
        (format!("directives[{}]", desk.servers), "on"),
        (format!("directives[{}]", desk.forms), "on"),
    ];
    let mut form: Vec<(&str, &str)> = vec![("case_id", &desk.case), ("tier", "parties")];
    form.extend(chosen.iter().map(|(k, v)| (k.as_str(), *v)));
    let draft = me.read("reports/draft", &form).await?;
    // Refused: a basis that is not the draft's, as when the draft changed after the preview.
    let basis = if refusing {
        "0".repeat(64)
    } else {
        draft["basis"].as_str().unwrap_or_default().to_owned()
    };
    let at = filed_with_court(step);
    let mut filing: Vec<(&str, &str)> =
        vec![("tier", "parties"), ("basis", &basis), ("acted_at", &at)];
    filing.extend(chosen.iter().map(|(k, v)| (k.as_str(), *v)));
    let answer = me
        .send(
            me.http
                .post(format!("{}/cases/{}/reports", me.base, desk.case))
                .form(&filing),
        )
        .await;
    let seen = judge(
        shared,
        Kind::Report,
        at,
        &answer,
        refusing,
        |s, _, l| s == 303 && l.is_some_and(|l| l.contains("#report-")),
        422,
    );
    Ok(seen != Seen::Cut)
}

/// Kills the portal at random moments until the people are done. Each kill waits for 10 to
/// 40 more steps (25 on average, so about 40 kills in 1,000 steps however fast the machine),
/// then up to 30 ms more, so that it lands anywhere within a step.
fn killer(portal: Arc<Mutex<Portal>>, shared: Arc<Shared>) -> Result<(u64, Vec<Duration>), String> {
    let mut kills = 0;
    let mut restarts = Vec::new();
    loop {
        let after = shared.steps.load(Ordering::SeqCst) + rand::rng().random_range(10..=40);
        while shared.steps.load(Ordering::SeqCst) < after {
            if shared.done.load(Ordering::SeqCst) {
                return Ok((kills, restarts));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(rand::rng().random_range(0..30)));
        if shared.done.load(Ordering::SeqCst) {
            return Ok((kills, restarts));
        }
        let mut portal = portal.lock().unwrap();
        shared.lives.fetch_add(1, Ordering::SeqCst);
        portal.kill();
        kills += 1;
        let started = Instant::now();
        portal.start()?;
        restarts.push(started.elapsed());
        shared.lives.fetch_add(1, Ordering::SeqCst);
    }
}

/// The SQLite file or a fresh PostgreSQL database, and how to drop the latter.
async fn database() -> (Option<String>, Option<(String, String)>) {
    let Ok(admin) = std::env::var("CRASH_DATABASE_URL") else {
        return (None, None);
    };
    let name = format!("portal_crash_{}", std::process::id());
    let db = Database::connect(&admin).await.unwrap();
    db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await
        .unwrap();
    db.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin.as_str(), String::new()),
    };
    let (server_part, _) = base.rsplit_once('/').unwrap();
    (
        Some(format!("{server_part}/{name}{query}")),
        Some((admin.clone(), name)),
    )
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// How many files in `tmp/` end in `.{extension}`.
fn in_tmp(evidence: &Path, extension: &str) -> usize {
    files_under(&evidence.join("tmp"))
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .count()
}

/// How many of `what` the portal's starts said they removed ("removed 3 partial uploads …").
fn removed_at_start(log: &str, what: &str) -> u64 {
    log.lines()
        .filter_map(|l| l.split("removed ").nth(1))
        .filter(|rest| rest.contains(what))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// The marks in `column` of `E`'s rows.
async fn marked<E: EntityTrait>(
    db: &sea_orm::DatabaseConnection,
    column: E::Column,
    mark_of: impl Fn(E::Model) -> String,
) -> Vec<String> {
    E::find()
        .filter(column.like(format!("{MARK}%")))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(mark_of)
        .collect()
}

/// The checks on the data once the portal has stopped: each failure as a line.
async fn check(url: &str, evidence: &Path, log: &Log) -> (Vec<String>, BTreeMap<Kind, [usize; 4]>) {
    use sha2::{Digest, Sha256};
    let mut failures = Vec::new();
    let db = Database::connect(url).await.unwrap();

    // The docket: numbers 1..n in each case, and the counter at n.
    let entries = docket_entry::Entity::find().all(&db).await.unwrap();
    let mut numbers: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for e in &entries {
        numbers.entry(e.case_id).or_default().push(e.number);
    }
    let counters: HashMap<i32, i32> = case_counter::Entity::find()
        .filter(case_counter::Column::Series.eq("docket"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.case_id, c.value))
        .collect();
    for (case, mut list) in numbers {
        list.sort_unstable();
        let expected: Vec<i32> = (1..=i32::try_from(list.len()).unwrap()).collect();
        if list != expected {
            failures.push(format!(
                "case {case}'s docket numbers are not 1..{}: {list:?}",
                list.len()
            ));
        }
        if counters.get(&case).copied() != Some(i32::try_from(list.len()).unwrap()) {
            failures.push(format!(
                "case {case}'s docket counter is {:?} for {} entries",
                counters.get(&case),
                list.len()
            ));
        }
    }
    println!("- docket entries: {}", entries.len());

    // Blobs: each file on disk holds what its name says; note those no record holds.
    let recorded: std::collections::HashSet<String> = blob::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.sha256)
        .collect();
    let mut orphans = 0;
    let mut blobs = 0;
    for path in files_under(evidence) {
        if path.starts_with(evidence.join("tmp")) {
            continue;
        }
        blobs += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let hash = hex::encode(Sha256::digest(std::fs::read(&path).unwrap()));
        if hash != name {
            failures.push(format!(
                "{} holds content hashing to {hash}",
                path.display()
            ));
        }
        if !recorded.contains(&name) {
            orphans += 1;
        }
    }
    println!("- files in storage: {blobs}, of which no record refers to {orphans}");
    if orphans > 0 {
        failures.push(format!(
            "{orphans} stored files that no record refers to are left after a start"
        ));
    }

    // The marks: which writes took effect.
    let mut present: HashMap<Kind, HashMap<String, usize>> = HashMap::new();
    let mut count = |kind: Kind, marks: Vec<String>| {
        let map = present.entry(kind).or_default();
        for m in marks {
            *map.entry(m).or_default() += 1;
        }
    };
    count(
        Kind::Filing,
        marked::<evidence_item::Entity>(&db, evidence_item::Column::Title, |i| i.title).await,
    );
    count(
        Kind::Upload,
        marked::<evidence_file::Entity>(&db, evidence_file::Column::OriginalName, |f| {
            f.original_name
        })
        .await,
    );
    count(
        Kind::Assessment,
        marked::<obligation_event::Entity>(&db, obligation_event::Column::Reason, |e| e.reason)
            .await,
    );
    count(
        Kind::TaskMove,
        marked::<task_event::Entity>(&db, task_event::Column::Reason, |e| e.reason).await,
    );
    let court: chrono_tz::Tz = "Africa/Nairobi".parse().unwrap();
    count(
        Kind::Report,
        report::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| r.acted_at)
            .map(|at| {
                at.with_timezone(&court)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string()
            })
            .collect(),
    );

    // Per kind: done, refused, cut and found, cut and not found.
    let mut counts: BTreeMap<Kind, [usize; 4]> = BTreeMap::new();
    let mut seen_marks: HashMap<Kind, std::collections::HashSet<&str>> = HashMap::new();
    for (kind, mark, seen) in &log.writes {
        seen_marks.entry(*kind).or_default().insert(mark.as_str());
        let times = present
            .get(kind)
            .and_then(|m| m.get(mark))
            .copied()
            .unwrap_or(0);
        let row = counts.entry(*kind).or_default();
        if times > 1 {
            failures.push(format!("{} {mark} is there {times} times", kind.name()));
        }
        match seen {
            Seen::Done => {
                row[0] += 1;
                if times == 0 {
                    failures.push(format!("{} {mark} succeeded but is not there", kind.name()));
                }
            }
            Seen::Refused => {
                row[1] += 1;
                if times > 0 {
                    failures.push(format!("{} {mark} was refused but is there", kind.name()));
                }
            }
            Seen::Cut => row[if times > 0 { 2 } else { 3 }] += 1,
        }
    }
    // Nothing is there that no one sent.
    for (kind, marks) in &present {
        for mark in marks.keys() {
            if *kind == Kind::Report && !mark.starts_with("2022-10-") {
                continue;
            }
            if !seen_marks
                .get(kind)
                .is_some_and(|s| s.contains(mark.as_str()))
            {
                failures.push(format!(
                    "{} {mark} is there but was never sent",
                    kind.name()
                ));
            }
        }
    }
    (failures, counts)
}

#[tokio::main]
async fn main() {
    let total = env_number("CRASH_STEPS", 1000);
    let min_kills = env_number("CRASH_MIN_KILLS", 20);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (database_url, drop_after) = database().await;
    let backend = if database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let log_path = dir.path().join("portal.log");
    let portal = Arc::new(Mutex::new(Portal {
        child: None,
        port: free_port(),
        data: data.clone(),
        database_url: database_url.clone(),
        log: log_path.clone(),
    }));
    // A panic anywhere still stops the portal: the guard's drop runs as main unwinds, and
    // a panic in a task is turned into an error below.
    portal.lock().unwrap().start().unwrap();
    let base = format!("http://127.0.0.1:{}", portal.lock().unwrap().port);
    println!(
        "## Crash safety on {backend}: {total} steps, the release server killed (SIGKILL) at random ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let lives: Lives = Arc::new(AtomicU64::new(0));
    let person = |email| Person {
        http: client(),
        lives: lives.clone(),
        base: base.clone(),
        email,
        cookie: String::new(),
        used_step: 0,
    };
    let mut gumbo = person(COUNSEL);
    gumbo.sign_in().await.unwrap();
    let mut registrar_person = person(REGISTRAR);
    registrar_person.sign_in().await.unwrap();

    let case = "1".to_owned();
    let overview = gumbo
        .read("load_case", &[("case_id", &case)])
        .await
        .unwrap();
    let producer = party_id(&overview, "IEBC");
    let matrix = registrar_person
        .read("compliance/matrix", &[("case_id", &case)])
        .await
        .unwrap();
    let directive = |label: &str| {
        matrix["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"] == label)
            .unwrap_or_else(|| panic!("directive {label} in the demo case"))["directive_id"]
            .to_string()
    };
    let (servers, forms) = (directive("3"), directive("7"));
    let created = registrar_person
        .call(
            "tasks/create_one",
            &[
                ("case_id", &case),
                ("directive_id", &servers),
                ("kind", "other"),
                ("scope", "server"),
                ("server", "Crash check server"),
                ("venue", ""),
            ],
        )
        .await;
    let task = match created {
        Answer::Status(200, body, _) => body.trim().to_owned(),
        Answer::Status(status, body, _) => panic!("creating the task: {status} {body}"),
        Answer::Cut(e) | Answer::Broken(e) => panic!("creating the task: {e}"),
    };
    let desk = Desk {
        case,
        servers,
        forms,
        task,
    };

    let shared = Arc::new(Shared {
        steps: AtomicU64::new(0),
        total,
        log: Mutex::new(Log::default()),
        done: AtomicBool::new(false),
        lives,
    });
    let started = Instant::now();
    let killing = {
        let (portal, shared) = (portal.clone(), shared.clone());
        std::thread::spawn(move || killer(portal, shared))
    };
    let counsel_work = tokio::spawn(counsel(gumbo, shared.clone(), producer));
    let registrar_work = tokio::spawn(registrar(registrar_person, shared.clone(), desk));
    let worked = [counsel_work.await, registrar_work.await];
    shared.done.store(true, Ordering::SeqCst);
    let killed = killing.join();
    let elapsed = started.elapsed();
    let mut failures: Vec<String> = Vec::new();
    for w in worked {
        match w {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(e),
            Err(e) => failures.push(format!("a client panicked: {e}")),
        }
    }
    let (kills, restarts) = match killed {
        Ok(Ok(k)) => k,
        Ok(Err(e)) => {
            failures.push(e);
            (0, Vec::new())
        }
        Err(_) => panic!("the killer panicked"),
    };

    // The last kill, then one more start: the sweep of partial uploads runs at start.
    let evidence = data.join("evidence");
    let mut portal = Arc::try_unwrap(portal).ok().unwrap().into_inner().unwrap();
    portal.kill();
    if let Err(e) = portal.start() {
        failures.push(e);
    }
    portal.kill();
    let partial_after_start = in_tmp(&evidence, "part");
    let markers_after_start = in_tmp(&evidence, "placing");
    if markers_after_start > 0 {
        failures.push(format!(
            "{markers_after_start} markers of placed files left after a start"
        ));
    }
    if partial_after_start > 0 {
        failures.push(format!(
            "{partial_after_start} partial uploads left after a start"
        ));
    }

    let mut restarts = restarts;
    restarts.sort();
    let log = std::mem::take(&mut *shared.log.lock().unwrap());
    println!(
        "- {total} steps ({} writes) in {:.0} s; {kills} kills (at least {min_kills} wanted); restarts took {:.2} s at the median, {:.2} s at most",
        log.writes.len(),
        elapsed.as_secs_f64(),
        restarts
            .get(restarts.len() / 2)
            .map_or(0.0, Duration::as_secs_f64),
        restarts.last().map_or(0.0, Duration::as_secs_f64),
    );
    if kills < min_kills {
        failures.push(format!("only {kills} kills, fewer than {min_kills}"));
    }
    println!(
        "- after the last start: {partial_after_start} partial uploads, {markers_after_start} markers of unrecorded files"
    );

    for (name, args) in [
        ("audit verify", ["audit", "verify"]),
        ("evidence verify", ["evidence", "verify"]),
    ] {
        let (ok, output) = portal.run(&args);
        let said: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
        println!("- `{name}`: {}", said.join(" "));
        if !ok {
            failures.push(format!("`{name}` failed: {output}"));
        }
    }

    let url = database_url.unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=ro",
            data.join(server::settings::DATABASE_FILE).display()
        )
    });
    let (found, counts) = check(&url, &evidence, &log).await;
    failures.extend(found);
    println!("\n| write | succeeded | refused on purpose | cut, took effect | cut, did not |");
    println!("|---|---|---|---|---|");
    for (kind, [done, refused, cut_in, cut_out]) in &counts {
        println!(
            "| {} | {done} | {refused} | {cut_in} | {cut_out} |",
            kind.name()
        );
    }
    println!("\nunexpected answers: {}", log.surprises.len());
    for s in log.surprises.iter().take(30) {
        println!("- {s}");
    }
    let errors = std::fs::read_to_string(&log_path).unwrap_or_default();
    let swept = removed_at_start(&errors, "stored files");
    let partial = removed_at_start(&errors, "partial uploads");
    println!("partial uploads left by kills, removed at the next start: {partial}");
    println!(
        "files put in place but never recorded (a kill in between), removed at the next start: {swept}"
    );
    // Errors, and panics, which the panic hook prints without a level.
    let logged: Vec<&str> = errors
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("panicked"))
        .collect();
    println!("errors and panics in the portal's log: {}", logged.len());
    if !logged.is_empty() {
        failures.push(format!(
            "{} errors and panics in the portal's log",
            logged.len()
        ));
    }
    for line in logged.iter().take(10) {
        println!("- {line}");
    }

    if let Some((admin, name)) = drop_after {
        let db = Database::connect(&admin).await.unwrap();
        let _ = db
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
    if !failures.is_empty() || !log.surprises.is_empty() {
        println!("\nFAILED:");
        for f in failures.iter().take(50) {
            println!("- {f}");
        }
        drop(portal);
        std::process::exit(1);
    }
    println!("\nall checks passed");
}
