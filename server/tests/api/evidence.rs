//! The evidence register: sealing on every path, files in and out, custody, bad input.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{blob, custody_event, evidence_file, evidence_item};
use app::backend::evidence::{self, NewItem};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

on_both_backends!(
    sealing_holds_for_every_role_tier_and_path,
    a_file_goes_from_one_side_to_the_other_with_its_custody_logged,
    bad_uploads_are_refused_and_leave_nothing_behind,
    malformed_multipart_bodies_are_refused_and_store_nothing,
    content_placed_but_never_recorded_goes_at_the_next_start,
    bad_items_are_refused_and_change_nothing,
    a_changed_or_missing_file_is_caught_and_the_registrar_told,
    the_register_pages_by_keyset,
    items_are_tied_to_the_case_and_its_parties,
);

fn sha256_hex(bytes: &[u8]) -> String {
    app::backend::storage::sha256_hex(bytes)
}

/// Records an item through the service, as `email`, and returns its id and code.
async fn record(
    app: &TestApp,
    email: &str,
    case_id: i32,
    producer: &str,
    tier: &str,
    title: &str,
) -> (i32, String) {
    let member = member(app, email, case_id).await;
    let item = evidence::record(
        &member,
        NewItem {
            title,
            kind: "other",
            station_code: "",
            description: "",
            producer,
            tier,
        },
    )
    .await
    .unwrap();
    (item.id, item.code)
}

async fn file_of(app: &TestApp, item_id: i32) -> evidence_file::Model {
    evidence_file::Entity::find()
        .filter(evidence_file::Column::ItemId.eq(item_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn custody_kinds(app: &TestApp, item_id: i32) -> Vec<String> {
    custody_event::Entity::find()
        .filter(custody_event::Column::ItemId.eq(item_id))
        .order_by_asc(custody_event::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.as_str().to_owned())
        .collect()
}

/// Who sees an item, written out independently of the rules: court roles see every tier;
/// the producing party's people see their own items; the parties tier is for everyone but
/// observers; the public tier for every member; non-members see nothing.
fn expected(who: &str, tier: &str, producer: &str) -> bool {
    let court = matches!(who, "registrar" | "judge" | "officer");
    let own = match producer {
        "IEBC" => matches!(who, "counsel_iebc" | "agent_iebc"),
        "ODINGA" => who == "counsel_odinga",
        _ => false,
    };
    match (who, tier) {
        ("admin", _) => false,
        (_, "public") => true,
        ("observer", _) => false,
        (_, "parties") => true,
        (_, "court_only") => court || own,
        _ => unreachable!(),
    }
}

async fn sealing_holds_for_every_role_tier_and_path(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let odinga = party_id(&app, e005, "ODINGA").await.to_string();

    // One item per tier and producer kind, each with a file and tied to the IEBC party.
    let mut items = Vec::new();
    for (email, producer, producer_name, tier) in [
        (REGISTRAR, "court", "court", "public"),
        (REGISTRAR, "court", "court", "parties"),
        (REGISTRAR, "court", "court", "court_only"),
        (COUNSEL_IEBC, iebc.as_str(), "IEBC", "public"),
        (COUNSEL_IEBC, iebc.as_str(), "IEBC", "parties"),
        (COUNSEL_IEBC, iebc.as_str(), "IEBC", "court_only"),
        (COUNSEL_PETITIONER, odinga.as_str(), "ODINGA", "court_only"),
    ] {
        let title = format!("{tier} item by {producer_name}");
        let (id, code) = record(&app, email, e005, producer, tier, &title).await;
        let uploader = app.signed_in(email).await;
        let content = format!("content of {title}").into_bytes();
        let uploaded = uploader
            .upload(
                &format!("/cases/{e005}/evidence/{id}/files"),
                "f.txt",
                content,
            )
            .await;
        assert_eq!(uploaded.status, 201, "{}", uploaded.text);
        let actor = actor(&app, REGISTRAR, e005).await;
        let txn = {
            use sea_orm::TransactionTrait;
            app.state.db.begin().await.unwrap()
        };
        evidence::link(
            &txn,
            &actor,
            evidence::Link {
                case_id: e005,
                item_id: id,
                target_kind: "party",
                target_id: iebc.parse().unwrap(),
                note: "",
            },
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        items.push((id, code, tier, producer_name));
    }

    for (who, email) in [
        ("registrar", REGISTRAR),
        ("judge", JUDGE),
        ("officer", OFFICER),
        ("counsel_iebc", COUNSEL_IEBC),
        ("agent_iebc", AGENT_IEBC),
        ("counsel_odinga", COUNSEL_PETITIONER),
        ("agent_azimio", AGENT_AZIMIO),
        ("observer", OBSERVER),
        ("admin", ADMIN),
    ] {
        let client = app.signed_in(email).await;
        let listed = client
            .call(
                "evidence/list",
                &[("case_id", &e005.to_string()), ("tier", "")],
            )
            .await;
        let listed_codes: Vec<String> = listed.body["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["code"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let overview = client
            .call("load_case", &[("case_id", &e005.to_string())])
            .await;
        let docket_titles = docket_titles(&client, &e005.to_string()).await;
        let notices = client
            .call("notices", &[("page", "1"), ("unread_only", "false")])
            .await;
        let notice_titles: Vec<String> = notices.body["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["title"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let person = actor(&app, email, e005).await;
        let linked = evidence::linked_to(&app.state.db, &person, "party", &[iebc.parse().unwrap()])
            .await
            .unwrap();
        let linked_codes: Vec<String> = linked.values().flatten().map(|r| r.code.clone()).collect();

        let mut visible = 0;
        for (id, code, tier, producer) in &items {
            let sees = expected(who, tier, producer);
            let context = format!("{who} / {tier} by {producer}");
            visible += u64::from(sees);
            assert_eq!(listed_codes.contains(code), sees, "list: {context}");
            let detail = client
                .call(
                    "evidence/item",
                    &[("case_id", &e005.to_string()), ("item_id", &id.to_string())],
                )
                .await;
            assert_eq!(
                detail.status,
                if sees { 200 } else { 404 },
                "detail: {context}"
            );
            let file = file_of(&app, *id).await;
            let (status, body, _) = client
                .download(&format!("/cases/{e005}/evidence/{id}/files/{}", file.id))
                .await;
            assert_eq!(status, if sees { 200 } else { 404 }, "download: {context}");
            if !sees {
                assert!(!String::from_utf8_lossy(&body.unwrap()).contains("content of"));
            }
            assert_eq!(
                docket_titles.iter().any(|t| t.starts_with(code.as_str())),
                sees,
                "docket: {context}"
            );
            // Nobody is notified of their own filing.
            let filed_it_themselves = (who == "registrar" && *producer == "court")
                || (who == "counsel_iebc" && *producer == "IEBC")
                || (who == "counsel_odinga" && *producer == "ODINGA");
            assert_eq!(
                notice_titles.iter().any(|t| t.starts_with(code.as_str())),
                sees && !filed_it_themselves,
                "notices: {context}"
            );
            assert_eq!(linked_codes.contains(code), sees, "links: {context}");
        }
        if who == "admin" {
            assert_eq!(overview.status, 404);
            assert_eq!(listed.status, 404);
        } else {
            // The demo case's own items count too: seven parties-tier (two of them the scans
            // of paper filings, one the Registrar's report as filed), one court-only.
            let demo = match who {
                "observer" => 0,
                "registrar" | "judge" | "officer" => 8,
                _ => 7,
            };
            assert_eq!(
                overview.body["evidence_count"].as_u64(),
                Some(visible + demo),
                "count: {who}"
            );
        }
    }
}

async fn a_file_goes_from_one_side_to_the_other_with_its_custody_logged(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let case = e005.to_string();

    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let recorded = gumbo
        .call(
            "evidence/record",
            &[
                ("case_id", &case),
                ("title", "Form 34A, Junda Social Hall, stream 1"),
                ("kind", "form_34a_book_1"),
                ("station_code", "001 003 1001 001 01"),
                ("description", "Scan of the original.\nTwo pages."),
                ("producer", &iebc),
                ("tier", "parties"),
            ],
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    let item_id = recorded.body.as_i64().unwrap() as i32;
    let item = evidence_item::Entity::find_by_id(item_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    // The demo data already holds EXH-IEBC-001 to 003 (003: the scan of its paper report).
    assert_eq!(item.code, "EXH-IEBC-004");
    assert_eq!(item.station_code.as_deref(), Some("001003100100101"));

    let content: Vec<u8> = b"%PDF-1.4\n"
        .iter()
        .copied()
        .chain((0..200_000u32).map(|i| (i % 251) as u8))
        .collect();
    let uploaded = gumbo
        .upload(
            &format!("/cases/{case}/evidence/{item_id}/files"),
            "Kisumu 34A.pdf",
            content.clone(),
        )
        .await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
    assert_eq!(uploaded.body["sha256"], sha256_hex(&content));
    let file = file_of(&app, item_id).await;
    let stored = app
        .data_dir
        .path()
        .join("evidence")
        .join("blobs")
        .join(&file.sha256[..2])
        .join(&file.sha256);
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        content,
        "stored under its hash"
    );
    let held = blob::Entity::find_by_id(file.sha256.clone())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held.media_type, "application/pdf");
    assert_eq!(held.size, content.len() as i64);

    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    assert!(
        mwangi
            .evidence_codes(e005)
            .await
            .contains(&"EXH-IEBC-004".to_owned())
    );
    let (status, body, headers) = mwangi
        .download(&format!(
            "/cases/{case}/evidence/{item_id}/files/{}",
            file.id
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(sha256_hex(&body.unwrap()), file.sha256);
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"Kisumu 34A.pdf\""),
        "{disposition}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");

    let observer = app.signed_in(OBSERVER).await;
    assert!(
        !observer
            .evidence_codes(e005)
            .await
            .contains(&"EXH-IEBC-004".to_owned())
    );

    let registrar = app.signed_in(REGISTRAR).await;
    let handed = registrar
        .call(
            "evidence/hand_over",
            &[
                ("case_id", &case),
                ("item_id", &item_id.to_string()),
                ("handed_to", "Grace Wanjiru, scrutiny officer"),
                ("note", "For the Kisumu recount table."),
            ],
        )
        .await;
    assert_eq!(handed.status, 200, "{}", handed.text);
    // Counsel may not hand items over.
    let refused = mwangi
        .call(
            "evidence/hand_over",
            &[
                ("case_id", &case),
                ("item_id", &item_id.to_string()),
                ("handed_to", "Me"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);

    let detail = registrar
        .call(
            "evidence/item",
            &[("case_id", &case), ("item_id", &item_id.to_string())],
        )
        .await;
    let kinds: Vec<&str> = detail.body["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "Recorded",
            "FileAdded",
            "Downloaded",
            "HandedOver",
            "Viewed"
        ],
        "{}",
        detail.text
    );
    let handover = &detail.body["custody"][3];
    assert_eq!(handover["handed_to"], "Grace Wanjiru, scrutiny officer");
    assert_eq!(handover["actor"], "Letizia Wachira");
    assert_eq!(detail.body["files"][0]["sniffed_type"], "application/pdf");
    assert_eq!(detail.body["may_hand_over"], true);

    // The other side was told of the filing; the filer was not.
    let notices = mwangi
        .call("notices", &[("page", "1"), ("unread_only", "true")])
        .await;
    let notice = notices.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"].as_str().unwrap().starts_with("EXH-IEBC-004"))
        .cloned()
        .unwrap();
    assert_eq!(notice["audit_hash"].as_str().unwrap().len(), 64);
    let unread_before = mwangi.who().await["unread_notices"].as_u64().unwrap();
    assert!(unread_before >= 1);
    let id = notice["id"].as_i64().unwrap().to_string();
    // The notice as a document its recipient keeps, with the chain's head at filing.
    let document = mwangi.get(&format!("/notices/{id}/document")).await;
    assert_eq!(document.status, 200);
    for expected in [
        "Notice of filing",
        "EXH-IEBC-004: Form 34A, Junda Social Hall, stream 1",
        "Paul Mwangi",
        "Eric Gumbo",
        notice["audit_hash"].as_str().unwrap(),
    ] {
        assert!(document.text.contains(expected), "{expected} missing");
    }
    assert_eq!(
        observer
            .get(&format!("/notices/{id}/document"))
            .await
            .status,
        404
    );
    assert_eq!(
        observer
            .call("notices/read", &[("notice_id", &id)])
            .await
            .status,
        404,
        "someone else's notice"
    );
    assert_eq!(
        mwangi
            .call("notices/read", &[("notice_id", &id)])
            .await
            .status,
        200
    );
    assert_eq!(
        mwangi.who().await["unread_notices"].as_u64().unwrap(),
        unread_before - 1
    );
    assert_eq!(mwangi.call("notices/read", &[]).await.status, 200);
    assert_eq!(mwangi.who().await["unread_notices"].as_u64().unwrap(), 0);
    let gumbo_notices = gumbo
        .call("notices", &[("page", "1"), ("unread_only", "false")])
        .await;
    assert!(!gumbo_notices.text.contains("EXH-IEBC-004"));
}

fn tmp_is_empty(app: &TestApp) -> bool {
    let tmp = app.data_dir.path().join("evidence").join("tmp");
    std::fs::read_dir(tmp)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true)
}

async fn wait_for_empty_tmp(app: &TestApp) {
    for _ in 0..100 {
        if tmp_is_empty(app) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("a partial upload was left in tmp/");
}

/// A portal killed between putting a file in place and committing its record leaves the
/// file and the marker `keep` wrote; the sweep at start removes such a file unless a record
/// refers to it, and leaves alone any file it has no marker for.
async fn content_placed_but_never_recorded_goes_at_the_next_start(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let (item, _) = record(&app, COUNSEL_IEBC, e005, &iebc, "parties", "Recorded").await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let recorded = b"%PDF-1.4 recorded before the kill".to_vec();
    let path = format!("/cases/{e005}/evidence/{item}/files");
    let uploaded = gumbo.upload(&path, "recorded.pdf", recorded.clone()).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
    assert!(tmp_is_empty(&app), "a recorded upload leaves no marker");

    let storage = app.state.storage();
    let marker = |sha: &str| {
        let tmp = storage.root().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(tmp.join(format!("{sha}.placing")), b"").unwrap();
    };
    let put = |bytes: &[u8]| {
        let sha = sha256_hex(bytes);
        let at = storage.blob_path(&sha);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(&at, bytes).unwrap();
        sha
    };
    // Killed after placing, before the record.
    let orphan = put(b"%PDF-1.4 placed, then the portal was killed");
    marker(&orphan);
    // Killed after the record's commit, before the marker went.
    let kept = sha256_hex(&recorded);
    marker(&kept);
    // A file the portal did not place: not the sweep's to judge.
    let stray = put(b"put here by hand");
    let blobs_before = count::<blob::Entity>(&app).await;

    let removed = evidence::sweep_unrecorded(&app.state).await.unwrap();
    assert_eq!(removed, 1);
    assert!(!storage.blob_path(&orphan).exists());
    assert!(storage.blob_path(&kept).exists());
    assert!(storage.blob_path(&stray).exists());
    assert!(tmp_is_empty(&app), "every marker is settled");
    assert_eq!(count::<blob::Entity>(&app).await, blobs_before);
    let file = file_of(&app, item).await;
    let (status, body, _) = gumbo.download(&format!("{path}/{}", file.id)).await;
    assert_eq!(status, 200);
    assert_eq!(body.unwrap(), recorded);
    // A second start finds nothing to do.
    assert_eq!(evidence::sweep_unrecorded(&app.state).await.unwrap(), 0);
}

async fn bad_uploads_are_refused_and_leave_nothing_behind(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn_with(
        &db,
        app::backend::PortalConfig {
            max_upload_bytes: 100_000,
            ..Default::default()
        },
    )
    .await;
    let (e005, e001) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let (item, _) = record(&app, COUNSEL_IEBC, e005, &iebc, "parties", "For uploads").await;
    let (court_only, _) = record(&app, REGISTRAR, e005, "court", "court_only", "Sealed").await;
    let (e001_item, _) = record(&app, REGISTRAR, e001, "court", "public", "Other case").await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let path = format!("/cases/{e005}/evidence/{item}/files");
    let files_before = count::<evidence_file::Entity>(&app).await;
    let blobs_before = count::<blob::Entity>(&app).await;

    let too_big = gumbo.upload(&path, "big.pdf", vec![7u8; 100_001]).await;
    assert_eq!(too_big.status, 413, "{}", too_big.text);
    assert_eq!(
        too_big.body["TooLarge"]["limit_bytes"], 100_000,
        "{}",
        too_big.text
    );
    // Just over the limit once multipart framing is counted: refused while streaming.
    let streamed_too_big = gumbo.upload(&path, "big.pdf", vec![7u8; 150_000]).await;
    assert_eq!(streamed_too_big.status, 413);

    let empty = gumbo.upload(&path, "empty.pdf", Vec::new()).await;
    assert_eq!(empty.status, 422);
    assert!(empty.text.contains("empty"), "{}", empty.text);

    for name in ["../../etc/passwd", "C:\\evil.pdf", "a/b.pdf", ".."] {
        let pathlike = gumbo.upload(&path, name, b"hello".to_vec()).await;
        assert_eq!(pathlike.status, 422, "{name}: {}", pathlike.text);
        assert!(pathlike.text.contains("path"), "{}", pathlike.text);
    }

    // The other side's counsel may not add files to IEBC's item; an observer cannot even
    // see a court-only one; a member of the case cannot reach another case's item.
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    assert_eq!(
        mwangi.upload(&path, "x.pdf", b"x".to_vec()).await.status,
        403
    );
    let observer = app.signed_in(OBSERVER).await;
    assert_eq!(
        observer
            .upload(
                &format!("/cases/{e005}/evidence/{court_only}/files"),
                "x.pdf",
                b"x".to_vec()
            )
            .await
            .status,
        404
    );
    assert_eq!(
        gumbo
            .upload(
                &format!("/cases/{e005}/evidence/{e001_item}/files"),
                "x.pdf",
                b"x".to_vec()
            )
            .await
            .status,
        404
    );
    assert_eq!(
        gumbo
            .upload(
                &format!("/cases/{e001}/evidence/{e001_item}/files"),
                "x.pdf",
                b"x".to_vec()
            )
            .await
            .status,
        404
    );
    let anonymous = app.client();
    assert_eq!(
        anonymous.upload(&path, "x.pdf", b"x".to_vec()).await.status,
        401
    );

    // An upload cut off half way leaves no file and no record.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(vec![1u8; 30_000]),
        Err(std::io::Error::other("cable pulled")),
    ];
    let part =
        reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
            .file_name("cut.pdf");
    let cut = timed_client()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie_of(&gumbo))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await;
    assert!(cut.is_err() || cut.unwrap().status().as_u16() >= 400);

    wait_for_empty_tmp(&app).await;
    assert_eq!(count::<evidence_file::Entity>(&app).await, files_before);
    assert_eq!(count::<blob::Entity>(&app).await, blobs_before);

    // The same content twice: recognised, not stored again.
    let first = gumbo
        .upload(&path, "a.pdf", b"the same bytes".to_vec())
        .await;
    assert_eq!(first.status, 201);
    let (other, other_code) = record(&app, COUNSEL_IEBC, e005, &iebc, "parties", "Another").await;
    let again = gumbo
        .upload(
            &format!("/cases/{e005}/evidence/{other}/files"),
            "b.pdf",
            b"the same bytes".to_vec(),
        )
        .await;
    assert_eq!(again.status, 422);
    let code = evidence_item::Entity::find_by_id(item)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .code;
    assert!(
        again.text.contains(&format!("already held as {code}")),
        "{}",
        again.text
    );
    assert_eq!(count::<evidence_file::Entity>(&app).await, files_before + 1);
    assert_eq!(count::<blob::Entity>(&app).await, blobs_before + 1);
    let _ = other_code;

    // A browser form (no JSON asked for) gets a page that says what went wrong.
    let page = timed_client()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie_of(&gumbo))
        .header("accept", "text/html")
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(Vec::new()).file_name("empty.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 422);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("The file is empty")
            && html.contains(&format!("/cases/{e005}/evidence/{item}"))
    );
}

fn cookie_of(client: &Client) -> String {
    use reqwest::cookie::CookieStore;
    client
        .jar
        .cookies(&client.base.parse().unwrap())
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

async fn bad_items_are_refused_and_change_nothing(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let case = e005.to_string();
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let odinga = party_id(&app, e005, "ODINGA").await.to_string();
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let items_before = count::<evidence_item::Entity>(&app).await;
    let record_with = |overrides: Vec<(&'static str, String)>| {
        let mut form: Vec<(&str, String)> = vec![
            ("case_id", case.clone()),
            ("title", "A title".to_owned()),
            ("kind", "letter".to_owned()),
            ("station_code", String::new()),
            ("description", String::new()),
            ("producer", iebc.clone()),
            ("tier", "parties".to_owned()),
        ];
        for (key, value) in overrides {
            form.iter_mut().find(|(k, _)| *k == key).unwrap().1 = value;
        }
        form
    };
    async fn send(client: &Client, form: Vec<(&str, String)>) -> Reply {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        client.call("evidence/record", &pairs).await
    }

    for (field, value, message) in [
        ("station_code", "04728114750010", "15 digits"),
        ("station_code", "099281147500101", "county"),
        (
            "station_code",
            "042193095000203",
            "042193095000203 is not in the register of",
        ),
        ("kind", "form_99", "kind"),
        ("tier", "secret", "who may see"),
        ("title", "", "Title is required"),
        ("producer", "court", ""),
    ] {
        let reply = send(&gumbo, record_with(vec![(field, value.to_owned())])).await;
        if field == "producer" {
            // Counsel record for their own party only.
            assert_eq!(reply.status, 403, "{}", reply.text);
            continue;
        }
        assert_eq!(reply.status, 422, "{field}={value}: {}", reply.text);
        assert!(reply.text.contains(message), "{field}: {}", reply.text);
    }
    let long = "x".repeat(5_001);
    let reply = send(&gumbo, record_with(vec![("description", long)])).await;
    assert_eq!(reply.status, 422);
    let reply = send(&gumbo, record_with(vec![("producer", odinga.clone())])).await;
    assert_eq!(reply.status, 403, "another party's item");
    // A party of another case is not a producer here.
    let reply = send(
        &app.signed_in(REGISTRAR).await,
        record_with(vec![("producer", "999999".to_owned())]),
    )
    .await;
    assert_eq!(reply.status, 422);
    let observer = app.signed_in(OBSERVER).await;
    assert_eq!(send(&observer, record_with(vec![])).await.status, 403);
    // A member of another case only: the case does not exist for them.
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        admin
            .call(
                "admin/create_user",
                &[
                    ("name", "Clerk Other"),
                    ("email", "clerk@other.test"),
                    ("password", PASSWORD)
                ],
            )
            .await
            .status,
        200
    );
    let version = app::backend::entities::case::Entity::find_by_id(e001)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let added = admin
        .call(
            "admin/add_member",
            &[
                ("case_id", &e001.to_string()),
                ("revision", &version),
                ("email", "clerk@other.test"),
                ("role", "registrar"),
            ],
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let outsider = app.signed_in("clerk@other.test").await;
    let mut form = record_with(vec![("producer", "court".to_owned())]);
    form[0].1 = case.clone();
    assert_eq!(send(&outsider, form).await.status, 404);
    assert!(outsider.evidence_codes(e005).await.is_empty());
    assert_eq!(count::<evidence_item::Entity>(&app).await, items_before);

    // A sealed item asked for by id is simply not there, the same as a made-up id.
    let sealed = evidence_item::Entity::find()
        .filter(evidence_item::Column::Tier.eq("court_only"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    for id in [sealed.id, 999_999] {
        let reply = gumbo
            .call(
                "evidence/item",
                &[("case_id", &case), ("item_id", &id.to_string())],
            )
            .await;
        assert_eq!(reply.status, 404);
        assert!(!reply.text.contains("Forensic"));
    }
    let malformed = gumbo
        .call("evidence/item", &[("case_id", &case), ("item_id", "abc")])
        .await;
    assert_eq!(malformed.status, 400);
}

async fn a_changed_or_missing_file_is_caught_and_the_registrar_told(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let (item, code) = record(
        &app,
        COUNSEL_IEBC,
        e005,
        &iebc,
        "parties",
        "Will be altered",
    )
    .await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let content: Vec<u8> = (0..1_000_000u32).map(|i| (i % 253) as u8).collect();
    let path = format!("/cases/{e005}/evidence/{item}/files");
    assert_eq!(
        gumbo
            .upload(&path, "original.bin", content.clone())
            .await
            .status,
        201
    );
    let file = file_of(&app, item).await;
    let stored = app.state.storage().blob_path(&file.sha256);
    let mut altered = content.clone();
    altered[999_990] ^= 0xff;
    std::fs::write(&stored, &altered).unwrap();

    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let (status, body, _) = mwangi.download(&format!("{path}/{}", file.id)).await;
    assert_eq!(status, 200, "the headers were already sent");
    match body {
        Err(_) => {}
        Ok(bytes) => assert!(
            bytes.len() < content.len(),
            "the altered file was sent whole"
        ),
    }
    // The failure is recorded after the stream is cut; give it a moment.
    let mut kinds = Vec::new();
    for _ in 0..100 {
        kinds = custody_kinds(&app, item).await;
        if kinds.contains(&"integrity_failure".to_owned()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(kinds.contains(&"integrity_failure".to_owned()), "{kinds:?}");
    let registrar = app.signed_in(REGISTRAR).await;
    let notices = registrar
        .call("notices", &[("page", "1"), ("unread_only", "true")])
        .await;
    assert!(
        notices.text.contains(&format!("Integrity failure: {code}")),
        "{}",
        notices.text
    );
    // Counsel are not told of the court's integrity records.
    let theirs = mwangi
        .call("notices", &[("page", "1"), ("unread_only", "false")])
        .await;
    assert!(!theirs.text.contains("Integrity failure"));

    // The command finds it too, and a missing file.
    let (other, _) = record(&app, COUNSEL_IEBC, e005, &iebc, "parties", "Will vanish").await;
    assert_eq!(
        gumbo
            .upload(
                &format!("/cases/{e005}/evidence/{other}/files"),
                "gone.bin",
                b"soon gone".to_vec()
            )
            .await
            .status,
        201
    );
    let gone = file_of(&app, other).await;
    std::fs::remove_file(app.state.storage().blob_path(&gone.sha256)).unwrap();
    let (status, _, _) = mwangi
        .download(&format!("/cases/{e005}/evidence/{other}/files/{}", gone.id))
        .await;
    assert_eq!(status, 500);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args(["--database-url", &db.url, "--data-dir"])
        .arg(app.data_dir.path())
        .args(["evidence", "verify"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains(&format!("CHANGED (now {})", sha256_hex(&altered))),
        "{stdout}"
    );
    assert!(
        stdout.contains("MISSING") && stdout.contains("gone.bin"),
        "{stdout}"
    );
    // The demo files are intact and logged as verified.
    assert!(stdout.contains("2 missing or changed"), "{stdout}");
    let demo_item = evidence_item::Entity::find()
        .filter(evidence_item::Column::Code.eq("EXH-IEBC-001"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        custody_kinds(&app, demo_item.id)
            .await
            .last()
            .map(String::as_str),
        Some("verified")
    );
}

async fn the_register_pages_by_keyset(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    for i in 0..55 {
        record(
            &app,
            REGISTRAR,
            e005,
            "court",
            "public",
            &format!("Item {i}"),
        )
        .await;
    }
    let observer = app.signed_in(OBSERVER).await;
    let case = e005.to_string();
    let page = |after: Option<i64>, before: Option<i64>| {
        let mut form = vec![("case_id".to_owned(), case.clone())];
        if let Some(a) = after {
            form.push(("after".to_owned(), a.to_string()));
        }
        if let Some(b) = before {
            form.push(("before".to_owned(), b.to_string()));
        }
        form
    };
    async fn fetch(client: &Client, form: Vec<(String, String)>) -> Value {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        client.call("evidence/list", &pairs).await.body
    }
    let titles = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = fetch(&observer, page(None, None)).await;
    assert_eq!(titles(&first).len(), 25);
    assert_eq!(titles(&first)[0], "Item 0");
    assert!(first["prev_before"].is_null());
    let second = fetch(&observer, page(first["next_after"].as_i64(), None)).await;
    assert_eq!(titles(&second)[0], "Item 25");
    let third = fetch(&observer, page(second["next_after"].as_i64(), None)).await;
    assert_eq!(
        titles(&third),
        (50..55).map(|i| format!("Item {i}")).collect::<Vec<_>>()
    );
    assert!(third["next_after"].is_null());
    let back = fetch(&observer, page(None, third["prev_before"].as_i64())).await;
    assert_eq!(titles(&back), titles(&second));
    let back_again = fetch(&observer, page(None, back["prev_before"].as_i64())).await;
    assert_eq!(titles(&back_again), titles(&first));
    assert!(back_again["prev_before"].is_null());

    // Filters narrow the list; a bad filter is a clear error.
    let registrar = app.signed_in(REGISTRAR).await;
    let letters = registrar
        .call("evidence/list", &[("case_id", &case), ("kind", "letter")])
        .await;
    assert_eq!(titles(&letters.body).len(), 1);
    let by_station = registrar
        .call(
            "evidence/list",
            &[("case_id", &case), ("station", "047278105000101")],
        )
        .await;
    assert_eq!(
        titles(&by_station.body),
        ["Form 34A, Laini Saba Primary School, stream 1"]
    );
    let bad = registrar
        .call("evidence/list", &[("case_id", &case), ("station", "12")])
        .await;
    assert_eq!(bad.status, 422);
}

async fn items_are_tied_to_the_case_and_its_parties(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let case = e005.to_string();
    let iebc = party_id(&app, e005, "IEBC").await;
    let (item, _) = record(
        &app,
        COUNSEL_IEBC,
        e005,
        &iebc.to_string(),
        "parties",
        "To tie",
    )
    .await;
    let item = item.to_string();
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let tie = |target: &str, note: &str| {
        vec![
            ("case_id".to_owned(), case.clone()),
            ("item_id".to_owned(), item.clone()),
            ("target".to_owned(), target.to_owned()),
            ("note".to_owned(), note.to_owned()),
        ]
    };
    async fn send(client: &Client, form: Vec<(String, String)>) -> Reply {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        client.call("evidence/link", &pairs).await
    }
    let before = gumbo
        .call("evidence/item", &[("case_id", &case), ("item_id", &item)])
        .await;
    assert_eq!(
        before.body["tie_targets"].as_array().unwrap().len(),
        7,
        "the case and six parties"
    );

    assert_eq!(
        send(&gumbo, tie("case", "The scan the petition relies on"))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&gumbo, tie(&format!("party:{iebc}"), "")).await.status,
        200
    );
    let again = send(&gumbo, tie("case", "")).await;
    assert_eq!(again.status, 422);
    assert!(again.text.contains("already tied"), "{}", again.text);
    let other_case_party = party_id(&app, e005, "ODINGA").await + 1000;
    assert_eq!(
        send(&gumbo, tie(&format!("party:{other_case_party}"), ""))
            .await
            .status,
        422
    );
    assert_eq!(send(&gumbo, tie("order:1", "")).await.status, 422);
    assert_eq!(send(&gumbo, tie("party:x", "")).await.status, 400);
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    assert_eq!(
        send(&mwangi, tie(&format!("party:{iebc}"), ""))
            .await
            .status,
        403
    );
    let mut elsewhere = tie("case", "");
    elsewhere[0].1 = e001.to_string();
    assert_eq!(send(&gumbo, elsewhere).await.status, 404);

    let after = gumbo
        .call("evidence/item", &[("case_id", &case), ("item_id", &item)])
        .await;
    let labels: Vec<&str> = after.body["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Case Presidential Election Petition E005 of 2022",
            "Party IEBC"
        ]
    );
    assert_eq!(
        after.body["links"][0]["note"],
        "The scan the petition relies on"
    );
    assert_eq!(after.body["tie_targets"].as_array().unwrap().len(), 5);
}

/// A plain client (no cookie jar of its own) that gives up rather than hang the suite.
fn timed_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A multipart body as a browser frames one, with `boundary`.
fn framed(boundary: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file_name {
            Some(file) => format!("form-data; name=\"{name}\"; filename=\"{file}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

/// Malformed multipart bodies, written by hand and made at random from a good one, sent to
/// both upload endpoints (an evidence file, a response with attachments): each gets a clear
/// 4xx with a JSON error, and nothing is stored, not even a partial file.
async fn malformed_multipart_bodies_are_refused_and_store_nothing(backend: Backend) {
    use app::backend::entities::response;
    use rand::{Rng, SeedableRng};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let (item, _) = record(&app, COUNSEL_IEBC, e005, &iebc, "parties", "For uploads").await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let cookie = cookie_of(&gumbo);
    let http = timed_client();
    let before = (
        count::<evidence_file::Entity>(&app).await,
        count::<blob::Entity>(&app).await,
        count::<response::Entity>(&app).await,
    );

    let b = "XyZzy0123";
    let good_file = framed(b, &[("file", Some("scan.pdf"), b"%PDF-1.4 a scan")]);
    let mut bodies: Vec<(String, Vec<u8>)> = vec![
        ("multipart/form-data".to_owned(), good_file.clone()),
        (format!("multipart/form-data; boundary={b}"), b"no framing at all".to_vec()),
        (format!("multipart/form-data; boundary={b}"), Vec::new()),
        (format!("multipart/form-data; boundary={b}"), good_file[..good_file.len() - 12].to_vec()),
        (format!("multipart/form-data; boundary={b}"), framed(b, &[("other", None, b"text")])),
        (
            format!("multipart/form-data; boundary={b}"),
            format!("--{b}\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--{b}--\r\n").into_bytes(),
        ),
        (
            format!("multipart/form-data; boundary={b}"),
            format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n{}\r\n\r\nx\r\n--{b}--\r\n", "X-Long: y".repeat(20_000)).into_bytes(),
        ),
        ("text/plain".to_owned(), good_file.clone()),
        ("application/x-www-form-urlencoded".to_owned(), b"file=abc".to_vec()),
    ];
    // Bodies made from the good one by cutting, flipping and inserting bytes.
    let mut rng = rand::rngs::StdRng::seed_from_u64(20221005);
    for _ in 0..40 {
        let mut body = good_file.clone();
        for _ in 0..rng.random_range(1..6) {
            let at = rng.random_range(0..body.len());
            match rng.random_range(0..3) {
                0 => body.truncate(at),
                1 => body[at] = rng.random(),
                _ => body.insert(at, rng.random()),
            }
            if body.is_empty() {
                break;
            }
        }
        // A change that leaves the file part readable may rightly be accepted.
        bodies.push((format!("multipart/form-data; boundary={b}"), body));
    }

    let mut accepted: u64 = 0;
    for path in [
        format!("/cases/{e005}/evidence/{item}/files"),
        format!("/cases/{e005}/responses"),
    ] {
        for (content_type, body) in &bodies {
            let reply = http
                .post(format!("{}{path}", app.base))
                .header("cookie", &cookie)
                .header("origin", &app.base)
                .header("accept", "application/json")
                .header("content-type", content_type)
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = reply.status().as_u16();
            let text = reply.text().await.unwrap();
            if status == 201 && path.ends_with("/files") {
                accepted += 1;
                continue;
            }
            assert!(
                (400..500).contains(&status),
                "{path} with {content_type}: {status} {text}"
            );
            assert!(
                serde_json::from_str::<Value>(&text).is_ok(),
                "{path}: a JSON error, not {text}"
            );
        }
    }
    wait_for_empty_tmp(&app).await;
    // Only random bodies whose file part survived intact enough may have been stored.
    let after = (
        count::<evidence_file::Entity>(&app).await,
        count::<blob::Entity>(&app).await,
        count::<response::Entity>(&app).await,
    );
    assert_eq!(after.2, before.2, "a response filed from a malformed body");
    assert_eq!(after.0 - before.0, accepted, "files stored without a 201");
    assert!(accepted <= 40, "{accepted}");
}
