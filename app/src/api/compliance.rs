//! Compliance: the court's assessments and excuses, the matrix, and my obligations.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{Matrix, MyObligations};
use leptos::prelude::*;

/// Returns the cell's new state name.
#[server(endpoint = "compliance/assess")]
pub async fn assess_compliance(
    case_id: i32,
    obligation_id: i32,
    revision: String,
    finding: String,
    reason: String,
    acted_at: Option<String>,
    report: Option<String>,
) -> Result<String, AppError> {
    let scope = super::case_scope(case_id).await?;
    let acted_at = acted_at.unwrap_or_default();
    crate::backend::compliance::assess(
        &scope,
        obligation_id,
        &revision,
        &finding,
        &reason,
        &acted_at,
        report.as_deref().unwrap_or_default(),
    )
    .await
    .map(|s| s.as_str().to_owned())
}

#[server(endpoint = "compliance/excuse")]
pub async fn excuse_obligation(
    case_id: i32,
    obligation_id: i32,
    revision: String,
    reason: String,
    acted_at: Option<String>,
) -> Result<String, AppError> {
    let scope = super::case_scope(case_id).await?;
    let acted_at = acted_at.unwrap_or_default();
    crate::backend::compliance::excuse(&scope, obligation_id, &revision, &reason, &acted_at)
        .await
        .map(|s| s.as_str().to_owned())
}

#[server(endpoint = "compliance/matrix")]
pub async fn load_matrix(
    case_id: i32,
    party: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
) -> Result<Matrix, AppError> {
    let scope = super::case_scope(case_id).await?;
    let filter = crate::model::MatrixFilter {
        party: party.unwrap_or_default(),
        status: status.unwrap_or_default(),
        overdue_only: overdue.is_some_and(|v| !v.is_empty()),
    };
    crate::backend::views::compliance::matrix(&scope, filter).await
}

#[server(endpoint = "compliance/mine")]
pub async fn load_my_obligations(case_id: i32) -> Result<MyObligations, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::views::compliance::mine(&scope).await
}
