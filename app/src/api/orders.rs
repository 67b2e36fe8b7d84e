//! Orders, directives, responses and compliance, as pages call them.
//!
//! A server function takes one argument per field of the form that posts to it, so the
//! plain HTML form works before the wasm loads; the long forms here have many fields.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{
    DirectiveDetail, Matrix, MyObligations, OrderDetail, OrderList, ResponseDetail, ResponseForm,
};
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
async fn member_of(case_id: i32) -> Result<(crate::backend::AppState, domain::Actor), AppError> {
    use crate::backend::auth;
    let state = auth::state()?;
    let user = auth::require_user(&state).await?;
    let actor = auth::actor_in_case(&state, &user, case_id).await?;
    Ok((state, actor))
}

#[server(endpoint = "orders/list")]
pub async fn load_orders(case_id: i32) -> Result<OrderList, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::orders::list(&state, &actor, case_id).await
}

#[server(endpoint = "orders/record")]
pub async fn record_order(
    case_id: i32,
    title: String,
    issued_at: String,
    bench: String,
    preamble: String,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, OrderInput};
    let (state, actor) = member_of(case_id).await?;
    let order = orders::record(
        &state,
        &actor,
        case_id,
        OrderInput {
            title: &title,
            issued_at: &issued_at,
            bench: &bench,
            preamble: &preamble,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/orders/{}", order.id));
    Ok(order.id)
}

#[server(endpoint = "orders/detail")]
pub async fn load_order(case_id: i32, order_id: i32) -> Result<OrderDetail, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::orders::detail(&state, &actor, case_id, order_id).await
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
    tier: String,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, Terms};
    let (state, actor) = member_of(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let created = orders::add_directive(
        &state,
        &actor,
        case_id,
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

/// Returns the docket number the order was filed under.
#[server(endpoint = "orders/issue")]
pub async fn issue_order(case_id: i32, order_id: i32, revision: String) -> Result<i32, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::orders::issue(&state, &actor, case_id, order_id, &revision).await
}

#[server(endpoint = "directives/detail")]
pub async fn load_directive(case_id: i32, directive_id: i32) -> Result<DirectiveDetail, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::orders::directive_detail(&state, &actor, case_id, directive_id).await
}

/// A correction of a directive of an issued order: a new version.
#[server(endpoint = "directives/correct")]
pub async fn correct_directive(
    case_id: i32,
    directive_id: i32,
    version: String,
    text: String,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: String,
    window_opens: String,
    deadline: String,
    limits: String,
    tier: String,
    reason_note: String,
    carry: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::orders::{self, Correction, Terms};
    let (state, actor) = member_of(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let created = orders::correct(
        &state,
        &actor,
        case_id,
        directive_id,
        Terms {
            text: &text,
            obliged: &obliged,
            offices: &office,
            third_parties: &third_parties,
            window_opens: &window_opens,
            deadline: &deadline,
            limits: &limits,
            tier: &tier,
        },
        Correction {
            expected_version: &version,
            note: &reason_note,
            carry: carry.is_some(),
        },
    )
    .await?;
    Ok(created.number)
}

/// `directives` is keyed by directive id (`directives[12]=on`).
#[server(endpoint = "responses/file")]
pub async fn file_response(
    case_id: i32,
    kind: String,
    party: String,
    third_party: String,
    title: String,
    body: String,
    tier: String,
    directives: Option<HashMap<String, String>>,
    exhibits: String,
) -> Result<i32, AppError> {
    use crate::backend::responses::{self, ResponseInput};
    let (state, actor) = member_of(case_id).await?;
    let directives = directives.unwrap_or_default();
    let created = responses::file(
        &state,
        &actor,
        case_id,
        ResponseInput {
            kind: &kind,
            party: &party,
            third_party: &third_party,
            title: &title,
            body: &body,
            tier: &tier,
            directives: &directives,
            exhibits: &exhibits,
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/responses/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "responses/form")]
pub async fn load_response_form(case_id: i32) -> Result<ResponseForm, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::responses::form(&state, &actor, case_id).await
}

#[server(endpoint = "responses/detail")]
pub async fn load_response(case_id: i32, response_id: i32) -> Result<ResponseDetail, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::responses::detail(&state, &actor, case_id, response_id).await
}

/// Returns the cell's new state name.
#[server(endpoint = "compliance/assess")]
pub async fn assess_compliance(
    case_id: i32,
    obligation_id: i32,
    revision: String,
    finding: String,
    reason: String,
) -> Result<String, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::compliance::assess(
        &state,
        &actor,
        case_id,
        obligation_id,
        &revision,
        &finding,
        &reason,
    )
    .await
    .map(|s| s.as_str().to_owned())
}

#[server(endpoint = "compliance/excuse")]
pub async fn excuse_obligation(
    case_id: i32,
    obligation_id: i32,
    revision: String,
    reason: String,
) -> Result<String, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::compliance::excuse(&state, &actor, case_id, obligation_id, &revision, &reason)
        .await
        .map(|s| s.as_str().to_owned())
}

#[server(endpoint = "compliance/matrix")]
pub async fn load_matrix(
    case_id: i32,
    party: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
) -> Result<Matrix, AppError> {
    let (state, actor) = member_of(case_id).await?;
    let filter = crate::model::MatrixFilter {
        party: party.unwrap_or_default(),
        status: status.unwrap_or_default(),
        overdue_only: overdue.is_some_and(|v| !v.is_empty()),
    };
    crate::backend::compliance::matrix(&state, &actor, case_id, filter).await
}

#[server(endpoint = "compliance/mine")]
pub async fn load_my_obligations(case_id: i32) -> Result<MyObligations, AppError> {
    let (state, actor) = member_of(case_id).await?;
    crate::backend::compliance::mine(&state, &actor, case_id).await
}
