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
    pub from_state: String,
    pub to_state: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub response_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
