//! The printable station sheet of a task (askama, A4): for the venue where paper is the
//! record. It names the station, the directive and the people, and leaves blank lines for
//! the seal numbers, the form checklist, the tallies and the signatures; what is written on
//! it is entered in the portal afterwards.

use crate::middleware::error_response;
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::error::AppError;
use app::model::TaskDetail;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use domain::findings::Anomaly;
use domain::tasks::{FormKind, TaskKind};
use tower_sessions::Session;

/// The sheet's contents, in words.
pub struct Sheet {
    pub case_id: i32,
    pub task_id: i32,
    pub court: String,
    pub case_number: String,
    pub case_title: String,
    pub kind: String,
    pub subject: String,
    pub directive: String,
    pub slot: String,
    pub venue: String,
    pub officers: String,
    /// Numbered blank rows for what is opened or accessed, and for a tally's candidates.
    pub item_rows: Vec<usize>,
    pub candidate_rows: Vec<usize>,
    pub forms_checklist: bool,
    pub asks_book_2: bool,
    pub asks_form_32a: bool,
    /// Other forms the task covers, checked present or not.
    pub other_forms: Vec<&'static str>,
    pub anomalies: Vec<&'static str>,
    pub tally: bool,
    pub servers: bool,
    /// (name, capacity): the officers assigned and the agents sent.
    pub signatories: Vec<(String, String)>,
    /// Capacities of people present who were not named beforehand.
    pub blank_signatories: Vec<&'static str>,
    pub printed: String,
}

#[derive(Template)]
#[template(path = "station_sheet.html")]
struct StationSheet<'a> {
    sheet: &'a Sheet,
}

/// The sheet of a task as its page shows it to the reader.
pub fn sheet_of(d: &TaskDetail, printed: String) -> Sheet {
    let t = &d.task;
    let covers = |f: FormKind| d.forms.iter().any(|label| label == f.label());
    let forms_checklist = t.kind == TaskKind::InspectForms;
    Sheet {
        case_id: d.case.id,
        task_id: t.id,
        court: d.case.court.clone(),
        case_number: d.case.number.clone(),
        case_title: d.case.title.clone(),
        kind: t.kind.label().to_owned(),
        subject: t.subject.clone(),
        directive: format!("Directive {}: {}", t.directive_label, d.directive_text),
        slot: t.slot.clone().unwrap_or_else(|| "Not scheduled".to_owned()),
        venue: if t.venue.is_empty() {
            "Not set".to_owned()
        } else {
            t.venue.clone()
        },
        officers: if t.officers.is_empty() {
            "None assigned".to_owned()
        } else {
            t.officers.join(", ")
        },
        item_rows: (1..=if t.kind == TaskKind::ServerAccess {
            8
        } else {
            4
        })
            .collect(),
        candidate_rows: (1..=8).collect(),
        forms_checklist,
        asks_book_2: covers(FormKind::Form34aBook2),
        asks_form_32a: covers(FormKind::Form32a),
        other_forms: [FormKind::Form34aBook1, FormKind::Form34b]
            .into_iter()
            .filter(|f| covers(*f))
            .map(FormKind::label)
            .collect(),
        anomalies: Anomaly::ALL.iter().map(|a| a.label()).collect(),
        tally: t.kind == TaskKind::Recount,
        servers: t.kind == TaskKind::ServerAccess,
        signatories: t
            .officers
            .iter()
            .map(|o| (o.clone(), "Scrutiny officer".to_owned()))
            .chain(
                d.agents
                    .iter()
                    .map(|a| (a.name.clone(), format!("Agent of {}", a.party))),
            )
            .collect(),
        blank_signatories: vec!["Scrutiny officer", "Party agent"],
        printed,
    }
}

/// `GET /cases/{case_id}/tasks/{task_id}/sheet`: 404 for a task the reader may not see.
pub async fn sheet(
    State(state): State<AppState>,
    session: Session,
    Path((case_id, task_id)): Path<(i32, i32)>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let detail = match CaseScope::open(&state, &user, case_id).await {
        Ok(scope) => app::backend::tasks::detail(&scope, task_id).await,
        Err(e) => Err(e),
    };
    let detail = match detail {
        Ok(d) => d,
        Err(e) => return error_response(&e),
    };
    let sheet = sheet_of(&detail, state.format_time(chrono::Utc::now()));
    match (StationSheet { sheet: &sheet }).render() {
        Ok(page) => {
            let policy = crate::security_headers::document_policy(&page);
            let mut response = Html(page).into_response();
            crate::security_headers::set_policy(&mut response, &policy);
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(e) => {
            tracing::error!("rendering a station sheet: {e}");
            error_response(&AppError::Internal)
        }
    }
}
