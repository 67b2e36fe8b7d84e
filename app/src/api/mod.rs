//! Server functions: thin adapters that read the session, call a service, and map the
//! outcome. Every rule they rely on lives in `domain` or in the services.

pub mod admin;
pub mod auth;
pub mod cases;
pub mod clarifications;
pub mod compliance;
pub mod directives;
pub mod evidence;
pub mod findings;
pub mod orders;
pub mod reports;
pub mod responses;
pub mod tasks;

/// The case a server function works in, as the signed-in member sees it: 401 when signed
/// out, 404 when not a member. Built once, at the start of each server function.
#[cfg(feature = "ssr")]
async fn case_scope(
    case_id: i32,
) -> Result<crate::backend::case_scope::CaseScope, crate::error::AppError> {
    use crate::backend::auth;
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    crate::backend::case_scope::CaseScope::open(&state, &user, case_id).await
}
