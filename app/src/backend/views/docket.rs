//! The docket page: every entry a reader may see, with the evidence tied to each.

use crate::backend::case_scope::CaseScope;
use crate::backend::directives::parties_of;
use crate::backend::directives::short_names;
use crate::backend::entities::docket_entry;
use crate::error::AppResult;
use crate::model::{Docket, DocketRow, Page};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One page of a case's docket, in number order, showing only the entries `actor` may see.
pub async fn list(scope: &CaseScope, page: u64, per_page: u64) -> AppResult<crate::model::Docket> {
    let (state, actor, case_id) = scope.parts();
    let paginator = docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(case_id))
        .filter(crate::backend::docket::visible_to(actor))
        .order_by_asc(docket_entry::Column::Number)
        .paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let entries = paginator.fetch_page(page - 1).await?;

    let parties = short_names(&parties_of(&state.db, case_id).await?);
    let filers =
        crate::backend::people::names_of(&state.db, entries.iter().filter_map(|e| e.filed_by))
            .await?;
    // The evidence each filing carries: for an exhibit, the item itself; for any other
    // record, the items tied to it that the reader may see.
    let mut by_kind: HashMap<&str, Vec<i32>> = HashMap::new();
    for e in &entries {
        by_kind
            .entry(e.target_kind.as_str())
            .or_default()
            .push(e.target_id);
    }
    let wanted: Vec<(&str, &[i32])> = by_kind
        .iter()
        .filter(|(kind, _)| **kind != "evidence")
        .map(|(kind, ids)| (*kind, ids.as_slice()))
        .collect();
    let mut evidence =
        crate::backend::evidence::linked_to_records(&state.db, actor, &wanted).await?;
    let items = entries
        .iter()
        .map(|e| DocketRow {
            number: e.number,
            filed_at: state.act_and_record("dated", e.acted_at, e.filed_at),
            filed_by: e
                .filed_by
                .and_then(|id| filers.get(&id).cloned())
                .unwrap_or_else(|| "Portal".to_owned()),
            filed_for: e
                .party_id
                .and_then(|id| parties.get(&id).cloned())
                .unwrap_or_else(|| "Court".to_owned()),
            title: e.title.clone(),
            href: crate::backend::notices::href_of(e),
            tier: *e.tier,
            evidence: evidence
                .remove(&(e.target_kind.clone(), e.target_id))
                .unwrap_or_default(),
        })
        .collect();
    Ok(Docket {
        case: scope.summary(),
        entries: Page {
            items,
            page,
            per_page,
            total,
        },
    })
}
