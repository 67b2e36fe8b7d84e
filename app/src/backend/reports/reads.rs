//! The filed reports a reader may see, newest first, with what each covers and supersedes.

use super::citations::{filed_words, readable};
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{
    directive, directive_version, evidence_file, evidence_item, report, report_directive,
};
use crate::backend::people::names_of;
use crate::error::AppError;
use crate::error::AppResult;
use crate::model::{FiledReport, ReportCover};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub(super) async fn filed(scope: &CaseScope) -> AppResult<Vec<FiledReport>> {
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let all: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .order_by_desc(report::Column::Version)
        .all(db)
        .await?;
    let reports: Vec<&report::Model> = all.iter().filter(|r| readable(actor, r)).collect();
    let ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
    let covers = report_directive::Entity::find()
        .filter(report_directive::Column::ReportId.is_in(ids))
        .all(db)
        .await?;
    let versions: HashMap<i32, directive_version::Model> = directive_version::Entity::find()
        .filter(directive_version::Column::Id.is_in(covers.iter().map(|c| c.version_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let labels: HashMap<i32, (String, String)> = directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, (d.label, d.label_sort)))
        .collect();
    let items: HashMap<i32, evidence_item::Model> = evidence_item::Entity::find()
        .filter(evidence_item::Column::Id.is_in(reports.iter().map(|r| r.evidence_item_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let names = names_of(db, reports.iter().map(|r| r.filed_by)).await?;
    Ok(reports
        .iter()
        .map(|r| {
            let mut covered: Vec<(String, ReportCover)> = covers
                .iter()
                .filter(|c| c.report_id == r.id)
                .filter_map(|c| versions.get(&c.version_id))
                .map(|v| {
                    let (label, sort) = labels.get(&v.directive_id).cloned().unwrap_or_default();
                    (
                        sort,
                        ReportCover {
                            words: format!("{label} (version {})", v.number),
                            assess_href: format!(
                                "/cases/{case_id}/directives/{}?report={}#compliance-heading",
                                v.directive_id, r.id
                            ),
                        },
                    )
                })
                .collect();
            covered.sort_by(|a, b| a.0.cmp(&b.0));
            FiledReport {
                id: r.id,
                version: r.version,
                tier: *r.tier,
                filed: format!(
                    "{} by {}",
                    filed_words(state, r),
                    names.get(&r.filed_by).cloned().unwrap_or_default()
                ),
                covers: covered.into_iter().map(|(_, c)| c).collect(),
                exhibit: items
                    .get(&r.evidence_item_id)
                    .map(|i| i.code.clone())
                    .unwrap_or_default(),
                exhibit_href: format!("/cases/{case_id}/evidence/{}", r.evidence_item_id),
                href: format!("/cases/{case_id}/reports/{}", r.id),
                sha256: r.sha256.clone(),
                size: u64::try_from(r.size).unwrap_or_default(),
                // Named even when the earlier version is sealed from the reader: the
                // version number says as much.
                supersedes: r
                    .supersedes_id
                    .and_then(|s| all.iter().find(|x| x.id == s))
                    .map(|s| s.version),
                audit: format!("entry {}, hash {}", r.audit_seq, r.audit_hash),
            }
        })
        .collect())
}

/// The evidence item and file holding a filed report `scope`'s reader may see: where
/// `/cases/{id}/reports/{report}` sends the document from, byte for byte.
pub async fn document(scope: &CaseScope, report_id: i32) -> AppResult<(i32, i32)> {
    let r = report::Entity::find_by_id(report_id)
        .filter(report::Column::CaseId.eq(scope.case.id))
        .one(scope.db())
        .await?
        .filter(|r| readable(&scope.actor, r))
        .ok_or(AppError::NotFound)?;
    let file = evidence_file::Entity::find()
        .filter(evidence_file::Column::ItemId.eq(r.evidence_item_id))
        .order_by_asc(evidence_file::Column::Id)
        .one(scope.db())
        .await?
        .ok_or(AppError::Internal)?;
    Ok((r.evidence_item_id, file.id))
}
