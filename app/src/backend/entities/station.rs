use sea_orm::entity::prelude::*;

/// A polling station of an election's register.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "stations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub election_id: i32,
    pub code: String,
    pub county_code: String,
    pub county: String,
    pub constituency_code: String,
    pub constituency: String,
    pub ward_code: String,
    pub ward: String,
    pub centre_code: String,
    pub centre: String,
    pub stream: String,
    pub name: String,
    pub registered_voters: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
