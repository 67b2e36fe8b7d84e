use sea_orm::entity::prelude::*;

/// A person present signing one version of a finding: agreeing, or objecting with a remark.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "finding_signatures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub finding_id: i32,
    /// "user:7" for an officer, "agent:3" for an agent: each signs a version once.
    pub signer: String,
    pub user_id: i32,
    pub agent_id: Option<i32>,
    pub agrees: bool,
    #[sea_orm(column_type = "Text")]
    pub remark: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
