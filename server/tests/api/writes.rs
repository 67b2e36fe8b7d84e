//! A write transaction holds against writes made beside it, outside the writer lock (a
//! session saved, a failed sign-in counted): on SQLite a deferred transaction that read
//! first would fail its first write at once (SQLITE_BUSY_SNAPSHOT), which the crash check
//! met in report filings.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::case_counter;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

on_both_backends!(a_write_holds_while_another_commits_beside_it);

async fn a_write_holds_while_another_commits_beside_it(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let insert = |series: &str| {
        format!(
            "INSERT INTO case_counters (case_id, series, value) VALUES ({case_id}, '{series}', 0)"
        )
    };
    let txn = app.state.write().await.unwrap();
    // The transaction reads first, as most writes do.
    let backend_kind = txn.get_database_backend();
    txn.query_one_raw(Statement::from_string(
        backend_kind,
        "SELECT COUNT(*) FROM case_counters",
    ))
    .await
    .unwrap();
    let beside = {
        let (db, statement) = (app.state.db.clone(), insert("beside"));
        tokio::spawn(async move { db.execute_unprepared(&statement).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    txn.execute_unprepared(&insert("inside")).await.unwrap();
    txn.commit().await.unwrap();
    beside.await.unwrap().unwrap();
    let series: Vec<String> = case_counter::Entity::find()
        .filter(case_counter::Column::CaseId.eq(case_id))
        .filter(case_counter::Column::Series.is_in(["beside", "inside"]))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.series)
        .collect();
    assert_eq!(series.len(), 2, "{series:?}");
}
