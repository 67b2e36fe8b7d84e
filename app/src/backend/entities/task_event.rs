use crate::backend::stored::Stored;
use domain::tasks::TaskState;
use sea_orm::entity::prelude::*;

/// One step in a task's history.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub event: String,
    pub from_state: Stored<TaskState>,
    pub to_state: Stored<TaskState>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub response_id: Option<i32>,
    pub actor_id: Option<i32>,
    pub at: DateTimeUtc,
    /// When it was done, where that was before it was recorded (a sitting's start, a
    /// verification made on paper).
    pub acted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
