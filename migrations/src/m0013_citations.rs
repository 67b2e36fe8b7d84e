//! The court's decisions that follow the Registrar's report: an assessment of compliance
//! and a ruling on a request may cite a filed report, and a request dismissed as out of
//! time says so (the deadline it missed is its directive version's). A request lodged at
//! the registry on paper carries the registry's stamp, and a report the time it was filed
//! with the court, where either was before it was recorded here.
//!
//! A docket entry and a task's step, too, carry when the act it records happened, beside when it was
//! entered here.
//!
//! The new references are plain columns: SQLite cannot add a foreign key to a table that
//! exists, and the backend checks each citation against the case and the reader.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One column per statement: SQLite alters a table one change at a time.
const COLUMNS: [(&str, &str); 7] = [
    ("obligation_events", "report_id"),
    ("clarifications", "report_id"),
    ("clarifications", "out_of_time"),
    ("clarifications", "lodged_at"),
    ("reports", "acted_at"),
    ("docket_entries", "acted_at"),
    ("task_events", "acted_at"),
];

fn column(name: &'static str) -> ColumnDef {
    match name {
        "report_id" => integer_null(name),
        "out_of_time" => boolean(name).default(false).to_owned(),
        _ => timestamp_with_time_zone_null(name),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(column(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in COLUMNS.iter().rev() {
            manager
                .alter_table(Table::alter().table(*table).drop_column(*name).to_owned())
                .await?;
        }
        Ok(())
    }
}
