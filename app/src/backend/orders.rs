//! Court orders and their directives. The registry drafts an order from the signed order,
//! directive by directive; issuing it files it on the docket, notifies the parties and sets
//! every obligation running. After that a directive changes only through a new version
//! that says why, and earlier versions stay readable.

use super::audit::{self, Change};
use super::auth::{authorize, authorize_or_hide, internal};
use super::cases::{find_case, summary};
use super::docket::{self, Filing};
use super::entities::{directive, directive_version, obligation, order, party};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{
    DirectiveDetail, DirectiveSummary, ObligationView, OrderDetail, OrderList, OrderRow,
    PartyChoice, VersionView,
};
use chrono::{DateTime, Utc};
use domain::compliance::{ComplianceState, deadline_words, is_overdue};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::fields::long_text;
use domain::labels::DirectiveLabel;
use domain::orders::{OrderState, VersionReason};
use domain::{Action, Actor, FieldError, FieldErrors, can};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

const TITLE_MAX: usize = 300;
const BENCH_MAX: usize = 500;
const PREAMBLE_MAX: usize = 20_000;
const TEXT_MAX: usize = 20_000;
const LIMITS_MAX: usize = 2_000;
const OFFICE_MAX: usize = 200;
const THIRD_PARTY_MAX: usize = 200;
const THIRD_PARTIES_MAX: usize = 20;
const REASON_MAX: usize = 5_000;

/// Record kinds on the docket and in evidence ties.
pub mod targets {
    pub const ORDER: &str = "order";
    pub const DIRECTIVE: &str = "directive";
}

/// What the order form carries.
#[derive(Debug)]
pub struct OrderInput<'a> {
    pub title: &'a str,
    /// The court's local time, as a `datetime-local` input sends it.
    pub issued_at: &'a str,
    pub bench: &'a str,
    pub preamble: &'a str,
}

/// What a directive says and whom it binds: the fields a new version may change.
#[derive(Debug)]
pub struct Terms<'a> {
    pub text: &'a str,
    /// Keyed by party id: present (any value) for each obliged party.
    pub obliged: &'a HashMap<String, String>,
    /// Keyed by party id: the office responsible for the party's compliance.
    pub offices: &'a HashMap<String, String>,
    /// One name per line.
    pub third_parties: &'a str,
    pub window_opens: &'a str,
    pub deadline: &'a str,
    pub limits: &'a str,
    pub tier: &'a str,
}

/// Terms once every field has been checked.
#[derive(Debug)]
pub(crate) struct CheckedTerms {
    text: String,
    obliged: BTreeMap<i32, String>,
    third_parties: String,
    window_opens: Option<DateTime<Utc>>,
    deadline: Option<DateTime<Utc>>,
    limits: String,
    tier: SealingTier,
}

pub(crate) async fn parties_of(
    db: &impl ConnectionTrait,
    case_id: i32,
) -> AppResult<Vec<party::Model>> {
    party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .order_by_asc(party::Column::Id)
        .all(db)
        .await
        .map_err(internal)
}

pub(crate) fn party_choices(parties: &[party::Model]) -> Vec<PartyChoice> {
    parties
        .iter()
        .map(|p| PartyChoice {
            id: p.id,
            short_name: p.short_name.clone(),
            name: p.name.clone(),
        })
        .collect()
}

fn required(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Option<String> {
    match long_text(field, label, raw, max) {
        Ok(Some(value)) => Some(value),
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

fn optional(errors: &mut FieldErrors, field: &str, label: &str, raw: &str, max: usize) -> String {
    errors
        .take(long_text(field, label, raw, max))
        .flatten()
        .unwrap_or_default()
}

/// Checks a directive's terms against the case's parties and the order's date.
pub(crate) fn check_terms(
    state: &AppState,
    parties: &[party::Model],
    issued_at: DateTime<Utc>,
    terms: &Terms<'_>,
    errors: &mut FieldErrors,
) -> Option<CheckedTerms> {
    let text = required(errors, "text", "The directive's text", terms.text, TEXT_MAX);
    let mut obliged = BTreeMap::new();
    let mut unknown = false;
    for key in terms.obliged.keys() {
        match key
            .parse::<i32>()
            .ok()
            .filter(|id| parties.iter().any(|p| p.id == *id))
        {
            Some(id) => {
                let office = terms.offices.get(key).map_or("", String::as_str);
                let field = format!("office[{id}]");
                let office = optional(errors, &field, "The office", office, OFFICE_MAX);
                obliged.insert(id, office);
            }
            None => unknown = true,
        }
    }
    if unknown {
        errors.push(FieldError::new(
            "obliged",
            "Only parties of this case can be obliged by its directives.",
        ));
    } else if obliged.is_empty() {
        errors.push(FieldError::new(
            "obliged",
            "Choose at least one party the directive obliges.",
        ));
    }
    let mut third_parties = Vec::new();
    for line in terms.third_parties.lines() {
        match long_text(
            "third_parties",
            "A third party's name",
            line,
            THIRD_PARTY_MAX,
        ) {
            Ok(Some(name)) if !name.contains('\n') => third_parties.push(name),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if third_parties.len() > THIRD_PARTIES_MAX {
        errors.push(FieldError::new(
            "third_parties",
            format!("At most {THIRD_PARTIES_MAX} third parties, one per line."),
        ));
    }
    let window_opens = errors
        .take(state.parse_court_time("window_opens", "The window's opening", terms.window_opens))
        .flatten();
    let deadline = errors
        .take(state.parse_court_time("deadline", "The deadline", terms.deadline))
        .flatten();
    let before_order = |at: DateTime<Utc>| at < issued_at;
    if deadline.is_some_and(before_order) {
        errors.push(FieldError::new(
            "deadline",
            format!(
                "The deadline is before the order was made ({}).",
                state.format_time(issued_at)
            ),
        ));
    }
    if window_opens.is_some_and(before_order) {
        errors.push(FieldError::new(
            "window_opens",
            format!(
                "The window opens before the order was made ({}).",
                state.format_time(issued_at)
            ),
        ));
    }
    match (window_opens, deadline) {
        (Some(opens), Some(closes)) if opens >= closes => errors.push(FieldError::new(
            "deadline",
            "The deadline must come after the window opens.",
        )),
        (Some(_), None) => errors.push(FieldError::new(
            "deadline",
            "A window needs a closing time: give the deadline too.",
        )),
        _ => {}
    }
    let limits = optional(errors, "limits", "Limits", terms.limits, LIMITS_MAX);
    let tier = errors.take(
        terms
            .tier
            .parse::<SealingTier>()
            .map_err(|_| FieldError::new("tier", "Choose who may read the directive.")),
    );
    match (text, tier) {
        (Some(text), Some(tier)) if errors.is_empty() => Some(CheckedTerms {
            text,
            obliged,
            third_parties: third_parties.join("\n"),
            window_opens,
            deadline,
            limits,
            tier,
        }),
        _ => None,
    }
}

/// Whether `actor` may read a directive version that obliges `obliged`.
pub(crate) fn may_see(actor: &Actor, version: &directive_version::Model, obliged: &[i32]) -> bool {
    let tier = version.tier.parse().unwrap_or(SealingTier::CourtOnly);
    can(
        actor,
        Action::SeeDirective {
            tier,
            obliges_actor: actor.party_id.is_some_and(|p| obliged.contains(&p)),
        },
    )
}

/// Loads an order of the case that `actor` may know exists: issued orders for every
/// member, drafts only for those who record orders.
async fn visible_order(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
) -> AppResult<order::Model> {
    let o = order::Entity::find_by_id(order_id)
        .filter(order::Column::CaseId.eq(case_id))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if o.state == OrderState::Issued.as_str() || can(actor, Action::RecordOrder) {
        Ok(o)
    } else {
        Err(AppError::NotFound)
    }
}

fn parse_revision(raw: &str) -> AppResult<i32> {
    raw.trim().parse().map_err(|_| AppError::BadRequest)
}

/// Moves a draft order to its next revision if it is still at `expected`.
async fn bump_order(txn: &impl ConnectionTrait, order_id: i32, expected: i32) -> AppResult<()> {
    let updated = order::Entity::update_many()
        .col_expr(
            order::Column::Revision,
            Expr::col(order::Column::Revision).add(1),
        )
        .filter(order::Column::Id.eq(order_id))
        .filter(order::Column::Revision.eq(expected))
        .exec(txn)
        .await
        .map_err(internal)?;
    if updated.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}

/// A draft order as the form saw it: refused once issued (its directives then change only by
/// new versions), and as stale when someone changed the draft after the form was opened.
async fn draft_at(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
    order_revision: &str,
) -> AppResult<(order::Model, i32)> {
    let expected = parse_revision(order_revision)?;
    let o = visible_order(&state.db, actor, case_id, order_id).await?;
    if o.state != OrderState::Draft.as_str() {
        return Err(AppError::invalid(
            "order",
            "The order has been issued: its directives change only through a new version.",
        ));
    }
    if o.revision != expected {
        return Err(AppError::Stale);
    }
    Ok((o, expected))
}

pub async fn list(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<OrderList> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let c = find_case(state, case_id).await?;
    let may_record = can(actor, Action::RecordOrder);
    let mut query = order::Entity::find().filter(order::Column::CaseId.eq(case_id));
    if !may_record {
        query = query.filter(order::Column::State.eq(OrderState::Issued.as_str()));
    }
    let orders = query
        .order_by_asc(order::Column::IssuedAt)
        .order_by_asc(order::Column::Id)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let mut rows = Vec::with_capacity(orders.len());
    for o in orders {
        let directives = directive::Entity::find()
            .filter(directive::Column::OrderId.eq(o.id))
            .count(&state.db)
            .await
            .map_err(internal)?;
        rows.push(OrderRow {
            id: o.id,
            title: o.title,
            issued_at: state.format_time(o.issued_at),
            state: o.state.parse().unwrap_or(OrderState::Draft),
            directives,
        });
    }
    Ok(OrderList {
        case: summary(state, &c, actor.case_role),
        orders: rows,
        may_record,
    })
}

/// Records a draft order. Nobody but the court sees it until it is issued.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: OrderInput<'_>,
) -> AppResult<order::Model> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordOrder)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let c = find_case(state, case_id).await?;
    let mut errors = FieldErrors::default();
    let title = required(&mut errors, "title", "Title", input.title, TITLE_MAX);
    let issued_at = match state.parse_court_time("issued_at", "When it was made", input.issued_at) {
        Ok(Some(at)) => Some(at),
        Ok(None) => {
            errors.push(FieldError::new(
                "issued_at",
                "When it was made is required.",
            ));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if issued_at.is_some_and(|at| at > Utc::now()) {
        errors.push(FieldError::new(
            "issued_at",
            "An order cannot be recorded before the court makes it.",
        ));
    }
    let bench = required(&mut errors, "bench", "Bench", input.bench, BENCH_MAX);
    let preamble = optional(
        &mut errors,
        "preamble",
        "Preamble",
        input.preamble,
        PREAMBLE_MAX,
    );
    let (Some(title), Some(issued_at), Some(bench), true) =
        (title, issued_at, bench, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let created = order::ActiveModel {
        case_id: Set(c.id),
        title: Set(title),
        issued_at: Set(issued_at),
        bench: Set(bench),
        preamble: Set(preamble),
        state: Set(OrderState::Draft.as_str().to_owned()),
        revision: Set(1),
        recorded_by: Set(user_id),
        recorded_at: Set(Utc::now()),
        filed_by: Set(None),
        filed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.id),
            action: "order.draft",
            subject: format!("order:{}", created.id),
            details: json!({
                "title": created.title,
                "issued_at": created.issued_at.to_rfc3339(),
                "bench": created.bench,
                "preamble": created.preamble,
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

/// Inserts a directive version and one obligation per obliged party. With `carry_from`,
/// each party obliged before keeps its compliance state and reason; everyone else starts
/// pending.
async fn insert_version(
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
    let now = Utc::now();
    let version = directive_version::ActiveModel {
        directive_id: Set(directive_id),
        number: Set(number),
        text: Set(terms.text.clone()),
        window_opens: Set(terms.window_opens),
        deadline: Set(terms.deadline),
        limits: Set(terms.limits.clone()),
        third_parties: Set(terms.third_parties.clone()),
        tier: Set(terms.tier.as_str().to_owned()),
        reason: Set(reason.as_str().to_owned()),
        reason_note: Set(reason_note),
        source_kind: Set(source.map(|(kind, _)| kind.to_owned())),
        source_id: Set(source.map(|(_, id)| id)),
        carries_compliance: Set(carry_from.is_some()),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(internal)?;
    let carried: HashMap<i32, obligation::Model> = match carry_from {
        Some(previous) => obligation::Entity::find()
            .filter(obligation::Column::VersionId.eq(previous))
            .all(txn)
            .await
            .map_err(internal)?
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
                state: Set(
                    before.map_or(ComplianceState::Pending.as_str().to_owned(), |o| {
                        o.state.clone()
                    }),
                ),
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
        .await
        .map_err(internal)?;
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

/// Adds a directive to a draft order. `order_revision` is the revision the form was opened
/// on: a draft changed meanwhile refuses it.
pub async fn add_directive(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
    order_revision: &str,
    label: &str,
    terms: Terms<'_>,
) -> AppResult<directive::Model> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordOrder)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let mut errors = FieldErrors::default();
    let label = errors.take(DirectiveLabel::parse("label", label));
    let checked = check_terms(state, &parties, o.issued_at, &terms, &mut errors);
    let (Some(label), Some(checked)) = (label, checked) else {
        return Err(errors.into());
    };
    let duplicate = FieldError::new(
        "label",
        format!("The order already has a directive {label}."),
    );
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    bump_order(&txn, o.id, expected).await?;
    let exists = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .filter(directive::Column::Label.eq(label.as_str()))
        .count(&txn)
        .await
        .map_err(internal)?;
    if exists > 0 {
        return Err(FieldErrors::from(duplicate).into());
    }
    let created = directive::ActiveModel {
        case_id: Set(case_id),
        order_id: Set(o.id),
        label: Set(label.as_str().to_owned()),
        label_sort: Set(label.sort_key()),
        current_version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| super::accounts::unique_violation_or_internal(e, "label", &duplicate.message))?;
    insert_version(
        &txn,
        &created,
        1,
        &checked,
        (VersionReason::Issued, String::new(), None),
        None,
        user_id,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

/// Takes a directive out of a draft order (one recorded by mistake). Nothing can refer to
/// it yet: responses and requests need an issued order.
pub async fn remove_directive(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
    order_revision: &str,
    directive_id: i32,
) -> AppResult<()> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordOrder)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let d = directive::Entity::find_by_id(directive_id)
        .filter(directive::Column::OrderId.eq(o.id))
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    bump_order(&txn, o.id, expected).await?;
    let versions: Vec<i32> = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .all(&txn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|v| v.id)
        .collect();
    obligation::Entity::delete_many()
        .filter(obligation::Column::VersionId.is_in(versions.iter().copied()))
        .exec(&txn)
        .await
        .map_err(internal)?;
    directive_version::Entity::delete_many()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    directive::Entity::delete_by_id(d.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(case_id),
            action: "order.remove_directive",
            subject: format!("order:{}", o.id),
            details: json!({ "directive": d.id, "label": d.label }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Issues a draft order: files it on the docket (which notifies every member allowed to see
/// it) and starts the clock on every obligation.
pub async fn issue(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
    order_revision: &str,
) -> AppResult<i32> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordOrder)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let count = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .count(&state.db)
        .await
        .map_err(internal)?;
    if count == 0 {
        return Err(AppError::invalid(
            "order",
            "Add the order's directives before issuing it.",
        ));
    }
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    bump_order(&txn, o.id, expected).await?;
    let now = Utc::now();
    order::Entity::update_many()
        .col_expr(
            order::Column::State,
            Expr::value(OrderState::Issued.as_str()),
        )
        .col_expr(order::Column::FiledBy, Expr::value(user_id))
        .col_expr(order::Column::FiledAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    // The order itself is public, as the court's orders are; directives sealed within it
    // stay sealed on their own pages and in the matrix.
    let entry = docket::file(
        &txn,
        Filing {
            case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: targets::ORDER,
            title: format!("Order: {} ({count} directives)", o.title),
            target_kind: targets::ORDER,
            target_id: o.id,
            sealing: Sealing {
                tier: SealingTier::Public,
                producer: Producer::Court,
            },
            notify_filer: false,
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(entry.number)
}

/// What a new version carries besides its terms.
#[derive(Debug)]
pub struct Revision<'a> {
    /// The version the form was opened on.
    pub expected_version: &'a str,
    pub reason: VersionReason,
    pub note: &'a str,
    /// Whether each party's compliance carries over to the new version.
    pub carry: bool,
    /// The record that made the change (a clarification request that was ruled on).
    pub source: Option<(&'a str, i32)>,
}

/// Gives a directive of an issued order a new version within `txn`, files it on the docket
/// and returns it. The caller has checked who may make the change and why.
pub(crate) async fn new_version(
    txn: &impl ConnectionTrait,
    state: &AppState,
    user_id: i32,
    d: &directive::Model,
    terms: &Terms<'_>,
    revision: Revision<'_>,
) -> AppResult<directive_version::Model> {
    let expected = parse_revision(revision.expected_version)?;
    let o = order::Entity::find_by_id(d.order_id)
        .one(txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    if o.state != OrderState::Issued.as_str() {
        return Err(AppError::invalid(
            "order",
            "The order is still a draft: change the directive before issuing it.",
        ));
    }
    let parties = parties_of(txn, d.case_id).await?;
    let mut errors = FieldErrors::default();
    let checked = check_terms(state, &parties, o.issued_at, terms, &mut errors);
    let note = required(
        &mut errors,
        "reason_note",
        "Why the directive changes",
        revision.note,
        REASON_MAX,
    );
    let (Some(checked), Some(note)) = (checked, note) else {
        return Err(errors.into());
    };
    let moved = directive::Entity::update_many()
        .col_expr(
            directive::Column::CurrentVersion,
            Expr::col(directive::Column::CurrentVersion).add(1),
        )
        .filter(directive::Column::Id.eq(d.id))
        .filter(directive::Column::CurrentVersion.eq(expected))
        .exec(txn)
        .await
        .map_err(internal)?;
    if moved.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    let previous = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .filter(directive_version::Column::Number.eq(expected))
        .one(txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let number = expected + 1;
    let version = insert_version(
        txn,
        d,
        number,
        &checked,
        (revision.reason, note, revision.source),
        revision.carry.then_some(previous.id),
        user_id,
    )
    .await?;
    // Parties obliged by either version hear of the change, even a sealed one.
    let filing_tier = checked
        .tier
        .min(previous.tier.parse().unwrap_or(SealingTier::CourtOnly));
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
                revision.reason.label().to_lowercase()
            ),
            target_kind: targets::DIRECTIVE,
            target_id: d.id,
            sealing: Sealing {
                tier: filing_tier,
                producer: Producer::Court,
            },
            notify_filer: false,
        },
    )
    .await?;
    Ok(version)
}

/// Why and on what a correction is made.
#[derive(Debug)]
pub struct Correction<'a> {
    /// The version the form was opened on.
    pub expected_version: &'a str,
    pub note: &'a str,
    pub carry: bool,
}

/// A correction of how the registry recorded a directive of an issued order.
pub async fn correct(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
    terms: Terms<'_>,
    correction: Correction<'_>,
) -> AppResult<directive_version::Model> {
    authorize_or_hide(actor, Action::ViewCase)?;
    authorize(actor, Action::RecordOrder)?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let (d, _) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let _writer = state.write_guard().await;
    let txn = state.db.begin().await.map_err(internal)?;
    let version = new_version(
        &txn,
        state,
        user_id,
        &d,
        &terms,
        Revision {
            expected_version: correction.expected_version,
            reason: VersionReason::Correction,
            note: correction.note,
            carry: correction.carry,
            source: None,
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(version)
}

/// The obligations of each version, by version id.
pub(crate) async fn obligations_of(
    db: &impl ConnectionTrait,
    version_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<obligation::Model>>> {
    let mut by_version: HashMap<i32, Vec<obligation::Model>> = HashMap::new();
    for o in obligation::Entity::find()
        .filter(obligation::Column::VersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(obligation::Column::PartyId)
        .all(db)
        .await
        .map_err(internal)?
    {
        by_version.entry(o.version_id).or_default().push(o);
    }
    Ok(by_version)
}

/// A directive of the case and its version in force, if `actor` may read it (its order is
/// issued, or the actor records orders, and its sealing allows).
pub(crate) async fn visible_directive(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
) -> AppResult<(directive::Model, directive_version::Model)> {
    let d = directive::Entity::find_by_id(directive_id)
        .filter(directive::Column::CaseId.eq(case_id))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    visible_order(db, actor, case_id, d.order_id).await?;
    let current = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .filter(directive_version::Column::Number.eq(d.current_version))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let obliged: Vec<i32> = obligations_of(db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default()
        .iter()
        .map(|o| o.party_id)
        .collect();
    if may_see(actor, &current, &obliged) {
        Ok((d, current))
    } else {
        Err(AppError::NotFound)
    }
}

/// The versions `actor` may read: each keeps its own sealing, so a version that was
/// court-only stays so after a later one is opened to the parties.
async fn readable_versions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    versions: Vec<directive_version::Model>,
) -> AppResult<Vec<directive_version::Model>> {
    let ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let obliged_by = obligations_of(db, &ids).await?;
    Ok(versions
        .into_iter()
        .filter(|v| {
            let obliged: Vec<i32> = obliged_by
                .get(&v.id)
                .map(|os| os.iter().map(|o| o.party_id).collect())
                .unwrap_or_default();
            may_see(actor, v, &obliged)
        })
        .collect())
}

pub(crate) fn version_view(
    state: &AppState,
    v: &directive_version::Model,
    names: &HashMap<i32, String>,
) -> VersionView {
    VersionView {
        id: v.id,
        number: v.number,
        text: v.text.clone(),
        window_opens: v.window_opens.map(|t| state.format_time(t)),
        deadline: v.deadline.map(|t| state.format_time(t)),
        limits: v.limits.clone(),
        third_parties: v
            .third_parties
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        tier: v.tier.parse().unwrap_or(SealingTier::CourtOnly),
        reason: v.reason.parse().unwrap_or(VersionReason::Issued),
        reason_note: v.reason_note.clone(),
        carries_compliance: v.carries_compliance,
        created_at: state.format_time(v.created_at),
        created_by: names.get(&v.created_by).cloned().unwrap_or_default(),
        source: v.source_kind.clone().zip(v.source_id),
        window_opens_input: v
            .window_opens
            .map(|t| state.input_time(t))
            .unwrap_or_default(),
        deadline_input: v.deadline.map(|t| state.input_time(t)).unwrap_or_default(),
    }
}

pub(crate) fn obligation_view(
    o: &obligation::Model,
    parties: &HashMap<i32, String>,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ObligationView {
    let state = o.state.parse().unwrap_or(ComplianceState::Pending);
    let overdue = deadline.is_some_and(|d| is_overdue(state, d.timestamp(), now.timestamp()));
    ObligationView {
        id: o.id,
        party_id: o.party_id,
        party: parties.get(&o.party_id).cloned().unwrap_or_default(),
        office: o.office.clone(),
        state,
        reason: o.reason.clone(),
        revision: o.revision,
        deadline_words: deadline
            .filter(|_| state.awaits_party() || state == ComplianceState::ClaimedComplied)
            .map(|d| deadline_words(d.timestamp(), now.timestamp())),
        overdue,
    }
}

pub async fn detail(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
) -> AppResult<OrderDetail> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let c = find_case(state, case_id).await?;
    let o = visible_order(&state.db, actor, case_id, order_id).await?;
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .order_by_asc(directive::Column::LabelSort)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let versions: HashMap<i32, directive_version::Model> = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(directives.iter().map(|d| d.id)))
        .all(&state.db)
        .await
        .map_err(internal)?
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
    let party_names: HashMap<i32, String> = parties
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect();
    let names =
        super::accounts::names_of(&state.db, versions.values().map(|v| v.created_by)).await?;
    let now = Utc::now();
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
    Ok(OrderDetail {
        case: summary(state, &c, actor.case_role),
        id: o.id,
        title: o.title,
        issued_at: state.format_time(o.issued_at),
        bench: o.bench,
        preamble: o.preamble,
        state: o.state.parse().unwrap_or(OrderState::Draft),
        revision: o.revision,
        directives: shown,
        parties: party_choices(&parties),
        may_record: can(actor, Action::RecordOrder),
    })
}

pub async fn directive_detail(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
) -> AppResult<DirectiveDetail> {
    authorize_or_hide(actor, Action::ViewCase)?;
    let c = find_case(state, case_id).await?;
    let (d, current) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let o = order::Entity::find_by_id(d.order_id)
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let versions = readable_versions(
        &state.db,
        actor,
        directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .order_by_asc(directive_version::Column::Number)
            .all(&state.db)
            .await
            .map_err(internal)?,
    )
    .await?;
    let names = super::accounts::names_of(&state.db, versions.iter().map(|v| v.created_by)).await?;
    let parties = parties_of(&state.db, case_id).await?;
    let party_names: HashMap<i32, String> = parties
        .iter()
        .map(|p| (p.id, p.short_name.clone()))
        .collect();
    let now = Utc::now();
    let obligations = obligations_of(&state.db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default()
        .iter()
        .map(|o| obligation_view(o, &party_names, current.deadline, now))
        .collect();
    let version_ids: Vec<i32> = versions.iter().map(|v| v.id).collect();
    let responses = super::responses::rows_for_versions(state, actor, &version_ids).await?;
    Ok(DirectiveDetail {
        case: summary(state, &c, actor.case_role),
        id: d.id,
        label: d.label,
        order_id: o.id,
        order_title: o.title,
        order_state: o.state.parse().unwrap_or(OrderState::Draft),
        current: version_view(state, &current, &names),
        versions: versions
            .iter()
            .map(|v| version_view(state, v, &names))
            .collect(),
        obligations,
        responses,
        parties: party_choices(&parties),
        may_assess: can(actor, Action::AssessCompliance),
        may_excuse: can(actor, Action::RecordRuling),
        may_respond: can(actor, Action::FileResponse(Producer::Court))
            || actor
                .party_id
                .is_some_and(|p| can(actor, Action::FileResponse(Producer::Party(p)))),
        may_ask: actor
            .party_id
            .is_some_and(|p| can(actor, Action::FileClarification(p))),
        may_correct: can(actor, Action::RecordOrder),
        clarifications: super::clarifications::rows_for_versions(state, actor, &version_ids)
            .await?,
    })
}

/// Compares two versions of a directive: the text word by word (`similar`), and every other
/// term side by side. Either version may be any of the directive's, in either order.
pub async fn compare(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    directive_id: i32,
    from: i32,
    to: i32,
) -> AppResult<crate::model::VersionDiff> {
    use crate::model::{DiffKind, DiffPart, FieldChange, VersionDiff};
    use similar::{ChangeTag, TextDiff};
    authorize_or_hide(actor, Action::ViewCase)?;
    let (d, _) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let versions = readable_versions(
        &state.db,
        actor,
        directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .filter(directive_version::Column::Number.is_in([from, to]))
            .all(&state.db)
            .await
            .map_err(internal)?,
    )
    .await?;
    let find = |n: i32| {
        versions
            .iter()
            .find(|v| v.number == n)
            .ok_or_else(|| AppError::invalid("version", format!("There is no version {n}.")))
    };
    let (old, new) = (find(from)?, find(to)?);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old.text.as_str(), new.text.as_str()).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DiffKind::Same,
            ChangeTag::Insert => DiffKind::Added,
            ChangeTag::Delete => DiffKind::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    let parts = grouped(parts);
    let names: HashMap<i32, String> = parties_of(&state.db, case_id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.short_name))
        .collect();
    let mut obligations = obligations_of(&state.db, &[old.id, new.id]).await?;
    let obliged = |id: i32, obligations: &mut HashMap<i32, Vec<obligation::Model>>| {
        obligations
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|o| {
                let party = names.get(&o.party_id).cloned().unwrap_or_default();
                if o.office.is_empty() {
                    party
                } else {
                    format!("{party} ({})", o.office)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let time =
        |t: Option<DateTime<Utc>>| t.map_or_else(|| "None".to_owned(), |t| state.format_time(t));
    let tier = |raw: &str| {
        raw.parse::<SealingTier>()
            .map_or_else(|_| raw.to_owned(), |t| t.label().to_owned())
    };
    let terms = [
        (
            "Obliged parties",
            obliged(old.id, &mut obligations),
            obliged(new.id, &mut obligations),
        ),
        (
            "Window opens",
            time(old.window_opens),
            time(new.window_opens),
        ),
        ("Deadline", time(old.deadline), time(new.deadline)),
        (
            "Third parties",
            old.third_parties.replace('\n', "; "),
            new.third_parties.replace('\n', "; "),
        ),
        ("Limits", old.limits.clone(), new.limits.clone()),
        ("Sealing", tier(&old.tier), tier(&new.tier)),
    ];
    let changes = terms
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect();
    Ok(VersionDiff {
        from,
        to,
        text: parts,
        changes,
    })
}

/// Joins changes separated only by spaces into one removed run and one added run, so a
/// reworded clause reads as "struck: old words / added: new words" rather than word pairs
/// alternating.
fn grouped(parts: Vec<crate::model::DiffPart>) -> Vec<crate::model::DiffPart> {
    use crate::model::{DiffKind, DiffPart};
    let mut out = Vec::new();
    let (mut removed, mut added, mut gap) = (String::new(), String::new(), String::new());
    let mut gap_unused = false;
    let flush = |out: &mut Vec<DiffPart>, removed: &mut String, added: &mut String| {
        for (kind, text) in [(DiffKind::Removed, removed), (DiffKind::Added, added)] {
            if !text.is_empty() {
                out.push(DiffPart {
                    kind,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for part in parts {
        let in_change = !(removed.is_empty() && added.is_empty());
        let side = match part.kind {
            DiffKind::Same if in_change && part.text.trim().is_empty() => {
                gap = part.text;
                gap_unused = true;
                continue;
            }
            DiffKind::Same => {
                flush(&mut out, &mut removed, &mut added);
                let lead = if gap_unused {
                    std::mem::take(&mut gap)
                } else {
                    String::new()
                };
                gap_unused = false;
                out.push(DiffPart {
                    kind: DiffKind::Same,
                    text: lead + &part.text,
                });
                continue;
            }
            DiffKind::Removed => &mut removed,
            DiffKind::Added => &mut added,
        };
        if !side.is_empty() {
            side.push_str(&gap);
        }
        gap_unused = false;
        side.push_str(&part.text);
    }
    flush(&mut out, &mut removed, &mut added);
    if gap_unused {
        out.push(DiffPart {
            kind: DiffKind::Same,
            text: gap,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;
    use crate::model::{DiffKind, DiffPart};

    fn part(kind: DiffKind, text: &str) -> DiffPart {
        DiffPart {
            kind,
            text: text.to_owned(),
        }
    }

    #[test]
    fn reworded_clauses_read_as_one_struck_and_one_added_run() {
        use DiffKind::*;
        let parts = vec![
            part(Same, "access to the servers, which "),
            part(Removed, "shall"),
            part(Added, "the"),
            part(Same, " "),
            part(Removed, "be"),
            part(Added, "Form"),
            part(Same, " "),
            part(Removed, "imaged."),
            part(Added, "logs."),
            part(Same, " Under supervision."),
        ];
        assert_eq!(
            grouped(parts),
            vec![
                part(Same, "access to the servers, which "),
                part(Removed, "shall be imaged."),
                part(Added, "the Form logs."),
                part(Same, " Under supervision."),
            ]
        );
    }
}
