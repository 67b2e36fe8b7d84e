//! What reaches the registry and when the court acted: a party's paper filing recorded with
//! its scan in one step, a response carrying its own file, and the dates of acts (received,
//! found, ruled, corrected) kept apart from when they were recorded, with deadlines judged
//! by the act.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{
    directive_version, evidence_file, evidence_item, evidence_link, obligation_event, response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(
    a_paper_filing_is_recorded_with_its_scan_and_judged_by_when_it_was_received,
    a_response_carries_its_file_in_one_step,
    rulings_and_corrections_carry_the_date_the_court_acted,
);

/// A one-page PDF whose text is `words`, different for each call that passes other words.
fn scan(words: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {words}\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

/// The response form's fields: a compliance report for `party` on `directive_id`.
fn report_fields(case: &str, party: &str, key: &str) -> Vec<(String, String)> {
    [
        ("case_id", case),
        ("party", party),
        ("kind", "compliance_report"),
        ("third_party", ""),
        ("title", "Report on access to the servers"),
        ("body", "Supervised access was given on 31 August 2022."),
        ("tier", "parties"),
        ("exhibits", ""),
        (key, "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = fields.to_vec();
    for (key, value) in changes {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = (*value).to_owned(),
            None => fields.push(((*key).to_owned(), (*value).to_owned())),
        }
    }
    fields
}

async fn post(
    client: &Client,
    case: &str,
    fields: &[(String, String)],
    file: Option<(&str, Vec<u8>)>,
) -> Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client
        .post_form(&format!("/cases/{case}/responses"), &pairs, file, true)
        .await
}

async fn detail(client: &Client, case: &str, id: i64) -> Reply {
    let reply = client
        .call(
            "responses/detail",
            &[("case_id", case), ("response_id", &id.to_string())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply
}

async fn a_paper_filing_is_recorded_with_its_scan_and_judged_by_when_it_was_received(
    backend: Backend,
) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    // Made 30 Aug 2022 10:00; deadline 1 Sep 2022 14:00 (Nairobi).
    let directive_id = issued_directive(&app, &registrar, &case, "41", &[iebc], &[]).await;
    let key = format!("directives[{directive_id}]");
    let iebc_s = iebc.to_string();
    let paper = with(
        &report_fields(&case, &iebc_s, &key),
        &[("received_at", "2022-09-01T13:30")],
    );

    // Refused, each with its field's message, leaving no row and no file behind.
    let before = footprint(&app).await;
    let files_before = stored_files(&app);
    // (field, the form, whether a file goes with it, words of the message)
    type Refusal<'a> = (&'a str, Vec<(String, String)>, bool, &'a str);
    let refusals: Vec<Refusal> = vec![
        ("file", paper.clone(), false, "scan"),
        (
            "received_at",
            with(&paper, &[("received_at", "2099-01-01T10:00")]),
            true,
            "future",
        ),
        (
            "received_at",
            with(&paper, &[("received_at", "2022-08-29T10:00")]),
            true,
            "before the order",
        ),
        (
            "received_at",
            with(&paper, &[("received_at", "1 September")]),
            true,
            "2022-08-30 14:00",
        ),
        ("title", with(&paper, &[("title", "")]), true, "required"),
        (
            "received_at",
            with(&paper, &[("received_at", "")]),
            true,
            "received on paper",
        ),
        (
            "party",
            with(&paper, &[("party", "999999")]),
            true,
            "party of this case",
        ),
    ];
    for (field, fields, with_file, words) in refusals {
        let file = with_file.then(|| ("report.pdf", scan("refused")));
        let refused = post(&registrar, &case, &fields, file).await;
        assert_eq!(refused.status, 422, "{field}: {}", refused.text);
        assert!(
            message(&refused, field).contains(words),
            "{field}: {}",
            refused.text
        );
    }
    // Counsel file their own party's filings here; only the registry records paper ones.
    let forbidden = post(&gumbo, &case, &paper, Some(("report.pdf", scan("counsel")))).await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.text);
    assert_eq!(footprint(&app).await, before);
    assert_eq!(
        stored_files(&app),
        files_before,
        "no file kept from a refusal"
    );

    // Received in time, with its scan: the scan becomes IEBC's next exhibit, cited.
    let content = scan("IEBC report received at the registry");
    let filed = post(
        &registrar,
        &case,
        &paper,
        Some(("report.pdf", content.clone())),
    )
    .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let id = filed.body["id"].as_i64().unwrap();
    let row = response::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.party_id, Some(iebc));
    assert!(row.received_at.is_some_and(|at| at < row.filed_at));
    let link = evidence_link::Entity::find()
        .filter(evidence_link::Column::TargetKind.eq("response"))
        .filter(evidence_link::Column::TargetId.eq(id as i32))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the scan is cited");
    let item = evidence_item::Entity::find_by_id(link.item_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(item.code.starts_with("EXH-IEBC-"), "{}", item.code);
    assert_eq!(item.producer_party_id, Some(iebc));
    let file = evidence_file::Entity::find()
        .filter(evidence_file::Column::ItemId.eq(item.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.sha256, app::backend::storage::sha256_hex(&content));
    assert_eq!(stored_files(&app), files_before + 1);
    let shown = detail(&gumbo, &case, id).await;
    let received = shown.body["row"]["received_at"].as_str().unwrap();
    assert!(received.contains("1 Sep 2022, 13:30"), "{received}");
    assert!(shown.body["row"]["late"].is_null(), "{}", shown.text);
    let c = cell(&app, directive_id, iebc).await;
    assert_eq!(c.state.as_str(), "claimed_complied");

    // The finding follows the report: not before it was received, not in the future.
    let assess = |acted_at: &'static str, c: app::backend::entities::obligation::Model| {
        let registrar = registrar.clone();
        let case = case.clone();
        async move {
            registrar
                .call(
                    "compliance/assess",
                    &[
                        ("case_id", &case),
                        ("obligation_id", &c.id.to_string()),
                        ("revision", &c.revision.to_string()),
                        ("finding", "complied"),
                        ("reason", "Access was given as ordered."),
                        ("acted_at", acted_at),
                    ],
                )
                .await
        }
    };
    let before = footprint(&app).await;
    let early = assess("2022-09-01T12:00", c.clone()).await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert!(
        message(&early, "acted_at").contains("latest report"),
        "{}",
        early.text
    );
    let future = assess("2099-09-01T12:00", c.clone()).await;
    assert_eq!(future.status, 422, "{}", future.text);
    assert_eq!(footprint(&app).await, before);
    let found = assess("2022-09-01T16:00", c.clone()).await;
    assert_eq!(found.status, 200, "{}", found.text);
    let event = obligation_event::Entity::find()
        .filter(obligation_event::Column::ObligationId.eq(c.id))
        .order_by_desc(obligation_event::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let acted = event.acted_at.expect("the act's date is kept");
    assert!(acted < event.at);
    let page = registrar
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    assert!(
        page.text.contains("made 1 Sep 2022, 16:00"),
        "the finding shows when it was made: {}",
        page.text
    );

    // Received after the deadline: late by the receipt, however soon it is recorded.
    let late = with(
        &report_fields(&case, &iebc_s, &key),
        &[
            ("kind", "letter"),
            ("title", "A further letter"),
            ("received_at", "2022-09-02T10:00"),
        ],
    );
    let filed = post(&registrar, &case, &late, Some(("letter.pdf", scan("late")))).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let shown = detail(&registrar, &case, filed.body["id"].as_i64().unwrap()).await;
    assert_eq!(
        shown.body["row"]["late"].as_str(),
        Some("directive 41: 20 hours late"),
        "{}",
        shown.text
    );

    // A browser without the wasm is taken to the new response's page.
    let browser = with(
        &report_fields(&case, &iebc_s, &key),
        &[("kind", "letter"), ("title", "Posted without the wasm")],
    );
    let pairs: Vec<(&str, &str)> = browser
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let posted = gumbo
        .post_form(&format!("/cases/{case}/responses"), &pairs, None, false)
        .await;
    assert_eq!(posted.status, 303, "{}", posted.text);
    assert!(
        posted
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with(&format!("/cases/{case}/responses/"))),
        "{:?}",
        posted.location
    );
    // And a refusal reaches it as a page that says why, with a way back.
    let refused = gumbo
        .post_form(
            &format!("/cases/{case}/responses"),
            &pairs
                .iter()
                .map(|(k, v)| if *k == "title" { (*k, "") } else { (*k, *v) })
                .collect::<Vec<_>>(),
            None,
            false,
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.text.contains("Title is required."),
        "{}",
        refused.text
    );
    assert!(
        refused
            .text
            .contains(&format!("/cases/{case}/responses/new"))
    );
}

async fn a_response_carries_its_file_in_one_step(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn_with(
        &db,
        app::backend::PortalConfig {
            max_upload_bytes: 100_000,
            ..Default::default()
        },
    )
    .await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let directive_id = issued_directive(
        &app,
        &registrar,
        &case,
        "42",
        &[iebc],
        &[("tier", "court_only")],
    )
    .await;
    let key = format!("directives[{directive_id}]");
    let iebc_s = iebc.to_string();
    let fields = with(
        &report_fields(&case, &iebc_s, &key),
        &[("tier", "court_only")],
    );
    let content = scan("IEBC's own report with its annex");
    let filed = post(&gumbo, &case, &fields, Some(("annex.pdf", content.clone()))).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let id = filed.body["id"].as_i64().unwrap();
    let shown = detail(&gumbo, &case, id).await;
    let cited = shown.body["row"]["evidence"].as_array().unwrap();
    assert_eq!(cited.len(), 1, "{}", shown.text);
    let code = cited[0]["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("EXH-IEBC-"), "{code}");
    let item = evidence_item::Entity::find()
        .filter(evidence_item::Column::Code.eq(code.as_str()))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.tier.as_str(), "court_only", "sealed as the response");
    assert!(shown.body["row"]["received_at"].is_null());
    // Sealed as the response: the other side sees neither the filing nor its file.
    assert!(!mwangi.evidence_codes(case_id).await.contains(&code));
    assert_eq!(
        mwangi
            .call(
                "responses/detail",
                &[("case_id", &case), ("response_id", &id.to_string())]
            )
            .await
            .status,
        404
    );

    // The same bytes again are already held: refused, naming where, and nothing written.
    let before = footprint(&app).await;
    let files_before = stored_files(&app);
    let again = post(
        &gumbo,
        &case,
        &with(&fields, &[("title", "The same annex again")]),
        Some(("annex.pdf", content)),
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert!(message(&again, "file").contains(&code), "{}", again.text);
    // An empty file, a file named like a path, and an oversized body change nothing either.
    let empty = post(&gumbo, &case, &fields, Some(("empty.pdf", Vec::new()))).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(message(&empty, "file").contains("empty"), "{}", empty.text);
    let pathlike = post(&gumbo, &case, &fields, Some(("../x.pdf", scan("path")))).await;
    assert_eq!(pathlike.status, 422, "{}", pathlike.text);
    let limit = app.state.config.max_upload_bytes as usize;
    let oversized = post(
        &gumbo,
        &case,
        &fields,
        Some(("big.pdf", vec![b'x'; limit + 1])),
    )
    .await;
    assert_eq!(oversized.status, 413, "{}", oversized.text);
    assert_eq!(footprint(&app).await, before);
    assert_eq!(stored_files(&app), files_before);
}

async fn rulings_and_corrections_carry_the_date_the_court_acted(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let directive_id = issued_directive(&app, &registrar, &case, "43", &[iebc], &[]).await;
    let before = footprint(&app).await;
    let early = correct(
        &app,
        &registrar,
        &case,
        directive_id,
        iebc,
        "2022-08-29T09:00",
    )
    .await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert!(
        message(&early, "acted_at").contains("the order was made"),
        "{}",
        early.text
    );
    assert_eq!(footprint(&app).await, before);
    let corrected = correct(
        &app,
        &registrar,
        &case,
        directive_id,
        iebc,
        "2022-08-31T09:00",
    )
    .await;
    assert_eq!(corrected.status, 200, "{}", corrected.text);
    let version = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .filter(directive_version::Column::Number.eq(2))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(version.acted_at.is_some_and(|at| at < version.created_at));
    let page = registrar
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    assert!(
        page.text.contains("made 31 Aug 2022, 09:00"),
        "{}",
        page.text
    );
    // The first version was made with the order, on the order's date.
    assert!(
        page.text.contains("made 30 Aug 2022, 10:00"),
        "{}",
        page.text
    );

    // A ruling follows the request it answers, which was filed here today.
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let requested = mwangi
        .call(
            "clarifications/request",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
                ("quote", "forensically imaged"),
                ("question", "Does it mean the entire server?"),
                ("grounds", "The parties disagree."),
                ("proposed", "The whole server."),
                ("exhibits", ""),
                ("file_now", "1"),
            ],
        )
        .await;
    assert_eq!(requested.status, 200, "{}", requested.text);
    let id = requested.body.as_i64().unwrap() as i32;
    let revision = app::backend::entities::clarification::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let id = id.to_string();
    let rule = |ruled_at: &'static str| {
        let registrar = registrar.clone();
        let (case, id, revision) = (case.clone(), id.clone(), revision.clone());
        async move {
            registrar
                .call(
                    "clarifications/rule",
                    &[
                        ("case_id", &case),
                        ("clarification_id", &id),
                        ("revision", &revision),
                        ("ruling", "clarified"),
                        ("ruling_text", "The image is of the Form 34C records."),
                        ("ruled_at", ruled_at),
                    ],
                )
                .await
        }
    };
    let before = footprint(&app).await;
    let early = rule("2022-08-31T16:00").await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert!(
        message(&early, "ruled_at").contains("the request was filed"),
        "{}",
        early.text
    );
    assert_eq!(footprint(&app).await, before);
    let ruled = rule("").await;
    assert_eq!(ruled.status, 200, "{}", ruled.text);
}

/// Corrects the directive's agent limit, as the court made the correction at `acted_at`.
async fn correct(
    app: &TestApp,
    registrar: &Client,
    case: &str,
    directive_id: i32,
    iebc: i32,
    acted_at: &str,
) -> Reply {
    let d = directive_id.to_string();
    let obliged = format!("obliged[{iebc}]");
    let office = format!("office[{iebc}]");
    let version = app::backend::entities::directive::Entity::find_by_id(directive_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .current_version
        .to_string();
    registrar
        .call(
            "directives/correct",
            &[
                ("case_id", case),
                ("directive_id", &d),
                ("version", &version),
                (
                    "text",
                    "The 1st respondent shall give supervised access to the servers, forensically imaged to capture Form 34C.",
                ),
                (&obliged, "on"),
                (&office, "Chief Executive Officer"),
                ("third_parties", "Smartmatic International Holding B.V."),
                ("window_opens", "2022-08-30T14:00"),
                ("deadline", "2022-09-01T14:00"),
                ("limits", "At most three agents per party"),
                ("tier", "public"),
                ("reason_note", "The order allows three agents."),
                ("carry", "on"),
                ("acted_at", acted_at),
            ],
        )
        .await
}
