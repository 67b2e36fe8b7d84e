//! A record the registry can correct: a finding revised by a new one with a reason (the
//! earlier stays in the history), and corrections that change nothing refused.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{audit_entry, case, case_member, docket_entry, obligation, party};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_backends!(
    a_finding_is_revised_by_a_new_one_and_the_history_stays,
    a_draft_is_confirmed_before_issue_or_discarded,
    parties_and_members_are_edited_and_removed_by_an_administrator,
);

async fn find(
    client: &Client,
    case: &str,
    c: &obligation::Model,
    finding: &str,
    reason: &str,
) -> Reply {
    client
        .call(
            "compliance/assess",
            &[
                ("case_id", case),
                ("obligation_id", &c.id.to_string()),
                ("revision", &c.revision.to_string()),
                ("finding", finding),
                ("reason", reason),
            ],
        )
        .await
}

async fn a_finding_is_revised_by_a_new_one_and_the_history_stays(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let directive_id = issued_directive(&app, &registrar, &case, "41", &[iebc], &[]).await;
    let key = format!("directives[{directive_id}]");
    let iebc_s = iebc.to_string();
    let reported = gumbo
        .call(
            "responses/file",
            &[
                ("case_id", &case),
                ("kind", "compliance_report"),
                ("party", &iebc_s),
                ("third_party", ""),
                ("title", "Report on access to the servers"),
                ("body", "Access was given on 31 August under supervision."),
                ("tier", "parties"),
                ("exhibits", ""),
                (&key, "on"),
            ],
        )
        .await;
    assert_eq!(reported.status, 200, "{}", reported.text);

    // No finding is recorded by a slip: the list has no default, and none is refused.
    let before = footprint(&app).await;
    let c = cell(&app, directive_id, iebc).await;
    let none = find(&registrar, &case, &c, "", "A reason").await;
    assert_eq!(none.status, 422, "{}", none.text);
    assert!(message(&none, "finding").contains("Choose a finding"));
    assert_eq!(footprint(&app).await, before);

    let first = find(
        &registrar,
        &case,
        &c,
        "partly_complied",
        "Access to 1 of 8 servers only.",
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.text);

    // A revision that changes nothing, one without a reason, a stale one and one by counsel
    // are refused, and nothing changes.
    let before = footprint(&app).await;
    let assessed = cell(&app, directive_id, iebc).await;
    let same = find(&registrar, &case, &assessed, "partly_complied", "Again").await;
    assert_eq!(same.status, 422, "{}", same.text);
    assert!(
        message(&same, "state").contains("already “partly complied”"),
        "{}",
        same.text
    );
    let bare = find(&registrar, &case, &assessed, "complied", " ").await;
    assert_eq!(bare.status, 422, "{}", bare.text);
    assert!(message(&bare, "reason").contains("reason"));
    let stale = find(&registrar, &case, &c, "complied", "Stale form").await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    let by_counsel = find(&gumbo, &case, &assessed, "complied", "We did comply").await;
    assert_eq!(by_counsel.status, 403, "{}", by_counsel.text);
    assert_eq!(footprint(&app).await, before);

    let revised = find(
        &registrar,
        &case,
        &assessed,
        "complied",
        "The other seven servers were opened on 1 September.",
    )
    .await;
    assert_eq!(revised.status, 200, "{}", revised.text);
    assert_eq!(revised.body, serde_json::Value::from("complied"));
    let entry = docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(case_id))
        .order_by_desc(docket_entry::Column::Number)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entry.title,
        "Directive 41 (IEBC): finding revised to complied"
    );

    // Both findings stay on the record; the latest stands.
    let detail = gumbo
        .call(
            "directives/detail",
            &[
                ("case_id", &case),
                ("directive_id", &directive_id.to_string()),
            ],
        )
        .await;
    let row = &detail.body["obligations"][0];
    assert_eq!(row["state"], "Complied", "{}", detail.text);
    let findings: Vec<(&str, &str)> = row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["what"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        findings,
        [
            ("Partly complied", "Access to 1 of 8 servers only."),
            (
                "Revised to complied",
                "The other seven servers were opened on 1 September."
            ),
        ]
    );
    let page = gumbo
        .get(&format!("/cases/{case_id}/directives/{directive_id}"))
        .await;
    assert!(page.text.contains("All 2 findings"), "{}", page.text);
}

async fn a_draft_is_confirmed_before_issue_or_discarded(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;

    // An order with no directives says so.
    let empty = draft(&registrar, &case).await;
    let before = footprint(&app).await;
    let refused = issue(&app, &registrar, &case, empty).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(message(&refused, "order").contains("no directives yet"));
    assert_eq!(footprint(&app).await, before);

    // Before issuing, the registrar sees whom the notice will reach: every other member.
    let added = add(&app, &registrar, &case, empty, "12", &[iebc], &[]).await;
    assert_eq!(added.status, 200, "{}", added.text);
    let order = empty.to_string();
    let detail = registrar
        .call("orders/detail", &[("case_id", &case), ("order_id", &order)])
        .await;
    let notified: Vec<&str> = detail.body["notified_on_issue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notified.contains(&"Eric Gumbo, Counsel for IEBC"),
        "{notified:?}"
    );
    assert!(
        notified.iter().all(|n| !n.contains("Registrar")),
        "{notified:?}"
    );
    // Every member but the registrar who records it, the demo's party agent included (the
    // order is public).
    assert_eq!(notified.len(), 10, "{notified:?}");

    // A draft's directive is edited in place: a taken number, a change of nothing and a
    // stale form are refused; then the new number and terms replace the old.
    let directive_id = added.body.as_i64().unwrap().to_string();
    let other = add(&app, &registrar, &case, empty, "14", &[iebc], &[]).await;
    assert_eq!(other.status, 200, "{}", other.text);
    let edit = |label: &'static str, text: &'static str, revision: String| {
        let (registrar, case, order, directive_id) = (
            registrar.clone(),
            case.clone(),
            order.clone(),
            directive_id.clone(),
        );
        async move {
            let obliged = format!("obliged[{iebc}]");
            let office = format!("office[{iebc}]");
            registrar
                .call(
                    "orders/edit_directive",
                    &[
                        ("case_id", case.as_str()),
                        ("order_id", &order),
                        ("revision", &revision),
                        ("directive_id", &directive_id),
                        ("label", label),
                        ("text", text),
                        (&obliged, "on"),
                        (&office, "Chief Executive Officer"),
                        ("third_parties", "Smartmatic International Holding B.V."),
                        ("window_opens", "2022-08-30T14:00"),
                        ("deadline", "2022-09-01T14:00"),
                        ("limits", "At most two agents per party"),
                        ("tier", "public"),
                    ],
                )
                .await
        }
    };
    const TEXT: &str = "The 1st respondent shall give supervised access to the servers, forensically imaged to capture Form 34C.";
    let before = footprint(&app).await;
    let revision = order_revision(&app, empty).await;
    let taken = edit("14", TEXT, revision.clone()).await;
    assert_eq!(taken.status, 422, "{}", taken.text);
    assert!(message(&taken, "label").contains("already has a directive 14"));
    let unchanged = edit("12", TEXT, revision.clone()).await;
    assert_eq!(unchanged.status, 422, "{}", unchanged.text);
    assert!(message(&unchanged, "text").contains("Nothing would change"));
    let stale = edit("12(a)", "Another text", "0".to_owned()).await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert_eq!(footprint(&app).await, before);
    let edited = edit("12(a)", "Produce the KIEMS kits of Kisumu.", revision).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let page = registrar
        .call("orders/detail", &[("case_id", &case), ("order_id", &order)])
        .await;
    let first = &page.body["directives"][0];
    assert_eq!(first["label"], "12(a)", "{}", page.text);
    assert_eq!(
        first["current"]["text"],
        "Produce the KIEMS kits of Kisumu."
    );
    assert_eq!(first["current"]["number"], 1);
    let after = footprint(&app).await;
    assert_eq!(after["directive versions"], before["directive versions"]);

    // Discarding: counsel may not, a stale form is refused, and then it
    // goes with its directives, leaving an audit entry.
    let discard = |client: &Client, revision: String| {
        let (client, case, order) = (client.clone(), case.clone(), order.clone());
        async move {
            client
                .call(
                    "orders/discard",
                    &[
                        ("case_id", &case),
                        ("order_id", &order),
                        ("revision", &revision),
                    ],
                )
                .await
        }
    };
    let before = footprint(&app).await;
    let current = order_revision(&app, empty).await;
    assert_eq!(discard(&gumbo, current.clone()).await.status, 403);
    assert_eq!(discard(&registrar, "0".to_owned()).await.status, 409);
    assert_eq!(discard(&registrar, "x".to_owned()).await.status, 400);
    assert_eq!(footprint(&app).await, before);
    let discarded = discard(&registrar, current).await;
    assert_eq!(discarded.status, 200, "{}", discarded.text);
    let after = footprint(&app).await;
    assert_eq!(after["orders"], before["orders"] - 1);
    assert_eq!(after["directives"], before["directives"] - 2);
    assert_eq!(after["audit entries"], before["audit entries"] + 1);
    assert_eq!(after["docket entries"], before["docket entries"]);
    let gone = registrar
        .call("orders/detail", &[("case_id", &case), ("order_id", &order)])
        .await;
    assert_eq!(gone.status, 404);

    // An issued order is on the docket and cannot be discarded.
    let issued = draft(&registrar, &case).await;
    add(&app, &registrar, &case, issued, "13", &[iebc], &[]).await;
    assert_eq!(issue(&app, &registrar, &case, issued).await.status, 200);
    let revision = order_revision(&app, issued).await;
    let kept = registrar
        .call(
            "orders/discard",
            &[
                ("case_id", &case),
                ("order_id", &issued.to_string()),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(kept.status, 422, "{}", kept.text);
    assert!(message(&kept, "order").contains("has been issued"));
}

async fn case_revision(app: &TestApp, case_id: i32) -> String {
    case::Entity::find_by_id(case_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

async fn last_audit_action(app: &TestApp) -> String {
    audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Seq)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .action
}

async fn parties_and_members_are_edited_and_removed_by_an_administrator(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let admin = app.signed_in(ADMIN).await;
    let registrar = app.signed_in(REGISTRAR).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    let iebc = party_id(&app, case_id, "IEBC").await;
    let extra = add_party(&app, case_id, "Added by mistake", "MISTAKE").await;

    let edit_party = |id: i32, name: &'static str, short: &'static str, revision: String| {
        let (admin, case) = (admin.clone(), case.clone());
        async move {
            admin
                .call(
                    "admin/edit_party",
                    &[
                        ("case_id", case.as_str()),
                        ("party_id", &id.to_string()),
                        ("revision", &revision),
                        ("name", name),
                        ("short_name", short),
                        ("role", "respondent"),
                    ],
                )
                .await
        }
    };
    let before = footprint(&app).await;
    let rev = case_revision(&app, case_id).await;
    let same = edit_party(extra, "Added by mistake", "MISTAKE", rev.clone()).await;
    assert_eq!(same.status, 422, "{}", same.text);
    assert!(message(&same, "name").contains("Nothing would change"));
    let taken = edit_party(extra, "Added by mistake", "IEBC", rev.clone()).await;
    assert!(message(&taken, "short_name").contains("already has this short name"));
    let stale = edit_party(extra, "Another name", "OTHER", "0".to_owned()).await;
    assert_eq!(stale.status, 409);
    let by_registrar = registrar
        .call(
            "admin/remove_party",
            &[
                ("case_id", &case),
                ("party_id", &extra.to_string()),
                ("revision", &rev),
            ],
        )
        .await;
    assert_eq!(by_registrar.status, 403);
    assert_eq!(footprint(&app).await, before);
    let renamed = edit_party(extra, "Mistaken Party Ltd", "MISTAKEN", rev).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert_eq!(last_audit_action(&app).await, "party.edit");

    // A member's role changes, then they are removed and lose access at once.
    let gumbo_member = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(case_id))
        .filter(case_member::Column::PartyId.eq(iebc))
        .filter(case_member::Column::Role.eq("counsel"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let member = gumbo_member.id.to_string();
    let edit_member = |role: &'static str, party: String, revision: String| {
        let (admin, case, member) = (admin.clone(), case.clone(), member.clone());
        async move {
            admin
                .call(
                    "admin/edit_member",
                    &[
                        ("case_id", case.as_str()),
                        ("member_id", &member),
                        ("revision", &revision),
                        ("role", role),
                        ("party_id", &party),
                    ],
                )
                .await
        }
    };
    let rev = case_revision(&app, case_id).await;
    let before = footprint(&app).await;
    let unchanged = edit_member("counsel", iebc.to_string(), rev.clone()).await;
    assert!(
        message(&unchanged, "role").contains("Nothing would change"),
        "{}",
        unchanged.text
    );
    let no_party = edit_member("counsel", String::new(), rev.clone()).await;
    assert!(
        message(&no_party, "party_id").contains("act for a party"),
        "{}",
        no_party.text
    );
    assert_eq!(footprint(&app).await, before);
    let changed = edit_member("party_representative", iebc.to_string(), rev).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(last_audit_action(&app).await, "member.edit");
    assert_eq!(gumbo.case_status(&case).await, 200);
    let notices = gumbo
        .call("notices", &[("page", "1"), ("unread_only", "false")])
        .await;
    assert!(
        notices.text.contains("Registrar's report on the scrutiny"),
        "{}",
        notices.text
    );

    let rev = case_revision(&app, case_id).await;
    let removed = admin
        .call(
            "admin/remove_member",
            &[
                ("case_id", &case),
                ("member_id", &member),
                ("revision", &rev),
            ],
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.text);
    assert_eq!(last_audit_action(&app).await, "member.remove");
    assert_eq!(gumbo.case_status(&case).await, 404);
    assert_eq!(
        gumbo.get(&format!("/cases/{case_id}/docket")).await.status,
        404
    );
    let notices = gumbo
        .call("notices", &[("page", "1"), ("unread_only", "false")])
        .await;
    assert!(!notices.text.contains("Order"), "{}", notices.text);

    // A party with no record is deleted; one with records is withdrawn and keeps them.
    let remove_party = |id: i32| {
        let (admin, case, app) = (admin.clone(), case.clone(), &app);
        async move {
            let revision = case_revision(app, case_id).await;
            admin
                .call(
                    "admin/remove_party",
                    &[
                        ("case_id", case.as_str()),
                        ("party_id", &id.to_string()),
                        ("revision", &revision),
                    ],
                )
                .await
        }
    };
    let deleted = remove_party(extra).await;
    assert_eq!(
        deleted.body,
        serde_json::Value::from(false),
        "{}",
        deleted.text
    );
    assert!(
        party::Entity::find_by_id(extra)
            .one(&app.state.db)
            .await
            .unwrap()
            .is_none()
    );
    let withdrawn = remove_party(iebc).await;
    assert_eq!(
        withdrawn.body,
        serde_json::Value::from(true),
        "{}",
        withdrawn.text
    );
    let kept = party::Entity::find_by_id(iebc)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.withdrawn_at.is_some());
    assert_eq!(last_audit_action(&app).await, "party.withdraw");
    let again = remove_party(iebc).await;
    assert!(
        message(&again, "party").contains("already withdrawn"),
        "{}",
        again.text
    );
    // No longer offered for new directives, but its history still names it.
    let order = draft(&registrar, &case).await;
    let detail = registrar
        .call(
            "orders/detail",
            &[("case_id", &case), ("order_id", &order.to_string())],
        )
        .await;
    let offered: Vec<&str> = detail.body["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["short_name"].as_str().unwrap())
        .collect();
    assert!(!offered.contains(&"IEBC"), "{offered:?}");
    let docket = registrar.get(&format!("/cases/{case_id}/docket")).await;
    assert!(docket.text.contains("IEBC"));
}
