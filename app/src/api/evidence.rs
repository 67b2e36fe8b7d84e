//! The evidence register, the docket and notices, as pages call them.

use crate::error::AppError;
use crate::model::{Docket, EvidenceDetail, EvidenceList, NoticeView, Page};
use leptos::prelude::*;

/// Docket entries and notices per page.
pub const PER_PAGE: u64 = 50;

/// One page of the register. `after` and `before` are item ids from the previous page.
#[server(endpoint = "evidence/list")]
pub async fn load_evidence_list(
    case_id: i32,
    kind: Option<String>,
    producer: Option<String>,
    tier: Option<String>,
    station: Option<String>,
    after: Option<i32>,
    before: Option<i32>,
) -> Result<EvidenceList, AppError> {
    use crate::backend::evidence::{self, Cursor};
    let scope = super::case_scope(case_id).await?;
    let filter = crate::model::EvidenceFilter {
        kind: kind.unwrap_or_default(),
        producer: producer.unwrap_or_default(),
        tier: tier.unwrap_or_default(),
        station: station.unwrap_or_default(),
    };
    let cursor = match (after, before) {
        (Some(after), _) => Cursor::After(after),
        (None, Some(before)) => Cursor::Before(before),
        (None, None) => Cursor::First,
    };
    evidence::list(&scope, &filter, cursor).await
}

#[server(endpoint = "evidence/item")]
pub async fn load_evidence_item(case_id: i32, item_id: i32) -> Result<EvidenceDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::evidence::detail(&scope, item_id).await
}

#[server(endpoint = "evidence/record")]
pub async fn record_evidence(
    case_id: i32,
    title: String,
    kind: String,
    station_code: String,
    description: String,
    producer: String,
    tier: String,
) -> Result<i32, AppError> {
    use crate::backend::evidence::{self, NewItem};
    let scope = super::case_scope(case_id).await?;
    let item = evidence::record(
        &scope,
        NewItem {
            title: &title,
            kind: &kind,
            station_code: &station_code,
            description: &description,
            producer: &producer,
            tier: &tier,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/evidence/{}", item.id));
    Ok(item.id)
}

#[server(endpoint = "evidence/hand_over")]
pub async fn hand_over_evidence(
    case_id: i32,
    item_id: i32,
    handed_to: String,
    note: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::evidence::hand_over(&scope, item_id, &handed_to, &note).await?;
    Ok(())
}

/// `target` is `case` or `party:<id>`.
#[server(endpoint = "evidence/link")]
pub async fn link_evidence(
    case_id: i32,
    item_id: i32,
    target: String,
    note: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::evidence::link_to_case_record(&scope, item_id, &target, &note).await?;
    Ok(())
}

#[server(endpoint = "docket")]
pub async fn load_docket(case_id: i32, page: u64) -> Result<Docket, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::views::docket::list(&scope, page.max(1), PER_PAGE).await
}

/// The reader's notices, newest first; with `case_id`, those of that case only.
#[server(endpoint = "notices")]
pub async fn my_notices(
    page: u64,
    unread_only: bool,
    case_id: Option<i32>,
) -> Result<Page<NoticeView>, AppError> {
    use crate::backend::{auth, notices};
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    notices::list(&state, &user, unread_only, case_id, page.max(1), PER_PAGE).await
}

/// Marks one notice read, or every unread one when `notice_id` is absent.
#[server(endpoint = "notices/read")]
pub async fn mark_notices_read(notice_id: Option<i32>) -> Result<u64, AppError> {
    use crate::backend::{auth, notices};
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    notices::mark_read(&state, user.id, notice_id).await
}
