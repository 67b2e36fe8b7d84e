//! One task at a time, the printable station sheet and the board's CSV export: the demo's
//! 41 verified stations read back with the figures of the Registrar's 2022 report.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::task;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(one_task_is_created_printed_and_exported);

async fn one_task_is_created_printed_and_exported(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let three = directive_id(&app, e005, "3").await;
    let four = directive_id(&app, e005, "4").await;
    let seven = directive_id(&app, e005, "7").await;
    let registrar = app.signed_in("registrar@court.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;
    let create = |client: Client, fields: Vec<(&'static str, String)>| {
        let mut form = vec![("case_id", case.clone()), ("venue", String::new())];
        form.extend(fields);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.call("tasks/create_one", &form).await
        }
    };
    let code = server::demo_stations::codes()[45].clone();

    // Bad input, each beside its field; nothing is created.
    let before = footprint(&app).await;
    for (fields, field) in [
        (
            vec![
                ("directive_id", four.clone()),
                ("kind", "server_access".into()),
                ("scope", "station".into()),
                ("station_code", code.clone()),
            ],
            "scope",
        ),
        (
            vec![
                ("directive_id", four.clone()),
                ("kind", "server_access".into()),
                ("scope", "server".into()),
                ("server", "  ".into()),
            ],
            "server",
        ),
        (
            vec![
                ("directive_id", four.clone()),
                ("kind", "examine_logs".into()),
                ("scope", "evidence".into()),
                ("exhibit", "EXH-NOPE-1".into()),
            ],
            "exhibit",
        ),
        (
            vec![
                ("directive_id", seven.clone()),
                ("kind", "recount".into()),
                ("scope", "ballot_box".into()),
                ("station_code", code.clone()),
                ("ballot_box", String::new()),
            ],
            "ballot_box",
        ),
        (
            vec![
                ("directive_id", seven.clone()),
                ("kind", "recount".into()),
                ("scope", "station".into()),
                ("station_code", "047278147599901".into()),
            ],
            "station_code",
        ),
        (
            vec![
                ("directive_id", seven.clone()),
                ("kind", "inspect_forms".into()),
                ("scope", "station".into()),
                ("station_code", code.clone()),
            ],
            "forms",
        ),
        (
            vec![
                ("directive_id", "999999".into()),
                ("kind", "recount".into()),
                ("scope", "station".into()),
                ("station_code", code.clone()),
            ],
            "directive_id",
        ),
        (
            vec![
                ("directive_id", seven.clone()),
                ("kind", "audit".into()),
                ("scope", "station".into()),
                ("station_code", code.clone()),
            ],
            "kind",
        ),
    ] {
        let reply = create(registrar.clone(), fields).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert!(
            !message(&reply, field).is_empty(),
            "{field}: {}",
            reply.text
        );
    }
    let server = || {
        vec![
            ("directive_id", four.clone()),
            ("kind", "server_access".into()),
            ("scope", "server".into()),
            ("server", "Password matrix server".into()),
        ]
    };
    assert_eq!(create(mwangi.clone(), server()).await.status, 403);
    assert_eq!(footprint(&app).await, before);

    // A court-only server task: made once, refused twice, hidden from the other side.
    let reply = create(registrar.clone(), server()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let sealed = reply.body.as_i64().unwrap();
    let reply = create(registrar.clone(), server()).await;
    assert!(
        message(&reply, "server").contains(&format!("T-{sealed}")),
        "{}",
        reply.text
    );
    let reply = create(
        registrar.clone(),
        vec![
            ("directive_id", seven.clone()),
            ("kind", "recount".into()),
            ("scope", "ballot_box".into()),
            ("station_code", code.clone()),
            ("ballot_box", "Box 2 of 2".into()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let recount = task::Entity::find_by_id(i32::try_from(reply.body.as_i64().unwrap()).unwrap())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(recount.scope_key, format!("box:{code}:box 2 of 2"));
    assert_eq!(recount.county_code.as_deref(), Some(&code[..3]));

    // The station sheet: blank lines for the seals and the tally, named signatories.
    let sheet = registrar
        .get(&format!("/cases/{case}/tasks/{}/sheet", recount.id))
        .await;
    assert_eq!(sheet.status, 200, "{}", sheet.text);
    for words in [
        "Scrutiny station sheet",
        "Seal put on after",
        "Recount tally",
        "Rejected ballots",
        "Box 2 of 2",
    ] {
        assert!(sheet.text.contains(words), "{words}");
    }
    let first = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(seven.parse::<i32>().unwrap()))
        .filter(task::Column::Kind.eq("inspect_forms"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let sheet = mwangi
        .get(&format!("/cases/{case}/tasks/{}/sheet", first.id))
        .await;
    assert_eq!(sheet.status, 200);
    for words in [
        "Form 34A Book 2",
        "Form 32A",
        "A blank Form 34A in the box",
        "Brian Wekesa",
        "Agent of ODINGA",
    ] {
        assert!(sheet.text.contains(words), "{words}");
    }
    assert_eq!(
        mwangi
            .get(&format!("/cases/{case}/tasks/{sealed}/sheet"))
            .await
            .status,
        404
    );
    assert_eq!(
        observer
            .get(&format!("/cases/{case}/tasks/{sealed}/sheet"))
            .await
            .status,
        404
    );
    // Signed out, the sign-in gate sends the reader to sign in.
    assert_eq!(
        app.client()
            .get(&format!("/cases/{case}/tasks/{sealed}/sheet"))
            .await
            .status,
        303
    );

    // The export of directive 7's forms: the 41 stations with the 2022 report's figures.
    let csv = mwangi
        .get(&format!(
            "/cases/{case}/tasks/export.csv?directive={seven}&state=verified"
        ))
        .await;
    assert_eq!(csv.status, 200, "{}", csv.text);
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        app::backend::tasks::COLUMNS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 41);
    let with = |words: &str| rows.iter().filter(|r| r[10].contains(words)).count();
    assert_eq!(with("Book 2: None found"), 6);
    assert_eq!(with("Book 2: Intact"), 26);
    assert_eq!(with("Book 2: Used"), 9);
    assert_eq!(with("A blank Form 34A in the box"), 1);
    assert_eq!(with("Two Forms 34A"), 1);
    assert!(rows.iter().all(|r| &r[5] == "Verified"));
    // Court-only tasks stay out of the other side's export, and of the observer's.
    for client in [&mwangi, &observer] {
        let all = client.get(&format!("/cases/{case}/tasks/export.csv")).await;
        assert_eq!(all.status, 200);
        assert!(!all.text.contains("Password matrix server"));
    }
    let all = registrar
        .get(&format!("/cases/{case}/tasks/export.csv?directive={three}"))
        .await;
    assert!(
        all.text.contains("1 of 8 servers made available"),
        "{}",
        all.text
    );
}
