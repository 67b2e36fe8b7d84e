//! Sealing as a database filter. The rule itself is `domain::can(actor, Action::See(..))`;
//! this turns its answers into a condition, so lists, counts and pages never load what the
//! reader may not know exists.

use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, Actor, can};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoColumnRef};

/// Rows whose tier (a `SealingTier` name in `tier_col`) and producing party (`party_col`,
/// null for the court) `actor` may see.
pub fn visible_to(
    actor: &Actor,
    tier_col: impl IntoColumnRef + Copy,
    party_col: impl IntoColumnRef + Copy,
) -> Condition {
    let mut any = Condition::any();
    for tier in SealingTier::ALL.iter().copied() {
        let from_anyone = Sealing {
            tier,
            producer: Producer::Court,
        };
        if can(actor, Action::See(from_anyone)) {
            any = any.add(Expr::col(tier_col).eq(tier.as_str()));
        } else if let Some(own) = actor.party_id
            && can(
                actor,
                Action::See(Sealing {
                    tier,
                    producer: Producer::Party(own),
                }),
            )
        {
            any = any.add(
                Condition::all()
                    .add(Expr::col(tier_col).eq(tier.as_str()))
                    .add(Expr::col(party_col).eq(own)),
            );
        }
    }
    // An empty `any` is false: an outsider sees nothing.
    any
}

/// The sealing of a stored row with this tier and producing party.
pub fn of(tier: SealingTier, party_id: Option<i32>) -> Sealing {
    Sealing {
        tier,
        producer: Producer::from_party(party_id),
    }
}

/// Whether `actor` may see a stored row with this tier and producing party.
pub fn may_see(actor: &Actor, tier: SealingTier, party_id: Option<i32>) -> bool {
    can(actor, Action::See(of(tier, party_id)))
}
