use sea_orm::entity::prelude::*;

/// One supervised sitting of a task. A correction is a new row naming the one it corrects.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_sittings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub started_at: DateTimeUtc,
    pub ended_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub observations: String,
    #[sea_orm(column_type = "Text")]
    pub refused: String,
    pub corrects_id: Option<i32>,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
