//! Clarification requests as a reader may see them: the rows on a directive page and a
//! request's own page.

use super::hearing::responses_open;
use super::steps::{RESPONSE_TARGET, TARGET, may_see, state_of, visible};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::directives;
use crate::backend::directives::short_names;
use crate::backend::directives::{obligation_view, parties_of, party_choices};
use crate::backend::entities::{clarification, clarification_response, directive_version};
use crate::backend::evidence;
use crate::backend::state::AppState;
use crate::error::AppResult;
use crate::model::{ClarificationDetail, ClarificationResponseView, ClarificationRow};
use domain::clarification::{ClarificationEvent, Ruling};
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

fn row(
    c: &clarification::Model,
    parties: &HashMap<i32, String>,
    version_number: i32,
) -> ClarificationRow {
    ClarificationRow {
        id: c.id,
        party: parties.get(&c.party_id).cloned().unwrap_or_default(),
        state: *c.state,
        quote: c.quote.clone(),
        quote_start: usize::try_from(c.quote_start).unwrap_or(0),
        quote_end: usize::try_from(c.quote_end).unwrap_or(0),
        version: version_number,
        ruling_text: c.ruling_text.clone(),
    }
}

/// The requests on any of `version_ids` (one directive's versions, which the caller has
/// checked the reader may see) that `actor` may know of, newest first.
pub(crate) async fn rows_for_versions(
    state: &AppState,
    actor: &Actor,
    version_ids: &[i32],
) -> AppResult<Vec<ClarificationRow>> {
    let found = clarification::Entity::find()
        .filter(clarification::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_desc(clarification::Column::Id)
        .all(&state.db)
        .await?;
    let Some(first) = found.first() else {
        return Ok(Vec::new());
    };
    let parties = short_names(&parties_of(&state.db, first.case_id).await?);
    let numbers: HashMap<i32, i32> = directive_version::Entity::find()
        .filter(directive_version::Column::Id.is_in(version_ids.iter().copied()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.number))
        .collect();
    Ok(found
        .iter()
        .filter(|c| may_see(actor, c, true))
        .map(|c| {
            row(
                c,
                &parties,
                numbers.get(&c.version_id).copied().unwrap_or(0),
            )
        })
        .collect())
}

pub async fn detail(scope: &CaseScope, id: i32) -> AppResult<ClarificationDetail> {
    let (state, actor, case_id) = scope.parts();
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let (_, current) = directives::visible_directive(&state.db, actor, case_id, d.id).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let names = short_names(&parties);
    let responses = clarification_response::Entity::find()
        .filter(clarification_response::Column::ClarificationId.eq(c.id))
        .order_by_asc(clarification_response::Column::Id)
        .all(&state.db)
        .await?;
    let people = crate::backend::people::names_of(
        &state.db,
        responses
            .iter()
            .map(|r| r.filed_by)
            .chain([c.drafted_by])
            .chain([current.created_by]),
    )
    .await?;
    let response_ids: Vec<i32> = responses.iter().map(|r| r.id).collect();
    let mut cited = evidence::linked_to(&state.db, actor, RESPONSE_TARGET, &response_ids).await?;
    let evidence = evidence::linked_to(&state.db, actor, TARGET, &[c.id])
        .await?
        .remove(&c.id)
        .unwrap_or_default();
    let now = clock::now();
    let machine = state_of(&c)?;
    let acts_for_other = actor
        .party_id
        .is_some_and(|p| p != c.party_id && can(actor, Action::FileClarification(p)));
    let answered = actor
        .party_id
        .is_some_and(|p| responses.iter().any(|r| r.party_id == p));
    let new_version = match c.new_version_id {
        Some(v) => directive_version::Entity::find_by_id(v)
            .one(&state.db)
            .await?
            .map(|v| v.number),
        None => None,
    };
    let may_rule = can(actor, Action::RecordRuling)
        && machine
            .apply(ClarificationEvent::Rule(Ruling::Dismissed))
            .is_ok();
    let obliged = directives::obligations_of(&state.db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default()
        .iter()
        .map(|o| obligation_view(o, &names, current.deadline, now))
        .collect();
    Ok(ClarificationDetail {
        case: scope.summary(),
        row: row(&c, &names, version.number),
        directive_id: d.id,
        directive_label: d.label.clone(),
        version_text: version.text.clone(),
        question: c.question.clone(),
        grounds: c.grounds.clone(),
        proposed: c.proposed.clone(),
        drafted_by: people.get(&c.drafted_by).cloned().unwrap_or_default(),
        filed_at: c
            .filed_at
            .map(|t| {
                let verb = if c.lodged_at.is_some() { "lodged" } else { "filed" };
                state.act_and_record(verb, c.lodged_at, t)
            }),
        deadline: version.deadline.map(|t| state.format_time(t)),
        out_of_time: (c.out_of_time)
            .then(|| {
                Some(format!(
                    "Dismissed as out of time: the request was filed {}, after the deadline of {} set by directive {} (version {}).",
                    state.format_time(c.lodged_at.or(c.filed_at)?),
                    state.format_time(version.deadline?),
                    d.label,
                    version.number
                ))
            })
            .flatten(),
        cites: match c.report_id {
            Some(id) => crate::backend::reports::citations(state, actor, [id])
                .await?
                .remove(&id),
            None => None,
        },
        citable: if may_rule {
            crate::backend::reports::citable(state, actor, case_id, d.id).await?
        } else {
            Vec::new()
        },
        may_stamp: can(actor, Action::RecordRegistryFiling) && c.filed_at.is_some() && machine.is_pending(),
        responses_close_at: c.responses_close_at.map(|t| state.format_time(t)),
        responses_open: responses_open(&c, now),
        ruled_at: c
            .ruled_at
            .map(|t| state.act_and_record("ruled", Some(t), c.ruling_recorded_at.unwrap_or(t))),
        new_version,
        revision: c.revision,
        evidence,
        responses: responses
            .iter()
            .map(|r| ClarificationResponseView {
                party: names.get(&r.party_id).cloned().unwrap_or_default(),
                position: *r.position,
                body: r.body.clone(),
                filed_at: state.format_time(r.filed_at),
                filed_by: people.get(&r.filed_by).cloned().unwrap_or_default(),
                evidence: cited.remove(&r.id).unwrap_or_default(),
            })
            .collect(),
        may_file: can(actor, Action::FileClarification(c.party_id))
            && machine.apply(ClarificationEvent::File).is_ok(),
        may_withdraw: can(actor, Action::FileClarification(c.party_id))
            && machine.apply(ClarificationEvent::Withdraw).is_ok(),
        may_open: can(actor, Action::ManageClarification)
            && machine.apply(ClarificationEvent::OpenForResponses).is_ok(),
        may_respond: acts_for_other && !answered && responses_open(&c, now),
        may_rule,
        current: directives::version_view(state, &current, &people),
        current_obliged: obliged,
        parties: party_choices(&parties),
    })
}
