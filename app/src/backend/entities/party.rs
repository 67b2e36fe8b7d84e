use crate::backend::stored::Stored;
use domain::PartyRole;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "parties")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub name: String,
    pub short_name: String,
    pub role: Stored<PartyRole>,
    pub created_at: DateTimeUtc,
    /// Set when a party with filings leaves the case: it keeps its history, but is no longer
    /// offered for new directives, filings or members.
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
