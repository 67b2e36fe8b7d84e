//! Two-factor sign-in: the court's demo accounts need a code after the password; an account
//! an administrator requires it of enrols at sign-in; codes are good once, recovery codes
//! too; failures throttle and lock like passwords; administrators and the CLI reset it.

use crate::on_both_backends;
use crate::support::*;
use app::backend::PortalConfig;
use app::backend::accounts::two_factor::authenticator;
use app::backend::entities::{recovery_code, two_factor_secret, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

on_both_backends!(
    a_court_account_needs_a_code_after_its_password,
    a_code_is_good_once,
    an_account_required_to_use_it_enrols_at_sign_in,
    wrong_codes_throttle_and_lock_like_passwords,
    administrators_require_and_reset_it,
    the_second_step_is_a_plain_form_page,
);

/// The current step's code of `secret`, as an authenticator app shows it.
fn code_of(secret: &str, email: &str, step_offset: i64) -> String {
    let now = chrono::Utc::now().timestamp() + step_offset * 30;
    authenticator(secret, email)
        .unwrap()
        .generate(u64::try_from(now).unwrap())
        .to_string()
}

async fn a_court_account_needs_a_code_after_its_password(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let client = app.client();
    let case = case_ids(&app).await.0.to_string();

    let password = client.login(REGISTRAR, PASSWORD).await;
    assert_eq!(password.status, 200, "{}", password.text);
    assert_eq!(
        password.location.as_deref(),
        Some(app::api::auth::SECOND_STEP_PATH)
    );
    // Not signed in yet: no page, no server function.
    assert_eq!(client.who().await, Value::Null);
    assert_eq!(client.case_status(&case).await, 401);
    let page = client.get("/cases").await;
    assert_eq!(page.location.as_deref(), Some("/login?next=%2Fcases"));
    // The second step's page is open to the waiting session, and asks for a code.
    let challenge = client.call("two_factor", &[]).await;
    assert_eq!(challenge.status, 200, "{}", challenge.text);
    assert_eq!(challenge.body["Verify"]["email"], REGISTRAR);
    assert_eq!(
        client.get(app::api::auth::SECOND_STEP_PATH).await.status,
        200
    );

    for (typed, status) in [("", 422), ("12345", 422), ("not a code", 422)] {
        let reply = client.call("two_factor/verify", &[("code", typed)]).await;
        assert_eq!(reply.status, status, "{typed:?}: {}", reply.text);
        assert!(reply.body["Invalid"]["code"].is_string(), "{}", reply.text);
    }
    let wrong = code_of(server::seed::DEMO_TOTP_SECRET, REGISTRAR, -10);
    let refused = client.call("two_factor/verify", &[("code", &wrong)]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(client.who().await, Value::Null);

    client.second_step_ok(REGISTRAR).await;
    assert_eq!(client.who().await["email"], REGISTRAR);
    assert_eq!(client.case_status(&case).await, 200);
    // Done: the session no longer waits for a second step.
    let after = client.call("two_factor", &[]).await;
    assert_eq!(after.body, serde_json::json!("NotPending"));

    // A session that never passed the password step has nothing to verify.
    let stranger = app.client();
    let code = code_of(server::seed::DEMO_TOTP_SECRET, REGISTRAR, 0);
    let nothing = stranger.call("two_factor/verify", &[("code", &code)]).await;
    assert_eq!(nothing.status, 401, "{}", nothing.text);

    // Accounts outside the court sign in with their password alone.
    let counsel = app.client();
    let reply = counsel.login(COUNSEL_IEBC, PASSWORD).await;
    assert_ne!(
        reply.location.as_deref(),
        Some(app::api::auth::SECOND_STEP_PATH)
    );
    assert_eq!(counsel.who().await["email"], COUNSEL_IEBC);

    let log = actions(&app).await;
    let tail: Vec<&str> = log.iter().rev().take(6).map(String::as_str).collect();
    assert!(tail.contains(&"login.password_ok"), "{tail:?}");
    assert!(tail.contains(&"login.succeed"), "{tail:?}");
    assert!(tail.contains(&"login.fail"), "{tail:?}");
}

async fn a_code_is_good_once(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let code = code_of(server::seed::DEMO_TOTP_SECRET, JUDGE, 0);
    let first = app.client();
    first.login(JUDGE, PASSWORD).await;
    let second = app.client();
    second.login(JUDGE, PASSWORD).await;
    // The same code, twice at once: exactly one sign-in passes.
    let form = [("code", code.as_str())];
    let (a, b) = tokio::join!(
        first.call("two_factor/verify", &form),
        second.call("two_factor/verify", &form),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 422], "{} / {}", a.text, b.text);
    // An earlier step's code is refused after a later one was used.
    let third = app.client();
    third.login(JUDGE, PASSWORD).await;
    let earlier = code_of(server::seed::DEMO_TOTP_SECRET, JUDGE, -1);
    let replay = third.call("two_factor/verify", &[("code", &earlier)]).await;
    assert_eq!(replay.status, 422, "{}", replay.text);
}

async fn an_account_required_to_use_it_enrols_at_sign_in(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let admin = app.signed_in(ADMIN).await;
    let email = "clerk@court.test";
    let created = admin
        .call(
            "admin/create_user",
            &[
                ("name", "Court Clerk"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.body["id"].as_i64().unwrap().to_string();
    let required = admin
        .call(
            "admin/require_two_factor",
            &[("user_id", &id), ("required", "true")],
        )
        .await;
    assert_eq!(required.status, 200, "{}", required.text);
    assert_eq!(required.body["two_factor_required"], true);
    assert_eq!(required.body["two_factor_enrolled"], false);

    let clerk = app.client();
    let password = clerk.login(email, PASSWORD).await;
    assert_eq!(
        password.location.as_deref(),
        Some(app::api::auth::SECOND_STEP_PATH)
    );
    let challenge = clerk.call("two_factor", &[]).await.body;
    let enrolment = &challenge["Enrol"];
    let secret: String = enrolment["secret"].as_str().unwrap().replace(' ', "");
    let codes: Vec<String> = enrolment["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(
        enrolment["qr_code"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    // The same secret while the sign-in waits (a reload shows the same QR code).
    assert_eq!(clerk.call("two_factor", &[]).await.body, challenge);
    // Nothing is stored until the first code confirms the app is set up.
    assert_eq!(count::<two_factor_secret::Entity>(&app).await, 4);
    let wrong = clerk
        .call(
            "two_factor/verify",
            &[("code", &code_of(&secret, email, -5))],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert_eq!(count::<two_factor_secret::Entity>(&app).await, 4);
    // A recovery code cannot stand in for the app's first code.
    let early = clerk
        .call("two_factor/verify", &[("code", &codes[0])])
        .await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert!(
        early
            .text
            .contains("the recovery codes work once it is set up"),
        "{}",
        early.text
    );

    let confirmed = clerk
        .call(
            "two_factor/verify",
            &[("code", &code_of(&secret, email, 0))],
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert_eq!(clerk.who().await["email"], email);
    let stored = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(id.parse::<i32>().unwrap()))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 10);
    // Stored hashed: no code appears as written.
    for row in &stored {
        assert!(
            codes
                .iter()
                .all(|c| !row.code_hash.contains(&c.replace('-', "")))
        );
    }
    assert!(actions(&app).await.contains(&"two_factor.enrol".to_owned()));

    // Next time it asks for a code; a recovery code works once, typed loosely.
    let phone_lost = app.client();
    phone_lost.login(email, PASSWORD).await;
    assert_eq!(
        phone_lost.call("two_factor", &[]).await.body["Verify"]["email"],
        email
    );
    let loosely = format!(" {} ", codes[3].to_uppercase().replace('-', " "));
    let recovered = phone_lost
        .call("two_factor/verify", &[("code", &loosely)])
        .await;
    assert_eq!(recovered.status, 200, "{}", recovered.text);
    let again = app.client();
    again.login(email, PASSWORD).await;
    let spent = again
        .call("two_factor/verify", &[("code", &codes[3])])
        .await;
    assert_eq!(spent.status, 422, "{}", spent.text);
    assert!(
        actions(&app)
            .await
            .contains(&"two_factor.use_recovery_code".to_owned())
    );
}

async fn wrong_codes_throttle_and_lock_like_passwords(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let config = PortalConfig {
        throttle_after: 100,
        lock_after: 3,
        ..PortalConfig::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    let client = app.client();
    let wrong = code_of(server::seed::DEMO_TOTP_SECRET, OFFICER, -20);
    client.login(OFFICER, PASSWORD).await;
    assert_eq!(
        client
            .call("two_factor/verify", &[("code", &wrong)])
            .await
            .status,
        422
    );
    // Signing in again with the right password does not clear the count.
    client.login(OFFICER, PASSWORD).await;
    assert_eq!(
        client
            .call("two_factor/verify", &[("code", &wrong)])
            .await
            .status,
        422
    );
    let locked = client.call("two_factor/verify", &[("code", &wrong)]).await;
    assert_eq!(locked.status, 423, "{}", locked.text);
    // Locked: even the right code, and the password step, wait for the lock.
    let right = unused_demo_code(&app.base, OFFICER).await;
    let still = client.call("two_factor/verify", &[("code", &right)]).await;
    assert_eq!(still.status, 423, "{}", still.text);
    assert_eq!(client.login(OFFICER, PASSWORD).await.status, 423);
    assert_eq!(client.who().await, Value::Null);
}

async fn administrators_require_and_reset_it(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let officer_id = user_id(&app, OFFICER).await.to_string();
    let officer = app.signed_in(OFFICER).await;

    // Only administrators, and only signed in.
    let counsel = app.signed_in(COUNSEL_IEBC).await;
    for endpoint in ["admin/require_two_factor", "admin/reset_two_factor"] {
        let form = [("user_id", officer_id.as_str()), ("required", "false")];
        assert_eq!(
            counsel.call(endpoint, &form).await.status,
            403,
            "{endpoint}"
        );
        assert_eq!(
            app.client().call(endpoint, &form).await.status,
            401,
            "{endpoint}"
        );
    }
    let admin = app.signed_in(ADMIN).await;
    let malformed = admin
        .call(
            "admin/require_two_factor",
            &[("user_id", "x"), ("required", "true")],
        )
        .await;
    assert_eq!(malformed.status, 400, "{}", malformed.text);
    let missing = admin
        .call("admin/reset_two_factor", &[("user_id", "999999")])
        .await;
    assert_eq!(missing.status, 404, "{}", missing.text);

    let users = admin.call("admin/users", &[("page", "1")]).await.body;
    let row = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == OFFICER)
        .unwrap()
        .clone();
    assert_eq!(row["two_factor_enrolled"], true);
    assert_eq!(row["two_factor_required"], true);

    let reset = admin
        .call("admin/reset_two_factor", &[("user_id", &officer_id)])
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(reset.body["two_factor_enrolled"], false);
    // A reset ends the account's sessions (a lost or stolen phone).
    assert_eq!(officer.who().await, Value::Null);
    // Still required: the next sign-in enrols a new app.
    let again = app.client();
    again.login(OFFICER, PASSWORD).await;
    assert!(again.call("two_factor", &[]).await.body["Enrol"].is_object());

    let waived = admin
        .call(
            "admin/require_two_factor",
            &[("user_id", &officer_id), ("required", "false")],
        )
        .await;
    assert_eq!(waived.body["two_factor_required"], false);
    let free = app.client();
    let reply = free.login(OFFICER, PASSWORD).await;
    assert_ne!(
        reply.location.as_deref(),
        Some(app::api::auth::SECOND_STEP_PATH)
    );
    assert_eq!(free.who().await["email"], OFFICER);
    let log = actions(&app).await;
    for action in ["two_factor.reset", "two_factor.waive"] {
        assert!(log.contains(&action.to_owned()), "{action}");
    }
}

async fn user_id(app: &TestApp, email: &str) -> i32 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Browsers get the second step as a page of the server's own: a form that posts back to
/// it, with no front end; refusals come back as the page with the field marked.
async fn the_second_step_is_a_plain_form_page(backend: Backend) {
    use app::api::auth::SECOND_STEP_PATH;
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let client = app.client();
    let nothing = client.get(SECOND_STEP_PATH).await;
    assert_eq!(nothing.status, 200);
    assert!(
        nothing.text.contains("No sign-in is waiting"),
        "{}",
        nothing.text
    );

    let password = client
        .call(
            "login",
            &[
                ("email", JUDGE),
                ("password", PASSWORD),
                ("next", "/cases/1/docket"),
            ],
        )
        .await;
    assert_eq!(password.location.as_deref(), Some(SECOND_STEP_PATH));
    let page = client.get(SECOND_STEP_PATH).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains(&format!("Signing in as {JUDGE}")),
        "{}",
        page.text
    );
    assert!(
        page.text.contains(r#"action="/login/two-factor""#),
        "{}",
        page.text
    );
    assert!(
        !page.text.contains("<script"),
        "no front end: {}",
        page.text
    );

    let wrong = code_of(server::seed::DEMO_TOTP_SECRET, JUDGE, -7);
    let refused = client
        .post_plain(SECOND_STEP_PATH, &[("code", &wrong)])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains(r#"aria-invalid="true""#),
        "{}",
        refused.text
    );
    assert!(
        refused.text.contains("That code is not right"),
        "{}",
        refused.text
    );
    let malformed = client
        .post_plain(SECOND_STEP_PATH, &[("code", "<script>")])
        .await;
    assert_eq!(malformed.status, 422);
    assert!(!malformed.text.contains("<script>"), "{}", malformed.text);
    assert_eq!(client.who().await, Value::Null);

    let code = unused_demo_code(&app.base, JUDGE).await;
    let passed = client
        .post_plain(SECOND_STEP_PATH, &[("code", &code)])
        .await;
    assert_eq!(passed.status, 303, "{}", passed.text);
    assert_eq!(passed.location.as_deref(), Some("/cases/1/docket"));
    assert_eq!(client.who().await["email"], JUDGE);
}
