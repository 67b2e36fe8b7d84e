//! Reads of orders and directives that every workflow shares: which orders and directive
//! versions a reader may know of, the obligations of a version, the parties of a case, and
//! the views of a version and an obligation. Workflows build on these; nothing here
//! depends on a workflow.

use crate::backend::entities::{directive, directive_version, obligation, order, party};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{ObligationView, PartyChoice, VersionView};
use chrono::{DateTime, Utc};
use domain::compliance::{ComplianceState, deadline_words, is_overdue};
use domain::orders::OrderState;
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Record kinds on the docket and in evidence ties.
pub mod targets {
    pub const ORDER: &str = "order";
    pub const DIRECTIVE: &str = "directive";
}

pub(crate) async fn parties_of(
    db: &impl ConnectionTrait,
    case_id: i32,
) -> AppResult<Vec<party::Model>> {
    Ok(party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .order_by_asc(party::Column::Id)
        .all(db)
        .await?)
}

/// The short names of `parties` by id, as lists and titles show them.
pub(crate) fn short_names(parties: &[party::Model]) -> HashMap<i32, String> {
    parties
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect()
}

/// The parties a form offers: those of the case that have not withdrawn.
pub(crate) fn party_choices(parties: &[party::Model]) -> Vec<PartyChoice> {
    parties
        .iter()
        .filter(|p| p.withdrawn_at.is_none())
        .map(|p| PartyChoice {
            id: p.id,
            short_name: p.short_name.clone(),
            name: p.name.clone(),
        })
        .collect()
}

/// Whether `actor` may read a directive version that obliges `obliged`.
pub(crate) fn may_see(actor: &Actor, version: &directive_version::Model, obliged: &[i32]) -> bool {
    let tier = *version.tier;
    can(
        actor,
        Action::SeeDirective {
            tier,
            obliges_actor: actor.party_id.is_some_and(|p| obliged.contains(&p)),
        },
    )
}

/// Loads an order of the case that `actor` may know exists: issued orders for every
/// member, drafts only for those who record orders.
pub(crate) async fn visible_order(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
) -> AppResult<order::Model> {
    let o = order::Entity::find_by_id(order_id)
        .filter(order::Column::CaseId.eq(case_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if *o.state == OrderState::Issued || can(actor, Action::RecordOrder) {
        Ok(o)
    } else {
        Err(AppError::NotFound)
    }
}

/// The obligations of each version, by version id.
pub(crate) async fn obligations_of(
    db: &impl ConnectionTrait,
    version_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<obligation::Model>>> {
    let mut by_version: HashMap<i32, Vec<obligation::Model>> = HashMap::new();
    for o in obligation::Entity::find()
        .filter(obligation::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(obligation::Column::PartyId)
        .all(db)
        .await?
    {
        by_version.entry(o.version_id).or_default().push(o);
    }
    Ok(by_version)
}

/// A directive of the case and its version in force, if `actor` may read it (its order is
/// issued, or the actor records orders, and its sealing allows).
pub(crate) async fn visible_directive(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
) -> AppResult<(directive::Model, directive_version::Model)> {
    let d = directive::Entity::find_by_id(directive_id)
        .filter(directive::Column::CaseId.eq(case_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_order(db, actor, case_id, d.order_id).await?;
    let current = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .filter(directive_version::Column::Number.eq(d.current_version))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let obliged: Vec<i32> = obligations_of(db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default()
        .iter()
        .map(|o| o.party_id)
        .collect();
    if may_see(actor, &current, &obliged) {
        Ok((d, current))
    } else {
        Err(AppError::NotFound)
    }
}

/// How many directives of each order `actor` may read, by order id: a count shown to a
/// reader never includes a directive sealed from them.
pub(crate) async fn readable_counts(
    db: &impl ConnectionTrait,
    actor: &Actor,
    order_ids: &[i32],
) -> AppResult<HashMap<i32, u64>> {
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.is_in(order_ids.iter().copied()))
        .all(db)
        .await?;
    let current: HashMap<i32, i32> = directives
        .iter()
        .map(|d| (d.id, d.current_version))
        .collect();
    let order_of: HashMap<i32, i32> = directives.iter().map(|d| (d.id, d.order_id)).collect();
    let versions: Vec<directive_version::Model> = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(current.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter(|v| current.get(&v.directive_id) == Some(&v.number))
        .collect();
    let mut counts = HashMap::new();
    for v in readable_versions(db, actor, versions).await? {
        if let Some(order_id) = order_of.get(&v.directive_id) {
            *counts.entry(*order_id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// The versions `actor` may read: each keeps its own sealing, so a version that was
/// court-only stays so after a later one is opened to the parties.
pub(crate) async fn readable_versions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    versions: Vec<directive_version::Model>,
) -> AppResult<Vec<directive_version::Model>> {
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let obliged_by = obligations_of(db, &ids).await?;
    Ok(versions
        .into_iter()
        .filter(|v| {
            let obliged: Vec<i32> = obliged_by
                .get(&v.id)
                .map(|os| os.iter().map(|o| o.party_id).collect())
                .unwrap_or_default();
            may_see(actor, v, &obliged)
        })
        .collect())
}

pub(crate) fn version_view(
    state: &AppState,
    v: &directive_version::Model,
    names: &HashMap<i32, String>,
) -> VersionView {
    VersionView {
        id: v.id,
        number: v.number,
        text: v.text.clone(),
        window_opens: v.window_opens.map(|t| state.format_time(t)),
        deadline: v.deadline.map(|t| state.format_time(t)),
        limits: v.limits.clone(),
        agent_limit: v.agent_limit,
        third_parties: v
            .third_parties
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        tier: *v.tier,
        reason: *v.reason,
        reason_note: v.reason_note.clone(),
        carries_compliance: v.carries_compliance,
        created_at: match v.acted_at {
            Some(acted) => state.act_and_record("made", Some(acted), v.created_at),
            None => state.format_time(v.created_at),
        },
        created_by: names.get(&v.created_by).cloned().unwrap_or_default(),
        source: v.source_kind.clone().zip(v.source_id),
        window_opens_input: v
            .window_opens
            .map(|t| state.input_time(t))
            .unwrap_or_default(),
        deadline_input: v.deadline.map(|t| state.input_time(t)).unwrap_or_default(),
    }
}

pub(crate) fn obligation_view(
    o: &obligation::Model,
    parties: &HashMap<i32, String>,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ObligationView {
    let state = *o.state;
    let overdue = deadline.is_some_and(|d| is_overdue(state, d.timestamp(), now.timestamp()));
    ObligationView {
        id: o.id,
        party_id: o.party_id,
        party: parties.get(&o.party_id).cloned().unwrap_or_default(),
        office: o.office.clone(),
        state,
        reason: o.reason.clone(),
        revision: o.revision,
        deadline_words: deadline
            .filter(|_| state.awaits_party() || state == ComplianceState::ClaimedComplied)
            .map(|d| deadline_words(d.timestamp(), now.timestamp())),
        overdue,
        findings: Vec::new(),
    }
}

pub(crate) async fn issued(db: &impl ConnectionTrait, d: &directive::Model) -> AppResult<bool> {
    Ok(order::Entity::find_by_id(d.order_id)
        .filter(order::Column::State.eq(OrderState::Issued.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Characters of a directive's text shown in the matrix and lists.
const EXCERPT_CHARS: usize = 160;

/// A directive in force that the reader may see, with its cells.
pub(crate) struct Line {
    pub directive: directive::Model,
    pub order_title: String,
    pub version: directive_version::Model,
    pub cells: Vec<obligation::Model>,
}

/// Every directive in force under the case's issued orders that `actor` may read, in the
/// orders' order and then the court's numbering.
pub(crate) async fn lines(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<Vec<Line>> {
    lines_where(state, case_id, |version, obliged| {
        may_see(actor, version, obliged)
    })
    .await
}

/// Every directive in force under the case's issued orders whose version in force and
/// obliged parties pass `keep`, in the orders' order and then the court's numbering.
pub(crate) async fn lines_where(
    state: &AppState,
    case_id: i32,
    keep: impl Fn(&directive_version::Model, &[i32]) -> bool,
) -> AppResult<Vec<Line>> {
    let orders_in_force = order::Entity::find()
        .filter(order::Column::CaseId.eq(case_id))
        .filter(order::Column::State.eq(OrderState::Issued.as_str()))
        .order_by_asc(order::Column::IssuedAt)
        .order_by_asc(order::Column::Id)
        .all(&state.db)
        .await?;
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.is_in(orders_in_force.iter().map(|o| o.id)))
        .order_by_asc(directive::Column::LabelSort)
        .all(&state.db)
        .await?;
    let mut versions: HashMap<i32, directive_version::Model> = HashMap::new();
    for v in directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(directives.iter().map(|d| d.id)))
        .all(&state.db)
        .await?
    {
        if directives
            .iter()
            .any(|d| d.id == v.directive_id && d.current_version == v.number)
        {
            versions.insert(v.directive_id, v);
        }
    }
    let version_ids: Vec<i32> = versions.values().map(|v| v.id).collect();
    let mut cells = obligations_of(&state.db, &version_ids).await?;
    let mut out = Vec::new();
    for o in &orders_in_force {
        for d in directives.iter().filter(|d| d.order_id == o.id) {
            let Some(version) = versions.remove(&d.id) else {
                continue;
            };
            let cells = cells.remove(&version.id).unwrap_or_default();
            let obliged: Vec<i32> = cells.iter().map(|c| c.party_id).collect();
            if !keep(&version, &obliged) {
                continue;
            }
            out.push(Line {
                directive: d.clone(),
                order_title: o.title.clone(),
                version,
                cells,
            });
        }
    }
    Ok(out)
}

/// A directive's first line, cut at `EXCERPT_CHARS`, as lists and the matrix show it.
pub fn excerpt(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() <= EXCERPT_CHARS && first.len() == text.len() {
        return first.to_owned();
    }
    let cut: String = first.chars().take(EXCERPT_CHARS).collect();
    format!("{}…", cut.trim_end())
}
