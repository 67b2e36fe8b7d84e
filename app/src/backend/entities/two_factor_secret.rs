use sea_orm::entity::prelude::*;

/// An account's confirmed authenticator secret (base32). `last_step` is the last TOTP time
/// step accepted: a code is good once, so only later steps are accepted after it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "two_factor_secrets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub secret: String,
    pub last_step: Option<i64>,
    pub enrolled_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
