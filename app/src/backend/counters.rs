//! Gapless per-case numbers (docket numbers, exhibit sequences).
//!
//! A number is taken inside the transaction that uses it: the increment locks the series'
//! row (on PostgreSQL; SQLite has one writer) until that transaction ends, so concurrent
//! filings queue for the next number, and a rolled-back filing gives its number back.

use crate::backend::db::internal;
use crate::backend::entities::case_counter;
use crate::error::AppResult;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub async fn next(txn: &impl ConnectionTrait, case_id: i32, series: &str) -> AppResult<i32> {
    case_counter::Entity::insert(case_counter::ActiveModel {
        case_id: Set(case_id),
        series: Set(series.to_owned()),
        value: Set(0),
    })
    .on_conflict(
        OnConflict::columns([case_counter::Column::CaseId, case_counter::Column::Series])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    case_counter::Entity::update_many()
        .col_expr(
            case_counter::Column::Value,
            Expr::col(case_counter::Column::Value).add(1),
        )
        .filter(case_counter::Column::CaseId.eq(case_id))
        .filter(case_counter::Column::Series.eq(series))
        .exec(txn)
        .await?;
    let row = case_counter::Entity::find_by_id((case_id, series.to_owned()))
        .one(txn)
        .await?
        .ok_or_else(|| internal(format!("counter {series} of case {case_id} vanished")))?;
    Ok(row.value)
}
