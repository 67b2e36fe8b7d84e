use crate::backend::stored::Stored;
use domain::tasks::{ScopeKind, TaskKind, TaskState};
use sea_orm::entity::prelude::*;

/// A scrutiny task: one unit of supervised work carrying out a directive version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub directive_id: i32,
    pub version_number: i32,
    pub kind: Stored<TaskKind>,
    /// The forms an inspection covers, as comma-separated `FormKind` names.
    pub forms: String,
    pub scope: Stored<ScopeKind>,
    pub station_code: Option<String>,
    pub county_code: Option<String>,
    pub constituency_code: Option<String>,
    pub ballot_box: Option<String>,
    pub server: Option<String>,
    pub evidence_item_id: Option<i32>,
    pub scope_key: String,
    pub venue: String,
    pub slot_starts: Option<DateTimeUtc>,
    pub slot_ends: Option<DateTimeUtc>,
    pub state: Stored<TaskState>,
    pub resume_state: Option<String>,
    pub revision: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
