use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "parties")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub name: String,
    pub short_name: String,
    /// A `domain::PartyRole` name.
    pub role: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
