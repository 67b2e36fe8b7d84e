//! Drafting an order: the registry records it from the signed order, adds and removes
//! directives, and issues it, which files it on the docket and starts every deadline. Only
//! the court sees a draft.

use super::terms::{Terms, check_terms};
use super::versions::{insert_version, offices_of, same_terms};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::directives::targets;
use crate::backend::directives::{parties_of, visible_order};
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{directive, directive_version, obligation, order};
use crate::backend::revision;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::evidence::SealingTier;
use domain::fields::{optional_text, required_text};
use domain::labels::DirectiveLabel;
use domain::orders::{OrderState, VersionReason};
use domain::{Action, Actor, FieldError, FieldErrors};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

const TITLE_MAX: usize = 300;
const BENCH_MAX: usize = 500;
const PREAMBLE_MAX: usize = 20_000;

/// What the order form carries.
#[derive(Debug)]
pub struct OrderInput<'a> {
    pub title: &'a str,
    /// The court's local time, as a `datetime-local` input sends it.
    pub issued_at: &'a str,
    pub bench: &'a str,
    pub preamble: &'a str,
    /// When the Registrar's report on the scrutiny is due, in the court's time; empty when
    /// the order asks for none.
    pub report_due: &'a str,
}

/// Moves a draft order on if it is still at the revision the form saw.
async fn bump_order(txn: &impl ConnectionTrait, order_id: i32, seen: i32) -> AppResult<()> {
    let update = order::Entity::update_many().filter(order::Column::Id.eq(order_id));
    revision::advance(txn, update, order::Column::Revision, seen).await
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
    let expected = revision::parse(order_revision)?;
    let o = visible_order(&state.db, actor, case_id, order_id).await?;
    if *o.state != OrderState::Draft {
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

/// Records a draft order. Nobody but the court sees it until it is issued.
pub async fn record(scope: &CaseScope, input: OrderInput<'_>) -> AppResult<order::Model> {
    let (state, actor, _) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let user_id = scope.user_id;
    let c = &scope.case;
    let mut errors = FieldErrors::default();
    let title = required_text(&mut errors, "title", "Title", input.title, TITLE_MAX);
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
    if issued_at.is_some_and(|at| at > clock::now()) {
        errors.push(FieldError::new(
            "issued_at",
            "An order cannot be recorded before the court makes it.",
        ));
    }
    let report_due_at = match state.parse_court_time(
        "report_due",
        "When the Registrar's report is due",
        input.report_due,
    ) {
        Ok(due) => due,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if let (Some(due), Some(made)) = (report_due_at, issued_at)
        && due <= made
    {
        errors.push(FieldError::new(
            "report_due",
            "The report cannot be due before the order is made.",
        ));
    }
    let bench = required_text(&mut errors, "bench", "Bench", input.bench, BENCH_MAX);
    let preamble = optional_text(
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
    let txn = state.write().await?;
    let created = order::ActiveModel {
        case_id: Set(c.id),
        title: Set(title),
        issued_at: Set(issued_at),
        bench: Set(bench),
        preamble: Set(preamble),
        state: Set(OrderState::Draft.into()),
        revision: Set(1),
        recorded_by: Set(user_id),
        recorded_at: Set(clock::now()),
        filed_by: Set(None),
        filed_at: Set(None),
        report_due_at: Set(report_due_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
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
                "report_due_at": created.report_due_at.map(|t| t.to_rfc3339()),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Adds a directive to a draft order. `order_revision` is the revision the form was opened
/// on: a draft changed meanwhile refuses it.
pub async fn add_directive(
    scope: &CaseScope,
    order_id: i32,
    order_revision: &str,
    label: &str,
    terms: Terms<'_>,
) -> AppResult<directive::Model> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let user_id = scope.user_id;
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
    let txn = state.write().await?;
    bump_order(&txn, o.id, expected).await?;
    let exists = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .filter(directive::Column::Label.eq(label.as_str()))
        .count(&txn)
        .await?;
    if exists > 0 {
        return Err(FieldErrors::from(duplicate).into());
    }
    let created = directive::ActiveModel {
        case_id: Set(case_id),
        order_id: Set(o.id),
        label: Set(label.as_str().to_owned()),
        label_sort: Set(label.sort_key()),
        current_version: Set(1),
        created_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        crate::backend::db::unique_violation_or_internal(e, "label", &duplicate.message)
    })?;
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
    txn.commit().await?;
    Ok(created)
}

/// Edits a directive of a draft order in place: its label and terms. A draft has no
/// history anyone relies on, so its one version is replaced; the audit chain keeps both.
pub async fn edit_directive(
    scope: &CaseScope,
    order_id: i32,
    order_revision: &str,
    directive_id: i32,
    label: &str,
    terms: Terms<'_>,
) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let d = directive::Entity::find_by_id(directive_id)
        .filter(directive::Column::OrderId.eq(o.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let parties = parties_of(&state.db, case_id).await?;
    let mut errors = FieldErrors::default();
    let label = errors.take(DirectiveLabel::parse("label", label));
    let checked = check_terms(state, &parties, o.issued_at, &terms, &mut errors);
    let (Some(label), Some(checked)) = (label, checked) else {
        return Err(errors.into());
    };
    let txn = state.write().await?;
    bump_order(&txn, o.id, expected).await?;
    let taken = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .filter(directive::Column::Label.eq(label.as_str()))
        .filter(directive::Column::Id.ne(d.id))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(AppError::invalid(
            "label",
            format!("The order already has a directive {label}."),
        ));
    }
    let version = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let before = offices_of(&txn, version.id).await?;
    if label.as_str() == d.label && same_terms(&checked, &version, &before) {
        return Err(AppError::invalid(
            "text",
            "Nothing would change: change the number or a term, or leave the directive as it is.",
        ));
    }
    obligation::Entity::delete_many()
        .filter(obligation::Column::VersionId.eq(version.id))
        .exec(&txn)
        .await?;
    directive_version::Entity::delete_by_id(version.id)
        .exec(&txn)
        .await?;
    directive::Entity::update_many()
        .col_expr(directive::Column::Label, Expr::value(label.as_str()))
        .col_expr(directive::Column::LabelSort, Expr::value(label.sort_key()))
        .filter(directive::Column::Id.eq(d.id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(case_id),
            action: "order.edit_directive",
            subject: format!("order:{}", o.id),
            details: json!({ "directive": d.id, "label_was": d.label, "label": label.as_str() }),
        },
    )
    .await?;
    insert_version(
        &txn,
        &d,
        1,
        &checked,
        (VersionReason::Issued, String::new(), None),
        None,
        scope.user_id,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a draft's directive with its version and obligations. Only for drafts: nothing
/// can refer to them yet (responses and requests need an issued order).
async fn delete_draft_directive(txn: &impl ConnectionTrait, directive_id: i32) -> AppResult<()> {
    let versions: Vec<i32> = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    obligation::Entity::delete_many()
        .filter(obligation::Column::VersionId.is_in(versions.iter().copied()))
        .exec(txn)
        .await?;
    directive_version::Entity::delete_many()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .exec(txn)
        .await?;
    directive::Entity::delete_by_id(directive_id)
        .exec(txn)
        .await?;
    Ok(())
}

/// Discards a draft order recorded by mistake, with its directives. It was never filed or
/// seen outside the court; the audit chain keeps what was discarded and by whom.
pub async fn discard(scope: &CaseScope, order_id: i32, order_revision: &str) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let txn = state.write().await?;
    bump_order(&txn, o.id, expected).await?;
    let directives = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .all(&txn)
        .await?;
    for d in &directives {
        delete_draft_directive(&txn, d.id).await?;
    }
    order::Entity::delete_by_id(o.id).exec(&txn).await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(case_id),
            action: "order.discard",
            subject: format!("order:{}", o.id),
            details: json!({
                "title": o.title,
                "directives": directives.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes a directive out of a draft order (one recorded by mistake). Nothing can refer to
/// it yet: responses and requests need an issued order.
pub async fn remove_directive(
    scope: &CaseScope,
    order_id: i32,
    order_revision: &str,
    directive_id: i32,
) -> AppResult<()> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let user_id = scope.user_id;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let d = directive::Entity::find_by_id(directive_id)
        .filter(directive::Column::OrderId.eq(o.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = state.write().await?;
    bump_order(&txn, o.id, expected).await?;
    delete_draft_directive(&txn, d.id).await?;
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
    txn.commit().await?;
    Ok(())
}

/// Issues a draft order: files it on the docket (which notifies every member allowed to see
/// it) and starts the clock on every obligation.
pub async fn issue(scope: &CaseScope, order_id: i32, order_revision: &str) -> AppResult<i32> {
    let (state, actor, case_id) = scope.parts();
    authorize(actor, Action::RecordOrder)?;
    let user_id = scope.user_id;
    let (o, expected) = draft_at(state, actor, case_id, order_id, order_revision).await?;
    let count = directive::Entity::find()
        .filter(directive::Column::OrderId.eq(o.id))
        .count(&state.db)
        .await?;
    if count == 0 {
        return Err(AppError::invalid(
            "order",
            "This order has no directives yet: add them before issuing it.",
        ));
    }
    let txn = state.write().await?;
    bump_order(&txn, o.id, expected).await?;
    let now = clock::now();
    order::Entity::update_many()
        .col_expr(
            order::Column::State,
            Expr::value(OrderState::Issued.as_str()),
        )
        .col_expr(order::Column::FiledBy, Expr::value(user_id))
        .col_expr(order::Column::FiledAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .exec(&txn)
        .await?;
    // Each directive's first version is what the court made with the order, on its date.
    directive_version::Entity::update_many()
        .col_expr(directive_version::Column::ActedAt, Expr::value(o.issued_at))
        .filter(directive_version::Column::Number.eq(1))
        .filter(
            directive_version::Column::DirectiveId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(directive::Column::Id)
                    .from(directive::Entity)
                    .and_where(directive::Column::OrderId.eq(o.id))
                    .to_owned(),
            ),
        )
        .exec(&txn)
        .await?;
    // The order itself is public, as the court's orders are; directives sealed within it
    // stay sealed on their own pages and in the matrix.
    let entry = docket::file(
        &txn,
        Filing {
            case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: targets::ORDER,
            // No count: every member reads this title, and some directives may be sealed
            // from some of them.
            title: format!("Order: {}", o.title),
            target_kind: targets::ORDER,
            target_id: o.id,
            tier: SealingTier::Public,
            readers: Vec::new(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at: Some(o.issued_at),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(entry.number)
}
