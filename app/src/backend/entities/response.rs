use crate::backend::stored::Stored;
use domain::evidence::SealingTier;
use domain::orders::ResponseKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub kind: Stored<ResponseKind>,
    pub party_id: Option<i32>,
    pub third_party: Option<String>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub tier: Stored<SealingTier>,
    pub filed_by: i32,
    pub filed_at: DateTimeUtc,
    /// For a filing received at the registry on paper: when it was received (the act);
    /// `filed_at` is then when the registry recorded it.
    pub received_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
