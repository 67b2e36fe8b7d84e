//! The compliance matrix by hand: the directives in force under the case's issued orders
//! that the reader may read, down; the parties they oblige, across; each cell's state,
//! time left, latest response, exhibits and pending clarification; the filters.

use super::{Reader, Refusal, reader, render, sql};
use app::backend::AppState;
use app::backend::compliance::reader_audience;
use app::backend::directives::excerpt;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::compliance::{ComplianceState, deadline_words, is_overdue};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, can};
use sea_orm::prelude::DateTimeUtc;
use std::collections::{HashMap, HashSet};
use tower_sessions::Session;

pub struct Choice {
    pub id: i32,
    pub short_name: String,
    pub name: String,
}

pub struct Cell {
    pub state: ComplianceState,
    pub deadline_words: Option<String>,
    pub overdue: bool,
    pub latest: Option<(i32, String)>,
    pub exhibits: i32,
    pub pending: bool,
}

pub struct Row {
    pub directive_id: i32,
    pub label: String,
    pub version: i32,
    pub tier: SealingTier,
    pub excerpt: String,
    pub order_title: String,
    pub cells: Vec<Option<Cell>>,
}

#[derive(Template)]
#[template(path = "matrix.html", config = "benches/baseline/askama.toml")]
pub struct Matrix {
    pub r: Reader,
    pub tab: &'static str,
    pub choices: Vec<Choice>,
    pub party: String,
    pub status: String,
    pub overdue_only: bool,
    pub statuses: &'static [ComplianceState],
    pub columns: Vec<Choice>,
    pub rows: Vec<Row>,
}

impl Matrix {
    fn filtered(&self) -> bool {
        !self.party.is_empty() || !self.status.is_empty() || self.overdue_only
    }
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    id: Path<i32>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match matrix(&state, &session, id.0, query).await {
        Ok(page) => render(&page),
        Err(refusal) => refusal.into_response(),
    }
}

fn ids(ids: impl IntoIterator<Item = i32>) -> String {
    let list: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    if list.is_empty() {
        "NULL".to_owned()
    } else {
        list.join(", ")
    }
}

struct Line {
    directive_id: i32,
    label: String,
    order_title: String,
    version_id: i32,
    version: i32,
    text: String,
    deadline: Option<DateTimeUtc>,
    tier: SealingTier,
}

struct Obligation {
    party_id: i32,
    state: ComplianceState,
    latest_response_id: Option<i32>,
    exhibits: [i32; 3],
}

async fn matrix(
    state: &AppState,
    session: &Session,
    case_id: i32,
    query: HashMap<String, String>,
) -> Result<Matrix, Refusal> {
    let r = reader(
        state,
        session,
        format!("/cases/{case_id}/compliance"),
        case_id,
    )
    .await?;
    let db = &state.db;
    let wanted = |key: &str| query.get(key).cloned().unwrap_or_default();
    let (party, status) = (wanted("party"), wanted("status"));
    let overdue_only = !wanted("overdue").is_empty();
    let party_filter: Option<i32> = party.parse().ok();
    let status_filter = ComplianceState::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == status);

    let mut choices = Vec::new();
    for p in sql::all(
        db,
        "SELECT id, short_name, name FROM parties WHERE case_id = ? AND withdrawn_at IS NULL \
         ORDER BY id",
        [case_id.into()],
    )
    .await?
    {
        choices.push(Choice {
            id: sql::get(&p, "id")?,
            short_name: sql::get(&p, "short_name")?,
            name: sql::get(&p, "name")?,
        });
    }

    let mut lines = Vec::new();
    for l in sql::all(
        db,
        "SELECT d.id AS directive_id, d.label, o.title AS order_title, v.id AS version_id, \
         v.number, v.text, v.deadline, v.tier FROM directives d \
         JOIN orders o ON o.id = d.order_id \
         JOIN directive_versions v ON v.directive_id = d.id AND v.number = d.current_version \
         WHERE o.case_id = ? AND o.state = 'issued' ORDER BY o.issued_at, o.id, d.label_sort",
        [case_id.into()],
    )
    .await?
    {
        lines.push(Line {
            directive_id: sql::get(&l, "directive_id")?,
            label: sql::get(&l, "label")?,
            order_title: sql::get(&l, "order_title")?,
            version_id: sql::get(&l, "version_id")?,
            version: sql::get(&l, "number")?,
            text: sql::get(&l, "text")?,
            deadline: sql::get(&l, "deadline")?,
            tier: sql::parse(&sql::get::<String>(&l, "tier")?)?,
        });
    }
    let mut cells: HashMap<i32, Vec<Obligation>> = HashMap::new();
    for o in sql::all(
        db,
        &format!(
            "SELECT version_id, party_id, state, latest_response_id, exhibits_all, \
             exhibits_parties, exhibits_public FROM obligations \
             WHERE version_id IN ({}) ORDER BY party_id",
            ids(lines.iter().map(|l| l.version_id))
        ),
        [],
    )
    .await?
    {
        cells
            .entry(sql::get(&o, "version_id")?)
            .or_default()
            .push(Obligation {
                party_id: sql::get(&o, "party_id")?,
                state: sql::parse(&sql::get::<String>(&o, "state")?)?,
                latest_response_id: sql::get(&o, "latest_response_id")?,
                exhibits: [
                    sql::get(&o, "exhibits_public")?,
                    sql::get(&o, "exhibits_parties")?,
                    sql::get(&o, "exhibits_all")?,
                ],
            });
    }
    let actor = &r.actor;
    let lines: Vec<(Line, Vec<Obligation>)> = lines
        .into_iter()
        .filter_map(|line| {
            let obliged = cells.remove(&line.version_id).unwrap_or_default();
            let obliges_actor = actor
                .party_id
                .is_some_and(|p| obliged.iter().any(|o| o.party_id == p));
            can(
                actor,
                Action::SeeDirective {
                    tier: line.tier,
                    obliges_actor,
                },
            )
            .then_some((line, obliged))
        })
        .collect();

    let parties_material = Sealing {
        tier: SealingTier::Parties,
        producer: Producer::Court,
    };
    let mut pending = HashSet::new();
    if can(actor, Action::See(parties_material)) {
        let states: Vec<String> = domain::clarification::ClarificationState::ALL
            .iter()
            .filter(|s| s.is_pending())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        for c in sql::all(
            db,
            &format!(
                "SELECT DISTINCT version_id FROM clarifications WHERE version_id IN ({}) \
                 AND state IN ({})",
                ids(lines.iter().map(|(l, _)| l.version_id)),
                states.join(", ")
            ),
            [],
        )
        .await?
        {
            pending.insert(sql::get::<i32>(&c, "version_id")?);
        }
    }
    let mut latest: HashMap<i32, String> = HashMap::new();
    for row in sql::all(
        db,
        &format!(
            "SELECT r.id, r.title FROM responses r WHERE r.id IN ({}) AND {}",
            ids(lines
                .iter()
                .flat_map(|(_, cells)| cells.iter().filter_map(|c| c.latest_response_id))),
            sql::sealed(actor, "r", "party_id")
        ),
        [],
    )
    .await?
    {
        latest.insert(sql::get(&row, "id")?, sql::get(&row, "title")?);
    }

    let now = app::backend::clock::now().timestamp();
    let mut kept = Vec::new();
    for (line, obliged) in lines {
        let mut row_cells = Vec::new();
        for o in obliged {
            let deadline = line.deadline.map(|d| d.timestamp());
            let overdue = deadline.is_some_and(|d| is_overdue(o.state, d, now));
            let shown = party_filter.is_none_or(|p| p == o.party_id)
                && status_filter.is_none_or(|s| s == o.state)
                && (!overdue_only || overdue);
            if !shown {
                continue;
            }
            let words = deadline
                .filter(|_| o.state.awaits_party() || o.state == ComplianceState::ClaimedComplied)
                .map(|d| deadline_words(d, now));
            let cell = Cell {
                state: o.state,
                deadline_words: words,
                overdue,
                latest: o
                    .latest_response_id
                    .and_then(|id| latest.get(&id).map(|t| (id, t.clone()))),
                exhibits: o.exhibits
                    [usize::try_from(reader_audience(actor, o.party_id)).unwrap_or(0)],
                pending: pending.contains(&line.version_id),
            };
            row_cells.push((o.party_id, cell));
        }
        if !row_cells.is_empty() {
            kept.push((line, row_cells));
        }
    }
    let in_use: HashSet<i32> = kept
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(|(p, _)| *p))
        .collect();
    let columns: Vec<Choice> = choices
        .iter()
        .filter(|c| in_use.contains(&c.id))
        .map(|c| Choice {
            id: c.id,
            short_name: c.short_name.clone(),
            name: c.name.clone(),
        })
        .collect();
    let rows = kept
        .into_iter()
        .map(|(line, mut cells)| Row {
            directive_id: line.directive_id,
            label: line.label,
            version: line.version,
            tier: line.tier,
            excerpt: excerpt(&line.text),
            order_title: line.order_title,
            cells: columns
                .iter()
                .map(|c| {
                    cells
                        .iter()
                        .position(|(p, _)| *p == c.id)
                        .map(|i| cells.swap_remove(i).1)
                })
                .collect(),
        })
        .collect();
    Ok(Matrix {
        r,
        tab: "compliance",
        choices,
        party,
        status,
        overdue_only,
        statuses: &ComplianceState::ALL,
        columns,
        rows,
    })
}
