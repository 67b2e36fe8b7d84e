//! The register itself: recording items under exhibit codes, the list with its filters and
//! keyset pages, and an item's page.

use super::custody::{CustodyLine, custody};
use super::links::targets;
use super::visibility::{sealing_of, visible_item, visible_items};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::directives::parties_of;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{custody_event, evidence_file, evidence_item, evidence_link, party};
use crate::backend::state::AppState;
use crate::backend::stations;
use crate::error::{AppError, AppResult};
use crate::model::{
    CustodyView, EvidenceDetail, EvidenceFilter, EvidenceList, EvidenceRow, FileView, LinkView,
    PartyChoice,
};
use domain::evidence::{
    COURT_PREFIX, CustodyKind, EvidenceKind, Producer, SealingTier, StationCode, exhibit_code,
};
use domain::fields::{EvidenceTitle, long_text};
use domain::{Action, Actor, FieldError, FieldErrors, can};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// Items per page of the register.
pub const PER_PAGE: u64 = 25;
const DESCRIPTION_MAX: usize = 5_000;

fn producer_name(parties: &HashMap<i32, party::Model>, party_id: Option<i32>) -> String {
    party_id
        .and_then(|id| parties.get(&id))
        .map_or_else(|| "Court".to_owned(), |p| p.short_name.clone())
}

fn row(
    state: &AppState,
    item: &evidence_item::Model,
    parties: &HashMap<i32, party::Model>,
    files: u64,
) -> Option<EvidenceRow> {
    Some(EvidenceRow {
        id: item.id,
        code: item.code.clone(),
        title: item.title.clone(),
        kind: Some(*item.kind)?,
        station_code: item.station_code.clone(),
        producer: producer_name(parties, item.producer_party_id),
        tier: Some(*item.tier)?,
        recorded_at: state.format_time(item.recorded_at),
        files,
    })
}

/// What a new item's form carries.
#[derive(Debug)]
pub struct NewItem<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub station_code: &'a str,
    pub description: &'a str,
    /// A party id of the case, or "court".
    pub producer: &'a str,
    pub tier: &'a str,
}

/// An item whose every field has been checked, ready to record.
#[derive(Debug)]
pub(crate) struct CheckedItem {
    pub title: String,
    pub kind: EvidenceKind,
    pub station: Option<StationCode>,
    pub description: Option<String>,
    pub producer: Producer,
    /// The producer's exhibit prefix: "COURT" or the party's short name.
    pub prefix: String,
    pub tier: SealingTier,
}

/// The exhibit prefix of `producer` among the case's parties.
pub(crate) fn prefix_of(parties: &[party::Model], producer: Producer) -> AppResult<String> {
    match producer {
        Producer::Court => Ok(COURT_PREFIX.to_owned()),
        Producer::Party(id) => parties
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.short_name.clone())
            .ok_or(AppError::Internal),
    }
}

/// Records an item: checks every field, gives it the producer's next exhibit code, logs
/// it in custody and the audit chain, and files it on the docket (which notifies).
pub async fn record(scope: &CaseScope, input: NewItem<'_>) -> AppResult<evidence_item::Model> {
    let checked = check(scope, input).await?;
    let txn = scope.state.write().await?;
    let item = insert(&txn, scope, checked).await?;
    txn.commit().await?;
    Ok(item)
}

async fn check(scope: &CaseScope, input: NewItem<'_>) -> AppResult<CheckedItem> {
    let (state, actor, case_id) = scope.parts();
    let parties = parties_of(&state.db, case_id).await?;
    let producer = match input.producer.trim() {
        "court" => Some(Producer::Court),
        raw => raw
            .parse::<i32>()
            .ok()
            .filter(|id| parties.iter().any(|p| p.id == *id))
            .map(Producer::Party),
    };
    let Some(producer) = producer else {
        return Err(AppError::invalid(
            "producer",
            "Choose who produced the item: the court or a party of this case.",
        ));
    };
    authorize(actor, Action::RecordEvidence(producer))?;

    let mut errors = FieldErrors::default();
    let title = errors.take(EvidenceTitle::parse("title", input.title));
    let kind = errors.take(
        input
            .kind
            .parse::<EvidenceKind>()
            .ok()
            .filter(|k| k.recorded_by_hand())
            .ok_or_else(|| FieldError::new("kind", "Choose what kind of item this is.")),
    );
    let station = if input.station_code.trim().is_empty() {
        None
    } else {
        errors.take(StationCode::parse("station_code", input.station_code))
    };
    if let Some(code) = &station
        && let Some(problem) =
            stations::check_listed(&state.db, &scope.case, "station_code", code.as_str()).await?
    {
        errors.push(problem);
    }
    let description = errors
        .take(long_text(
            "description",
            "Description",
            input.description,
            DESCRIPTION_MAX,
        ))
        .flatten();
    let tier = errors.take(
        input
            .tier
            .parse::<SealingTier>()
            .map_err(|_| FieldError::new("tier", "Choose who may see the item.")),
    );
    let (Some(title), Some(kind), Some(tier), true) = (title, kind, tier, errors.is_empty()) else {
        return Err(errors.into());
    };
    Ok(CheckedItem {
        title: title.into_inner(),
        kind,
        station,
        description,
        producer,
        prefix: prefix_of(&parties, producer)?,
        tier,
    })
}

/// Writes a checked item within `txn`, with its custody line and audit entry, but no docket
/// entry: for a record that files its own (a Registrar's report is docketed as the report).
pub(crate) async fn insert_quietly(
    txn: &impl sea_orm::ConnectionTrait,
    scope: &CaseScope,
    checked: CheckedItem,
) -> AppResult<evidence_item::Model> {
    let user_id = scope.user_id;
    let c = &scope.case;
    let CheckedItem {
        title,
        kind,
        station,
        description,
        producer,
        prefix,
        tier,
    } = checked;
    let number = crate::backend::counters::next(txn, c.id, &format!("exhibit:{prefix}")).await?;
    let code = exhibit_code(&prefix, number);
    let item = evidence_item::ActiveModel {
        case_id: Set(c.id),
        code: Set(code.clone()),
        title: Set(title),
        kind: Set(kind.into()),
        station_code: Set(station.map(StationCode::into_string)),
        description: Set(description.unwrap_or_default()),
        producer_party_id: Set(producer.party_id()),
        tier: Set(tier.into()),
        recorded_by: Set(user_id),
        recorded_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    custody(
        txn,
        &item,
        CustodyLine::by(CustodyKind::Recorded, Some(user_id)),
    )
    .await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.id),
            action: "evidence.record",
            subject: format!("evidence:{}", item.id),
            details: json!({
                "code": item.code,
                "title": item.title,
                "kind": item.kind,
                "station_code": item.station_code,
                "description": item.description,
                "producer": item.producer_party_id,
                "tier": item.tier,
            }),
        },
    )
    .await?;
    Ok(item)
}

/// Writes a checked item within `txn`, with its custody line, audit entry and docket entry.
pub(crate) async fn insert(
    txn: &impl sea_orm::ConnectionTrait,
    scope: &CaseScope,
    checked: CheckedItem,
) -> AppResult<evidence_item::Model> {
    let (user_id, c) = (scope.user_id, &scope.case);
    let (producer, tier) = (checked.producer, checked.tier);
    let item = insert_quietly(txn, scope, checked).await?;
    let code = item.code.clone();
    docket::file(
        txn,
        Filing {
            case_id: c.id,
            filed_by: Some(user_id),
            party_id: producer.party_id(),
            kind: "evidence",
            title: format!("{code}: {}", item.title),
            target_kind: "evidence",
            target_id: item.id,
            tier,
            readers: producer.party_id().into_iter().collect(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at: None,
        },
    )
    .await?;
    Ok(item)
}

/// How many items of the case `actor` may see.
pub async fn visible_count(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<u64> {
    Ok(evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .filter(visible_items(actor))
        .count(&state.db)
        .await?)
}

/// Where a page of the register starts.
#[derive(Clone, Copy, Debug, Default)]
pub enum Cursor {
    #[default]
    First,
    After(i32),
    Before(i32),
}

fn filter_condition(filter: &EvidenceFilter) -> AppResult<Condition> {
    let mut all = Condition::all();
    if !filter.kind.is_empty() {
        let kind = filter
            .kind
            .parse::<EvidenceKind>()
            .map_err(|_| AppError::invalid("kind", "Unknown kind of item."))?;
        all = all.add(evidence_item::Column::Kind.eq(kind.as_str()));
    }
    if !filter.tier.is_empty() {
        let tier = filter
            .tier
            .parse::<SealingTier>()
            .map_err(|_| AppError::invalid("tier", "Unknown sealing tier."))?;
        all = all.add(evidence_item::Column::Tier.eq(tier.as_str()));
    }
    match filter.producer.as_str() {
        "" => {}
        "court" => all = all.add(evidence_item::Column::ProducerPartyId.is_null()),
        id => {
            let id = id
                .parse::<i32>()
                .map_err(|_| AppError::invalid("producer", "Unknown producer."))?;
            all = all.add(evidence_item::Column::ProducerPartyId.eq(id));
        }
    }
    if !filter.station.trim().is_empty() {
        let station = StationCode::parse("station", &filter.station).map_err(FieldErrors::from)?;
        all = all.add(evidence_item::Column::StationCode.eq(station.as_str()));
    }
    Ok(all)
}

/// One page of the register, in recording order.
pub async fn list(
    scope: &CaseScope,
    filter: &EvidenceFilter,
    cursor: Cursor,
) -> AppResult<EvidenceList> {
    let (state, actor, case_id) = scope.parts();
    let mut query = evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .filter(visible_items(actor))
        .filter(filter_condition(filter)?)
        .limit(PER_PAGE + 1);
    query = match cursor {
        Cursor::First => query.order_by_asc(evidence_item::Column::Id),
        Cursor::After(id) => query
            .filter(evidence_item::Column::Id.gt(id))
            .order_by_asc(evidence_item::Column::Id),
        Cursor::Before(id) => query
            .filter(evidence_item::Column::Id.lt(id))
            .order_by_desc(evidence_item::Column::Id),
    };
    let mut items = query.all(&state.db).await?;
    let more = items.len() as u64 > PER_PAGE;
    items.truncate(PER_PAGE as usize);
    if matches!(cursor, Cursor::Before(_)) {
        items.reverse();
    }
    let (next_after, prev_before) = match cursor {
        Cursor::First => (more.then(|| items.last().map(|i| i.id)).flatten(), None),
        Cursor::After(_) => (
            more.then(|| items.last().map(|i| i.id)).flatten(),
            items.first().map(|i| i.id),
        ),
        Cursor::Before(id) => (
            items.last().map(|i| i.id).or(Some(id.saturating_sub(1))),
            more.then(|| items.first().map(|i| i.id)).flatten(),
        ),
    };

    let file_counts: HashMap<i32, i64> = evidence_file::Entity::find()
        .select_only()
        .column(evidence_file::Column::ItemId)
        .column_as(evidence_file::Column::Id.count(), "files")
        .filter(evidence_file::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .group_by(evidence_file::Column::ItemId)
        .into_tuple::<(i32, i64)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    let parties = parties_of(&state.db, case_id).await?;
    let party_map: HashMap<i32, party::Model> = parties.iter().map(|p| (p.id, p.clone())).collect();
    let choice = |p: &party::Model| PartyChoice {
        id: p.id,
        short_name: p.short_name.clone(),
        name: p.name.clone(),
    };
    let mut may_record_for = Vec::new();
    if can(actor, Action::RecordEvidence(Producer::Court)) {
        may_record_for.push(None);
    }
    for p in &parties {
        if can(actor, Action::RecordEvidence(Producer::Party(p.id))) {
            may_record_for.push(Some(choice(p)));
        }
    }
    Ok(EvidenceList {
        case: scope.summary(),
        items: items
            .iter()
            .filter_map(|i| {
                let files = file_counts.get(&i.id).copied().unwrap_or(0);
                row(state, i, &party_map, u64::try_from(files).unwrap_or(0))
            })
            .collect(),
        next_after,
        prev_before,
        parties: parties.iter().map(choice).collect(),
        may_record_for,
    })
}

/// An item's page, and a "viewed" line in its custody log.
pub async fn detail(scope: &CaseScope, item_id: i32) -> AppResult<EvidenceDetail> {
    let (state, actor, case_id) = scope.parts();
    let c = &scope.case;
    let item = visible_item(&state.db, actor, case_id, item_id).await?;
    if let Some(user_id) = actor.user_id {
        let txn = state.write().await?;
        custody(
            &txn,
            &item,
            CustodyLine::by(CustodyKind::Viewed, Some(user_id)),
        )
        .await?;
        txn.commit().await?;
    }
    let parties = parties_of(&state.db, case_id).await?;
    let party_map: HashMap<i32, party::Model> = parties.iter().map(|p| (p.id, p.clone())).collect();
    let files = evidence_file::Entity::find()
        .filter(evidence_file::Column::ItemId.eq(item.id))
        .order_by_asc(evidence_file::Column::Id)
        .all(&state.db)
        .await?;
    let blobs: HashMap<String, crate::backend::entities::blob::Model> =
        crate::backend::entities::blob::Entity::find()
            .filter(
                crate::backend::entities::blob::Column::Sha256
                    .is_in(files.iter().map(|f| f.sha256.clone())),
            )
            .all(&state.db)
            .await?
            .into_iter()
            .map(|b| (b.sha256.clone(), b))
            .collect();
    let events = custody_event::Entity::find()
        .filter(custody_event::Column::ItemId.eq(item.id))
        .order_by_asc(custody_event::Column::Id)
        .all(&state.db)
        .await?;
    let links = evidence_link::Entity::find()
        .filter(evidence_link::Column::ItemId.eq(item.id))
        .order_by_asc(evidence_link::Column::Id)
        .all(&state.db)
        .await?;
    let people = crate::backend::people::names_of(
        &state.db,
        events
            .iter()
            .filter_map(|e| e.actor_id)
            .chain(files.iter().map(|f| f.uploaded_by))
            .chain([item.recorded_by]),
    )
    .await?;
    let name_of = |id: Option<i32>| {
        id.and_then(|id| people.get(&id).cloned())
            .unwrap_or_else(|| "Portal".to_owned())
    };
    let file_names: HashMap<i32, String> = files
        .iter()
        .map(|f| (f.id, f.original_name.clone()))
        .collect();
    let sealing = sealing_of(&item);
    let may_add_files = can(actor, Action::RecordEvidence(sealing.producer));
    let tied: Vec<(String, i32)> = links
        .iter()
        .map(|l| (l.target_kind.clone(), l.target_id))
        .collect();
    let tie_targets = if may_add_files {
        std::iter::once((targets::CASE, case_id, format!("The case, {}", c.number)))
            .chain(parties.iter().map(|p| {
                (
                    targets::PARTY,
                    p.id,
                    format!("Party {} — {}", p.short_name, p.name),
                )
            }))
            .filter(|(kind, id, _)| !tied.contains(&((*kind).to_owned(), *id)))
            .map(|(kind, id, label)| {
                let value = if kind == targets::CASE {
                    kind.to_owned()
                } else {
                    format!("{kind}:{id}")
                };
                (value, label)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(EvidenceDetail {
        case: scope.summary(),
        item: row(state, &item, &party_map, files.len() as u64).ok_or(AppError::Internal)?,
        description: item.description.clone(),
        recorded_by: name_of(Some(item.recorded_by)),
        files: files
            .iter()
            .map(|f| {
                let blob = blobs.get(&f.sha256);
                FileView {
                    id: f.id,
                    original_name: f.original_name.clone(),
                    size: blob.map_or(0, |b| b.size),
                    sha256: f.sha256.clone(),
                    declared_type: f.declared_type.clone(),
                    sniffed_type: blob.map_or_else(String::new, |b| b.media_type.clone()),
                    uploaded_by: name_of(Some(f.uploaded_by)),
                    uploaded_at: state.format_time(f.uploaded_at),
                }
            })
            .collect(),
        custody: events
            .iter()
            .filter_map(|e| {
                Some(CustodyView {
                    at: state.format_time(e.at),
                    kind: Some(*e.kind)?,
                    actor: name_of(e.actor_id),
                    handed_to: e.handed_to.clone(),
                    note: e.note.clone(),
                    file: e.file_id.and_then(|id| file_names.get(&id).cloned()),
                })
            })
            .collect(),
        links: links
            .iter()
            .map(|l| LinkView {
                target_kind: l.target_kind.clone(),
                target_id: l.target_id,
                label: match l.target_kind.as_str() {
                    targets::CASE => format!("Case {}", c.number),
                    targets::PARTY => {
                        format!("Party {}", producer_name(&party_map, Some(l.target_id)))
                    }
                    other => format!("{other} {}", l.target_id),
                },
                href: (l.target_kind == targets::CASE).then(|| format!("/cases/{case_id}")),
                note: l.note.clone(),
            })
            .collect(),
        may_add_files,
        may_hand_over: can(actor, Action::HandOverEvidence),
        tie_targets,
    })
}
