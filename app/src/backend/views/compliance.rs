//! The compliance matrix and "my obligations": every cell a reader may see, with the
//! latest response, the exhibits cited and the clarification requests pending.

use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::compliance::reader_audience;
use crate::backend::directives::short_names;
use crate::backend::directives::{
    Line, excerpt, lines, obligation_view, parties_of, party_choices,
};
use crate::backend::entities::{clarification, obligation, response};
use crate::backend::state::AppState;
use crate::error::AppResult;
use crate::model::{
    Matrix, MatrixCell, MatrixFilter, MatrixRow, MyObligation, MyObligations, PartyChoice,
};
use domain::clarification::ClarificationState;
use domain::compliance::ComplianceState;
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

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
        .await?
        .into_iter()
        .map(|c| c.version_id)
        .collect())
}

/// The compliance matrix: directives in force down, obliged parties across.
pub async fn matrix(scope: &CaseScope, filter: MatrixFilter) -> AppResult<Matrix> {
    let (state, actor, case_id) = scope.parts();
    let parties = parties_of(&state.db, case_id).await?;
    let names = short_names(&parties);
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
        .filter(crate::backend::responses::visible(actor))
        .into_tuple::<(i32, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    let now = clock::now();
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
            tier: *line.version.tier,
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
        case: scope.summary(),
        columns,
        rows,
        parties: party_choices(&parties),
        filter,
    })
}

/// The open obligations of the party the reader acts for, soonest deadline first.
pub async fn mine(scope: &CaseScope) -> AppResult<MyObligations> {
    let (state, actor, case_id) = scope.parts();
    let parties = parties_of(&state.db, case_id).await?;
    let party = actor
        .party_acted_for()
        .and_then(|id| parties.iter().find(|p| p.id == id));
    let mut open = Vec::new();
    let mut closed = 0;
    if let Some(party) = party {
        let names: HashMap<i32, String> = HashMap::from([(party.id, party.short_name.clone())]);
        let now = clock::now();
        let mut found = Vec::new();
        for line in lines(state, actor, case_id).await? {
            for cell in line.cells.iter().filter(|c| c.party_id == party.id) {
                let view = obligation_view(cell, &names, line.version.deadline, now);
                if view.state.is_final() {
                    closed += 1;
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
        case: scope.summary(),
        party: party.map(|p| PartyChoice {
            id: p.id,
            short_name: p.short_name.clone(),
            name: p.name.clone(),
        }),
        open,
        closed,
    })
}
