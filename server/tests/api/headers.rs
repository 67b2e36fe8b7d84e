//! The security headers: a content security policy whose nonce every inline script of the
//! page carries, a new nonce for each response, no caching of anything but the front end's
//! files, the reports endpoint, and over HTTPS the `__Host-` cookie and HSTS.

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    every_response_carries_the_security_headers,
    violation_reports_are_read_within_bounds,
    over_https_the_cookie_is_host_only_and_hsts_is_sent,
    documents_allow_their_own_styles_by_hash_and_no_script,
);

/// The nonce in a response's policy.
fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    let nonce = &policy[start..start + 32];
    assert!(nonce.chars().all(|c| c.is_ascii_hexdigit()), "{policy}");
    nonce.to_owned()
}

/// Every inline `<script>` of `html` carries `nonce`; there is at least one.
fn inline_scripts_carry(html: &str, nonce: &str) {
    let tags: Vec<&str> = html
        .match_indices("<script")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()])
        .filter(|tag| !tag.contains(" src="))
        .collect();
    assert!(!tags.is_empty(), "no inline script in {html}");
    for tag in tags {
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{tag}");
    }
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let pkg = app.data_dir.path().join("site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("portal.css"), "body { margin: 0 }\n").unwrap();
    let visitor = app.client();
    let registrar = app.signed_in(REGISTRAR).await;

    let login = visitor.fetch("/login", &[("accept", "text/html")]).await;
    let policy = login.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'nonce-",
        "'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "report-uri /csp-reports",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
    let nonce = nonce_of(&policy);
    inline_scripts_carry(&login.text().await.unwrap(), &nonce);

    // Another response, another nonce; a signed-in page's data scripts carry it too.
    let page = registrar
        .fetch("/cases/1/compliance", &[("accept", "text/html")])
        .await;
    assert_eq!(page.status(), 200);
    let page_nonce = nonce_of(page.headers()["content-security-policy"].to_str().unwrap());
    assert_ne!(page_nonce, nonce);
    inline_scripts_carry(&page.text().await.unwrap(), &page_nonce);

    // Pages, server functions, downloads, redirects and errors: the same headers, and none
    // may be stored; the front end's files keep their own caching.
    let responses = [
        ("/login", visitor.fetch("/login", &[]).await),
        ("/cases signed out", visitor.fetch("/cases", &[]).await),
        ("/cases", registrar.fetch("/cases", &[]).await),
        (
            "export",
            registrar.fetch("/cases/1/tasks/export.csv", &[]).await,
        ),
        ("unknown page", registrar.fetch("/no/such/page", &[]).await),
    ];
    for (what, response) in &responses {
        let headers = response.headers();
        assert!(
            headers.contains_key("content-security-policy"),
            "{what}: {headers:?}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{what}");
        assert_eq!(headers["x-frame-options"], "DENY", "{what}");
        assert_eq!(headers["cache-control"], "no-store", "{what}");
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{what}: no HSTS over plain HTTP"
        );
    }
    assert_eq!(responses[3].1.status(), 200);
    let call = registrar.call("my_cases", &[]).await;
    assert_eq!(call.status, 200);
    let css = registrar.fetch("/pkg/portal.css", &[]).await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "no-cache");
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
}

async fn violation_reports_are_read_within_bounds(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let http = reqwest::Client::new();
    let post = |body: Vec<u8>, kind: &'static str| {
        http.post(format!("{}/csp-reports", app.base))
            .header("content-type", kind)
            .body(body)
            .send()
    };
    let report = serde_json::json!({"csp-report": {
        "document-uri": "http://127.0.0.1/login",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
    }});
    let sent = post(report.to_string().into_bytes(), "application/csp-report")
        .await
        .unwrap();
    assert_eq!(sent.status(), 204, "no sign-in needed to report");
    let reporting_api = serde_json::json!([{"type": "csp-violation", "body": {
        "documentURL": "http://127.0.0.1/login", "effectiveDirective": "script-src-elem",
    }}]);
    let sent = post(
        reporting_api.to_string().into_bytes(),
        "application/reports+json",
    )
    .await
    .unwrap();
    assert_eq!(sent.status(), 204);

    for (body, status) in [
        (b"not json".to_vec(), 400),
        (b"{\"other\": 1}".to_vec(), 400),
        (b"[]".to_vec(), 400),
        (vec![b' '; 17 * 1024], 413),
    ] {
        let sent = post(body, "application/csp-report").await.unwrap();
        assert_eq!(sent.status(), status);
    }
    // Only posts: nothing is listed.
    assert_eq!(app.client().get("/csp-reports").await.status, 303);
}

async fn over_https_the_cookie_is_host_only_and_hsts_is_sent(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn_with_settings(&db, |settings| settings.secure_cookies = true).await;
    let http = reqwest::Client::new();
    let signed_in = http
        .post(format!("{}/api/login", app.base))
        .header("origin", app.base.replace("http://", "https://"))
        .header("accept", "application/json")
        .form(&[("email", REGISTRAR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-portal_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        signed_in.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
}

/// A notice of filing and a station sheet: no script, and their `<style>` elements by hash.
async fn documents_allow_their_own_styles_by_hash_and_no_script(backend: Backend) {
    use app::backend::entities::{notice, task, user};
    use base64::Engine;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use sha2::{Digest, Sha256};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let registrar = app.signed_in(REGISTRAR).await;
    let me = user::Entity::find()
        .filter(user::Column::Email.eq(REGISTRAR))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let notice = notice::Entity::find()
        .filter(notice::Column::UserId.eq(me.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a notice for the registrar");
    let task = task::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    for path in [
        format!("/notices/{}/document", notice.id),
        format!("/cases/{}/tasks/{}/sheet", task.case_id, task.id),
    ] {
        let response = registrar.fetch(&path, &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let html = response.text().await.unwrap();
        assert!(policy.starts_with("default-src 'none'; "), "{policy}");
        assert!(
            !policy.contains("script-src") && !policy.contains("unsafe"),
            "{policy}"
        );
        assert!(
            !html.contains("<script") && !html.contains(" style=\""),
            "{path}"
        );
        let start = html.find("<style>").unwrap() + "<style>".len();
        let css = &html[start..start + html[start..].find("</style>").unwrap()];
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
        assert!(
            policy.contains(&format!("style-src 'sha256-{hash}';")),
            "{policy}"
        );
    }
}
