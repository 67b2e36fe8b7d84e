//! Party responses: filing one, its form, and reading one.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{ResponseDetail, ResponseForm};
use leptos::prelude::*;
use std::collections::HashMap;

/// `directives` is keyed by directive id (`directives[12]=on`); `finding` names the finding
/// version an objection disputes.
#[server(endpoint = "responses/file")]
pub async fn file_response(
    case_id: i32,
    kind: String,
    party: String,
    third_party: String,
    title: String,
    body: String,
    tier: String,
    directives: Option<HashMap<String, String>>,
    exhibits: String,
    received_at: Option<String>,
    finding: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::responses::{self, ResponseInput};
    let scope = super::case_scope(case_id).await?;
    let directives = directives.unwrap_or_default();
    let created = responses::file(
        &scope,
        ResponseInput {
            kind: &kind,
            party: &party,
            third_party: &third_party,
            title: &title,
            body: &body,
            tier: &tier,
            directives: &directives,
            exhibits: &exhibits,
            received_at: received_at.as_deref().unwrap_or_default(),
            finding: finding.as_deref().unwrap_or_default(),
        },
        None,
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/responses/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "responses/form")]
pub async fn load_response_form(case_id: i32) -> Result<ResponseForm, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::responses::form(&scope).await
}

#[server(endpoint = "responses/detail")]
pub async fn load_response(case_id: i32, response_id: i32) -> Result<ResponseDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::responses::detail(&scope, response_id).await
}
