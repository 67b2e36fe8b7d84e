//! The server binary's command line, run as a person would run it.

use crate::on_both_backends;
use crate::support::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

on_both_backends!(
    account_commands_work_and_explain_bad_input,
    backup_commands_take_check_and_restore,
);

fn portal(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args(["--database-url", &db.url])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn account_commands_work_and_explain_bad_input(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;

    let added = portal(
        &db,
        &[
            "user",
            "add",
            "--email",
            "clerk@court.test",
            "--name",
            "Court Clerk",
        ],
        "a long enough password\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let client = app.client();
    assert_eq!(
        client
            .login("clerk@court.test", "a long enough password")
            .await
            .status,
        200
    );

    let short = portal(
        &db,
        &[
            "user",
            "add",
            "--email",
            "other@court.test",
            "--name",
            "Other",
        ],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("Password is too short"),
        "{}",
        stderr(&short)
    );
    let duplicate = portal(
        &db,
        &[
            "user",
            "add",
            "--email",
            "clerk@court.test",
            "--name",
            "Again",
        ],
        "a long enough password\n",
    );
    assert!(
        stderr(&duplicate).contains("already exists"),
        "{}",
        stderr(&duplicate)
    );
    let missing = portal(&db, &["user", "add", "--name", "No E-mail"], "");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("--email"), "{}", stderr(&missing));
    let unknown = portal(&db, &["user", "unlock", "--email", "nobody@court.test"], "");
    assert!(stderr(&unknown).contains("no account has the e-mail nobody@court.test"));

    // A new password ends the sessions opened with the old one.
    let changed = portal(
        &db,
        &["user", "set-password", "--email", "clerk@court.test"],
        "another long password\n",
    );
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_eq!(client.who().await, serde_json::Value::Null);
    assert_eq!(
        client
            .login("clerk@court.test", "another long password")
            .await
            .status,
        200
    );

    let help = portal(&db, &["user", "add", "--help"], "");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--admin"));

    // Two-factor sign-in: required of the clerk, then reset by the CLI (a lost phone).
    let required = portal(
        &db,
        &["user", "require-two-factor", "--email", "clerk@court.test"],
        "",
    );
    assert!(required.status.success(), "{}", stderr(&required));
    let enrolling = app.client();
    let reply = enrolling
        .login("clerk@court.test", "another long password")
        .await;
    assert_eq!(
        reply.location.as_deref(),
        Some(app::api::auth::SECOND_STEP_PATH)
    );
    let reset = portal(&db, &["user", "reset-two-factor", "--email", REGISTRAR], "");
    assert!(reset.status.success(), "{}", stderr(&reset));
    assert!(stdout(&reset).contains("reset for registrar@court.test"));
    let registrar = app.client();
    registrar.login(REGISTRAR, PASSWORD).await;
    assert!(
        registrar.call("two_factor", &[]).await.body["Enrol"].is_object(),
        "the registrar, still required to use it, enrols a new app"
    );
    let waived = portal(
        &db,
        &[
            "user",
            "require-two-factor",
            "--off",
            "--email",
            "clerk@court.test",
        ],
        "",
    );
    assert!(waived.status.success(), "{}", stderr(&waived));
    let free = app.client();
    free.login("clerk@court.test", "another long password")
        .await;
    assert_eq!(free.who().await["email"], "clerk@court.test");
    let unknown = portal(
        &db,
        &["user", "reset-two-factor", "--email", "nobody@court.test"],
        "",
    );
    assert!(!unknown.status.success());

    // The demo key's current code, for trying the demo's court accounts.
    let code = portal(&db, &["demo-code"], "");
    assert!(code.status.success(), "{}", stderr(&code));
    let printed = stdout(&code).trim().to_owned();
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    assert!(
        [now - 1, now].iter().any(|t| demo_code_at(*t) == printed),
        "{printed}"
    );
}

/// The demo accounts' password is published, so they are never created where other
/// machines can reach the portal.
#[tokio::test]
async fn demo_accounts_are_refused_on_a_public_address() {
    let db = TestDb::new(&Backend::Sqlite).await;
    let refused = portal(&db, &["--addr", "0.0.0.0:0"], "");
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("refusing to create the demo accounts"),
        "{}",
        stderr(&refused)
    );
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `backup DIR`, `backup verify DIR` and `restore DIR` as an administrator would run them
/// against a running portal; the library's own test covers backups under load.
async fn backup_commands_take_check_and_restore(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let data_dir = app.data_dir.path().to_str().unwrap().to_owned();
    let place = tempfile::tempdir().unwrap();
    let dir = place.path().join("backup");
    let dir = dir.to_str().unwrap();

    let taken = portal(&db, &["--data-dir", &data_dir, "backup", dir], "");
    assert!(taken.status.success(), "{}", stderr(&taken));
    assert!(
        stdout(&taken).starts_with("Backed up "),
        "{}",
        stdout(&taken)
    );
    let sqlite = matches!(backend, Backend::Sqlite);
    assert_eq!(
        stdout(&taken).contains("The PostgreSQL database is not in it"),
        !sqlite
    );
    let checked = portal(&db, &["backup", "verify", dir], "");
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(stdout(&checked).starts_with("OK: "), "{}", stdout(&checked));
    let unnamed = portal(&db, &["backup"], "");
    assert!(!unnamed.status.success());
    assert!(
        stderr(&unnamed).contains("backup DIR"),
        "{}",
        stderr(&unnamed)
    );
    let again = portal(&db, &["--data-dir", &data_dir, "backup", dir], "");
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );

    if sqlite {
        let target = tempfile::tempdir().unwrap();
        let target_dir = target.path().to_str().unwrap();
        // The database goes where the portal keeps it by default, so not with a URL.
        let with_url = portal(&db, &["--data-dir", target_dir, "restore", dir], "");
        assert!(
            stderr(&with_url).contains("without --database-url"),
            "{}",
            stderr(&with_url)
        );
        let restored = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
            .env_remove("DATABASE_URL")
            .args(["--data-dir", target_dir, "restore", dir])
            .output()
            .unwrap();
        assert!(restored.status.success(), "{}", stderr(&restored));
        assert!(
            stdout(&restored).starts_with("Restored "),
            "{}",
            stdout(&restored)
        );
        let verified = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
            .env_remove("DATABASE_URL")
            .args(["--data-dir", target_dir, "audit", "verify"])
            .output()
            .unwrap();
        assert!(verified.status.success(), "{}", stderr(&verified));
        assert!(
            stdout(&verified).starts_with("OK: "),
            "{}",
            stdout(&verified)
        );
    }
}
