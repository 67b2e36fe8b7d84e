//! A party disputes a verified finding by filing an objection tied to it: only an objection,
//! only of a verified finding as it stands, on the finding's directive, by a party that may
//! see the task; the objection is docketed and shown beside the finding. Party agents are
//! notified of their own tasks only.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{
    agent, docket_entry, finding, notice, response_finding, task, task_agent,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

async fn latest_finding(app: &TestApp, task_id: i32) -> finding::Model {
    finding::Entity::find()
        .filter(finding::Column::TaskId.eq(task_id))
        .order_by_desc(finding::Column::Version)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn work(client: &Client, case: &str, task_id: i32) -> Value {
    let reply = client
        .call(
            "tasks/detail",
            &[("case_id", case), ("task_id", &task_id.to_string())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["work"].clone()
}

/// Files a response through the form's endpoint, `finding` naming the finding disputed.
async fn object(
    client: &Client,
    case: &str,
    (kind, party, tier): (&str, &str, &str),
    directive: &str,
    finding: &str,
) -> Reply {
    let key = format!("directives[{directive}]");
    client
        .call(
            "responses/file",
            &[
                ("case_id", case),
                ("kind", kind),
                ("party", party),
                ("third_party", ""),
                ("title", "The finding misreads Book 2"),
                (
                    "body",
                    "Our agents saw Book 2 used at this station, not intact.",
                ),
                ("tier", tier),
                (key.as_str(), "on"),
                ("exhibits", ""),
                ("finding", finding),
            ],
        )
        .await
}

on_both_backends!(a_verified_finding_is_disputed_by_an_objection_tied_to_it);

async fn a_verified_finding_is_disputed_by_an_objection_tied_to_it(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let case = e005.to_string();
    let seven = directive_id(&app, e005, "7").await;
    let three = directive_id(&app, e005, "3").await;
    let odinga = party_id(&app, e005, "ODINGA").await.to_string();
    let registrar = app.signed_in("registrar@court.test").await;
    let mwangi = app.signed_in("mwangi@counsel.test").await;
    let gumbo = app.signed_in("gumbo@counsel.test").await;
    let observer = app.signed_in("observer@lsk.test").await;
    let agent = app.signed_in("agent.wekesa@azimio.test").await;
    let officer = app.signed_in("officer1@court.test").await;

    // The demo's first station under directive 7, verified, attended by Brian Wekesa.
    let wekesa = agent::Entity::find()
        .filter(agent::Column::Name.eq("Brian Wekesa"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let attended = task_agent::Entity::find()
        .filter(task_agent::Column::AgentId.eq(wekesa.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .task_id;
    assert_eq!(
        task::Entity::find_by_id(attended)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .state
            .as_str(),
        "verified"
    );
    let first = latest_finding(&app, attended).await;
    let shown = work(&mwangi, &case, attended).await;
    assert_eq!(shown["dispute_form"]["finding_id"], first.id);
    assert_eq!(shown["dispute_form"]["party_id"].to_string(), odinga);
    assert_eq!(shown["disputes"], Value::Array(Vec::new()));
    for reader in [&observer, &agent, &registrar] {
        assert_eq!(
            work(reader, &case, attended).await["dispute_form"],
            Value::Null
        );
    }

    // Bad disputes, each beside its field; nothing changes.
    let before = footprint(&app).await;
    let own = ("objection", odinga.as_str(), "parties");
    let id = first.id.to_string();
    for (client, kind, directive, raw, field, says) in [
        (
            &mwangi,
            ("letter", odinga.as_str(), "parties"),
            &seven,
            id.as_str(),
            "finding",
            "objection",
        ),
        (&mwangi, own, &seven, "abc", "finding", "Choose a finding"),
        (
            &mwangi,
            own,
            &seven,
            "999999",
            "finding",
            "Choose a finding",
        ),
        (
            &mwangi,
            own,
            &three,
            id.as_str(),
            "directives",
            "directive 7",
        ),
    ] {
        let reply = object(client, &case, kind, directive, raw).await;
        assert_eq!(reply.status, 422, "{raw}: {}", reply.text);
        assert!(
            message(&reply, field).contains(says),
            "{raw}: {}",
            reply.text
        );
    }
    let reply = object(&observer, &case, own, &seven, &id).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(footprint(&app).await, before);

    // Reopened, the finding cannot be disputed; corrected and verified again, only the new
    // version can.
    let step = |step: &'static str, reason: &'static str, rev: String| {
        let form = [
            ("case_id", case.clone()),
            ("task_id", attended.to_string()),
            ("revision", rev),
            ("step", step.to_owned()),
            ("reason", reason.to_owned()),
            ("response_id", String::new()),
        ];
        let registrar = registrar.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            registrar.call("tasks/step", &form).await
        }
    };
    let reply = step(
        "reopen",
        "The petitioners' agents dispute the Book 2 entry.",
        task_revision(&app, attended).await,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = object(&mwangi, &case, own, &seven, &id).await;
    assert!(
        message(&reply, "finding").contains("only a verified finding"),
        "{}",
        reply.text
    );
    let rev = task_revision(&app, attended).await;
    let reply = officer
        .call(
            "tasks/submit_finding",
            &[
                ("case_id", &case),
                ("task_id", &attended.to_string()),
                ("revision", &rev),
                ("book_2", "used"),
                ("form_32a", "present"),
                ("notes", "Book 2 re-examined: two leaves used."),
                ("exhibits", ""),
                ("change_note", "Book 2 re-examined on reopening."),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let notices_before = notice::Entity::find()
        .filter(notice::Column::UserId.eq(wekesa.user_id.unwrap()))
        .all(&app.state.db)
        .await
        .unwrap()
        .len();
    let reply = step("verify", "", task_revision(&app, attended).await).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let second = latest_finding(&app, attended).await;
    assert_eq!(second.version, first.version + 1);
    let reply = object(&mwangi, &case, own, &seven, &id).await;
    assert!(
        message(&reply, "finding").contains(&format!("replaced by version {}", second.version)),
        "{}",
        reply.text
    );

    let reply = object(&mwangi, &case, own, &seven, &second.id.to_string()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let response_id = i32::try_from(reply.body.as_i64().unwrap()).unwrap();
    let tie = response_finding::Entity::find_by_id(response_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tie.finding_id, second.id);
    // Beside the finding for the parties; not for the observer (it is sealed for them).
    for reader in [&mwangi, &gumbo, &registrar] {
        let shown = work(reader, &case, attended).await;
        assert_eq!(shown["disputes"][0]["response_id"], response_id);
        assert_eq!(shown["disputes"][0]["version"], second.version);
    }
    assert_eq!(
        work(&observer, &case, attended).await["disputes"],
        Value::Array(Vec::new())
    );
    let reply = gumbo
        .call(
            "responses/detail",
            &[
                ("case_id", &case),
                ("response_id", &response_id.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["disputes"][0], attended);
    assert_eq!(reply.body["disputes"][1], second.version);
    let wanted = format!(
        "disputing the finding of task T-{attended} (version {})",
        second.version
    );
    assert!(
        docket_titles(&gumbo, &case)
            .await
            .iter()
            .any(|t| t.contains(&wanted)),
        "{wanted}"
    );

    // The agent was notified of the verification of the task attended, and of no other
    // task's docket entries (the demo verified 41 of them).
    let mine = notice::Entity::find()
        .filter(notice::Column::UserId.eq(wekesa.user_id.unwrap()))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(mine.len(), notices_before + 1);
    let entries = docket_entry::Entity::find()
        .filter(docket_entry::Column::Id.is_in(mine.iter().map(|n| n.docket_entry_id)))
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.target_kind == "task" && e.target_id == attended),
        "{:?}",
        entries.iter().map(|e| &e.title).collect::<Vec<_>>()
    );
    assert!(
        entries
            .iter()
            .any(|e| e.title.contains("findings verified"))
    );
}
