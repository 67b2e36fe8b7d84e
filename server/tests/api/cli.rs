//! The server binary's command line, run as a person would run it.

use crate::on_both_backends;
use crate::support::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

on_both_backends!(account_commands_work_and_explain_bad_input);

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
