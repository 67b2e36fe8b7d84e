use sea_orm::entity::prelude::*;

/// A party agent's remark on a sitting they attended: an objection, or none.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sitting_remarks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sitting_id: i32,
    pub agent_id: i32,
    pub user_id: i32,
    pub objects: bool,
    #[sea_orm(column_type = "Text")]
    pub remark: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
