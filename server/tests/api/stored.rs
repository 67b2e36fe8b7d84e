//! A state, tier or role the portal does not know, found in the database (a bad migration, a
//! hand edit), is one internal error where the row is read: never guessed at as a draft or a
//! pending cell, never shown.

use crate::on_both_backends;
use crate::support::*;
use sea_orm::ConnectionTrait;

on_both_backends!(an_unknown_stored_name_is_an_internal_error);

async fn an_unknown_stored_name_is_an_internal_error(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let registrar = app.signed_in(REGISTRAR).await;
    let listed = registrar.call("orders/list", &[("case_id", &case)]).await;
    assert_eq!(listed.status, 200, "{}", listed.text);

    app.state
        .db
        .execute_unprepared("UPDATE orders SET state = 'half_issued'")
        .await
        .unwrap();
    let listed = registrar.call("orders/list", &[("case_id", &case)]).await;
    assert_eq!(listed.status, 500, "{}", listed.text);
    assert_eq!(listed.body, serde_json::json!("Internal"));
    assert!(!listed.text.contains("half_issued"));

    // Nothing else is touched: the case's other records still read.
    let evidence = registrar.call("evidence/list", &[("case_id", &case)]).await;
    assert_eq!(evidence.status, 200, "{}", evidence.text);
}
