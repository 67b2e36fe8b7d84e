//! Reading registers: the elections there are, and the stations a case's codes name.

use crate::backend::entities::{case, election, station};
use crate::error::AppResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Codes per lookup query: well under the bound parameters either database allows.
const CHUNK: usize = 500;

/// The register a case's codes are checked against, if it names an election.
#[derive(Clone, Debug)]
pub struct CaseRegister {
    pub election_id: i32,
    pub election: String,
    pub stations: u64,
}

pub async fn case_register(
    db: &impl ConnectionTrait,
    case: &case::Model,
) -> AppResult<Option<CaseRegister>> {
    let Some(id) = case.election_id else {
        return Ok(None);
    };
    let Some(e) = election::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let stations = station::Entity::find()
        .filter(station::Column::ElectionId.eq(id))
        .count(db)
        .await?;
    Ok(Some(CaseRegister {
        election_id: id,
        election: e.name,
        stations,
    }))
}

/// Every election with a register, by name, with its number of stations.
pub async fn elections(db: &impl ConnectionTrait) -> AppResult<Vec<(election::Model, u64)>> {
    let mut all = Vec::new();
    for e in election::Entity::find()
        .order_by_asc(election::Column::Name)
        .all(db)
        .await?
    {
        let n = station::Entity::find()
            .filter(station::Column::ElectionId.eq(e.id))
            .count(db)
            .await?;
        all.push((e, n));
    }
    Ok(all)
}

/// The stations of `election_id` among `codes`, by code.
pub async fn lookup(
    db: &impl ConnectionTrait,
    election_id: i32,
    codes: &[&str],
) -> AppResult<HashMap<String, station::Model>> {
    let mut found = HashMap::new();
    for chunk in codes.chunks(CHUNK) {
        for s in station::Entity::find()
            .filter(station::Column::ElectionId.eq(election_id))
            .filter(station::Column::Code.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(s.code.clone(), s);
        }
    }
    Ok(found)
}

/// Whether `code` is one of the case's register, where the case has one: the problem, for
/// the form's `field`, when it is not. Without a register codes are checked by shape only.
pub async fn check_listed(
    db: &impl ConnectionTrait,
    case: &case::Model,
    field: &str,
    code: &str,
) -> AppResult<Option<domain::FieldError>> {
    let Some(register) = case_register(db, case).await? else {
        return Ok(None);
    };
    Ok(lookup(db, register.election_id, &[code])
        .await?
        .is_empty()
        .then(|| {
            domain::FieldError::new(
                field,
                format!("{code} is not in the register of {}.", register.election),
            )
        }))
}
