//! Ties between evidence items and records (a response, a request, the case, a party):
//! making them, citing exhibits by code from a filing, and reading the items a reader may
//! see on a record.

use super::visibility::{NOTE_MAX, visible_item, visible_items};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::entities::{evidence_item, evidence_link, party};
use crate::backend::evidence;
use crate::error::{AppError, AppResult};
use crate::model::EvidenceRef;
use domain::evidence::Producer;
use domain::fields::long_text;
use domain::{Action, Actor, FieldError, FieldErrors};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// The kind of record an item can be tied to. Each workflow names its own (`order`,
/// `response`...) and checks its target exists before calling [`link`].
pub mod targets {
    pub const CASE: &str = "case";
    pub const PARTY: &str = "party";
}

/// What ties an item to a record.
#[derive(Debug)]
pub struct Link<'a> {
    pub case_id: i32,
    pub item_id: i32,
    pub target_kind: &'a str,
    pub target_id: i32,
    pub note: &'a str,
}

/// Ties an item to a record within `txn`. The workflow that owns the target has already
/// checked that it exists in the case and that `actor` may act on it; this checks the
/// item: that it is in the case, that the actor may see it and cite it.
pub async fn link(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    input: Link<'_>,
) -> AppResult<evidence_link::Model> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let item = visible_item(txn, actor, input.case_id, input.item_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::invalid("item", "No such evidence item in this case."),
            other => other,
        })?;
    // Anyone who may see an item may cite it in their own filings; tying it to the case or
    // its parties is for those who may record for its producer.
    let producer = Producer::from_party(item.producer_party_id);
    if matches!(input.target_kind, targets::CASE | targets::PARTY) {
        authorize(actor, Action::RecordEvidence(producer))?;
    }
    let note = long_text("note", "Note", input.note, NOTE_MAX)
        .map_err(FieldErrors::from)?
        .unwrap_or_default();
    let existing = evidence_link::Entity::find()
        .filter(evidence_link::Column::ItemId.eq(item.id))
        .filter(evidence_link::Column::TargetKind.eq(input.target_kind))
        .filter(evidence_link::Column::TargetId.eq(input.target_id))
        .count(txn)
        .await?;
    let already = format!("{} is already tied to this record.", item.code);
    if existing > 0 {
        return Err(AppError::invalid("item", already));
    }
    let created = evidence_link::ActiveModel {
        item_id: Set(item.id),
        target_kind: Set(input.target_kind.to_owned()),
        target_id: Set(input.target_id),
        note: Set(note),
        linked_by: Set(user_id),
        linked_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    // Two people tying the same item at once: the second is told, not shown a failure.
    .map_err(|e| crate::backend::db::unique_violation_or_internal(e, "item", &already))?;
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(input.case_id),
            action: "evidence.link",
            subject: format!("evidence:{}", item.id),
            details: json!({
                "target": format!("{}:{}", created.target_kind, created.target_id),
                "note": created.note,
            }),
        },
    )
    .await?;
    Ok(created)
}

/// Ties each of `items` to a filing that cites them (a response, a clarification request or
/// a response to one), within the filing's transaction.
pub async fn cite(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    items: &[evidence_item::Model],
    target_kind: &str,
    target_id: i32,
) -> AppResult<()> {
    for item in items {
        link(
            txn,
            actor,
            Link {
                case_id,
                item_id: item.id,
                target_kind,
                target_id,
                note: "",
            },
        )
        .await?;
    }
    Ok(())
}

/// Ties an item to the case itself or one of its parties, from the item's page.
pub async fn link_to_case_record(
    scope: &CaseScope,
    item_id: i32,
    target: &str,
    note: &str,
) -> AppResult<evidence_link::Model> {
    let (state, actor, case_id) = scope.parts();
    let (target_kind, target_id) = match target.split_once(':') {
        None if target == targets::CASE => (targets::CASE, case_id),
        Some((targets::PARTY, id)) => {
            let id = id.parse::<i32>().map_err(|_| AppError::BadRequest)?;
            let in_case = party::Entity::find_by_id(id)
                .filter(party::Column::CaseId.eq(case_id))
                .count(&state.db)
                .await?;
            if in_case == 0 {
                return Err(AppError::invalid("target", "Choose a party of this case."));
            }
            (targets::PARTY, id)
        }
        _ => {
            return Err(AppError::invalid(
                "target",
                "Choose the case or one of its parties.",
            ));
        }
    };
    let txn = state.write().await?;
    let created = link(
        &txn,
        actor,
        Link {
            case_id,
            item_id,
            target_kind,
            target_id,
            note,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The items tied to a record that `actor` may see, in code order. Other records show
/// their evidence through this, so sealing holds there too.
pub async fn linked_to(
    db: &impl ConnectionTrait,
    actor: &Actor,
    target_kind: &str,
    target_ids: &[i32],
) -> AppResult<HashMap<i32, Vec<EvidenceRef>>> {
    Ok(linked_to_records(db, actor, &[(target_kind, target_ids)])
        .await?
        .into_iter()
        .map(|((_, target), refs)| (target, refs))
        .collect())
}

/// `linked_to` for records of several kinds at once (a docket page's filings), in two
/// queries whatever the number of kinds, keyed by kind and record.
pub async fn linked_to_records(
    db: &impl ConnectionTrait,
    actor: &Actor,
    targets: &[(&str, &[i32])],
) -> AppResult<HashMap<(String, i32), Vec<EvidenceRef>>> {
    let mut any = sea_orm::Condition::any();
    for (kind, ids) in targets.iter().filter(|(_, ids)| !ids.is_empty()) {
        any = any.add(
            sea_orm::Condition::all()
                .add(evidence_link::Column::TargetKind.eq(*kind))
                .add(evidence_link::Column::TargetId.is_in(ids.iter().copied())),
        );
    }
    if any.is_empty() {
        return Ok(HashMap::new());
    }
    let links = evidence_link::Entity::find().filter(any).all(db).await?;
    let items: HashMap<i32, evidence_item::Model> = evidence_item::Entity::find()
        .filter(evidence_item::Column::Id.is_in(links.iter().map(|l| l.item_id)))
        .filter(visible_items(actor))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut by_target: HashMap<(String, i32), Vec<EvidenceRef>> = HashMap::new();
    for l in links {
        if let Some(item) = items.get(&l.item_id) {
            by_target
                .entry((l.target_kind, l.target_id))
                .or_default()
                .push(EvidenceRef {
                    id: item.id,
                    code: item.code.clone(),
                    title: item.title.clone(),
                });
        }
    }
    for refs in by_target.values_mut() {
        refs.sort_by(|a, b| a.code.cmp(&b.code));
    }
    Ok(by_target)
}

/// Exhibits one response may cite.
const CITES_MAX: usize = 200;

/// The register's items named by `raw` (exhibit codes), each one the reader may see.
/// Unknown and hidden codes get the same message, so a sealed item is not revealed.
pub(crate) async fn exhibits(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    raw: &str,
    errors: &mut FieldErrors,
) -> AppResult<Vec<evidence_item::Model>> {
    let codes: BTreeSet<String> = raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase)
        .collect();
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    if codes.len() > CITES_MAX {
        errors.push(FieldError::new(
            "exhibits",
            format!("At most {CITES_MAX} exhibits can be cited at once."),
        ));
        return Ok(Vec::new());
    }
    let found = evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .filter(evidence_item::Column::Code.is_in(codes.iter().cloned()))
        .filter(evidence::visible_items(actor))
        .all(db)
        .await?;
    let missing: Vec<&str> = codes
        .iter()
        .filter(|code| !found.iter().any(|i| &i.code == *code))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            "exhibits",
            format!(
                "Not in this case's register: {}. Cite exhibits by their codes, such as EXH-IEBC-004.",
                missing.join(", ")
            ),
        ));
    }
    Ok(found)
}
