//! Orders as the registry drafts and issues them, as pages call them.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{OrderDetail, OrderList};
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "orders/list")]
pub async fn load_orders(case_id: i32) -> Result<OrderList, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::list(&scope).await
}

#[server(endpoint = "orders/record")]
pub async fn record_order(
    case_id: i32,
    title: String,
    issued_at: String,
    bench: String,
    preamble: String,
    report_due: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, OrderInput};
    let scope = super::case_scope(case_id).await?;
    let order = orders::record(
        &scope,
        OrderInput {
            title: &title,
            issued_at: &issued_at,
            bench: &bench,
            preamble: &preamble,
            report_due: report_due.as_deref().unwrap_or_default(),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/orders/{}", order.id));
    Ok(order.id)
}

#[server(endpoint = "orders/detail")]
pub async fn load_order(case_id: i32, order_id: i32) -> Result<OrderDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::detail(&scope, order_id).await
}

/// `obliged` and `office` are keyed by party id (`obliged[3]=on`, `office[3]=...`).
#[server(endpoint = "orders/add_directive")]
pub async fn add_directive(
    case_id: i32,
    order_id: i32,
    revision: String,
    label: String,
    text: String,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: String,
    window_opens: String,
    deadline: String,
    limits: String,
    agent_limit: Option<String>,
    tier: String,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, Terms};
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let created = orders::add_directive(
        &scope,
        order_id,
        &revision,
        &label,
        Terms {
            text: &text,
            obliged: &obliged,
            offices: &office,
            third_parties: &third_parties,
            window_opens: &window_opens,
            deadline: &deadline,
            limits: &limits,
            agent_limit: agent_limit.as_deref().unwrap_or_default(),
            tier: &tier,
        },
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/cases/{case_id}/orders/{order_id}?added={}",
        created.id
    ));
    Ok(created.id)
}

/// Takes a directive out of a draft order.
#[server(endpoint = "orders/remove_directive")]
pub async fn remove_directive(
    case_id: i32,
    order_id: i32,
    revision: String,
    directive_id: i32,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::remove_directive(&scope, order_id, &revision, directive_id).await
}

/// Returns the docket number the order was filed under.
#[server(endpoint = "orders/issue")]
pub async fn issue_order(case_id: i32, order_id: i32, revision: String) -> Result<i32, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::issue(&scope, order_id, &revision).await
}

/// Discards a draft order recorded by mistake, with its directives.
#[server(endpoint = "orders/discard")]
pub async fn discard_order(case_id: i32, order_id: i32, revision: String) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::discard(&scope, order_id, &revision).await
}

/// Edits a directive of a draft order: its number and terms.
#[server(endpoint = "orders/edit_directive")]
pub async fn edit_directive(
    case_id: i32,
    order_id: i32,
    revision: String,
    directive_id: i32,
    label: String,
    text: String,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: String,
    window_opens: String,
    deadline: String,
    limits: String,
    agent_limit: Option<String>,
    tier: String,
) -> Result<(), AppError> {
    use crate::backend::orders::{self, Terms};
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    orders::edit_directive(
        &scope,
        order_id,
        &revision,
        directive_id,
        &label,
        Terms {
            text: &text,
            obliged: &obliged,
            offices: &office,
            third_parties: &third_parties,
            window_opens: &window_opens,
            deadline: &deadline,
            limits: &limits,
            agent_limit: agent_limit.as_deref().unwrap_or_default(),
            tier: &tier,
        },
    )
    .await
}
