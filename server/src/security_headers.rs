//! The headers every response carries (OWASP ASVS 5.0, chapter 3), the nonce that lets a
//! page's own inline scripts run under them, and the endpoint where browsers report what
//! the policy blocked.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Where browsers post what the content security policy blocked (`report-uri`).
pub const REPORT_PATH: &str = "/csp-reports";
/// The largest violation report read; a browser's are well under 2 KiB.
const REPORT_LIMIT: usize = 16 * 1024;
/// HSTS for two years, the figure browsers' preload lists ask for.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The nonce of one response's inline scripts: made here for each request and handed to
/// Leptos through the request's extensions, which marks its hydration script and the
/// scripts carrying a page's data with it. A script injected into the page has none.
#[derive(Clone, Debug)]
pub struct ScriptNonce(pub Arc<str>);

impl ScriptNonce {
    fn fresh() -> Self {
        let bytes: [u8; 16] = rand::random();
        ScriptNonce(hex::encode(bytes).into())
    }
}

/// The policy for a response whose inline scripts carry `nonce`.
///
/// - Scripts: this origin's files, and inline ones carrying the nonce. Compiling the front
///   end's WebAssembly needs `'wasm-unsafe-eval'`; nothing needs `eval` itself.
/// - Styles: the style sheet only, with no inline style attribute or element.
/// - No frames of this portal elsewhere, forms posting here only, no `<base>` and no plugins.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
         report-uri {REPORT_PATH}"
    )
}

/// The policy for a document the server writes whole, to print or keep (a notice of
/// filing, a station sheet, the Registrar's report): no script at all, nothing fetched but
/// from the portal, and its own `<style>` elements allowed by their SHA-256 alone, so an
/// inline style anyone slipped into it would not apply.
pub fn document_policy(html: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let hashes: Vec<String> = style_elements(html)
        .map(|css| {
            let digest = Sha256::digest(css.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let styles = if hashes.is_empty() {
        "'none'".to_owned()
    } else {
        hashes.join(" ")
    };
    format!(
        "default-src 'none'; style-src {styles}; img-src 'self' data:; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'; report-uri {REPORT_PATH}"
    )
}

/// The text of each `<style>` element in `html`, as the browser hashes it.
fn style_elements(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<style").filter_map(move |(at, _)| {
        let open_end = at + html[at..].find('>')? + 1;
        let close = open_end + html[open_end..].find("</style>")?;
        Some(&html[open_end..close])
    })
}

/// Sets `policy` on a response (which `add_security_headers` then leaves alone).
pub fn set_policy(response: &mut Response, policy: &str) {
    if let Ok(value) = HeaderValue::from_str(policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Whether the portal is served over HTTPS (`--secure-cookies`): then HSTS too.
#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    pub https: bool,
}

/// Adds the security headers to every response.
///
/// Everything but the front end's files is `no-store`: pages and server functions show what
/// one signed-in person may see, downloads are sealed material, and every page carries a
/// nonce of its own that a stored copy would replay.
pub async fn add_security_headers(
    State(policy): State<HeaderPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = ScriptNonce::fresh();
    request.extensions_mut().insert(nonce.clone());
    let front_end_file = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A document's own policy (`document_policy`) stands; everything else gets the page's.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce.0))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // For browsers older than `frame-ancestors`.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !front_end_file {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Logs a browser's report of something the policy blocked, as a warning: on a portal
/// whose pages all carry the nonce, a report means a page or the front end broke the policy,
/// or something tried to inject a script. The report is read up to a bound and its fields
/// logged as text; nothing is stored.
pub async fn violation_report(request: Request) -> Response {
    let Ok(bytes) = to_bytes(request.into_body(), REPORT_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // `report-uri` sends `{"csp-report": {…}}`; the Reporting API a list of `{"body": {…}}`.
    let bodies: Vec<&serde_json::Value> = match &report {
        serde_json::Value::Array(reports) => reports.iter().filter_map(|r| r.get("body")).collect(),
        other => other.get("csp-report").into_iter().collect(),
    };
    if bodies.is_empty() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    for body in bodies {
        let field = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| body.get(*n).and_then(|v| v.as_str()))
                .unwrap_or("")
                .chars()
                .take(200)
                .collect::<String>()
        };
        tracing::warn!(
            directive = %field(&["effective-directive", "effectiveDirective", "violated-directive"]),
            blocked = %field(&["blocked-uri", "blockedURL"]),
            page = %field(&["document-uri", "documentURL"]),
            sample = %field(&["script-sample", "sample"]),
            "content security policy violation"
        );
    }
    StatusCode::NO_CONTENT.into_response()
}
