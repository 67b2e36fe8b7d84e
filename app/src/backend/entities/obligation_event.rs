use crate::backend::stored::Stored;
use domain::compliance::ComplianceState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "obligation_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub obligation_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    pub event: String,
    pub from_state: Stored<ComplianceState>,
    pub to_state: Stored<ComplianceState>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub response_id: Option<i32>,
    /// When the court made the finding or excuse, where that was before `at` (recorded).
    pub acted_at: Option<DateTimeUtc>,
    /// The filed Registrar's report the court relied on, if it cited one.
    pub report_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
