use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub code: String,
    pub title: String,
    /// A `domain::evidence::EvidenceKind` name.
    pub kind: String,
    pub station_code: Option<String>,
    pub description: String,
    /// `None` when the court produced the item.
    pub producer_party_id: Option<i32>,
    /// A `domain::evidence::SealingTier` name.
    pub tier: String,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
