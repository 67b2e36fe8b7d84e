//! No reader learns of what is sealed from them: for every member of the case (and the
//! administrator), every page that lists, counts or summarises is fetched, and none may
//! carry a title, code, label or text of anything the rules hide from that reader.
//!
//! What each reader may not see is worked out here from the stored rows and the rules in
//! `domain` alone, not from the portal's own queries, so a query that forgets a filter is
//! caught. The demo case is checked as seeded, and again with sealed material of every
//! kind added: a court-only directive with a response, a clarification request with a
//! ruling, an assessment and an excuse on it, court-only and parties-only exhibits, and a
//! parties-only filing that cites a court-only exhibit.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{
    clarification, clarification_response, directive, directive_version, docket_entry,
    docket_reader, evidence_item, notice, obligation, obligation_event, order, report, response,
    task,
};
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::orders::OrderState;
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap};

on_both_backends!(
    the_demo_case_shows_no_reader_what_is_sealed_from_them,
    sealed_material_of_every_kind_reaches_no_reader_it_is_sealed_from,
);

/// Every account that reads the demo case.
const READERS: [&str; 11] = [
    ADMIN,
    REGISTRAR,
    JUDGE,
    OFFICER,
    "officer2@court.test",
    COUNSEL_PETITIONER,
    COUNSEL_IEBC,
    "ngatia@counsel.test",
    AGENT_AZIMIO,
    AGENT_IEBC,
    OBSERVER,
];

/// The part of a stored text that a page shows unchanged whatever it escapes: up to the
/// first character HTML or JSON would escape, at most 60 characters. `None` when too short
/// to tell one record from another.
fn marker(text: &str) -> Option<String> {
    let cut: String = text
        .chars()
        .take_while(|c| !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\\' | '\n' | '\r'))
        .take(60)
        .collect();
    let cut = cut.trim().to_owned();
    (cut.chars().count() >= 10).then_some(cut)
}

/// What a reader may and may not see, as texts.
#[derive(Default)]
struct Split {
    hidden: BTreeSet<String>,
    shown: BTreeSet<String>,
    /// Labels of directives the reader may not read, as titles name them ("directive 3").
    hidden_labels: BTreeSet<String>,
    /// The pages of the things the reader may read.
    pages: Vec<String>,
    /// How many directives of each issued order the reader may read.
    readable_per_order: HashMap<i32, usize>,
}

impl Split {
    fn put(&mut self, visible: bool, texts: &[&str]) {
        for text in texts {
            if let Some(m) = marker(text) {
                if visible {
                    self.shown.insert(m);
                } else {
                    self.hidden.insert(m);
                }
            }
        }
    }

    /// The hidden texts that are not also part of something shown (two records may share
    /// words, such as a generic title).
    fn secrets(&self) -> Vec<&String> {
        self.hidden
            .iter()
            .filter(|h| !self.shown.iter().any(|s| s.contains(h.as_str())))
            .collect()
    }
}

fn sees(actor: &Actor, tier: SealingTier, party: Option<i32>) -> bool {
    can(
        actor,
        Action::See(Sealing {
            tier,
            producer: Producer::from_party(party),
        }),
    )
}

/// Works out, from the rows and the rules, what `actor` may and may not see in the case.
async fn split(app: &TestApp, actor: &Actor, case_id: i32) -> Split {
    let db = &app.state.db;
    let mut split = Split::default();
    let path = |rest: String| {
        if rest.is_empty() {
            format!("/cases/{case_id}")
        } else {
            format!("/cases/{case_id}/{rest}")
        }
    };

    let orders = order::Entity::find()
        .filter(order::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap();
    let order_known: HashMap<i32, bool> = orders
        .iter()
        .map(|o| {
            let known = *o.state == OrderState::Issued || can(actor, Action::RecordOrder);
            (o.id, known)
        })
        .collect();
    for o in &orders {
        if order_known[&o.id] {
            split.pages.push(path(format!("orders/{}", o.id)));
            if *o.state == OrderState::Issued {
                split.readable_per_order.insert(o.id, 0);
            }
        }
    }

    let directives = directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap();
    let by_id: HashMap<i32, &directive::Model> = directives.iter().map(|d| (d.id, d)).collect();
    let versions = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.is_in(by_id.keys().copied()))
        .all(db)
        .await
        .unwrap();
    let obligations = obligation::Entity::find()
        .filter(obligation::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap();
    let mut version_visible: HashMap<i32, bool> = HashMap::new();
    for v in &versions {
        let d = by_id[&v.directive_id];
        let obliges_actor = actor.party_id.is_some_and(|p| {
            obligations
                .iter()
                .any(|o| o.version_id == v.id && o.party_id == p)
        });
        let visible = order_known[&d.order_id]
            && can(
                actor,
                Action::SeeDirective {
                    tier: *v.tier,
                    obliges_actor,
                },
            );
        version_visible.insert(v.id, visible);
        split.put(visible, &[&v.text, &v.limits, &v.reason_note]);
        if v.number == d.current_version {
            if visible {
                split.pages.push(path(format!("directives/{}", d.id)));
                if let Some(n) = split.readable_per_order.get_mut(&d.order_id) {
                    *n += 1;
                }
            } else {
                split
                    .hidden_labels
                    .insert(format!("directive {}", d.label.to_lowercase()));
                // A label no court would use on its own is a marker wherever it appears.
                if d.label.chars().count() >= 5 {
                    split.hidden.insert(d.label.clone());
                }
            }
        }
    }

    for o in &obligations {
        let visible = version_visible.get(&o.version_id).copied().unwrap_or(false);
        split.put(visible, &[&o.reason]);
        for e in obligation_event::Entity::find()
            .filter(obligation_event::Column::ObligationId.eq(o.id))
            .all(db)
            .await
            .unwrap()
        {
            split.put(visible, &[&e.reason]);
        }
    }

    for r in response::Entity::find()
        .filter(response::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let visible = sees(actor, *r.tier, r.party_id);
        split.put(visible, &[&r.title, &r.body]);
        if visible {
            split.pages.push(path(format!("responses/{}", r.id)));
        }
    }

    for e in evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let visible = sees(actor, *e.tier, e.producer_party_id);
        split.put(visible, &[&e.code, &e.title, &e.description]);
        if visible {
            split.pages.push(path(format!("evidence/{}", e.id)));
        }
    }

    for c in clarification::Entity::find()
        .filter(clarification::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let visible = version_visible.get(&c.version_id).copied().unwrap_or(false)
            && can(
                actor,
                Action::SeeClarification {
                    party: c.party_id,
                    filed: c.filed_at.is_some(),
                },
            );
        let ruling = c.ruling_text.clone().unwrap_or_default();
        split.put(visible, &[&c.question, &c.grounds, &c.proposed, &ruling]);
        for r in clarification_response::Entity::find()
            .filter(clarification_response::Column::ClarificationId.eq(c.id))
            .all(db)
            .await
            .unwrap()
        {
            split.put(visible, &[&r.body]);
        }
        if visible {
            split.pages.push(path(format!("clarifications/{}", c.id)));
        }
    }

    for entry in docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        // An entry is read by its tier, and sealed court only also by its readers.
        let readers = docket_reader::Entity::find()
            .filter(docket_reader::Column::DocketEntryId.eq(entry.id))
            .all(db)
            .await
            .unwrap();
        let visible = sees(actor, *entry.tier, None)
            || readers.iter().any(|r| {
                actor.party_id == Some(r.party_id) && sees(actor, *entry.tier, Some(r.party_id))
            });
        split.put(visible, &[&entry.title]);
    }

    if let Some(user_id) = actor.user_id {
        for n in notice::Entity::find()
            .filter(notice::Column::UserId.eq(user_id))
            .all(db)
            .await
            .unwrap()
        {
            split.pages.push(format!("/notices/{}/document", n.id));
        }
    }
    // Tasks are sealed as their directive's version in force.
    for t in task::Entity::find()
        .filter(task::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let d = by_id[&t.directive_id];
        let current = versions
            .iter()
            .find(|v| v.directive_id == d.id && v.number == d.current_version)
            .unwrap();
        let obliges_actor = actor.party_id.is_some_and(|p| {
            obligations
                .iter()
                .any(|o| o.version_id == current.id && o.party_id == p)
        });
        let visible = order_known[&d.order_id]
            && can(
                actor,
                Action::SeeTask {
                    tier: *current.tier,
                    obliges_actor,
                    attends: false,
                },
            );
        split.put(visible, &[&t.venue]);
        if visible {
            split.pages.push(path(format!("tasks/{}", t.id)));
        }
    }
    // A filed report is read by its tier, as the court's filings are: the document's hash
    // is on the reports page for whoever may read it, and nowhere for anyone else.
    for r in report::Entity::find()
        .filter(report::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let visible = can(
            actor,
            Action::See(Sealing {
                tier: *r.tier,
                producer: Producer::Court,
            }),
        );
        split.put(visible, &[&r.sha256]);
        if visible {
            split.pages.push(path(format!("reports/{}", r.id)));
        }
    }
    for rest in [
        "",
        "reports",
        "tasks",
        "tasks/new",
        "docket",
        "orders",
        "evidence",
        "compliance",
        "obligations",
        "responses/new",
    ] {
        split.pages.push(path(rest.to_owned()));
    }
    split.pages.push("/notices".to_owned());
    split.pages.push("/cases".to_owned());
    split
}

/// Where a page names a directive by a label the reader may not read: "directive 3", but
/// not "directive 3(b)" or "directive 30".
fn names_hidden_label(page: &str, labels: &BTreeSet<String>) -> Option<String> {
    let page = page.to_lowercase();
    for label in labels {
        for (at, _) in page.match_indices(label.as_str()) {
            let next = page[at + label.len()..].chars().next();
            if !next.is_some_and(|c| c.is_alphanumeric() || c == '(') {
                return Some(label.clone());
            }
        }
    }
    None
}

/// Fetches every page `email` may open in the case and fails on anything sealed from them.
async fn check_reader(app: &TestApp, email: &str, case_id: i32) {
    let actor = actor(app, email, case_id).await;
    let split = split(app, &actor, case_id).await;
    let secrets = split.secrets();
    let client = app.signed_in(email).await;
    eprintln!(
        "DEBUG {email}: {} pages, {} secrets: {:?} {:?}",
        split.pages.len(),
        secrets.len(),
        secrets,
        split.hidden_labels
    );
    for page in &split.pages {
        let reply = client.get(page).await;
        // The administrator is no member: case pages answer 404, and must leak nothing either.
        let allowed: &[u16] = if actor.case_role.is_some() {
            &[200, 403]
        } else {
            &[200, 403, 404]
        };
        assert!(
            allowed.contains(&reply.status),
            "{email} {page}: {}",
            reply.status
        );
        for secret in &secrets {
            assert!(
                !reply.text.contains(secret.as_str()),
                "{email} reads {secret:?} on {page}"
            );
        }
        if let Some(label) = names_hidden_label(&reply.text, &split.hidden_labels) {
            panic!("{email} reads {label:?} on {page}");
        }
    }

    let listed = client
        .call("orders/list", &[("case_id", &case_id.to_string())])
        .await;
    for o in listed.body["orders"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let id = o["id"].as_i64().unwrap() as i32;
        if let Some(expected) = split.readable_per_order.get(&id) {
            assert_eq!(
                o["directives"].as_u64(),
                Some(*expected as u64),
                "{email}: the directives counted on order {id}"
            );
        }
    }
}

async fn check_every_reader(app: &TestApp, case_id: i32) {
    for email in READERS {
        check_reader(app, email, case_id).await;
    }
}

async fn the_demo_case_shows_no_reader_what_is_sealed_from_them(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    check_every_reader(&app, case_id).await;
}

/// Records an exhibit for `producer` sealed `tier`; returns its code.
async fn exhibit(
    app: &TestApp,
    client: &Client,
    case: &str,
    producer: i32,
    title: &str,
    tier: &str,
) -> String {
    let producer = producer.to_string();
    let description = format!("{title}, as described by its producer.");
    let recorded = client
        .call(
            "evidence/record",
            &[
                ("case_id", case),
                ("title", title),
                ("kind", "other"),
                ("station_code", ""),
                ("description", &description),
                ("producer", &producer),
                ("tier", tier),
            ],
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    let id = recorded.body.as_i64().unwrap() as i32;
    evidence_item::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .code
}

/// Files a response of IEBC's on `directive_id`; returns its id.
async fn report(
    client: &Client,
    case: &str,
    party: i32,
    directive_id: i32,
    fields: &[(&str, &str)],
) -> i32 {
    let key = format!("directives[{directive_id}]");
    let party = party.to_string();
    let mut all: Vec<(&str, &str)> = vec![
        ("case_id", case),
        ("kind", "compliance_report"),
        ("party", &party),
        ("third_party", ""),
        ("exhibits", ""),
        (&key, "on"),
    ];
    for (key, value) in fields {
        match all.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => all.push((key, value)),
        }
    }
    let filed = client.call("responses/file", &all).await;
    assert_eq!(filed.status, 200, "{}", filed.text);
    filed.body.as_i64().unwrap() as i32
}

async fn sealed_material_of_every_kind_reaches_no_reader_it_is_sealed_from(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case_id, _) = case_ids(&app).await;
    let case = case_id.to_string();
    let iebc = party_id(&app, case_id, "IEBC").await;
    let chebukati = party_id(&app, case_id, "CHEBUKATI").await;
    let registrar = app.signed_in(REGISTRAR).await;
    let judge = app.signed_in(JUDGE).await;
    let gumbo = app.signed_in(COUNSEL_IEBC).await;

    let sealed = issued_directive(
        &app,
        &registrar,
        &case,
        "88(zq)",
        &[iebc, chebukati],
        &[
            ("tier", "court_only"),
            (
                "text",
                "Zq sealed directive: produce the password matrix of every server.",
            ),
            ("limits", "Zq sealed limits: inspected in chambers only"),
        ],
    )
    .await;
    let shared = issued_directive(
        &app,
        &registrar,
        &case,
        "89(zq)",
        &[iebc],
        &[
            ("tier", "parties"),
            (
                "text",
                "Zq parties directive: produce the server logs of 9 August.",
            ),
        ],
    )
    .await;
    let draft_order = draft(&registrar, &case).await;
    let drafted = add(
        &app,
        &registrar,
        &case,
        draft_order,
        "90(zq)",
        &[iebc],
        &[(
            "text",
            "Zq draft directive: produce the KIEMS kits of Kisumu.",
        )],
    )
    .await;
    assert_eq!(drafted.status, 200, "{}", drafted.text);

    let court_only = exhibit(
        &app,
        &gumbo,
        &case,
        iebc,
        "Zq court-only exhibit of the password matrix",
        "court_only",
    )
    .await;
    exhibit(
        &app,
        &gumbo,
        &case,
        iebc,
        "Zq parties exhibit of the server logs",
        "parties",
    )
    .await;

    // A paper filing received at the registry for the chairperson, with its scan: the scan
    // becomes a court-only exhibit of CHEBUKATI's, read by the court and that party alone.
    let key = format!("directives[{sealed}]");
    let chebukati_s = chebukati.to_string();
    let paper = registrar
        .post_form(
            &format!("/cases/{case}/responses"),
            &[
                ("case_id", &case),
                ("kind", "letter"),
                ("party", &chebukati_s),
                ("third_party", ""),
                ("title", "Zq sealed paper letter of the chairperson"),
                (
                    "body",
                    "Zq sealed paper body: the matrix is with the Registrar.",
                ),
                ("tier", "court_only"),
                ("exhibits", ""),
                ("received_at", "2022-08-31T10:00"),
                (&key, "on"),
            ],
            Some((
                "zq-scan.pdf",
                b"%PDF-1.4\n% Zq sealed scan\n%%EOF\n".to_vec(),
            )),
            true,
        )
        .await;
    assert_eq!(paper.status, 201, "{}", paper.text);

    report(
        &gumbo,
        &case,
        iebc,
        sealed,
        &[
            ("title", "Zq sealed report on the password matrix"),
            (
                "body",
                "Zq sealed body: the matrix was shown to the Registrar.",
            ),
            ("tier", "court_only"),
            ("exhibits", &court_only),
        ],
    )
    .await;
    report(
        &gumbo,
        &case,
        iebc,
        shared,
        &[
            ("title", "Zq parties report on the server logs"),
            (
                "body",
                "Zq parties body: the logs were produced under supervision.",
            ),
            ("tier", "parties"),
            ("exhibits", &court_only),
        ],
    )
    .await;

    // Tasks under the sealed and the parties' directive, each with a marked venue.
    let stations = server::demo_stations::codes();
    for (directive, code, venue) in [
        (
            sealed,
            &stations[50],
            "Zq sealed venue: the vault of the data centre",
        ),
        (
            shared,
            &stations[51],
            "Zq parties venue: the server room at Bomas",
        ),
    ] {
        let made = registrar
            .call(
                "tasks/create_bulk",
                &[
                    ("case_id", &case),
                    ("directive_id", &directive.to_string()),
                    ("kind", "inspect_kiems"),
                    ("codes", code),
                    ("venue", venue),
                ],
            )
            .await;
        assert_eq!(made.status, 200, "{}", made.text);
    }

    let assessed = cell(&app, sealed, iebc).await;
    let assessed = registrar
        .call(
            "compliance/assess",
            &[
                ("case_id", &case),
                ("obligation_id", &assessed.id.to_string()),
                ("revision", &assessed.revision.to_string()),
                ("finding", "partly_complied"),
                (
                    "reason",
                    "Zq assessment: the matrix lacked the retired accounts.",
                ),
            ],
        )
        .await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    let excusable = cell(&app, sealed, chebukati).await;
    let excused = judge
        .call(
            "compliance/excuse",
            &[
                ("case_id", &case),
                ("obligation_id", &excusable.id.to_string()),
                ("revision", &excusable.revision.to_string()),
                ("reason", "Zq excuse: the chairperson holds no passwords."),
            ],
        )
        .await;
    assert_eq!(excused.status, 200, "{}", excused.text);

    let asked = gumbo
        .call(
            "clarifications/request",
            &[
                ("case_id", &case),
                ("directive_id", &sealed.to_string()),
                ("quote", "password matrix"),
                (
                    "question",
                    "Zq question: does the matrix include retired accounts?",
                ),
                (
                    "grounds",
                    "Zq grounds: retired accounts hold no live access.",
                ),
                ("proposed", "Zq proposal: live accounts only."),
                ("exhibits", ""),
                ("file_now", "1"),
            ],
        )
        .await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    let c = clarification::Entity::find_by_id(asked.body.as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let (id, rev) = (c.id.to_string(), c.revision.to_string());
    let opened = registrar
        .call(
            "clarifications/open",
            &[
                ("case_id", &case),
                ("clarification_id", &id),
                ("revision", &rev),
                ("closes_at", "2099-09-01T17:00"),
            ],
        )
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    let rev = (c.revision + 1).to_string();
    let ruled = judge
        .call(
            "clarifications/rule",
            &[
                ("case_id", &case),
                ("clarification_id", &id),
                ("revision", &rev),
                ("ruling", "clarified"),
                (
                    "ruling_text",
                    "Zq ruling: retired accounts are part of the matrix.",
                ),
            ],
        )
        .await;
    assert_eq!(ruled.status, 200, "{}", ruled.text);

    // A report for the court alone, on the public directive 7.
    let seven = directive_id(&app, case_id, "7").await;
    let key = format!("directives[{seven}]");
    let drafted = registrar
        .call(
            "reports/draft",
            &[("case_id", &case), ("tier", "court_only"), (&key, "on")],
        )
        .await;
    assert_eq!(drafted.status, 200, "{}", drafted.text);
    let filed = registrar
        .post_plain(
            &format!("/cases/{case_id}/reports"),
            &[
                ("tier", "court_only"),
                (&key, "on"),
                ("basis", drafted.body["basis"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(filed.status, 303, "{}", filed.text);

    check_every_reader(&app, case_id).await;

    // Sealed is not silent: the party a sealed finding concerns reads it and is notified.
    let finding = "Directive 88(zq) (IEBC): partly complied";
    // The newest entries are on the docket's last page.
    let docket = gumbo
        .get(&format!("/cases/{case_id}/docket?page=999999"))
        .await;
    assert!(docket.text.contains(finding), "{}", docket.text);
    let notices = gumbo.get("/notices").await;
    assert!(notices.text.contains(finding), "{}", notices.text);
    let petitioners = app.signed_in(COUNSEL_PETITIONER).await;
    let theirs = docket_titles(&petitioners, &case_id.to_string()).await;
    assert!(!theirs.iter().any(|t| t.contains("88(zq)")));
}
