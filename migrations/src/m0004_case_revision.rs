//! A case's stale-form counter is called `revision`, like every other record's; `version`
//! is kept for directive versions alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .rename_column("version", "revision")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .rename_column("revision", "version")
                    .to_owned(),
            )
            .await
    }
}
