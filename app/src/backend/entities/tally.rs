use sea_orm::entity::prelude::*;

/// One officer's independent count of a recount, for the finding version `round`;
/// `body` is `domain::findings::Tally` in JSON.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tallies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub round: i32,
    pub entered_by: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub entered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
