//! Case visibility per role, and the administration of cases, parties and members.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{case, case_member, party};

on_both_backends!(
    people_see_only_their_own_cases,
    admins_create_cases_with_clear_errors,
    admins_add_parties_and_refuse_stale_forms,
    admins_add_members_with_clear_errors,
    pages_need_sign_in_and_hide_other_cases,
);

async fn people_see_only_their_own_cases(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let (e005, e001) = (e005.to_string(), e001.to_string());

    let counsel = app.signed_in(COUNSEL_PETITIONER).await;
    let mine = counsel.call("my_cases", &[]).await;
    assert_eq!(mine.status, 200);
    let numbers: Vec<&str> = mine
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["Presidential Election Petition E005 of 2022"]);
    assert_eq!(mine.body[0]["my_role"], "Counsel");

    let overview = counsel.call("load_case", &[("case_id", &e005)]).await;
    assert_eq!(overview.status, 200);
    let iebc = overview.body["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["short_name"] == "IEBC")
        .unwrap()
        .clone();
    assert_eq!(iebc["counsel"], serde_json::json!(["Eric Gumbo"]));
    assert_eq!(
        iebc["representatives"],
        serde_json::json!(["Samuel Kiprono"])
    );

    // A case one does not belong to answers exactly like one that does not exist.
    let hidden = counsel.call("load_case", &[("case_id", &e001)]).await;
    let missing = counsel.call("load_case", &[("case_id", "987654")]).await;
    assert_eq!(hidden.status, 404);
    assert_eq!(
        (hidden.status, hidden.text.clone()),
        (missing.status, missing.text)
    );
    assert_eq!(counsel.case_status("not-a-number").await, 400);

    // The registrar belongs to both; the admin (a member of neither) to none.
    let registrar = app.signed_in(REGISTRAR).await;
    assert_eq!(registrar.case_count().await, 2);
    assert_eq!(registrar.case_status(&e001).await, 200);
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(
        admin.call("my_cases", &[]).await.body,
        serde_json::json!([])
    );
    assert_eq!(admin.case_status(&e005).await, 404);

    // Every role of the demo case sees it.
    for email in [
        REGISTRAR,
        "judge@court.test",
        "officer1@court.test",
        COUNSEL_IEBC,
        "agent@azimio.test",
        OBSERVER,
    ] {
        let member = app.signed_in(email).await;
        assert_eq!(member.case_status(&e005).await, 200, "{email}");
    }
    // Signed out, nothing.
    assert_eq!(
        app.client()
            .call("load_case", &[("case_id", &e005)])
            .await
            .status,
        401
    );
}

async fn admins_create_cases_with_clear_errors(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let admin = app.signed_in(ADMIN).await;
    let before = count::<case::Entity>(&app).await;
    let form = |number: &'static str, date: &'static str| {
        vec![
            ("number", number),
            ("title", "A v B"),
            ("court", "Supreme Court of Kenya"),
            ("filing_date", date),
        ]
    };

    let created = admin
        .call(
            "admin/create_case",
            &form("Election Petition E100 of 2027", "2022-09-01"),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(count::<case::Entity>(&app).await, before + 1);

    let duplicate = admin
        .call(
            "admin/create_case",
            &form("Election Petition E100 of 2027", "2022-09-01"),
        )
        .await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(
        duplicate.body["Invalid"]["number"],
        "A case with this number already exists."
    );

    let empty = admin
        .call(
            "admin/create_case",
            &[
                ("number", " "),
                ("title", ""),
                ("court", ""),
                ("filing_date", ""),
            ],
        )
        .await;
    assert_eq!(empty.status, 422);
    for field in ["number", "title", "court", "filing_date"] {
        assert!(
            empty.body["Invalid"][field].is_string(),
            "{field}: {}",
            empty.text
        );
    }
    let bad_date = admin
        .call("admin/create_case", &form("E101", "01/09/2022"))
        .await;
    assert_eq!(
        bad_date.body["Invalid"]["filing_date"],
        "Filing date must be a date such as 2022-08-22."
    );
    let future = admin
        .call("admin/create_case", &form("E102", "2999-01-01"))
        .await;
    assert_eq!(
        future.body["Invalid"]["filing_date"],
        "Filing date cannot be in the future."
    );
    let long = "x".repeat(121);
    let oversized = admin
        .call(
            "admin/create_case",
            &[
                ("number", &long),
                ("title", "t"),
                ("court", "c"),
                ("filing_date", "2022-01-01"),
            ],
        )
        .await;
    assert_eq!(oversized.status, 422);
    assert!(
        oversized.body["Invalid"]["number"]
            .as_str()
            .unwrap()
            .contains("too long")
    );
    let malformed = admin.call("admin/create_case", &[("number", "E103")]).await;
    assert_eq!(malformed.status, 400);

    // Not an admin: refused, whatever the role in a case.
    let registrar = app.signed_in(REGISTRAR).await;
    assert_eq!(
        registrar
            .call("admin/create_case", &form("E104", "2022-09-01"))
            .await
            .status,
        403
    );
    assert_eq!(
        registrar.call("admin/cases", &[("page", "1")]).await.status,
        403
    );
    assert_eq!(count::<case::Entity>(&app).await, before + 1);
}

async fn admins_add_parties_and_refuse_stale_forms(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, _) = case_ids(&app).await;
    let id = e005.to_string();
    let admin = app.signed_in(ADMIN).await;
    let case = admin.call("admin/case", &[("case_id", &id)]).await;
    let revision = case.body["case"]["revision"].as_i64().unwrap().to_string();
    let parties_before = count::<party::Entity>(&app).await;

    let add = |revision: String, short: &'static str| {
        let id = id.clone();
        let admin = admin.clone();
        async move {
            admin
                .call(
                    "admin/add_party",
                    &[
                        ("case_id", &id),
                        ("revision", &revision),
                        ("name", "Roselyne Akombe"),
                        ("short_name", short),
                        ("role", "interested_party"),
                    ],
                )
                .await
        }
    };
    let added = add(revision.clone(), "akombe").await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(count::<party::Entity>(&app).await, parties_before + 1);

    // The same form again: the case moved on since it was opened.
    let stale = add(revision.clone(), "AKOMBE2").await;
    assert_eq!(stale.status, 409);
    assert_eq!(stale.body, serde_json::json!("Stale"));
    // Stale wins over anything else wrong with the form: its view of the case is old.
    let stale_and_bad = admin
        .call(
            "admin/add_party",
            &[
                ("case_id", &id),
                ("revision", &revision),
                ("name", ""),
                ("short_name", "AKOMBE"),
                ("role", "x"),
            ],
        )
        .await;
    assert_eq!(stale_and_bad.status, 409);
    let malformed_version = admin
        .call(
            "admin/add_party",
            &[
                ("case_id", &id),
                ("revision", "v1"),
                ("name", "X"),
                ("short_name", "X"),
                ("role", "respondent"),
            ],
        )
        .await;
    assert_eq!(malformed_version.status, 400);
    assert_eq!(count::<party::Entity>(&app).await, parties_before + 1);

    let fresh = (revision.parse::<i32>().unwrap() + 1).to_string();
    let duplicate = add(fresh.clone(), "AKOMBE").await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(
        duplicate.body["Invalid"]["short_name"],
        "Another party of this case already has this short name."
    );
    let bad = admin
        .call(
            "admin/add_party",
            &[
                ("case_id", &id),
                ("revision", &fresh),
                ("name", ""),
                ("short_name", "A B"),
                ("role", "king"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    for field in ["name", "short_name", "role"] {
        assert!(bad.body["Invalid"][field].is_string(), "{field}");
    }
    let unknown_case = admin
        .call(
            "admin/add_party",
            &[
                ("case_id", "999999"),
                ("revision", "1"),
                ("name", "X"),
                ("short_name", "X"),
                ("role", "respondent"),
            ],
        )
        .await;
    assert_eq!(unknown_case.status, 404);
    let counsel = app.signed_in(COUNSEL_IEBC).await;
    let forbidden = counsel
        .call(
            "admin/add_party",
            &[
                ("case_id", &id),
                ("revision", &fresh),
                ("name", "X"),
                ("short_name", "X"),
                ("role", "respondent"),
            ],
        )
        .await;
    assert_eq!(forbidden.status, 403);
    assert_eq!(count::<party::Entity>(&app).await, parties_before + 1);
}

async fn admins_add_members_with_clear_errors(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (_, e001) = case_ids(&app).await;
    let id = e001.to_string();
    let admin = app.signed_in(ADMIN).await;
    let revision = admin.call("admin/case", &[("case_id", &id)]).await.body["case"]["revision"]
        .as_i64()
        .unwrap()
        .to_string();
    let members_before = count::<case_member::Entity>(&app).await;
    let add = |email: &'static str, role: &'static str, party: &'static str| {
        let (id, revision, admin) = (id.clone(), revision.clone(), admin.clone());
        async move {
            admin
                .call(
                    "admin/add_member",
                    &[
                        ("case_id", &id),
                        ("revision", &revision),
                        ("email", email),
                        ("role", role),
                        ("party_id", party),
                    ],
                )
                .await
        }
    };

    let unknown = add("nobody@portal.test", "observer", "").await;
    assert_eq!(unknown.status, 422);
    assert!(
        unknown.body["Invalid"]["email"]
            .as_str()
            .unwrap()
            .starts_with("No account has this e-mail")
    );
    let counsel_without_party = add(COUNSEL_IEBC, "counsel", "").await;
    assert!(
        counsel_without_party.body["Invalid"]["party_id"]
            .as_str()
            .unwrap()
            .contains("act for a party")
    );
    // A party of another case is not a party of this one.
    let other_party = add(COUNSEL_IEBC, "counsel", "1").await;
    assert_eq!(
        other_party.body["Invalid"]["party_id"],
        "Choose a party of this case."
    );
    let judge_for_party = add("officer1@court.test", "judge", "1").await;
    assert!(judge_for_party.body["Invalid"]["party_id"].is_string());
    let already = add(REGISTRAR, "observer", "").await;
    assert_eq!(
        already.body["Invalid"]["email"],
        "Letizia Wachira is already a member of this case, as Registrar."
    );
    assert_eq!(count::<case_member::Entity>(&app).await, members_before);

    let added = add(OBSERVER, "observer", "").await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(count::<case_member::Entity>(&app).await, members_before + 1);
    let observer = app.signed_in(OBSERVER).await;
    assert_eq!(observer.case_count().await, 2);
    assert_eq!(observer.case_status(&id).await, 200);
}

async fn pages_need_sign_in_and_hide_other_cases(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let anonymous = app.client();
    let redirected = anonymous.get(&format!("/cases/{e005}")).await;
    assert_eq!(redirected.status, 303);
    assert_eq!(
        redirected.location.as_deref(),
        Some(format!("/login?next=%2Fcases%2F{e005}").as_str())
    );
    assert_eq!(anonymous.get("/login").await.status, 200);

    let counsel = app.signed_in(COUNSEL_IEBC).await;
    let page = counsel.get(&format!("/cases/{e005}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text
            .contains("Independent Electoral and Boundaries Commission")
    );
    assert!(page.text.contains("Eric Gumbo"));
    let hidden = counsel.get(&format!("/cases/{e001}")).await;
    assert_eq!(hidden.status, 404);
    assert!(!hidden.text.contains("Khelef"));
    assert_eq!(counsel.get("/cases/999999").await.status, 404);
    let missing = counsel.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .text
            .contains("<title>Not found · Scrutiny portal</title>"),
        "{}",
        missing.text
    );
    let admin_page = counsel.get("/admin/users").await;
    assert_eq!(admin_page.status, 403);

    // The admin area, opened by anyone else, is the ordinary 403 page: no tabs, no forms.
    let registrar = app.signed_in(REGISTRAR).await;
    let audit = registrar.get("/admin/audit").await;
    assert_eq!(audit.status, 403);
    assert!(audit.text.contains("Not allowed"));
    assert!(!audit.text.contains("Check the whole chain"));
    assert!(!audit.text.contains("aria-label=\"Administration\""));
    let admin = app.signed_in(ADMIN).await;
    let audit = admin.get("/admin/audit").await;
    assert_eq!(audit.status, 200);
    assert!(audit.text.contains("Check the whole chain"));

    // A party that owes nothing yet is told so, not that everything is done: the demo's
    // directives oblige IEBC alone.
    let ngatia = app.signed_in("ngatia@counsel.test").await;
    let mine = ngatia.get(&format!("/cases/{e005}/obligations")).await;
    assert_eq!(mine.status, 200);
    assert!(
        mine.text.contains("No directive in force obliges RUTO."),
        "{}",
        mine.text
    );
    assert!(!mine.text.contains("every obligation has been found"));
}
