//! Clarification requests: counsel ask the court what a directive version means, quoting
//! the disputed words; the registrar opens the request for the other parties' responses
//! until a set time; the court rules (clarified, varied, dismissed) or the filer withdraws.
//! Every step goes through `domain::clarification`'s state machine, is audited, and (from
//! filing on) is a docket entry with notices.

use super::audit::{self, Change};
use super::auth::{authorize, authorize_or_hide, internal};
use super::cases::{find_case, summary};
use super::docket::{self, Filing};
use super::entities::{
    clarification, clarification_response, directive, directive_version, order, party,
};
use super::evidence;
use super::orders::{self, Revision, Terms, obligation_view, parties_of, party_choices};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{ClarificationDetail, ClarificationResponseView, ClarificationRow};
use chrono::{DateTime, Utc};
use domain::clarification::{ClarificationEvent, ClarificationState, Ruling};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::fields::long_text;
use domain::orders::{OrderState, Position, VersionReason};
use domain::quotes;
use domain::{Action, Actor, FieldError, FieldErrors, can};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;

const TEXT_MAX: usize = 20_000;

pub const TARGET: &str = "clarification";
pub const RESPONSE_TARGET: &str = "clarification_response";

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

fn required(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<String> {
    match long_text(field, label, raw, TEXT_MAX) {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            errors.push(FieldError::new(field, format!("{label} is required.")));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn state_of(c: &clarification::Model) -> AppResult<ClarificationState> {
    c.state.parse().map_err(internal)
}

/// Whether `actor` may know of a request: its directive must be readable by them, and a
/// draft is its party's own until it is filed.
fn may_see(actor: &Actor, c: &clarification::Model, directive_readable: bool) -> bool {
    let filed = c.state != ClarificationState::Draft.as_str();
    let of_party = actor.party_id == Some(c.party_id)
        && actor
            .case_role
            .is_some_and(domain::CaseRole::acts_for_party);
    let sealing = Sealing {
        tier: SealingTier::Parties,
        producer: Producer::Party(c.party_id),
    };
    directive_readable && (of_party || (filed && can(actor, Action::See(sealing))))
}

/// A request of the case that `actor` may know of, with its directive.
async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    id: i32,
) -> AppResult<(
    clarification::Model,
    directive::Model,
    directive_version::Model,
)> {
    let c = clarification::Entity::find_by_id(id)
        .filter(clarification::Column::CaseId.eq(case_id))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let version = directive_version::Entity::find_by_id(c.version_id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let readable = orders::visible_directive(db, actor, case_id, version.directive_id).await;
    let (d, _) = match readable {
        Ok(found) => found,
        Err(AppError::NotFound) => return Err(AppError::NotFound),
        Err(other) => return Err(other),
    };
    if may_see(actor, &c, true) {
        Ok((c, d, version))
    } else {
        Err(AppError::NotFound)
    }
}

/// Moves a request to `to` if it is still at `revision` and in `from`; `changes` sets
/// further columns in the same update.
async fn transition(
    txn: &impl ConnectionTrait,
    c: &clarification::Model,
    revision: i32,
    to: ClarificationState,
    changes: Vec<(clarification::Column, Expr)>,
) -> AppResult<()> {
    let mut update = clarification::Entity::update_many()
        .col_expr(clarification::Column::State, Expr::value(to.as_str()))
        .col_expr(
            clarification::Column::Revision,
            Expr::col(clarification::Column::Revision).add(1),
        );
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    let updated = update
        .filter(clarification::Column::Id.eq(c.id))
        .filter(clarification::Column::Revision.eq(revision))
        .filter(clarification::Column::State.eq(c.state.as_str()))
        .exec(txn)
        .await
        .map_err(internal)?;
    if updated.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}

fn parse_revision(raw: &str) -> AppResult<i32> {
    raw.trim().parse().map_err(|_| AppError::BadRequest)
}

/// Checks an event against the state machine and the form's revision, before any write.
fn check(
    c: &clarification::Model,
    revision: &str,
    event: ClarificationEvent,
) -> AppResult<(i32, ClarificationState)> {
    let revision = parse_revision(revision)?;
    let to = state_of(c)?
        .apply(event)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    if revision != c.revision {
        return Err(AppError::Stale);
    }
    Ok((revision, to))
}

async fn party_name(db: &impl ConnectionTrait, party_id: i32) -> AppResult<String> {
    Ok(party::Entity::find_by_id(party_id)
        .one(db)
        .await
        .map_err(internal)?
        .map(|p| p.short_name)
        .unwrap_or_default())
}

/// Files a step of a request on the docket: parties material, or court-only with the
/// requesting party when the directive itself is sealed.
async fn file_step(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    version: &directive_version::Model,
    party_id: Option<i32>,
    title: String,
) -> AppResult<()> {
    let sealed = version.tier == SealingTier::CourtOnly.as_str();
    docket::file(
        txn,
        Filing {
            case_id: c.case_id,
            filed_by: Some(user_id),
            party_id,
            kind: TARGET,
            title,
            target_kind: TARGET,
            target_id: c.id,
            sealing: Sealing {
                tier: if sealed {
                    SealingTier::CourtOnly
                } else {
                    SealingTier::Parties
                },
                producer: Producer::Party(c.party_id),
            },
            notify_filer: false,
        },
    )
    .await?;
    Ok(())
}

/// Drafts (and with `file_now`, files) a request against the version in force of a
/// directive, for the party the counsel acts for.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: RequestInput<'_>,
) -> AppResult<clarification::Model> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let party_id = actor.party_id.ok_or(AppError::Forbidden)?;
    authorize(actor, Action::FileClarification(party_id))?;
    let c = find_case(state, case_id).await?;
    let (d, version) =
        match orders::visible_directive(&state.db, actor, case_id, input.directive_id).await {
            Ok(found) => found,
            Err(AppError::NotFound) => {
                return Err(AppError::invalid(
                    "directive",
                    "No such directive in this case.",
                ));
            }
            Err(other) => return Err(other),
        };
    let issued = order::Entity::find_by_id(d.order_id)
        .filter(order::Column::State.eq(OrderState::Issued.as_str()))
        .one(&state.db)
        .await
        .map_err(internal)?;
    if issued.is_none() {
        return Err(AppError::invalid(
            "directive",
            "No such directive in this case.",
        ));
    }
    let mut errors = FieldErrors::default();
    let range = errors.take(quotes::locate("quote", &version.text, input.quote));
    let question = required(&mut errors, "question", "The question", input.question);
    let grounds = required(&mut errors, "grounds", "The grounds", input.grounds);
    let proposed = required(
        &mut errors,
        "proposed",
        "The proposed interpretation",
        input.proposed,
    );
    let cited =
        super::responses::exhibits(&state.db, actor, case_id, input.exhibits, &mut errors).await?;
    let (Some(range), Some(question), Some(grounds), Some(proposed), true) =
        (range, question, grounds, proposed, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let quote = version.text[range.clone()].to_owned();
    let to_i32 = |n: usize| i32::try_from(n).map_err(internal);

    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let now = Utc::now();
    let created = clarification::ActiveModel {
        case_id: Set(c.id),
        version_id: Set(version.id),
        party_id: Set(party_id),
        drafted_by: Set(user_id),
        state: Set(ClarificationState::Draft.as_str().to_owned()),
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
    .await
    .map_err(internal)?;
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
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

async fn file_in(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    d: &directive::Model,
    version: &directive_version::Model,
) -> AppResult<clarification::Model> {
    let (revision, to) = check(c, &c.revision.to_string(), ClarificationEvent::File)?;
    let now = Utc::now();
    transition(
        txn,
        c,
        revision,
        to,
        vec![(clarification::Column::FiledAt, Expr::value(now))],
    )
    .await?;
    audit_step(txn, user_id, c, "clarification.file", json!({})).await?;
    let party = party_name(txn, c.party_id).await?;
    file_step(
        txn,
        user_id,
        c,
        version,
        Some(c.party_id),
        format!(
            "Request for clarification ({party}) of directive {}: “{}”",
            d.label, c.quote
        ),
    )
    .await?;
    clarification::Entity::find_by_id(c.id)
        .one(txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)
}

async fn audit_step(
    txn: &impl ConnectionTrait,
    user_id: i32,
    c: &clarification::Model,
    action: &'static str,
    details: serde_json::Value,
) -> AppResult<()> {
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.case_id),
            action,
            subject: format!("clarification:{}", c.id),
            details,
        },
    )
    .await?;
    Ok(())
}

/// Files a draft.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
    revision: &str,
) -> AppResult<()> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    authorize(actor, Action::FileClarification(c.party_id))?;
    if parse_revision(revision)? != c.revision {
        return Err(AppError::Stale);
    }
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    file_in(&txn, user_id, &c, &d, &version).await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// The filer's withdrawal.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
    revision: &str,
) -> AppResult<()> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    authorize(actor, Action::FileClarification(c.party_id))?;
    let was_filed = c.state != ClarificationState::Draft.as_str();
    let (revision, to) = check(&c, revision, ClarificationEvent::Withdraw)?;
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
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
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// The registrar opens a filed request for responses until `closes_at` (court's time), or
/// moves the closing time of an open one.
pub async fn open(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
    revision: &str,
    closes_at: &str,
) -> AppResult<()> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::ManageClarification)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let (revision, to) = check(&c, revision, ClarificationEvent::OpenForResponses)?;
    let closes = state
        .parse_court_time("closes_at", "The closing time", closes_at)
        .map_err(FieldErrors::from)?
        .ok_or_else(|| AppError::invalid("closes_at", "Set when responses close."))?;
    if c.filed_at.is_some_and(|filed| closes <= filed) {
        return Err(AppError::invalid(
            "closes_at",
            "Responses must close after the request was filed.",
        ));
    }
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    transition(
        &txn,
        &c,
        revision,
        to,
        vec![(clarification::Column::ResponsesCloseAt, Expr::value(closes))],
    )
    .await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.open",
        json!({ "closes_at": closes.to_rfc3339() }),
    )
    .await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        None,
        format!(
            "Responses to the request for clarification of directive {} invited until {}",
            d.label,
            state.format_time(closes)
        ),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Whether responses are taken at `now`.
fn responses_open(c: &clarification::Model, now: DateTime<Utc>) -> bool {
    c.state == ClarificationState::OpenForResponses.as_str()
        && c.responses_close_at.is_some_and(|t| now < t)
}

/// Another party's response: supports, opposes or takes no position.
pub async fn respond(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
    position: &str,
    body: &str,
    exhibits: &str,
) -> AppResult<clarification_response::Model> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let party_id = actor.party_id.ok_or(AppError::Forbidden)?;
    authorize(actor, Action::FileClarification(party_id))?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    if c.party_id == party_id {
        return Err(AppError::invalid(
            "position",
            "Your party made this request: the other parties respond to it.",
        ));
    }
    state_of(&c)?
        .apply(ClarificationEvent::Respond)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    let now = Utc::now();
    if !responses_open(&c, now) {
        let closed = c
            .responses_close_at
            .map(|t| state.format_time(t))
            .unwrap_or_default();
        return Err(AppError::invalid(
            "state",
            format!("Responses closed at {closed}."),
        ));
    }
    let mut errors = FieldErrors::default();
    let position = errors.take(
        position
            .parse::<Position>()
            .map_err(|_| FieldError::new("position", "Choose the party's position.")),
    );
    let body = required(&mut errors, "body", "The response", body);
    let cited =
        super::responses::exhibits(&state.db, actor, case_id, exhibits, &mut errors).await?;
    let (Some(position), Some(body), true) = (position, body, errors.is_empty()) else {
        return Err(errors.into());
    };
    let already = FieldError::new(
        "position",
        "Your party has already responded to this request.",
    );
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let created = clarification_response::ActiveModel {
        clarification_id: Set(c.id),
        party_id: Set(party_id),
        filed_by: Set(user_id),
        position: Set(position.as_str().to_owned()),
        body: Set(body),
        filed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| super::accounts::unique_violation_or_internal(e, "position", &already.message))?;
    evidence::cite(&txn, actor, case_id, &cited, RESPONSE_TARGET, created.id).await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.respond",
        json!({
            "party": party_id,
            "position": created.position,
            "body": created.body,
            "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let party = party_name(&txn, party_id).await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        Some(party_id),
        format!(
            "Response ({party}, {}) to the request for clarification of directive {}",
            position.label().to_lowercase(),
            d.label
        ),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

/// What a ruling carries: its text, and for a variation the directive's new terms.
#[derive(Debug)]
pub struct RulingInput<'a> {
    pub ruling: &'a str,
    pub text: &'a str,
    pub revision: &'a str,
    /// For a variation: the new terms, the version they replace, and whether compliance
    /// carries over.
    pub terms: Option<Terms<'a>>,
    pub directive_version: &'a str,
    pub carry: bool,
}

/// The court's ruling, recorded by a judge or the registrar.
pub async fn rule(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
    input: RulingInput<'_>,
) -> AppResult<ClarificationState> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordRuling)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let ruling = match input.ruling {
        "clarified" => Ruling::Clarified,
        "varied" => Ruling::Varied,
        "dismissed" => Ruling::Dismissed,
        _ => {
            return Err(AppError::invalid(
                "ruling",
                "Choose the ruling: clarified, varied or dismissed.",
            ));
        }
    };
    let (revision, to) = check(&c, input.revision, ClarificationEvent::Rule(ruling))?;
    let label = match ruling {
        Ruling::Clarified => "The clarification",
        Ruling::Varied => "The reasons for the variation",
        Ruling::Dismissed => "The reasons for dismissing it",
    };
    let text = match long_text("text", label, input.text, TEXT_MAX) {
        Ok(Some(t)) => t,
        Ok(None) => return Err(AppError::invalid("text", format!("{label} is required."))),
        Err(e) => return Err(FieldErrors::from(e).into()),
    };
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let now = Utc::now();
    let mut changes = vec![
        (clarification::Column::RulingText, Expr::value(text.clone())),
        (clarification::Column::RuledBy, Expr::value(user_id)),
        (clarification::Column::RuledAt, Expr::value(now)),
    ];
    let mut new_number = None;
    if ruling == Ruling::Varied {
        let terms = input.terms.ok_or(AppError::BadRequest)?;
        let created = orders::new_version(
            &txn,
            state,
            user_id,
            &d,
            &terms,
            Revision {
                expected_version: input.directive_version,
                reason: VersionReason::Ruling,
                note: &text,
                carry: input.carry,
                source: Some((TARGET, c.id)),
            },
        )
        .await?;
        new_number = Some(created.number);
        changes.push((clarification::Column::NewVersionId, Expr::value(created.id)));
    }
    transition(&txn, &c, revision, to, changes).await?;
    audit_step(
        &txn,
        user_id,
        &c,
        "clarification.rule",
        json!({ "ruling": to.as_str(), "text": text, "new_version": new_number }),
    )
    .await?;
    file_step(
        &txn,
        user_id,
        &c,
        &version,
        None,
        format!(
            "Ruling on the request for clarification of directive {}: {}",
            d.label,
            match new_number {
                Some(n) => format!("varied (version {n})"),
                None => to.label().trim_start_matches("Ruled: ").to_owned(),
            }
        ),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(to)
}

fn row(
    c: &clarification::Model,
    parties: &HashMap<i32, String>,
    version_number: i32,
) -> ClarificationRow {
    ClarificationRow {
        id: c.id,
        party: parties.get(&c.party_id).cloned().unwrap_or_default(),
        state: c.state.parse().unwrap_or(ClarificationState::Draft),
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
        .await
        .map_err(internal)?;
    let Some(first) = found.first() else {
        return Ok(Vec::new());
    };
    let parties: HashMap<i32, String> = parties_of(&state.db, first.case_id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let numbers: HashMap<i32, i32> = directive_version::Entity::find()
        .filter(directive_version::Column::Id.is_in(version_ids.iter().copied()))
        .all(&state.db)
        .await
        .map_err(internal)?
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

pub async fn detail(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    id: i32,
) -> AppResult<ClarificationDetail> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let case = find_case(state, case_id).await?;
    let (c, d, version) = visible(&state.db, actor, case_id, id).await?;
    let (_, current) = orders::visible_directive(&state.db, actor, case_id, d.id).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let names: HashMap<i32, String> = parties
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect();
    let responses = clarification_response::Entity::find()
        .filter(clarification_response::Column::ClarificationId.eq(c.id))
        .order_by_asc(clarification_response::Column::Id)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let people = super::accounts::names_of(
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
    let now = Utc::now();
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
            .await
            .map_err(internal)?
            .map(|v| v.number),
        None => None,
    };
    let obliged = orders::obligations_of(&state.db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default()
        .iter()
        .map(|o| obligation_view(o, &names, current.deadline, now))
        .collect();
    Ok(ClarificationDetail {
        case: summary(state, &case, actor.case_role),
        row: row(&c, &names, version.number),
        directive_id: d.id,
        directive_label: d.label.clone(),
        version_text: version.text.clone(),
        question: c.question.clone(),
        grounds: c.grounds.clone(),
        proposed: c.proposed.clone(),
        drafted_by: people.get(&c.drafted_by).cloned().unwrap_or_default(),
        filed_at: c.filed_at.map(|t| state.format_time(t)),
        responses_close_at: c.responses_close_at.map(|t| state.format_time(t)),
        responses_open: responses_open(&c, now),
        ruled_at: c.ruled_at.map(|t| state.format_time(t)),
        new_version,
        revision: c.revision,
        evidence,
        responses: responses
            .iter()
            .map(|r| ClarificationResponseView {
                party: names.get(&r.party_id).cloned().unwrap_or_default(),
                position: r.position.parse().unwrap_or(Position::NoPosition),
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
        may_rule: can(actor, Action::RecordRuling)
            && machine
                .apply(ClarificationEvent::Rule(Ruling::Dismissed))
                .is_ok(),
        current: orders::version_view(state, &current, &people),
        current_obliged: obliged,
        parties: party_choices(&parties),
    })
}
