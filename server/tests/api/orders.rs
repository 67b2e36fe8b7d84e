//! Orders, directives and their versions, party responses and compliance: the happy path
//! through the real router, and every kind of bad input refused with nothing changed.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{
    directive, directive_version, docket_entry, notice, obligation, obligation_event,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

on_both_backends!(
    an_order_is_drafted_then_issued_and_the_parties_notified,
    bad_orders_and_directives_are_refused_and_change_nothing,
    responses_are_filed_only_for_ones_own_party,
    assessments_follow_the_state_machine_and_refuse_stale_forms,
    two_assessors_at_once_one_wins_and_the_other_is_told,
    sealed_directives_reach_only_the_court_and_the_obliged,
    a_filing_on_a_court_only_directive_stays_court_only,
    a_new_version_carries_compliance_over_or_starts_it_again,
    the_matrix_filters_and_my_obligations_come_soonest_first,
);

async fn respond(client: &Client, case: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all: Vec<(&str, &str)> = vec![
        ("case_id", case),
        ("kind", "compliance_report"),
        ("party", ""),
        ("third_party", ""),
        ("title", "Report on access to the servers"),
        ("body", "Access was given on 31 August under supervision."),
        ("tier", "parties"),
        ("exhibits", ""),
    ];
    for (key, value) in fields {
        if let Some(slot) = all.iter_mut().find(|(k, _)| k == key) {
            slot.1 = value;
        } else {
            all.push((key, value));
        }
    }
    client.call("responses/file", &all).await
}

async fn assess(
    client: &Client,
    case: &str,
    cell: &obligation::Model,
    revision: i32,
    finding: &str,
) -> Reply {
    let (id, rev) = (cell.id.to_string(), revision.to_string());
    client
        .call(
            "compliance/assess",
            &[
                ("case_id", case),
                ("obligation_id", &id),
                ("revision", &rev),
                ("finding", finding),
                ("reason", "Access to 1 of 8 servers only."),
            ],
        )
        .await
}

/// A directive form that must be refused: label, obliged parties, fields replaced, and the
/// field and words of the expected message.
type BadDirective<'a> = (&'a str, Vec<i32>, Vec<(&'a str, &'a str)>, &'a str, &'a str);

/// A response that must be refused: who sends it, the fields replaced, the status, and the
/// field and words of the expected message (none for a refusal without one).
type Refusal<'a> = (&'a Client, Vec<(&'a str, &'a str)>, u16, &'a str, &'a str);

async fn an_order_is_drafted_then_issued_and_the_parties_notified(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;

    let order_id = draft(&registrar, &case).await;
    let added = add(&app, &registrar, &case, order_id, "7", &[iebc], &[]).await;
    assert_eq!(added.status, 200, "{}", added.text);
    let second = add(&app, &registrar, &case, order_id, "3 (B)", &[iebc], &[]).await;
    assert_eq!(second.status, 200, "{}", second.text);
    // A directive recorded by mistake comes out of the draft, and only out of the draft.
    let mistake = add(&app, &registrar, &case, order_id, "9", &[iebc], &[]).await;
    assert_eq!(mistake.status, 200, "{}", mistake.text);
    let mistake = mistake.body.as_i64().unwrap().to_string();
    let order = order_id.to_string();
    let remove = |client: &Client, revision: String| {
        let (client, case, order, mistake) =
            (client.clone(), case.clone(), order.clone(), mistake.clone());
        async move {
            client
                .call(
                    "orders/remove_directive",
                    &[
                        ("case_id", &case),
                        ("order_id", &order),
                        ("revision", &revision),
                        ("directive_id", &mistake),
                    ],
                )
                .await
        }
    };
    assert_eq!(remove(&registrar, "1".to_owned()).await.status, 409);
    assert_eq!(
        remove(&gumbo, order_revision(&app, order_id).await)
            .await
            .status,
        403
    );
    let removed = remove(&registrar, order_revision(&app, order_id).await).await;
    assert_eq!(removed.status, 200, "{}", removed.text);
    assert_eq!(
        remove(&registrar, order_revision(&app, order_id).await)
            .await
            .status,
        404
    );

    // A draft is the court's alone: counsel neither list it nor open it.
    let order = order_id.to_string();
    let seen = gumbo
        .call("orders/detail", &[("case_id", &case), ("order_id", &order)])
        .await;
    assert_eq!(seen.status, 404);
    let listed = gumbo.call("orders/list", &[("case_id", &case)]).await;
    assert!(
        listed.body["orders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["id"] != order_id),
        "{}",
        listed.text
    );
    let page = gumbo
        .get(&format!("/cases/{case_id}/orders/{order_id}"))
        .await;
    assert_eq!(page.status, 404);

    let unread_before = notice::Entity::find().count_of(&app).await;
    let issued = issue(&app, &registrar, &case, order_id).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::TargetKind.eq("order"))
        .filter(docket_entry::Column::TargetId.eq(order_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("issuing files the order");
    assert_eq!(i64::from(entry.number), issued.body.as_i64().unwrap());
    assert!(notice::Entity::find().count_of(&app).await > unread_before);
    let gumbo_user = app::backend::accounts::find_by_email(&app.state, COUNSEL_IEBC)
        .await
        .unwrap()
        .unwrap();
    let notified = notice::Entity::find()
        .filter(notice::Column::UserId.eq(gumbo_user.id))
        .filter(notice::Column::DocketEntryId.eq(entry.id))
        .one(&app.state.db)
        .await
        .unwrap();
    assert!(
        notified.is_some(),
        "IEBC's counsel is notified of the order"
    );

    // Now counsel read it, directives in the court's order: 3(b) before 7.
    let seen = gumbo
        .call("orders/detail", &[("case_id", &case), ("order_id", &order)])
        .await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    let labels: Vec<&str> = seen.body["directives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["3(b)", "7"]);
    let page = gumbo
        .get(&format!("/cases/{case_id}/orders/{order_id}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("forensically imaged"));

    // The window and deadline were read in the court's time zone (EAT, UTC+3).
    let d = directive::Entity::find_by_id(added.body.as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let v = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        v.deadline.unwrap().to_rfc3339(),
        "2022-09-01T11:00:00+00:00"
    );
    assert_eq!(cell(&app, d.id, iebc).await.state.as_str(), "pending");
    let matrix = gumbo.call("compliance/matrix", &[("case_id", &case)]).await;
    assert_eq!(matrix.status, 200, "{}", matrix.text);
    let page = gumbo.get(&format!("/cases/{case_id}/compliance")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Directive 7"));
}

trait CountOf {
    async fn count_of(self, app: &TestApp) -> u64;
}

impl<E> CountOf for sea_orm::Select<E>
where
    E: EntityTrait,
    E::Model: Sync,
{
    async fn count_of(self, app: &TestApp) -> u64 {
        use sea_orm::PaginatorTrait;
        self.count(&app.state.db).await.unwrap()
    }
}

async fn bad_orders_and_directives_are_refused_and_change_nothing(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, other_case) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;

    // Counsel and observers do not record orders.
    for client in [&gumbo, &app.signed_in(OBSERVER).await] {
        let before = footprint(&app).await;
        let reply = client
            .call(
                "orders/record",
                &[
                    ("case_id", &case),
                    ("title", "Order"),
                    ("issued_at", "2022-08-30T10:00"),
                    ("bench", "Bench"),
                    ("preamble", ""),
                ],
            )
            .await;
        assert_eq!(reply.status, 403, "{}", reply.text);
        assert_eq!(footprint(&app).await, before);
    }
    for (field, value, words) in [
        ("title", "", "Title is required"),
        ("issued_at", "30/08/2022", "date and time"),
        ("issued_at", "2099-01-01T10:00", "before the court makes it"),
        ("bench", "", "Bench is required"),
        ("report_due", "2022-08-29T10:00", "before the order is made"),
        ("report_due", "tomorrow", "date and time"),
    ] {
        let before = footprint(&app).await;
        let mut fields = vec![
            ("case_id", case.as_str()),
            ("title", "Order"),
            ("issued_at", "2022-08-30T10:00"),
            ("bench", "Bench"),
            ("preamble", ""),
            ("report_due", ""),
        ];
        fields.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value;
        let reply = registrar.call("orders/record", &fields).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert!(
            message(&reply, field).contains(words),
            "{field}: {}",
            reply.text
        );
        assert_eq!(footprint(&app).await, before);
    }

    let order_id = draft(&registrar, &case).await;
    let first = add(&app, &registrar, &case, order_id, "3(b)", &[iebc], &[]).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let other_party = add_party(
        &app,
        other_case,
        "Independent Electoral and Boundaries Commission",
        "IEBC",
    )
    .await;
    let too_long = "x".repeat(2_001);
    let cases: Vec<BadDirective> = vec![
        (
            "3 (B)",
            vec![iebc],
            vec![],
            "label",
            "already has a directive 3(b)",
        ),
        ("3(b", vec![iebc], vec![], "label", "such as 1, 3(b)"),
        ("0", vec![iebc], vec![], "label", "such as 1, 3(b)"),
        ("4", vec![], vec![], "obliged", "at least one party"),
        (
            "4",
            vec![other_party],
            vec![],
            "obliged",
            "Only parties of this case",
        ),
        ("4", vec![iebc], vec![("text", "  ")], "text", "required"),
        (
            "4",
            vec![iebc],
            vec![("deadline", "2022-08-29T17:00"), ("window_opens", "")],
            "deadline",
            "before the order was made",
        ),
        (
            "4",
            vec![iebc],
            vec![("window_opens", "2022-09-02T14:00")],
            "deadline",
            "after the window opens",
        ),
        (
            "4",
            vec![iebc],
            vec![("deadline", "")],
            "deadline",
            "closing time",
        ),
        (
            "4",
            vec![iebc],
            vec![("deadline", "tomorrow")],
            "deadline",
            "date and time",
        ),
        (
            "4",
            vec![iebc],
            vec![("tier", "secret")],
            "tier",
            "who may read",
        ),
        (
            "4",
            vec![iebc],
            vec![("limits", &too_long)],
            "limits",
            "too long",
        ),
    ];
    for (label, obliged, extra, field, words) in cases {
        let before = footprint(&app).await;
        let reply = add(&app, &registrar, &case, order_id, label, &obliged, &extra).await;
        assert_eq!(reply.status, 422, "{label} {extra:?}: {}", reply.text);
        assert!(
            message(&reply, field).contains(words),
            "{label} {extra:?}: {}",
            reply.text
        );
        assert_eq!(footprint(&app).await, before);
    }
    // The other party of the other case does not exist here: it is not obliged silently.
    assert!(other_party != iebc);

    // A form opened before someone else added a directive is stale.
    let before = footprint(&app).await;
    let order = order_id.to_string();
    let stale = registrar
        .call(
            "orders/add_directive",
            &[
                ("case_id", &case),
                ("order_id", &order),
                ("revision", "1"),
                ("label", "9"),
                ("text", "Text"),
                (&format!("obliged[{iebc}]"), "on"),
                ("third_parties", ""),
                ("window_opens", ""),
                ("deadline", ""),
                ("limits", ""),
                ("tier", "public"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    let stale_issue = registrar
        .call(
            "orders/issue",
            &[("case_id", &case), ("order_id", &order), ("revision", "1")],
        )
        .await;
    assert_eq!(stale_issue.status, 409, "{}", stale_issue.text);
    assert_eq!(footprint(&app).await, before);

    // Counsel cannot add to a draft they cannot see; an empty order cannot be issued.
    let by_counsel = add(&app, &gumbo, &case, order_id, "5", &[iebc], &[]).await;
    assert_eq!(by_counsel.status, 403, "{}", by_counsel.text);
    let empty = draft(&registrar, &case).await;
    let refused = issue(&app, &registrar, &case, empty).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(message(&refused, "order").contains("no directives yet"));

    // Once issued, the order takes no new directive and cannot be issued again.
    assert_eq!(issue(&app, &registrar, &case, order_id).await.status, 200);
    let before = footprint(&app).await;
    let late = add(&app, &registrar, &case, order_id, "5", &[iebc], &[]).await;
    assert_eq!(late.status, 422, "{}", late.text);
    assert!(message(&late, "order").contains("new version"));
    let again = issue(&app, &registrar, &case, order_id).await;
    assert_eq!(again.status, 422);
    let first_id = first.body.as_i64().unwrap().to_string();
    let rev = order_revision(&app, order_id).await;
    let out = registrar
        .call(
            "orders/remove_directive",
            &[
                ("case_id", &case),
                ("order_id", &order_id.to_string()),
                ("revision", &rev),
                ("directive_id", &first_id),
            ],
        )
        .await;
    assert_eq!(out.status, 422, "{}", out.text);
    assert!(message(&out, "order").contains("new version"));
    assert_eq!(footprint(&app).await, before);

    // An order of this case asked for under another case is not found.
    let elsewhere = other_case.to_string();
    let crossed = registrar
        .call(
            "orders/detail",
            &[("case_id", &elsewhere), ("order_id", &order)],
        )
        .await;
    assert_eq!(crossed.status, 404);
}

async fn responses_are_filed_only_for_ones_own_party(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, other_case) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let odinga = party_id(&app, case_id, "ODINGA").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let directive_id = issued_directive(&app, &registrar, &case, "4", &[iebc], &[]).await;
    let key = format!("directives[{directive_id}]");
    let key = key.as_str();
    let (iebc_s, odinga_s) = (iebc.to_string(), odinga.to_string());
    let codes = gumbo.evidence_codes(case_id).await;
    let cited = codes
        .iter()
        .find(|c| c.starts_with("EXH-IEBC"))
        .unwrap()
        .clone();

    // Refused, each leaving nothing behind.
    let other_directive = {
        // A directive of the other case, which only the court's members belong to.
        let other = other_case.to_string();
        let other_iebc = add_party(
            &app,
            other_case,
            "Independent Electoral and Boundaries Commission",
            "IEBC",
        )
        .await;
        issued_directive(&app, &registrar, &other, "1", &[other_iebc], &[]).await
    };
    let other_key = format!("directives[{other_directive}]");
    let other_key = other_key.as_str();
    let odinga_key = key;
    let refusals: Vec<Refusal> = vec![
        // For a party one does not represent.
        (&mwangi, vec![("party", &iebc_s), (key, "on")], 403, "", ""),
        (
            &gumbo,
            vec![("party", &odinga_s), ("kind", "letter"), (key, "on")],
            403,
            "",
            "",
        ),
        // A compliance report on a directive that does not oblige the party.
        (
            &mwangi,
            vec![("party", &odinga_s), (odinga_key, "on")],
            422,
            "directives",
            "does not oblige",
        ),
        // A directive of another case, or none at all.
        (
            &gumbo,
            vec![("party", &iebc_s), (other_key, "on")],
            422,
            "directives",
            "issued orders",
        ),
        (
            &gumbo,
            vec![("party", &iebc_s)],
            422,
            "directives",
            "Choose the directive",
        ),
        (
            &gumbo,
            vec![("party", &iebc_s), ("directives[abc]", "on")],
            422,
            "directives",
            "issued orders",
        ),
        // Exhibits not in the register, or sealed from the filer.
        (
            &gumbo,
            vec![
                ("party", &iebc_s),
                (key, "on"),
                ("exhibits", "EXH-IEBC-999"),
            ],
            422,
            "exhibits",
            "EXH-IEBC-999",
        ),
        (
            &gumbo,
            vec![("party", &iebc_s), (key, "on"), ("kind", "speech")],
            422,
            "kind",
            "kind of response",
        ),
        (
            &gumbo,
            vec![("party", &iebc_s), (key, "on"), ("title", "")],
            422,
            "title",
            "required",
        ),
        (
            &gumbo,
            vec![("party", &iebc_s), (key, "on"), ("tier", "nobody")],
            422,
            "tier",
            "who may read",
        ),
        // A third party's letter is the registrar's to record, and needs its writer.
        (
            &gumbo,
            vec![
                ("kind", "third_party_letter"),
                ("third_party", "Smartmatic"),
                (key, "on"),
            ],
            403,
            "",
            "",
        ),
        (
            &registrar,
            vec![("kind", "third_party_letter"), (key, "on")],
            422,
            "third_party",
            "name of the third party",
        ),
        // The registrar files for a party only what reached the registry on paper.
        (
            &registrar,
            vec![("party", &iebc_s), (key, "on")],
            422,
            "received_at",
            "received on paper",
        ),
    ];
    for (client, fields, status, field, words) in refusals {
        let before = footprint(&app).await;
        let reply = respond(client, &case, &fields).await;
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

    // IEBC's compliance report, citing one of its exhibits, moves its cell.
    let filed = respond(
        &gumbo,
        &case,
        &[
            ("party", &iebc_s),
            (key, "on"),
            ("exhibits", &cited.to_lowercase()),
        ],
    )
    .await;
    assert_eq!(filed.status, 200, "{}", filed.text);
    let response_id = filed.body.as_i64().unwrap() as i32;
    let c = cell(&app, directive_id, iebc).await;
    assert_eq!(c.state.as_str(), "claimed_complied");
    assert_eq!(c.latest_response_id, Some(response_id));
    let detail = mwangi
        .call(
            "responses/detail",
            &[
                ("case_id", &case),
                ("response_id", &response_id.to_string()),
            ],
        )
        .await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    assert_eq!(
        detail.body["row"]["evidence"][0]["code"],
        Value::from(cited.clone())
    );
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::TargetKind.eq("response"))
        .filter(docket_entry::Column::TargetId.eq(response_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        entry
            .title
            .contains("Compliance report (IEBC) on directive 4"),
        "{}",
        entry.title
    );

    // The petitioners' objection and the registrar's record of Smartmatic's letter.
    let objection = respond(
        &mwangi,
        &case,
        &[
            ("party", &odinga_s),
            ("kind", "objection"),
            (key, "on"),
            ("title", "Access to 1 of 8 servers"),
        ],
    )
    .await;
    assert_eq!(objection.status, 200, "{}", objection.text);
    let letter = respond(
        &registrar,
        &case,
        &[
            ("kind", "third_party_letter"),
            ("third_party", "Smartmatic International Holding B.V."),
            (key, "on"),
            ("title", "Declining to provide server images"),
        ],
    )
    .await;
    assert_eq!(letter.status, 200, "{}", letter.text);
    // An objection does not change IEBC's state; a second report while one awaits
    // assessment is allowed (it replaces it).
    assert_eq!(
        cell(&app, directive_id, iebc).await.state.as_str(),
        "claimed_complied"
    );

    // A court-only response by IEBC is hidden from the petitioners everywhere.
    let second = codes
        .iter()
        .filter(|c| c.starts_with("EXH-IEBC"))
        .nth(1)
        .unwrap()
        .clone();
    let both = format!("{cited}, {second}");
    let sealed = respond(
        &gumbo,
        &case,
        &[
            ("party", &iebc_s),
            ("kind", "letter"),
            (key, "on"),
            ("tier", "court_only"),
            ("title", "Security policy cover letter"),
            ("exhibits", &both),
        ],
    )
    .await;
    assert_eq!(sealed.status, 200, "{}", sealed.text);
    let sealed_id = sealed.body.as_i64().unwrap().to_string();
    let hidden = mwangi
        .call(
            "responses/detail",
            &[("case_id", &case), ("response_id", &sealed_id)],
        )
        .await;
    assert_eq!(hidden.status, 404);
    let page = mwangi
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("Security policy cover letter"));
    assert!(page.text.contains("Access to 1 of 8 servers"));
    let mine = gumbo
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    assert!(mine.text.contains("Security policy cover letter"));

    // The matrix counts each exhibit once per cell, and only those the reader may see
    // cited: the sealed letter's second exhibit counts for IEBC and the court alone.
    let observer = app.signed_in(OBSERVER).await;
    for (client, expected) in [(&gumbo, 2), (&registrar, 2), (&mwangi, 1), (&observer, 0)] {
        let matrix = client
            .call("compliance/matrix", &[("case_id", &case)])
            .await;
        let row = matrix.body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["directive_id"] == directive_id)
            .unwrap()
            .clone();
        let cell = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["party_id"] == iebc)
            .unwrap()
            .clone();
        assert_eq!(cell["evidence"], expected, "{}", matrix.text);
    }
}

async fn assessments_follow_the_state_machine_and_refuse_stale_forms(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let judge = app.signed_in(JUDGE).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let directive_id = issued_directive(&app, &registrar, &case, "4", &[iebc], &[]).await;
    let key = format!("directives[{directive_id}]");
    let iebc_s = iebc.to_string();

    // Nothing reported: the registrar may only find it not complied with.
    let c = cell(&app, directive_id, iebc).await;
    let before = footprint(&app).await;
    let early = assess(&registrar, &case, &c, c.revision, "complied").await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert!(message(&early, "state").contains("No compliance has been reported"));
    assert_eq!(footprint(&app).await, before);
    // Counsel do not assess; the judge does, held to the same state machine; a bad
    // finding or a missing reason is refused.
    assert_eq!(
        assess(&gumbo, &case, &c, c.revision, "complied")
            .await
            .status,
        403
    );
    assert_eq!(
        assess(&judge, &case, &c, c.revision, "complied")
            .await
            .status,
        422
    );
    let bad = assess(&registrar, &case, &c, c.revision, "mostly").await;
    assert_eq!(bad.status, 422);
    let (id, rev) = (c.id.to_string(), c.revision.to_string());
    let no_reason = registrar
        .call(
            "compliance/assess",
            &[
                ("case_id", &case),
                ("obligation_id", &id),
                ("revision", &rev),
                ("finding", "not_complied"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(message(&no_reason, "reason").contains("reason"));
    assert_eq!(footprint(&app).await, before);

    let reported = respond(&gumbo, &case, &[("party", &iebc_s), (&key, "on")]).await;
    assert_eq!(reported.status, 200, "{}", reported.text);
    let c = cell(&app, directive_id, iebc).await;
    let partly = assess(&registrar, &case, &c, c.revision, "partly_complied").await;
    assert_eq!(partly.status, 200, "{}", partly.text);
    assert_eq!(partly.body, Value::from("partly_complied"));
    let after = cell(&app, directive_id, iebc).await;
    assert_eq!(after.state.as_str(), "partly_complied");
    assert_eq!(after.reason.as_str(), "Access to 1 of 8 servers only.");
    assert_eq!(after.revision, c.revision + 1);

    // The same form sent again is stale: nothing changes.
    let before = footprint(&app).await;
    let stale = assess(&registrar, &case, &c, c.revision, "complied").await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert_eq!(cell(&app, directive_id, iebc).await, after);
    assert_eq!(footprint(&app).await, before);

    // Assessed already: the same finding again is no revision.
    let twice = assess(&registrar, &case, &after, after.revision, "partly_complied").await;
    assert_eq!(twice.status, 422);
    assert!(message(&twice, "state").contains("already “partly complied”"));

    // The judge excuses; nothing more can be recorded against this version.
    let excused = judge
        .call(
            "compliance/excuse",
            &[
                ("case_id", &case),
                ("obligation_id", &after.id.to_string()),
                ("revision", &after.revision.to_string()),
                (
                    "reason",
                    "Ruling of 2 September: the remaining servers are excused.",
                ),
            ],
        )
        .await;
    assert_eq!(excused.status, 200, "{}", excused.text);
    let excuse_by_counsel = gumbo
        .call(
            "compliance/excuse",
            &[
                ("case_id", &case),
                ("obligation_id", &after.id.to_string()),
                ("revision", "9"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(excuse_by_counsel.status, 403);
    let before = footprint(&app).await;
    let late = respond(&gumbo, &case, &[("party", &iebc_s), (&key, "on")]).await;
    assert_eq!(late.status, 422, "{}", late.text);
    assert!(
        message(&late, "directives").contains("excused"),
        "{}",
        late.text
    );
    assert_eq!(footprint(&app).await, before);

    // Each step is in the cell's history.
    let events = obligation_event::Entity::find()
        .filter(obligation_event::Column::ObligationId.eq(c.id))
        .all(&app.state.db)
        .await
        .unwrap();
    let steps: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(steps, ["report", "assess_partly_complied", "excuse"]);
    let verdict = app::backend::audit::verify(&app.state.db).await.unwrap();
    assert!(
        matches!(verdict, app::backend::audit::Verdict::Intact { .. }),
        "{verdict}"
    );
}

async fn two_assessors_at_once_one_wins_and_the_other_is_told(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let second_tab = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    for round in 0..3 {
        let label = format!("{}", 20 + round);
        let directive_id = issued_directive(&app, &registrar, &case, &label, &[iebc], &[]).await;
        let key = format!("directives[{directive_id}]");
        let reported = respond(&gumbo, &case, &[("party", &iebc.to_string()), (&key, "on")]).await;
        assert_eq!(reported.status, 200, "{}", reported.text);
        let c = cell(&app, directive_id, iebc).await;
        let (a, b) = tokio::join!(
            assess(&registrar, &case, &c, c.revision, "complied"),
            assess(&second_tab, &case, &c, c.revision, "not_complied"),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
        let winner = if a.status == 200 {
            "complied"
        } else {
            "not_complied"
        };
        let after = cell(&app, directive_id, iebc).await;
        assert_eq!(after.state.as_str(), winner);
        assert_eq!(after.revision, c.revision + 1);
        let loser = if a.status == 409 { &a } else { &b };
        assert_eq!(loser.body, Value::from("Stale"), "{}", loser.text);
        let events = obligation_event::Entity::find()
            .filter(obligation_event::Column::ObligationId.eq(c.id))
            .all(&app.state.db)
            .await
            .unwrap();
        assert_eq!(events.len(), 2, "one report and one assessment");
    }
}

async fn sealed_directives_reach_only_the_court_and_the_obliged(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let directive_id = issued_directive(
        &app,
        &registrar,
        &case,
        "6",
        &[iebc],
        &[
            ("tier", "court_only"),
            ("text", "Produce the password matrix and access levels."),
        ],
    )
    .await;
    let id = directive_id.to_string();
    for (email, sees) in [
        (REGISTRAR, true),
        (JUDGE, true),
        (OFFICER, true),
        (COUNSEL_IEBC, true),
        (AGENT_IEBC, true),
        (COUNSEL_PETITIONER, false),
        (AGENT_AZIMIO, false),
        (OBSERVER, false),
    ] {
        let client = app.signed_in(email).await;
        let detail = client
            .call(
                "directives/detail",
                &[("case_id", &case), ("directive_id", &id)],
            )
            .await;
        assert_eq!(detail.status, if sees { 200 } else { 404 }, "{email}");
        let matrix = client
            .call("compliance/matrix", &[("case_id", &case)])
            .await;
        assert_eq!(matrix.status, 200);
        assert_eq!(
            matrix.text.contains("password matrix"),
            sees,
            "{email} matrix"
        );
        let docket = docket_titles(&client, &case).await.join("\n");
        // Titles and counts never count what the reader may not see.
        assert!(docket.contains("Order: Order for scrutiny"), "{email}");
        assert!(!docket.contains("directives)"), "{email}");
        let orders = client.call("orders/list", &[("case_id", &case)]).await;
        let row = orders.body["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["title"] == "Order for scrutiny")
            .unwrap()
            .clone();
        assert_eq!(row["directives"], u64::from(sees), "{email} order list");
        let page = client
            .get(&format!("/cases/{case_id}/directives/{directive_id}"))
            .await;
        assert_eq!(page.status, if sees { 200 } else { 404 }, "{email} page");
        assert_eq!(
            page.text.contains("password matrix"),
            sees,
            "{email} page text"
        );
    }
}

async fn a_new_version_carries_compliance_over_or_starts_it_again(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let odinga = party_id(&app, case_id, "ODINGA").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let directive_id = issued_directive(&app, &registrar, &case, "7", &[iebc], &[]).await;
    let key = format!("directives[{directive_id}]");
    let reported = respond(&gumbo, &case, &[("party", &iebc.to_string()), (&key, "on")]).await;
    assert_eq!(reported.status, 200);
    let id = directive_id.to_string();
    let correct = |version: &'static str, carry: bool, text: &'static str| {
        let id = id.clone();
        let case = case.clone();
        let registrar = registrar.clone();
        async move {
            let mut fields = vec![
                ("case_id".to_owned(), case),
                ("directive_id".to_owned(), id),
                ("version".to_owned(), version.to_owned()),
                ("text".to_owned(), text.to_owned()),
                (format!("obliged[{iebc}]"), "on".to_owned()),
                (format!("obliged[{odinga}]"), "on".to_owned()),
                ("third_parties".to_owned(), String::new()),
                ("window_opens".to_owned(), String::new()),
                ("deadline".to_owned(), "2022-09-01T14:00".to_owned()),
                ("limits".to_owned(), String::new()),
                ("tier".to_owned(), "public".to_owned()),
                (
                    "reason_note".to_owned(),
                    "The registry mistyped the forms".to_owned(),
                ),
            ];
            if carry {
                fields.push(("carry".to_owned(), "on".to_owned()));
            }
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            registrar.call("directives/correct", &pairs).await
        }
    };
    let v2 = correct(
        "1",
        true,
        "Scrutiny of Forms 32A and 34A Book 2 for 41 polling stations.",
    )
    .await;
    assert_eq!(v2.status, 200, "{}", v2.text);
    assert_eq!(v2.body, Value::from(2));
    assert_eq!(
        cell(&app, directive_id, iebc).await.state.as_str(),
        "claimed_complied"
    );
    assert_eq!(
        cell(&app, directive_id, odinga).await.state.as_str(),
        "pending"
    );

    let before = footprint(&app).await;
    let stale = correct("1", true, "Another wording").await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert_eq!(footprint(&app).await, before);

    let v3 = correct(
        "2",
        false,
        "Scrutiny of Forms 32A and 34A Book 2 for 41 polling stations listed in the affidavit.",
    )
    .await;
    assert_eq!(v3.status, 200, "{}", v3.text);
    assert_eq!(
        cell(&app, directive_id, iebc).await.state.as_str(),
        "pending"
    );

    // A correction that changes nothing is refused, and nothing is recorded.
    let before = footprint(&app).await;
    let same = correct(
        "3",
        false,
        "Scrutiny of Forms 32A and 34A Book 2 for 41 polling stations listed in the affidavit.",
    )
    .await;
    assert_eq!(same.status, 422, "{}", same.text);
    assert!(
        message(&same, "text").contains("Nothing would change"),
        "{}",
        same.text
    );
    assert_eq!(footprint(&app).await, before);

    // Every version stays readable.
    let detail = gumbo
        .call(
            "directives/detail",
            &[("case_id", &case), ("directive_id", &id)],
        )
        .await;
    assert_eq!(detail.body["versions"].as_array().unwrap().len(), 3);
    assert_eq!(detail.body["current"]["number"], Value::from(3));
    assert!(
        detail.text.contains("forensically imaged"),
        "version 1 is kept"
    );
}

async fn the_matrix_filters_and_my_obligations_come_soonest_first(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let odinga = party_id(&app, case_id, "ODINGA").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let order_id = draft(&registrar, &case).await;
    // Two past deadlines (so overdue) and one far ahead, added out of order.
    for (label, deadline, obliged) in [
        ("12", "2022-09-05T17:00", vec![iebc]),
        ("2", "2022-09-01T14:00", vec![iebc, odinga]),
        ("5", "2099-01-01T10:00", vec![iebc]),
    ] {
        let reply = add(
            &app,
            &registrar,
            &case,
            order_id,
            label,
            &obliged,
            &[("deadline", deadline), ("window_opens", "")],
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    assert_eq!(issue(&app, &registrar, &case, order_id).await.status, 200);

    let mine = gumbo.call("compliance/mine", &[("case_id", &case)]).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let labels: Vec<&str> = mine.body["open"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["order_title"] == "Order for scrutiny")
        .map(|o| o["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2", "12", "5"]);
    let first = &mine.body["open"][0]["obligation"];
    assert_eq!(first["overdue"], Value::from(true));
    assert!(
        first["deadline_words"]
            .as_str()
            .unwrap()
            .starts_with("overdue by")
    );

    let rows = |reply: &Reply| -> Vec<String> {
        reply.body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["order_title"] == "Order for scrutiny")
            .map(|r| r["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = registrar
        .call("compliance/matrix", &[("case_id", &case)])
        .await;
    assert_eq!(rows(&all), ["2", "5", "12"]);
    let odinga_s = odinga.to_string();
    let by_party = registrar
        .call(
            "compliance/matrix",
            &[("case_id", &case), ("party", &odinga_s)],
        )
        .await;
    assert_eq!(rows(&by_party), ["2"]);
    let columns: Vec<&str> = by_party.body["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["short_name"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["ODINGA"]);
    let overdue = registrar
        .call("compliance/matrix", &[("case_id", &case), ("overdue", "1")])
        .await;
    assert_eq!(rows(&overdue), ["2", "12"]);
    let key = format!("directives[{}]", {
        let d = directive::Entity::find()
            .filter(directive::Column::OrderId.eq(order_id))
            .filter(directive::Column::Label.eq("12"))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        d.id
    });
    let reported = respond(&gumbo, &case, &[("party", &iebc.to_string()), (&key, "on")]).await;
    assert_eq!(reported.status, 200, "{}", reported.text);
    let claimed = registrar
        .call(
            "compliance/matrix",
            &[("case_id", &case), ("status", "claimed_complied")],
        )
        .await;
    assert_eq!(rows(&claimed), ["12"]);
    let cell = &claimed.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "12")
        .unwrap()["cells"][0];
    assert_eq!(
        cell["latest_response"][1],
        Value::from("Report on access to the servers")
    );
    // The page renders the same, without the wasm.
    let page = registrar
        .get(&format!(
            "/cases/{case_id}/compliance?status=claimed_complied"
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Report on access to the servers"));
    let page = gumbo.get(&format!("/cases/{case_id}/obligations")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("overdue by"));
}

/// A filing about a court-only directive is never more open than the directive: the form
/// refuses a wider sealing and changes nothing, and what is filed court only reaches neither
/// the other side's pages nor its docket and notices.
async fn a_filing_on_a_court_only_directive_stays_court_only(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let iebc_s = iebc.to_string();
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let mwangi = app.signed_in(COUNSEL_PETITIONER).await;
    let directive_id = issued_directive(
        &app,
        &registrar,
        &case,
        "3",
        &[iebc],
        &[
            ("tier", "court_only"),
            ("text", "Produce the password matrix and access levels."),
        ],
    )
    .await;
    // The form opened from the directive offers court only, and nothing more open.
    let form = gumbo
        .get(&format!(
            "/cases/{case_id}/responses/new?directive={directive_id}"
        ))
        .await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains(r#"id="response-tier-court_only""#));
    assert!(!form.text.contains(r#"id="response-tier-parties""#));
    assert!(!form.text.contains(r#"id="response-tier-public""#));
    let key = format!("directives[{directive_id}]");
    let title = "Report on the password matrix produced";
    let fields = |tier: &'static str| -> Vec<(String, String)> {
        vec![
            ("party".into(), iebc_s.clone()),
            (key.clone(), "on".into()),
            ("title".into(), title.into()),
            ("tier".into(), tier.into()),
        ]
    };
    for tier in ["public", "parties"] {
        let before = footprint(&app).await;
        let owned = fields(tier);
        let pairs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        let refused = respond(&gumbo, &case, &pairs).await;
        assert_eq!(refused.status, 422, "{tier}: {}", refused.text);
        assert!(
            message(&refused, "tier").contains("Directive 3 is sealed court only"),
            "{}",
            refused.text
        );
        assert_eq!(footprint(&app).await, before, "{tier}");
    }
    let owned = fields("court_only");
    let pairs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_str()))
        .collect();
    let filed = respond(&gumbo, &case, &pairs).await;
    assert_eq!(filed.status, 200, "{}", filed.text);
    let response_id = filed.body.as_i64().unwrap().to_string();
    for (client, sees) in [(&registrar, true), (&gumbo, true), (&mwangi, false)] {
        let detail = client
            .call(
                "responses/detail",
                &[("case_id", &case), ("response_id", &response_id)],
            )
            .await;
        assert_eq!(
            detail.status,
            if sees { 200 } else { 404 },
            "{}",
            detail.text
        );
        let docket = docket_titles(client, &case).await;
        assert_eq!(docket.iter().any(|t| t.contains(title)), sees, "docket");
        let notices = client
            .call("notices", &[("page", "1"), ("unread_only", "false")])
            .await;
        assert!(!notices.text.contains("password matrix") || sees, "notices");
    }
}
