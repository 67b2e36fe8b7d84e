//! Station registers: one per election, each polling station under its 15-digit code with
//! the names of its county, constituency, ward and centre and its registered voters. A
//! case names the election it is about, so its station codes are checked against the
//! register (by shape only where it has none).

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
                    .table("elections")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("name", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("stations")
                    .col(pk_auto("id"))
                    .col(integer("election_id"))
                    .col(string_len("code", 15))
                    // The levels of the code, kept apart so a board filters by them.
                    .col(string_len("county_code", 3))
                    .col(string_len("county", 200))
                    .col(string_len("constituency_code", 3))
                    .col(string_len("constituency", 200))
                    .col(string_len("ward_code", 4))
                    .col(string_len("ward", 200))
                    .col(string_len("centre_code", 3))
                    .col(string_len("centre", 200))
                    .col(string_len("stream", 2))
                    .col(string_len("name", 200))
                    .col(integer("registered_voters"))
                    .foreign_key(&mut fk("stations", "election_id", "elections", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_stations_election_code",
            "stations",
            &["election_id", "code"],
            true,
        )
        .await?;
        // SQLite adds a column but not its foreign key; the services keep it pointing at an
        // election.
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .add_column(integer_null("election_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("cases")
                    .drop_column("election_id")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("stations").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("elections").to_owned())
            .await
    }
}
