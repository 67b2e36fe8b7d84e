//! Asking the court to clarify a directive: a draft quoting the disputed words, filed (or
//! withdrawn) by the party's counsel.

use super::steps::{
    TARGET, TEXT_MAX, audit_step, check, file_in, file_step, party_name, transition, visible,
};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::db::OrInternal;
use crate::backend::directives;
use crate::backend::entities::clarification;
use crate::backend::{evidence, revision};
use crate::error::{AppError, AppResult};
use domain::clarification::{ClarificationEvent, ClarificationState};
use domain::fields::required_text;
use domain::{Action, FieldErrors, quotes};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// What the request form carries.
#[derive(Debug)]
pub struct RequestInput<'a> {
    pub directive_id: i32,
    pub quote: &'a str,
    pub question: &'a str,
    pub grounds: &'a str,
    pub proposed: &'a str,
    pub exhibits: &'a str,
    /// File at once instead of keeping a draft.
    pub file_now: bool,
}

/// Drafts (and with `file_now`, files) a request against the version in force of a
/// directive, for the party the counsel acts for.
pub async fn request(
    scope: &CaseScope,
    input: RequestInput<'_>,
) -> AppResult<clarification::Model> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let party_id = actor.party_id.ok_or(AppError::Forbidden)?;
    authorize(actor, Action::FileClarification(party_id))?;
    let c = &scope.case;
    let (d, version) =
        match directives::visible_directive(&state.db, actor, case_id, input.directive_id).await {
            Ok(found) => found,
            Err(AppError::NotFound) => {
                return Err(AppError::invalid(
                    "directive",
                    "No such directive in this case.",
                ));
            }
            Err(other) => return Err(other),
        };
    if !directives::issued(&state.db, &d).await? {
        return Err(AppError::invalid(
            "directive",
            "No such directive in this case.",
        ));
    }
    let mut errors = FieldErrors::default();
    let range = errors.take(quotes::locate("quote", &version.text, input.quote));
    let question = required_text(
        &mut errors,
        "question",
        "The question",
        input.question,
        TEXT_MAX,
    );
    let grounds = required_text(
        &mut errors,
        "grounds",
        "The grounds",
        input.grounds,
        TEXT_MAX,
    );
    let proposed = required_text(
        &mut errors,
        "proposed",
        "The proposed interpretation",
        input.proposed,
        TEXT_MAX,
    );
    let cited =
        crate::backend::evidence::exhibits(&state.db, actor, case_id, input.exhibits, &mut errors)
            .await?;
    let (Some(range), Some(question), Some(grounds), Some(proposed), true) =
        (range, question, grounds, proposed, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let quote = version.text[range.clone()].to_owned();
    let to_i32 = |n: usize| i32::try_from(n).or_internal();

    let txn = state.write().await?;
    let now = clock::now();
    let created = clarification::ActiveModel {
        case_id: Set(c.id),
        version_id: Set(version.id),
        party_id: Set(party_id),
        drafted_by: Set(user_id),
        state: Set(ClarificationState::Draft.into()),
        quote: Set(quote),
        quote_start: Set(to_i32(range.start)?),
        quote_end: Set(to_i32(range.end)?),
        question: Set(question),
        grounds: Set(grounds),
        proposed: Set(proposed),
        responses_close_at: Set(None),
        ruling_text: Set(None),
        ruled_by: Set(None),
        ruled_at: Set(None),
        new_version_id: Set(None),
        revision: Set(1),
        created_at: Set(now),
        filed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    evidence::cite(&txn, actor, c.id, &cited, TARGET, created.id).await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.id),
            action: "clarification.draft",
            subject: format!("clarification:{}", created.id),
            details: json!({
                "version": version.id,
                "party": party_id,
                "quote": created.quote,
                "question": created.question,
                "grounds": created.grounds,
                "proposed": created.proposed,
                "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    let created = if input.file_now {
        file_in(&txn, user_id, &created, &d, &version).await?
    } else {
        created
    };
    txn.commit().await?;
    Ok(created)
}

/// Files a draft.
pub async fn file(scope: &CaseScope, id: i32, revision: &str) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    authorize(actor, Action::FileClarification(c.party_id))?;
    if revision::parse(revision)? != c.revision {
        return Err(AppError::Stale);
    }
    let txn = state.write().await?;
    file_in(&txn, user_id, &c, &d, &version).await?;
    txn.commit().await?;
    Ok(())
}

/// The filer's withdrawal.
pub async fn withdraw(scope: &CaseScope, id: i32, revision: &str) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    let user_id = scope.user_id;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    authorize(actor, Action::FileClarification(c.party_id))?;
    let was_filed = *c.state != ClarificationState::Draft;
    let (revision, to) = check(&c, revision, ClarificationEvent::Withdraw)?;
    let txn = state.write().await?;
    transition(&txn, &c, revision, to, Vec::new()).await?;
    audit_step(&txn, user_id, &c, "clarification.withdraw", json!({})).await?;
    if was_filed {
        let party = party_name(&txn, c.party_id).await?;
        file_step(
            &txn,
            user_id,
            &c,
            &version,
            Some(c.party_id),
            format!(
                "Request for clarification of directive {} withdrawn by {party}",
                d.label
            ),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The registry's stamp on a request lodged on paper before it was recorded here: when it
/// was lodged. Only the registry sets it (counsel cannot date their own filing back), on a
/// filed request the court has not ruled on; a request is in time or out of time by it.
pub async fn stamp(scope: &CaseScope, id: i32, revision: &str, lodged_at: &str) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordRegistryFiling)?;
    let (c, _, version) = visible(&state.db, actor, case_id, id).await?;
    let Some(filed_at) = c.filed_at else {
        return Err(AppError::invalid(
            "state",
            "The request is still a draft: there is no filing to stamp.",
        ));
    };
    if !c.state.is_pending() {
        return Err(AppError::invalid(
            "state",
            "The request is closed: when it was lodged can no longer change.",
        ));
    }
    let expected = revision::parse(revision)?;
    let made = version.acted_at.unwrap_or(version.created_at);
    let lodged = state
        .act_time(
            "lodged_at",
            "When it was lodged",
            lodged_at,
            Some((made, "the directive version it asks about was made")),
        )
        .map_err(FieldErrors::from)?
        .ok_or_else(|| {
            AppError::invalid("lodged_at", "Give when it was lodged at the registry.")
        })?;
    if lodged > filed_at {
        return Err(AppError::invalid(
            "lodged_at",
            format!(
                "It was recorded here on {}: it cannot have been lodged after that.",
                state.format_time(filed_at)
            ),
        ));
    }
    let txn = state.write().await?;
    let update = clarification::Entity::update_many()
        .col_expr(clarification::Column::LodgedAt, Expr::value(lodged))
        .filter(clarification::Column::Id.eq(c.id));
    revision::advance(&txn, update, clarification::Column::Revision, expected).await?;
    audit_step(
        &txn,
        scope.user_id,
        &c,
        "clarification.stamp",
        json!({ "lodged_at": lodged.to_rfc3339(), "was": c.lodged_at.map(|t| t.to_rfc3339()) }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
