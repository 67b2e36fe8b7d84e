//! The database: connecting and migrating, the write transaction every change goes through,
//! and how a database failure becomes an `AppError`.

use crate::error::{AppError, AppResult};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::PgConnectOptions;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use std::panic::Location;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

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
        // A connection to a file in this process cannot have dropped: testing it before each
        // use (sqlx's default) would only add a round trip to its thread to every query.
        options
            .max_connections(4)
            .test_before_acquire(false)
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

/// A write transaction together with the SQLite writer lock, taken before it begins and
/// released after it ends, so that no write can forget the lock. Dropped without `commit`,
/// it rolls back. PostgreSQL takes no lock here: its row locks order concurrent writers.
pub struct Write {
    // Declared first so that it ends (rolls back) before the lock is released.
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl std::fmt::Debug for Write {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Write").finish_non_exhaustive()
    }
}

impl Write {
    /// Waits for the writer lock (SQLite) and begins a transaction on `db`.
    #[track_caller]
    pub fn begin(
        db: &DatabaseConnection,
        writer: Arc<Mutex<()>>,
    ) -> impl Future<Output = AppResult<Write>> + '_ {
        let at = Location::caller();
        async move {
            let (writer, txn) = match db.get_database_backend() {
                // IMMEDIATE: the transaction holds SQLite's write lock from its start. A
                // deferred one would read from a snapshot first, and a write committed
                // meanwhile outside this lock (a session saved) would then make its first
                // write fail at once with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits
                // out. The crash check (server/benches/crash.rs) met it in report filings.
                DatabaseBackend::Sqlite => {
                    let writer = writer.lock_owned().await;
                    let options = TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..TransactionOptions::default()
                    };
                    let txn = db.begin_with_options(options).await;
                    (Some(writer), txn)
                }
                _ => (None, db.begin().await),
            };
            let txn = txn.map_err(|e| logged(at, e))?;
            Ok(Write {
                txn,
                _writer: writer,
            })
        }
    }

    #[track_caller]
    pub fn commit(self) -> impl Future<Output = AppResult<()>> {
        let at = Location::caller();
        async move { self.txn.commit().await.map_err(|e| logged(at, e)) }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Write {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
}

fn logged(at: &Location<'_>, e: impl std::fmt::Display) -> AppError {
    tracing::error!(%at, "{e}");
    AppError::Internal
}

/// A database failure is ours, not the person's: it is logged with the line of the `?` that
/// met it (so a logged error says which query failed) and shown as `AppError::Internal`.
impl From<DbErr> for AppError {
    #[track_caller]
    fn from(e: DbErr) -> AppError {
        logged(Location::caller(), e)
    }
}

/// Any other failure of ours, logged with the line that met it.
#[track_caller]
pub fn internal(e: impl std::fmt::Display) -> AppError {
    logged(Location::caller(), e)
}

/// `.or_internal()` on a result whose error is ours: logged with the caller's line.
pub trait OrInternal<T> {
    fn or_internal(self) -> AppResult<T>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for Result<T, E> {
    #[track_caller]
    fn or_internal(self) -> AppResult<T> {
        let at = Location::caller();
        self.map_err(|e| logged(at, e))
    }
}

/// Whether `e` is a unique constraint failing: a duplicate someone else saved first. The
/// field's own message goes back to the form; anything else is internal.
#[track_caller]
pub fn unique_violation_or_internal(e: DbErr, field: &str, message: &str) -> AppError {
    if matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ) {
        AppError::invalid(field, message)
    } else {
        logged(Location::caller(), e)
    }
}
