//! The portal's router: pages, server functions, static files, and the layers around them.

use crate::middleware::{
    OriginPolicy, keep_session_alive, refuse_foreign_origin, renew_every, require_sign_in,
    signed_in_for_pages, status_for_server_fn_errors, time_limit,
};
use crate::security_headers::{self, HeaderPolicy, ScriptNonce, add_security_headers};
use crate::settings::RouterSettings;
use crate::{evidence_files, notices, response_files};
use app::backend::AppState;
use app::backend::session_store::DbSessionStore;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::routing::{MethodRouter, get, post};
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::path::Path;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The name wasm-bindgen gives the front end's files (`app.js`, `app_bg.wasm`).
pub const OUTPUT_NAME: &str = "app";
/// How long a browser keeps a file of a named front-end build: its URL changes with its
/// contents, so it never needs asking about again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const SESSION_COOKIE: &str = "portal_session";
/// The cookie's name over HTTPS: the `__Host-` prefix makes browsers refuse it unless it is
/// Secure, set by this host for every path, and never shared with a sibling domain.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";
/// How long a page or server function may take before the portal answers 503 and logs it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The app's routes, listed once per process. Listing renders the app with a process-wide
/// flag set (`SuppressResourceLoad`) that parks any resource another task starts meanwhile
/// (leptos-rs/leptos#4773): building it once, before anything is served, keeps every
/// router built later (each integration test builds one) from stalling a page elsewhere.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The routes registered by hand beside the pages and the server functions, as (method,
/// path): transfers that stream (uploads and downloads), documents and forms the server
/// renders itself, the report's filing and the browsers' policy reports. `build` registers
/// these and no others, each with its handler from [`hand_handlers`], so that whatever walks
/// every endpoint (the authorization test) can start from this list.
pub const HAND_ROUTES: [(Method, &str); HAND_ROUTE_COUNT] = [
    (Method::POST, "/cases/{case_id}/evidence/{item_id}/files"),
    (Method::POST, "/cases/{case_id}/responses"),
    (
        Method::GET,
        "/cases/{case_id}/evidence/{item_id}/files/{file_id}",
    ),
    (Method::GET, "/notices/{notice_id}/document"),
    (Method::GET, "/cases/{case_id}/tasks/export.csv"),
    (Method::GET, "/cases/{case_id}/tasks/{task_id}/sheet"),
    (Method::GET, "/cases/{case_id}/reports/draft"),
    (Method::GET, "/cases/{case_id}/reports/{report_id}"),
    // The same path as the reports page (and so the same parameter name): the form on a
    // draft posts here.
    (Method::POST, "/cases/{id}/reports"),
    (Method::POST, security_headers::REPORT_PATH),
    // The second step of signing in: a form of the server's own.
    (Method::GET, app::api::auth::SECOND_STEP_PATH),
    (Method::POST, app::api::auth::SECOND_STEP_PATH),
];

/// How many routes are registered by hand: the length of both [`HAND_ROUTES`] and
/// [`hand_handlers`], so that a route added to one and not to the other does not compile.
const HAND_ROUTE_COUNT: usize = 12;

/// The handler of each of [`HAND_ROUTES`], in its order and for its method.
fn hand_handlers() -> [MethodRouter<RouterState>; HAND_ROUTE_COUNT] {
    [
        // Uploads stream to disk under the portal's own limit, not axum's 2 MB default.
        post(evidence_files::upload).layer(DefaultBodyLimit::disable()),
        post(response_files::file).layer(DefaultBodyLimit::disable()),
        get(evidence_files::download),
        get(notices::document),
        get(crate::task_export::export),
        get(crate::station_sheet::sheet),
        get(crate::report_document::draft),
        get(crate::report_copy::document),
        post(crate::report_filing::file),
        post(security_headers::violation_report),
        get(crate::two_factor_page::show),
        post(crate::two_factor_page::submit),
    ]
}

/// The paths of the app's pages as listed once above (`ROUTES`), for whatever walks every
/// endpoint: listing them again would render the app again (see `ROUTES`).
pub fn page_paths() -> Vec<String> {
    ROUTES.iter().map(|r| r.path().to_owned()).collect()
}

#[derive(Clone, axum::extract::FromRef)]
struct RouterState {
    leptos_options: LeptosOptions,
    app: AppState,
}

/// The front-end build the site holds, if `scripts/build.sh` named one: its files (all but
/// the style sheet) are under `pkg/<id>/`, `<id>` a hash of their contents, kept in
/// `pkg/build-id`.
pub fn front_end_build(site_root: &Path) -> Option<String> {
    let id = std::fs::read_to_string(site_root.join("pkg").join("build-id")).ok()?;
    let id = id.trim();
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit())).then(|| id.to_owned())
}

pub fn build(state: AppState, settings: &RouterSettings) -> Router {
    let build = front_end_build(&settings.site_root);
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir(match &build {
            Some(id) => format!("pkg/{id}"),
            None => "pkg".to_owned(),
        })
        .site_addr(settings.addr)
        .build();
    let routes = ROUTES.clone();

    let store = DbSessionStore::new(state.db.clone());
    // Saved only when changed: `keep_session_alive` changes it now and then while its owner
    // works, which moves the idle expiry on without a write on every request.
    let sessions = SessionManagerLayer::new(store)
        .with_name(if settings.secure_cookies {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            settings.idle_minutes,
        )));
    let origin_policy = Arc::new(OriginPolicy {
        public_origin: settings.public_origin.clone(),
        secure: settings.secure_cookies,
    });

    let router_state = RouterState {
        leptos_options: leptos_options.clone(),
        app: state.clone(),
    };
    let page_state = state.clone();
    let pkg_dir = settings.site_root.join("pkg");

    let mut router = Router::new()
        // Registers every server function under /api as well as the pages.
        .leptos_routes_with_context(
            &router_state,
            routes,
            move || provide_page_context(&page_state),
            {
                let leptos_options = leptos_options.clone();
                move || shell(leptos_options.clone())
            },
        )
        // Pages and server functions only: uploads and downloads stream for as long as the
        // file takes.
        .layer(axum::middleware::from_fn_with_state(
            REQUEST_TIMEOUT,
            time_limit,
        ));
    for ((_, path), handler) in HAND_ROUTES.iter().zip(hand_handlers()) {
        router = router.route(path, handler);
    }
    router
        // Unknown paths (a browser's /favicon.ico too) render the not-found page, whose
        // header asks who is signed in: it needs the same context as every page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            RouterState,
            _,
        >(
            {
                let state = state.clone();
                move || provide_page_context(&state)
            },
            shell,
        ))
        .with_state(router_state)
        .layer(axum::middleware::from_fn(status_for_server_fn_errors))
        // Who is signed in is read first, ending a session that has run its course, so that
        // `require_sign_in` then sends its owner to sign in again.
        .layer(axum::middleware::from_fn(require_sign_in))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            signed_in_for_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            renew_every(settings.idle_minutes),
            keep_session_alive,
        ))
        .layer(sessions)
        // The front end's files need no session: added after the session layer, they are
        // served without reading or writing one.
        .nest_service(
            "/pkg",
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(
                    build.map(Arc::<str>::from),
                    cache_policy,
                ))
                .service(
                    ServeDir::new(pkg_dir)
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
        .layer(axum::middleware::from_fn_with_state(
            origin_policy,
            refuse_foreign_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            HeaderPolicy {
                https: settings.secure_cookies,
            },
            add_security_headers,
        ))
}

/// What every page's render needs besides Leptos' own: the portal's state, and the nonce
/// that `add_security_headers` put in this response's policy, for the scripts Leptos writes.
fn provide_page_context(state: &AppState) {
    provide_context(state.clone());
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ScriptNonce>().cloned());
    if let Some(ScriptNonce(nonce)) = nonce {
        provide_context(Nonce::from_value(nonce));
    }
}

/// Files of the named build (`/pkg/<id>/…`) are kept for a year: a new build has a new id.
/// Anything else (the style sheet, an unnamed build) is kept but asked about again on each
/// visit, and unchanged files answer 304 from their Last-Modified, so a second visit
/// downloads nothing either way.
async fn cache_policy(
    State(build): State<Option<Arc<str>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let path = path.strip_prefix("/pkg").unwrap_or(path);
    let immutable = build.as_deref().is_some_and(|id| {
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(id))
            .is_some_and(|rest| rest.starts_with('/'))
    });
    let mut response = next.run(request).await;
    let kept = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if kept {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if immutable { IMMUTABLE } else { "no-cache" }),
        );
    }
    response
}

/// Answers on `listener` with Nagle's algorithm off on every connection: a file sent as
/// headers then body would otherwise wait for the client's delayed ACK (about 40 ms) on
/// a keep-alive connection.
pub fn without_delay(
    listener: tokio::net::TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!("setting TCP_NODELAY: {e}");
        }
    })
}
