use crate::backend::stored::Stored;
use domain::orders::Position;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clarification_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub clarification_id: i32,
    pub party_id: i32,
    pub filed_by: i32,
    pub position: Stored<Position>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub filed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
