//! Request filters that apply to the whole portal.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::Session;

/// The origin this portal answers as, for the cross-site request check.
#[derive(Clone, Debug)]
pub struct OriginPolicy {
    pub public_origin: Option<String>,
    pub secure: bool,
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    if host.is_empty() {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

fn expected_origin(policy: &OriginPolicy, headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = &policy.public_origin {
        return origin_of(origin).or_else(|| Some(origin.to_ascii_lowercase()));
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if policy.secure { "https" } else { "http" };
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Refuses a state-changing request that a browser says came from another site.
///
/// Browsers send `Origin` on every cross-site POST, so its absence (and that of `Referer`)
/// means a non-browser client, which cannot carry a victim's cookie by accident.
pub async fn refuse_foreign_origin(
    State(policy): State<Arc<OriginPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    // A browser's report of what the content security policy blocked changes nothing, and
    // one about a page that framed the portal comes from that page's origin.
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || request.uri().path() == crate::security_headers::REPORT_PATH;
    if !safe {
        let headers = request.headers();
        let claimed = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .filter(|v| *v != "null")
            .map(str::to_owned)
            .or_else(|| {
                headers
                    .get(header::REFERER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(origin_of)
            });
        let null_origin = headers.get(header::ORIGIN).is_some_and(|v| v == "null");
        if let Some(claimed) = claimed.or(null_origin.then(|| "null".to_owned())) {
            let ours = expected_origin(&policy, headers);
            if ours.as_deref() != Some(claimed.to_ascii_lowercase().as_str()) {
                tracing::warn!(%claimed, expected = ?ours, path = %request.uri().path(), "refused a cross-origin request");
                return error_response(&AppError::ForeignOrigin);
            }
        }
    }
    next.run(request).await
}

/// The session key holding when a signed-in session is next written to move its idle
/// expiry on (seconds since the epoch).
const RENEW_AFTER_KEY: &str = "renew_after";

/// How often a working session is written: a sixth of the idle window (at least a minute),
/// so it ends between five sixths of the window and the whole of it after its last request.
pub fn renew_every(idle_minutes: i64) -> i64 {
    (idle_minutes * 60 / 6).max(60)
}

/// Moves a signed-in session's idle expiry on, now and then rather than on every request:
/// when the time it set last has passed, it sets the next, which marks the session changed,
/// so the session layer saves it with a new expiry. A session that is not signed in is left
/// alone, so no session is made for a visitor; one that a sign-out then ends is deleted,
/// not saved.
pub async fn keep_session_alive(
    State(every): State<i64>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let signed_in = matches!(
        session.get::<i32>(app::backend::auth::USER_ID_KEY).await,
        Ok(Some(_))
    );
    if signed_in {
        let now = chrono::Utc::now().timestamp();
        let due = match session.get::<i64>(RENEW_AFTER_KEY).await {
            Ok(Some(after)) => now >= after,
            _ => true,
        };
        if due && let Err(e) = session.insert(RENEW_AFTER_KEY, now + every).await {
            tracing::warn!("moving a session's idle expiry on: {e}");
        }
    }
    next.run(request).await
}

/// Pages need a signed-in person; everyone else goes to the login page, and comes back
/// afterwards.
pub async fn require_sign_in(session: Session, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let open = path == "/login"
        || path == app::api::auth::SECOND_STEP_PATH
        || path.starts_with("/api/")
        || path == "/favicon.ico"
        || !matches!(*request.method(), Method::GET | Method::HEAD);
    if open {
        return next.run(request).await;
    }
    match session.get::<i32>(app::backend::auth::USER_ID_KEY).await {
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".to_owned());
            let target = if wanted == "/" {
                "/login".to_owned()
            } else {
                format!("/login?next={}", urlencoding::encode(&wanted))
            };
            Redirect::to(&target).into_response()
        }
        Err(e) => {
            tracing::error!("reading the session: {e}");
            error_response(&AppError::Internal)
        }
    }
}

/// Works out who is signed in (with their unread notices) before a page renders, and hands
/// it to the page in the request's extensions: the header then renders from a plain value
/// rather than from a second resource beside the page's own.
pub async fn signed_in_for_pages(
    State(state): State<app::backend::AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let page =
        matches!(*request.method(), Method::GET | Method::HEAD) && !path.starts_with("/api/");
    if page {
        use app::backend::auth;
        let me = match auth::user_of_session(&state, &session).await {
            Ok(Some(user)) => {
                request
                    .extensions_mut()
                    .insert(auth::PageUser(user.clone()));
                match auth::me_of(&state, user).await {
                    Ok(me) => Some(me),
                    Err(e) => return error_response(&e),
                }
            }
            Ok(None) => None,
            Err(e) => return error_response(&e),
        };
        request.extensions_mut().insert(auth::SignedIn(me));
    }
    next.run(request).await
}

/// Server functions answer every error with 500; this gives each the status that fits it
/// (404, 409, 422…), in one place, keeping the body the client decodes.
pub async fn status_for_server_fn_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 1 << 20).await else {
        return error_response(&AppError::Internal);
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Server functions whose work grows with the record and may rightly take longer than any
/// fixed limit: walking the whole audit chain.
const LONG_RUNNING: &[&str] = &["/api/admin/audit_verify"];

/// Answers 503 and logs the path when a page or server function has not answered within
/// `limit`: a render that never finishes becomes an error someone sees, not a hung
/// connection.
pub async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if LONG_RUNNING.contains(&path.as_str()) {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(%path, seconds = limit.as_secs_f64(), "no answer in time; gave up");
            error_response(&AppError::TimedOut)
        }
    }
}

/// An error as a plain response: the JSON a server function would send, with its status.
pub fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(error).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::{origin_of, time_limit};
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use std::time::Duration;
    use tower::ServiceExt;

    #[tokio::test]
    async fn slow_answers_become_503_and_quick_and_long_running_ones_pass() {
        let app = Router::new()
            .route("/slow", get(std::future::pending::<&'static str>))
            .route(
                "/api/admin/audit_verify",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(120)).await;
                    "walked"
                }),
            )
            .route("/quick", get(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(
                Duration::from_millis(50),
                time_limit,
            ));
        let ask = |path: &str| {
            app.clone()
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
        };
        let slow = ask("/slow").await.unwrap();
        assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
        let quick = ask("/quick").await.unwrap();
        assert_eq!(quick.status(), StatusCode::OK);
        let long = ask("/api/admin/audit_verify").await.unwrap();
        assert_eq!(long.status(), StatusCode::OK);
    }

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            origin_of("http://127.0.0.1:3000/cases?x=1").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(
            origin_of("HTTPS://Portal.Example.org").as_deref(),
            Some("https://portal.example.org")
        );
        assert_eq!(origin_of("not a url"), None);
        assert_eq!(origin_of("http:///path"), None);
    }
}
