use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cell_exhibits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub obligation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i32,
    /// The most open audience that may see a citation of the item for the cell: 0 the
    /// public, 1 the parties, 2 only the court and the citing party.
    pub audience: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
