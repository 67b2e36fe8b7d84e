//! A response filed with its file in one step: one multipart form whose text fields come
//! first and whose file part, named `file`, comes last. The response is checked in full
//! before a byte of the file is read, so a refused filing costs no upload; then the file
//! and the response are recorded together or not at all.

use crate::evidence_files::{MULTIPART_OVERHEAD, refuse, wants_json};
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::case_scope::CaseScope;
use app::backend::entities::response;
use app::backend::responses::{self, Attachment, CheckedResponse, ResponseInput};
use app::error::{AppError, AppResult};
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tower_sessions::Session;

/// The most a text field may carry: the response's text is at most 50,000 characters.
const TEXT_FIELD_MAX: usize = 256 * 1024;
/// The text fields together, on top of the file.
const TEXT_FIELDS_MAX: u64 = 512 * 1024;

/// `POST /cases/{case}/responses`: the response form, multipart. Answers a browser with
/// the new response's page (or a page saying what was refused, with a way back), and a
/// script asking for JSON with `{"id": …}` or the error.
pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Path(case_id): Path<i32>,
    request: Request,
) -> Response {
    let json = wants_json(request.headers());
    let back = format!("/cases/{case_id}/responses/new");
    match receive(&state, &session, case_id, request).await {
        Ok(created) if json => (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "id": created.id })),
        )
            .into_response(),
        Ok(created) => {
            Redirect::to(&format!("/cases/{case_id}/responses/{}", created.id)).into_response()
        }
        Err(error) => refuse(json, &error, &back),
    }
}

/// The text fields read so far, `directives[ID]` apart.
#[derive(Default)]
struct Fields {
    text: HashMap<String, String>,
    directives: HashMap<String, String>,
}

impl Fields {
    fn get(&self, name: &str) -> &str {
        self.text.get(name).map_or("", String::as_str)
    }

    fn input(&self) -> ResponseInput<'_> {
        ResponseInput {
            kind: self.get("kind"),
            party: self.get("party"),
            third_party: self.get("third_party"),
            title: self.get("title"),
            body: self.get("body"),
            tier: self.get("tier"),
            directives: &self.directives,
            exhibits: self.get("exhibits"),
            received_at: self.get("received_at"),
            finding: self.get("finding"),
        }
    }
}

async fn receive(
    state: &AppState,
    session: &Session,
    case_id: i32,
    request: Request,
) -> AppResult<response::Model> {
    let user = user_of_session(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let scope = CaseScope::open(state, &user, case_id).await?;
    let limit = state.config.max_upload_bytes;
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit + TEXT_FIELDS_MAX + MULTIPART_OVERHEAD) {
        return Err(AppError::TooLarge { limit_bytes: limit });
    }
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| {
        tracing::info!("not a multipart response: {e}");
        AppError::BadRequest
    })?;
    let mut fields = Fields::default();
    let mut text_bytes = 0usize;
    let mut checked: Option<CheckedResponse> = None;
    let mut attachment = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        tracing::info!("reading a response: {e}");
        AppError::BadRequest
    })? {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            // A browser sends an empty part when no file was chosen.
            if file_name.is_empty() || attachment.is_some() {
                continue;
            }
            // Everything else is judged before the file is read.
            let ready = responses::check(&scope, fields.input()).await?;
            app::backend::evidence::file_name(&file_name).map_err(domain::FieldErrors::from)?;
            let declared = field.content_type().map(str::to_owned);
            let incoming = state
                .storage()
                .receive(field, limit)
                .await
                .map_err(AppError::from)?;
            checked = Some(ready);
            attachment = Some(Attachment {
                incoming,
                name: file_name,
                declared,
            });
            continue;
        }
        let value = read_text(field, &mut text_bytes).await?;
        match name
            .strip_prefix("directives[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(id) => {
                fields.directives.insert(id.to_owned(), value);
            }
            None => {
                fields.text.insert(name, value);
            }
        }
    }
    // Without a file (or with fields after it, which a browser never sends) the whole form
    // is judged now.
    let checked = match checked {
        Some(checked) if attachment.is_some() => checked,
        _ => responses::check(&scope, fields.input()).await?,
    };
    responses::record(&scope, checked, attachment).await
}

/// A text field, refused once the fields together pass `TEXT_FIELDS_MAX`.
async fn read_text(mut field: Field<'_>, total: &mut usize) -> AppResult<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| {
        tracing::info!("reading a response field: {e}");
        AppError::BadRequest
    })? {
        bytes.extend_from_slice(&chunk);
        *total += chunk.len();
        if bytes.len() > TEXT_FIELD_MAX || *total as u64 > TEXT_FIELDS_MAX {
            return Err(AppError::TooLarge {
                limit_bytes: TEXT_FIELDS_MAX,
            });
        }
    }
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest)
}
