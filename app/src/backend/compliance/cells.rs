//! Compliance cells: one per directive version and obliged party, moved only by
//! `domain::compliance`'s state machine, each change a conditional update on the cell's
//! revision. Also the counts of exhibits cited on each cell, kept per audience.

use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::entities::{cell_exhibit, obligation, obligation_event};
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use domain::compliance::{Assessment, ComplianceEvent, ComplianceState};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, Actor, can};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// One change to a compliance cell.
#[derive(Debug)]
pub(crate) struct Step {
    pub event: ComplianceEvent,
    pub actor_id: i32,
    pub reason: String,
    pub response_id: Option<i32>,
    /// The filed Registrar's report the court relied on, if it cited one.
    pub report_id: Option<i32>,
    /// The revision the person saw; `None` when the change does not depend on it (a
    /// party's own report, which is checked against the state machine alone).
    pub revision: Option<i32>,
    /// When the court or party acted, where that was before this is recorded.
    pub acted_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn event_name(event: ComplianceEvent) -> &'static str {
    match event {
        ComplianceEvent::ReportCompliance => "report",
        ComplianceEvent::Assess(Assessment::Complied) => "assess_complied",
        ComplianceEvent::Assess(Assessment::PartlyComplied) => "assess_partly_complied",
        ComplianceEvent::Assess(Assessment::NotComplied) => "assess_not_complied",
        ComplianceEvent::Excuse => "excuse",
        ComplianceEvent::Revise(Assessment::Complied) => "revise_complied",
        ComplianceEvent::Revise(Assessment::PartlyComplied) => "revise_partly_complied",
        ComplianceEvent::Revise(Assessment::NotComplied) => "revise_not_complied",
    }
}

/// Applies `step` to a cell within `txn`. The update only matches the revision read, so of
/// two people changing the same cell at once the second is refused as stale; an event the
/// state does not allow is refused with the state machine's own words.
pub(crate) async fn apply(
    txn: &impl ConnectionTrait,
    cell: &obligation::Model,
    step: Step,
) -> AppResult<ComplianceState> {
    let from = *cell.state;
    let revision = step.revision.unwrap_or(cell.revision);
    if revision != cell.revision {
        return Err(AppError::Stale);
    }
    let to = from
        .apply(step.event)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    let now = clock::now();
    let mut update = obligation::Entity::update_many()
        .col_expr(obligation::Column::State, Expr::value(to.as_str()))
        .col_expr(obligation::Column::Reason, Expr::value(step.reason.clone()))
        .col_expr(obligation::Column::UpdatedAt, Expr::value(now))
        .col_expr(obligation::Column::UpdatedBy, Expr::value(step.actor_id));
    if let Some(response_id) = step.response_id {
        update = update.col_expr(
            obligation::Column::LatestResponseId,
            Expr::value(response_id),
        );
    }
    let update = update
        .filter(obligation::Column::Id.eq(cell.id))
        .filter(obligation::Column::State.eq(from.as_str()));
    revision::advance(txn, update, obligation::Column::Revision, revision).await?;
    obligation_event::ActiveModel {
        obligation_id: Set(cell.id),
        at: Set(now),
        actor_id: Set(Some(step.actor_id)),
        event: Set(event_name(step.event).to_owned()),
        from_state: Set(from.into()),
        to_state: Set(to.into()),
        reason: Set(step.reason.clone()),
        response_id: Set(step.response_id),
        acted_at: Set(step.acted_at),
        report_id: Set(step.report_id),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(step.actor_id),
            case_id: Some(cell.case_id),
            action: "compliance.change",
            subject: format!("obligation:{}", cell.id),
            details: json!({
                "event": event_name(step.event),
                "from": from.as_str(),
                "to": to.as_str(),
                "reason": step.reason,
                "response": step.response_id,
                "report": step.report_id,
                "acted_at": step.acted_at.map(|t| t.to_rfc3339()),
            }),
        },
    )
    .await?;
    Ok(to)
}

/// Marks `response_id` as the latest response on a cell without changing its state.
pub(crate) async fn note_response(
    txn: &impl ConnectionTrait,
    obligation_id: i32,
    response_id: i32,
) -> AppResult<()> {
    obligation::Entity::update_many()
        .col_expr(
            obligation::Column::LatestResponseId,
            Expr::value(response_id),
        )
        .filter(obligation::Column::Id.eq(obligation_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// How openly a citation may be seen: 0 by everyone in the case, 1 by the parties, 2 only
/// by the court and the party that cited it. A citation is as closed as the more sealed of
/// the response and the item.
pub(crate) fn citation_audience(response_tier: SealingTier, item_tier: SealingTier) -> i16 {
    let rank = |tier: SealingTier| -> i16 {
        match tier {
            SealingTier::Public => 0,
            SealingTier::Parties => 1,
            SealingTier::CourtOnly => 2,
        }
    };
    std::cmp::max(rank(response_tier), rank(item_tier))
}

/// The most closed citations `actor` may see on a cell of `party`, by the sealing rule.
pub fn reader_audience(actor: &Actor, party: i32) -> i16 {
    let at = |tier| {
        can(
            actor,
            Action::See(Sealing {
                tier,
                producer: Producer::Party(party),
            }),
        )
    };
    if at(SealingTier::CourtOnly) {
        2
    } else if at(SealingTier::Parties) {
        1
    } else {
        0
    }
}

/// Records within `txn` that a response cites `items` (id, audience) for `cells`, and
/// recounts those cells' exhibits for each audience. A cell counts an exhibit once, at the
/// most open audience any of its citations has.
pub(crate) async fn note_exhibits(
    txn: &impl ConnectionTrait,
    cells: &[i32],
    items: &[(i32, i16)],
) -> AppResult<()> {
    if cells.is_empty() || items.is_empty() {
        return Ok(());
    }
    let held: HashMap<(i32, i32), i16> = cell_exhibit::Entity::find()
        .filter(cell_exhibit::Column::ObligationId.is_in(cells.iter().copied()))
        .filter(cell_exhibit::Column::ItemId.is_in(items.iter().map(|(id, _)| *id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| ((c.obligation_id, c.item_id), c.audience))
        .collect();
    for cell in cells {
        for (item, audience) in items {
            match held.get(&(*cell, *item)) {
                None => {
                    cell_exhibit::ActiveModel {
                        obligation_id: Set(*cell),
                        item_id: Set(*item),
                        audience: Set(*audience),
                    }
                    .insert(txn)
                    .await?;
                }
                Some(before) if before > audience => {
                    cell_exhibit::Entity::update_many()
                        .col_expr(cell_exhibit::Column::Audience, Expr::value(*audience))
                        .filter(cell_exhibit::Column::ObligationId.eq(*cell))
                        .filter(cell_exhibit::Column::ItemId.eq(*item))
                        .exec(txn)
                        .await?;
                }
                Some(_) => {}
            }
        }
    }
    let mut counts: HashMap<i32, [i32; 3]> = cells.iter().map(|c| (*c, [0; 3])).collect();
    for row in cell_exhibit::Entity::find()
        .filter(cell_exhibit::Column::ObligationId.is_in(cells.iter().copied()))
        .all(txn)
        .await?
    {
        if let Some(count) = counts.get_mut(&row.obligation_id) {
            // An exhibit open to an audience is open to every less open one too.
            for (audience, slot) in count.iter_mut().enumerate() {
                if i16::try_from(audience).is_ok_and(|a| row.audience <= a) {
                    *slot += 1;
                }
            }
        }
    }
    for (cell, [public, parties, all]) in counts {
        obligation::Entity::update_many()
            .col_expr(obligation::Column::ExhibitsPublic, Expr::value(public))
            .col_expr(obligation::Column::ExhibitsParties, Expr::value(parties))
            .col_expr(obligation::Column::ExhibitsAll, Expr::value(all))
            .filter(obligation::Column::Id.eq(cell))
            .exec(txn)
            .await?;
    }
    Ok(())
}
