//! A task's work: sittings recorded by its officers (corrections as new entries), agents'
//! remarks, findings by kind with their versions, signatures of those present, the
//! registrar's verification, return and reopening, and a recount's two tallies.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{agent, directive, finding, task, task_sitting};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::Value;

/// Calls `endpoint` with owned values.
async fn send(client: &Client, endpoint: &str, form: &[(&str, String)]) -> Reply {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call(endpoint, &form).await
}

async fn state_of(app: &TestApp, task_id: i32) -> String {
    task::Entity::find_by_id(task_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .state
        .as_str()
        .to_owned()
}

async fn detail(client: &Client, case: &str, task_id: i32) -> Value {
    let reply = client
        .call(
            "tasks/detail",
            &[("case_id", case), ("task_id", &task_id.to_string())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app::backend::accounts::find_by_email(&app.state, email)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

on_both_backends!(a_forms_task_is_sat_found_signed_returned_and_verified);

async fn a_forms_task_is_sat_found_signed_returned_and_verified(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    // A station of the register the demo left untasked, scheduled with officer 1, and an
    // agent of each side sent to it (the petitioners' with an account).
    let registrar = app.signed_in("registrar@court.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let gumbo = app.signed_in("gumbo@counsel.test").await;
    let seven = directive::Entity::find()
        .filter(directive::Column::CaseId.eq(e005))
        .filter(directive::Column::Label.eq("7"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let code = server::demo_stations::codes()[41].clone();
    let reply = registrar
        .call(
            "tasks/create_bulk",
            &[
                ("case_id", &case),
                ("directive_id", &seven),
                ("kind", "inspect_forms"),
                ("forms[form_34a_book_2]", "on"),
                ("forms[form_32a]", "on"),
                ("codes", &code),
                ("venue", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let t = task::Entity::find()
        .filter(task::Column::StationCode.eq(code.as_str()))
        .filter(task::Column::Kind.eq("inspect_forms"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let task_id = t.id.to_string();
    let officer1 = user_id(&app, "officer1@court.test").await;
    let reply = send(
        &registrar,
        "tasks/schedule",
        &[
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", task_revision(&app, t.id).await),
            ("starts", "2022-08-31T09:00".into()),
            ("ends", "2022-08-31T11:00".into()),
            ("venue", "Milimani".into()),
            (format!("officers[{officer1}]").as_str(), "on".into()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let wekesa = agent::Entity::find()
        .filter(agent::Column::Name.eq("Brian Wekesa"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let abdi = agent::Entity::find()
        .filter(agent::Column::Name.eq("Hassan Abdi"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    for (counsel, agent_id) in [(&mwangi, wekesa), (&gumbo, abdi)] {
        let reply = send(
            counsel,
            "tasks/send_agent",
            &[
                ("case_id", case.clone()),
                ("task_id", task_id.clone()),
                ("revision", task_revision(&app, t.id).await),
                ("agent_id", agent_id.to_string()),
            ],
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    let officer2 = user_id(&app, "officer2@court.test").await;
    let one = app.signed_in("officer1@court.test").await;
    let two = app.signed_in("officer2@court.test").await;
    let agent = app.signed_in("agent.wekesa@azimio.test").await;
    let observer = app.signed_in("observer@lsk.test").await;

    let sitting = |started: &str, ended: &str, officers: &[&str], agents: &[i32], rev: String| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", rev),
            ("started", started.to_owned()),
            ("ended", ended.to_owned()),
            ("item_label[r1]", "Ballot box 1 of 1".to_owned()),
            ("seal_found[r1]", "KE 0012345".to_owned()),
            ("seal_applied[r1]", "KE 0098765".to_owned()),
            ("refused", String::new()),
            (
                "observations",
                "The box was opened in the presence of all.".to_owned(),
            ),
        ];
        let officer_keys: Vec<String> = officers.iter().map(|o| format!("officers[{o}]")).collect();
        let agent_keys: Vec<String> = agents.iter().map(|a| format!("agents[{a}]")).collect();
        (form, officer_keys, agent_keys)
    };
    let record = |client: Client,
                  parts: (Vec<(&'static str, String)>, Vec<String>, Vec<String>)| async move {
        let (form, officers, agents) = parts;
        let mut all: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend(officers.iter().map(|k| (k.as_str(), "on")));
        all.extend(agents.iter().map(|k| (k.as_str(), "on")));
        client.call("tasks/record_sitting", &all).await
    };

    // Bad sittings, each named beside its field; nothing changes.
    let rev = task_revision(&app, t.id).await;
    let before = footprint(&app).await;
    for (started, ended, officers, agents, field) in [
        (
            "2022-08-30T18:00",
            "2022-08-30T16:00",
            vec![officer1.as_str()],
            vec![wekesa],
            "ended",
        ),
        (
            "",
            "2022-08-30T18:00",
            vec![officer1.as_str()],
            vec![],
            "started",
        ),
        (
            "2022-08-30T16:00",
            "2099-08-30T18:00",
            vec![officer1.as_str()],
            vec![],
            "ended",
        ),
        (
            "2022-08-30T16:00",
            "2022-08-30T18:00",
            vec![],
            vec![],
            "officers",
        ),
        (
            "2022-08-30T16:00",
            "2022-08-30T18:00",
            vec![officer2.as_str()],
            vec![],
            "officers",
        ),
        (
            "2022-08-30T16:00",
            "2022-08-30T18:00",
            vec![officer1.as_str()],
            vec![999_999],
            "agents",
        ),
    ] {
        let reply = record(
            one.clone(),
            sitting(started, ended, &officers, &agents, rev.clone()),
        )
        .await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert!(
            !message(&reply, field).is_empty(),
            "{field}: {}",
            reply.text
        );
    }
    let mut unlabelled = sitting(
        "2022-08-30T16:00",
        "2022-08-30T18:00",
        &[&officer1],
        &[],
        rev.clone(),
    );
    unlabelled.0.retain(|(k, _)| *k != "item_label[r1]");
    let reply = record(one.clone(), unlabelled).await;
    assert!(message(&reply, "items").contains("Row 1"), "{}", reply.text);
    let good = || {
        sitting(
            "2022-08-30T16:00",
            "2022-08-30T18:00",
            &[&officer1],
            &[wekesa, abdi],
            rev.clone(),
        )
    };
    assert_eq!(
        record(two.clone(), good()).await.status,
        403,
        "an officer not assigned"
    );
    assert_eq!(record(agent.clone(), good()).await.status, 403);
    assert_eq!(record(mwangi.clone(), good()).await.status, 403);
    assert_eq!(
        record(
            one.clone(),
            sitting(
                "2022-08-30T16:00",
                "2022-08-30T18:00",
                &[&officer1],
                &[],
                "99".into()
            )
        )
        .await
        .status,
        409
    );
    assert_eq!(footprint(&app).await, before);

    let reply = record(one.clone(), good()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let first_sitting = reply.body.as_i64().unwrap();
    assert_eq!(state_of(&app, t.id).await, "in_progress");
    // A correction is a new entry; the first stays, marked.
    let mut correction = sitting(
        "2022-08-30T16:00",
        "2022-08-30T18:30",
        &[&officer1],
        &[wekesa, abdi],
        task_revision(&app, t.id).await,
    );
    correction.0.push(("corrects", first_sitting.to_string()));
    let reply = record(one.clone(), correction).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        task_sitting::Entity::find()
            .filter(task_sitting::Column::TaskId.eq(t.id))
            .count(&app.state.db)
            .await
            .unwrap(),
        2
    );
    let shown = detail(&registrar, &case, t.id).await;
    assert_eq!(
        shown["work"]["sittings"][0]["corrected_by"],
        shown["work"]["sittings"][1]["id"]
    );
    assert_eq!(
        shown["work"]["sittings"][0]["items"][0]["seal_found"],
        "KE 0012345"
    );

    // The agent present remarks; counsel cannot; an objection needs words.
    let remark = |client: Client, objects: &'static str, text: &'static str| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("sitting_id", first_sitting.to_string()),
            ("objects", objects.to_owned()),
            ("remark", text.to_owned()),
        ];
        async move { send(&client, "tasks/remark", &form).await }
    };
    let reply = remark(agent.clone(), "yes", "").await;
    assert!(!message(&reply, "remark").is_empty(), "{}", reply.text);
    assert_eq!(remark(mwangi.clone(), "no", "").await.status, 403);
    assert_eq!(remark(observer.clone(), "no", "").await.status, 403);
    let reply = remark(
        agent.clone(),
        "yes",
        "The seal number was read before we arrived.",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let shown = detail(&agent, &case, t.id).await;
    assert_eq!(shown["work"]["sittings"][0]["remarks"][0]["objects"], true);

    // Findings: the forms the task covers must be answered, exhibits must exist.
    let finding = |client: Client,
                   book_2: &'static str,
                   exhibits: &str,
                   change: &'static str,
                   rev: String| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", rev),
            ("book_2", book_2.to_owned()),
            ("form_32a", "present".to_owned()),
            ("anomalies[blank_form_34a]", "on".to_owned()),
            (
                "notes",
                "A blank Form 34A lay under the ballots.".to_owned(),
            ),
            ("exhibits", exhibits.to_owned()),
            ("change_note", change.to_owned()),
        ];
        async move { send(&client, "tasks/submit_finding", &form).await }
    };
    let rev = task_revision(&app, t.id).await;
    let before = footprint(&app).await;
    let reply = finding(one.clone(), "", "", "", rev.clone()).await;
    assert!(!message(&reply, "book_2").is_empty(), "{}", reply.text);
    let reply = finding(one.clone(), "intact", "EXH-NOPE-999", "", rev.clone()).await;
    assert!(
        message(&reply, "exhibits").contains("EXH-NOPE-999"),
        "{}",
        reply.text
    );
    let reply = finding(one.clone(), "sideways", "", "", rev.clone()).await;
    assert!(!message(&reply, "book_2").is_empty(), "{}", reply.text);
    assert_eq!(
        finding(two.clone(), "intact", "", "", rev.clone())
            .await
            .status,
        403
    );
    assert_eq!(
        finding(agent.clone(), "intact", "", "", rev.clone())
            .await
            .status,
        403
    );
    assert_eq!(
        finding(one.clone(), "intact", "", "", "99".into())
            .await
            .status,
        409
    );
    assert_eq!(footprint(&app).await, before);
    let exhibit = one.evidence_codes(e005).await.into_iter().next().unwrap();
    let exhibit = exhibit.as_str();
    let reply = finding(one.clone(), "intact", exhibit, "", rev).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body, 1);
    assert_eq!(state_of(&app, t.id).await, "findings_submitted");

    // Those present sign: the agent objects (with words), officer 1 agrees, once each.
    let sign =
        |client: Client, signature: &'static str, text: &'static str, version: &'static str| {
            let form = vec![
                ("case_id", case.clone()),
                ("task_id", task_id.clone()),
                ("version", version.to_owned()),
                ("signature", signature.to_owned()),
                ("remark", text.to_owned()),
            ];
            async move { send(&client, "tasks/sign_finding", &form).await }
        };
    let reply = sign(agent.clone(), "object", "", "1").await;
    assert!(!message(&reply, "remark").is_empty(), "{}", reply.text);
    assert_eq!(
        sign(agent.clone(), "object", "Book 2 was used.", "2")
            .await
            .status,
        409
    );
    assert_eq!(
        sign(agent.clone(), "object", "Book 2 was used.", "1")
            .await
            .status,
        200
    );
    let reply = sign(agent.clone(), "agree", "", "1").await;
    assert!(
        message(&reply, "signature").contains("already"),
        "{}",
        reply.text
    );
    assert_eq!(sign(one.clone(), "agree", "", "1").await.status, 200);
    assert_eq!(
        sign(two.clone(), "agree", "", "1").await.status,
        403,
        "not present"
    );
    assert_eq!(sign(registrar.clone(), "agree", "", "1").await.status, 403);

    // The registrar returns it (a reason needed); officers cannot verify.
    let step = |client: Client, step: &'static str, reason: &'static str, rev: String| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", rev),
            ("step", step.to_owned()),
            ("reason", reason.to_owned()),
        ];
        async move { send(&client, "tasks/step", &form).await }
    };
    let rev = task_revision(&app, t.id).await;
    assert_eq!(
        step(one.clone(), "verify", "", rev.clone()).await.status,
        403
    );
    let reply = step(registrar.clone(), "return", "", rev.clone()).await;
    assert!(!message(&reply, "reason").is_empty(), "{}", reply.text);
    let reply = step(registrar.clone(), "reopen", "Why not", rev.clone()).await;
    assert!(
        message(&reply, "step").contains("only verified"),
        "{}",
        reply.text
    );
    let reply = step(
        registrar.clone(),
        "return",
        "Book 2: the agent says it was used; look again.",
        rev,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(state_of(&app, t.id).await, "returned");

    // Version 2 says what changed; version 1 stays.
    let rev = task_revision(&app, t.id).await;
    let reply = finding(one.clone(), "used", exhibit, "", rev.clone()).await;
    assert!(
        message(&reply, "change_note").contains("version 1"),
        "{}",
        reply.text
    );
    let reply = finding(
        one.clone(),
        "used",
        exhibit,
        "Book 2 re-examined: pages 3 to 5 used.",
        rev,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body, 2);
    let versions = finding::Entity::find()
        .filter(finding::Column::TaskId.eq(t.id))
        .order_by_asc(finding::Column::Version)
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert!(
        versions[0].body.contains(r#""book_2":"Intact""#),
        "{}",
        versions[0].body
    );
    assert!(
        versions[1].body.contains(r#""book_2":"Used""#),
        "{}",
        versions[1].body
    );
    let shown = detail(&registrar, &case, t.id).await;
    assert_eq!(shown["work"]["findings"][0]["version"], 2);
    assert_eq!(
        shown["work"]["findings"][1]["signatures"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(shown["work"]["findings"][0]["exhibits"][0]["code"], exhibit);

    // Verified: on the docket; no more remarks; reopening needs a reason.
    let docket_before = count::<app::backend::entities::docket_entry::Entity>(&app).await;
    let reply = step(
        registrar.clone(),
        "verify",
        "",
        task_revision(&app, t.id).await,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(state_of(&app, t.id).await, "verified");
    assert_eq!(
        count::<app::backend::entities::docket_entry::Entity>(&app).await,
        docket_before + 1
    );
    let reply = remark(agent.clone(), "no", "").await;
    assert!(
        message(&reply, "remark").contains("verified"),
        "{}",
        reply.text
    );
    let reply = step(
        registrar.clone(),
        "reopen",
        "",
        task_revision(&app, t.id).await,
    )
    .await;
    assert!(!message(&reply, "reason").is_empty(), "{}", reply.text);
    let reply = step(
        registrar.clone(),
        "reopen",
        "The petitioners dispute Book 2's pages.",
        task_revision(&app, t.id).await,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(state_of(&app, t.id).await, "returned");
}

on_both_backends!(a_recount_is_submitted_only_from_two_agreeing_tallies);

async fn a_recount_is_submitted_only_from_two_agreeing_tallies(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let seven = directive::Entity::find()
        .filter(directive::Column::CaseId.eq(e005))
        .filter(directive::Column::Label.eq("7"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let registrar = app.signed_in("registrar@court.test").await;
    let one = app.signed_in("officer1@court.test").await;
    let code = server::demo_stations::codes()[0].clone();
    let reply = registrar
        .call(
            "tasks/create_bulk",
            &[
                ("case_id", &case),
                ("directive_id", &seven),
                ("kind", "recount"),
                ("codes", &code),
                ("venue", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let t = task::Entity::find()
        .filter(task::Column::Kind.eq("recount"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let task_id = t.id.to_string();
    let officer1 = user_id(&app, "officer1@court.test").await;
    let officers_key = format!("officers[{officer1}]");
    let reply = send(
        &registrar,
        "tasks/schedule",
        &[
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", task_revision(&app, t.id).await),
            ("starts", "2022-08-31T09:00".into()),
            ("ends", "2022-08-31T11:00".into()),
            ("venue", "Milimani".into()),
            (officers_key.as_str(), "on".into()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // A tally before any sitting is refused: the recount has not started.
    let tally = |client: Client, votes: &'static str, rejected: &'static str| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("votes", votes.to_owned()),
            ("rejected", rejected.to_owned()),
            ("disputed", "0".to_owned()),
        ];
        async move { send(&client, "tasks/tally", &form).await }
    };
    let reply = tally(one.clone(), "Raila Odinga: 201\nWilliam Ruto: 180", "3").await;
    assert!(
        message(&reply, "votes").contains("scheduled"),
        "{}",
        reply.text
    );
    let reply = send(
        &one,
        "tasks/record_sitting",
        &[
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("revision", task_revision(&app, t.id).await),
            ("started", "2022-08-31T09:00".into()),
            ("ended", "2022-08-31T10:30".into()),
            (officers_key.as_str(), "on".into()),
            ("refused", String::new()),
            ("observations", String::new()),
        ],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let finding = |declared: &'static str| {
        let form = vec![
            ("case_id", case.clone()),
            ("task_id", task_id.clone()),
            ("declared", declared.to_owned()),
            ("notes", String::new()),
            ("exhibits", String::new()),
        ];
        let client = one.clone();
        let app_state = app.state.clone();
        let id = t.id;
        async move {
            let rev = task::Entity::find_by_id(id)
                .one(&app_state.db)
                .await
                .unwrap()
                .unwrap()
                .revision;
            let mut form = form;
            form.push(("revision", rev.to_string()));
            send(&client, "tasks/submit_finding", &form).await
        }
    };
    // Bad tallies: a line without votes, more ballots than registered voters.
    let reply = tally(one.clone(), "Raila Odinga 201", "0").await;
    assert!(
        message(&reply, "votes").contains("Line 1"),
        "{}",
        reply.text
    );
    let reply = tally(one.clone(), "Raila Odinga: 99000", "0").await;
    assert!(
        message(&reply, "votes").contains("registered voters"),
        "{}",
        reply.text
    );
    let reply = tally(one.clone(), "Raila Odinga: 201", "-1").await;
    assert!(!message(&reply, "rejected").is_empty(), "{}", reply.text);

    assert_eq!(
        tally(one.clone(), "Raila Odinga: 201\nWilliam Ruto: 180", "3")
            .await
            .status,
        200
    );
    let reply = finding("Raila Odinga: 203\nWilliam Ruto: 180").await;
    assert!(
        message(&reply, "counts").contains("two independent tallies"),
        "{}",
        reply.text
    );
    // The registrar counts too, and differs on one line: listed, and no submission.
    assert_eq!(
        tally(
            registrar.clone(),
            "Raila Odinga: 210\nWilliam Ruto: 180",
            "3"
        )
        .await
        .status,
        200
    );
    let shown = detail(&one, &case, t.id).await;
    assert_eq!(shown["work"]["mismatches"][0]["line"], "Raila Odinga");
    let reply = finding("Raila Odinga: 203\nWilliam Ruto: 180").await;
    assert!(
        message(&reply, "counts").contains("Raila Odinga"),
        "{}",
        reply.text
    );
    // Counted again, they agree; every tallied candidate needs a declared figure.
    assert_eq!(
        tally(
            registrar.clone(),
            "raila odinga: 201\nWilliam Ruto: 180",
            "3"
        )
        .await
        .status,
        200
    );
    let reply = finding("Raila Odinga: 203").await;
    assert!(
        message(&reply, "declared").contains("William Ruto"),
        "{}",
        reply.text
    );
    let reply = finding("Raila Odinga: 203\nWilliam Ruto: 180").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let shown = detail(&registrar, &case, t.id).await;
    let body = &shown["work"]["findings"][0]["body"];
    assert_eq!(body["kind"], "recount");
    assert_eq!(body["counts"][0]["declared"], 203);
    assert_eq!(body["counts"][0]["recounted"], 201);
    assert_eq!(body["rejected"], 3);
}
