//! The custody log of an evidence item: who viewed, downloaded, handed over or verified it,
//! and when. Every line is chained into the audit log.

use super::visibility::{NOTE_MAX, visible_item};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::entities::{custody_event, evidence_item};
use crate::error::AppResult;
use domain::evidence::CustodyKind;
use domain::fields::{HandedTo, long_text};
use domain::{Action, FieldErrors};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;

/// One line for an item's custody log.
#[derive(Debug)]
pub struct CustodyLine {
    pub kind: CustodyKind,
    /// `None` for the portal itself (the `evidence verify` command).
    pub actor_id: Option<i32>,
    pub file_id: Option<i32>,
    pub handed_to: Option<String>,
    pub note: Option<String>,
}

impl CustodyLine {
    pub fn by(kind: CustodyKind, actor_id: Option<i32>) -> Self {
        CustodyLine {
            kind,
            actor_id,
            file_id: None,
            handed_to: None,
            note: None,
        }
    }
}

/// Appends a line to an item's custody log within `txn`, and the same line to the audit
/// chain, so the log is as tamper-evident as everything else.
pub async fn custody(
    txn: &impl ConnectionTrait,
    item: &evidence_item::Model,
    line: CustodyLine,
) -> AppResult<custody_event::Model> {
    let event = custody_event::ActiveModel {
        item_id: Set(item.id),
        at: Set(clock::now()),
        kind: Set(line.kind.into()),
        actor_id: Set(line.actor_id),
        file_id: Set(line.file_id),
        handed_to: Set(line.handed_to),
        note: Set(line.note),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        Change {
            actor_id: event.actor_id,
            case_id: Some(item.case_id),
            action: "evidence.custody",
            subject: format!("evidence:{}", item.id),
            details: json!({
                "code": item.code,
                "event": event.kind,
                "file": event.file_id,
                "handed_to": event.handed_to,
                "note": event.note,
            }),
        },
    )
    .await?;
    Ok(event)
}

/// Records that an item changed hands.
pub async fn hand_over(
    scope: &CaseScope,
    item_id: i32,
    to: &str,
    note: &str,
) -> AppResult<custody_event::Model> {
    let (state, actor, case_id) = scope.parts();
    let item = visible_item(&state.db, actor, case_id, item_id).await?;
    authorize(actor, Action::HandOverEvidence)?;
    let user_id = scope.user_id;
    let mut errors = FieldErrors::default();
    let to = errors.take(HandedTo::parse("handed_to", to));
    let note = errors
        .take(long_text("note", "Note", note, NOTE_MAX))
        .flatten();
    let (Some(to), true) = (to, errors.is_empty()) else {
        return Err(errors.into());
    };
    let txn = state.write().await?;
    let event = custody(
        &txn,
        &item,
        CustodyLine {
            handed_to: Some(to.into_inner()),
            note,
            ..CustodyLine::by(CustodyKind::HandedOver, Some(user_id))
        },
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}
