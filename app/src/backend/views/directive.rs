//! The directive page: one directive with its versions, obligations, responses and
//! clarification requests, gathered from the workflows that own them.

use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::directives::short_names;
use crate::backend::directives::{
    obligation_view, obligations_of, parties_of, party_choices, readable_versions, version_view,
    visible_directive,
};
use crate::backend::entities::{directive_version, order};
use crate::error::{AppError, AppResult};
use crate::model::{DirectiveDetail, ObligationView};
use domain::evidence::Producer;
use domain::{Action, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub async fn detail(scope: &CaseScope, directive_id: i32) -> AppResult<DirectiveDetail> {
    let (state, actor, case_id) = scope.parts();
    let (d, current) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let o = order::Entity::find_by_id(d.order_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?;
    let versions = readable_versions(
        &state.db,
        actor,
        directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .order_by_asc(directive_version::Column::Number)
            .all(&state.db)
            .await?,
    )
    .await?;
    let names =
        crate::backend::people::names_of(&state.db, versions.iter().map(|v| v.created_by)).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let party_names = short_names(&parties);
    let now = clock::now();
    let cells = obligations_of(&state.db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default();
    let mut findings = crate::backend::compliance::findings(state, actor, &cells).await?;
    let obligations = cells
        .iter()
        .map(|o| ObligationView {
            findings: findings.remove(&o.id).unwrap_or_default(),
            ..obligation_view(o, &party_names, current.deadline, now)
        })
        .collect();
    let version_ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let responses =
        crate::backend::responses::rows_for_versions(state, actor, &version_ids).await?;
    Ok(DirectiveDetail {
        case: scope.summary(),
        id: d.id,
        label: d.label,
        order_id: o.id,
        order_title: o.title,
        order_state: *o.state,
        order_revision: o.revision,
        current: version_view(state, &current, &names),
        versions: versions
            .iter()
            .map(|v| version_view(state, v, &names))
            .collect(),
        obligations,
        responses,
        parties: party_choices(&parties),
        may_assess: can(actor, Action::AssessCompliance),
        citable: if can(actor, Action::AssessCompliance) {
            crate::backend::reports::citable(state, actor, case_id, d.id).await?
        } else {
            Vec::new()
        },
        may_excuse: can(actor, Action::RecordRuling),
        may_respond: can(actor, Action::FileResponse(Producer::Court))
            || actor
                .party_id
                .is_some_and(|p| can(actor, Action::FileResponse(Producer::Party(p)))),
        may_ask: actor
            .party_id
            .is_some_and(|p| can(actor, Action::FileClarification(p))),
        may_correct: can(actor, Action::RecordOrder),
        clarifications: crate::backend::clarifications::rows_for_versions(
            state,
            actor,
            &version_ids,
        )
        .await?,
    })
}
