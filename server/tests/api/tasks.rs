//! Scrutiny tasks created in bulk from a paste of station codes: the preview names every
//! problem by line, creating is all or nothing, and only the registrar may do either.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{docket_entry, notice, task};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

/// The demo's tasks: the 41 stations of varied directive 7, and the servers of directive 3.
const DEMO_TASKS: u64 = 42;

on_both_backends!(
    tasks_are_created_in_bulk_from_a_paste_after_a_preview,
    a_paste_is_refused_whole_when_anything_is_wrong,
    tasks_are_scheduled_blocked_and_cancelled_and_sealed_as_their_directive,
);

/// The first 41 stations of the demo register, as an affidavit would list them: some with
/// the spaces people put in long numbers, some several to a line.
fn affidavit() -> String {
    let codes = server::demo_stations::codes();
    let mut text = String::new();
    for (i, code) in codes.iter().take(41).enumerate() {
        let written = if i % 3 == 0 {
            format!(
                "{} {} {} {} {}",
                &code[..3],
                &code[3..6],
                &code[6..10],
                &code[10..13],
                &code[13..]
            )
        } else {
            code.clone()
        };
        text.push_str(&written);
        text.push_str(if i % 4 == 1 { ", " } else { "\n" });
    }
    text
}

fn fields<'a>(case: &'a str, directive: &'a str, codes: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("case_id", case),
        ("directive_id", directive),
        ("kind", "inspect_forms"),
        ("forms[form_34a_book_2]", "on"),
        ("forms[form_32a]", "on"),
        ("codes", codes),
        ("venue", "Supreme Court annex, Milimani"),
    ]
}

async fn tasks_are_created_in_bulk_from_a_paste_after_a_preview(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let one = directive_id(&app, e005, "1").await;
    let registrar = app.signed_in("registrar@court.test").await;
    let codes = affidavit();

    let before = footprint(&app).await;
    let preview = registrar
        .call("tasks/preview", &fields(&case, &one, &codes))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["ready"], 41);
    assert_eq!(preview.body["problems"], 0);
    assert_eq!(
        preview.body["register"],
        "Kenya general election, 9 August 2022"
    );
    assert_eq!(preview.body["directive_label"], "1");
    let first = &preview.body["lines"][0];
    assert_eq!(first["written"], "001 003 1000 001 01");
    assert_eq!(first["code"], "001003100000101");
    assert!(
        first["station"]
            .as_str()
            .unwrap()
            .contains("KISAUNI, MOMBASA"),
        "{first}"
    );
    assert_eq!(footprint(&app).await, before, "a preview changes nothing");
    assert_eq!(count::<task::Entity>(&app).await, DEMO_TASKS);

    let created = registrar
        .call("tasks/create_bulk", &fields(&case, &one, &codes))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.body, 41);
    let tasks = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(one.parse::<i32>().unwrap()))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(tasks.len(), 41);
    // Directive 1 stands as issued: its tasks carry out version 1.
    assert!(
        tasks
            .iter()
            .all(|t| t.version_number == 1 && t.forms == "form_34a_book_2,form_32a")
    );
    assert!(tasks.iter().all(|t| t.state.as_str() == "planned"));
    let kibra = tasks
        .iter()
        .find(|t| t.constituency_code.as_deref() == Some("278"))
        .unwrap();
    assert_eq!(kibra.county_code.as_deref(), Some("047"));

    // One docket entry, and a notice to each member but the registrar.
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::Kind.eq("tasks"))
        .filter(docket_entry::Column::Title.contains("directive 1:"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entry.title,
        "Scrutiny tasks under directive 1: 41 × “Inspect forms”"
    );
    let notices = notice::Entity::find()
        .filter(notice::Column::DocketEntryId.eq(entry.id))
        .count(&app.state.db)
        .await
        .unwrap();
    assert!(notices >= 5, "{notices} notices");

    // The same paste again: every line is already tasked, and nothing is created.
    let before = footprint(&app).await;
    let again = registrar
        .call("tasks/preview", &fields(&case, &one, &codes))
        .await;
    assert_eq!(again.body["problems"], 41);
    assert!(
        again.body["lines"][5]["problem"]
            .as_str()
            .unwrap()
            .contains("already has a “Inspect forms” task under directive 1")
    );
    let refused = registrar
        .call("tasks/create_bulk", &fields(&case, &one, &codes))
        .await;
    assert_eq!(refused.status, 422);
    assert!(message(&refused, "codes").contains("41 of the 41 lines have problems"));
    assert_eq!(footprint(&app).await, before);
    assert_eq!(count::<task::Entity>(&app).await, DEMO_TASKS + 41);

    // Recounts of the same stations are other tasks.
    let mut recount = fields(&case, &one, &codes);
    recount[2] = ("kind", "recount");
    let recounted = registrar.call("tasks/create_bulk", &recount).await;
    assert_eq!(recounted.status, 200, "{}", recounted.text);
    assert_eq!(count::<task::Entity>(&app).await, DEMO_TASKS + 82);
}

async fn a_paste_is_refused_whole_when_anything_is_wrong(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let one = directive_id(&app, e005, "1").await;
    let registrar = app.signed_in("registrar@court.test").await;
    let demo = server::demo_stations::codes();
    // Line 2 malformed, line 4 repeats line 1, line 5 is the right shape but not in the
    // register, line 3 is fine.
    let paste = format!(
        "{}\n{}\n{}\n{} {}\n047278999900101\n",
        demo[0],
        &demo[1][..14],
        demo[2],
        demo[3],
        demo[0]
    );
    let before = footprint(&app).await;
    let preview = registrar
        .call("tasks/preview", &fields(&case, &one, &paste))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let lines = preview.body["lines"].as_array().unwrap();
    let problem = |i: usize| lines[i]["problem"].as_str().unwrap_or_default().to_owned();
    let line = |i: usize| lines[i]["line"].as_u64().unwrap();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        (line(1), problem(1).contains("15 digits")),
        (2, true),
        "{}",
        problem(1)
    );
    assert_eq!(problem(0), "");
    assert_eq!(problem(2), "");
    assert_eq!(problem(3), "");
    assert_eq!(
        (line(4), problem(4)),
        (
            4,
            format!(
                "{} is also on line 1: each station is tasked once.",
                demo[0]
            )
        )
    );
    assert_eq!(
        (line(5), problem(5)),
        (
            5,
            "047278999900101 is not in the register of Kenya general election, 9 August 2022."
                .to_owned()
        )
    );
    assert_eq!(
        (
            preview.body["ready"].clone(),
            preview.body["problems"].clone()
        ),
        (Value::from(3), Value::from(3))
    );
    let refused = registrar
        .call("tasks/create_bulk", &fields(&case, &one, &paste))
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        message(&refused, "codes").contains("3 of the 6 lines have problems"),
        "{}",
        refused.text
    );

    // Bad fields, each named.
    for (key, value, field) in [
        ("directive_id", "999999", "directive_id"),
        ("directive_id", "", "directive_id"),
        ("kind", "server_access", "kind"),
        ("kind", "audit", "kind"),
        ("forms[form_34a_book_2]", "", "forms"),
        ("codes", "  \n ", "codes"),
        ("venue", &"v".repeat(301), "venue"),
    ] {
        let mut form: Vec<(&str, &str)> = fields(&case, &one, &demo[10])
            .into_iter()
            .filter(|(k, _)| !(field == "forms" && k.starts_with("forms")))
            .collect();
        for pair in form.iter_mut() {
            if pair.0 == key {
                pair.1 = value;
            }
        }
        let reply = registrar.call("tasks/create_bulk", &form).await;
        assert_eq!(reply.status, 422, "{key}={value}: {}", reply.text);
        assert!(!message(&reply, field).is_empty(), "{key}: {}", reply.text);
    }
    let huge = "047278147500101\n".repeat(70_000);
    let reply = registrar
        .call("tasks/preview", &fields(&case, &one, &huge))
        .await;
    assert_eq!(reply.status, 422);
    assert!(message(&reply, "codes").contains("1 MiB"));

    // Only the registrar creates tasks: the judge, an officer, counsel and the observer
    // are refused; a non-member learns nothing.
    assert_eq!(footprint(&app).await, before);
    let mut others = Vec::new();
    for email in [
        "judge@court.test",
        "officer1@court.test",
        "mwangi@counsel.test",
        "observer@lsk.test",
    ] {
        others.push((email, app.signed_in(email).await));
    }
    let before = footprint(&app).await;
    for (email, other) in &others {
        let reply = other
            .call("tasks/create_bulk", &fields(&case, &one, &demo[10]))
            .await;
        assert_eq!(reply.status, 403, "{email}");
        let reply = other
            .call("tasks/preview", &fields(&case, &one, &demo[10]))
            .await;
        assert_eq!(reply.status, 403, "{email}");
    }
    let (_, e001) = case_ids(&app).await;
    let elsewhere = e001.to_string();
    let reply = others[2]
        .1
        .call("tasks/create_bulk", &fields(&elsewhere, &one, &demo[10]))
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(footprint(&app).await, before);

    // Without a register, codes are checked by shape only, and the preview says so.
    let admin = app.signed_in("admin@portal.test").await;
    let revision = app::backend::entities::case::Entity::find_by_id(e005)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    let unset = admin
        .call(
            "admin/set_register",
            &[
                ("case_id", &case),
                ("revision", &revision),
                ("election_id", ""),
            ],
        )
        .await;
    assert_eq!(unset.status, 200, "{}", unset.text);
    let preview = registrar
        .call("tasks/preview", &fields(&case, &one, "047278999900101"))
        .await;
    assert_eq!(preview.body["register"], Value::Null);
    assert_eq!(preview.body["ready"], 1);
}

/// The board as `client` sees it, with `query` (`("state", "planned")`, …).
async fn board(client: &Client, case: &str, query: &[(&str, &str)]) -> Value {
    let mut form = vec![("case_id", case)];
    form.extend_from_slice(query);
    let reply = client.call("tasks/board", &form).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn tasks_are_scheduled_blocked_and_cancelled_and_sealed_as_their_directive(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let one = directive_id(&app, e005, "1").await;
    let four = directive_id(&app, e005, "4").await;
    let registrar = app.signed_in("registrar@court.test").await;
    let demo = server::demo_stations::codes();
    let codes = demo[..3].join("\n");
    assert_eq!(
        registrar
            .call("tasks/create_bulk", &fields(&case, &one, &codes))
            .await
            .status,
        200
    );
    // Directive 4 is sealed court only and obliges IEBC.
    let mut sealed = fields(&case, &four, &demo[20]);
    sealed[2] = ("kind", "inspect_kiems");
    assert_eq!(
        registrar.call("tasks/create_bulk", &sealed).await.status,
        200
    );

    let all = board(&registrar, &case, &[("directive", &one)]).await;
    assert_eq!(all["total"], 3);
    assert_eq!(board(&registrar, &case, &[]).await["total"], DEMO_TASKS + 4);
    let rows = all["rows"].as_array().unwrap();
    let task = rows[0]["id"].to_string();
    let revision = rows[0]["revision"].to_string();
    let officer = app::backend::entities::user::Entity::find()
        .filter(app::backend::entities::user::Column::Email.eq("officer1@court.test"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let officer_key = format!("officers[{officer}]");
    let schedule = |starts: &'static str,
                    ends: &'static str,
                    officers: Vec<(String, String)>,
                    revision: String| {
        let mut form: Vec<(String, String)> = vec![
            ("case_id".into(), case.clone()),
            ("task_id".into(), task.clone()),
            ("revision".into(), revision),
            ("starts".into(), starts.into()),
            ("ends".into(), ends.into()),
            ("venue".into(), "Milimani, room 4".into()),
        ];
        form.extend(officers);
        form
    };
    let with_officer = vec![(officer_key.clone(), "on".to_owned())];
    let officer_client = app.signed_in("officer1@court.test").await;
    let before = footprint(&app).await;
    for (starts, ends, officers, field) in [
        (
            "2022-08-30T12:00",
            "2022-08-30T16:00",
            with_officer.clone(),
            "starts",
        ),
        (
            "2022-09-01T12:00",
            "2022-09-01T16:00",
            with_officer.clone(),
            "ends",
        ),
        (
            "2022-08-31T12:00",
            "2022-08-31T11:00",
            with_officer.clone(),
            "ends",
        ),
        (
            "31 August",
            "2022-08-31T11:00",
            with_officer.clone(),
            "starts",
        ),
        ("2022-08-31T09:00", "2022-08-31T11:00", vec![], "officers"),
        (
            "2022-08-31T09:00",
            "2022-08-31T11:00",
            vec![("officers[1]".to_owned(), "on".to_owned())],
            "officers",
        ),
    ] {
        let form = schedule(starts, ends, officers, revision.clone());
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let reply = registrar.call("tasks/schedule", &form).await;
        assert_eq!(reply.status, 422, "{starts}–{ends}: {}", reply.text);
        assert!(
            !message(&reply, field).is_empty(),
            "{field}: {}",
            reply.text
        );
    }
    let stale = schedule(
        "2022-08-31T09:00",
        "2022-08-31T11:00",
        with_officer.clone(),
        "99".into(),
    );
    let stale: Vec<(&str, &str)> = stale
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(registrar.call("tasks/schedule", &stale).await.status, 409);
    let good = schedule(
        "2022-08-31T09:00",
        "2022-08-31T11:00",
        with_officer.clone(),
        revision.clone(),
    );
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        officer_client.call("tasks/schedule", &good).await.status,
        403
    );
    assert_eq!(footprint(&app).await, before);
    let scheduled = registrar.call("tasks/schedule", &good).await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.text);

    // The officer's board shows their own task by default; "all" shows the rest.
    let mine = board(&officer_client, &case, &[("directive", &one)]).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["scope_note"], "Your tasks: those you are assigned to.");
    assert_eq!(mine["rows"][0]["state"], "Scheduled");
    assert_eq!(
        mine["rows"][0]["slot"],
        "31 Aug 2022, 09:00 EAT – 31 Aug 2022, 11:00 EAT"
    );
    assert_eq!(
        board(
            &officer_client,
            &case,
            &[("officer", "all"), ("directive", &one)]
        )
        .await["total"],
        3
    );
    assert_eq!(
        board(
            &registrar,
            &case,
            &[("state", "scheduled"), ("directive", &one)]
        )
        .await["total"],
        1
    );
    assert_eq!(
        board(&registrar, &case, &[("outside_window", "1")]).await["total"],
        0
    );

    // Block: a reason is required; the same form again is stale; unblock goes back.
    let revision = board(
        &registrar,
        &case,
        &[("state", "scheduled"), ("directive", &one)],
    )
    .await["rows"][0]["revision"]
        .to_string();
    let step = |step: &'static str, reason: &'static str, revision: String| {
        vec![
            ("case_id".to_owned(), case.clone()),
            ("task_id".to_owned(), task.clone()),
            ("revision".to_owned(), revision),
            ("step".to_owned(), step.to_owned()),
            ("reason".to_owned(), reason.to_owned()),
        ]
    };
    let call = |form: Vec<(String, String)>| {
        let registrar = registrar.clone();
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            registrar.call("tasks/step", &form).await
        }
    };
    let no_reason = call(step("block", " ", revision.clone())).await;
    assert_eq!(no_reason.status, 422);
    assert!(message(&no_reason, "reason").contains("Give the reason"));
    let blocked = call(step(
        "block",
        "The returning officer did not bring the ballot box.",
        revision.clone(),
    ))
    .await;
    assert_eq!(blocked.status, 200, "{}", blocked.text);
    assert_eq!(blocked.body, "Blocked");
    assert_eq!(
        call(step("block", "Again", revision.clone())).await.status,
        409
    );
    let revision = (revision.parse::<i32>().unwrap() + 1).to_string();
    let again = call(step("block", "Again", revision.clone())).await;
    assert_eq!(again.status, 422);
    assert!(
        message(&again, "step").contains("blocked"),
        "{}",
        again.text
    );
    let unblocked = call(step("unblock", "", revision.clone())).await;
    assert_eq!(unblocked.body, "Scheduled", "{}", unblocked.text);
    let revision = (revision.parse::<i32>().unwrap() + 1).to_string();
    assert_eq!(
        call(step(
            "cancel",
            "Station withdrawn from the list.",
            revision.clone()
        ))
        .await
        .body,
        "Cancelled"
    );
    let revision = (revision.parse::<i32>().unwrap() + 1).to_string();
    let after_cancel = call(step("cancel", "Twice", revision)).await;
    assert_eq!(after_cancel.status, 422);
    assert!(message(&after_cancel, "step").contains("cancelled"));
    // The demo's verifications are task entries too; this task's are the last two.
    let titles: Vec<String> = docket_entry::Entity::find()
        .filter(docket_entry::Column::Kind.eq("task"))
        .order_by_asc(docket_entry::Column::Number)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .filter(|t| !t.contains("findings verified"))
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].contains("blocked: The returning officer did not bring the ballot box."));

    // Sealing: the court-only directive's task is IEBC's and the court's, nobody else's.
    let gumbo = app.signed_in("gumbo@counsel.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;
    assert_eq!(
        board(&gumbo, &case, &[("directive", &four)]).await["total"],
        1
    );
    assert_eq!(board(&gumbo, &case, &[]).await["total"], DEMO_TASKS + 4);
    let petitioners = board(&mwangi, &case, &[]).await;
    assert_eq!(petitioners["total"], DEMO_TASKS + 3);
    let sealed_id: i32 = four.parse().unwrap();
    assert!(
        petitioners["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["directive_id"] != sealed_id)
    );
    assert!(
        !petitioners["directives"]
            .to_string()
            .contains("Directive 4")
    );
    assert_eq!(
        board(&observer, &case, &[]).await["total"],
        DEMO_TASKS + 3,
        "directives 1 and 7 are public"
    );
    let hidden = registrar
        .call("tasks/board", &[("case_id", &case), ("directive", &four)])
        .await;
    assert_eq!(hidden.body["total"], 1);
    let from_mwangi = mwangi
        .call("tasks/board", &[("case_id", &case), ("directive", &four)])
        .await;
    assert_eq!(from_mwangi.body["total"], 0);
}
