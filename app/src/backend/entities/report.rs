use crate::backend::stored::Stored;
use domain::evidence::SealingTier;
use sea_orm::entity::prelude::*;

/// A filed version of the Registrar's report; the document is the evidence item's file.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub version: i32,
    pub supersedes_id: Option<i32>,
    pub tier: Stored<SealingTier>,
    pub evidence_item_id: i32,
    pub sha256: String,
    pub size: i64,
    pub audit_seq: i64,
    pub audit_hash: String,
    /// The draft's fingerprint when filed: the same draft is not filed twice.
    pub basis: String,
    pub filed_by: i32,
    pub filed_at: DateTimeUtc,
    /// When the report was filed with the court, where that was before it was recorded.
    pub acted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
