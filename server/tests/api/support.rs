//! `TestApp`: a portal on a random port with its own database, and a client that keeps
//! cookies like a browser.

use app::backend::{AppState, PortalConfig, db};
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};
use serde_json::Value;
use server::router;
use server::settings::RouterSettings;
use std::net::SocketAddr;
use std::sync::Arc;

pub const PASSWORD: &str = server::seed::DEMO_PASSWORD;

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// Runs a test body once per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::support::Backend::postgres() {
                    Some(backend) => super::$name(backend).await,
                    None => $crate::support::skipped(concat!(module_path!(), "::postgres")),
                }
            }
        }
    )*};
}

/// Says, in `cargo test`'s own output, that the PostgreSQL half of a test did not run: a
/// test that silently returns would pass without testing anything. Under CI it fails.
pub fn skipped(test: &str) {
    use std::io::Write;
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: PORTAL_TEST_POSTGRES_URL is not set, and CI requires the PostgreSQL tests"
    );
    // Written to the process's stderr itself: the test harness captures only `eprintln!`.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: no PostgreSQL (set PORTAL_TEST_POSTGRES_URL, or run scripts/test.sh)"
    );
}

impl Backend {
    pub fn postgres() -> Option<Backend> {
        std::env::var("PORTAL_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
            .map(Backend::Postgres)
    }
}

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(backend: &Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("portal.sqlite").display()
                );
                TestDb {
                    url,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres(admin_url) => {
                use sea_orm::ConnectionTrait;
                let name = format!("portal_test_{}", rand::random::<u64>());
                let admin = sea_orm::Database::connect(admin_url.as_str())
                    .await
                    .unwrap();
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                let (base, _) = admin_url.rsplit_once('/').unwrap();
                TestDb {
                    url: format!("{base}/{name}"),
                    _dir: None,
                }
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    server: tokio::task::JoinHandle<()>,
    /// This portal's data directory, holding its evidence files; removed with it.
    pub data_dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestApp {
    /// A portal holding the demo case, with the default settings.
    pub async fn spawn(db: &TestDb) -> TestApp {
        Self::spawn_with(db, PortalConfig::default()).await
    }

    pub async fn spawn_with(db: &TestDb, config: PortalConfig) -> TestApp {
        Self::spawn_in(db, config, tempfile::tempdir().unwrap(), |_| {}).await
    }

    /// A portal whose router settings `change` alters (to serve as over HTTPS, say).
    pub async fn spawn_with_settings(
        db: &TestDb,
        change: impl FnOnce(&mut RouterSettings),
    ) -> TestApp {
        Self::spawn_in(
            db,
            PortalConfig::default(),
            tempfile::tempdir().unwrap(),
            change,
        )
        .await
    }

    /// A portal whose site (`data_dir/site`) `prepare` fills before the router reads it.
    pub async fn spawn_with_site(db: &TestDb, prepare: impl FnOnce(&std::path::Path)) -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let site = data_dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        prepare(&site);
        Self::spawn_in(db, PortalConfig::default(), data_dir, |_| {}).await
    }

    async fn spawn_in(
        db: &TestDb,
        config: PortalConfig,
        data_dir: tempfile::TempDir,
        change: impl FnOnce(&mut RouterSettings),
    ) -> TestApp {
        let config = PortalConfig {
            evidence_dir: data_dir.path().join("evidence"),
            ..config
        };
        let connection = db::connect(&db.url).await.unwrap();
        let state = AppState::new(connection, config);
        server::seed::seed_if_empty(&state).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let mut settings = RouterSettings {
            site_root: data_dir.path().join("site"),
            secure_cookies: false,
            public_origin: None,
            idle_minutes: 60,
            addr,
        };
        change(&mut settings);
        let app = router::build(state.clone(), &settings);
        let server = tokio::spawn(async move {
            axum::serve(server::router::without_delay(listener), app)
                .await
                .unwrap();
        });
        TestApp {
            base: format!("http://{addr}"),
            state,
            server,
            data_dir,
        }
    }

    /// A browser-like client with its own cookie jar.
    pub fn client(&self) -> Client {
        Client::new(self.base.clone(), Arc::new(reqwest::cookie::Jar::default()))
    }

    /// A client signed in as `email` (a demo account).
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.client();
        client.login_ok(email).await;
        client
    }
}

/// A client whose cookies persist, even across a restart of the server (`rebase`).
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub jar: Arc<reqwest::cookie::Jar>,
    http: reqwest::Client,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub location: Option<String>,
}

impl Client {
    pub fn new(base: String, jar: Arc<reqwest::cookie::Jar>) -> Client {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            // A stuck request fails its test with a message instead of hanging the suite.
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .unwrap();
        Client { base, jar, http }
    }

    /// The same cookie jar pointed at another server (after a restart).
    pub fn rebase(&self, base: &str) -> Client {
        Client::new(base.to_owned(), self.jar.clone())
    }

    async fn reply(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            text,
            location,
        }
    }

    /// Calls a server function as the hydrated page does (form-encoded, JSON back), from
    /// the portal's own origin.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let origin = self.base.clone();
        self.call_from(endpoint, form, Some(&origin)).await
    }

    pub async fn call_from(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Reply {
        let mut request = self
            .http
            .post(format!("{}/api/{endpoint}", self.base))
            .form(form);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        Self::reply(request.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        Self::reply(response).await
    }

    /// A GET of `path` with `headers`, its response as it came (nothing decompressed).
    pub async fn fetch(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    /// Uploads `bytes` as the `file` part of a multipart form, as the item page's form does.
    pub async fn upload(&self, path: &str, name: &str, bytes: Vec<u8>) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str("application/pdf")
            .unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", self.base.clone())
            .multipart(form)
            .send()
            .await
            .unwrap();
        Self::reply(response).await
    }

    /// Posts a multipart form as a browser sends one: the text fields first, then the file
    /// (if any) as the `file` part. `json` asks for JSON as the hydrated page does;
    /// without it the reply is what a browser without the wasm gets.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
        json: bool,
    ) -> Reply {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text((*name).to_owned(), (*value).to_owned());
        }
        if let Some((name, bytes)) = file {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .unwrap();
            form = form.part("file", part);
        }
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", self.base.clone())
            .multipart(form);
        if !json {
            request = request.header(ACCEPT, "text/html");
        }
        Self::reply(request.send().await.unwrap()).await
    }

    /// Posts a plain (URL-encoded) form as a browser sends one from a page without script.
    pub async fn post_plain(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", self.base.clone())
            .header(ACCEPT, "text/html")
            .form(fields);
        Self::reply(request.send().await.unwrap()).await
    }

    /// Downloads a file: its status, body (or the error that cut it short) and headers.
    pub async fn download(&self, path: &str) -> (u16, Result<Vec<u8>, String>, HeaderMap) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map(|b| b.to_vec())
            .map_err(|e| e.to_string());
        (status, body, headers)
    }

    /// The codes of the evidence items this client sees on the first page of the register.
    pub async fn evidence_codes(&self, case_id: i32) -> Vec<String> {
        let reply = self
            .call("evidence/list", &[("case_id", &case_id.to_string())])
            .await;
        reply.body["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| i["code"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call("login", &[("email", email), ("password", password)])
            .await
    }

    /// Signs in with the demo password, and, for the court's accounts, with a code of the
    /// demo authenticator key.
    pub async fn login_ok(&self, email: &str) {
        let reply = self.login(email, PASSWORD).await;
        assert_eq!(reply.status, 200, "login of {email}: {}", reply.text);
        if reply.location.as_deref() == Some(app::api::auth::SECOND_STEP_PATH) {
            self.second_step_ok(email).await;
        }
    }

    /// The second step of a sign-in waiting in this client's session, with a code of the
    /// demo key that this account has not used yet.
    pub async fn second_step_ok(&self, email: &str) {
        for _ in 0..4 {
            let code = unused_demo_code(&self.base, email).await;
            let reply = self.call("two_factor/verify", &[("code", &code)]).await;
            if reply.status == 200 {
                return;
            }
            // A restarted portal (`rebase`) remembers codes this process did not see spent.
            assert_eq!(reply.status, 422, "second step of {email}: {}", reply.text);
        }
        panic!("no code of the demo key was accepted for {email}");
    }

    /// How many cases the list of "my cases" shows.
    pub async fn case_count(&self) -> usize {
        self.call("my_cases", &[])
            .await
            .body
            .as_array()
            .map_or(0, Vec::len)
    }

    /// The status a case's overview answers with.
    pub async fn case_status(&self, case_id: &str) -> u16 {
        self.call("load_case", &[("case_id", case_id)]).await.status
    }

    pub async fn who(&self) -> Value {
        self.call("who_am_i", &[]).await.body
    }
}

/// The last time step of the demo key each (portal, account) has spent: a code is good
/// once, so each sign-in takes the next step that is still valid (the current one or the
/// next), waiting for time to move on when both are spent.
static SPENT_STEPS: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<(String, String), u64>>,
> = std::sync::LazyLock::new(Default::default);

pub async fn unused_demo_code(base: &str, email: &str) -> String {
    let key = (base.to_owned(), email.to_owned());
    loop {
        let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
        let current = now / 30;
        let step = {
            let mut spent = SPENT_STEPS.lock().unwrap();
            let step = spent
                .get(&key)
                .map_or(current, |last| (*last + 1).max(current));
            if step <= current + 1 {
                spent.insert(key.clone(), step);
                Some(step)
            } else {
                None
            }
        };
        match step {
            Some(step) => return demo_code_at(step * 30),
            None => tokio::time::sleep(std::time::Duration::from_secs(30 - now % 30)).await,
        }
    }
}

pub use server::seed::demo_code as demo_code_at;

pub const ADMIN: &str = "admin@portal.test";
pub const REGISTRAR: &str = "registrar@court.test";
pub const COUNSEL_PETITIONER: &str = "mwangi@counsel.test";
pub const COUNSEL_IEBC: &str = "gumbo@counsel.test";
pub const OBSERVER: &str = "observer@lsk.test";
pub const JUDGE: &str = "judge@court.test";
pub const OFFICER: &str = "officer1@court.test";
pub const AGENT_AZIMIO: &str = "agent@azimio.test";
pub const AGENT_IEBC: &str = "agent@iebc.test";

/// The id of a party of the demo case by its short name.
pub async fn party_id(app: &TestApp, case_id: i32, short_name: &str) -> i32 {
    use app::backend::entities::party;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .filter(party::Column::ShortName.eq(short_name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The rules' view of a demo account in a case (member or not), for calling services directly.
pub async fn actor(app: &TestApp, email: &str, case_id: i32) -> domain::Actor {
    let user = app::backend::accounts::find_by_email(&app.state, email)
        .await
        .unwrap()
        .unwrap();
    app::backend::case_scope::actor_in_case(&app.state, &user, case_id)
        .await
        .unwrap()
}

/// A demo account's view of a case it is a member of, for calling services directly.
pub async fn member(
    app: &TestApp,
    email: &str,
    case_id: i32,
) -> app::backend::case_scope::CaseScope {
    let user = app::backend::accounts::find_by_email(&app.state, email)
        .await
        .unwrap()
        .unwrap();
    app::backend::case_scope::CaseScope::open(&app.state, &user, case_id)
        .await
        .unwrap()
}

/// The id of the demo case (E005) and the court-only second case (E001).
pub async fn case_ids(app: &TestApp) -> (i32, i32) {
    use app::backend::entities::case;
    use sea_orm::EntityTrait;
    let cases = case::Entity::find().all(&app.state.db).await.unwrap();
    let id = |n: &str| cases.iter().find(|c| c.number.contains(n)).unwrap().id;
    (id("E005"), id("E001"))
}

pub async fn count<E>(app: &TestApp) -> u64
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
{
    use sea_orm::PaginatorTrait;
    E::find().count(&app.state.db).await.unwrap()
}

/// Adds a party to a case through the service, as an administrator; returns its id.
pub async fn add_party(app: &TestApp, case_id: i32, name: &str, short_name: &str) -> i32 {
    use app::backend::cases::{self, NewParty};
    use app::backend::entities::case;
    use sea_orm::EntityTrait;
    let version = case::Entity::find_by_id(case_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let admin = actor(app, ADMIN, case_id).await;
    cases::add_party(
        &app.state,
        &admin,
        case_id,
        NewParty {
            name,
            short_name,
            role: "respondent",
            revision: &version,
        },
    )
    .await
    .unwrap()
    .id
}

/// The message a refused form shows beside `field`.
pub fn message(reply: &Reply, field: &str) -> String {
    reply.body["Invalid"][field]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// How many content files are held in the evidence store.
pub fn stored_files(app: &TestApp) -> usize {
    let blobs = app.data_dir.path().join("evidence").join("blobs");
    let Ok(fans) = std::fs::read_dir(blobs) else {
        return 0;
    };
    fans.map(|fan| std::fs::read_dir(fan.unwrap().path()).unwrap().count())
        .sum()
}

/// How many rows every table a workflow writes holds, by table: a request refused as bad,
/// forbidden or stale must leave it exactly as it was, audit chain and notices included.
pub async fn footprint(app: &TestApp) -> std::collections::BTreeMap<&'static str, u64> {
    use app::backend::entities::*;
    std::collections::BTreeMap::from([
        ("orders", count::<order::Entity>(app).await),
        ("directives", count::<directive::Entity>(app).await),
        (
            "directive versions",
            count::<directive_version::Entity>(app).await,
        ),
        ("obligations", count::<obligation::Entity>(app).await),
        (
            "obligation events",
            count::<obligation_event::Entity>(app).await,
        ),
        ("responses", count::<response::Entity>(app).await),
        ("clarifications", count::<clarification::Entity>(app).await),
        (
            "clarification responses",
            count::<clarification_response::Entity>(app).await,
        ),
        ("evidence items", count::<evidence_item::Entity>(app).await),
        ("evidence files", count::<evidence_file::Entity>(app).await),
        ("blobs", count::<blob::Entity>(app).await),
        ("evidence links", count::<evidence_link::Entity>(app).await),
        ("docket entries", count::<docket_entry::Entity>(app).await),
        ("notices", count::<notice::Entity>(app).await),
        ("audit entries", count::<audit_entry::Entity>(app).await),
        ("tasks", count::<task::Entity>(app).await),
        ("task events", count::<task_event::Entity>(app).await),
        ("task officers", count::<task_officer::Entity>(app).await),
        ("agents", count::<agent::Entity>(app).await),
        ("stations", count::<station::Entity>(app).await),
        ("sittings", count::<task_sitting::Entity>(app).await),
        (
            "sitting attendance",
            count::<sitting_attendance::Entity>(app).await,
        ),
        ("sitting items", count::<sitting_item::Entity>(app).await),
        (
            "sitting remarks",
            count::<sitting_remark::Entity>(app).await,
        ),
        ("findings", count::<finding::Entity>(app).await),
        ("tallies", count::<tally::Entity>(app).await),
        (
            "finding signatures",
            count::<finding_signature::Entity>(app).await,
        ),
        (
            "finding disputes",
            count::<response_finding::Entity>(app).await,
        ),
        ("reports", count::<report::Entity>(app).await),
    ])
}

/// A draft order made on 30 August 2022 at 10:00 in Nairobi; returns its id.
pub async fn draft(client: &Client, case: &str) -> i32 {
    let reply = client
        .call(
            "orders/record",
            &[
                ("case_id", case),
                ("title", "Order for scrutiny"),
                ("issued_at", "2022-08-30T10:00"),
                ("bench", "Koome CJ and six others"),
                ("preamble", "Upon hearing counsel for the parties"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body.as_i64().unwrap() as i32
}

pub async fn order_revision(app: &TestApp, order_id: i32) -> String {
    use sea_orm::EntityTrait;
    app::backend::entities::order::Entity::find_by_id(order_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

/// Adds a directive to a draft order with the form's fields, `extra` replacing defaults.
pub async fn add(
    app: &TestApp,
    client: &Client,
    case: &str,
    order_id: i32,
    label: &str,
    obliged: &[i32],
    extra: &[(&str, &str)],
) -> Reply {
    let order = order_id.to_string();
    let rev = order_revision(app, order_id).await;
    let mut fields: Vec<(String, String)> = vec![
        ("case_id".into(), case.into()),
        ("order_id".into(), order.clone()),
        ("revision".into(), rev),
        ("label".into(), label.into()),
        (
            "text".into(),
            "The 1st respondent shall give supervised access to the servers, forensically imaged to capture Form 34C.".into(),
        ),
        ("third_parties".into(), "Smartmatic International Holding B.V.".into()),
        ("window_opens".into(), "2022-08-30T14:00".into()),
        ("deadline".into(), "2022-09-01T14:00".into()),
        ("limits".into(), "At most two agents per party".into()),
        ("tier".into(), "public".into()),
    ];
    for party in obliged {
        fields.push((format!("obliged[{party}]"), "on".into()));
        fields.push((format!("office[{party}]"), "Chief Executive Officer".into()));
    }
    for (key, value) in extra {
        if let Some(slot) = fields.iter_mut().find(|(k, _)| k == key) {
            slot.1 = (*value).to_owned();
        } else {
            fields.push(((*key).to_owned(), (*value).to_owned()));
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.call("orders/add_directive", &pairs).await
}

pub async fn issue(app: &TestApp, client: &Client, case: &str, order_id: i32) -> Reply {
    let order = order_id.to_string();
    let rev = order_revision(app, order_id).await;
    client
        .call(
            "orders/issue",
            &[("case_id", case), ("order_id", &order), ("revision", &rev)],
        )
        .await
}

/// An issued order with one directive `label` obliging `obliged`; returns the directive id.
pub async fn issued_directive(
    app: &TestApp,
    registrar: &Client,
    case: &str,
    label: &str,
    obliged: &[i32],
    extra: &[(&str, &str)],
) -> i32 {
    let order_id = draft(registrar, case).await;
    let added = add(app, registrar, case, order_id, label, obliged, extra).await;
    assert_eq!(added.status, 200, "{}", added.text);
    let issued = issue(app, registrar, case, order_id).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    added.body.as_i64().unwrap() as i32
}

/// The compliance cell of `party` on the version in force of a directive.
pub async fn cell(
    app: &TestApp,
    directive_id: i32,
    party: i32,
) -> app::backend::entities::obligation::Model {
    use app::backend::entities::{directive, directive_version, obligation};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let d = directive::Entity::find_by_id(directive_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let v = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .filter(directive_version::Column::Number.eq(d.current_version))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    obligation::Entity::find()
        .filter(obligation::Column::VersionId.eq(v.id))
        .filter(obligation::Column::PartyId.eq(party))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// The titles of every docket entry `client` may read, every page of it; none for a
/// reader the case is hidden from.
pub async fn docket_titles(client: &Client, case: &str) -> Vec<String> {
    docket_rows(client, case)
        .await
        .iter()
        .filter_map(|e| e["title"].as_str().map(str::to_owned))
        .collect()
}

/// Every docket entry `client` may read, every page of it, as the docket sends them.
pub async fn docket_rows(client: &Client, case: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    for page in 1.. {
        let reply = client
            .call("docket", &[("case_id", case), ("page", &page.to_string())])
            .await;
        if reply.status == 404 {
            break;
        }
        assert_eq!(reply.status, 200, "{}", reply.text);
        let entries = &reply.body["entries"];
        rows.extend(entries["items"].as_array().into_iter().flatten().cloned());
        let shown =
            entries["page"].as_u64().unwrap_or(1) * entries["per_page"].as_u64().unwrap_or(1);
        if shown >= entries["total"].as_u64().unwrap_or(0) {
            break;
        }
    }
    rows
}

/// The id of the case's directive `label` (the demo order's "1", "3", "4", "7").
pub async fn directive_id(app: &TestApp, case_id: i32, label: &str) -> String {
    use app::backend::entities::directive;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case_id))
        .filter(directive::Column::Label.eq(label))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// A task's revision, as its forms carry it.
pub async fn task_revision(app: &TestApp, task_id: i32) -> String {
    use app::backend::entities::task;
    use sea_orm::EntityTrait;
    task::Entity::find_by_id(task_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

/// The audit log's actions, in order.
pub async fn actions(app: &TestApp) -> Vec<String> {
    use app::backend::entities::audit_entry;
    use sea_orm::{EntityTrait, QueryOrder};
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}
