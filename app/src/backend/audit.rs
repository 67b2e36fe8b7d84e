//! The audit chain: every change in the portal appends an entry, in the transaction that
//! makes the change, whose hash covers the previous entry's hash and this entry's canonical
//! payload. Changing, removing or reordering any entry breaks every hash after it.

use crate::backend::clock;
use crate::backend::db::OrInternal;
use crate::backend::db::internal;
use crate::backend::entities::{audit_entry, audit_head};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change, as the service that makes it describes it.
#[derive(Debug)]
pub struct Change<'a> {
    /// The person who made the change; `None` for the portal itself or an unknown person
    /// (a failed sign-in with an e-mail no account has).
    pub actor_id: Option<i32>,
    pub case_id: Option<i32>,
    /// What happened, as `noun.verb`: `case.create`, `evidence.record`.
    pub action: &'a str,
    /// What it happened to, as `kind:id`: `case:1`, `evidence:12`.
    pub subject: String,
    /// The change's details. Never a password or a hash of one.
    pub details: Value,
}

/// Rebuilds every object with its keys in order, so the text (and so the hash) depends
/// only on the content, whatever order the details were assembled in.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut sorted = Map::new();
            for key in keys {
                sorted.insert(key.clone(), canonical(&map[key]));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The canonical payload around its details: keys in order (action, actor, at, case,
/// details, seq, subject), so the payload is `before + canonical details + after`.
/// Verification checks the columns against these two strings without rebuilding the whole.
fn envelope(
    seq: i64,
    at: DateTime<Utc>,
    actor_id: Option<i32>,
    case_id: Option<i32>,
    action: &str,
    subject: &str,
) -> (String, String) {
    let text = |v: Value| v.to_string();
    (
        format!(
            "{{\"action\":{},\"actor\":{},\"at\":{},\"case\":{},\"details\":",
            text(json!(action)),
            text(json!(actor_id)),
            text(json!(timestamp(at))),
            text(json!(case_id)),
        ),
        format!(",\"seq\":{seq},\"subject\":{}}}", text(json!(subject))),
    )
}

/// The canonical payload of an entry: its envelope and its details.
fn payload(
    seq: i64,
    at: DateTime<Utc>,
    actor_id: Option<i32>,
    case_id: Option<i32>,
    action: &str,
    subject: &str,
    details: &Value,
) -> String {
    let (before, after) = envelope(seq, at, actor_id, case_id, action, subject);
    format!("{before}{}{after}", canonical(details))
}

/// SHA-256 over the previous entry's hash (as its 64 hex digits) and the payload.
pub fn chain_hash(prev_hash: &str, payload: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(payload.as_bytes());
    hex::encode(hasher.finalize().as_slice())
}

/// Appends `change` within `txn`, the transaction that makes the change.
///
/// The head row is updated first: that takes its row lock on PostgreSQL (and the write
/// lock on SQLite), so concurrent appenders queue behind one another until each commits and
/// the chain never forks. A rolled-back change takes its entry with it.
pub async fn append(
    txn: &impl ConnectionTrait,
    change: Change<'_>,
) -> AppResult<audit_entry::Model> {
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(txn)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(txn)
        .await?
        .ok_or_else(|| internal("the audit head row is missing"))?;
    // Stored to the microsecond, so both databases give back exactly what was hashed.
    let sealed = seal(head.seq, &head.hash, clock::now().trunc_subsecs(6), change);
    let hash = sealed.hash.clone();
    let entry = audit_entry::ActiveModel::from(sealed)
        .reset_all()
        .insert(txn)
        .await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Hash, Expr::value(hash))
        .filter(audit_head::Column::Id.eq(1))
        .exec(txn)
        .await?;
    Ok(entry)
}

/// The entry that records `change` as number `seq` after an entry ending in `prev_hash`.
/// `append` stores it; bulk loaders (the benchmark) build chains with it directly.
pub fn seal(
    seq: i64,
    prev_hash: &str,
    at: DateTime<Utc>,
    change: Change<'_>,
) -> audit_entry::Model {
    let payload = payload(
        seq,
        at,
        change.actor_id,
        change.case_id,
        change.action,
        &change.subject,
        &change.details,
    );
    audit_entry::Model {
        seq,
        at,
        actor_id: change.actor_id,
        case_id: change.case_id,
        action: change.action.to_owned(),
        subject: change.subject,
        hash: chain_hash(prev_hash, &payload),
        payload,
        prev_hash: prev_hash.to_owned(),
    }
}

/// The chain's current length and head hash.
pub async fn head(db: &impl ConnectionTrait) -> AppResult<(i64, String)> {
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    Ok((head.seq, head.hash))
}

/// The outcome of walking the chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    Intact { length: i64, head: String },
    Broken { seq: i64, problem: String },
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Intact { length, head } => {
                write!(f, "OK: {length} entries, head {head}")
            }
            Verdict::Broken { seq, problem } => write!(f, "BROKEN at entry {seq}: {problem}"),
        }
    }
}

/// What is wrong with one entry, given the hash the entry before it ends with.
fn check(entry: &audit_entry::Model, expected_seq: i64, prev_hash: &str) -> Option<String> {
    if entry.seq != expected_seq {
        return Some(format!(
            "entry {expected_seq} is missing (the next entry is {})",
            entry.seq
        ));
    }
    if entry.prev_hash != prev_hash {
        return Some("its previous hash is not the hash of the entry before it".to_owned());
    }
    let (before, after) = envelope(
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.case_id,
        &entry.action,
        &entry.subject,
    );
    let details = entry
        .payload
        .strip_prefix(before.as_str())
        .and_then(|rest| rest.strip_suffix(after.as_str()));
    // Exactly one JSON value between the two, so no column can hide inside the details.
    if details.is_none_or(|d| serde_json::from_str::<serde::de::IgnoredAny>(d).is_err()) {
        return Some("its columns do not match its payload".to_owned());
    }
    if chain_hash(&entry.prev_hash, &entry.payload) != entry.hash {
        return Some("its hash does not match its contents".to_owned());
    }
    None
}

/// Entries read per query while verifying: enough to amortise the round trip, few enough
/// that memory stays flat however long the chain is.
const BATCH: u64 = 5_000;

fn check_batch(
    batch: &[audit_entry::Model],
    mut expected_seq: i64,
    mut prev_hash: String,
) -> Result<(i64, String), Verdict> {
    for entry in batch {
        if let Some(problem) = check(entry, expected_seq, &prev_hash) {
            return Err(Verdict::Broken {
                seq: expected_seq,
                problem,
            });
        }
        expected_seq += 1;
        prev_hash.clone_from(&entry.hash);
    }
    Ok((expected_seq, prev_hash))
}

async fn batch_after(
    db: &impl ConnectionTrait,
    after: i64,
    last: i64,
) -> AppResult<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.gt(after))
        .filter(audit_entry::Column::Seq.lte(last))
        .order_by_asc(audit_entry::Column::Seq)
        .limit(BATCH)
        .all(db)
        .await?)
}

/// Walks the chain from the first entry to the head as it stood when the walk began
/// (entries appended meanwhile are left for the next check), and checks that the head
/// matches the end. The next batch is read while the current one is checked.
pub async fn verify(db: &impl ConnectionTrait) -> AppResult<Verdict> {
    let (head_seq, head_hash) = head(db).await?;
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS.to_owned();
    let mut batch = batch_after(db, 0, head_seq).await?;
    while !batch.is_empty() {
        let after = batch.last().map_or(0, |e| e.seq);
        let checking =
            tokio::task::spawn_blocking(move || check_batch(&batch, expected_seq, prev_hash));
        let (checked, next) = tokio::join!(checking, batch_after(db, after, head_seq));
        match checked.or_internal()? {
            Ok((seq, hash)) => (expected_seq, prev_hash) = (seq, hash),
            Err(broken) => return Ok(broken),
        }
        batch = next?;
    }
    let length = expected_seq - 1;
    if head_seq != length || head_hash != prev_hash {
        return Ok(Verdict::Broken {
            seq: std::cmp::max(head_seq, length + 1),
            problem: format!(
                "the chain ends at entry {length} but the head records entry {head_seq}: entries were removed or the head was changed"
            ),
        });
    }
    Ok(Verdict::Intact {
        length,
        head: prev_hash,
    })
}

/// The latest entries, newest first, before sequence number `before`, for the
/// administration page.
pub async fn latest(
    state: &crate::backend::state::AppState,
    before: Option<i64>,
    limit: u64,
) -> AppResult<Vec<crate::model::AuditEntryView>> {
    let mut query = audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Seq)
        .limit(limit);
    if let Some(before) = before {
        query = query.filter(audit_entry::Column::Seq.lt(before));
    }
    let entries = query.all(&state.db).await?;
    let names =
        crate::backend::people::names_of(&state.db, entries.iter().filter_map(|e| e.actor_id))
            .await?;
    Ok(entries
        .into_iter()
        .map(|e| crate::model::AuditEntryView {
            seq: e.seq,
            at: state.format_time(e.at),
            actor: e
                .actor_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "Portal".to_owned()),
            case_id: e.case_id,
            action: e.action,
            subject: e.subject,
            // A case's records may be sealed, and administering the portal is not being a
            // member of the case: the page shows that they exist and their hashes, not
            // what they say.
            payload: match e.case_id {
                Some(case_id) => format!(
                    "(a record of case {case_id}: its details are for the members of the case)"
                ),
                None => e.payload,
            },
            hash: e.hash,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_does_not_depend_on_key_order() {
        let a = json!({"b": 1, "a": {"y": [1, {"d": 2, "c": 3}], "x": null}});
        let b = json!({"a": {"x": null, "y": [1, {"c": 3, "d": 2}]}, "b": 1});
        assert_eq!(canonical(&a).to_string(), canonical(&b).to_string());
        assert_eq!(
            canonical(&a).to_string(),
            r#"{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}"#
        );
    }

    #[test]
    fn the_envelope_wraps_the_canonical_details() {
        let at = DateTime::parse_from_rfc3339("2022-08-30T11:00:00.123456Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let details = json!({"z": 1, "a": "quote \" and ü"});
        let whole = payload(7, at, Some(3), None, "case.create", "case:1", &details);
        let reference = canonical(&json!({
            "seq": 7, "at": "2022-08-30T11:00:00.123456Z", "actor": 3, "case": null,
            "action": "case.create", "subject": "case:1", "details": details,
        }))
        .to_string();
        assert_eq!(whole, reference);
    }

    #[test]
    fn the_hash_covers_the_previous_hash_and_the_payload() {
        let one = chain_hash(GENESIS, "{}");
        assert_eq!(one.len(), 64);
        assert_ne!(one, chain_hash(GENESIS, "{ }"));
        assert_ne!(one, chain_hash(&one, "{}"));
        // Known answer: SHA-256 of 64 zeros followed by "{}".
        let mut hasher = Sha256::new();
        hasher.update(format!("{GENESIS}{{}}").as_bytes());
        assert_eq!(one, hex::encode(hasher.finalize().as_slice()));
    }
}
