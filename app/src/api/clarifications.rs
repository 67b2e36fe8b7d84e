//! Clarification requests, from the draft to the court's ruling.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// `file_now` is present (any value) to file at once instead of keeping a draft.
#[server(endpoint = "clarifications/request")]
pub async fn request_clarification(
    case_id: i32,
    directive_id: i32,
    quote: String,
    question: String,
    grounds: String,
    proposed: String,
    exhibits: String,
    file_now: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::clarifications::{self, RequestInput};
    let scope = super::case_scope(case_id).await?;
    let created = clarifications::request(
        &scope,
        RequestInput {
            directive_id,
            quote: &quote,
            question: &question,
            grounds: &grounds,
            proposed: &proposed,
            exhibits: &exhibits,
            file_now: file_now.is_some(),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/clarifications/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "clarifications/detail")]
pub async fn load_clarification(
    case_id: i32,
    clarification_id: i32,
) -> Result<crate::model::ClarificationDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::detail(&scope, clarification_id).await
}

#[server(endpoint = "clarifications/file")]
pub async fn file_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::file(&scope, clarification_id, &revision).await
}

#[server(endpoint = "clarifications/withdraw")]
pub async fn withdraw_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::withdraw(&scope, clarification_id, &revision).await
}

#[server(endpoint = "clarifications/open")]
pub async fn open_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
    closes_at: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::open(&scope, clarification_id, &revision, &closes_at).await
}

#[server(endpoint = "clarifications/respond")]
pub async fn respond_to_clarification(
    case_id: i32,
    clarification_id: i32,
    position: String,
    body: String,
    exhibits: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::respond(&scope, clarification_id, &position, &body, &exhibits)
        .await
        .map(|_| ())
}

/// The ruling; for a variation, the directive's new terms come with it (the same fields as
/// the directive form) with the version they replace.
#[server(endpoint = "clarifications/rule")]
pub async fn rule_on_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
    ruling: String,
    ruling_text: String,
    directive_version: Option<String>,
    text: Option<String>,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: Option<String>,
    window_opens: Option<String>,
    deadline: Option<String>,
    limits: Option<String>,
    agent_limit: Option<String>,
    tier: Option<String>,
    carry: Option<String>,
    ruled_at: Option<String>,
    report: Option<String>,
    out_of_time: Option<String>,
) -> Result<String, AppError> {
    use crate::backend::clarifications::{self, RulingInput};
    use crate::backend::orders::Terms;
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let text = text.unwrap_or_default();
    let third_parties = third_parties.unwrap_or_default();
    let window_opens = window_opens.unwrap_or_default();
    let deadline = deadline.unwrap_or_default();
    let limits = limits.unwrap_or_default();
    let agent_limit = agent_limit.unwrap_or_default();
    let tier = tier.unwrap_or_default();
    let directive_version = directive_version.unwrap_or_default();
    let terms = (ruling == "varied").then_some(Terms {
        text: &text,
        obliged: &obliged,
        offices: &office,
        third_parties: &third_parties,
        window_opens: &window_opens,
        deadline: &deadline,
        limits: &limits,
        agent_limit: &agent_limit,
        tier: &tier,
    });
    clarifications::rule(
        &scope,
        clarification_id,
        RulingInput {
            ruling: &ruling,
            text: &ruling_text,
            revision: &revision,
            terms,
            directive_version: &directive_version,
            carry: carry.is_some(),
            ruled_at: ruled_at.as_deref().unwrap_or_default(),
            report: report.as_deref().unwrap_or_default(),
            out_of_time: out_of_time.is_some(),
        },
    )
    .await
    .map(|s| s.as_str().to_owned())
}

/// The registry's stamp: when a request was lodged on paper before it was recorded here.
#[server(endpoint = "clarifications/stamp")]
pub async fn stamp_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
    lodged_at: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::stamp(&scope, clarification_id, &revision, &lodged_at).await
}
