//! Measures what issue 13 asks to be measured (run with `BENCH_ONLY=pages scripts/bench.sh`):
//! the pages people keep open (the case overview, the compliance matrix, the docket) as
//! throughput and latency at 1 and at 8 keep-alive connections, against the same pages
//! written by hand (`baseline`), as ratios; the login page; where a page's time goes; and
//! the front end's files fetched one after another on a single keep-alive connection, the
//! way a browser's first visit fetches them.
//!
//! The portal is the release router over the demo case in SQLite in a temporary directory,
//! served as `scrutiny-portal` serves it (`router::without_delay`); the baseline is served
//! beside it on the same database, sessions included. Before timing, each baseline page must
//! carry the portal's text exactly, or the run stops with the difference. The front end's files
//! come from `LEPTOS_SITE_ROOT` (the release build's site); without it that part is skipped.
//! `BENCH_SECONDS` (3) is how long each page is loaded at each connection count.
//!
//! Not a test: it asserts nothing, it reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod baseline;

use app::backend::{AppState, PortalConfig, db};
use server::router;
use server::settings::RouterSettings;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn seconds() -> Duration {
    let s = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3.0);
    Duration::from_secs_f64(s)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A client with one connection, sending `cookie` (if any) as a browser would.
fn one_connection(cookie: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept", "text/html".parse().unwrap());
    headers.insert("accept-encoding", "br, gzip".parse().unwrap());
    if let Some(cookie) = cookie {
        headers.insert("cookie", cookie.parse().unwrap());
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .http1_only()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Loads `url` on `connections` connections, each sending its next request as soon as the
/// last one is answered, for `BENCH_SECONDS`: requests a second, p50 and p99.
async fn load(url: &str, cookie: Option<&str>, connections: usize) -> (f64, Duration, Duration) {
    let until = Instant::now() + seconds();
    let mut workers = Vec::new();
    for _ in 0..connections {
        let client = one_connection(cookie);
        let url = url.to_owned();
        workers.push(tokio::spawn(async move {
            let mut times = Vec::new();
            // One request to open the connection, not counted.
            client
                .get(&url)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            while Instant::now() < until {
                let started = Instant::now();
                let response = client.get(&url).send().await.unwrap();
                assert!(
                    response.status().is_success(),
                    "{url}: {}",
                    response.status()
                );
                response.bytes().await.unwrap();
                times.push(started.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap());
    }
    all.sort();
    let rate = all.len() as f64 / seconds().as_secs_f64();
    (rate, percentile(&all, 0.5), percentile(&all, 0.99))
}

/// A page's text as its reader gets it: the body without scripts and comments, each tag a
/// line break, entities decoded, blank lines dropped and spaces collapsed.
fn visible_text(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, b)| b);
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        let (ends_with, joins) = if rest.starts_with("<!--") {
            ("-->", true)
        } else if rest.starts_with("<!") {
            (">", true)
        } else if rest.starts_with("<script") {
            ("</script>", false)
        } else {
            (">", false)
        };
        let end = rest
            .find(ends_with)
            .map_or(rest.len(), |i| i + ends_with.len());
        rest = &rest[end..];
        // Comments and `<!>` are hydration markers inside one run of text; tags break it.
        if !joins {
            text.push('\n');
        }
    }
    text.push_str(rest);
    html_escape::decode_html_entities(&text)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stops the run unless the baseline's page carries the portal's text, line for line: a
/// baseline that shows less would be measured doing less.
async fn same_text(portal: &str, baseline: &str, path: &str, cookie: &str) {
    let client = one_connection(Some(cookie));
    let fetch = |base: &str| {
        let client = client.clone();
        let url = format!("{base}{path}");
        async move {
            let response = client.get(&url).send().await.unwrap();
            assert!(
                response.status().is_success(),
                "{url}: {}",
                response.status()
            );
            visible_text(&response.text().await.unwrap())
        }
    };
    let (ours, theirs) = (fetch(portal).await, fetch(baseline).await);
    if ours != theirs {
        let diff = similar::TextDiff::from_lines(&ours, &theirs);
        panic!(
            "{path}: the baseline's text differs from the portal's\n{}",
            diff.unified_diff().header("portal", "baseline")
        );
    }
}

/// The median of `n` runs of `work`, after one run to warm up.
async fn median_of<F, Fut>(n: usize, mut work: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    work().await;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        work().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[n / 2]
}

/// Where a page's time goes, one request at a time: the service that reads the case alone;
/// the same through its server function over HTTP (adding the session, the membership
/// check, JSON and HTTP); the whole page (adding the header's reads and the render).
async fn stages(state: &AppState, base: &str, cookie: &str) {
    use app::backend::case_scope::CaseScope;
    use app::backend::{accounts, cases, views};
    let registrar = accounts::find_by_email(state, "registrar@court.test")
        .await
        .unwrap()
        .unwrap();
    let scope = CaseScope::open(state, &registrar, 1).await.unwrap();
    let client = one_connection(Some(cookie));
    let api = |endpoint: &'static str, form: Vec<(&'static str, &'static str)>| {
        let client = client.clone();
        let url = format!("{base}/api/{endpoint}");
        let base = base.to_owned();
        move || {
            let client = client.clone();
            let url = url.clone();
            let base = base.clone();
            let form = form.clone();
            async move {
                let response = client
                    .post(&url)
                    .header("accept", "application/json")
                    .header("origin", &base)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                assert!(
                    response.status().is_success(),
                    "{url}: {}",
                    response.status()
                );
                response.bytes().await.unwrap();
            }
        }
    };
    let page = |path: &'static str| {
        let client = client.clone();
        let url = format!("{base}{path}");
        move || {
            let client = client.clone();
            let url = url.clone();
            async move {
                client
                    .get(&url)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
            }
        }
    };
    const N: usize = 201;
    println!("\n## Where the time goes, one request at a time (median of {N})");
    println!("| page | service alone | server function over HTTP | whole page |");
    println!("|---|---|---|---|");
    let overview = median_of(N, || async {
        cases::overview(state, &registrar, 1).await.unwrap();
    })
    .await;
    let rows = [
        (
            "/cases/1",
            overview,
            median_of(N, api("load_case", vec![("case_id", "1")])).await,
            median_of(N, page("/cases/1")).await,
        ),
        (
            "/cases/1/compliance",
            median_of(N, || async {
                views::compliance::matrix(&scope, app::model::MatrixFilter::default())
                    .await
                    .unwrap();
            })
            .await,
            median_of(N, api("compliance/matrix", vec![("case_id", "1")])).await,
            median_of(N, page("/cases/1/compliance")).await,
        ),
        (
            "/cases/1/docket",
            median_of(N, || async {
                views::docket::list(&scope, 1, app::api::evidence::PER_PAGE)
                    .await
                    .unwrap();
            })
            .await,
            median_of(N, api("docket", vec![("case_id", "1"), ("page", "1")])).await,
            median_of(N, page("/cases/1/docket")).await,
        ),
    ];
    for (path, service, function, whole) in rows {
        println!(
            "| {path} | {} | {} | {} |",
            ms(service),
            ms(function),
            ms(whole)
        );
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite").display()
    );
    let config = PortalConfig {
        evidence_dir: dir.path().join("evidence"),
        ..PortalConfig::default()
    };
    let state = AppState::new(db::connect(&url).await.unwrap(), config);
    server::seed::seed_if_empty(&state).await.unwrap();

    let site_root = std::env::var("LEPTOS_SITE_ROOT").ok().map(PathBuf::from);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let settings = RouterSettings {
        site_root: site_root.clone().unwrap_or_else(|| dir.path().join("site")),
        secure_cookies: false,
        public_origin: None,
        idle_minutes: 60,
        addr,
    };
    let app = router::build(state.clone(), &settings);
    tokio::spawn(async move {
        axum::serve(router::without_delay(listener), app)
            .await
            .unwrap()
    });
    let base = format!("http://{addr}");

    let session_cookie = |response: &reqwest::Response| {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(router::SESSION_COOKIE))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned()
    };
    let login = reqwest::Client::new()
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
    let verified = reqwest::Client::new()
        .post(format!("{base}/api/two_factor/verify"))
        .header("accept", "application/json")
        .header("origin", &base)
        .header("cookie", session_cookie(&login))
        .form(&[("code", server::seed::demo_code(now))])
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 200);
    let cookie = session_cookie(&verified);

    // The baseline, beside the portal, on the same database and sessions.
    let baseline_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let baseline_base = format!("http://{}", baseline_listener.local_addr().unwrap());
    let baseline_app = baseline::router(state.clone(), settings.idle_minutes);
    tokio::spawn(async move {
        axum::serve(router::without_delay(baseline_listener), baseline_app)
            .await
            .unwrap()
    });
    let pages = ["/cases/1", "/cases/1/compliance", "/cases/1/docket"];
    for path in pages {
        same_text(&base, &baseline_base, path, &cookie).await;
    }

    println!(
        "\n## Pages against the hand-written baseline: demo case, SQLite, registrar signed in ({} s each)",
        seconds().as_secs_f64()
    );
    println!(
        "| page | connections | portal req/s | baseline req/s | throughput, portal/baseline | \
         portal p50 | baseline p50 | portal p99 | baseline p99 | p99, portal/baseline | goal met |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for path in pages {
        for connections in [1, 8] {
            let ours = load(&format!("{base}{path}"), Some(&cookie), connections).await;
            let theirs = load(
                &format!("{baseline_base}{path}"),
                Some(&cookie),
                connections,
            )
            .await;
            let throughput = ours.0 / theirs.0;
            let p99 = ours.2.as_secs_f64() / theirs.2.as_secs_f64();
            println!(
                "| {path} | {connections} | {:.0} | {:.0} | {throughput:.2} | {} | {} | {} | {} | {p99:.2} | {} |",
                ours.0,
                theirs.0,
                ms(ours.1),
                ms(theirs.1),
                ms(ours.2),
                ms(theirs.2),
                if throughput >= 0.8 && p99 <= 2.0 {
                    "yes"
                } else {
                    "no"
                }
            );
        }
    }
    println!("\n## The login page (no baseline: nobody is signed in)");
    println!("| page | connections | requests/s | p50 | p99 |");
    println!("|---|---|---|---|---|");
    for connections in [1, 8] {
        let (rate, p50, p99) = load(&format!("{base}/login"), None, connections).await;
        println!(
            "| /login | {connections} | {rate:.0} | {} | {} |",
            ms(p50),
            ms(p99)
        );
    }

    stages(&state, &base, &cookie).await;

    let Some(site_root) = site_root else {
        println!("\n(LEPTOS_SITE_ROOT not set: the front end's files were not measured)");
        return;
    };
    println!("\n## The front end's files on one keep-alive connection (brotli), 20 fetches each");
    println!("| file | bytes sent | p50 | slowest |");
    println!("|---|---|---|---|");
    let client = one_connection(Some(&cookie));
    let build = router::front_end_build(&site_root)
        .map(|id| format!("{id}/"))
        .unwrap_or_default();
    for file in [
        "portal.css".to_owned(),
        format!("{build}app.js"),
        format!("{build}app_bg.wasm"),
    ] {
        if !site_root.join("pkg").join(&file).exists() {
            continue;
        }
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..20 {
            let started = Instant::now();
            let response = client
                .get(format!("{base}/pkg/{file}"))
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            size = response.bytes().await.unwrap().len();
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "| {file} | {size} | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(*times.last().unwrap())
        );
    }
}
