use sea_orm::entity::prelude::*;

/// A directive version a filed report covers.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_directives")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
