//! Files on evidence items: attaching an upload, sending a download, and checking that
//! what is stored is still what was filed.

use super::custody::{CustodyLine, custody};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::db::OrInternal;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{blob, evidence_file, evidence_item, user};
use crate::backend::sealing;
use crate::backend::state::AppState;
use crate::backend::storage::Incoming;
use crate::error::{AppError, AppResult};
use domain::evidence::{CustodyKind, Producer, SealingTier};
use domain::{Action, Actor, FieldError};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::path::PathBuf;

const NAME_MAX: usize = 255;

/// The name a file had on the uploader's machine, kept as metadata. A name that carries a
/// path, or that could be mistaken for one, is refused rather than trimmed, so the record
/// shows exactly what the person chose.
pub fn file_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new("file", "The file has no name."));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." || name.contains(':') {
        return Err(FieldError::new(
            "file",
            "The file name looks like a path. Rename the file to a plain name and upload it again.",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            "file",
            "The file name contains control characters.",
        ));
    }
    if name.chars().count() > NAME_MAX {
        return Err(FieldError::new(
            "file",
            format!("The file name is longer than {NAME_MAX} characters."),
        ));
    }
    Ok(name.to_owned())
}

/// A declared media type, kept only if it looks like one.
fn declared_type(raw: Option<&str>) -> String {
    raw.map(str::trim)
        .filter(|t| {
            t.len() <= 100
                && t.contains('/')
                && t.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        })
        .unwrap_or("application/octet-stream")
        .to_owned()
}

/// Who is uploading to which item, checked before a byte of the body is read.
#[derive(Debug)]
pub struct UploadTarget {
    pub actor: Actor,
    pub item: evidence_item::Model,
}

async fn item_for(scope: &CaseScope, item_id: i32) -> AppResult<evidence_item::Model> {
    let (state, actor, case_id) = scope.parts();
    let item = evidence_item::Entity::find_by_id(item_id)
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !sealing::may_see(actor, *item.tier, item.producer_party_id) {
        return Err(AppError::NotFound);
    }
    Ok(item)
}

pub async fn upload_target(
    state: &AppState,
    user: &user::Model,
    case_id: i32,
    item_id: i32,
) -> AppResult<UploadTarget> {
    let scope = CaseScope::open(state, user, case_id).await?;
    let item = item_for(&scope, item_id).await?;
    scope.require(Action::RecordEvidence(Producer::from_party(
        item.producer_party_id,
    )))?;
    Ok(UploadTarget {
        actor: scope.actor,
        item,
    })
}

/// What is known of a received file once its bytes are in place.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub sha256: String,
    pub size: u64,
    pub sniffed_type: String,
}

/// Checks a received file before it is kept: a plain name, and some content.
pub(crate) fn check_received(incoming: &Incoming, original_name: &str) -> AppResult<String> {
    let name = file_name(original_name).map_err(domain::FieldErrors::from)?;
    if incoming.size == 0 {
        return Err(AppError::invalid(
            "file",
            "The file is empty. Nothing was stored.",
        ));
    }
    Ok(name)
}

/// Puts a received file in place under its hash. Returns what the record needs, and
/// whether this call placed the content (see `settle`).
pub(crate) async fn place(state: &AppState, incoming: Incoming) -> AppResult<(Received, bool)> {
    let received = Received {
        sha256: incoming.sha256.clone(),
        size: incoming.size,
        sniffed_type: incoming.sniffed_type.clone(),
    };
    let placed = state.storage().keep(incoming).await?;
    Ok((received, placed))
}

/// After the write that records placed content, whether it committed: forgets the marker
/// `place` left, and after a failed write removes content this call placed, unless a
/// committed record refers to it (another upload of the same bytes may have recorded it
/// meanwhile, or it was held already). Where that cannot be told, or the content cannot be
/// removed, the marker stays for the next start's sweep.
pub(crate) async fn settle(state: &AppState, received: &Received, placed: bool, committed: bool) {
    if !placed {
        return;
    }
    if !committed {
        match recorded(state, &received.sha256).await {
            Ok(true) => {}
            Ok(false) => {
                if let Err(e) = state.storage().forget(&received.sha256).await {
                    tracing::warn!("removing unrecorded content {}: {e}", received.sha256);
                    return;
                }
            }
            Err(_) => return,
        }
    }
    state.storage().settled(&received.sha256).await;
}

/// Whether a record (a `blobs` row) refers to this content.
async fn recorded(state: &AppState, sha256: &str) -> AppResult<bool> {
    Ok(blob::Entity::find_by_id(sha256.to_owned())
        .one(&state.db)
        .await?
        .is_some())
}

/// Removes content an earlier run put in place but never recorded, because it was killed
/// between the two: its marker is still there and no record refers to it. Run at start,
/// before any upload can be in flight; like the sweep of partial uploads, it takes the data
/// directory to be this portal's alone. Returns how many files it removed.
pub async fn sweep_unrecorded(state: &AppState) -> AppResult<usize> {
    let storage = state.storage();
    let mut removed = 0;
    for sha256 in storage.unsettled().or_internal()? {
        if !recorded(state, &sha256).await? {
            storage.forget(&sha256).await.or_internal()?;
            removed += 1;
        }
        storage.settled(&sha256).await;
    }
    Ok(removed)
}

/// Attaches a received file to the item. Content already held by an item the uploader can
/// see is refused with that item's code; content held only where they cannot see is
/// attached without a second copy and without saying where else it is.
pub async fn attach(
    state: &AppState,
    target: &UploadTarget,
    incoming: Incoming,
    original_name: &str,
    declared: Option<&str>,
) -> AppResult<evidence_file::Model> {
    let name = check_received(&incoming, original_name)?;
    let (received, placed) = place(state, incoming).await?;
    let stored = async {
        let txn = state.write().await?;
        let file = record_file(
            &txn,
            &target.actor,
            &target.item,
            &received,
            &name,
            declared,
        )
        .await?;
        txn.commit().await?;
        Ok(file)
    }
    .await;
    settle(state, &received, placed, stored.is_ok()).await;
    stored
}

/// Records a placed file on `item` within `txn`: the content once (its blob), the file,
/// and a custody line.
pub(crate) async fn record_file(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    item: &evidence_item::Model,
    received: &Received,
    name: &str,
    declared: Option<&str>,
) -> AppResult<evidence_file::Model> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let sha256 = received.sha256.clone();
    let size = received.size;
    // Written first: on PostgreSQL a concurrent upload of the same content waits here
    // until this one commits, so the check below sees it (SQLite has one writer).
    blob::Entity::insert(blob::ActiveModel {
        sha256: Set(sha256.clone()),
        size: Set(i64::try_from(size).or_internal()?),
        media_type: Set(received.sniffed_type.clone()),
        stored_at: Set(clock::now()),
    })
    .on_conflict(
        OnConflict::column(blob::Column::Sha256)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    // When the row was there already the insert locked nothing; this does, so two
    // uploads of the same content take turns at the check below.
    blob::Entity::update_many()
        .col_expr(blob::Column::Sha256, Expr::col(blob::Column::Sha256))
        .filter(blob::Column::Sha256.eq(sha256.as_str()))
        .exec(txn)
        .await?;
    if let Some(held) = held_where_visible(txn, actor, item.case_id, &sha256).await? {
        return Err(AppError::invalid(
            "file",
            format!(
                "This file is already held as {} ({}). Nothing was stored.",
                held.code, held.title
            ),
        ));
    }
    let file = evidence_file::ActiveModel {
        item_id: Set(item.id),
        sha256: Set(sha256.clone()),
        original_name: Set(name.to_owned()),
        declared_type: Set(declared_type(declared)),
        uploaded_by: Set(user_id),
        uploaded_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    custody(
        txn,
        item,
        CustodyLine {
            file_id: Some(file.id),
            note: Some(format!("{size} bytes, SHA-256 {sha256}")),
            ..CustodyLine::by(CustodyKind::FileAdded, Some(user_id))
        },
    )
    .await?;
    Ok(file)
}

/// The first item of the target's case that carries this content and that the uploader
/// may see. Items they may not see are never named: their content is attached again
/// without a word, stored once all the same.
async fn held_where_visible(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    sha256: &str,
) -> AppResult<Option<evidence_item::Model>> {
    let holders = evidence_file::Entity::find()
        .filter(evidence_file::Column::Sha256.eq(sha256))
        .all(txn)
        .await?;
    if holders.is_empty() {
        return Ok(None);
    }
    Ok(evidence_item::Entity::find()
        .filter(evidence_item::Column::Id.is_in(holders.iter().map(|f| f.item_id)))
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .filter(crate::backend::evidence::visible_items(actor))
        .order_by_asc(evidence_item::Column::Id)
        .one(txn)
        .await?)
}

/// A file about to be sent.
#[derive(Clone, Debug)]
pub struct Download {
    pub item: evidence_item::Model,
    pub file: evidence_file::Model,
    pub path: PathBuf,
    pub size: u64,
    pub media_type: String,
    pub user_id: i32,
}

/// Checks the reader may have the file, and logs the download in custody.
pub async fn start_download(
    state: &AppState,
    user: &user::Model,
    case_id: i32,
    item_id: i32,
    file_id: i32,
) -> AppResult<Download> {
    let scope = CaseScope::open(state, user, case_id).await?;
    let item = item_for(&scope, item_id).await?;
    let file = evidence_file::Entity::find_by_id(file_id)
        .filter(evidence_file::Column::ItemId.eq(item.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = blob::Entity::find_by_id(file.sha256.clone())
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?;
    let path = state.storage().blob_path(&file.sha256);
    if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
        integrity_failure(
            state,
            &item,
            &file,
            Some(user.id),
            "the stored file is missing",
        )
        .await;
        return Err(AppError::IntegrityFailure);
    }
    {
        let txn = state.write().await?;
        custody(
            &txn,
            &item,
            CustodyLine {
                file_id: Some(file.id),
                ..CustodyLine::by(CustodyKind::Downloaded, Some(user.id))
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok(Download {
        item,
        file,
        path,
        size: u64::try_from(stored.size).unwrap_or(0),
        media_type: stored.media_type,
        user_id: user.id,
    })
}

/// Records that a stored file is missing or changed: a line in the item's custody log and
/// a court-only docket entry, whose notice tells the registrar (and the rest of the
/// court). Failing to record is logged; the caller has already refused the file.
pub async fn integrity_failure(
    state: &AppState,
    item: &evidence_item::Model,
    file: &evidence_file::Model,
    noticed_by: Option<i32>,
    what: &str,
) {
    let recorded = async {
        let txn = state.write().await?;
        custody(
            &txn,
            item,
            CustodyLine {
                file_id: Some(file.id),
                note: Some(format!("{}: {what}", file.original_name)),
                ..CustodyLine::by(CustodyKind::IntegrityFailure, noticed_by)
            },
        )
        .await?;
        docket::file(
            &txn,
            Filing {
                case_id: item.case_id,
                filed_by: noticed_by,
                party_id: None,
                kind: "integrity_failure",
                title: format!(
                    "Integrity failure: {} file {}: {what}",
                    item.code, file.original_name
                ),
                target_kind: "evidence",
                target_id: item.id,
                tier: SealingTier::CourtOnly,
                readers: Vec::new(),
                notify_filer: true,
                agents: Vec::new(),
                acted_at: None,
            },
        )
        .await?;
        txn.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(e) = recorded {
        tracing::error!(
            item = item.id,
            file = file.id,
            "recording an integrity failure: {e}"
        );
    }
}

/// One stored file's standing after `verify_all`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileCheck {
    Intact,
    Missing,
    Changed { found: String },
}

/// The outcome of re-hashing every stored file.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub checked: u64,
    pub bytes: u64,
    /// (case id, item code, file name, sha256, what is wrong)
    pub problems: Vec<(i32, String, String, String, FileCheck)>,
}

/// Re-hashes every stored file, logs each result in its items' custody logs, and reports
/// the files that are missing or changed.
pub async fn verify_all(state: &AppState) -> AppResult<VerifyReport> {
    let storage = state.storage();
    let mut report = VerifyReport::default();
    let mut after = 0;
    loop {
        let files = evidence_file::Entity::find()
            .filter(evidence_file::Column::Id.gt(after))
            .order_by_asc(evidence_file::Column::Id)
            .limit(500)
            .all(&state.db)
            .await?;
        let Some(last) = files.last() else {
            break;
        };
        after = last.id;
        for file in files {
            let Some(item) = evidence_item::Entity::find_by_id(file.item_id)
                .one(&state.db)
                .await?
            else {
                continue;
            };
            let check = match storage.rehash(&file.sha256).await.or_internal()? {
                None => FileCheck::Missing,
                Some((found, size)) => {
                    report.bytes += size;
                    if found == file.sha256 {
                        FileCheck::Intact
                    } else {
                        FileCheck::Changed { found }
                    }
                }
            };
            report.checked += 1;
            match &check {
                FileCheck::Intact => {
                    let txn = state.write().await?;
                    custody(
                        &txn,
                        &item,
                        CustodyLine {
                            file_id: Some(file.id),
                            note: Some(format!("{}: SHA-256 matches", file.original_name)),
                            ..CustodyLine::by(CustodyKind::Verified, None)
                        },
                    )
                    .await?;
                    txn.commit().await?;
                }
                FileCheck::Missing => {
                    integrity_failure(state, &item, &file, None, "the stored file is missing")
                        .await;
                }
                FileCheck::Changed { found } => {
                    integrity_failure(
                        state,
                        &item,
                        &file,
                        None,
                        &format!("the stored file now hashes to {found}"),
                    )
                    .await;
                }
            }
            if check != FileCheck::Intact {
                report.problems.push((
                    item.case_id,
                    item.code.clone(),
                    file.original_name.clone(),
                    file.sha256.clone(),
                    check,
                ));
            }
        }
    }
    Ok(report)
}

/// Records a file that changed while it was being sent; called when the hash at the end
/// of a download does not match.
pub async fn download_mismatch(state: &AppState, download: &Download, found: &str) {
    integrity_failure(
        state,
        &download.item,
        &download.file,
        Some(download.user_id),
        &format!(
            "while being sent the stored file no longer matched ({found}); the download was stopped"
        ),
    )
    .await;
}
