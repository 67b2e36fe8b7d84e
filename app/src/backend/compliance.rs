//! Compliance with each directive version by each obliged party: the state machine in
//! `domain::compliance` applied to stored cells, with optimistic concurrency, and the
//! matrix and "my obligations" views built from them.

use super::audit::{self, Change};
use super::auth::{authorize, authorize_or_hide, internal};
use super::cases::{find_case, summary};
use super::docket::{self, Filing};
use super::entities::{
    cell_exhibit, clarification, directive, directive_version, obligation, obligation_event, order,
    response,
};
use super::orders::{self, obligation_view, parties_of, party_choices};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{
    Matrix, MatrixCell, MatrixFilter, MatrixRow, MyObligation, MyObligations, PartyChoice,
};
use chrono::Utc;
use domain::clarification::ClarificationState;
use domain::compliance::{Assessment, ComplianceEvent, ComplianceState};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::fields::long_text;
use domain::orders::OrderState;
use domain::{Action, Actor, can};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::{HashMap, HashSet};

const REASON_MAX: usize = 5_000;
/// Characters of a directive's text shown in the matrix and lists.
const EXCERPT_CHARS: usize = 160;

/// One change to a compliance cell.
#[derive(Debug)]
pub(crate) struct Step {
    pub event: ComplianceEvent,
    pub actor_id: i32,
    pub reason: String,
    pub response_id: Option<i32>,
    /// The revision the person saw; `None` when the change does not depend on it (a
    /// party's own report, which is checked against the state machine alone).
    pub expected_revision: Option<i32>,
}

fn event_name(event: ComplianceEvent) -> &'static str {
    match event {
        ComplianceEvent::ReportCompliance => "report",
        ComplianceEvent::Assess(Assessment::Complied) => "assess_complied",
        ComplianceEvent::Assess(Assessment::PartlyComplied) => "assess_partly_complied",
        ComplianceEvent::Assess(Assessment::NotComplied) => "assess_not_complied",
        ComplianceEvent::Excuse => "excuse",
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
    let from: ComplianceState = cell.state.parse().map_err(internal)?;
    let revision = step.expected_revision.unwrap_or(cell.revision);
    if revision != cell.revision {
        return Err(AppError::Stale);
    }
    let to = from
        .apply(step.event)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    let now = Utc::now();
    let mut update = obligation::Entity::update_many()
        .col_expr(obligation::Column::State, Expr::value(to.as_str()))
        .col_expr(obligation::Column::Reason, Expr::value(step.reason.clone()))
        .col_expr(
            obligation::Column::Revision,
            Expr::col(obligation::Column::Revision).add(1),
        )
        .col_expr(obligation::Column::UpdatedAt, Expr::value(now))
        .col_expr(obligation::Column::UpdatedBy, Expr::value(step.actor_id));
    if let Some(response_id) = step.response_id {
        update = update.col_expr(
            obligation::Column::LatestResponseId,
            Expr::value(response_id),
        );
    }
    let updated = update
        .filter(obligation::Column::Id.eq(cell.id))
        .filter(obligation::Column::Revision.eq(revision))
        .filter(obligation::Column::State.eq(from.as_str()))
        .exec(txn)
        .await
        .map_err(internal)?;
    if updated.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    obligation_event::ActiveModel {
        obligation_id: Set(cell.id),
        at: Set(now),
        actor_id: Set(Some(step.actor_id)),
        event: Set(event_name(step.event).to_owned()),
        from_state: Set(from.as_str().to_owned()),
        to_state: Set(to.as_str().to_owned()),
        reason: Set(step.reason.clone()),
        response_id: Set(step.response_id),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(internal)?;
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
        .await
        .map_err(internal)?;
    Ok(())
}

/// A cell of the case on the version in force of a directive `actor` may read.
async fn current_cell(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    obligation_id: i32,
) -> AppResult<(
    obligation::Model,
    directive::Model,
    directive_version::Model,
)> {
    let cell = obligation::Entity::find_by_id(obligation_id)
        .filter(obligation::Column::CaseId.eq(case_id))
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let version = directive_version::Entity::find_by_id(cell.version_id)
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let (d, current) =
        orders::visible_directive(&state.db, actor, case_id, version.directive_id).await?;
    if current.id != version.id {
        return Err(AppError::invalid(
            "state",
            format!(
                "Directive {} has a newer version ({}): assess compliance with that one.",
                d.label, current.number
            ),
        ));
    }
    let issued = order::Entity::find_by_id(d.order_id)
        .filter(order::Column::State.eq(OrderState::Issued.as_str()))
        .one(&state.db)
        .await
        .map_err(internal)?;
    if issued.is_none() {
        return Err(AppError::invalid(
            "state",
            "The order is still a draft: nothing is owed under it yet.",
        ));
    }
    Ok((cell, d, current))
}

fn reason_of(raw: &str, what: &str) -> AppResult<String> {
    match long_text("reason", "The reason", raw, REASON_MAX) {
        Ok(Some(reason)) => Ok(reason),
        Ok(None) => Err(AppError::invalid(
            "reason",
            format!("Give the reason for {what}."),
        )),
        Err(e) => Err(domain::FieldErrors::from(e).into()),
    }
}

/// Records a change by the court to a cell (an assessment or an excuse) and files it.
async fn court_step(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    obligation_id: i32,
    revision: &str,
    event: ComplianceEvent,
    reason: String,
) -> AppResult<ComplianceState> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let expected: i32 = revision.trim().parse().map_err(|_| AppError::BadRequest)?;
    let (cell, d, version) = current_cell(state, actor, case_id, obligation_id).await?;
    let party = parties_of(&state.db, case_id)
        .await?
        .into_iter()
        .find(|p| p.id == cell.party_id)
        .map(|p| p.short_name)
        .unwrap_or_default();
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let to = apply(
        &txn,
        &cell,
        Step {
            event,
            actor_id: user_id,
            reason,
            response_id: None,
            expected_revision: Some(expected),
        },
    )
    .await?;
    // The obliged party always hears of a finding about it, even on a sealed directive.
    let tier: SealingTier = version.tier.parse().unwrap_or(SealingTier::CourtOnly);
    docket::file(
        &txn,
        Filing {
            case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: "compliance",
            title: format!(
                "Directive {} ({party}): {}",
                d.label,
                to.label().to_lowercase()
            ),
            target_kind: orders::targets::DIRECTIVE,
            target_id: d.id,
            sealing: Sealing {
                tier,
                producer: if tier == SealingTier::CourtOnly {
                    Producer::Party(cell.party_id)
                } else {
                    Producer::Court
                },
            },
            notify_filer: false,
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(to)
}

/// The registrar's assessment of a cell: complied, partly complied or not complied, with a
/// reason. `revision` is the cell's revision as the form showed it.
pub async fn assess(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    obligation_id: i32,
    revision: &str,
    finding: &str,
    reason: &str,
) -> AppResult<ComplianceState> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::AssessCompliance)?;
    let finding = match finding {
        "complied" => Assessment::Complied,
        "partly_complied" => Assessment::PartlyComplied,
        "not_complied" => Assessment::NotComplied,
        _ => {
            return Err(AppError::invalid(
                "finding",
                "Choose a finding: complied, partly complied or not complied.",
            ));
        }
    };
    let reason = reason_of(reason, "the finding")?;
    court_step(
        state,
        actor,
        case_id,
        obligation_id,
        revision,
        ComplianceEvent::Assess(finding),
        reason,
    )
    .await
}

/// A ruling that relieves a party of an obligation.
pub async fn excuse(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    obligation_id: i32,
    revision: &str,
    reason: &str,
) -> AppResult<ComplianceState> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordRuling)?;
    let reason = reason_of(reason, "excusing the party")?;
    court_step(
        state,
        actor,
        case_id,
        obligation_id,
        revision,
        ComplianceEvent::Excuse,
        reason,
    )
    .await
}

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
    let orders_in_force = order::Entity::find()
        .filter(order::Column::CaseId.eq(case_id))
        .filter(order::Column::State.eq(OrderState::Issued.as_str()))
        .order_by_asc(order::Column::IssuedAt)
        .order_by_asc(order::Column::Id)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.is_in(orders_in_force.iter().map(|o| o.id)))
        .order_by_asc(directive::Column::LabelSort)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let mut versions: HashMap<i32, directive_version::Model> = HashMap::new();
    for v in directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(directives.iter().map(|d| d.id)))
        .all(&state.db)
        .await
        .map_err(internal)?
    {
        if directives
            .iter()
            .any(|d| d.id == v.directive_id && d.current_version == v.number)
        {
            versions.insert(v.directive_id, v);
        }
    }
    let version_ids: Vec<i32> = versions.values().map(|v| v.id).collect();
    let mut cells = orders::obligations_of(&state.db, &version_ids).await?;
    let mut out = Vec::new();
    for o in &orders_in_force {
        for d in directives.iter().filter(|d| d.order_id == o.id) {
            let Some(version) = versions.remove(&d.id) else {
                continue;
            };
            let cells = cells.remove(&version.id).unwrap_or_default();
            let obliged: Vec<i32> = cells.iter().map(|c| c.party_id).collect();
            if !orders::may_see(actor, &version, &obliged) {
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

pub(crate) fn excerpt(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() <= EXCERPT_CHARS && first.len() == text.len() {
        return first.to_owned();
    }
    let cut: String = first.chars().take(EXCERPT_CHARS).collect();
    format!("{}…", cut.trim_end())
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
fn reader_audience(actor: &Actor, party: i32) -> i16 {
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
        .await
        .map_err(internal)?
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
                    .await
                    .map_err(internal)?;
                }
                Some(before) if before > audience => {
                    cell_exhibit::Entity::update_many()
                        .col_expr(cell_exhibit::Column::Audience, Expr::value(*audience))
                        .filter(cell_exhibit::Column::ObligationId.eq(*cell))
                        .filter(cell_exhibit::Column::ItemId.eq(*item))
                        .exec(txn)
                        .await
                        .map_err(internal)?;
                }
                Some(_) => {}
            }
        }
    }
    let mut counts: HashMap<i32, [i32; 3]> = cells.iter().map(|c| (*c, [0; 3])).collect();
    for row in cell_exhibit::Entity::find()
        .filter(cell_exhibit::Column::ObligationId.is_in(cells.iter().copied()))
        .all(txn)
        .await
        .map_err(internal)?
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
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// Versions with a clarification request before the court, if `actor` may know of it.
async fn pending_clarifications(
    state: &AppState,
    actor: &Actor,
    version_ids: &[i32],
) -> AppResult<HashSet<i32>> {
    let parties_material = Sealing {
        tier: SealingTier::Parties,
        producer: Producer::Court,
    };
    if !can(actor, Action::See(parties_material)) {
        return Ok(HashSet::new());
    }
    let pending: Vec<&str> = ClarificationState::ALL
        .iter()
        .filter(|s| s.is_pending())
        .map(|s| s.as_str())
        .collect();
    Ok(clarification::Entity::find()
        .filter(clarification::Column::VersionId.is_in(version_ids.iter().copied()))
        .filter(clarification::Column::State.is_in(pending))
        .all(&state.db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|c| c.version_id)
        .collect())
}

/// The compliance matrix: directives in force down, obliged parties across.
pub async fn matrix(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    filter: MatrixFilter,
) -> AppResult<Matrix> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let c = find_case(state, case_id).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let names: HashMap<i32, String> = parties
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect();
    let party_filter: Option<i32> = filter.party.parse().ok();
    let status_filter: Option<ComplianceState> = ComplianceState::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == filter.status);
    let lines = lines(state, actor, case_id).await?;
    let version_ids: Vec<i32> = lines.iter().map(|l| l.version.id).collect();
    let pending = pending_clarifications(state, actor, &version_ids).await?;
    let latest_ids: HashSet<i32> = lines
        .iter()
        .flat_map(|l| l.cells.iter().filter_map(|c| c.latest_response_id))
        .collect();
    let latest: HashMap<i32, String> = response::Entity::find()
        .select_only()
        .column(response::Column::Id)
        .column(response::Column::Title)
        .filter(response::Column::Id.is_in(latest_ids))
        .filter(super::responses::visible(actor))
        .into_tuple::<(i32, String)>()
        .all(&state.db)
        .await
        .map_err(internal)?
        .into_iter()
        .collect();
    let now = Utc::now();
    let wanted = |cell: &obligation::Model, view: &crate::model::ObligationView| {
        party_filter.is_none_or(|p| p == cell.party_id)
            && status_filter.is_none_or(|s| s == view.state)
            && (!filter.overdue_only || view.overdue)
    };
    let mut kept: Vec<(Line, Vec<(i32, MatrixCell)>)> = Vec::new();
    for line in lines {
        let cells: Vec<(i32, MatrixCell)> = line
            .cells
            .iter()
            .filter_map(|cell| {
                let view = obligation_view(cell, &names, line.version.deadline, now);
                wanted(cell, &view).then(|| {
                    let latest_response = cell
                        .latest_response_id
                        .and_then(|id| latest.get(&id).map(|title| (id, title.clone())));
                    (
                        cell.party_id,
                        MatrixCell {
                            party_id: cell.party_id,
                            state: view.state,
                            deadline_words: view.deadline_words,
                            overdue: view.overdue,
                            latest_response,
                            evidence: u64::try_from(match reader_audience(actor, cell.party_id) {
                                2 => cell.exhibits_all,
                                1 => cell.exhibits_parties,
                                _ => cell.exhibits_public,
                            })
                            .unwrap_or(0),
                            clarification_pending: pending.contains(&line.version.id),
                        },
                    )
                })
            })
            .collect();
        if !cells.is_empty() {
            kept.push((line, cells));
        }
    }
    let in_use: HashSet<i32> = kept
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(|(p, _)| *p))
        .collect();
    let columns: Vec<PartyChoice> = party_choices(&parties)
        .into_iter()
        .filter(|p| in_use.contains(&p.id))
        .collect();
    let rows = kept
        .into_iter()
        .map(|(line, mut cells)| MatrixRow {
            directive_id: line.directive.id,
            label: line.directive.label.clone(),
            order_title: line.order_title.clone(),
            version: line.version.number,
            excerpt: excerpt(&line.version.text),
            tier: line.version.tier.parse().unwrap_or(SealingTier::CourtOnly),
            cells: columns
                .iter()
                .map(|p| {
                    cells
                        .iter()
                        .position(|(party, _)| *party == p.id)
                        .map(|i| cells.swap_remove(i).1)
                })
                .collect(),
        })
        .collect();
    Ok(Matrix {
        case: summary(state, &c, actor.case_role),
        columns,
        rows,
        parties: party_choices(&parties),
        filter,
    })
}

/// The open obligations of the party the reader acts for, soonest deadline first.
pub async fn mine(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<MyObligations> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let c = find_case(state, case_id).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let party = actor
        .party_id
        .filter(|_| {
            actor
                .case_role
                .is_some_and(domain::CaseRole::acts_for_party)
        })
        .and_then(|id| parties.iter().find(|p| p.id == id));
    let mut open = Vec::new();
    if let Some(party) = party {
        let names: HashMap<i32, String> = HashMap::from([(party.id, party.short_name.clone())]);
        let now = Utc::now();
        let mut found = Vec::new();
        for line in lines(state, actor, case_id).await? {
            for cell in line.cells.iter().filter(|c| c.party_id == party.id) {
                let view = obligation_view(cell, &names, line.version.deadline, now);
                if view.state.is_final() {
                    continue;
                }
                found.push((
                    line.version.deadline,
                    MyObligation {
                        directive_id: line.directive.id,
                        label: line.directive.label.clone(),
                        order_title: line.order_title.clone(),
                        excerpt: excerpt(&line.version.text),
                        deadline: line.version.deadline.map(|d| state.format_time(d)),
                        obligation: view,
                    },
                ));
            }
        }
        // Soonest first; directives without a deadline last.
        found.sort_by_key(|(deadline, _)| (deadline.is_none(), *deadline));
        open = found.into_iter().map(|(_, o)| o).collect();
    }
    Ok(MyObligations {
        case: summary(state, &c, actor.case_role),
        party: party.map(|p| PartyChoice {
            id: p.id,
            short_name: p.short_name.clone(),
            name: p.name.clone(),
        }),
        open,
    })
}
