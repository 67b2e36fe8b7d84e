//! The Registrar's report drafted from the demo's verified findings: the 2022 figures, what
//! keeps a draft from being filed, sealing, who may draft, and the printable preview.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::directive;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

async fn draft(client: &Client, case: &str, directives: &[&str], tier: &str) -> Reply {
    let keys: Vec<String> = directives
        .iter()
        .map(|d| format!("directives[{d}]"))
        .collect();
    let mut form: Vec<(&str, &str)> = vec![("case_id", case), ("tier", tier)];
    form.extend(keys.iter().map(|k| (k.as_str(), "on")));
    client.call("reports/draft", &form).await
}

fn count(draft: &Value, anomaly: &str) -> usize {
    draft["contents"]["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["anomaly"] == anomaly)
        .map_or(0, |g| g["found"].as_array().unwrap().len())
}

on_both_backends!(the_report_is_drafted_from_the_verified_findings);

async fn the_report_is_drafted_from_the_verified_findings(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, other) = case_ids(&app).await;
    let case = e005.to_string();
    let one = directive_id(&app, e005, "1").await;
    let three = directive_id(&app, e005, "3").await;
    let four = directive_id(&app, e005, "4").await;
    let seven = directive_id(&app, e005, "7").await;
    let registrar = app.signed_in("registrar@court.test").await;

    // Directive 7: the 41 stations of the 2022 report, every one verified.
    let reply = draft(&registrar, &case, &[&seven], "public").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let r = &reply.body;
    assert_eq!(
        r["contents"]["book_2"],
        serde_json::json!({ "none": 6, "intact": 26, "used": 9 })
    );
    assert_eq!(count(r, "BlankForm34a"), 1);
    assert_eq!(count(r, "TwoForms34a"), 1);
    assert_eq!(count(r, "UnstampedCarbon"), 3);
    assert_eq!(count(r, "UnsealedEnvelope"), 2);
    assert_eq!(r["missing"], Value::Array(Vec::new()));
    let areas = r["contents"]["areas"].as_array().unwrap();
    let sum = |key: &str| areas.iter().map(|a| a[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(
        (sum("stations_covered"), sum("boxes_opened")),
        (41, 45),
        "{areas:?}"
    );
    assert_eq!(r["covered"][0]["label"], "7");
    assert_eq!(r["covered"][0]["version"], 2);
    assert!(
        !r["covered"][0]["officers"].as_array().unwrap().is_empty(),
        "{}",
        r["covered"][0]
    );
    assert_eq!(r["contents"]["tasks_verified"], 41);
    // The order's "file her report by 17:00 on 1 September 2022": the demo's report was
    // filed at 16:45, so nothing is overdue (`domain::reports::overdue` says when it is).
    assert_eq!(r["due"], "1 Sep 2022, 17:00 EAT");
    assert_eq!(r["overdue"], false);
    assert_eq!(r["basis"].as_str().unwrap().len(), 64);

    // With the server directive: 1 of the 8 servers.
    let reply = draft(&registrar, &case, &[&seven, &three], "parties").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let servers = &reply.body["contents"]["servers"];
    assert_eq!(servers[0]["finding"]["servers_made_available"], 1);
    assert_eq!(servers[0]["finding"]["servers_named"], 8);
    assert_eq!(
        reply.body["covered"][0]["label"], "3",
        "the orders' numbering"
    );

    // A court-only directive is left out of a public report, and said to be.
    let reply = draft(&registrar, &case, &[&seven, &four], "public").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["left_out"], serde_json::json!(["Directive 4"]));
    assert_eq!(reply.body["covered"].as_array().unwrap().len(), 1);

    // A task not yet done keeps a report from being filed; the draft says which and why.
    let code = server::demo_stations::codes()[50].clone();
    planned_task(&registrar, &case, &one, &code).await;
    let before = draft(&registrar, &case, &[&one], "public").await.body;
    assert_eq!(before["missing"].as_array().unwrap().len(), 1);
    assert!(
        before["missing"][0]["task"]
            .as_str()
            .unwrap()
            .contains(&code),
        "{}",
        before["missing"]
    );
    assert_eq!(before["missing"][0]["why"], "planned: not yet scheduled");

    // Bad input, each beside its field; drafting changes nothing.
    let mut others = Vec::new();
    for email in [
        "judge@court.test",
        "officer1@court.test",
        "mwangi@counsel.test",
        "observer@lsk.test",
    ] {
        others.push((email, app.signed_in(email).await));
    }
    let footprint_before = footprint(&app).await;
    for (directives, tier, field) in [
        (vec![], "public", "directives"),
        (vec!["999999"], "public", "directives"),
        (vec!["seven"], "public", "directives"),
        (vec![seven.as_str()], "secret", "tier"),
        (vec![four.as_str()], "parties", "tier"),
    ] {
        let reply = draft(&registrar, &case, &directives, tier).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert!(
            !message(&reply, field).is_empty(),
            "{field}: {}",
            reply.text
        );
    }
    // Another case's directive is not this case's to report on.
    let foreign = directive::Entity::find()
        .filter(directive::Column::CaseId.eq(other))
        .one(&app.state.db)
        .await
        .unwrap();
    if let Some(foreign) = foreign {
        let reply = draft(&registrar, &case, &[&foreign.id.to_string()], "public").await;
        assert!(!message(&reply, "directives").is_empty(), "{}", reply.text);
    }
    for (email, client) in &others {
        let reply = draft(client, &case, &[&seven], "public").await;
        assert_eq!(reply.status, 403, "{email}: {}", reply.text);
    }
    assert_eq!(footprint(&app).await, footprint_before);

    // The printable preview, as the reports page's form asks for it.
    let path = format!("/cases/{case}/reports/draft?directives%5B{seven}%5D=on&tier=public");
    let page = registrar.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.text);
    for text in [
        "Report of the Registrar on the scrutiny",
        "Draft generated",
        "<td>None found</td><td class=\"num\">6</td>",
        "<td>Intact (unused)</td><td class=\"num\">26</td>",
        "<td>Used</td><td class=\"num\">9</td>",
        "A blank Form 34A in the box (1)",
        "audit chain's head was entry",
    ] {
        assert!(page.text.contains(text), "{text}");
    }
    let refused = registrar
        .get(&format!("/cases/{case}/reports/draft?tier=public"))
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text
            .contains("Choose the directives the report covers.")
    );
    assert_eq!(others[2].1.get(&path).await.status, 403);
    // Signed out, the sign-in gate sends the reader to sign in.
    assert_eq!(app.client().get(&path).await.status, 303);
}

/// A recount task of `directive` at the station `code`, planned and nothing more.
async fn planned_task(registrar: &Client, case: &str, directive: &str, code: &str) {
    let reply = registrar
        .call(
            "tasks/create_one",
            &[
                ("case_id", case),
                ("directive_id", directive),
                ("kind", "recount"),
                ("scope", "station"),
                ("station_code", code),
                ("venue", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// Files the report as the draft's form does, now.
async fn file(client: &Client, case: &str, directives: &[&str], tier: &str, basis: &str) -> Reply {
    file_at(client, case, directives, tier, basis, "").await
}

/// Files the report as filed with the court at `at` (the court's time).
async fn file_at(
    client: &Client,
    case: &str,
    directives: &[&str],
    tier: &str,
    basis: &str,
    at: &str,
) -> Reply {
    let keys: Vec<String> = directives
        .iter()
        .map(|d| format!("directives[{d}]"))
        .collect();
    let mut form: Vec<(&str, &str)> = vec![("tier", tier), ("basis", basis), ("acted_at", at)];
    form.extend(keys.iter().map(|k| (k.as_str(), "on")));
    client
        .post_plain(&format!("/cases/{case}/reports"), &form)
        .await
}

on_both_backends!(the_report_is_filed_frozen_and_served_on_the_parties);

async fn the_report_is_filed_frozen_and_served_on_the_parties(backend: Backend) {
    use app::backend::entities::{evidence_item, report};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let one = directive_id(&app, e005, "1").await;
    let three = directive_id(&app, e005, "3").await;
    let seven = directive_id(&app, e005, "7").await;
    let registrar = app.signed_in("registrar@court.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;
    let preview = draft(&registrar, &case, &[&seven, &three], "parties")
        .await
        .body;
    let basis = preview["basis"].as_str().unwrap().to_owned();

    // Refused: a stale basis, by counsel, a directive with nothing verified; nothing changes.
    let before = footprint(&app).await;
    let reply = file(
        &registrar,
        &case,
        &[&seven, &three],
        "parties",
        &"0".repeat(64),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(
        reply
            .text
            .contains("The draft has changed since you previewed it"),
        "{}",
        reply.text
    );
    let reply = file(&mwangi, &case, &[&seven, &three], "parties", &basis).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(footprint(&app).await, before);
    let code = server::demo_stations::codes()[50].clone();
    planned_task(&registrar, &case, &one, &code).await;
    let before = footprint(&app).await;
    let pending = draft(&registrar, &case, &[&one], "public").await.body;
    let reply = file(
        &registrar,
        &case,
        &[&one],
        "public",
        pending["basis"].as_str().unwrap(),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.text.contains("nothing to report"), "{}", reply.text);
    assert_eq!(footprint(&app).await, before);

    // The demo's report is this very draft, filed on 1 September 2022: filing it again is
    // refused.
    let reply = file(&registrar, &case, &[&seven, &three], "parties", &basis).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(
        reply.text.contains("filed already, as version 1"),
        "{}",
        reply.text
    );
    let listed = mwangi.call("reports/overview", &[("case_id", &case)]).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let demo = &listed.body["filed"][0];
    assert_eq!(demo["version"], 1);
    assert_eq!(
        demo["filed"], "filed 1 Sep 2022, 16:45 EAT by Letizia Wachira",
        "{demo}"
    );
    assert_eq!(listed.body["may_prepare"], false);
    assert_eq!(listed.body["due"], "1 Sep 2022, 17:00 EAT");
    assert_eq!(listed.body["overdue"], false);

    // When it was filed with the court: not in the future, not before the order.
    let later = draft(&registrar, &case, &[&seven], "public").await.body;
    let later_basis = later["basis"].as_str().unwrap().to_owned();
    let before = footprint(&app).await;
    for (at, says) in [
        ("2999-01-01T10:00", "cannot be in the future"),
        (
            "2022-08-29T10:00",
            "cannot be before the order it answers was made",
        ),
        ("yesterday", "When the report was filed"),
    ] {
        let reply = file_at(&registrar, &case, &[&seven], "public", &later_basis, at).await;
        assert_eq!(reply.status, 422, "{at}: {}", reply.text);
        assert!(reply.text.contains(says), "{at}: {}", reply.text);
    }
    assert_eq!(footprint(&app).await, before);

    // Filed: the exact bytes kept as an exhibit, on the docket, served on the parties;
    // version 2, superseding the demo's.
    let notices_before = notices_of(&app, "mwangi@counsel.test").await;
    let reply = file(&registrar, &case, &[&seven], "public", &later_basis).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let filed = report::Entity::find()
        .filter(report::Column::CaseId.eq(e005))
        .filter(report::Column::Version.eq(2))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(filed.supersedes_id.is_some());
    assert_eq!(filed.acted_at, None, "filed now");
    let item = evidence_item::Entity::find_by_id(filed.evidence_item_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.kind.as_str(), "report");
    let listed = mwangi.call("reports/overview", &[("case_id", &case)]).await;
    let shown = &listed.body["filed"][0];
    assert_eq!(shown["sha256"], filed.sha256.as_str());
    assert_eq!(
        (shown["version"].clone(), shown["supersedes"].clone()),
        (2.into(), 1.into())
    );
    assert_eq!(
        shown["href"],
        format!("/cases/{case}/reports/{}", filed.id).as_str()
    );
    let (status, bytes, _) = mwangi.download(shown["href"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let bytes = bytes.unwrap();
    assert_eq!(app::backend::storage::sha256_hex(&bytes), filed.sha256);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("<td>Used</td><td class=\"num\">9</td>"));
    assert!(
        !text.contains("Draft generated"),
        "a filed report is not a draft"
    );
    let titles = docket_titles(&mwangi, &case).await;
    assert!(
        titles.iter().any(|t| t.starts_with(
            "Registrar's report on the scrutiny, version 2 (directive 7), superseding version 1"
        )),
        "{titles:?}"
    );
    assert!(notices_of(&app, "mwangi@counsel.test").await > notices_before);

    // The observer reads the public version 2 only; the parties' version 1 is not theirs,
    // by the list or by its address.
    let listed = observer
        .call("reports/overview", &[("case_id", &case)])
        .await;
    let versions: Vec<i64> = listed.body["filed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, vec![2]);
    let first = report::Entity::find()
        .filter(report::Column::CaseId.eq(e005))
        .filter(report::Column::Version.eq(1))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let (status, _, _) = observer
        .download(&format!("/cases/{case}/reports/{}", first.id))
        .await;
    assert_eq!(status, 404);
    let (status, _, _) = observer
        .download(&format!("/cases/{case}/reports/{}", filed.id))
        .await;
    assert_eq!(status, 200);
    // Another case's address does not reach this case's report.
    let (_, other) = case_ids(&app).await;
    let (status, _, _) = registrar
        .download(&format!("/cases/{other}/reports/{}", filed.id))
        .await;
    assert_eq!(status, 404);
}

async fn notices_of(app: &TestApp, email: &str) -> u64 {
    use app::backend::entities::notice;
    use sea_orm::PaginatorTrait;
    let id = app::backend::accounts::find_by_email(&app.state, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    notice::Entity::find()
        .filter(notice::Column::UserId.eq(id))
        .count(&app.state.db)
        .await
        .unwrap()
}
