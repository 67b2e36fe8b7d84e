//! The figures a finding reads: counts typed into a form, and the registered voters of
//! a task's station, the bound no count may pass.

use crate::backend::entities::{station, task};
use crate::error::AppResult;
use domain::findings::VOTES_MAX;
use domain::{FieldError, FieldErrors};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A whole number typed into a count field, 0 when empty.
pub(super) fn count(errors: &mut FieldErrors, field: &str, raw: &str) -> u32 {
    match raw.trim() {
        "" => 0,
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= VOTES_MAX)
            .unwrap_or_else(|| {
                errors.push(FieldError::new(
                    field,
                    format!("Give a whole number from 0 to {VOTES_MAX}."),
                ));
                0
            }),
    }
}

/// The registered voters of the task's station, when the case's register lists it.
pub(super) async fn registered_voters(
    db: &impl ConnectionTrait,
    t: &task::Model,
) -> AppResult<Option<u32>> {
    let Some(code) = &t.station_code else {
        return Ok(None);
    };
    let election = crate::backend::entities::case::Entity::find_by_id(t.case_id)
        .one(db)
        .await?
        .and_then(|c| c.election_id);
    let Some(election) = election else {
        return Ok(None);
    };
    Ok(station::Entity::find()
        .filter(station::Column::ElectionId.eq(election))
        .filter(station::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .and_then(|s| u32::try_from(s.registered_voters).ok()))
}
