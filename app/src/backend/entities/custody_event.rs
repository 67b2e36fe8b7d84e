use crate::backend::stored::Stored;
use domain::evidence::CustodyKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "custody_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub item_id: i32,
    pub at: DateTimeUtc,
    pub kind: Stored<CustodyKind>,
    pub actor_id: Option<i32>,
    pub file_id: Option<i32>,
    pub handed_to: Option<String>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
