//! Notices of filing as documents (askama), for their recipients to print and keep.

use crate::middleware::error_response;
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::notices::{self, NoticeDocument};
use app::error::AppError;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "notice_of_filing.html")]
struct NoticeOfFiling<'a> {
    notice: &'a NoticeDocument,
}

/// `GET /notices/{id}/document`.
pub async fn document(
    State(state): State<AppState>,
    session: Session,
    Path(notice_id): Path<i32>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let notice = match notices::document(&state, &user, notice_id).await {
        Ok(notice) => notice,
        Err(e) => return error_response(&e),
    };
    match (NoticeOfFiling { notice: &notice }).render() {
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
            tracing::error!("rendering a notice of filing: {e}");
            error_response(&AppError::Internal)
        }
    }
}
