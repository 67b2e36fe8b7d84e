//! Filing the Registrar's report: the draft is drafted again and must be the one the
//! registrar previewed (its basis unchanged), complete, and not filed already; its exact
//! bytes become an evidence item of kind report with their SHA-256, and the report goes on
//! the docket, which notifies every party who may read it: that is service. A filed report
//! is never edited; a later one is a new version that supersedes it.

use super::draft::{DraftInput, draft};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::directives::parties_of;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{
    directive, directive_version, evidence_item, order, report, report_directive,
};
use crate::backend::evidence::{self, CheckedItem};
use crate::error::{AppError, AppResult};
use crate::model::ReportDraft;
use chrono::{DateTime, Utc};
use domain::Action;
use domain::evidence::{EvidenceKind, Producer};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// The docket's and the notices' name for a filed report.
pub const TARGET: &str = "report";

/// The largest report the portal will keep: far beyond 50,000 stations' worth of tables.
const DOCUMENT_MAX: u64 = 64 * 1024 * 1024;

/// Files the report the registrar previewed. `basis` is the draft's fingerprint as the
/// preview showed it; `acted_at` when it was filed with the court, where that was before
/// now (empty for now); `render` lays the draft out as the document to keep.
pub async fn file(
    scope: &CaseScope,
    input: DraftInput<'_>,
    basis: &str,
    acted_at: &str,
    render: impl FnOnce(&ReportDraft) -> AppResult<String>,
) -> AppResult<report::Model> {
    scope.require(Action::FileReport)?;
    let state = &scope.state;
    let r = draft(scope, input).await?;
    if r.basis != basis.trim() {
        return Err(AppError::invalid(
            "basis",
            "The draft has changed since you previewed it (a task moved or a finding was verified): preview it again and check it before filing.",
        ));
    }
    if let Some(earlier) = report::Entity::find()
        .filter(report::Column::CaseId.eq(scope.case.id))
        .filter(report::Column::Basis.eq(r.basis.as_str()))
        .one(scope.db())
        .await?
    {
        return Err(AppError::invalid(
            "basis",
            format!(
                "This draft was filed already, as version {}: nothing has changed since.",
                earlier.version
            ),
        ));
    }
    if r.contents.tasks_verified == 0 {
        return Err(AppError::invalid(
            "directives",
            "No finding of these directives has been verified: there is nothing to report yet.",
        ));
    }
    if !r.missing.is_empty() {
        return Err(AppError::invalid(
            "missing",
            format!(
                "{} task{} must first be verified, or blocked or cancelled with a reason; the draft lists {}.",
                r.missing.len(),
                if r.missing.len() == 1 { "" } else { "s" },
                if r.missing.len() == 1 { "it" } else { "them" },
            ),
        ));
    }
    let acted_at = filed_when(scope, &r, acted_at).await?;
    let document = render(&r)?;
    let incoming = state
        .storage()
        .receive(
            Box::pin(futures_util::stream::iter([Ok::<_, std::io::Error>(
                document.into_bytes(),
            )])),
            DOCUMENT_MAX,
        )
        .await?;
    let (received, placed) = evidence::place(state, incoming).await?;
    let written = async {
        let txn = state.write().await?;
        let created = write(&txn, scope, &r, &received, acted_at).await?;
        txn.commit().await?;
        Ok(created)
    }
    .await;
    evidence::settle(state, &received, placed, written.is_ok()).await;
    written
}

/// When the report was filed with the court, if not now: never before the orders it
/// answers were made.
async fn filed_when(
    scope: &CaseScope,
    r: &ReportDraft,
    raw: &str,
) -> AppResult<Option<DateTime<Utc>>> {
    let orders: Vec<i32> = directive::Entity::find()
        .filter(directive::Column::Id.is_in(r.covered.iter().map(|d| d.id)))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|d| d.order_id)
        .collect();
    let made = order::Entity::find()
        .filter(order::Column::Id.is_in(orders))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|o| o.issued_at)
        .max();
    Ok(scope
        .state
        .act_time(
            "acted_at",
            "When the report was filed",
            raw,
            made.map(|at| (at, "the order it answers was made")),
        )
        .map_err(domain::FieldErrors::from)?)
}

async fn write(
    txn: &crate::backend::db::Write,
    scope: &CaseScope,
    r: &ReportDraft,
    received: &evidence::Received,
    acted_at: Option<DateTime<Utc>>,
) -> AppResult<report::Model> {
    let (actor, user_id, case_id) = (&scope.actor, scope.user_id, scope.case.id);
    let latest = report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .order_by_desc(report::Column::Version)
        .one(txn)
        .await?;
    let version = latest.as_ref().map_or(1, |l| l.version + 1);
    let labels: Vec<&str> = r.covered.iter().map(|d| d.label.as_str()).collect();
    let directives = format!(
        "directive{} {}",
        if labels.len() == 1 { "" } else { "s" },
        labels.join(", ")
    );
    let title = format!("Registrar's report on the scrutiny, version {version}");
    let parties = parties_of(txn, case_id).await?;
    let item: evidence_item::Model = evidence::insert_quietly(
        txn,
        scope,
        CheckedItem {
            title: title.clone(),
            kind: EvidenceKind::Report,
            station: None,
            description: Some(format!(
                "Generated from the verified findings of {directives}; filed {}.",
                scope.state.format_time(acted_at.unwrap_or_else(clock::now))
            )),
            producer: Producer::Court,
            prefix: evidence::prefix_of(&parties, Producer::Court)?,
            tier: r.tier,
        },
    )
    .await?;
    let name = format!("registrars-report-v{version}.html");
    evidence::record_file(txn, actor, &item, received, &name, Some("text/html")).await?;
    let created = report::ActiveModel {
        case_id: Set(case_id),
        version: Set(version),
        supersedes_id: Set(latest.as_ref().map(|l| l.id)),
        tier: Set(r.tier.into()),
        evidence_item_id: Set(item.id),
        sha256: Set(received.sha256.clone()),
        size: Set(i64::try_from(received.size).unwrap_or(i64::MAX)),
        audit_seq: Set(r.audit_seq),
        audit_hash: Set(r.audit_hash.clone()),
        basis: Set(r.basis.clone()),
        filed_by: Set(user_id),
        filed_at: Set(clock::now()),
        acted_at: Set(acted_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut version_ids = Vec::new();
    for d in &r.covered {
        let v = directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .filter(directive_version::Column::Number.eq(d.version))
            .one(txn)
            .await?
            .ok_or(AppError::Internal)?;
        version_ids.push(v.id);
    }
    report_directive::Entity::insert_many(version_ids.iter().map(|v| {
        report_directive::ActiveModel {
            report_id: Set(created.id),
            version_id: Set(*v),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(case_id),
            action: "report.file",
            subject: format!("report:{}", created.id),
            details: json!({
                "version": version,
                "supersedes": created.supersedes_id,
                "tier": r.tier.as_str(),
                "versions": version_ids,
                "exhibit": item.code,
                "sha256": created.sha256,
                "size": created.size,
                "audit_seq": r.audit_seq,
                "audit_hash": r.audit_hash,
                "acted_at": acted_at.map(|t| t.to_rfc3339()),
            }),
        },
    )
    .await?;
    docket::file(
        txn,
        Filing {
            case_id,
            filed_by: Some(user_id),
            party_id: None,
            kind: TARGET,
            title: match &latest {
                Some(l) => format!(
                    "{title} ({directives}), superseding version {}: {}",
                    l.version, item.code
                ),
                None => format!("{title} ({directives}): {}", item.code),
            },
            target_kind: TARGET,
            target_id: created.id,
            tier: r.tier,
            readers: Vec::new(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at,
        },
    )
    .await?;
    Ok(created)
}
