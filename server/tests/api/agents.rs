//! Party agents: counsel nominate their own party's agents and send them to tasks, at most
//! as many per task as the directive allows; an agent with an account reads the tasks they
//! attend and nothing else of the party's.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{agent, case_member, directive, task_agent};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

on_both_backends!(agents_are_nominated_and_sent_within_the_directive_s_limit);

async fn agents_are_nominated_and_sent_within_the_directive_s_limit(backend: Backend) {
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
    let codes = server::demo_stations::codes()[..2].join("\n");
    let created = registrar
        .call(
            "tasks/create_bulk",
            &[
                ("case_id", &case),
                ("directive_id", &seven),
                ("kind", "recount"),
                ("codes", &codes),
                ("venue", ""),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let recounts = app::backend::entities::task::Entity::find()
        .filter(app::backend::entities::task::Column::Kind.eq("recount"))
        .all(&app.state.db)
        .await
        .unwrap();
    let (task, other_task) = (recounts[0].id.to_string(), recounts[1].id.to_string());
    let odinga = party_id(&app, e005, "ODINGA").await.to_string();
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let gumbo = app.signed_in("gumbo@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;

    let nominate = |client: &Client, party: &str, name: &str, id_number: &str, email: &str| {
        let client = client.clone();
        let form: Vec<(String, String)> = [
            ("case_id", case.as_str()),
            ("party_id", party),
            ("name", name),
            ("id_number", id_number),
            ("phone", "+254 712 345 678"),
            ("email", email),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            client.call("tasks/nominate_agent", &form).await
        }
    };
    // Bad input, each named; another party's agents and observers are refused.
    let before = footprint(&app).await;
    for (name, id_number, email, field) in [
        ("", "12345678", "", "name"),
        ("Jane Achieng", "12", "", "id_number"),
        ("Jane Achieng", "1234;5678", "", "id_number"),
        ("Jane Achieng", "12345678", "nobody@nowhere.test", "email"),
        ("Jane Achieng", "12345678", "gumbo@counsel.test", "email"),
    ] {
        let reply = nominate(&mwangi, &odinga, name, id_number, email).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert!(
            !message(&reply, field).is_empty(),
            "{field}: {}",
            reply.text
        );
    }
    assert_eq!(
        nominate(&mwangi, &iebc, "Jane Achieng", "12345678", "")
            .await
            .status,
        403
    );
    assert_eq!(
        nominate(&observer, &odinga, "Jane Achieng", "12345678", "")
            .await
            .status,
        403
    );
    assert_eq!(
        nominate(&registrar, &odinga, "Jane Achieng", "12345678", "")
            .await
            .status,
        403
    );
    assert_eq!(footprint(&app).await, before);

    // Three agents for the petitioners, one with an account; an ID number twice is refused.
    app::backend::accounts::create_user(
        &app.state,
        None,
        "Jane Achieng",
        "jane@agents.test",
        "a long enough password",
        false,
    )
    .await
    .unwrap();
    let first = nominate(
        &mwangi,
        &odinga,
        "Jane Achieng",
        "12345678",
        "jane@agents.test",
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = nominate(&mwangi, &odinga, "Otieno Were", "23456789", "").await;
    let third = nominate(&mwangi, &odinga, "Wanjiku Kamau", "34567890", "").await;
    assert_eq!((second.status, third.status), (200, 200));
    let twice = nominate(&mwangi, &odinga, "Someone Else", "12345678", "").await;
    assert_eq!(twice.status, 422);
    assert!(message(&twice, "id_number").contains("already nominated"));
    let iebc_agent = nominate(&gumbo, &iebc, "Peter Mwangi", "45678901", "").await;
    assert_eq!(iebc_agent.status, 200);

    let revision = |task: &str| {
        let app = &app;
        let task = task.to_owned();
        async move {
            app::backend::entities::task::Entity::find_by_id(task.parse::<i32>().unwrap())
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap()
                .revision
                .to_string()
        }
    };
    let send = |client: &Client, task: &str, revision: String, agent: String| {
        let client = client.clone();
        let form: Vec<(String, String)> = vec![
            ("case_id".into(), case.clone()),
            ("task_id".into(), task.to_owned()),
            ("revision".into(), revision),
            ("agent_id".into(), agent),
        ];
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            client.call("tasks/send_agent", &form).await
        }
    };
    let id = |reply: &Reply| reply.body.to_string();
    // Two go; the third is refused with the limit and the directive named.
    assert_eq!(
        send(&mwangi, &task, revision(&task).await, id(&first))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&mwangi, &task, revision(&task).await, id(&second))
            .await
            .status,
        200
    );
    let before = footprint(&app).await;
    let sent_before = count::<task_agent::Entity>(&app).await;
    let refused = send(&mwangi, &task, revision(&task).await, id(&third)).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        message(&refused, "agent_id"),
        "Directive 7 lets each party send 2 agents to a task, and your party has sent 2 to this one already."
    );
    // Another party's agent, a stale form, the same agent twice: each refused.
    let foreign = send(&mwangi, &task, revision(&task).await, id(&iebc_agent)).await;
    assert_eq!(foreign.status, 422);
    assert_eq!(
        message(&foreign, "agent_id"),
        "You may send only your own party's agents."
    );
    assert_eq!(
        send(&mwangi, &task, "1".into(), id(&third)).await.status,
        409
    );
    let again = send(&mwangi, &task, revision(&task).await, id(&first)).await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert_eq!(
        send(&observer, &task, revision(&task).await, id(&third))
            .await
            .status,
        403
    );
    assert_eq!(count::<task_agent::Entity>(&app).await, sent_before);
    assert_eq!(footprint(&app).await, before);
    // IEBC's limit is its own; the third petitioners' agent goes to the other task.
    assert_eq!(
        send(&gumbo, &task, revision(&task).await, id(&iebc_agent))
            .await
            .status,
        200
    );
    assert_eq!(
        send(
            &mwangi,
            &other_task,
            revision(&other_task).await,
            id(&third)
        )
        .await
        .status,
        200
    );

    // The agent with an account is a member as the petitioners' agent, and reads only the
    // task they attend: not the other task, not the parties' filings on the docket.
    let jane_id = app::backend::accounts::find_by_email(&app.state, "jane@agents.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let member = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(e005))
        .filter(case_member::Column::UserId.eq(jane_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (member.role.as_str(), member.party_id),
        ("agent", Some(odinga.parse().unwrap()))
    );
    let jane = app.client();
    assert_eq!(
        jane.login("jane@agents.test", "a long enough password")
            .await
            .status,
        200
    );
    let board = jane.call("tasks/board", &[("case_id", &case)]).await;
    assert_eq!(board.status, 200, "{}", board.text);
    assert_eq!(board.body["total"], 1);
    assert_eq!(board.body["rows"][0]["id"].to_string(), task);
    let full = registrar.get(&format!("/cases/{case}/docket")).await;
    assert!(full.text.contains("Objection (ODINGA)"));
    let docket = jane.get(&format!("/cases/{case}/docket")).await;
    assert_eq!(docket.status, 200);
    assert!(
        !docket.text.contains("Objection (ODINGA)"),
        "parties' filings are not an agent's"
    );
    assert_eq!(
        agent::Entity::find()
            .filter(agent::Column::WithdrawnAt.is_null())
            .count(&app.state.db)
            .await
            .unwrap(),
        8,
        "four of the demo's and four here"
    );
}
