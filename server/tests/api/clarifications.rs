//! Clarification requests from draft to ruling, the variation of a directive with its word
//! diff, and every kind of bad input refused with nothing changed.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{clarification, directive, directive_version, docket_entry, notice};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

on_both_backends!(
    a_request_runs_from_draft_to_a_clarification,
    bad_requests_and_steps_are_refused_and_change_nothing,
    a_variation_makes_a_new_version_compared_word_by_word,
);

const TEXT: &str = "The 1st respondent shall give supervised access to the servers, which shall be forensically imaged to capture a copy of Form 34C.";

/// An issued order with one public directive 4 obliging IEBC, in the words of the 2022
/// server directive; returns its id.
async fn directive(app: &TestApp, registrar: &Client, case: &str, iebc: i32) -> i32 {
    let office = format!("office[{iebc}]");
    let extra = [
        ("text", TEXT),
        ("limits", "Two agents per party"),
        (office.as_str(), ""),
    ];
    issued_directive(app, registrar, case, "4", &[iebc], &extra).await
}

async fn ask(client: &Client, case: &str, directive_id: i32, fields: &[(&str, &str)]) -> Reply {
    let id = directive_id.to_string();
    let mut all: Vec<(&str, &str)> = vec![
        ("case_id", case),
        ("directive_id", &id),
        ("quote", "forensically\n  imaged"),
        (
            "question",
            "Does a forensic image mean an image of the entire server?",
        ),
        (
            "grounds",
            "Imaging entire servers would lose the infrastructure needed for a repeat election and breach third-party licences.",
        ),
        (
            "proposed",
            "An image of the Form 34C records and their logs only.",
        ),
        ("exhibits", ""),
        ("file_now", "1"),
    ];
    for (key, value) in fields {
        match all.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => all.push((key, value)),
        }
    }
    all.retain(|(_, v)| *v != "<absent>");
    client.call("clarifications/request", &all).await
}

async fn request(app: &TestApp, id: i32) -> clarification::Model {
    clarification::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn step(
    client: &Client,
    endpoint: &str,
    case: &str,
    c: &clarification::Model,
    extra: &[(&str, &str)],
) -> Reply {
    let (id, rev) = (c.id.to_string(), c.revision.to_string());
    let mut fields: Vec<(&str, &str)> = vec![
        ("case_id", case),
        ("clarification_id", &id),
        ("revision", &rev),
    ];
    fields.extend_from_slice(extra);
    client.call(endpoint, &fields).await
}

/// A request that must be refused: who asks, on which directive, the fields replaced, the
/// status, and the field and words of the expected message.
type Refusal<'a> = (
    &'a Client,
    i32,
    Vec<(&'a str, &'a str)>,
    u16,
    &'a str,
    &'a str,
);

async fn a_request_runs_from_draft_to_a_clarification(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let judge = app.signed_in(JUDGE).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let ngatia = app.signed_in("ngatia@counsel.test").await;
    let directive_id = directive(&app, &registrar, &case, iebc).await;
    let petitioners_exhibit = mwangi
        .evidence_codes(case_id)
        .await
        .into_iter()
        .find(|c| c.starts_with("EXH-ODINGA") || c.starts_with("EXH-AZIMIO"));

    // A draft is IEBC's own.
    let drafted = ask(&gumbo, &case, directive_id, &[("file_now", "<absent>")]).await;
    assert_eq!(drafted.status, 200, "{}", drafted.text);
    let id = drafted.body.as_i64().unwrap() as i32;
    let c = request(&app, id).await;
    assert_eq!(c.state.as_str(), "draft");
    assert_eq!(
        &TEXT[c.quote_start as usize..c.quote_end as usize],
        "forensically imaged"
    );
    let sid = id.to_string();
    for (client, status) in [(&mwangi, 404), (&registrar, 404), (&gumbo, 200)] {
        let seen = client
            .call(
                "clarifications/detail",
                &[("case_id", &case), ("clarification_id", &sid)],
            )
            .await;
        assert_eq!(seen.status, status, "{}", seen.text);
    }

    // Filed: on the docket, the petitioners notified, the matrix marks the cell.
    let filed = step(&gumbo, "clarifications/file", &case, &c, &[]).await;
    assert_eq!(filed.status, 200, "{}", filed.text);
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::TargetKind.eq("clarification"))
        .filter(docket_entry::Column::TargetId.eq(id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        entry.title.contains("“forensically imaged”"),
        "{}",
        entry.title
    );
    let mwangi_id = app::backend::accounts::find_by_email(&app.state, COUNSEL_PETITIONER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let notified = notice::Entity::find()
        .filter(notice::Column::UserId.eq(mwangi_id))
        .filter(notice::Column::DocketEntryId.eq(entry.id))
        .one(&app.state.db)
        .await
        .unwrap();
    assert!(notified.is_some());
    let marked = |matrix: &Reply| {
        matrix.body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["directive_id"] == directive_id)
            .unwrap()["cells"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["clarification_pending"] == true)
    };
    let matrix = registrar
        .call("compliance/matrix", &[("case_id", &case)])
        .await;
    assert!(marked(&matrix));

    // The registrar opens it for responses; the petitioners oppose, citing their exhibit.
    let c = request(&app, id).await;
    let opened = step(
        &registrar,
        "clarifications/open",
        &case,
        &c,
        &[("closes_at", "2099-09-01T17:00")],
    )
    .await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    let cites = petitioners_exhibit.clone().unwrap_or_default();
    let opposed = mwangi
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "opposes"),
                (
                    "body",
                    "IEBC has not complied; an image of the whole server is what the order says.",
                ),
                ("exhibits", &cites),
            ],
        )
        .await;
    assert_eq!(opposed.status, 200, "{}", opposed.text);
    let before = footprint(&app).await;
    let again = mwangi
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "supports"),
                ("body", "Second thoughts"),
                ("exhibits", ""),
            ],
        )
        .await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert!(message(&again, "position").contains("already responded"));
    let own = gumbo
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "supports"),
                ("body", "We agree"),
                ("exhibits", ""),
            ],
        )
        .await;
    assert_eq!(own.status, 422);
    assert!(message(&own, "position").contains("Your party made this request"));
    assert_eq!(footprint(&app).await, before);
    let none = ngatia
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "no_position"),
                ("body", "The President-elect takes no position."),
                ("exhibits", ""),
            ],
        )
        .await;
    assert_eq!(none.status, 200, "{}", none.text);
    let detail = registrar
        .call(
            "clarifications/detail",
            &[("case_id", &case), ("clarification_id", &sid)],
        )
        .await;
    let positions: Vec<&str> = detail.body["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["position"].as_str().unwrap())
        .collect();
    assert_eq!(positions, ["Opposes", "NoPosition"]);
    if let Some(code) = &petitioners_exhibit {
        assert!(detail.text.contains(code.as_str()));
    }
    assert_eq!(detail.body["may_rule"], true);
    assert_eq!(detail.body["may_respond"], false);

    // Counsel do not rule; the judge clarifies.
    let c = request(&app, id).await;
    let by_counsel = step(
        &mwangi,
        "clarifications/rule",
        &case,
        &c,
        &[("ruling", "dismissed"), ("ruling_text", "No")],
    )
    .await;
    assert_eq!(by_counsel.status, 403);
    let ruled = step(
        &judge,
        "clarifications/rule",
        &case,
        &c,
        &[("ruling", "clarified"), ("ruling_text", "A forensic image means a copy of the Form 34C records and their logs, not of the whole server.")],
    )
    .await;
    assert_eq!(ruled.status, 200, "{}", ruled.text);
    assert_eq!(ruled.body, Value::from("clarified"));
    let page = gumbo
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    let listed = &page.body["clarifications"][0];
    assert_eq!(listed["state"], serde_json::json!({"Ruled": "Clarified"}));
    assert!(
        listed["ruling_text"]
            .as_str()
            .unwrap()
            .contains("not of the whole server")
    );
    let html = gumbo
        .get(&format!("/cases/{case_id}/directives/{directive_id}"))
        .await;
    assert_eq!(html.status, 200);
    assert!(
        html.text.contains("<mark"),
        "the quoted words are marked in place"
    );
    assert!(html.text.contains("Clarified by the court"));
    let matrix = registrar
        .call("compliance/matrix", &[("case_id", &case)])
        .await;
    assert!(!marked(&matrix), "no marker once ruled");
    let closed = step(
        &gumbo,
        "clarifications/withdraw",
        &case,
        &request(&app, id).await,
        &[],
    )
    .await;
    assert_eq!(closed.status, 422);
    assert!(message(&closed, "state").contains("ruled"));
    let page = mwangi
        .get(&format!("/cases/{case_id}/clarifications/{id}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("forensically imaged"));
}

async fn bad_requests_and_steps_are_refused_and_change_nothing(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, other_case) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let directive_id = directive(&app, &registrar, &case, iebc).await;
    let other = {
        let other_case_s = other_case.to_string();
        let other_iebc = add_party(
            &app,
            other_case,
            "Independent Electoral and Boundaries Commission",
            "IEBC",
        )
        .await;
        directive(&app, &registrar, &other_case_s, other_iebc).await
    };

    let agent = app.signed_in(AGENT_IEBC).await;
    let observer = app.signed_in(OBSERVER).await;
    let refusals: Vec<Refusal> = vec![
        (
            &gumbo,
            directive_id,
            vec![("quote", "entire server")],
            422,
            "quote",
            "",
        ),
        (
            &gumbo,
            directive_id,
            vec![("quote", "forensic image")],
            422,
            "quote",
            "",
        ),
        (
            &gumbo,
            directive_id,
            vec![("quote", "")],
            422,
            "quote",
            "Quote the words",
        ),
        (
            &gumbo,
            directive_id,
            vec![("question", " ")],
            422,
            "question",
            "required",
        ),
        (
            &gumbo,
            directive_id,
            vec![("exhibits", "EXH-NOPE-001")],
            422,
            "exhibits",
            "EXH-NOPE-001",
        ),
        (&gumbo, other, vec![], 422, "directive", "No such directive"),
        (
            &gumbo,
            99_999,
            vec![],
            422,
            "directive",
            "No such directive",
        ),
        (&agent, directive_id, vec![], 403, "", ""),
        (&observer, directive_id, vec![], 403, "", ""),
        (&registrar, directive_id, vec![], 403, "", ""),
    ];
    for (client, target, fields, status, field, words) in refusals {
        let before = footprint(&app).await;
        let reply = ask(client, &case, target, &fields).await;
        assert_eq!(reply.status, status, "{fields:?}: {}", reply.text);
        if !field.is_empty() {
            assert!(
                message(&reply, field).contains(words),
                "{fields:?}: {}",
                reply.text
            );
        }
        assert_eq!(footprint(&app).await, before, "{fields:?}");
    }

    let filed = ask(&gumbo, &case, directive_id, &[]).await;
    assert_eq!(filed.status, 200, "{}", filed.text);
    let id = filed.body.as_i64().unwrap() as i32;
    let sid = id.to_string();
    let c = request(&app, id).await;
    let before = footprint(&app).await;
    // Responses are not open yet; counsel cannot open them; a closing time must follow filing.
    let early = mwangi
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "opposes"),
                ("body", "No"),
                ("exhibits", ""),
            ],
        )
        .await;
    assert_eq!(early.status, 422);
    assert!(message(&early, "state").contains("not open yet"));
    assert_eq!(
        step(
            &gumbo,
            "clarifications/open",
            &case,
            &c,
            &[("closes_at", "2099-01-01T10:00")]
        )
        .await
        .status,
        403
    );
    let past = step(
        &registrar,
        "clarifications/open",
        &case,
        &c,
        &[("closes_at", "2022-08-30T10:00")],
    )
    .await;
    assert_eq!(past.status, 422);
    assert!(message(&past, "closes_at").contains("after the request was filed"));
    let garbled = step(
        &registrar,
        "clarifications/open",
        &case,
        &c,
        &[("closes_at", "soon")],
    )
    .await;
    assert_eq!(garbled.status, 422);
    // The other side cannot withdraw it, and a stale form is refused.
    assert_eq!(
        step(&mwangi, "clarifications/withdraw", &case, &c, &[])
            .await
            .status,
        403
    );
    let stale = mwangi
        .call(
            "clarifications/open",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("revision", "1"),
                ("closes_at", "2099-01-01T10:00"),
            ],
        )
        .await;
    assert_eq!(
        stale.status, 403,
        "counsel are refused before staleness is looked at"
    );
    let stale = registrar
        .call(
            "clarifications/open",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("revision", "1"),
                ("closes_at", "2099-01-01T10:00"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    let bad_ruling = step(
        &registrar,
        "clarifications/rule",
        &case,
        &c,
        &[("ruling", "granted"), ("ruling_text", "x")],
    )
    .await;
    assert_eq!(bad_ruling.status, 422);
    let no_words = step(
        &registrar,
        "clarifications/rule",
        &case,
        &c,
        &[("ruling", "dismissed"), ("ruling_text", "")],
    )
    .await;
    assert_eq!(no_words.status, 422);
    assert!(message(&no_words, "text").contains("required"));
    assert_eq!(footprint(&app).await, before);
    assert_eq!(request(&app, id).await, c);

    // Once responses have closed, a late response is refused.
    let opened = step(
        &registrar,
        "clarifications/open",
        &case,
        &c,
        &[("closes_at", "2099-01-01T10:00")],
    )
    .await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    let mut closing: clarification::ActiveModel = request(&app, id).await.into();
    closing.responses_close_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(5)));
    closing.update(&app.state.db).await.unwrap();
    let before = footprint(&app).await;
    let late = mwangi
        .call(
            "clarifications/respond",
            &[
                ("case_id", &case),
                ("clarification_id", &sid),
                ("position", "opposes"),
                ("body", "Late"),
                ("exhibits", ""),
            ],
        )
        .await;
    assert_eq!(late.status, 422, "{}", late.text);
    assert!(message(&late, "state").contains("Responses closed at"));
    assert_eq!(footprint(&app).await, before);

    // Withdrawn by its filer, it is closed to every further step.
    let c = request(&app, id).await;
    assert_eq!(
        step(&gumbo, "clarifications/withdraw", &case, &c, &[])
            .await
            .status,
        200
    );
    let c = request(&app, id).await;
    assert_eq!(c.state.as_str(), "withdrawn");
    let before = footprint(&app).await;
    let after = step(
        &registrar,
        "clarifications/rule",
        &case,
        &c,
        &[
            ("ruling", "dismissed"),
            ("ruling_text", "Nothing to rule on"),
        ],
    )
    .await;
    assert_eq!(after.status, 422);
    assert!(message(&after, "state").contains("withdrawn"));
    assert_eq!(footprint(&app).await, before);
}

async fn a_variation_makes_a_new_version_compared_word_by_word(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let judge = app.signed_in(JUDGE).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let directive_id = directive(&app, &registrar, &case, iebc).await;
    let filed = ask(&gumbo, &case, directive_id, &[]).await;
    let id = filed.body.as_i64().unwrap() as i32;
    let c = request(&app, id).await;
    let obliged = format!("obliged[{iebc}]");
    let varied_text = "The 1st respondent shall give supervised access to the servers, from which the Form 34C records and their logs shall be copied.";
    let vary = |version: &'static str| {
        vec![
            ("ruling", "varied"),
            (
                "ruling_text",
                "The directive is varied to the records of Form 34C and their logs.",
            ),
            ("directive_version", version),
            ("text", varied_text),
            (obliged.as_str(), "on"),
            ("third_parties", ""),
            ("window_opens", "2022-08-30T14:00"),
            ("deadline", "2022-09-01T17:00"),
            ("limits", "Two agents per party"),
            ("tier", "public"),
        ]
    };
    // A variation made on an older version of the directive is stale; nothing changes.
    let before = footprint(&app).await;
    let stale = step(&judge, "clarifications/rule", &case, &c, &vary("2")).await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    let bad_terms = {
        let mut fields = vary("1");
        fields.retain(|(k, _)| *k != obliged.as_str());
        step(&judge, "clarifications/rule", &case, &c, &fields).await
    };
    assert_eq!(bad_terms.status, 422, "{}", bad_terms.text);
    assert!(message(&bad_terms, "obliged").contains("at least one party"));
    assert_eq!(footprint(&app).await, before);
    assert_eq!(request(&app, id).await, c);

    let varied = step(&judge, "clarifications/rule", &case, &c, &vary("1")).await;
    assert_eq!(varied.status, 200, "{}", varied.text);
    assert_eq!(varied.body, Value::from("varied"));
    let d = directive::Entity::find_by_id(directive_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.current_version, 2);
    let v2 = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(directive_id))
        .filter(directive_version::Column::Number.eq(2))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v2.reason.as_str(), "ruling");
    assert_eq!(v2.source_kind.as_deref(), Some("clarification"));
    assert_eq!(v2.source_id, Some(id));
    assert!(!v2.carries_compliance);
    assert_eq!(request(&app, id).await.new_version_id, Some(v2.id));

    let diff = gumbo
        .call(
            "directives/compare",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
                ("from", "1"),
                ("to", "2"),
            ],
        )
        .await;
    assert_eq!(diff.status, 200, "{}", diff.text);
    let parts = diff.body["text"].as_array().unwrap();
    let joined = |kind: &str| -> String {
        parts
            .iter()
            .filter(|p| p["kind"] == kind)
            .map(|p| p["text"].as_str().unwrap())
            .collect()
    };
    assert!(
        joined("Removed").contains("forensically imaged"),
        "{}",
        diff.text
    );
    assert!(
        joined("Added").contains("records and their logs"),
        "{}",
        diff.text
    );
    assert!(joined("Same").starts_with("The 1st respondent shall give supervised access"));
    let changed: Vec<&str> = diff.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["Deadline", "Third parties"]);
    let missing = gumbo
        .call(
            "directives/compare",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
                ("from", "1"),
                ("to", "7"),
            ],
        )
        .await;
    assert_eq!(missing.status, 422);
    let page = gumbo
        .get(&format!(
            "/cases/{case_id}/directives/{directive_id}?from=1&to=2"
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("<del>"),
        "the page shows what was removed"
    );
    assert!(page.text.contains("<ins>"), "and what was added");
}
