use crate::backend::stored::Stored;
use domain::evidence::SealingTier;
use domain::orders::VersionReason;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "directive_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub directive_id: i32,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub window_opens: Option<DateTimeUtc>,
    pub deadline: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub limits: String,
    #[sea_orm(column_type = "Text")]
    pub third_parties: String,
    pub tier: Stored<SealingTier>,
    pub reason: Stored<VersionReason>,
    #[sea_orm(column_type = "Text")]
    pub reason_note: String,
    pub source_kind: Option<String>,
    pub source_id: Option<i32>,
    pub carries_compliance: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    /// When the court made the variation or correction, where that was before `created_at`.
    pub acted_at: Option<DateTimeUtc>,
    /// How many agents each party may send to each of its tasks; `None`: no limit set.
    pub agent_limit: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
