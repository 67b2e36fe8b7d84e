use sea_orm::entity::prelude::*;

/// A person a party sends to scrutiny sittings, nominated by its counsel.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub party_id: i32,
    pub name: String,
    /// The national ID (or passport) number the registry checks at the door.
    pub id_number: String,
    pub phone: String,
    /// The agent's own account, a member of the case as its party's agent.
    pub user_id: Option<i32>,
    pub nominated_by: i32,
    pub nominated_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
