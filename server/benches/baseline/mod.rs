//! The hand-written baseline issue 13 measures the portal against: the case overview, the
//! compliance matrix and the docket as axum handlers with askama templates and plain SQL
//! over the same database, behind the same session layer and the same sign-in check.
//! Not shipped: only `benches/pages.rs` serves it, beside the portal, on the same data.
//!
//! What it leaves out is what a hand-written page would leave out (hydration, the wasm,
//! reactive rendering); what it keeps is what the reader must get: the same words, links and
//! sealing. The rules are asked where they live (`domain::can`, the portal's
//! `reader_audience`, and its `excerpt` of a directive) and turned into SQL here; `pages.rs`
//! checks that each page's text is the portal's, word for word, before timing.

mod docket;
mod matrix;
mod overview;
mod sql;

use app::backend::AppState;
use app::backend::auth::{USER_ID_KEY, USER_VERSION_KEY};
use app::backend::session_store::DbSessionStore;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::{Action, Actor, CaseRole, can};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The baseline's three pages under the portal's own paths, with the portal's session layer
/// (same store, cookie and idle expiry) and its idle-expiry renewal.
pub fn router(state: AppState, idle_minutes: i64) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(server::router::SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(false)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(idle_minutes)));
    Router::new()
        .route("/cases/{id}", get(overview::page))
        .route("/cases/{id}/compliance", get(matrix::page))
        .route("/cases/{id}/docket", get(docket::page))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            server::middleware::renew_every(idle_minutes),
            server::middleware::keep_session_alive,
        ))
        .layer(sessions)
}

/// Why a page was not served.
pub enum Refusal {
    SignIn(String),
    NotFound,
    Internal(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::SignIn(path) => {
                Redirect::to(&format!("/login?next={}", urlencoding::encode(&path))).into_response()
            }
            Refusal::NotFound => (StatusCode::NOT_FOUND, "not found").into_response(),
            Refusal::Internal(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
        }
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(e: sea_orm::DbErr) -> Self {
        Refusal::Internal(e.to_string())
    }
}

/// The signed-in reader and the case they opened: what every case page begins with.
pub struct Reader {
    pub name: String,
    pub is_admin: bool,
    pub unread_notices: i64,
    pub actor: Actor,
    pub case: CaseRow,
}

pub struct CaseRow {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub court: String,
    pub filing_date: String,
    pub election_id: Option<i32>,
}

impl Reader {
    /// The tab bar's "My obligations" shows for those who act for a party.
    pub fn acts_for_party(&self) -> bool {
        self.actor.case_role.is_some_and(CaseRole::acts_for_party)
    }

    pub fn role_label(&self) -> Option<&'static str> {
        self.actor.case_role.map(CaseRole::label)
    }

    pub fn administers(&self) -> bool {
        can(
            &Actor {
                is_admin: self.is_admin,
                ..Actor::outsider()
            },
            Action::Administer,
        )
    }
}

/// The session check every page makes: the session's user, still at the version they
/// signed in with; their unread notices; their membership of the case, which must let them
/// see it (404 otherwise, as for a case that does not exist); and the case.
pub async fn reader(
    state: &AppState,
    session: &Session,
    path: String,
    case_id: i32,
) -> Result<Reader, Refusal> {
    let internal = |e: tower_sessions::session::Error| Refusal::Internal(e.to_string());
    let Some(user_id) = session.get::<i32>(USER_ID_KEY).await.map_err(internal)? else {
        return Err(Refusal::SignIn(path));
    };
    let version = session
        .get::<i32>(USER_VERSION_KEY)
        .await
        .map_err(internal)?;
    let db = &state.db;
    let Some(user) = sql::one(
        db,
        "SELECT name, is_admin, version FROM users WHERE id = ?",
        [user_id.into()],
    )
    .await?
    else {
        return Err(Refusal::SignIn(path));
    };
    if version != Some(sql::get::<i32>(&user, "version")?) {
        return Err(Refusal::SignIn(path));
    }
    let membership = sql::one(
        db,
        "SELECT role, party_id FROM case_members WHERE case_id = ? AND user_id = ?",
        [case_id.into(), user_id.into()],
    )
    .await?;
    let actor = Actor {
        user_id: Some(user_id),
        is_admin: sql::get(&user, "is_admin")?,
        case_role: match &membership {
            Some(m) => Some(sql::parse(&sql::get::<String>(m, "role")?)?),
            None => None,
        },
        party_id: match &membership {
            Some(m) => sql::get(m, "party_id")?,
            None => None,
        },
    };
    if !can(&actor, Action::ViewCase) {
        return Err(Refusal::NotFound);
    }
    let Some(case) = sql::one(
        db,
        "SELECT id, number, title, court, filing_date, election_id FROM cases WHERE id = ?",
        [case_id.into()],
    )
    .await?
    else {
        return Err(Refusal::NotFound);
    };
    let unread_notices = unread_notices(state, user_id).await?;
    Ok(Reader {
        name: sql::get(&user, "name")?,
        is_admin: actor.is_admin,
        unread_notices,
        case: CaseRow {
            id: sql::get(&case, "id")?,
            number: sql::get(&case, "number")?,
            title: sql::get(&case, "title")?,
            court: sql::get(&case, "court")?,
            filing_date: state.format_date(sql::get(&case, "filing_date")?),
            election_id: sql::get(&case, "election_id")?,
        },
        actor,
    })
}

/// Unread notices whose filing the user may still read, in any of their cases.
async fn unread_notices(state: &AppState, user_id: i32) -> Result<i64, Refusal> {
    let memberships = sql::all(
        &state.db,
        "SELECT case_id, role, party_id FROM case_members WHERE user_id = ?",
        [user_id.into()],
    )
    .await?;
    let mut readable = Vec::new();
    for m in &memberships {
        let actor = Actor {
            user_id: Some(user_id),
            is_admin: false,
            case_role: Some(sql::parse(&sql::get::<String>(m, "role")?)?),
            party_id: sql::get(m, "party_id")?,
        };
        readable.push(format!(
            "(d.case_id = {} AND {})",
            sql::get::<i32>(m, "case_id")?,
            sql::docket_readable(&actor, "d")
        ));
    }
    if readable.is_empty() {
        return Ok(0);
    }
    let row = sql::one(
        &state.db,
        &format!(
            "SELECT COUNT(*) AS n FROM notices n JOIN docket_entries d ON d.id = n.docket_entry_id \
             WHERE n.user_id = ? AND n.read_at IS NULL AND ({})",
            readable.join(" OR ")
        ),
        [user_id.into()],
    )
    .await?;
    Ok(row.map(|r| sql::get(&r, "n")).transpose()?.unwrap_or(0))
}

/// Renders `page` as the response, or a 500 naming the template error.
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => Refusal::Internal(e.to_string()).into_response(),
    }
}
