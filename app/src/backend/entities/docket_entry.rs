use crate::backend::stored::Stored;
use domain::evidence::SealingTier;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "docket_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub number: i32,
    pub filed_at: DateTimeUtc,
    /// When the act it records happened, where that was before it was entered here (a
    /// paper filing received, a ruling given in court).
    pub acted_at: Option<DateTimeUtc>,
    /// `None` when the portal itself filed.
    pub filed_by: Option<i32>,
    pub party_id: Option<i32>,
    pub kind: String,
    pub title: String,
    pub target_kind: String,
    pub target_id: i32,
    pub tier: Stored<SealingTier>,
    pub audit_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
