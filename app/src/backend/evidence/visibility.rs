//! Which items a reader may see: as a database condition for lists and counts, and for one
//! item, which answers 404 when hidden, exactly like one that does not exist. The rule
//! itself is `domain::can`, through `sealing`.

use crate::backend::entities::evidence_item;
use crate::backend::sealing;
use crate::error::{AppError, AppResult};
use domain::Actor;
use domain::evidence::Sealing;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// The longest note on a tie or a hand-over.
pub(super) const NOTE_MAX: usize = 1_000;

/// The item with this id in this case, if `actor` may know it exists.
pub(super) async fn visible_item(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    item_id: i32,
) -> AppResult<evidence_item::Model> {
    let item = evidence_item::Entity::find_by_id(item_id)
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if sealing::may_see(actor, *item.tier, item.producer_party_id) {
        Ok(item)
    } else {
        Err(AppError::NotFound)
    }
}

pub(super) fn sealing_of(item: &evidence_item::Model) -> Sealing {
    sealing::of(*item.tier, item.producer_party_id)
}

/// The evidence items `actor` may know exist, as a query condition.
pub(crate) fn visible_items(actor: &Actor) -> Condition {
    sealing::visible_to(
        actor,
        (evidence_item::Entity, evidence_item::Column::Tier),
        (
            evidence_item::Entity,
            evidence_item::Column::ProducerPartyId,
        ),
    )
}
