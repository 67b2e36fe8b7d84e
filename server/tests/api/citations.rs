//! The court's decisions that follow the Registrar's report: the demo's end (IEBC found to
//! have complied with the server directive on the report, the late request for all eight
//! servers dismissed as out of time), who sees the citation, and every bad citation,
//! ruling and registry stamp refused with nothing changed.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{clarification, report, task};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

async fn demo_report(app: &TestApp, case_id: i32) -> report::Model {
    report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .order_by_asc(report::Column::Version)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// The court's findings on IEBC's cell of a directive, as `client` reads the directive page.
async fn iebc_findings(client: &Client, case: &str, directive: &str) -> Vec<Value> {
    let reply = client
        .call(
            "directives/detail",
            &[("case_id", case), ("directive_id", directive)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["party"] == "IEBC")
        .unwrap()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn latest_request(app: &TestApp, case_id: i32) -> clarification::Model {
    clarification::Entity::find()
        .filter(clarification::Column::CaseId.eq(case_id))
        .order_by_desc(clarification::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

on_both_backends!(the_demo_ends_with_the_courts_decisions_on_the_report);

async fn the_demo_ends_with_the_courts_decisions_on_the_report(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let three = directive_id(&app, e005, "3").await;
    let report = demo_report(&app, e005).await;
    let href = format!("/cases/{case}/reports/{}", report.id);
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;

    // IEBC complied with the server directive, found on the report; the registrar's earlier
    // "partly complied" stays in the record.
    let findings = iebc_findings(&mwangi, &case, &three).await;
    let last = findings.last().unwrap();
    assert_eq!(last["what"], "Revised to complied", "{findings:?}");
    assert!(
        last["at"]
            .as_str()
            .unwrap()
            .starts_with("made 5 Sep 2022, 10:00 EAT"),
        "{last}"
    );
    assert!(
        last["cites"]["words"]
            .as_str()
            .unwrap()
            .starts_with("the Registrar's report, version 1, filed 1 Sep 2022, 16:45 EAT"),
        "{last}"
    );
    assert_eq!(last["cites"]["href"], href.as_str());
    assert_eq!(findings[0]["what"], "Partly complied");
    // The observer reads the public directive and the citation, but not the parties'
    // report: no link to it.
    let seen = iebc_findings(&observer, &case, &three).await;
    assert_eq!(seen.last().unwrap()["cites"]["href"], Value::Null);
    assert!(
        seen.last().unwrap()["cites"]["words"]
            .as_str()
            .unwrap()
            .starts_with("the Registrar's report, version 1")
    );

    // The late request: lodged on 2 September, dismissed as out of time on the report.
    let late = latest_request(&app, e005).await;
    let detail = mwangi
        .call(
            "clarifications/detail",
            &[
                ("case_id", &case),
                ("clarification_id", &late.id.to_string()),
            ],
        )
        .await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    let d = &detail.body;
    assert_eq!(
        d["row"]["state"],
        serde_json::json!({ "Ruled": "Dismissed" }),
        "{d}"
    );
    assert_eq!(
        d["out_of_time"],
        "Dismissed as out of time: the request was filed 2 Sep 2022, 09:30 EAT, after the deadline of 1 Sep 2022, 14:00 EAT set by directive 3 (version 1)."
    );
    assert_eq!(d["filed_at"], "filed 2 Sep 2022, 09:30 EAT");
    assert_eq!(d["cites"]["href"], href.as_str());
    assert!(
        d["ruled_at"]
            .as_str()
            .unwrap()
            .starts_with("ruled 5 Sep 2022, 10:15 EAT"),
        "{}",
        d["ruled_at"]
    );
    // The docket dates each act as the story does, and when it was entered if that was
    // later: the order made at 11:00 was recorded by the registry at noon.
    let rows = docket_rows(&mwangi, &case).await;
    for (title, dated) in [
        (
            "Order: Order on the application for scrutiny, 30 August 2022",
            "dated 30 Aug 2022, 11:00 EAT, recorded 30 Aug 2022, 12:00 EAT",
        ),
        (
            "Directive 3 (IEBC): finding revised to complied, on the Registrar's report (version 1)",
            "dated 5 Sep 2022, 10:00 EAT",
        ),
        (
            "Ruling on the request for clarification of directive 3: dismissed as out of time",
            "dated 5 Sep 2022, 10:15 EAT",
        ),
    ] {
        let row = rows
            .iter()
            .find(|r| r["title"] == title)
            .unwrap_or_else(|| panic!("{title}: {rows:?}"));
        assert_eq!(row["filed_at"], dated, "{row}");
    }
    let verified = rows
        .iter()
        .find(|r| {
            r["title"]
                .as_str()
                .unwrap()
                .ends_with("under directive 3: findings verified")
        })
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(
        verified["filed_at"], "dated 1 Sep 2022, 11:00 EAT",
        "{verified}"
    );
    let report_row = rows
        .iter()
        .find(|r| {
            r["title"]
                .as_str()
                .unwrap()
                .starts_with("Registrar's report on the scrutiny, version 1")
        })
        .unwrap();
    assert_eq!(
        report_row["filed_at"], "dated 1 Sep 2022, 16:45 EAT",
        "{report_row}"
    );
}

on_both_backends!(bad_citations_rulings_and_stamps_are_refused_and_change_nothing);

async fn bad_citations_rulings_and_stamps_are_refused_and_change_nothing(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let iebc = party_id(&app, e005, "IEBC").await;
    let one = directive_id(&app, e005, "1").await;
    let seven = directive_id(&app, e005, "7").await;
    let report = demo_report(&app, e005).await.id.to_string();
    let registrar = app.signed_in("registrar@court.test").await;
    let judge = app.signed_in("judge@court.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;

    // An assessment citing what it cannot: each refused beside the report field, or the
    // time, with nothing changed.
    let cell_one = cell(&app, one.parse().unwrap(), iebc).await;
    let cell_seven = cell(&app, seven.parse().unwrap(), iebc).await;
    let before = footprint(&app).await;
    for (c, cites, at, field, says) in [
        (
            &cell_seven,
            "abc",
            "",
            "report",
            "No such report in this case.",
        ),
        (
            &cell_seven,
            "99999",
            "",
            "report",
            "No such report in this case.",
        ),
        (
            &cell_one,
            report.as_str(),
            "",
            "report",
            "does not cover directive 1",
        ),
        (
            &cell_seven,
            report.as_str(),
            "2022-09-01T16:00",
            "acted_at",
            "cannot be before the report it cites was filed",
        ),
    ] {
        let (id, rev) = (c.id.to_string(), c.revision.to_string());
        let reply = judge
            .call(
                "compliance/assess",
                &[
                    ("case_id", &case),
                    ("obligation_id", &id),
                    ("revision", &rev),
                    ("finding", "not_complied"),
                    ("reason", "On the report."),
                    ("acted_at", at),
                    ("report", cites),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{cites} {at}: {}", reply.text);
        assert!(
            message(&reply, field).contains(says),
            "{cites} {at}: {}",
            reply.text
        );
    }
    assert_eq!(footprint(&app).await, before);

    // A task's step cannot be dated before the work it follows, nor in the future.
    let done = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(seven.parse::<i32>().unwrap()))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let (task_id, task_rev) = (done.id.to_string(), done.revision.to_string());
    for (at, says) in [
        (
            "2022-08-01T10:00",
            "cannot be before the task's last sitting ended",
        ),
        ("2999-01-01T10:00", "cannot be in the future"),
    ] {
        let reply = registrar
            .call(
                "tasks/step",
                &[
                    ("case_id", &case),
                    ("task_id", &task_id),
                    ("revision", &task_rev),
                    ("step", "reopen"),
                    ("reason", "A second look."),
                    ("acted_at", at),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{at}: {}", reply.text);
        assert!(
            message(&reply, "acted_at").contains(says),
            "{at}: {}",
            reply.text
        );
    }
    assert_eq!(footprint(&app).await, before);

    // A request on directive 7 (deadline 14:00 on 1 September 2022), recorded now.
    let asked = mwangi
        .call(
            "clarifications/request",
            &[
                ("case_id", &case),
                ("directive_id", &seven),
                ("quote", "Forms 32A"),
                ("question", "Do the Forms 32A include the carbon copies?"),
                ("grounds", "The copies differ."),
                ("proposed", "They do."),
                ("exhibits", ""),
                ("file_now", "on"),
            ],
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    let request = latest_request(&app, e005).await;
    let id = request.id.to_string();

    // The registry's stamp: only the registry; a time that cannot be.
    let before = footprint(&app).await;
    assert_eq!(
        stamp(&mwangi, &case, &id, "2022-08-31T10:00").await.status,
        403
    );
    assert_eq!(
        stamp(&judge, &case, &id, "2022-08-31T10:00").await.status,
        403
    );
    for (at, says) in [
        ("", "Give when it was lodged at the registry."),
        ("2999-01-01T10:00", "cannot be in the future"),
        ("2022-08-01T10:00", "cannot be before the directive version"),
    ] {
        let reply = stamp(&registrar, &case, &id, at).await;
        assert_eq!(reply.status, 422, "{at}: {}", reply.text);
        assert!(
            message(&reply, "lodged_at").contains(says),
            "{at}: {}",
            reply.text
        );
    }
    assert_eq!(footprint(&app).await, before);

    // A ruling that cannot be: out of time but not a dismissal; a report cited before it
    // was filed; a report of no use.
    for (fields, field, says) in [
        (
            vec![
                ("ruling", "clarified".to_owned()),
                ("out_of_time", "on".to_owned()),
            ],
            "out_of_time",
            "Only a dismissal can be for being out of time.",
        ),
        (
            vec![
                ("ruling", "dismissed".to_owned()),
                ("report", "abc".to_owned()),
            ],
            "report",
            "No such report in this case.",
        ),
        (
            vec![
                ("ruling", "dismissed".to_owned()),
                ("report", report.clone()),
                ("ruled_at", "2022-09-01T16:00".to_owned()),
            ],
            "ruled_at",
            "cannot be before",
        ),
    ] {
        let reply = rule(&judge, &case, &id, fields).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert!(message(&reply, field).contains(says), "{}", reply.text);
    }
    assert_eq!(footprint(&app).await, before);

    // Stamped as lodged before the deadline, the request was in time: it cannot be
    // dismissed as out of time.
    let read_at = latest_request_revision(&registrar, &case, &id).await;
    let reply = stamp(&registrar, &case, &id, "2022-08-31T10:00").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let before = footprint(&app).await;
    // A second stamp from a page read before the first: stale, nothing changed.
    let reply = registrar
        .call(
            "clarifications/stamp",
            &[
                ("case_id", case.as_str()),
                ("clarification_id", id.as_str()),
                ("revision", read_at.as_str()),
                ("lodged_at", "2022-08-31T09:00"),
            ],
        )
        .await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(footprint(&app).await, before);
    let reply = rule(
        &judge,
        &case,
        &id,
        vec![
            ("ruling", "dismissed".to_owned()),
            ("out_of_time", "on".to_owned()),
        ],
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(
        message(&reply, "out_of_time")
            .contains("filed 31 Aug 2022, 10:00 EAT, before the deadline of 1 Sep 2022, 14:00 EAT"),
        "{}",
        reply.text
    );
    assert_eq!(footprint(&app).await, before);

    // Dismissed on the report; the request is closed, and its stamp with it.
    let reply = rule(
        &judge,
        &case,
        &id,
        vec![
            ("ruling", "dismissed".to_owned()),
            ("report", report.clone()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = stamp(&registrar, &case, &id, "2022-08-31T11:00").await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(
        message(&reply, "state").contains("closed"),
        "{}",
        reply.text
    );
}

async fn latest_request_revision(client: &Client, case: &str, id: &str) -> String {
    let reply = client
        .call(
            "clarifications/detail",
            &[("case_id", case), ("clarification_id", id)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["revision"].to_string()
}

/// The registry's stamp on request `id`, at its revision now.
async fn stamp(client: &Client, case: &str, id: &str, at: &str) -> Reply {
    let rev = latest_request_revision(client, case, id).await;
    client
        .call(
            "clarifications/stamp",
            &[
                ("case_id", case),
                ("clarification_id", id),
                ("revision", &rev),
                ("lodged_at", at),
            ],
        )
        .await
}

/// The judge's ruling on request `id` at its revision now, with `fields` besides.
async fn rule(client: &Client, case: &str, id: &str, fields: Vec<(&str, String)>) -> Reply {
    let rev = latest_request_revision(client, case, id).await;
    let mut form: Vec<(&str, String)> = vec![
        ("case_id", case.to_owned()),
        ("clarification_id", id.to_owned()),
        ("revision", rev),
        ("ruling_text", "Reasons.".to_owned()),
    ];
    form.extend(fields);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call("clarifications/rule", &form).await
}
