//! When the court or a party acted, kept apart from when the portal recorded it: a ruling
//! given from the bench on Monday is often typed in on Wednesday, and deadlines are judged
//! against the act. Each column is empty where the act and the record are the same moment.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column): one statement each, as SQLite alters one column at a time.
const ADDED: [(&str, &str); 4] = [
    // A filing received at the registry on paper: when the registry received it.
    ("responses", "received_at"),
    // An assessment or excuse: when the court made it.
    ("obligation_events", "acted_at"),
    // A variation or correction: when the court made it.
    ("directive_versions", "acted_at"),
    // A clarification ruling: `ruled_at` is when the court ruled; this is when it was typed in.
    ("clarifications", "ruling_recorded_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in ADDED {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        // Rulings recorded so far were recorded when they were given; the first version of
        // a directive of an issued order was made with the order.
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE clarifications SET ruling_recorded_at = ruled_at WHERE ruled_at IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE directive_versions SET acted_at = (SELECT orders.issued_at FROM directives \
             JOIN orders ON orders.id = directives.order_id \
             WHERE directives.id = directive_versions.directive_id AND orders.state = 'issued') \
             WHERE number = 1",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in ADDED {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
