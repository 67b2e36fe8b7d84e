//! Cases as their members see them.

use crate::error::AppError;
use crate::model::{CaseOverview, CaseSummary};
use leptos::prelude::*;

#[server(endpoint = "my_cases")]
pub async fn my_cases() -> Result<Vec<CaseSummary>, AppError> {
    use crate::backend::{auth, cases};
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    cases::my_cases(&state, &user).await
}

#[server(endpoint = "load_case")]
pub async fn load_case(case_id: i32) -> Result<CaseOverview, AppError> {
    use crate::backend::{auth, cases};
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    cases::overview(&state, &user, case_id).await
}
