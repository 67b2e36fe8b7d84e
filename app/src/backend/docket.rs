//! The docket: each filing in a case takes the next number, is recorded in the audit
//! chain, and notifies every member of the case allowed to see it.
//!
//! Who may read an entry is its tier and its readers: the parties who read it even sealed
//! court only (its producer, or every party a sealed directive obliges). Notices, the
//! docket page and notice documents all ask `may_read` or `visible_to`, so a title never
//! reaches someone who may not read the entry.

use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::counters;
use crate::backend::entities::{case_member, docket_entry, docket_reader, notice};
use crate::error::AppResult;
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, Actor, CaseRole, can};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Whether `actor` may read an entry sealed `tier` whose sealed readers are `readers`.
pub fn may_read(actor: &Actor, tier: SealingTier, readers: &[i32]) -> bool {
    let sees = |producer| can(actor, Action::See(Sealing { tier, producer }));
    sees(Producer::Court)
        || actor
            .party_id
            .is_some_and(|own| readers.contains(&own) && sees(Producer::Party(own)))
}

/// The entries `actor` may read, as a condition on `docket_entries`: `may_read` in SQL.
pub fn visible_to(actor: &Actor) -> Condition {
    let mut any = Condition::any();
    for tier in SealingTier::ALL.iter().copied() {
        let is_tier =
            Expr::col((docket_entry::Entity, docket_entry::Column::Tier)).eq(tier.as_str());
        if may_read(actor, tier, &[]) {
            any = any.add(is_tier);
        } else if let Some(own) = actor.party_id
            && may_read(actor, tier, &[own])
        {
            let read_by_own = Query::select()
                .column(docket_reader::Column::DocketEntryId)
                .from(docket_reader::Entity)
                .and_where(Expr::col(docket_reader::Column::PartyId).eq(own))
                .to_owned();
            any = any.add(
                Condition::all().add(is_tier).add(
                    Expr::col((docket_entry::Entity, docket_entry::Column::Id))
                        .in_subquery(read_by_own),
                ),
            );
        }
    }
    // An empty `any` is false: an outsider reads nothing.
    any
}

/// A record that something was filed, as the workflow that files it describes it.
#[derive(Debug)]
pub struct Filing<'a> {
    pub case_id: i32,
    /// `None` when the portal files on its own (an integrity failure it noticed).
    pub filed_by: Option<i32>,
    /// The party the filing is made for; `None` for the court's own.
    pub party_id: Option<i32>,
    /// What kind of record was filed, such as `evidence`; also the target's kind.
    pub kind: &'a str,
    pub title: String,
    pub target_kind: &'a str,
    pub target_id: i32,
    pub tier: SealingTier,
    /// The parties who may read it even when it is sealed court only: the party that
    /// produced it, or the parties a sealed directive obliges. Others read it by its tier.
    pub readers: Vec<i32>,
    /// Whether the person who filed is notified too: not for their own filings, but yes
    /// for records the portal makes on noticing something (an integrity failure).
    pub notify_filer: bool,
    /// The accounts of the party agents the filing concerns (those attending the task it is
    /// about). A party agent reads the public docket but is notified only of their tasks:
    /// every verification of a public task would otherwise reach every agent of the case.
    pub agents: Vec<i32>,
    /// When the act happened, where that was before it is filed here; `None` for now.
    pub acted_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Files within `txn`: takes the next docket number, appends the audit entry, and leaves a
/// notice for every member who may see the filing (other than the person who filed it,
/// unless `notify_filer`; party agents only for their own tasks).
pub async fn file(
    txn: &impl ConnectionTrait,
    filing: Filing<'_>,
) -> AppResult<docket_entry::Model> {
    let number = counters::next(txn, filing.case_id, "docket").await?;
    let recorded = audit::append(
        txn,
        Change {
            actor_id: filing.filed_by,
            case_id: Some(filing.case_id),
            action: "docket.file",
            subject: format!("docket:{}:{number}", filing.case_id),
            details: json!({
                "number": number,
                "kind": filing.kind,
                "title": filing.title,
                "target": format!("{}:{}", filing.target_kind, filing.target_id),
                "tier": filing.tier.as_str(),
                "party": filing.party_id,
                "readers": filing.readers,
                "acted_at": filing.acted_at.map(|t| t.to_rfc3339()),
            }),
        },
    )
    .await?;
    let now = clock::now();
    let entry = docket_entry::ActiveModel {
        case_id: Set(filing.case_id),
        number: Set(number),
        filed_at: Set(now),
        filed_by: Set(filing.filed_by),
        party_id: Set(filing.party_id),
        kind: Set(filing.kind.to_owned()),
        title: Set(filing.title),
        target_kind: Set(filing.target_kind.to_owned()),
        target_id: Set(filing.target_id),
        tier: Set(filing.tier.into()),
        audit_hash: Set(recorded.hash),
        acted_at: Set(filing.acted_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut readers = filing.readers.clone();
    readers.sort_unstable();
    readers.dedup();
    if !readers.is_empty() {
        docket_reader::Entity::insert_many(readers.iter().map(|party| {
            docket_reader::ActiveModel {
                docket_entry_id: Set(entry.id),
                party_id: Set(*party),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }

    let members = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(filing.case_id))
        .all(txn)
        .await?;
    let to_notify: Vec<notice::ActiveModel> = members
        .iter()
        .filter(|m| filing.notify_filer || Some(m.user_id) != filing.filed_by)
        .filter(|m| *m.role != CaseRole::Agent || filing.agents.contains(&m.user_id))
        .filter(|m| {
            let actor = Actor {
                user_id: Some(m.user_id),
                is_admin: false,
                case_role: Some(*m.role),
                party_id: m.party_id,
            };
            may_read(&actor, filing.tier, &readers)
        })
        .map(|m| notice::ActiveModel {
            user_id: Set(m.user_id),
            docket_entry_id: Set(entry.id),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        })
        .collect();
    if !to_notify.is_empty() {
        notice::Entity::insert_many(to_notify)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(entry)
}
