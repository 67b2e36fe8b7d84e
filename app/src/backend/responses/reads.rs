//! Reading responses: the lists on a directive's page, one response, and what the form
//! offers its reader.

use super::TARGET;
use crate::backend::case_scope::CaseScope;
use crate::backend::directives;
use crate::backend::directives::parties_of;
use crate::backend::directives::short_names;
use crate::backend::entities::{directive_version, response, response_directive};
use crate::backend::state::AppState;
use crate::backend::{evidence, sealing};
use crate::error::{AppError, AppResult};
use crate::model::{DirectiveChoice, ResponseDetail, ResponseForm, ResponseRow};
use chrono::{DateTime, Utc};
use domain::compliance::lateness;
use domain::evidence::Producer;
use domain::{Action, Actor};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// The responses tied to any of `version_ids` that `actor` may see, oldest first.
pub(crate) async fn rows_for_versions(
    state: &AppState,
    actor: &Actor,
    version_ids: &[i32],
) -> AppResult<Vec<ResponseRow>> {
    let tied: BTreeSet<i32> = response_directive::Entity::find()
        .filter(response_directive::Column::VersionId.is_in(version_ids.iter().copied()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| r.response_id)
        .collect();
    let found = response::Entity::find()
        .filter(response::Column::Id.is_in(tied))
        .filter(visible(actor))
        .order_by_asc(response::Column::Id)
        .all(&state.db)
        .await?;
    rows(state, actor, found).await
}

/// Responses `actor` may know exist, as a query condition.
pub(crate) fn visible(actor: &Actor) -> sea_orm::Condition {
    sealing::visible_to(
        actor,
        (response::Entity, response::Column::Tier),
        (response::Entity, response::Column::PartyId),
    )
}

async fn rows(
    state: &AppState,
    actor: &Actor,
    found: Vec<response::Model>,
) -> AppResult<Vec<ResponseRow>> {
    let Some(first) = found.first() else {
        return Ok(Vec::new());
    };
    let case_id = first.case_id;
    let parties = short_names(&parties_of(&state.db, case_id).await?);
    let ids: Vec<i32> = found.iter().map(|r| r.id).collect();
    let mut evidence = evidence::linked_to(&state.db, actor, TARGET, &ids).await?;
    let deadlines = deadlines_of(state, actor, case_id, &ids).await?;
    Ok(found
        .into_iter()
        .map(|r| {
            let acted = r.received_at.unwrap_or(r.filed_at);
            let late: Vec<String> = deadlines
                .get(&r.id)
                .into_iter()
                .flatten()
                .filter_map(|(label, deadline)| {
                    lateness(acted.timestamp(), deadline.timestamp())
                        .map(|words| format!("directive {label}: {words}"))
                })
                .collect();
            ResponseRow {
                id: r.id,
                kind: *r.kind,
                from: r
                    .third_party
                    .clone()
                    .or_else(|| r.party_id.and_then(|id| parties.get(&id).cloned()))
                    .unwrap_or_else(|| "Court".to_owned()),
                title: r.title.clone(),
                filed_at: state.format_time(r.filed_at),
                received_at: r.received_at.map(|t| state.format_time(t)),
                late: (!late.is_empty()).then(|| late.join("; ")),
                tier: *r.tier,
                evidence: evidence.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect())
}

/// The deadlines each of `response_ids` answers, by response: (directive label, deadline)
/// for each directive version tied to it that has a deadline and that the reader may read.
async fn deadlines_of(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    response_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<(String, DateTime<Utc>)>>> {
    let ties = response_directive::Entity::find()
        .filter(response_directive::Column::ResponseId.is_in(response_ids.iter().copied()))
        .all(&state.db)
        .await?;
    let versions: HashMap<i32, directive_version::Model> = directive_version::Entity::find()
        .filter(directive_version::Column::Id.is_in(ties.iter().map(|t| t.version_id)))
        .filter(directive_version::Column::Deadline.is_not_null())
        .all(&state.db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut labels: HashMap<i32, Option<String>> = HashMap::new();
    let mut by_response: HashMap<i32, Vec<(String, DateTime<Utc>)>> = HashMap::new();
    for tie in ties {
        let Some(v) = versions.get(&tie.version_id) else {
            continue;
        };
        let Some(deadline) = v.deadline else {
            continue;
        };
        let label = match labels.get(&v.directive_id) {
            Some(label) => label.clone(),
            None => {
                // A sealed directive the reader may not read is neither named nor judged.
                let label =
                    match directives::visible_directive(&state.db, actor, case_id, v.directive_id)
                        .await
                    {
                        Ok((d, _)) => Some(d.label),
                        Err(AppError::NotFound) => None,
                        Err(other) => return Err(other),
                    };
                labels.insert(v.directive_id, label.clone());
                label
            }
        };
        if let Some(label) = label {
            by_response
                .entry(tie.response_id)
                .or_default()
                .push((label, deadline));
        }
    }
    Ok(by_response)
}

pub async fn detail(scope: &CaseScope, response_id: i32) -> AppResult<ResponseDetail> {
    let (state, actor, case_id) = scope.parts();
    let r = response::Entity::find_by_id(response_id)
        .filter(response::Column::CaseId.eq(case_id))
        .filter(visible(actor))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = directive_version::Entity::find()
        .filter(
            directive_version::Column::Id.is_in(
                response_directive::Entity::find()
                    .filter(response_directive::Column::ResponseId.eq(r.id))
                    .all(&state.db)
                    .await?
                    .into_iter()
                    .map(|rd| rd.version_id),
            ),
        )
        .all(&state.db)
        .await?;
    let mut directives = Vec::new();
    for v in versions {
        // A sealed directive a reader may not see stays out of the list, though the
        // response itself is visible.
        if let Ok((d, _)) =
            directives::visible_directive(&state.db, actor, case_id, v.directive_id).await
        {
            directives.push((d.id, d.label, v.number));
        }
    }
    let filed_by = crate::backend::people::names_of(&state.db, [r.filed_by])
        .await?
        .remove(&r.filed_by)
        .unwrap_or_default();
    let body = r.body.clone();
    let disputes = crate::backend::tasks::disputed_by(scope, r.id).await?;
    let row = rows(state, actor, vec![r])
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    Ok(ResponseDetail {
        case: scope.summary(),
        row,
        body,
        filed_by,
        directives,
        disputes,
    })
}

/// What the response form offers: whom the reader may file for, and the directives in force
/// they may read.
pub async fn form(scope: &CaseScope) -> AppResult<ResponseForm> {
    let (state, actor, case_id) = scope.parts();
    let party = match actor.party_id {
        Some(id) if domain::can(actor, Action::FileResponse(Producer::Party(id))) => {
            directives::party_choices(&parties_of(&state.db, case_id).await?)
                .into_iter()
                .find(|p| p.id == id)
        }
        _ => None,
    };
    let may_record_third_party = domain::can(actor, Action::FileResponse(Producer::Court));
    let registry_parties = if domain::can(actor, Action::RecordRegistryFiling) {
        directives::party_choices(&parties_of(&state.db, case_id).await?)
    } else {
        Vec::new()
    };
    if party.is_none() && !may_record_third_party && registry_parties.is_empty() {
        return Err(AppError::Forbidden);
    }
    let directives = directives::lines(state, actor, case_id)
        .await?
        .into_iter()
        .map(|l| DirectiveChoice {
            id: l.directive.id,
            label: l.directive.label,
            order_title: l.order_title,
            excerpt: directives::excerpt(&l.version.text),
            tier: *l.version.tier,
        })
        .collect();
    Ok(ResponseForm {
        case: scope.summary(),
        party,
        may_record_third_party,
        registry_parties,
        directives,
        max_upload_bytes: state.config.max_upload_bytes,
    })
}
