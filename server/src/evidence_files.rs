//! Evidence file transfers: multipart uploads that stream to disk, and downloads that
//! re-hash what they send. Plain HTTP handlers (not server functions) because their bodies
//! are streams, not form fields; they use the same services and rules.

use crate::middleware::error_response;
use app::backend::AppState;
use app::backend::auth::user_of_session;
use app::backend::evidence::{self, Download, UploadTarget};
use app::error::AppError;
use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use tower_sessions::Session;

/// What a multipart body may carry beyond the file itself (boundaries, part headers).
pub(crate) const MULTIPART_OVERHEAD: u64 = 64 * 1024;
/// Bytes read from disk per chunk of a download.
const DOWNLOAD_CHUNK: usize = 256 * 1024;

#[derive(Template)]
#[template(path = "upload_refused.html")]
struct UploadRefused<'a> {
    message: &'a str,
    back: &'a str,
}

pub(crate) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn item_page(case_id: i32, item_id: i32) -> String {
    format!("/cases/{case_id}/evidence/{item_id}")
}

/// An error for the caller: JSON for scripts, a page with a way back for a browser form.
pub(crate) fn refuse(json: bool, error: &AppError, back: &str) -> Response {
    if json {
        return error_response(error);
    }
    let message = match error {
        AppError::Invalid(fields) => fields.to_string(),
        other => other.to_string(),
    };
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    match (UploadRefused {
        message: &message,
        back,
    })
    .render()
    {
        Ok(page) => (status, Html(page)).into_response(),
        Err(e) => {
            tracing::error!("rendering the upload page: {e}");
            error_response(&AppError::Internal)
        }
    }
}

/// `POST /cases/{case}/evidence/{item}/files`, multipart with one part named `file`.
///
/// Who may upload is settled before the body is read, and a declared length over the
/// limit is refused at once, so a forbidden or oversized upload costs nothing.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((case_id, item_id)): Path<(i32, i32)>,
    request: Request,
) -> Response {
    let json = wants_json(request.headers());
    let back = item_page(case_id, item_id);
    match receive_upload(&state, &session, case_id, item_id, request).await {
        Ok(file) if json => (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({
                "file_id": file.id,
                "sha256": file.sha256,
                "original_name": file.original_name,
            })),
        )
            .into_response(),
        Ok(file) => Redirect::to(&format!("{back}?added={}", file.id)).into_response(),
        Err(error) => refuse(json, &error, &back),
    }
}

async fn receive_upload(
    state: &AppState,
    session: &Session,
    case_id: i32,
    item_id: i32,
    request: Request,
) -> Result<app::backend::entities::evidence_file::Model, AppError> {
    let user = user_of_session(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let target: UploadTarget = evidence::upload_target(state, &user, case_id, item_id).await?;
    let limit = state.config.max_upload_bytes;
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > limit + MULTIPART_OVERHEAD) {
        return Err(AppError::TooLarge { limit_bytes: limit });
    }
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| {
        tracing::info!("not a multipart upload: {e}");
        AppError::BadRequest
    })?;
    loop {
        let field = multipart.next_field().await.map_err(|e| {
            tracing::info!("reading an upload: {e}");
            AppError::BadRequest
        })?;
        let Some(field) = field else {
            return Err(AppError::invalid("file", "Choose a file to upload."));
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let declared = field.content_type().map(str::to_owned);
        // A browser sends an empty part when no file was chosen.
        if name.is_empty() {
            return Err(AppError::invalid("file", "Choose a file to upload."));
        }
        // The name is judged before the content is read: a refused name costs nothing.
        evidence::file_name(&name).map_err(domain::FieldErrors::from)?;
        let incoming = state
            .storage()
            .receive(field, limit)
            .await
            .map_err(AppError::from)?;
        return evidence::attach(state, &target, incoming, &name, declared.as_deref()).await;
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…`: a plain ASCII name for old clients, the
/// exact name, percent-encoded, for the rest. Quotes, slashes and control characters never
/// reach the header.
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        fallback.trim(),
        urlencoding::encode(name)
    )
}

/// `GET /cases/{case}/evidence/{item}/files/{file}`.
pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Path((case_id, item_id, file_id)): Path<(i32, i32, i32)>,
) -> Response {
    let user = match user_of_session(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return error_response(&AppError::Unauthenticated),
        Err(e) => return error_response(&e),
    };
    let download = match evidence::start_download(&state, &user, case_id, item_id, file_id).await {
        Ok(download) => download,
        Err(e) => return error_response(&e),
    };
    let disposition = content_disposition(&download.file.original_name);
    send(state, download, disposition).await
}

/// Sends a stored file as `disposition` says (an attachment, or inline), re-hashed on the
/// way: a file that no longer matches its recorded SHA-256 is never sent whole.
pub(crate) async fn send(state: AppState, download: Download, disposition: String) -> Response {
    let file = match tokio::fs::File::open(&download.path).await {
        Ok(file) => file,
        Err(e) => {
            tracing::error!("opening {}: {e}", download.path.display());
            evidence::integrity_failure(
                &state,
                &download.item,
                &download.file,
                Some(download.user_id),
                &format!("the stored file could not be opened ({e})"),
            )
            .await;
            return error_response(&AppError::IntegrityFailure);
        }
    };
    let mut response = Response::new(Body::from_stream(verified_stream(
        state,
        download.clone(),
        file,
    )));
    let headers = response.headers_mut();
    let insert = |headers: &mut HeaderMap, name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    insert(headers, header::CONTENT_TYPE, download.media_type.clone());
    insert(headers, header::CONTENT_LENGTH, download.size.to_string());
    insert(headers, header::CONTENT_DISPOSITION, disposition);
    insert(
        headers,
        header::CACHE_CONTROL,
        "private, no-store".to_owned(),
    );
    insert(
        headers,
        header::X_CONTENT_TYPE_OPTIONS,
        "nosniff".to_owned(),
    );
    insert(
        headers,
        header::HeaderName::from_static("x-evidence-sha256"),
        download.file.sha256.clone(),
    );
    // A file someone filed, opened in a browser tab: it runs nothing and fetches nothing.
    insert(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; sandbox; frame-ancestors 'none'".to_owned(),
    );
    response
}

/// The file's bytes, hashed as they go. The last chunk is held back until the hash is
/// known, and nothing past the recorded size is sent: if the content does not match, the
/// stream ends in an error instead, so the client never receives a complete copy of
/// content that is not what was filed.
fn verified_stream(
    state: AppState,
    download: Download,
    mut file: tokio::fs::File,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut hasher = Sha256::new();
        let mut held: Option<Bytes> = None;
        let mut total: u64 = 0;
        let mut longer = false;
        loop {
            let mut buffer = vec![0u8; DOWNLOAD_CHUNK];
            let read = match file.read(&mut buffer).await {
                Ok(read) => read,
                Err(e) => {
                    let _ = sender.send(Err(e)).await;
                    return;
                }
            };
            if read == 0 {
                break;
            }
            buffer.truncate(read);
            total += read as u64;
            if total > download.size {
                longer = true;
                break;
            }
            hasher.update(&buffer);
            if let Some(previous) = held.replace(Bytes::from(buffer))
                && sender.send(Ok(previous)).await.is_err()
            {
                // The client went away; nothing more to send.
                return;
            }
        }
        let found = hex::encode(hasher.finalize().as_slice());
        if !longer && found == download.file.sha256 {
            if let Some(last) = held {
                let _ = sender.send(Ok(last)).await;
            }
        } else {
            let what = if longer {
                format!("more than the {} bytes recorded", download.size)
            } else {
                format!("SHA-256 {found}")
            };
            evidence::download_mismatch(&state, &download, &what).await;
            let _ = sender
                .send(Err(std::io::Error::other(
                    "the stored file does not match its recorded SHA-256",
                )))
                .await;
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn download_names_are_safe_in_the_header() {
        assert_eq!(
            content_disposition("Form 34A.pdf"),
            "attachment; filename=\"Form 34A.pdf\"; filename*=UTF-8''Form%2034A.pdf"
        );
        let tricky = content_disposition("a\"b;c\r\nSet-Cookie: x.pdf");
        assert!(!tricky.contains('\r') && !tricky.contains('\n'));
        assert!(tricky.starts_with("attachment; filename=\"a_b_c__Set-Cookie_ x.pdf\""));
        assert!(content_disposition("Fomu ya 34A – Kilgoris.pdf").contains("%E2%80%93"));
    }
}
