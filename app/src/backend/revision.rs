//! The stale-form check, in one place. A form carries the revision of the record it was
//! opened on (a hidden field named `revision`; a directive's is its version number), and a
//! change applies only if the record is still at that revision: of two people changing the
//! same thing at once, the second is told and nothing they sent is kept.

use crate::error::{AppError, AppResult};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, UpdateMany};

/// The revision a form posted. Only a tampered form sends something else.
pub fn parse(raw: &str) -> AppResult<i32> {
    raw.trim().parse().map_err(|_| AppError::BadRequest)
}

/// Runs `update` (already narrowed to one row, with any other changes it makes) only if
/// the row's `column` still holds `seen`, moving it on by one; otherwise refuses as stale
/// and changes nothing.
pub async fn advance<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    update: UpdateMany<E>,
    column: E::Column,
    seen: i32,
) -> AppResult<()> {
    let done = update
        .col_expr(column, Expr::col(column).add(1))
        .filter(column.eq(seen))
        .exec(txn)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}
