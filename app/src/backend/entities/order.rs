use crate::backend::stored::Stored;
use domain::orders::OrderState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub title: String,
    pub issued_at: DateTimeUtc,
    pub bench: String,
    #[sea_orm(column_type = "Text")]
    pub preamble: String,
    pub state: Stored<OrderState>,
    pub revision: i32,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
    pub filed_by: Option<i32>,
    pub filed_at: Option<DateTimeUtc>,
    /// When the Registrar's report on the scrutiny it orders is due.
    pub report_due_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
