//! Plain SQL for the baseline: statements with bound values on the portal's own pool, rows
//! read by column name, and the sealing rules as SQL text built from `domain::can`.

use super::Refusal;
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::{Action, Actor, can};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, Statement, TryGetable, Value};

fn statement(
    db: &DatabaseConnection,
    sql: &str,
    values: impl IntoIterator<Item = Value>,
) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub async fn all(
    db: &DatabaseConnection,
    sql: &str,
    values: impl IntoIterator<Item = Value>,
) -> Result<Vec<QueryResult>, Refusal> {
    Ok(db.query_all_raw(statement(db, sql, values)).await?)
}

pub async fn one(
    db: &DatabaseConnection,
    sql: &str,
    values: impl IntoIterator<Item = Value>,
) -> Result<Option<QueryResult>, Refusal> {
    Ok(db.query_one_raw(statement(db, sql, values)).await?)
}

pub fn get<T: TryGetable>(row: &QueryResult, column: &str) -> Result<T, Refusal> {
    row.try_get("", column)
        .map_err(|e| Refusal::Internal(format!("{column}: {e}")))
}

/// A stored name (a role, a tier, a state) as the domain's type.
pub fn parse<T: std::str::FromStr>(stored: &str) -> Result<T, Refusal> {
    stored
        .parse()
        .map_err(|_| Refusal::Internal(format!("unknown stored name {stored}")))
}

/// Rows of `alias` (with `tier` and a producing party in `party_col`) that `actor` may see:
/// each tier the rules open to the reader whoever produced it, or only what their own
/// party produced. `FALSE` for someone who may see nothing.
pub fn sealed(actor: &Actor, alias: &str, party_col: &str) -> String {
    by_tier(actor, alias, |own| format!("{alias}.{party_col} = {own}"))
}

/// Docket entries of `alias` that `actor` may read: a tier open to them, or one open to
/// their party where their party is among the entry's readers.
pub fn docket_readable(actor: &Actor, alias: &str) -> String {
    by_tier(actor, alias, |own| {
        format!("{alias}.id IN (SELECT docket_entry_id FROM docket_readers WHERE party_id = {own})")
    })
}

/// The sealing rule as SQL: each tier `domain::can` opens to `actor` whoever produced the
/// row, or, for a tier open only for their own party's material, `own_party(party)` too.
fn by_tier(actor: &Actor, alias: &str, own_party: impl Fn(i32) -> String) -> String {
    let mut any = Vec::new();
    for tier in SealingTier::ALL.iter().copied() {
        let sees = |producer| can(actor, Action::See(Sealing { tier, producer }));
        if sees(Producer::Court) {
            any.push(format!("{alias}.tier = '{}'", tier.as_str()));
        } else if let Some(own) = actor.party_id
            && sees(Producer::Party(own))
        {
            any.push(format!(
                "({alias}.tier = '{}' AND {})",
                tier.as_str(),
                own_party(own)
            ));
        }
    }
    either(any)
}

fn either(any: Vec<String>) -> String {
    if any.is_empty() {
        "1 = 0".to_owned()
    } else {
        format!("({})", any.join(" OR "))
    }
}
