//! Signing in and out: good, bad, throttled, locked; sessions that outlive a restart.

use crate::on_both_backends;
use crate::support::*;
use app::backend::PortalConfig;
use app::backend::entities::{login_failure, session, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

on_both_backends!(
    login_with_good_and_bad_passwords,
    repeated_failures_throttle_the_account,
    enough_failures_lock_until_an_admin_unlocks,
    a_session_survives_a_restart,
    logout_deletes_the_session,
    plain_form_posts_work_without_javascript,
    the_idle_expiry_moves_on_now_and_then_while_someone_works,
    a_sign_in_ends_after_its_lifetime_however_busy,
);

async fn login_with_good_and_bad_passwords(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let client = app.client();

    let wrong = client.login(COUNSEL_IEBC, "not the password at all").await;
    assert_eq!(wrong.status, 401);
    let unknown = client
        .login("nobody@portal.test", "not the password at all")
        .await;
    // Same status, same words: the reply does not tell who has an account.
    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.body, wrong.body);
    assert_eq!(wrong.body, serde_json::json!("BadCredentials"));

    let empty = client.login("", "").await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.body["Invalid"]["email"], "E-mail is required.");
    assert_eq!(empty.body["Invalid"]["password"], "Password is required.");
    let oversized = client.login(COUNSEL_IEBC, &"x".repeat(10_000)).await;
    assert_eq!(oversized.status, 401);
    assert_eq!(client.who().await, serde_json::Value::Null);

    let good = client.login("  Gumbo@Counsel.TEST ", PASSWORD).await;
    assert_eq!(good.status, 200, "{}", good.text);
    assert_eq!(client.who().await["name"], "Eric Gumbo");
    // A success clears the failure count.
    assert_eq!(
        count::<login_failure::Entity>(&app).await,
        1,
        "only the unknown e-mail's failure is left"
    );
}

async fn repeated_failures_throttle_the_account(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let client = app.client();
    for _ in 0..3 {
        assert_eq!(
            client
                .login(COUNSEL_IEBC, "wrong password here")
                .await
                .status,
            401
        );
    }
    // The fourth attempt comes too soon: refused unchecked, even with the right password.
    let throttled = client.login(COUNSEL_IEBC, PASSWORD).await;
    assert_eq!(throttled.status, 429, "{}", throttled.text);
    assert!(throttled.body["Throttled"]["seconds"].as_i64().unwrap() >= 1);
    assert_eq!(client.who().await, serde_json::Value::Null);
    // Another account is not affected.
    assert_eq!(client.login(COUNSEL_PETITIONER, PASSWORD).await.status, 200);
    // An e-mail nobody has is throttled exactly alike, so throttling does not reveal accounts.
    for _ in 0..3 {
        assert_eq!(
            client
                .login("nobody@portal.test", "wrong password here")
                .await
                .status,
            401
        );
    }
    let unknown = client
        .login("nobody@portal.test", "wrong password here")
        .await;
    assert_eq!(unknown.status, 429);
    assert!(unknown.body["Throttled"]["seconds"].as_i64().unwrap() >= 1);
}

async fn enough_failures_lock_until_an_admin_unlocks(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let config = PortalConfig {
        throttle_after: 100,
        lock_after: 3,
        ..PortalConfig::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    let client = app.client();
    assert_eq!(
        client.login(OBSERVER, "wrong password here").await.status,
        401
    );
    assert_eq!(
        client.login(OBSERVER, "wrong password here").await.status,
        401
    );
    let locked = client.login(OBSERVER, "wrong password here").await;
    assert_eq!(locked.status, 423);
    // The person is told until when, in the court's time (Nairobi: UTC+03:00).
    let until = locked.body["Locked"]["until"].as_i64().unwrap();
    assert!(until > chrono::Utc::now().timestamp() + 14 * 60, "{until}");
    assert_eq!(locked.body["Locked"]["utc_offset"], 3 * 3600);
    assert_eq!(client.login(OBSERVER, PASSWORD).await.status, 423);
    // Attempts racing in parallel each count: none slips through uncounted.
    let racing = (0..5).map(|_| {
        let client = client.clone();
        async move {
            client
                .login(COUNSEL_IEBC, "wrong password here")
                .await
                .status
        }
    });
    let statuses = futures::future::join_all(racing).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 423).count(),
        3,
        "{statuses:?}"
    );
    // Unknown e-mails lock alike.
    for expected in [401, 401, 423, 423] {
        assert_eq!(
            client
                .login("Nobody@Portal.test ", "wrong password here")
                .await
                .status,
            expected
        );
    }

    // A non-admin cannot unlock; an admin can, and the person signs in again.
    let observer = user::Entity::find()
        .filter(user::Column::Email.eq(OBSERVER))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let id = observer.id.to_string();
    let registrar = app.signed_in(REGISTRAR).await;
    assert_eq!(
        registrar
            .call("admin/unlock_user", &[("user_id", &id)])
            .await
            .status,
        403
    );
    let admin = app.signed_in(ADMIN).await;
    let users = admin.call("admin/users", &[("page", "1")]).await;
    let listed = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == OBSERVER)
        .unwrap()
        .clone();
    assert!(listed["locked_until"].is_string());
    assert_eq!(
        admin
            .call("admin/unlock_user", &[("user_id", &id)])
            .await
            .status,
        200
    );
    assert_eq!(
        admin
            .call("admin/unlock_user", &[("user_id", "999999")])
            .await
            .status,
        404
    );
    assert_eq!(client.login(OBSERVER, PASSWORD).await.status, 200);
}

async fn a_session_survives_a_restart(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let first = TestApp::spawn(&db).await;
    let client = first.client();
    client.login_ok(REGISTRAR).await;
    assert_eq!(client.who().await["email"], REGISTRAR);
    drop(first);

    let second = TestApp::spawn(&db).await;
    let client = client.rebase(&second.base);
    assert_eq!(client.who().await["email"], REGISTRAR);
}

async fn logout_deletes_the_session(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let client = app.client();
    let before = count::<session::Entity>(&app).await;
    client.login_ok(COUNSEL_PETITIONER).await;
    assert_eq!(count::<session::Entity>(&app).await, before + 1);
    assert_eq!(client.call("logout", &[]).await.status, 200);
    assert_eq!(count::<session::Entity>(&app).await, before);
    assert_eq!(client.who().await, serde_json::Value::Null);
    assert_eq!(client.call("my_cases", &[]).await.status, 401);
}

/// Before the wasm loads, forms are ordinary posts: the server answers with a redirect,
/// carrying the error back to the form's page when there is one.
async fn plain_form_posts_work_without_javascript(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |password: &'static str| {
        http.post(format!("{}/api/login", app.base))
            .header("accept", "text/html")
            .header("origin", app.base.clone())
            .header("referer", format!("{}/login", app.base))
            .form(&[
                ("email", COUNSEL_IEBC),
                ("password", password),
                ("next", "/cases"),
            ])
            .send()
    };
    let failed = post("wrong password here").await.unwrap();
    assert_eq!(failed.status(), 302);
    let back = failed.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        back.contains("/login?") && back.contains("__err="),
        "{back}"
    );
    // The login page shows the error it was sent back with.
    let page = http.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("The e-mail or password is not right."),
        "{page}"
    );

    let signed_in = post(PASSWORD).await.unwrap();
    assert_eq!(signed_in.status(), 302);
    assert_eq!(signed_in.headers()["location"], "/cases");
    let cases = http
        .get(format!("{}/cases", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(cases.status(), 200);
    assert!(
        cases
            .text()
            .await
            .unwrap()
            .contains("Presidential Election Petition E005 of 2022")
    );
}

/// A session is written when it changes, and now and then while its owner works, to move
/// its idle expiry on: not on every request, and never for a visitor who has not signed in.
async fn the_idle_expiry_moves_on_now_and_then_while_someone_works(backend: Backend) {
    use chrono::{Duration, SubsecRound, Utc};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let visitor = app.client();
    assert_eq!(visitor.get("/login").await.status, 200);
    assert_eq!(visitor.get("/cases").await.status, 303);
    let sessions = || async { session::Entity::find().all(&app.state.db).await.unwrap() };
    assert!(
        sessions().await.is_empty(),
        "a visitor's requests made a session"
    );

    let client = app.client();
    client.login_ok(REGISTRAR).await;
    assert_eq!(client.get("/cases").await.status, 200);
    let only = || async {
        let mut all = sessions().await;
        assert_eq!(all.len(), 1);
        all.remove(0)
    };
    // The idle window is an hour in the tests: the first page set when to renew next.
    let row = only().await;
    assert!(row.data.contains("renew_after"), "{}", row.data);
    assert!(row.expires_at > Utc::now() + Duration::minutes(59));

    // Time passes (as if): the stored expiry is closer, but renewal is not due yet, so
    // pages and server functions write nothing.
    let soon = (Utc::now() + Duration::minutes(20)).trunc_subsecs(0);
    let mut closer: session::ActiveModel = row.into();
    closer.expires_at = Set(soon);
    closer.update(&app.state.db).await.unwrap();
    assert_eq!(client.get("/cases").await.status, 200);
    assert_eq!(client.call("my_cases", &[]).await.status, 200);
    assert_eq!(only().await.expires_at, soon);

    // Once renewal is due, the next request moves the expiry a whole window on.
    let row = only().await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    data["renew_after"] = serde_json::json!(0);
    let mut due: session::ActiveModel = row.into();
    due.data = Set(data.to_string());
    due.update(&app.state.db).await.unwrap();
    assert_eq!(client.get("/cases").await.status, 200);
    assert!(only().await.expires_at > Utc::now() + Duration::minutes(59));
}

/// A sign-in lasts twelve hours (the default) however busy its session: then the session is
/// deleted, pages send its owner to sign in again and server functions answer 401. A session
/// with no sign-in time, as from before the lifetime was kept, ends too.
async fn a_sign_in_ends_after_its_lifetime_however_busy(backend: Backend) {
    use chrono::{Duration, Utc};
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    assert_eq!(app.state.config.session_lifetime, Duration::hours(12));
    let sessions = || async { session::Entity::find().all(&app.state.db).await.unwrap() };
    let set_signed_in_at = |at| set_signed_in_at(&app.state.db, at);

    let client = app.signed_in(REGISTRAR).await;
    let row = sessions().await.remove(0);
    assert!(row.data.contains("signed_in_at"), "{}", row.data);

    // A minute short of twelve hours: still signed in.
    let almost = (Utc::now() - Duration::hours(12) + Duration::minutes(1)).timestamp();
    set_signed_in_at(Some(almost)).await;
    assert_eq!(client.get("/cases").await.status, 200);
    assert_eq!(client.call("my_cases", &[]).await.status, 200);

    // Past twelve hours: the page sends its owner to sign in, and the session is gone.
    set_signed_in_at(Some(almost - 120)).await;
    let page = client.get("/cases/1").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location.as_deref(), Some("/login?next=%2Fcases%2F1"));
    assert!(sessions().await.is_empty());
    assert_eq!(client.call("my_cases", &[]).await.status, 401);

    // Signing in again starts a new lifetime; a server function alone ends an old one too.
    client.login_ok(REGISTRAR).await;
    assert_eq!(client.call("my_cases", &[]).await.status, 200);
    set_signed_in_at(Some(almost - 120)).await;
    assert_eq!(client.call("my_cases", &[]).await.status, 401);
    assert!(sessions().await.is_empty());

    // No sign-in time at all: ended.
    client.login_ok(REGISTRAR).await;
    set_signed_in_at(None).await;
    assert_eq!(client.get("/cases").await.status, 303);
    assert!(sessions().await.is_empty());

    // A shorter lifetime is a setting.
    let short = TestApp::spawn_with(
        &TestDb::new(&backend).await,
        PortalConfig {
            session_lifetime: Duration::seconds(1),
            ..PortalConfig::default()
        },
    )
    .await;
    let client = short.signed_in(REGISTRAR).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(client.call("my_cases", &[]).await.status, 401);
}

/// Rewrites the one stored session's sign-in time, as if time had passed.
async fn set_signed_in_at(db: &sea_orm::DatabaseConnection, at: Option<i64>) {
    let mut all = session::Entity::find().all(db).await.unwrap();
    assert_eq!(all.len(), 1);
    let row = all.remove(0);
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    match at {
        Some(at) => data["signed_in_at"] = serde_json::json!(at),
        None => {
            data.as_object_mut().unwrap().remove("signed_in_at");
        }
    }
    let mut changed: session::ActiveModel = row.into();
    changed.data = Set(data.to_string());
    changed.update(db).await.unwrap();
}
