//! The Registrar's report: the directives it may cover, and its draft as it would print.

use crate::error::AppError;
use crate::model::{ReportDraft, ReportsOverview};
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "reports/overview")]
pub async fn load_reports(case_id: i32) -> Result<ReportsOverview, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::reports::overview(&scope).await
}

/// `directives` is keyed by directive id (`directives[12]=on`).
#[server(endpoint = "reports/draft")]
pub async fn draft_report(
    case_id: i32,
    directives: Option<HashMap<String, String>>,
    tier: String,
) -> Result<ReportDraft, AppError> {
    use crate::backend::reports::{self, DraftInput};
    let scope = super::case_scope(case_id).await?;
    let directives = directives.unwrap_or_default();
    reports::draft(
        &scope,
        DraftInput {
            directives: &directives,
            tier: &tier,
        },
    )
    .await
}
