use sea_orm::entity::prelude::*;

/// What a sitting opened or accessed, with the seals found on it and put on after.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sitting_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sitting_id: i32,
    pub label: String,
    pub seal_found: String,
    pub seal_applied: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
