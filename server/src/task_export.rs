//! `GET /cases/{case_id}/tasks/export.csv`: the task board as CSV, with the query string the
//! board's filter form writes, so "Export" exports what the board shows (every page).

use crate::middleware::error_response;
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::backend::tasks::{self, TaskFilter};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tower_sessions::Session;

pub async fn export(
    State(state): State<AppState>,
    session: Session,
    Path(case_id): Path<i32>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let scope = match CaseScope::open(&state, &user, case_id).await {
        Ok(scope) => scope,
        Err(e) => return error_response(&e),
    };
    let field = |name: &str| query.get(name).cloned();
    let filter = TaskFilter::from_query(
        &scope,
        field("directive"),
        field("state"),
        field("officer"),
        field("county"),
        field("constituency"),
        field("outside_window"),
    );
    match tasks::export_csv(&scope, filter).await {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            let name = format!(
                "attachment; filename=\"tasks-{}.csv\"",
                scope
                    .case
                    .number
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            );
            if let Ok(value) = HeaderValue::from_str(&name) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(e) => error_response(&e),
    }
}
