//! Connecting to the database named by a URL, and bringing its schema up to date.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::PgConnectOptions;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens a pool for `url` (`sqlite://path?mode=rwc` or `postgres://…`) and applies every
/// pending migration.
///
/// SQLite gets WAL (readers never wait for the writer), a busy timeout set before WAL is
/// switched on, foreign keys enforced, and `synchronous = NORMAL`, which is durable in WAL.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        options
            .max_connections(4)
            .map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| {
                opts.busy_timeout(Duration::from_secs(10))
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .create_if_missing(true)
            });
    } else {
        // A request never waits on a row lock for long: past this it fails and says so.
        options
            .max_connections(10)
            .map_sqlx_postgres_opts(|opts: PgConnectOptions| {
                opts.options([("lock_timeout", "30s")])
            });
    }
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}
