use crate::backend::stored::Stored;
use domain::compliance::ComplianceState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "obligations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub version_id: i32,
    pub party_id: i32,
    pub office: String,
    pub state: Stored<ComplianceState>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub revision: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i32>,
    pub latest_response_id: Option<i32>,
    pub exhibits_all: i32,
    pub exhibits_parties: i32,
    pub exhibits_public: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
