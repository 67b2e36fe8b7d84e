//! Notices of filing: filtered by case, and the notice of an order telling each reader the
//! deadlines of the directives they may read.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{docket_entry, notice, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(
    notices_are_filtered_by_case,
    an_order_notice_lists_the_deadlines_its_reader_may_read,
);

async fn notices(client: &Client, case_id: Option<i32>) -> Reply {
    let case = case_id.map(|id| id.to_string());
    let mut fields = vec![("page", "1"), ("unread_only", "false")];
    if let Some(case) = &case {
        fields.push(("case_id", case));
    }
    let reply = client.call("notices", &fields).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply
}

async fn notices_are_filtered_by_case(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let registrar = app.signed_in(REGISTRAR).await;
    // A filing in each case, so that the judge (a member of both) has notices in each.
    for case in [e005, e001] {
        let recorded = registrar
            .call(
                "evidence/record",
                &[
                    ("case_id", &case.to_string()),
                    ("title", "A letter to the court"),
                    ("kind", "letter"),
                    ("station_code", ""),
                    ("description", ""),
                    ("producer", "court"),
                    ("tier", "public"),
                ],
            )
            .await;
        assert_eq!(recorded.status, 200, "{}", recorded.text);
    }
    let judge = app.signed_in(JUDGE).await;
    let judge_id = user::Entity::find()
        .filter(user::Column::Email.eq(JUDGE))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let held = |case_id: i32| {
        let db = app.state.db.clone();
        async move {
            let entries: Vec<i32> = docket_entry::Entity::find()
                .filter(docket_entry::Column::CaseId.eq(case_id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect();
            notice::Entity::find()
                .filter(notice::Column::UserId.eq(judge_id))
                .filter(notice::Column::DocketEntryId.is_in(entries))
                .all(&db)
                .await
                .unwrap()
                .len() as u64
        }
    };
    let (in_e005, in_e001) = (held(e005).await, held(e001).await);
    assert!(in_e005 > 0 && in_e001 > 0);
    let all = notices(&judge, None).await;
    assert_eq!(all.body["total"].as_u64(), Some(in_e005 + in_e001));
    for (case, expected) in [(e005, in_e005), (e001, in_e001)] {
        let only = notices(&judge, Some(case)).await;
        assert_eq!(only.body["total"].as_u64(), Some(expected), "{}", only.text);
        assert!(
            only.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["case_id"].as_i64() == Some(case.into())),
            "{}",
            only.text
        );
    }
    // A case the reader is not in has no notices for them, and says nothing more.
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let none = notices(&gumbo, Some(e001)).await;
    assert_eq!(none.body["total"].as_u64(), Some(0), "{}", none.text);
}

async fn an_order_notice_lists_the_deadlines_its_reader_may_read(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let order_id = draft(&registrar, &case).await;
    let open = add(&app, &registrar, &case, order_id, "51", &[iebc], &[]).await;
    assert_eq!(open.status, 200, "{}", open.text);
    let sealed = add(
        &app,
        &registrar,
        &case,
        order_id,
        "52",
        &[iebc],
        &[
            ("tier", "court_only"),
            ("text", "Produce the Zq password matrix."),
            ("deadline", "2022-09-01T10:00"),
        ],
    )
    .await;
    assert_eq!(sealed.status, 200, "{}", sealed.text);
    let issued = issue(&app, &registrar, &case, order_id).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::TargetKind.eq("order"))
        .filter(docket_entry::Column::TargetId.eq(order_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the order is on the docket");
    let document_of = |email: &'static str| {
        let app = &app;
        let entry_id = entry.id;
        async move {
            let client = app.signed_in(email).await;
            let reader = user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap();
            let n = notice::Entity::find()
                .filter(notice::Column::UserId.eq(reader.id))
                .filter(notice::Column::DocketEntryId.eq(entry_id))
                .one(&app.state.db)
                .await
                .unwrap()
                .expect("a notice of the order");
            let page = client.get(&format!("/notices/{}/document", n.id)).await;
            assert_eq!(page.status, 200, "{}", page.text);
            page.text
        }
    };
    // IEBC's counsel, obliged by both, reads both deadlines.
    let gumbo = document_of(COUNSEL_IEBC).await;
    assert!(gumbo.contains("Directives and deadlines"), "{gumbo}");
    assert!(gumbo.contains("1 Sep 2022, 14:00"), "{gumbo}");
    assert!(gumbo.contains("1 Sep 2022, 10:00"), "{gumbo}");
    assert!(gumbo.contains("Zq password matrix"), "{gumbo}");
    // The petitioners' counsel reads the open one only: nothing of the sealed one.
    let mwangi = document_of(COUNSEL_PETITIONER).await;
    assert!(mwangi.contains("1 Sep 2022, 14:00"), "{mwangi}");
    assert!(!mwangi.contains("1 Sep 2022, 10:00"), "{mwangi}");
    assert!(!mwangi.contains("Zq"), "{mwangi}");
    assert!(!mwangi.contains("<strong>52</strong>"), "{mwangi}");
}
