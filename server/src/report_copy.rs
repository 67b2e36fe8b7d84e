//! `GET /cases/{case_id}/reports/{report_id}`: a filed Registrar's report, byte for byte
//! as it was filed, shown in the browser. Its SHA-256 is in the `x-evidence-sha256` header
//! and on the reports page, and "verify my copy" on its exhibit's page checks a copy. The
//! same rules as every evidence download: signed in, the report's tier, re-hashed on the
//! way out.

use crate::evidence_files::{content_disposition, send};
use crate::middleware::error_response;
use crate::security_headers::{document_policy, set_policy};
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::backend::{evidence, reports};
use app::error::AppError;
use axum::extract::{Path, State};
use axum::response::Response;
use tower_sessions::Session;

/// The largest filed report whose styles are read for its policy.
const REPORT_READ_LIMIT: usize = 8 << 20;

pub async fn document(
    State(state): State<AppState>,
    session: Session,
    Path((case_id, report_id)): Path<(i32, i32)>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let found = async {
        let scope = CaseScope::open(&state, &user, case_id).await?;
        let (item_id, file_id) = reports::document(&scope, report_id).await?;
        evidence::start_download(&state, &user, case_id, item_id, file_id).await
    }
    .await;
    match found {
        Ok(download) => {
            // Shown in place; saved under the name it was filed with.
            let disposition = content_disposition(&download.file.original_name).replacen(
                "attachment",
                "inline",
                1,
            );
            // Its own styles by their hashes, read from the stored copy (a report is a few
            // dozen KiB); in a sandbox, as a file kept in evidence.
            let policy = match tokio::fs::read(&download.path).await {
                Ok(bytes) if bytes.len() <= REPORT_READ_LIMIT => {
                    document_policy(&String::from_utf8_lossy(&bytes))
                }
                _ => document_policy(""),
            };
            let mut response = send(state, download, disposition).await;
            if response.status().is_success() {
                set_policy(&mut response, &format!("{policy}; sandbox"));
            }
            response
        }
        Err(e) => error_response(&e),
    }
}
