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

#[server(endpoint = "directives/detail")]
pub async fn load_directive(case_id: i32, directive_id: i32) -> Result<DirectiveDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::views::directive::detail(&scope, directive_id).await
}

/// Two versions of a directive compared word by word.
#[server(endpoint = "directives/compare")]
pub async fn compare_versions(
    case_id: i32,
    directive_id: i32,
    from: i32,
    to: i32,
) -> Result<crate::model::VersionDiff, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::orders::compare(&scope, directive_id, from, to).await
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
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let created = orders::correct(
        &scope,
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
            version: &version,
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
    let scope = super::case_scope(case_id).await?;
    let directives = directives.unwrap_or_default();
    let created = responses::file(
        &scope,
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
    let scope = super::case_scope(case_id).await?;
    crate::backend::responses::form(&scope).await
}

#[server(endpoint = "responses/detail")]
pub async fn load_response(case_id: i32, response_id: i32) -> Result<ResponseDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::responses::detail(&scope, response_id).await
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
    let scope = super::case_scope(case_id).await?;
    crate::backend::compliance::assess(&scope, obligation_id, &revision, &finding, &reason)
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
    let scope = super::case_scope(case_id).await?;
    crate::backend::compliance::excuse(&scope, obligation_id, &revision, &reason)
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
    let scope = super::case_scope(case_id).await?;
    let filter = crate::model::MatrixFilter {
        party: party.unwrap_or_default(),
        status: status.unwrap_or_default(),
        overdue_only: overdue.is_some_and(|v| !v.is_empty()),
    };
    crate::backend::views::compliance::matrix(&scope, filter).await
}

#[server(endpoint = "compliance/mine")]
pub async fn load_my_obligations(case_id: i32) -> Result<MyObligations, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::views::compliance::mine(&scope).await
}

/// `file_now` is present (any value) to file at once instead of keeping a draft.
#[server(endpoint = "clarifications/request")]
pub async fn request_clarification(
    case_id: i32,
    directive_id: i32,
    quote: String,
    question: String,
    grounds: String,
    proposed: String,
    exhibits: String,
    file_now: Option<String>,
) -> Result<i32, AppError> {
    use crate::backend::clarifications::{self, RequestInput};
    let scope = super::case_scope(case_id).await?;
    let created = clarifications::request(
        &scope,
        RequestInput {
            directive_id,
            quote: &quote,
            question: &question,
            grounds: &grounds,
            proposed: &proposed,
            exhibits: &exhibits,
            file_now: file_now.is_some(),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case_id}/clarifications/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "clarifications/detail")]
pub async fn load_clarification(
    case_id: i32,
    clarification_id: i32,
) -> Result<crate::model::ClarificationDetail, AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::detail(&scope, clarification_id).await
}

#[server(endpoint = "clarifications/file")]
pub async fn file_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::file(&scope, clarification_id, &revision).await
}

#[server(endpoint = "clarifications/withdraw")]
pub async fn withdraw_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::withdraw(&scope, clarification_id, &revision).await
}

#[server(endpoint = "clarifications/open")]
pub async fn open_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
    closes_at: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::open(&scope, clarification_id, &revision, &closes_at).await
}

#[server(endpoint = "clarifications/respond")]
pub async fn respond_to_clarification(
    case_id: i32,
    clarification_id: i32,
    position: String,
    body: String,
    exhibits: String,
) -> Result<(), AppError> {
    let scope = super::case_scope(case_id).await?;
    crate::backend::clarifications::respond(&scope, clarification_id, &position, &body, &exhibits)
        .await
        .map(|_| ())
}

/// The ruling; for a variation, the directive's new terms come with it (the same fields as
/// the directive form) with the version they replace.
#[server(endpoint = "clarifications/rule")]
pub async fn rule_on_clarification(
    case_id: i32,
    clarification_id: i32,
    revision: String,
    ruling: String,
    ruling_text: String,
    directive_version: Option<String>,
    text: Option<String>,
    obliged: Option<HashMap<String, String>>,
    office: Option<HashMap<String, String>>,
    third_parties: Option<String>,
    window_opens: Option<String>,
    deadline: Option<String>,
    limits: Option<String>,
    tier: Option<String>,
    carry: Option<String>,
) -> Result<String, AppError> {
    use crate::backend::clarifications::{self, RulingInput};
    use crate::backend::orders::Terms;
    let scope = super::case_scope(case_id).await?;
    let (obliged, office) = (obliged.unwrap_or_default(), office.unwrap_or_default());
    let text = text.unwrap_or_default();
    let third_parties = third_parties.unwrap_or_default();
    let window_opens = window_opens.unwrap_or_default();
    let deadline = deadline.unwrap_or_default();
    let limits = limits.unwrap_or_default();
    let tier = tier.unwrap_or_default();
    let directive_version = directive_version.unwrap_or_default();
    let terms = (ruling == "varied").then_some(Terms {
        text: &text,
        obliged: &obliged,
        offices: &office,
        third_parties: &third_parties,
        window_opens: &window_opens,
        deadline: &deadline,
        limits: &limits,
        tier: &tier,
    });
    clarifications::rule(
        &scope,
        clarification_id,
        RulingInput {
            ruling: &ruling,
            text: &ruling_text,
            revision: &revision,
            terms,
            directive_version: &directive_version,
            carry: carry.is_some(),
        },
    )
    .await
    .map(|s| s.as_str().to_owned())
}
