//! Which election a case is about: its station register checks the case's polling station
//! codes. Without one, codes are checked by shape only, and pages say so.

use super::records::{at_revision, bump_version};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::authorize;
use crate::backend::entities::{case, election};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::{Action, Actor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Names the election (`""` for none) whose register the case's codes are checked against.
pub async fn set_election(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    revision: &str,
    election_id: &str,
) -> AppResult<()> {
    authorize(actor, Action::Administer)?;
    let (before, expected) = at_revision(state, case_id, revision).await?;
    let chosen = match election_id.trim() {
        "" => None,
        raw => {
            let id = domain::fields::parse_id("election_id", "register", raw)
                .map_err(|e| AppError::Invalid(e.into()))?;
            let found = election::Entity::find_by_id(id).one(&state.db).await?;
            Some(found.ok_or_else(|| {
                AppError::invalid("election_id", "Choose one of the registers listed.")
            })?)
        }
    };
    let chosen_id = chosen.as_ref().map(|e| e.id);
    if chosen_id == before.election_id {
        return Err(AppError::invalid(
            "election_id",
            "The case already uses this register: nothing would change.",
        ));
    }
    let txn = state.write().await?;
    bump_version(&txn, case_id, expected).await?;
    case::Entity::update_many()
        .col_expr(case::Column::ElectionId, Expr::value(chosen_id))
        .filter(case::Column::Id.eq(case_id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(case_id),
            action: "case.register",
            subject: format!("case:{case_id}"),
            details: json!({
                "before": before.election_id,
                "after": chosen_id,
                "election": chosen.map(|e| e.name),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
