//! The directive a task carries out: readable by the registrar, issued, and its version in
//! force with the parties it obliges, which give a task's sealing.

use crate::backend::case_scope::CaseScope;
use crate::backend::directives::{issued, obligations_of, visible_directive};
use crate::backend::entities::{directive, directive_version};
use crate::error::{AppError, AppResult};
use domain::evidence::SealingTier;

/// A directive tasks may be created under, as the registrar chose it.
pub(super) struct TaskDirective {
    pub directive: directive::Model,
    pub version: directive_version::Model,
    /// The parties the version obliges: the readers of a court-only task's docket entries.
    pub obliged: Vec<i32>,
}

impl TaskDirective {
    pub fn tier(&self) -> SealingTier {
        *self.version.tier
    }
}

/// The directive `raw` names, if the reader may read it and its order is issued; field
/// errors otherwise (the form's select offers only such directives).
pub(super) async fn chosen(scope: &CaseScope, raw: &str) -> AppResult<TaskDirective> {
    let (state, actor, case_id) = scope.parts();
    let id = domain::fields::parse_id("directive_id", "directive", raw)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let (directive, version) = visible_directive(&state.db, actor, case_id, id)
        .await
        .map_err(|_| AppError::invalid("directive_id", "Choose a directive of this case."))?;
    if !issued(&state.db, &directive).await? {
        return Err(AppError::invalid(
            "directive_id",
            "The directive's order is still a draft: issue it before creating tasks under it.",
        ));
    }
    let obliged = obligations_of(&state.db, &[version.id])
        .await?
        .remove(&version.id)
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.party_id)
        .collect();
    Ok(TaskDirective {
        directive,
        version,
        obliged,
    })
}
