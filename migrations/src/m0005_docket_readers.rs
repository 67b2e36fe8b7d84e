//! The parties who may read a docket entry sealed court only: its producer, or every party a
//! sealed directive obliges. One party column could not say "IEBC and its chairperson", and
//! an entry about a party that the court filed (an assessment) has no producing party.

use crate::m0002_evidence_audit_docket::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("docket_readers")
                    .col(integer("docket_entry_id"))
                    .col(integer("party_id"))
                    .primary_key(Index::create().col("docket_entry_id").col("party_id"))
                    .foreign_key(&mut fk(
                        "docket_readers",
                        "docket_entry_id",
                        "docket_entries",
                        "id",
                    ))
                    .foreign_key(&mut fk("docket_readers", "party_id", "parties", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_docket_readers_party",
            "docket_readers",
            &["party_id", "docket_entry_id"],
            false,
        )
        .await?;
        // Until now the party an entry was filed for was the one party who read it sealed.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO docket_readers (docket_entry_id, party_id) \
                 SELECT id, party_id FROM docket_entries WHERE party_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("docket_readers").to_owned())
            .await
    }
}
