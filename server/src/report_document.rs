//! The Registrar's report as a document (askama, A4, page numbers and a running case
//! heading). `GET /cases/{case_id}/reports/draft` previews the draft as it would print,
//! from the query string the reports page's form writes (`directives[ID]=on`, `tier`).

use crate::middleware::error_response;
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::backend::reports::{self, DraftInput};
use app::error::AppError;
use app::model::ReportDraft;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportDocument<'a> {
    r: &'a ReportDraft,
    /// A draft shows its state and what is missing; a filed report is the record alone.
    draft: bool,
    ordered_total: u32,
    covered_total: u32,
    boxes_total: u32,
}

/// A form's problems, for a person who followed a link or sent the form before the page's
/// script loaded: what is wrong, and the way back.
#[derive(Template)]
#[template(
    source = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>{{ heading }}</h1>
<ul>{% for m in messages %}<li>{{ m }}</li>{% endfor %}</ul>
<p><a href="/cases/{{ case_id }}/reports">Back to the reports</a></p>
</body></html>"#,
    ext = "html"
)]
struct Refused<'a> {
    case_id: i32,
    heading: &'a str,
    messages: &'a [String],
}

/// The page that says why a draft or a filing was refused (422).
pub fn refused(case_id: i32, heading: &str, messages: &[String]) -> Response {
    match (Refused {
        case_id,
        heading,
        messages,
    })
    .render()
    {
        Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response(),
        Err(e) => {
            tracing::error!("rendering a refusal: {e}");
            error_response(&AppError::Internal)
        }
    }
}

/// Renders a report; `draft` for a preview.
pub fn render(r: &ReportDraft, draft: bool) -> Result<String, askama::Error> {
    let areas = &r.contents.areas;
    ReportDocument {
        r,
        draft,
        ordered_total: areas.iter().map(|a| a.stations_ordered).sum(),
        covered_total: areas.iter().map(|a| a.stations_covered).sum(),
        boxes_total: areas.iter().map(|a| a.boxes_opened).sum(),
    }
    .render()
}

/// The directives (`directives[ID]`) and tier a query string names.
pub fn draft_fields(query: &[(String, String)]) -> (HashMap<String, String>, String) {
    let mut directives = HashMap::new();
    let mut tier = String::new();
    for (key, value) in query {
        if let Some(id) = key
            .strip_prefix("directives[")
            .and_then(|k| k.strip_suffix(']'))
        {
            directives.insert(id.to_owned(), value.clone());
        } else if key == "tier" {
            tier.clone_from(value);
        }
    }
    (directives, tier)
}

pub async fn draft(
    State(state): State<AppState>,
    session: Session,
    Path(case_id): Path<i32>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let (directives, tier) = draft_fields(&query);
    let drafted = match CaseScope::open(&state, &user, case_id).await {
        Ok(scope) => {
            reports::draft(
                &scope,
                DraftInput {
                    directives: &directives,
                    tier: &tier,
                },
            )
            .await
        }
        Err(e) => Err(e),
    };
    let page = match drafted {
        Ok(r) => render(&r, true),
        Err(AppError::Invalid(errors)) => {
            let messages: Vec<String> = errors.0.into_values().collect();
            return refused(case_id, "The draft could not be prepared", &messages);
        }
        Err(e) => return error_response(&e),
    };
    match page {
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
            tracing::error!("rendering a report: {e}");
            error_response(&AppError::Internal)
        }
    }
}
