//! `POST /cases/{case_id}/reports`: files the Registrar's report from its preview's form
//! (the directives, the sealing and the draft's basis), rendering the document that is
//! kept. A plain form post, so it works before the wasm loads: success goes to the reports
//! page, a refusal to a page that says why, with the way back.

use crate::middleware::error_response;
use crate::report_document::{draft_fields, refused, render};
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::backend::reports::{self, DraftInput};
use app::error::AppError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Path(case_id): Path<i32>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let (directives, tier) = draft_fields(&fields);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let filed = match CaseScope::open(&state, &user, case_id).await {
        Ok(scope) => {
            reports::file(
                &scope,
                DraftInput {
                    directives: &directives,
                    tier: &tier,
                },
                field("basis"),
                field("acted_at"),
                |r| {
                    render(r, false).map_err(|e| {
                        tracing::error!("rendering a report: {e}");
                        AppError::Internal
                    })
                },
            )
            .await
        }
        Err(e) => Err(e),
    };
    match filed {
        Ok(report) => {
            Redirect::to(&format!("/cases/{case_id}/reports#report-{}", report.id)).into_response()
        }
        Err(AppError::Invalid(errors)) => {
            let messages: Vec<String> = errors.0.into_values().collect();
            refused(case_id, "The report was not filed", &messages)
        }
        Err(e) => error_response(&e),
    }
}
