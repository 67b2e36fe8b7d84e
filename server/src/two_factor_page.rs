//! The second step of signing in, as a page of the server's own (askama), with no front
//! end: a code from the authenticator app, or, when a second factor is required of an
//! account that has none, enrolling one. It is a small form, and as a page of the app it
//! would have added its code to what every first visit of the login page downloads.

use crate::middleware::error_response;
use app::backend::{AppState, second_step};
use app::error::AppError;
use app::model::TwoFactorChallenge;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "two_factor.html")]
struct SecondStepPage<'a> {
    challenge: &'a TwoFactorChallenge,
    /// What went wrong with the last attempt, above the form.
    error: Option<String>,
    /// The code field's own message.
    code_error: Option<String>,
    button: &'a str,
}

fn render(challenge: &TwoFactorChallenge, error: Option<&AppError>) -> Response {
    let code_error = error.and_then(|e| e.field("code"));
    let status = error.map_or(StatusCode::OK, |e| {
        StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST)
    });
    let page = SecondStepPage {
        challenge,
        error: error.map(ToString::to_string),
        code_error,
        button: match challenge {
            TwoFactorChallenge::Enrol(_) => "Turn on two-factor sign-in",
            _ => "Verify",
        },
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("rendering the second step's page: {e}");
            error_response(&AppError::Internal)
        }
    }
}

/// `GET /login/two-factor`.
pub async fn show(State(state): State<AppState>, session: Session) -> Response {
    match second_step::challenge(&state, &session).await {
        Ok(challenge) => render(&challenge, None),
        Err(e) => error_response(&e),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /login/two-factor`: on to where the sign-in was going, or the page again with what
/// was wrong.
pub async fn submit(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Response {
    match second_step::pass(&state, &session, &form.code).await {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(error) => match second_step::challenge(&state, &session).await {
            Ok(challenge) => render(&challenge, Some(&error)),
            Err(e) => error_response(&e),
        },
    }
}
