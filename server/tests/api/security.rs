//! Cross-site requests are refused before they change anything.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::case;

on_both_backends!(requests_from_another_origin_are_refused);

async fn requests_from_another_origin_are_refused(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let admin = app.signed_in(ADMIN).await;
    let before = count::<case::Entity>(&app).await;
    let form = [
        ("number", "E200"),
        ("title", "T"),
        ("court", "C"),
        ("filing_date", "2022-09-01"),
    ];

    let forged = admin
        .call_from("admin/create_case", &form, Some("http://evil.example"))
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(forged.body, serde_json::json!("ForeignOrigin"));
    let null_origin = admin
        .call_from("admin/create_case", &form, Some("null"))
        .await;
    assert_eq!(null_origin.status, 403);
    // A look-alike: same host, other port.
    let other_port = admin
        .call_from("admin/create_case", &form, Some("http://127.0.0.1:1"))
        .await;
    assert_eq!(other_port.status, 403);
    assert_eq!(count::<case::Entity>(&app).await, before);

    // Logout is state-changing too: a forged one does nothing.
    assert_eq!(
        admin
            .call_from("logout", &[], Some("http://evil.example"))
            .await
            .status,
        403
    );
    assert_eq!(admin.who().await["email"], ADMIN);

    let own = admin
        .call_from("admin/create_case", &form, Some(&app.base.clone()))
        .await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(count::<case::Entity>(&app).await, before + 1);
}
