use sea_orm::entity::prelude::*;

/// A party who may read a docket entry even when it is sealed court only.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "docket_readers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub docket_entry_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub party_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
