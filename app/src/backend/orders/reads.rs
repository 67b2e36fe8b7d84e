//! The orders of a case, and one order with its directives, as a reader may see them.

use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::directives::short_names;
use crate::backend::directives::{may_see, readable_counts};
use crate::backend::directives::{
    obligation_view, obligations_of, parties_of, party_choices, version_view, visible_order,
};
use crate::backend::entities::{case_member, directive, directive_version, order};
use crate::backend::state::AppState;
use crate::error::AppResult;
use crate::model::{DirectiveSummary, OrderDetail, OrderList, OrderRow};
use domain::orders::OrderState;
use domain::{Action, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn list(scope: &CaseScope) -> AppResult<OrderList> {
    let (state, actor, case_id) = scope.parts();
    let may_record = can(actor, Action::RecordOrder);
    let mut query = order::Entity::find().filter(order::Column::CaseId.eq(case_id));
    if !may_record {
        query = query.filter(order::Column::State.eq(OrderState::Issued.as_str()));
    }
    let orders = query
        .order_by_asc(order::Column::IssuedAt)
        .order_by_asc(order::Column::Id)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let counts = readable_counts(&state.db, actor, &ids).await?;
    let rows = orders
        .into_iter()
        .map(|o| OrderRow {
            id: o.id,
            directives: counts.get(&o.id).copied().unwrap_or(0),
            title: o.title,
            issued_at: state.format_time(o.issued_at),
            state: *o.state,
        })
        .collect();
    Ok(OrderList {
        case: scope.summary(),
        orders: rows,
        may_record,
    })
}

pub async fn detail(scope: &CaseScope, order_id: i32) -> AppResult<OrderDetail> {
    let (state, actor, case_id) = scope.parts();
    let o = visible_order(&state.db, actor, case_id, order_id).await?;
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .order_by_asc(directive::Column::LabelSort)
        .all(&state.db)
        .await?;
    let versions: HashMap<i32, directive_version::Model> = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(directives.iter().map(|d| d.id)))
        .all(&state.db)
        .await?
        .into_iter()
        .filter(|v| {
            directives
                .iter()
                .any(|d| d.id == v.directive_id && d.current_version == v.number)
        })
        .map(|v| (v.directive_id, v))
        .collect();
    let version_ids: Vec<i32> = versions.values().map(|v| v.id).collect();
    let mut obligations = obligations_of(&state.db, &version_ids).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let party_names = short_names(&parties);
    let names =
        crate::backend::people::names_of(&state.db, versions.values().map(|v| v.created_by))
            .await?;
    let now = clock::now();
    let mut shown = Vec::new();
    for d in &directives {
        let Some(v) = versions.get(&d.id) else {
            continue;
        };
        let obliged = obligations.remove(&v.id).unwrap_or_default();
        let ids: Vec<i32> = obliged.iter().map(|o| o.party_id).collect();
        if !may_see(actor, v, &ids) {
            continue;
        }
        shown.push(DirectiveSummary {
            id: d.id,
            label: d.label.clone(),
            current: version_view(state, v, &names),
            obligations: obliged
                .iter()
                .map(|o| obligation_view(o, &party_names, v.deadline, now))
                .collect(),
        });
    }
    let may_record = can(actor, Action::RecordOrder);
    let notified_on_issue = if *o.state == OrderState::Draft && may_record {
        notified_on_issue(state, case_id, scope.user_id, &party_names).await?
    } else {
        Vec::new()
    };
    Ok(OrderDetail {
        case: scope.summary(),
        id: o.id,
        title: o.title,
        issued_at: state.format_time(o.issued_at),
        report_due: o.report_due_at.map(|at| state.format_time(at)),
        bench: o.bench,
        preamble: o.preamble,
        state: *o.state,
        revision: o.revision,
        directives: shown,
        parties: party_choices(&parties),
        may_record,
        notified_on_issue,
    })
}

/// The members an order's notice reaches when `issuer` issues it: every other member, as
/// the order itself is public ("Name, Role for PARTY").
async fn notified_on_issue(
    state: &AppState,
    case_id: i32,
    issuer: i32,
    parties: &HashMap<i32, String>,
) -> AppResult<Vec<String>> {
    let members: Vec<case_member::Model> = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(case_id))
        .filter(case_member::Column::UserId.ne(issuer))
        .all(&state.db)
        .await?;
    let names =
        crate::backend::people::names_of(&state.db, members.iter().map(|m| m.user_id)).await?;
    let mut lines: Vec<String> = members
        .iter()
        .map(|m| {
            let name = names.get(&m.user_id).cloned().unwrap_or_default();
            match m.party_id.and_then(|p| parties.get(&p)) {
                Some(party) => format!("{name}, {} for {party}", m.role.label()),
                None => format!("{name}, {}", m.role.label()),
            }
        })
        .collect();
    lines.sort();
    Ok(lines)
}
