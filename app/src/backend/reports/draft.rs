//! A draft of the Registrar's report: the directives chosen (those sealed more closely than
//! the report left out, and said to be), their tasks read as the report reads them, what
//! the verified findings say, what keeps it from being filed, and the audit chain's head.

use crate::backend::audit;
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::directives::{self, Line};
use crate::backend::entities::{order, report, task, task_officer};
use crate::backend::people::names_of;
use crate::backend::storage::sha256_hex;
use crate::backend::tasks;
use crate::error::{AppError, AppResult};
use crate::model::{CoveredDirective, ReportChoice, ReportDraft, ReportsOverview};
use domain::Action;
use domain::evidence::SealingTier;
use domain::reports::{contents, missing, overdue};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What the report form carries.
#[derive(Debug)]
pub struct DraftInput<'a> {
    /// Keyed by directive id: present for each directive the report covers.
    pub directives: &'a HashMap<String, String>,
    pub tier: &'a str,
}

/// The reports page: for the registrar, the directives in force with tasks to choose from.
pub async fn overview(scope: &CaseScope) -> AppResult<ReportsOverview> {
    let (state, actor, case_id) = scope.parts();
    let may_prepare = scope.may(Action::FileReport);
    let mut choices = Vec::new();
    if may_prepare {
        for l in directives::lines(state, actor, case_id).await? {
            let count = task::Entity::find()
                .filter(task::Column::DirectiveId.eq(l.directive.id))
                .count(scope.db())
                .await?;
            if count > 0 {
                choices.push(ReportChoice {
                    id: l.directive.id,
                    label: l.directive.label,
                    order_title: l.order_title,
                    tier: *l.version.tier,
                    tasks: count,
                });
            }
        }
    }
    let due_at = order::Entity::find()
        .filter(order::Column::CaseId.eq(case_id))
        .filter(order::Column::State.eq(domain::orders::OrderState::Issued.as_str()))
        .all(scope.db())
        .await?
        .into_iter()
        .filter_map(|o| o.report_due_at)
        .min();
    let any_filed = report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .count(scope.db())
        .await?
        > 0;
    Ok(ReportsOverview {
        case: scope.summary(),
        due: due_at.map(|at| state.format_time(at)),
        overdue: overdue(due_at, any_filed, clock::now()),
        filed: super::reads::filed(scope).await?,
        may_prepare,
        may_assess: scope.may(Action::AssessCompliance),
        choices,
    })
}

/// The report as it would print now, for the registrar.
pub async fn draft(scope: &CaseScope, input: DraftInput<'_>) -> AppResult<ReportDraft> {
    scope.require(Action::FileReport)?;
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let tier: SealingTier = input
        .tier
        .parse()
        .map_err(|_| AppError::invalid("tier", "Choose who may read the report."))?;
    let lines = directives::lines(state, actor, case_id).await?;
    let mut chosen: Vec<&Line> = Vec::new();
    for key in input.directives.keys() {
        match key
            .parse::<i32>()
            .ok()
            .and_then(|id| lines.iter().find(|l| l.directive.id == id))
        {
            Some(line) => chosen.push(line),
            None => {
                return Err(AppError::invalid(
                    "directives",
                    "Only directives of this case's issued orders can be reported on.",
                ));
            }
        }
    }
    if chosen.is_empty() {
        return Err(AppError::invalid(
            "directives",
            "Choose the directives the report covers.",
        ));
    }
    // In the orders' order, then the court's numbering, as every list of directives.
    chosen.sort_by_key(|l| lines.iter().position(|x| x.directive.id == l.directive.id));
    let chosen_ids: Vec<i32> = chosen.iter().map(|l| l.directive.id).collect();
    let (kept, left): (Vec<&Line>, Vec<&Line>) = chosen
        .into_iter()
        .partition(|l| tier.may_seal_filing_about(*l.version.tier));
    if kept.is_empty() {
        return Err(AppError::invalid(
            "tier",
            format!(
                "Every directive chosen is sealed more closely than a report for {}: choose a closer sealing.",
                tier.explanation()
            ),
        ));
    }
    let labels: HashMap<i32, String> = kept
        .iter()
        .map(|l| (l.directive.id, l.directive.label.clone()))
        .collect();
    let report_tasks = tasks::report_tasks(scope, &labels, tier).await?;

    let orders: HashMap<i32, order::Model> = order::Entity::find()
        .filter(order::Column::Id.is_in(kept.iter().map(|l| l.directive.order_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let task_ids: Vec<i32> = report_tasks.iter().map(|t| t.id).collect();
    let assigned = task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.is_in(task_ids))
        .all(db)
        .await?;
    let covered_tasks = task::Entity::find()
        .filter(task::Column::DirectiveId.is_in(labels.keys().copied()))
        .all(db)
        .await?;
    let directive_of: HashMap<i32, i32> = covered_tasks
        .iter()
        .map(|t| (t.id, t.directive_id))
        .collect();
    let names = names_of(db, assigned.iter().map(|a| a.user_id)).await?;
    let covered = kept
        .iter()
        .map(|l| {
            let v = &l.version;
            let mut officers: Vec<String> = assigned
                .iter()
                .filter(|a| directive_of.get(&a.task_id) == Some(&l.directive.id))
                .filter_map(|a| names.get(&a.user_id).cloned())
                .collect();
            officers.sort();
            officers.dedup();
            CoveredDirective {
                id: l.directive.id,
                label: l.directive.label.clone(),
                version: v.number,
                order_title: l.order_title.clone(),
                order_issued: orders
                    .get(&l.directive.order_id)
                    .map(|o| state.format_time(o.issued_at))
                    .unwrap_or_default(),
                text: v.text.clone(),
                window: match (v.window_opens, v.deadline) {
                    (Some(o), Some(c)) => {
                        format!("{} – {}", state.format_time(o), state.format_time(c))
                    }
                    (None, Some(c)) => format!("until {}", state.format_time(c)),
                    _ => String::new(),
                },
                officers,
            }
        })
        .collect();

    let due_at = orders.values().filter_map(|o| o.report_due_at).min();
    let filed = report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .count(db)
        .await?;
    let (audit_seq, audit_hash) = audit::head(db).await?;
    let mut basis = format!("{}|", tier.as_str());
    // Every step on a task bumps its revision: a verification, a return, a new task.
    let mut revisions: Vec<(i32, i32)> = covered_tasks.iter().map(|t| (t.id, t.revision)).collect();
    revisions.sort_unstable();
    for (id, revision) in revisions {
        let _ = write!(basis, "{id}:{revision};");
    }
    for l in &kept {
        let _ = write!(basis, "d{}v{};", l.directive.id, l.version.number);
    }
    Ok(ReportDraft {
        case: scope.summary(),
        tier,
        chosen: chosen_ids,
        covered,
        left_out: left
            .iter()
            .map(|l| format!("Directive {}", l.directive.label))
            .collect(),
        contents: contents(&report_tasks),
        missing: missing(&report_tasks),
        due: due_at.map(|at| state.format_time(at)),
        overdue: overdue(due_at, filed > 0, clock::now()),
        audit_seq,
        audit_hash,
        generated: state.format_time(clock::now()),
        basis: sha256_hex(basis.as_bytes()),
    })
}
