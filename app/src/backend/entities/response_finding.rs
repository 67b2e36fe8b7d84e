use sea_orm::entity::prelude::*;

/// An objection disputing a verified finding: which version of which task's finding.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "response_findings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub response_id: i32,
    pub finding_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
