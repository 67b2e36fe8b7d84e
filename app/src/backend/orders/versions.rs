//! Directive versions: the first, made with the draft, and every later one (a correction by
//! the registry, or a ruling), each saying why and whether compliance carries over.

use super::terms::{CheckedTerms, Terms, check_terms};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::directives::targets;
use crate::backend::directives::{obligations_of, parties_of, visible_directive};
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{directive, directive_version, obligation, order};
use crate::backend::revision;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use domain::compliance::ComplianceState;
use domain::fields::required_text;
use domain::orders::{OrderState, VersionReason};
use domain::{Action, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

const REASON_MAX: usize = 5_000;

/// Inserts a directive version and one obligation per obliged party. With `carry_from`,
/// each party obliged before keeps its compliance state and reason; everyone else starts
/// pending.
pub(super) async fn insert_version(
    txn: &impl ConnectionTrait,
    d: &directive::Model,
    number: i32,
    terms: &CheckedTerms,
    why: (VersionReason, String, Option<(&str, i32)>),
    carry_from: Option<i32>,
    user_id: i32,
) -> AppResult<directive_version::Model> {
    let (reason, reason_note, source) = why;
    let (case_id, directive_id) = (d.case_id, d.id);
    let now = clock::now();
    let version = directive_version::ActiveModel {
        directive_id: Set(directive_id),
        number: Set(number),
        text: Set(terms.text.clone()),
        window_opens: Set(terms.window_opens),
        deadline: Set(terms.deadline),
        limits: Set(terms.limits.clone()),
        agent_limit: Set(terms.agent_limit),
        third_parties: Set(terms.third_parties.clone()),
        tier: Set(terms.tier.into()),
        reason: Set(reason.into()),
        reason_note: Set(reason_note),
        source_kind: Set(source.map(|(kind, _)| kind.to_owned())),
        source_id: Set(source.map(|(_, id)| id)),
        carries_compliance: Set(carry_from.is_some()),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let carried: HashMap<i32, obligation::Model> = match carry_from {
        Some(previous) => obligation::Entity::find()
            .filter(obligation::Column::VersionId.eq(previous))
            .all(txn)
            .await?
            .into_iter()
            .map(|o| (o.party_id, o))
            .collect(),
        None => HashMap::new(),
    };
    let rows: Vec<obligation::ActiveModel> = terms
        .obliged
        .iter()
        .map(|(party_id, office)| {
            let before = carried.get(party_id);
            obligation::ActiveModel {
                case_id: Set(case_id),
                version_id: Set(version.id),
                party_id: Set(*party_id),
                office: Set(office.clone()),
                state: Set(before.map_or(ComplianceState::Pending.into(), |o| o.state)),
                reason: Set(before.map(|o| o.reason.clone()).unwrap_or_default()),
                revision: Set(1),
                updated_at: Set(now),
                updated_by: Set(Some(user_id)),
                latest_response_id: Set(before.and_then(|o| o.latest_response_id)),
                // Citations belong to responses to the earlier version.
                exhibits_all: Set(0),
                exhibits_parties: Set(0),
                exhibits_public: Set(0),
                ..Default::default()
            }
        })
        .collect();
    obligation::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(case_id),
            action: "directive.version",
            subject: format!("directive:{directive_id}:{number}"),
            details: json!({
                "text": version.text,
                "obliged": terms.obliged,
                "third_parties": version.third_parties,
                "window_opens": version.window_opens.map(|t| t.to_rfc3339()),
                "deadline": version.deadline.map(|t| t.to_rfc3339()),
                "limits": version.limits,
                "agent_limit": version.agent_limit,
                "tier": version.tier,
                "reason": version.reason,
                "reason_note": version.reason_note,
                "source": source.map(|(kind, id)| format!("{kind}:{id}")),
                "carries_compliance": version.carries_compliance,
            }),
        },
    )
    .await?;
    Ok(version)
}

/// What a new version carries besides its terms.
#[derive(Debug)]
pub struct VersionChange<'a> {
    /// The version the form was opened on.
    pub version: &'a str,
    pub reason: VersionReason,
    pub note: &'a str,
    /// Whether each party's compliance carries over to the new version.
    pub carry: bool,
    /// The record that made the change (a clarification request that was ruled on).
    pub source: Option<(&'a str, i32)>,
    /// When the court made the change, where that was before it is recorded (checked by
    /// the caller).
    pub acted_at: Option<DateTime<Utc>>,
}

/// Gives a directive of an issued order a new version within `txn`, files it on the docket
/// and returns it. The caller has checked who may make the change and why.
pub(crate) async fn new_version(
    txn: &impl ConnectionTrait,
    state: &AppState,
    user_id: i32,
    d: &directive::Model,
    terms: &Terms<'_>,
    change: VersionChange<'_>,
) -> AppResult<directive_version::Model> {
    let expected = revision::parse(change.version)?;
    let o = order::Entity::find_by_id(d.order_id)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    if *o.state != OrderState::Issued {
        return Err(AppError::invalid(
            "order",
            "The order is still a draft: change the directive before issuing it.",
        ));
    }
    let parties = parties_of(txn, d.case_id).await?;
    let mut errors = FieldErrors::default();
    let checked = check_terms(state, &parties, o.issued_at, terms, &mut errors);
    let note = required_text(
        &mut errors,
        "reason_note",
        "Why the directive changes",
        change.note,
        REASON_MAX,
    );
    let (Some(checked), Some(note)) = (checked, note) else {
        return Err(errors.into());
    };
    // A directive's revision is its version number.
    let update = directive::Entity::update_many().filter(directive::Column::Id.eq(d.id));
    revision::advance(txn, update, directive::Column::CurrentVersion, expected).await?;
    let previous = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .filter(directive_version::Column::Number.eq(expected))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let before = offices_of(txn, previous.id).await?;
    if same_terms(&checked, &previous, &before) {
        return Err(AppError::invalid(
            "text",
            format!(
                "Nothing would change: these are the terms of version {expected}. Change a term, or leave the directive as it stands."
            ),
        ));
    }
    let number = expected + 1;
    let version = insert_version(
        txn,
        d,
        number,
        &checked,
        (change.reason, note, change.source),
        change.carry.then_some(previous.id),
        user_id,
    )
    .await?;
    let version = match change.acted_at {
        Some(at) => {
            directive_version::Entity::update_many()
                .col_expr(directive_version::Column::ActedAt, Expr::value(at))
                .filter(directive_version::Column::Id.eq(version.id))
                .exec(txn)
                .await?;
            directive_version::Model {
                acted_at: Some(at),
                ..version
            }
        }
        None => version,
    };
    // Parties obliged by either version hear of the change, even a sealed one.
    let filing_tier = checked.tier.min(*previous.tier);
    let mut readers: Vec<i32> = checked.obliged.keys().copied().collect();
    readers.extend(before.keys().copied());
    docket::file(
        txn,
        Filing {
            case_id: d.case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: targets::DIRECTIVE,
            title: format!(
                "Directive {} of {}: version {number} ({})",
                d.label,
                o.title,
                change.reason.label().to_lowercase()
            ),
            target_kind: targets::DIRECTIVE,
            target_id: d.id,
            tier: filing_tier,
            readers,
            notify_filer: false,
            agents: Vec::new(),
            acted_at: change.acted_at,
        },
    )
    .await?;
    Ok(version)
}

/// Whom a version obliges: party to office responsible.
pub(super) async fn offices_of(
    txn: &impl ConnectionTrait,
    version_id: i32,
) -> AppResult<BTreeMap<i32, String>> {
    Ok(obligations_of(txn, &[version_id])
        .await?
        .into_values()
        .flatten()
        .map(|o| (o.party_id, o.office))
        .collect())
}

/// Whether checked terms are those of `previous` (obliging `before`, party to office): a new
/// version that changes nothing is refused.
pub(super) fn same_terms(
    checked: &CheckedTerms,
    previous: &directive_version::Model,
    before: &BTreeMap<i32, String>,
) -> bool {
    checked.text == previous.text
        && checked.window_opens == previous.window_opens
        && checked.deadline == previous.deadline
        && checked.limits == previous.limits
        && checked.agent_limit == previous.agent_limit
        && checked.third_parties == previous.third_parties
        && checked.tier == *previous.tier
        && &checked.obliged == before
}

/// Why and on what a correction is made.
#[derive(Debug)]
pub struct Correction<'a> {
    /// The version the form was opened on.
    pub version: &'a str,
    pub note: &'a str,
    pub carry: bool,
    /// When the court made the change, in the court's time; empty for now.
    pub acted_at: &'a str,
}

/// A correction of how the registry recorded a directive of an issued order.
pub async fn correct(
    scope: &CaseScope,
    directive_id: i32,
    terms: Terms<'_>,
    correction: Correction<'_>,
) -> AppResult<directive_version::Model> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let user_id = scope.user_id;
    let (d, _) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let made = order::Entity::find_by_id(d.order_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?
        .issued_at;
    let acted_at = state
        .act_time(
            "acted_at",
            "When the court made the correction",
            correction.acted_at,
            Some((made, "the order was made")),
        )
        .map_err(FieldErrors::from)?;
    let txn = state.write().await?;
    let version = new_version(
        &txn,
        state,
        user_id,
        &d,
        &terms,
        VersionChange {
            version: correction.version,
            reason: VersionReason::Correction,
            note: correction.note,
            carry: correction.carry,
            source: None,
            acted_at,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}
