use crate::backend::stored::Stored;
use domain::evidence::EvidenceKind;
use domain::evidence::SealingTier;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub code: String,
    pub title: String,
    pub kind: Stored<EvidenceKind>,
    pub station_code: Option<String>,
    pub description: String,
    /// `None` when the court produced the item.
    pub producer_party_id: Option<i32>,
    pub tier: Stored<SealingTier>,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
