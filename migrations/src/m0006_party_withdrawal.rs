//! A party that leaves a case after filing is marked withdrawn, not deleted, so its
//! filings, obligations and docket entries keep their party.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("parties")
                    .add_column(timestamp_with_time_zone_null("withdrawn_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("parties")
                    .drop_column("withdrawn_at")
                    .to_owned(),
            )
            .await
    }
}
