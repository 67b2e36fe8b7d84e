//! The audit chain: every change is chained, tampering is named, appends never fork; and
//! the docket's numbers stay gapless when filings race.

use crate::on_both_backends;
use crate::support::*;
use app::backend::audit::{self, Verdict};
use app::backend::entities::{audit_entry, docket_entry, evidence_item};
use app::backend::evidence::{self, NewItem};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::process::Command;

on_both_backends!(
    every_change_is_chained_and_tampering_is_named,
    concurrent_changes_never_fork_the_chain_or_the_docket,
    the_demo_is_recorded_on_the_story_s_dates_in_order,
);

/// The demo tells the 2022 story on its own dates: every entry of its audit log lies
/// between the petition's filing and the court's last decision, and the times only go
/// forward, as a log kept while it happened would; its docket entries are dated in 2022.
async fn the_demo_is_recorded_on_the_story_s_dates_in_order(backend: Backend) {
    use chrono::{TimeZone, Utc};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let entries = audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(&app.state.db)
        .await
        .unwrap();
    let filed = Utc.with_ymd_and_hms(2022, 8, 22, 0, 0, 0).unwrap();
    let decided = Utc.with_ymd_and_hms(2022, 9, 5, 12, 0, 0).unwrap();
    assert!(entries.len() > 400, "{}", entries.len());
    for pair in entries.windows(2) {
        assert!(pair[0].at <= pair[1].at, "{:?} then {:?}", pair[0], pair[1]);
    }
    for entry in &entries {
        assert!(filed <= entry.at && entry.at <= decided, "{entry:?}");
    }
    let dockets = docket_entry::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(
        dockets
            .iter()
            .all(|d| filed <= d.filed_at && d.filed_at <= decided)
    );
    let verdict = audit::verify(&app.state.db).await.unwrap();
    assert!(matches!(verdict, Verdict::Intact { .. }), "{verdict}");
}

fn verify_command(db: &TestDb) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args(["--database-url", &db.url, "audit", "verify"])
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

async fn every_change_is_chained_and_tampering_is_named(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let seeded = actions(&app).await;
    for wanted in [
        "user.create",
        "case.create",
        "party.add",
        "member.add",
        "evidence.record",
        "evidence.custody",
        "docket.file",
    ] {
        assert!(seeded.iter().any(|a| a == wanted), "{wanted} missing");
    }

    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        app.client()
            .login(REGISTRAR, "wrong password!")
            .await
            .status,
        401
    );
    let unlocked_id = app::backend::accounts::find_by_email(&app.state, REGISTRAR)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    assert_eq!(
        admin
            .call("admin/unlock_user", &[("user_id", &unlocked_id)])
            .await
            .status,
        200
    );
    let registrar = app.signed_in(REGISTRAR).await;
    assert_eq!(registrar.call("logout", &[]).await.status, 200);
    let latest = actions(&app).await;
    let tail: Vec<&str> = latest[seeded.len()..].iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "login.succeed",
            "login.fail",
            "user.unlock",
            // The registrar's second factor: the password, then the code.
            "login.password_ok",
            "login.succeed",
            "login.sign_out"
        ]
    );
    // No password, nor any hash of one, is ever written to the chain.
    let entries = audit_entry::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .all(|e| !e.payload.contains(PASSWORD) && !e.payload.contains("argon2"))
    );

    let Verdict::Intact { length, head } = audit::verify(&app.state.db).await.unwrap() else {
        panic!("a fresh chain should verify");
    };
    assert_eq!(length as usize, latest.len());
    let (ok, printed) = verify_command(&db);
    assert!(ok, "{printed}");
    assert_eq!(printed.trim(), format!("OK: {length} entries, head {head}"));
    let status = admin.call("admin/audit_verify", &[]).await;
    assert_eq!(status.body["intact"], true, "{}", status.text);
    assert_eq!(status.body["head"], head.as_str());
    let counsel = app.signed_in(COUNSEL_IEBC).await;
    assert_eq!(counsel.call("admin/audit_verify", &[]).await.status, 403);
    assert_eq!(counsel.call("admin/audit_entries", &[]).await.status, 403);
    // The administrator sees that case records exist, not what sealed ones say.
    let mut before = String::new();
    let mut pages = 0;
    loop {
        let form: Vec<(&str, &str)> = if before.is_empty() {
            vec![]
        } else {
            vec![("before", before.as_str())]
        };
        let page = admin.call("admin/audit_entries", &form).await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(
            !page.text.contains("Forensic image"),
            "a sealed title reached the admin"
        );
        let entries = page.body.as_array().unwrap().clone();
        pages += 1;
        match entries.last() {
            Some(last) if last["seq"].as_i64().unwrap() > 1 => before = last["seq"].to_string(),
            _ => break,
        }
    }
    assert!(pages > 1);

    // One changed row, by plain SQL: named by the command, the page and the service.
    let victim = length / 2;
    let original = audit_entry::Entity::find_by_id(victim)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE audit_entries SET subject = 'case:999' WHERE seq = {victim}"
        ))
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&app.state.db).await.unwrap(),
        Verdict::Broken {
            seq: victim,
            problem: "its columns do not match its payload".to_owned()
        }
    );
    let (ok, printed) = verify_command(&db);
    assert!(!ok);
    assert!(
        printed.starts_with(&format!("BROKEN at entry {victim}:")),
        "{printed}"
    );
    let status = admin.call("admin/audit_verify", &[]).await;
    assert_eq!(status.body["intact"], false);
    assert_eq!(status.body["broken_at"], victim);

    // Rewriting its payload and hash to match as well moves the break to the next entry,
    // whose previous hash no longer fits.
    let forged = original.payload.replace(
        &format!("\"subject\":\"{}\"", original.subject),
        "\"subject\":\"case:999\"",
    );
    assert_ne!(forged, original.payload);
    let forged_hash = audit::chain_hash(&original.prev_hash, &forged);
    let set = |subject: &str, payload: &str, hash: &str| {
        format!(
            "UPDATE audit_entries SET subject = '{subject}', payload = '{}', hash = '{hash}' WHERE seq = {victim}",
            payload.replace('\'', "''")
        )
    };
    app.state
        .db
        .execute_unprepared(&set("case:999", &forged, &forged_hash))
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&app.state.db).await.unwrap(),
        Verdict::Broken {
            seq: victim + 1,
            problem: "its previous hash is not the hash of the entry before it".to_owned()
        }
    );

    // Put back as it was, the chain is whole again.
    app.state
        .db
        .execute_unprepared(&set(&original.subject, &original.payload, &original.hash))
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.state.db).await.unwrap(),
        Verdict::Intact { .. }
    ));

    // Removing the last entry is noticed too.
    app.state
        .db
        .execute_unprepared(&format!("DELETE FROM audit_entries WHERE seq = {length}"))
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.state.db).await.unwrap(),
        Verdict::Broken { seq, .. } if seq == length
    ));
}

async fn concurrent_changes_never_fork_the_chain_or_the_docket(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let before = match audit::verify(&app.state.db).await.unwrap() {
        Verdict::Intact { length, .. } => length,
        broken => panic!("{broken:?}"),
    };
    let dockets_before = docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(e005))
        .all(&app.state.db)
        .await
        .unwrap()
        .len();

    let mut tasks = Vec::new();
    for i in 0..16 {
        let (email, producer) = if i % 2 == 0 {
            (REGISTRAR, "court".to_owned())
        } else {
            (COUNSEL_IEBC, iebc.clone())
        };
        let member = member(&app, email, e005).await;
        tasks.push(tokio::spawn(async move {
            evidence::record(
                &member,
                NewItem {
                    title: &format!("Concurrent filing {i}"),
                    kind: "affidavit",
                    station_code: "",
                    description: "",
                    producer: &producer,
                    tier: "parties",
                },
            )
            .await
            .unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let mut numbers: Vec<i32> = docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(e005))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.number)
        .collect();
    numbers.sort_unstable();
    let expected: Vec<i32> = (1..=(dockets_before as i32 + 16)).collect();
    assert_eq!(
        numbers, expected,
        "docket numbers without gaps or duplicates"
    );
    let mut codes: Vec<String> = evidence_item::Entity::find()
        .filter(evidence_item::Column::Title.starts_with("Concurrent filing"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.code)
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 16);
    match audit::verify(&app.state.db).await.unwrap() {
        // Each filing: the record, its custody line and its docket entry.
        Verdict::Intact { length, .. } => assert_eq!(length, before + 16 * 3),
        broken => panic!("{broken:?}"),
    }
}
