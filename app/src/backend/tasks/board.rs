//! The task board: the tasks a reader may see, with filters, counts per state and
//! progress, one page at a time by key (the last id shown), so the hundredth page costs
//! what the first does.

use crate::backend::case_scope::CaseScope;
use crate::backend::directives::{Line, lines_where};
use crate::backend::entities::{agent, case_member, station, task, task_agent, task_officer};
use crate::backend::people::names_of;
use crate::error::AppResult;
use crate::model::{Choice, StateCount, TaskBoard, TaskRow};
use domain::tasks::{ScopeKind, TaskState};
use domain::{Action, CaseRole, can};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Tasks per page.
pub const PER_PAGE: u64 = 50;

/// The board's filters, as its query string gives them.
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub directive: Option<i32>,
    pub state: Option<TaskState>,
    pub officer: Option<i32>,
    pub county: Option<String>,
    pub constituency: Option<String>,
    /// Only tasks whose slot falls outside their directive's window.
    pub outside_window: bool,
}

impl TaskFilter {
    /// The filters as the board's query string gives them. `officer` is an officer's id or
    /// `all`: an officer's board shows their own tasks unless asked for all.
    pub fn from_query(
        scope: &CaseScope,
        directive: Option<String>,
        state: Option<String>,
        officer: Option<String>,
        county: Option<String>,
        constituency: Option<String>,
        outside_window: Option<String>,
    ) -> TaskFilter {
        let id = |raw: &Option<String>| raw.as_deref().and_then(|v| v.parse::<i32>().ok());
        let text = |raw: Option<String>| raw.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let officer = match officer.as_deref() {
            Some("all") => None,
            Some(_) => id(&officer),
            None if scope.actor.case_role == Some(CaseRole::ScrutinyOfficer) => Some(scope.user_id),
            None => None,
        };
        TaskFilter {
            directive: id(&directive),
            state: state.as_deref().and_then(|s| s.parse().ok()),
            officer,
            county: text(county),
            constituency: text(constituency),
            outside_window: outside_window.is_some_and(|v| !v.is_empty()),
        }
    }
}

/// The directives whose tasks the reader may see, and for an agent the tasks they attend.
pub(super) struct Readable {
    pub lines: Vec<Line>,
    /// For an agent: only tasks they attend.
    pub attending_user: Option<i32>,
}

pub(super) async fn readable(scope: &CaseScope) -> AppResult<Readable> {
    let (state, actor, case_id) = scope.parts();
    let agent = actor.case_role == Some(CaseRole::Agent);
    let lines = lines_where(state, case_id, |version, obliged| {
        can(
            actor,
            Action::SeeTask {
                tier: *version.tier,
                obliges_actor: actor.party_id.is_some_and(|p| obliged.contains(&p)),
                attends: agent,
            },
        )
    })
    .await?;
    Ok(Readable {
        lines,
        attending_user: agent.then_some(scope.user_id),
    })
}

impl Readable {
    /// The tasks of these directives (attended, for an agent), as a condition on `tasks`.
    pub fn condition(&self, case_id: i32) -> Condition {
        let mut all = Condition::all()
            .add(task::Column::CaseId.eq(case_id))
            .add(task::Column::DirectiveId.is_in(self.lines.iter().map(|l| l.directive.id)));
        if let Some(user_id) = self.attending_user {
            let attended = Query::select()
                .column((task_agent::Entity, task_agent::Column::TaskId))
                .from(task_agent::Entity)
                .inner_join(
                    agent::Entity,
                    Expr::col((agent::Entity, agent::Column::Id))
                        .equals((task_agent::Entity, task_agent::Column::AgentId)),
                )
                .and_where(Expr::col((agent::Entity, agent::Column::UserId)).eq(user_id))
                .and_where(Expr::col((agent::Entity, agent::Column::WithdrawnAt)).is_null())
                .to_owned();
            all = all.add(Expr::col((task::Entity, task::Column::Id)).in_subquery(attended));
        }
        all
    }
}

/// The filters as a condition, state aside (counts are per state).
pub(super) fn filtered(readable: &Readable, case_id: i32, filter: &TaskFilter) -> Condition {
    let mut all = readable.condition(case_id);
    if let Some(d) = filter.directive {
        all = all.add(task::Column::DirectiveId.eq(d));
    }
    if let Some(officer) = filter.officer {
        let assigned = Query::select()
            .column(task_officer::Column::TaskId)
            .from(task_officer::Entity)
            .and_where(Expr::col(task_officer::Column::UserId).eq(officer))
            .to_owned();
        all = all.add(Expr::col((task::Entity, task::Column::Id)).in_subquery(assigned));
    }
    if let Some(county) = &filter.county {
        all = all.add(task::Column::CountyCode.eq(county.as_str()));
    }
    if let Some(constituency) = &filter.constituency {
        all = all.add(task::Column::ConstituencyCode.eq(constituency.as_str()));
    }
    if filter.outside_window {
        // A slot outside the window of the version the task carries out: the window is
        // the version in force's, as tasks of an older version are re-planned under it.
        let mut outside = Condition::any();
        for line in &readable.lines {
            let v = &line.version;
            let mut early_or_late = Condition::any();
            if let Some(opens) = v.window_opens {
                early_or_late = early_or_late.add(task::Column::SlotStarts.lt(opens));
            }
            if let Some(closes) = v.deadline {
                early_or_late = early_or_late.add(task::Column::SlotEnds.gt(closes));
            }
            if v.window_opens.is_some() || v.deadline.is_some() {
                outside = outside.add(
                    Condition::all()
                        .add(task::Column::DirectiveId.eq(line.directive.id))
                        .add(early_or_late),
                );
            }
        }
        all = all.add(outside);
    }
    all
}

pub async fn board(
    scope: &CaseScope,
    filter: TaskFilter,
    after: Option<i32>,
) -> AppResult<TaskBoard> {
    let (_, actor, case_id) = scope.parts();
    let db = scope.db();
    let readable = readable(scope).await?;
    let base = filtered(&readable, case_id, &filter);
    let mut counts = Vec::new();
    for (state_name, count) in task::Entity::find()
        .select_only()
        .column(task::Column::State)
        .column_as(task::Column::Id.count(), "n")
        .filter(base.clone())
        .group_by(task::Column::State)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
    {
        if let Ok(s) = state_name.parse::<TaskState>() {
            counts.push(StateCount {
                state: s,
                count: u64::try_from(count).unwrap_or(0),
            });
        }
    }
    counts.sort_by_key(|c| TaskState::ALL.iter().position(|s| *s == c.state));
    let count_of = |s: TaskState| counts.iter().find(|c| c.state == s).map_or(0, |c| c.count);
    let stations_ordered = task::Entity::find()
        .filter(base.clone())
        .filter(
            task::Column::Scope.is_in([ScopeKind::Station.as_str(), ScopeKind::BallotBox.as_str()]),
        )
        .filter(task::Column::State.ne(TaskState::Cancelled.as_str()))
        .select_only()
        .column(task::Column::StationCode)
        .distinct()
        .count(db)
        .await?;
    let stations_done = task::Entity::find()
        .filter(base.clone())
        .filter(
            task::Column::Scope.is_in([ScopeKind::Station.as_str(), ScopeKind::BallotBox.as_str()]),
        )
        .filter(task::Column::State.eq(TaskState::Verified.as_str()))
        .select_only()
        .column(task::Column::StationCode)
        .distinct()
        .count(db)
        .await?;
    let reconciling = task::Entity::find()
        .filter(base.clone())
        .filter(task::Column::Kind.eq(domain::tasks::TaskKind::Recount.as_str()))
        .filter(
            task::Column::State
                .is_in([TaskState::InProgress.as_str(), TaskState::Returned.as_str()]),
        )
        .all(db)
        .await?;
    let mismatches = super::rounds::awaiting_reconciliation(db, &reconciling).await?;
    // An agent reads a directive only through a task they attend: the filter offers those
    // directives alone, not every one whose tasks an agent could attend.
    let attended: Option<std::collections::HashSet<i32>> = match readable.attending_user {
        Some(_) => Some(
            task::Entity::find()
                .filter(readable.condition(case_id))
                .select_only()
                .column(task::Column::DirectiveId)
                .distinct()
                .into_tuple::<i32>()
                .all(db)
                .await?
                .into_iter()
                .collect(),
        ),
        None => None,
    };
    let mut page_condition = base;
    if let Some(s) = filter.state {
        page_condition = page_condition.add(task::Column::State.eq(s.as_str()));
    }
    let total = match filter.state {
        Some(s) => count_of(s),
        None => counts.iter().map(|c| c.count).sum(),
    };
    let mut query = task::Entity::find()
        .filter(page_condition)
        .order_by_asc(task::Column::Id)
        .limit(PER_PAGE + 1);
    if let Some(after) = after {
        query = query.filter(task::Column::Id.gt(after));
    }
    let mut tasks = query.all(db).await?;
    let next = (tasks.len() as u64 > PER_PAGE).then(|| {
        tasks.truncate(PER_PAGE as usize);
        tasks.last().map_or(0, |t| t.id)
    });
    let rows = rows_of(scope, &readable, tasks).await?;

    let officers = officers_of(scope).await?;
    let counties = task::Entity::find()
        .filter(readable.condition(case_id))
        .select_only()
        .column(task::Column::CountyCode)
        .distinct()
        .into_tuple::<Option<String>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .map(|c| Choice {
            label: c.clone(),
            value: c,
        })
        .collect();
    let scope_note = match actor.case_role {
        Some(CaseRole::Agent) => Some("The tasks you attend as your party's agent.".to_owned()),
        Some(CaseRole::ScrutinyOfficer) if filter.officer == Some(scope.user_id) => {
            Some("Your tasks: those you are assigned to.".to_owned())
        }
        _ => None,
    };
    Ok(TaskBoard {
        case: scope.summary(),
        rows,
        total,
        next,
        stations_done,
        stations_ordered,
        awaiting_verification: count_of(TaskState::FindingsSubmitted),
        mismatches,
        counts,
        directives: readable
            .lines
            .iter()
            .filter(|l| {
                attended
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&l.directive.id))
            })
            .map(|l| Choice {
                value: l.directive.id.to_string(),
                label: format!("Directive {} ({})", l.directive.label, l.order_title),
            })
            .collect(),
        officers,
        counties,
        may_create: can(actor, Action::ManageTasks),
        scope_note,
    })
}

/// The case's scrutiny officers, for the officer filter and assignment.
pub(super) async fn officers_of(scope: &CaseScope) -> AppResult<Vec<Choice>> {
    let ids: Vec<i32> = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(scope.case.id))
        .filter(case_member::Column::Role.eq(CaseRole::ScrutinyOfficer.as_str()))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let names = names_of(scope.db(), ids.iter().copied()).await?;
    let mut officers: Vec<Choice> = ids
        .into_iter()
        .filter_map(|id| {
            names.get(&id).map(|name| Choice {
                value: id.to_string(),
                label: name.clone(),
            })
        })
        .collect();
    officers.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(officers)
}

/// Tasks as rows: what each is about in words, its directive and its officers.
pub(super) async fn rows_of(
    scope: &CaseScope,
    readable: &Readable,
    tasks: Vec<task::Model>,
) -> AppResult<Vec<TaskRow>> {
    let db = scope.db();
    let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
    let assignments = task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let names = names_of(db, assignments.iter().map(|a| a.user_id)).await?;
    let mut officers: HashMap<i32, Vec<String>> = HashMap::new();
    for a in assignments {
        if let Some(name) = names.get(&a.user_id) {
            officers.entry(a.task_id).or_default().push(name.clone());
        }
    }
    let codes: Vec<&str> = tasks
        .iter()
        .filter_map(|t| t.station_code.as_deref())
        .collect();
    let stations: HashMap<String, station::Model> =
        match crate::backend::stations::case_register(db, &scope.case).await? {
            Some(r) => crate::backend::stations::lookup(db, r.election_id, &codes).await?,
            None => HashMap::new(),
        };
    let labels: HashMap<i32, &str> = readable
        .lines
        .iter()
        .map(|l| (l.directive.id, l.directive.label.as_str()))
        .collect();
    let state = &scope.state;
    Ok(tasks
        .into_iter()
        .map(|t| TaskRow {
            id: t.id,
            kind: *t.kind,
            scope: *t.scope,
            subject: subject(&t, t.station_code.as_deref().and_then(|c| stations.get(c))),
            station_code: t.station_code.clone(),
            directive_id: t.directive_id,
            directive_label: labels
                .get(&t.directive_id)
                .map(|l| (*l).to_owned())
                .unwrap_or_default(),
            state: *t.state,
            venue: t.venue.clone(),
            slot: t.slot_starts.map(|from| match t.slot_ends {
                Some(to) => format!("{} – {}", state.format_time(from), state.format_time(to)),
                None => state.format_time(from),
            }),
            officers: officers.remove(&t.id).unwrap_or_default(),
            revision: t.revision,
        })
        .collect())
}

/// What a task is about, in words.
pub(super) fn subject(t: &task::Model, station: Option<&station::Model>) -> String {
    let place = |code: &str| match station {
        Some(s) => format!("{code} {} ({}, {})", s.name, s.constituency, s.county),
        None => code.to_owned(),
    };
    match (*t.scope, &t.station_code, &t.ballot_box, &t.server) {
        (ScopeKind::BallotBox, Some(code), Some(b), _) => {
            format!("Ballot box {b} of {}", place(code))
        }
        (_, Some(code), _, _) => place(code),
        (ScopeKind::Server, _, _, Some(server)) => format!("Server {server}"),
        (ScopeKind::Evidence, ..) => t
            .evidence_item_id
            .map_or_else(String::new, |id| format!("Evidence item {id}")),
        _ => String::new(),
    }
}

/// What the form that creates tasks offers: the directives in force, and the register.
pub async fn form_choices(scope: &CaseScope) -> AppResult<crate::model::TaskFormChoices> {
    scope.require(Action::ManageTasks)?;
    let readable = readable(scope).await?;
    let register = crate::backend::stations::case_register(scope.db(), &scope.case).await?;
    Ok(crate::model::TaskFormChoices {
        case: scope.summary(),
        directives: readable
            .lines
            .iter()
            .map(|l| Choice {
                value: l.directive.id.to_string(),
                label: format!(
                    "Directive {} ({}): {}",
                    l.directive.label,
                    l.order_title,
                    crate::backend::directives::excerpt(&l.version.text)
                ),
            })
            .collect(),
        register: register.map(|r| format!("{} ({} stations)", r.election, r.stations)),
    })
}
