//! A directive: its page, two versions compared, and the registry's corrections.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::DirectiveDetail;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "directives/detail")]
pub async fn load_directive(case_id: i32, directive_id: i32) -> Result<DirectiveDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::views::directive::detail(&scope, directive_id).await
}

/// Two versions of a directive compared word by word.
#[server(endpoint = "directives/compare")]
pub async fn compare_versions(
    case_id: i32,
    directive_id: i32,
    from: i32,
    to: i32,
) -> Result<crate::model::VersionDiff, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::compare(&scope, directive_id, from, to).await
}

/// A correction of a directive of an issued order: a new version.
#[server(endpoint = "directives/correct")]
pub async fn correct_directive(
    case_id: i32,
    directive_id: i32,
    version: String,
    text: String,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: String,
    window_opens: String,
    deadline: String,
    limits: String,
    agent_limit: Option<String>,
    tier: String,
    reason_note: String,
    carry: Option<String>,
    acted_at: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, Correction, Terms};
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let created = orders::correct(
        &scope,
        directive_id,
        Terms {
            text: &text,
            obliged: &obliged,
            offices: &office,
            third_parties: &third_parties,
            window_opens: &window_opens,
            deadline: &deadline,
            limits: &limits,
            agent_limit: agent_limit.as_deref().unwrap_or_default(),
            tier: &tier,
        },
        Correction {
            version: &version,
            note: &reason_note,
            carry: carry.is_some(),
            acted_at: acted_at.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    Ok(created.number)
}
