use sea_orm::entity::prelude::*;

/// Someone present at a sitting: an officer (by account) or a party agent.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sitting_attendance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub sitting_id: i32,
    pub user_id: Option<i32>,
    pub agent_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
