//! The authorization table: every server function (as the registry lists them), every page
//! (as the router lists them) and every route registered by hand, for a target of every
//! sealing tier each takes, asked by every role of the demo case, by a member of another case
//! only, by an administrator who is no member, and by a signed-out visitor.
//!
//! What each reader should get is worked out from `domain::can` and the stored rows, in the
//! order the service checks (read from each service: a reader refused twice over gets the
//! first refusal), never from the portal's own answers. Every body is also searched for the
//! codes, titles and texts the rules hide from its reader, worked out from the rows as
//! `leaks.rs` does, and the lists that count are checked to count only what the reader sees.
//!
//! Writes are sent so that a caller who is allowed is stopped by validation after the
//! permission check (a stale revision "0", an empty required field): nothing changes, so the
//! requests' order does not matter and the readers run side by side. The exceptions are a
//! download or an item's page, which log who read them in its custody, and signing out,
//! which each reader does last.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{
    agent, case, case_member, clarification, clarification_response, directive, directive_version,
    docket_entry, docket_reader, evidence_file, evidence_item, notice, obligation,
    obligation_event, order, party, report, response, sitting_attendance, task, task_agent,
    task_officer, task_sitting,
};
use domain::clarification::ClarificationState;
use domain::evidence::{Producer, Sealing, SealingTier};
use domain::orders::OrderState;
use domain::{Action, Actor, can};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::mem::Discriminant;
use std::sync::Arc;

on_both_backends!(every_endpoint_answers_every_reader_as_the_rules_say);

/// The judge of the other case (E001) alone, made for this test.
const OTHER_CASE_JUDGE: &str = "judge.e001@court.test";

/// What a request should get: a status, and for a refused form the field it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Outcome {
    status: u16,
    field: Option<&'static str>,
}

const fn answers(status: u16) -> Outcome {
    Outcome {
        status,
        field: None,
    }
}

const fn invalid(field: &'static str) -> Outcome {
    Outcome {
        status: 422,
        field: Some(field),
    }
}

const OK: Outcome = answers(200);
const STALE: Outcome = answers(409);
const FORBIDDEN: Outcome = answers(403);
/// What a case answers to a non-member, and a sealed record to a reader it is sealed from:
/// the same as for one that does not exist.
const HIDDEN: Outcome = answers(404);
const SIGNED_OUT: Outcome = answers(401);
/// A page or document asked for without a session: sent to sign in.
const TO_SIGN_IN: Outcome = answers(303);

type Rule = Arc<dyn Fn(&Actor) -> bool + Send + Sync>;

/// One check a service makes, in its order: what it asks, and what a reader it refuses gets.
#[derive(Clone)]
struct Gate {
    what: String,
    /// The kind of action asked of `can`, for the check that every rule is walked.
    action: Option<Discriminant<Action>>,
    allows: Rule,
    refused: Outcome,
}

/// A question to `can` (of an action that may name the reader's own party).
fn asks(action: impl Fn(&Actor) -> Action + Send + Sync + 'static, refused: Outcome) -> Gate {
    let sample = action(&Actor::outsider());
    Gate {
        what: format!("{sample:?}"),
        action: Some(std::mem::discriminant(&sample)),
        allows: Arc::new(move |a| can(a, action(a))),
        refused,
    }
}

/// A check that combines `can`'s answer on `like` with a stored fact (an order still a
/// draft, whose request it is), or, without `like`, a fact alone (who owns a notice).
fn holds(
    what: &str,
    like: Option<Action>,
    allows: impl Fn(&Actor) -> bool + Send + Sync + 'static,
    refused: Outcome,
) -> Gate {
    Gate {
        what: what.to_owned(),
        action: like.map(|a| std::mem::discriminant(&a)),
        allows: Arc::new(allows),
        refused,
    }
}

/// Membership of the case: everything of a case answers 404 to anyone else.
fn member() -> Gate {
    asks(|_| Action::ViewCase, HIDDEN)
}

fn administers() -> Gate {
    asks(|_| Action::Administer, FORBIDDEN)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ServerFn,
    Page,
    Hand,
}

/// How a row is sent.
#[derive(Clone, Debug)]
enum Request {
    /// A server function, form-encoded as the hydrated page sends it.
    Call(String, Vec<(String, String)>),
    /// A page, as a browser asks for it.
    Page(String),
    /// A GET of a file or a document.
    Fetch(String),
    /// A multipart form of text fields only, as a script sends it (JSON back).
    Multipart(String, Vec<(String, String)>),
    /// A plain form, as a browser without script posts it.
    Plain(String, Vec<(String, String)>),
    /// A JSON body (a browser's report of what the content security policy blocked).
    Json(String, String),
}

/// A list the reader may read only the visible part of, and so must count only that.
#[derive(Clone, Copy, Debug)]
enum Count {
    /// The overview's count of evidence items.
    Evidence,
    /// The codes on the register's first page.
    EvidenceCodes,
    /// The directives counted on each order.
    Directives,
    /// The docket's total.
    Docket,
}

#[derive(Clone)]
struct Row {
    kind: Kind,
    /// The endpoint as its list names it: a server function's path, a page's route, a hand
    /// route's method and path.
    endpoint: String,
    target: String,
    tier: Option<SealingTier>,
    request: Request,
    /// The case whose rules apply to the reader.
    case_id: i32,
    gates: Vec<Gate>,
    ok: Outcome,
    signed_out: Outcome,
    count: Option<Count>,
}

/// What a row's request is about: a record of some sealing tier, or nothing in particular.
#[derive(Clone)]
struct Target {
    name: String,
    tier: Option<SealingTier>,
}

fn no_target() -> Target {
    Target {
        name: "-".to_owned(),
        tier: None,
    }
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn tier_name(tier: SealingTier) -> &'static str {
    match tier {
        SealingTier::Public => "public",
        SealingTier::Parties => "parties",
        SealingTier::CourtOnly => "court-only",
    }
}

/// A directive as its readers meet it.
#[derive(Clone, Debug)]
struct Dir {
    id: i32,
    label: String,
    tier: SealingTier,
    /// Its order is still a draft.
    draft: bool,
    obliged: Vec<i32>,
    /// The number of its version in force.
    version: i32,
    /// A compliance cell of the version in force.
    cell: i32,
}

impl Dir {
    fn target(&self) -> Target {
        Target {
            name: format!(
                "{}{} directive {}",
                if self.draft { "draft " } else { "" },
                tier_name(self.tier),
                self.label
            ),
            tier: Some(self.tier),
        }
    }

    /// `visible_directive`: its order known to the reader (issued, or they record orders),
    /// and its sealing.
    fn readable(&self, refused: Outcome) -> Vec<Gate> {
        let draft = self.draft;
        let (tier, obliged) = (self.tier, self.obliged.clone());
        vec![
            holds(
                "knows of the order",
                Some(Action::RecordOrder),
                move |a| !draft || can(a, Action::RecordOrder),
                refused,
            ),
            asks(
                move |a| Action::SeeDirective {
                    tier,
                    obliges_actor: a.party_id.is_some_and(|p| obliged.contains(&p)),
                },
                refused,
            ),
        ]
    }
}

#[derive(Clone, Debug)]
struct Item {
    id: i32,
    code: String,
    tier: SealingTier,
    producer: Producer,
    file: i32,
}

impl Item {
    fn target(&self) -> Target {
        Target {
            name: format!("{} item {}", tier_name(self.tier), self.code),
            tier: Some(self.tier),
        }
    }

    fn sealing(&self) -> Sealing {
        Sealing {
            tier: self.tier,
            producer: self.producer,
        }
    }
}

#[derive(Clone, Debug)]
struct TaskFacts {
    id: i32,
    dir: Dir,
    /// Officers assigned to it.
    assigned: Vec<i32>,
    /// Accounts present at one of its sittings (officers, and agents with an account).
    present: Vec<i32>,
    /// Accounts of the agents sent to it.
    attending: Vec<i32>,
}

impl TaskFacts {
    fn target(&self) -> Target {
        Target {
            name: format!("task {} of {}", self.id, self.dir.target().name),
            tier: Some(self.dir.tier),
        }
    }

    /// `visible_task`: the task's directive readable as tasks are read, and for an agent
    /// only the tasks they are sent to.
    fn readable(&self) -> Gate {
        let (tier, obliged, attending) = (
            self.dir.tier,
            self.dir.obliged.clone(),
            self.attending.clone(),
        );
        asks(
            move |a| Action::SeeTask {
                tier,
                obliges_actor: a.party_id.is_some_and(|p| obliged.contains(&p)),
                attends: a.user_id.is_some_and(|u| attending.contains(&u)),
            },
            HIDDEN,
        )
    }

    fn works(&self) -> Gate {
        let assigned = self.assigned.clone();
        asks(
            move |a| Action::RecordTaskWork {
                assigned: a.user_id.is_some_and(|u| assigned.contains(&u)),
            },
            FORBIDDEN,
        )
    }
}

#[derive(Clone, Debug)]
struct Clar {
    id: i32,
    party: i32,
    state: ClarificationState,
    /// Responses are open now.
    taking_responses: bool,
    dir: Dir,
}

impl Clar {
    fn target(&self) -> Target {
        Target {
            name: format!(
                "{} request {} on {}",
                self.state.as_str(),
                self.id,
                self.dir.target().name
            ),
            tier: Some(self.dir.tier),
        }
    }

    /// `clarifications::steps::visible`: its directive, and a draft only for its party.
    fn readable(&self) -> Vec<Gate> {
        let (party, filed) = (self.party, self.state != ClarificationState::Draft);
        let mut gates = self.dir.readable(HIDDEN);
        gates.push(asks(
            move |_| Action::SeeClarification { party, filed },
            HIDDEN,
        ));
        gates
    }
}

/// The records of the demo case the rows are about, a few of each sealing tier.
struct Fixtures {
    case: i32,
    other_case: i32,
    odinga: i32,
    iebc: i32,
    /// Every party of the case.
    parties: Vec<i32>,
    issued_order: i32,
    draft_order: i32,
    directives: Vec<Dir>,
    /// Directive 7, whose verified tasks a report can cover.
    reported: i32,
    items: Vec<Item>,
    /// (id, tier, producing party)
    responses: Vec<(i32, SealingTier, Option<i32>)>,
    clarifications: Vec<Clar>,
    tasks: Vec<TaskFacts>,
    /// (sitting id, its task, accounts of the agents present at it)
    sittings: Vec<(i32, TaskFacts, Vec<i32>)>,
    /// (agent id, party)
    agents: Vec<(i32, i32)>,
    reports: Vec<(i32, SealingTier)>,
    /// (notice id, owner's account, the tier of the filing it tells of)
    notices: Vec<(i32, i32, SealingTier)>,
    /// The observer's membership of the case.
    membership: i32,
    judge: i32,
    station: String,
}

/// Everything the table sends, with what each reader should get.
struct Table {
    rows: Vec<Row>,
    case: i32,
}

impl Table {
    fn push(
        &mut self,
        kind: Kind,
        endpoint: String,
        target: &Target,
        request: Request,
    ) -> &mut Row {
        let signed_out = match (&request, kind) {
            (Request::Page(_) | Request::Fetch(_), _) => TO_SIGN_IN,
            _ => SIGNED_OUT,
        };
        self.rows.push(Row {
            kind,
            endpoint,
            target: target.name.clone(),
            tier: target.tier,
            request,
            case_id: self.case,
            gates: Vec::new(),
            ok: OK,
            signed_out,
            count: None,
        });
        self.rows.last_mut().unwrap()
    }

    /// A server function that needs no case.
    fn call(&mut self, endpoint: &str, target: &Target, fields: &[(&str, &str)]) -> &mut Row {
        self.push(
            Kind::ServerFn,
            format!("/api/{endpoint}"),
            target,
            Request::Call(endpoint.to_owned(), form(fields)),
        )
    }

    /// A server function of case `case_id`: members only.
    fn case_call_in(
        &mut self,
        case_id: i32,
        endpoint: &str,
        target: &Target,
        fields: &[(&str, &str)],
    ) -> &mut Row {
        let case = case_id.to_string();
        let mut all = vec![("case_id", case.as_str())];
        all.extend_from_slice(fields);
        let row = self.call(endpoint, target, &all);
        row.case_id = case_id;
        row.gates.push(member());
        row
    }

    fn case_call(&mut self, endpoint: &str, target: &Target, fields: &[(&str, &str)]) -> &mut Row {
        self.case_call_in(self.case, endpoint, target, fields)
    }

    /// An administration server function: administrators only.
    fn admin_call(&mut self, endpoint: &str, target: &Target, fields: &[(&str, &str)]) -> &mut Row {
        let row = self.call(endpoint, target, fields);
        row.gates.push(administers());
        row
    }

    fn page(&mut self, route: &str, path: String, target: &Target) -> &mut Row {
        self.push(Kind::Page, route.to_owned(), target, Request::Page(path))
    }

    /// A page of case `case_id` (`{id}` in `route`, `rest` after it): members only.
    fn case_page_in(&mut self, case_id: i32, route: &str, rest: &str, target: &Target) -> &mut Row {
        let path = format!("/cases/{case_id}{rest}");
        let row = self.page(route, path, target);
        row.case_id = case_id;
        row.gates.push(member());
        row
    }

    fn case_page(&mut self, route: &str, rest: &str, target: &Target) -> &mut Row {
        self.case_page_in(self.case, route, rest, target)
    }

    fn hand(&mut self, method: &str, route: &str, target: &Target, request: Request) -> &mut Row {
        self.push(Kind::Hand, format!("{method} {route}"), target, request)
    }
}

impl Row {
    fn gate(&mut self, gate: Gate) -> &mut Row {
        self.gates.push(gate);
        self
    }

    fn gates(&mut self, gates: Vec<Gate>) -> &mut Row {
        self.gates.extend(gates);
        self
    }

    fn ok(&mut self, ok: Outcome) -> &mut Row {
        self.ok = ok;
        self
    }

    fn signed_out(&mut self, outcome: Outcome) -> &mut Row {
        self.signed_out = outcome;
        self
    }

    fn counts(&mut self, count: Count) -> &mut Row {
        self.count = Some(count);
        self
    }
}

/// Rows that anyone may send, signed in or not, and that answer everyone alike.
fn open_rows(t: &mut Table) {
    // Empty fields are refused before any account is looked up: nobody's sign-in is
    // throttled, and no session changes.
    t.call(
        "login",
        &no_target(),
        &[("email", ""), ("password", ""), ("next", "")],
    )
    .ok(invalid("email"))
    .signed_out(invalid("email"));
    t.call("two_factor", &no_target(), &[]).signed_out(OK);
    // No sign-in waits for a second step in any of these sessions.
    t.call("two_factor/verify", &no_target(), &[("code", "123456")])
        .ok(SIGNED_OUT);
    t.call("who_am_i", &no_target(), &[]).signed_out(OK);
    t.page("/login", "/login".to_owned(), &no_target())
        .signed_out(OK);
    // The second step of a sign-in, a page of the server's own: none waits in these
    // sessions, so it shows that there is nothing to verify, and refuses a code.
    let second_step = app::api::auth::SECOND_STEP_PATH;
    t.hand(
        "GET",
        second_step,
        &no_target(),
        Request::Fetch(second_step.to_owned()),
    )
    .signed_out(OK);
    t.hand(
        "POST",
        second_step,
        &no_target(),
        Request::Plain(second_step.to_owned(), form(&[("code", "123456")])),
    )
    .ok(SIGNED_OUT);
    // The home page sends a signed-in reader on to the list of cases.
    t.page("/", "/".to_owned(), &no_target()).ok(answers(302));
    t.hand(
        "POST",
        server::security_headers::REPORT_PATH,
        &no_target(),
        Request::Json(
            server::security_headers::REPORT_PATH.to_owned(),
            r#"{"csp-report":{"document-uri":"http://portal/cases","violated-directive":"script-src"}}"#
                .to_owned(),
        ),
    )
    .ok(answers(204))
    .signed_out(answers(204));
}

/// Rows of the reader's own things: their cases and notices.
fn own_rows(t: &mut Table, fx: &Fixtures) {
    t.call("my_cases", &no_target(), &[]);
    t.page("/cases", "/cases".to_owned(), &no_target());
    t.call(
        "notices",
        &no_target(),
        &[("page", "1"), ("unread_only", "false")],
    );
    t.page("/notices", "/notices".to_owned(), &no_target());
    for &(id, owner, tier) in &fx.notices {
        let target = Target {
            name: format!(
                "notice {id} of account {owner}, of a {} filing",
                tier_name(tier)
            ),
            tier: Some(tier),
        };
        let owns = move || {
            holds(
                "owns the notice",
                None,
                move |a| a.user_id == Some(owner),
                HIDDEN,
            )
        };
        // Read already (see `fixtures`): marking it again changes nothing.
        t.call("notices/read", &target, &[("notice_id", &id.to_string())])
            .gate(owns());
        t.hand(
            "GET",
            "/notices/{notice_id}/document",
            &target,
            Request::Fetch(format!("/notices/{id}/document")),
        )
        .gate(owns());
    }
}

fn admin_rows(t: &mut Table, fx: &Fixtures) {
    let case = fx.case.to_string();
    let none = no_target();
    t.admin_call("admin/users", &none, &[("page", "1")]);
    t.admin_call(
        "admin/create_user",
        &none,
        &[("name", ""), ("email", ""), ("password", "")],
    )
    .gate(asks(|_| Action::CreateUser, FORBIDDEN))
    .ok(invalid("name"));
    // No account has this id: an administrator gets past the rules to the lookup; unlocking
    // or resetting a real account would change it.
    t.admin_call("admin/unlock_user", &none, &[("user_id", "999999")])
        .gate(asks(|_| Action::ManageSignIn, FORBIDDEN))
        .ok(HIDDEN);
    t.admin_call("admin/reset_two_factor", &none, &[("user_id", "999999")])
        .gate(asks(|_| Action::ManageSignIn, FORBIDDEN))
        .ok(HIDDEN);
    // The judge's second factor is required already: requiring it again changes nothing.
    t.admin_call(
        "admin/require_two_factor",
        &none,
        &[("user_id", &fx.judge.to_string()), ("required", "true")],
    )
    .gate(asks(|_| Action::ManageSignIn, FORBIDDEN));
    t.admin_call("admin/cases", &none, &[("page", "1")]);
    t.admin_call(
        "admin/create_case",
        &none,
        &[
            ("number", ""),
            ("title", ""),
            ("court", ""),
            ("filing_date", ""),
        ],
    )
    .gate(asks(|_| Action::CreateCase, FORBIDDEN))
    .ok(invalid("number"));
    for (case_id, name) in [(fx.case, "case E005"), (fx.other_case, "case E001")] {
        let target = Target {
            name: name.to_owned(),
            tier: None,
        };
        t.admin_call("admin/case", &target, &[("case_id", &case_id.to_string())]);
        t.page(
            "/admin/cases/{id}",
            format!("/admin/cases/{case_id}"),
            &target,
        )
        .gate(administers());
    }
    let stale = [("case_id", case.as_str()), ("revision", "0")];
    let with = |extra: &[(&'static str, String)]| {
        let mut all: Vec<(&str, String)> =
            stale.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        all.extend(extra.iter().cloned());
        all
    };
    let party = fx.odinga.to_string();
    let membership = fx.membership.to_string();
    for (endpoint, action, extra) in [
        (
            "admin/add_party",
            Action::AddParty,
            with(&[
                ("name", "Zq-auth party".to_owned()),
                ("short_name", "ZQ".to_owned()),
                ("role", "respondent".to_owned()),
            ]),
        ),
        (
            "admin/add_member",
            Action::AddMember,
            with(&[
                ("email", OBSERVER.to_owned()),
                ("role", "observer".to_owned()),
                ("party_id", String::new()),
            ]),
        ),
        (
            "admin/edit_party",
            Action::AddParty,
            with(&[
                ("party_id", party.clone()),
                ("name", "Raila Amolo Odinga".to_owned()),
                ("short_name", "ODINGA".to_owned()),
                ("role", "petitioner".to_owned()),
            ]),
        ),
        (
            "admin/remove_party",
            Action::AddParty,
            with(&[("party_id", party.clone())]),
        ),
        (
            "admin/edit_member",
            Action::AddMember,
            with(&[
                ("member_id", membership.clone()),
                ("role", "observer".to_owned()),
                ("party_id", String::new()),
            ]),
        ),
        (
            "admin/remove_member",
            Action::AddMember,
            with(&[("member_id", membership.clone())]),
        ),
        (
            "admin/set_register",
            Action::Administer,
            with(&[("election_id", String::new())]),
        ),
    ] {
        let fields: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        t.admin_call(endpoint, &none, &fields)
            .gate(asks(move |_| action, FORBIDDEN))
            .ok(STALE);
    }
    t.admin_call("admin/audit_verify", &none, &[])
        .gate(asks(|_| Action::VerifyAudit, FORBIDDEN));
    t.admin_call("admin/audit_entries", &none, &[])
        .gate(asks(|_| Action::VerifyAudit, FORBIDDEN));
    t.admin_call("admin/registers", &none, &[]);
    for route in ["/admin/users", "/admin/cases", "/admin/audit"] {
        t.page(route, route.to_owned(), &none).gate(administers());
    }
    // The administration's home sends an administrator on to the cases.
    t.page("/admin", "/admin".to_owned(), &none)
        .gate(administers())
        .ok(answers(302));
}

/// The case's overview, lists and forms, which every member reads.
fn case_rows(t: &mut Table, fx: &Fixtures) {
    let none = no_target();
    for (case_id, name) in [(fx.case, "case E005"), (fx.other_case, "case E001")] {
        let target = Target {
            name: name.to_owned(),
            tier: None,
        };
        let count = case_id == fx.case;
        let overview = t.case_call_in(case_id, "load_case", &target, &[]);
        if count {
            overview.counts(Count::Evidence);
        }
        t.case_page_in(case_id, "/cases/{id}", "", &target);
        let docket = t.case_call_in(case_id, "docket", &target, &[("page", "1")]);
        if count {
            docket.counts(Count::Docket);
        }
    }
    t.case_call("evidence/list", &none, &[])
        .counts(Count::EvidenceCodes);
    t.case_call("orders/list", &none, &[])
        .counts(Count::Directives);
    t.case_call("compliance/matrix", &none, &[]);
    t.case_call("compliance/mine", &none, &[]);
    t.case_call("reports/overview", &none, &[]);
    t.case_call("tasks/board", &none, &[]);
    // The form to record an item: for whoever may record one for the court or a party.
    let case_parties = fx.parties.clone();
    t.case_page("/cases/{id}/evidence/new", "/evidence/new", &none)
        .gate(holds(
            "records evidence for the court or a party",
            Some(Action::RecordEvidence(Producer::Court)),
            move |a| {
                can(a, Action::RecordEvidence(Producer::Court))
                    || case_parties
                        .iter()
                        .any(|p| can(a, Action::RecordEvidence(Producer::Party(*p))))
            },
            FORBIDDEN,
        ));
    for (route, rest) in [
        ("/cases/{id}/evidence", "/evidence"),
        ("/cases/{id}/docket", "/docket"),
        ("/cases/{id}/orders", "/orders"),
        ("/cases/{id}/compliance", "/compliance"),
        ("/cases/{id}/obligations", "/obligations"),
        ("/cases/{id}/tasks", "/tasks"),
        ("/cases/{id}/reports", "/reports"),
    ] {
        t.case_page(route, rest, &none);
    }
    t.hand(
        "GET",
        "/cases/{case_id}/tasks/export.csv",
        &none,
        Request::Fetch(format!("/cases/{}/tasks/export.csv", fx.case)),
    )
    .gate(member());

    // The response form: for whoever may file for a party or record for the court.
    let files_something = || {
        holds(
            "files for a party or records for the court",
            Some(Action::FileResponse(Producer::Court)),
            |a| {
                a.party_id
                    .is_some_and(|p| can(a, Action::FileResponse(Producer::Party(p))))
                    || can(a, Action::FileResponse(Producer::Court))
                    || can(a, Action::RecordRegistryFiling)
            },
            FORBIDDEN,
        )
    };
    t.case_call("responses/form", &none, &[])
        .gate(files_something());
    t.case_page("/cases/{id}/responses/new", "/responses/new", &none)
        .gate(files_something());
    // The agents: the court's, or a party's own for its counsel and representatives.
    let lists_agents = || {
        holds(
            "the court, or acts for a party",
            Some(Action::NominateAgent(0)),
            |a| {
                a.case_role.is_some_and(domain::CaseRole::is_court)
                    || a.party_acted_for()
                        .is_some_and(|p| can(a, Action::NominateAgent(p)))
            },
            FORBIDDEN,
        )
    };
    t.case_call("tasks/agents", &none, &[]).gate(lists_agents());
    t.case_page("/cases/{id}/agents", "/agents", &none)
        .gate(lists_agents());
    t.case_call("tasks/form", &none, &[])
        .gate(asks(|_| Action::ManageTasks, FORBIDDEN));
    t.case_page("/cases/{id}/tasks/new", "/tasks/new", &none)
        .gate(asks(|_| Action::ManageTasks, FORBIDDEN));
}

fn order_rows(t: &mut Table, fx: &Fixtures) {
    t.case_call(
        "orders/record",
        &no_target(),
        &[
            ("title", ""),
            ("issued_at", ""),
            ("bench", ""),
            ("preamble", ""),
        ],
    )
    .gate(asks(|_| Action::RecordOrder, FORBIDDEN))
    .ok(invalid("title"));
    let draft_directive = fx
        .directives
        .iter()
        .find(|d| d.draft)
        .map(|d| d.id.to_string())
        .unwrap();
    for (id, draft) in [(fx.issued_order, false), (fx.draft_order, true)] {
        let target = Target {
            name: format!("{} order {id}", if draft { "draft" } else { "issued" }),
            tier: None,
        };
        let order = id.to_string();
        let known = move || {
            holds(
                "knows of the order",
                Some(Action::RecordOrder),
                move |a| !draft || can(a, Action::RecordOrder),
                HIDDEN,
            )
        };
        t.case_call("orders/detail", &target, &[("order_id", &order)])
            .gate(known());
        t.case_page(
            "/cases/{id}/orders/{order}",
            &format!("/orders/{order}"),
            &target,
        )
        .gate(known());
        // `draft_at`: the rule, then the order, then issued (422) or stale (409).
        let changed = if draft { STALE } else { invalid("order") };
        let terms = [
            ("label", ""),
            ("text", ""),
            ("third_parties", ""),
            ("window_opens", ""),
            ("deadline", ""),
            ("limits", ""),
            ("tier", ""),
        ];
        let mut add = vec![("order_id", order.as_str()), ("revision", "0")];
        add.extend_from_slice(&terms);
        let mut edit = add.clone();
        edit.push(("directive_id", draft_directive.as_str()));
        for (endpoint, fields) in [
            ("orders/add_directive", add),
            ("orders/edit_directive", edit),
            (
                "orders/remove_directive",
                vec![
                    ("order_id", order.as_str()),
                    ("revision", "0"),
                    ("directive_id", draft_directive.as_str()),
                ],
            ),
            (
                "orders/issue",
                vec![("order_id", order.as_str()), ("revision", "0")],
            ),
            (
                "orders/discard",
                vec![("order_id", order.as_str()), ("revision", "0")],
            ),
        ] {
            t.case_call(endpoint, &target, &fields)
                .gate(asks(|_| Action::RecordOrder, FORBIDDEN))
                .gate(known())
                .ok(changed);
        }
    }
}

fn directive_rows(t: &mut Table, fx: &Fixtures) {
    let station = fx.station.as_str();
    for d in &fx.directives {
        let target = d.target();
        let id = d.id.to_string();
        let version = d.version.to_string();
        t.case_call("directives/detail", &target, &[("directive_id", &id)])
            .gates(d.readable(HIDDEN));
        t.case_page(
            "/cases/{id}/directives/{directive}",
            &format!("/directives/{id}"),
            &target,
        )
        .gates(d.readable(HIDDEN));
        t.case_call(
            "directives/compare",
            &target,
            &[("directive_id", &id), ("from", "1"), ("to", &version)],
        )
        .gates(d.readable(HIDDEN));
        // Stopped before the new version: a draft's directive changes in the draft, and
        // the empty terms and reason are refused.
        t.case_call(
            "directives/correct",
            &target,
            &[
                ("directive_id", &id),
                ("version", &version),
                ("text", ""),
                ("third_parties", ""),
                ("window_opens", ""),
                ("deadline", ""),
                ("limits", ""),
                ("tier", ""),
                ("reason_note", ""),
            ],
        )
        .gate(asks(|_| Action::RecordOrder, FORBIDDEN))
        .gates(d.readable(HIDDEN))
        .ok(if d.draft {
            invalid("order")
        } else {
            invalid("reason_note")
        });

        // Tasks under it: the rule, then the directive (a field error, as for one that
        // does not exist), then the form.
        let chosen = if d.draft {
            vec![holds(
                "an issued order",
                None,
                |_| false,
                invalid("directive_id"),
            )]
        } else {
            d.readable(invalid("directive_id"))
        };
        let paste = [
            ("directive_id", id.as_str()),
            ("kind", "inspect_kiems"),
            ("codes", station),
            ("venue", "Zq-auth preview venue"),
        ];
        t.case_call("tasks/preview", &target, &paste)
            .gate(asks(|_| Action::ManageTasks, FORBIDDEN))
            .gates(chosen.clone());
        t.case_call(
            "tasks/create_bulk",
            &target,
            &[
                ("directive_id", &id),
                ("kind", "inspect_kiems"),
                ("codes", ""),
                ("venue", ""),
            ],
        )
        .gate(asks(|_| Action::ManageTasks, FORBIDDEN))
        .gates(chosen.clone())
        .ok(invalid("codes"));
        t.case_call(
            "tasks/create_one",
            &target,
            &[
                ("directive_id", &id),
                ("kind", ""),
                ("scope", ""),
                ("venue", ""),
            ],
        )
        .gate(asks(|_| Action::ManageTasks, FORBIDDEN))
        .gates(chosen)
        .ok(invalid("kind"));

        // A request for clarification: counsel of a party, then the directive (a field
        // error, as for one that does not exist), then the form. A reader acting for no
        // party is refused as `FileClarification` of no party is.
        let asked = if d.draft {
            vec![holds(
                "an issued order",
                None,
                |_| false,
                invalid("directive"),
            )]
        } else {
            d.readable(invalid("directive"))
        };
        t.case_call(
            "clarifications/request",
            &target,
            &[
                ("directive_id", &id),
                ("quote", ""),
                ("question", ""),
                ("grounds", ""),
                ("proposed", ""),
                ("exhibits", ""),
            ],
        )
        .gate(asks(
            |a| Action::FileClarification(a.party_id.unwrap_or(0)),
            FORBIDDEN,
        ))
        .gates(asked)
        .ok(invalid("question"));

        // Compliance with it: the court's rule, then the cell's directive, then (for an
        // issued one) the cell at revision "0" is stale.
        let reason = [
            ("obligation_id", d.cell.to_string()),
            ("revision", "0".to_owned()),
            ("finding", "complied".to_owned()),
            ("reason", "Zq-auth reason".to_owned()),
        ];
        let fields: Vec<(&str, &str)> = reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let settled = if d.draft { invalid("state") } else { STALE };
        t.case_call("compliance/assess", &target, &fields)
            .gate(asks(|_| Action::AssessCompliance, FORBIDDEN))
            .gates(d.readable(HIDDEN))
            .ok(settled);
        t.case_call("compliance/excuse", &target, &fields)
            .gate(asks(|_| Action::RecordRuling, FORBIDDEN))
            .gates(d.readable(HIDDEN))
            .ok(settled);
    }
}

fn evidence_rows(t: &mut Table, fx: &Fixtures) {
    for (producer, name) in [
        ("court".to_owned(), "court"),
        (fx.odinga.to_string(), "ODINGA"),
        (fx.iebc.to_string(), "IEBC"),
    ] {
        let target = Target {
            name: format!("an item of {name}'s"),
            tier: None,
        };
        let of = if producer == "court" {
            Producer::Court
        } else {
            Producer::Party(producer.parse().unwrap())
        };
        t.case_call(
            "evidence/record",
            &target,
            &[
                ("title", ""),
                ("kind", ""),
                ("station_code", ""),
                ("description", ""),
                ("producer", &producer),
                ("tier", ""),
            ],
        )
        .gate(asks(move |_| Action::RecordEvidence(of), FORBIDDEN))
        .ok(invalid("title"));
    }
    for item in &fx.items {
        let target = item.target();
        let id = item.id.to_string();
        let sealing = item.sealing();
        let sees = move |refused: Outcome| asks(move |_| Action::See(sealing), refused);
        let producer = item.producer;
        let records = move || asks(move |_| Action::RecordEvidence(producer), FORBIDDEN);
        t.case_call("evidence/item", &target, &[("item_id", &id)])
            .gate(sees(HIDDEN));
        t.case_page(
            "/cases/{id}/evidence/{item}",
            &format!("/evidence/{id}"),
            &target,
        )
        .gate(sees(HIDDEN));
        t.case_call(
            "evidence/hand_over",
            &target,
            &[("item_id", &id), ("handed_to", ""), ("note", "")],
        )
        .gate(sees(HIDDEN))
        .gate(asks(|_| Action::HandOverEvidence, FORBIDDEN))
        .ok(invalid("handed_to"));
        // A note over the limit stops the link after the rules; an item the reader may not
        // see is "no such item", as one that does not exist.
        let long_note = "x".repeat(1_001);
        t.case_call(
            "evidence/link",
            &target,
            &[("item_id", &id), ("target", "case"), ("note", &long_note)],
        )
        .gate(sees(invalid("item")))
        .gate(records())
        .ok(invalid("note"));
        // A form without a file: refused once the rules pass, nothing stored. (A body of
        // no part at all is unreadable, 400, also only once the rules pass.)
        t.hand(
            "POST",
            "/cases/{case_id}/evidence/{item_id}/files",
            &target,
            Request::Multipart(
                format!("/cases/{}/evidence/{id}/files", fx.case),
                form(&[("note", "no file chosen")]),
            ),
        )
        .gate(member())
        .gate(sees(HIDDEN))
        .gate(records())
        .ok(invalid("file"));
        t.hand(
            "GET",
            "/cases/{case_id}/evidence/{item_id}/files/{file_id}",
            &target,
            Request::Fetch(format!(
                "/cases/{}/evidence/{id}/files/{}",
                fx.case, item.file
            )),
        )
        .gate(member())
        .gate(sees(HIDDEN));
    }
}

fn response_rows(t: &mut Table, fx: &Fixtures) {
    for &(id, tier, party) in &fx.responses {
        let target = Target {
            name: format!(
                "{} response {id} of {}",
                tier_name(tier),
                party.map_or("the court".to_owned(), |p| format!("party {p}"))
            ),
            tier: Some(tier),
        };
        let sealing = Sealing {
            tier,
            producer: Producer::from_party(party),
        };
        let response = id.to_string();
        t.case_call("responses/detail", &target, &[("response_id", &response)])
            .gate(asks(move |_| Action::See(sealing), HIDDEN));
        t.case_page(
            "/cases/{id}/responses/{response}",
            &format!("/responses/{response}"),
            &target,
        )
        .gate(asks(move |_| Action::See(sealing), HIDDEN));
    }
    // Filing: the registry records a party's filing only as received on paper (422 without
    // the date), a party files its own; then the empty form is refused.
    for (party, name) in [(fx.odinga, "ODINGA"), (fx.iebc, "IEBC")] {
        let target = Target {
            name: format!("a report of {name}'s"),
            tier: None,
        };
        let of = Producer::Party(party);
        t.case_call(
            "responses/file",
            &target,
            &[
                ("kind", "compliance_report"),
                ("party", &party.to_string()),
                ("third_party", ""),
                ("title", ""),
                ("body", ""),
                ("tier", ""),
                ("exhibits", ""),
            ],
        )
        .gate(holds(
            "files for the party itself, not as the registry",
            Some(Action::RecordRegistryFiling),
            move |a| can(a, Action::FileResponse(of)) || !can(a, Action::RecordRegistryFiling),
            invalid("received_at"),
        ))
        .gate(asks(move |_| Action::FileResponse(of), FORBIDDEN))
        .ok(invalid("title"));
    }
    t.case_call(
        "responses/file",
        &Target {
            name: "a third party's letter".to_owned(),
            tier: None,
        },
        &[
            ("kind", "third_party_letter"),
            ("party", ""),
            ("third_party", ""),
            ("title", ""),
            ("body", ""),
            ("tier", ""),
            ("exhibits", ""),
        ],
    )
    .gate(asks(|_| Action::FileResponse(Producer::Court), FORBIDDEN))
    .ok(invalid("title"));
    // A paper filing received at the registry, without its title: refused after the rule.
    let iebc = fx.iebc.to_string();
    t.hand(
        "POST",
        "/cases/{case_id}/responses",
        &Target {
            name: "a paper filing of IEBC's".to_owned(),
            tier: None,
        },
        Request::Multipart(
            format!("/cases/{}/responses", fx.case),
            form(&[
                ("kind", "letter"),
                ("party", &iebc),
                ("third_party", ""),
                ("title", ""),
                ("body", ""),
                ("tier", ""),
                ("exhibits", ""),
                ("received_at", "2022-08-31T10:00"),
            ]),
        ),
    )
    .gate(member())
    .gate(asks(|_| Action::RecordRegistryFiling, FORBIDDEN))
    .ok(invalid("title"));
}

fn clarification_rows(t: &mut Table, fx: &Fixtures) {
    use ClarificationState as S;
    for c in &fx.clarifications {
        let target = c.target();
        let id = c.id.to_string();
        let stale = [("clarification_id", id.as_str()), ("revision", "0")];
        let party = c.party;
        let files = move || asks(move |_| Action::FileClarification(party), FORBIDDEN);
        t.case_call(
            "clarifications/detail",
            &target,
            &[("clarification_id", &id)],
        )
        .gates(c.readable());
        t.case_page(
            "/cases/{id}/clarifications/{clarification}",
            &format!("/clarifications/{id}"),
            &target,
        )
        .gates(c.readable());
        // The filer's steps: the request, their party's right, then the revision.
        t.case_call("clarifications/file", &target, &stale)
            .gates(c.readable())
            .gate(files())
            .ok(STALE);
        t.case_call("clarifications/withdraw", &target, &stale)
            .gates(c.readable())
            .gate(files())
            .ok(
                if matches!(c.state, S::Draft | S::Filed | S::OpenForResponses) {
                    STALE
                } else {
                    invalid("state")
                },
            );
        // The court's steps: the rule first, then the request.
        let mut open = stale.to_vec();
        open.push(("closes_at", ""));
        t.case_call("clarifications/open", &target, &open)
            .gate(asks(|_| Action::ManageClarification, FORBIDDEN))
            .gates(c.readable())
            .ok(if matches!(c.state, S::Filed | S::OpenForResponses) {
                STALE
            } else {
                invalid("state")
            });
        let mut stamp = stale.to_vec();
        stamp.push(("lodged_at", ""));
        t.case_call("clarifications/stamp", &target, &stamp)
            .gate(asks(|_| Action::RecordRegistryFiling, FORBIDDEN))
            .gates(c.readable())
            .ok(if c.state.is_pending() {
                invalid("lodged_at")
            } else {
                invalid("state")
            });
        let mut rule = stale.to_vec();
        rule.extend_from_slice(&[("ruling", ""), ("ruling_text", "")]);
        t.case_call("clarifications/rule", &target, &rule)
            .gate(asks(|_| Action::RecordRuling, FORBIDDEN))
            .gates(c.readable())
            .ok(invalid("ruling"));
        // Another party's response: counsel of a party, the request, not their own.
        t.case_call(
            "clarifications/respond",
            &target,
            &[
                ("clarification_id", &id),
                ("position", ""),
                ("body", ""),
                ("exhibits", ""),
            ],
        )
        .gate(asks(
            |a| Action::FileClarification(a.party_id.unwrap_or(0)),
            FORBIDDEN,
        ))
        .gates(c.readable())
        .gate(holds(
            "another party's request",
            None,
            move |a| a.party_id != Some(party),
            invalid("position"),
        ))
        .ok(if c.taking_responses {
            invalid("position")
        } else {
            invalid("state")
        });
    }
}

fn task_rows(t: &mut Table, fx: &Fixtures) {
    for (party, name) in [(fx.odinga, "ODINGA"), (fx.iebc, "IEBC")] {
        t.case_call(
            "tasks/nominate_agent",
            &Target {
                name: format!("an agent of {name}'s"),
                tier: None,
            },
            &[
                ("party_id", &party.to_string()),
                ("name", ""),
                ("id_number", ""),
                ("phone", ""),
                ("email", ""),
            ],
        )
        .gate(asks(move |_| Action::NominateAgent(party), FORBIDDEN))
        .ok(invalid("name"));
    }
    for task in &fx.tasks {
        let target = task.target();
        let id = task.id.to_string();
        t.case_call("tasks/detail", &target, &[("task_id", &id)])
            .gate(task.readable());
        t.case_page("/cases/{id}/tasks/{task}", &format!("/tasks/{id}"), &target)
            .gate(task.readable());
        t.hand(
            "GET",
            "/cases/{case_id}/tasks/{task_id}/sheet",
            &target,
            Request::Fetch(format!("/cases/{}/tasks/{id}/sheet", fx.case)),
        )
        .gate(member())
        .gate(task.readable());
        for (endpoint, extra) in [
            (
                "tasks/schedule",
                vec![("starts", ""), ("ends", ""), ("venue", "")],
            ),
            ("tasks/step", vec![("step", "block"), ("reason", "")]),
        ] {
            let mut fields = vec![("task_id", id.as_str()), ("revision", "0")];
            fields.extend(extra);
            t.case_call(endpoint, &target, &fields)
                .gate(asks(|_| Action::ManageTasks, FORBIDDEN))
                .gate(task.readable())
                .ok(STALE);
        }
        t.case_call(
            "tasks/record_sitting",
            &target,
            &[
                ("task_id", &id),
                ("revision", "0"),
                ("started", ""),
                ("ended", ""),
                ("refused", ""),
                ("observations", ""),
            ],
        )
        .gate(task.readable())
        .gate(task.works())
        .ok(STALE);
        t.case_call(
            "tasks/submit_finding",
            &target,
            &[
                ("task_id", &id),
                ("revision", "0"),
                ("notes", ""),
                ("exhibits", ""),
            ],
        )
        .gate(task.readable())
        .gate(task.works())
        .ok(STALE);
        // No task of the demo is a recount: a tally is refused after the rule.
        t.case_call(
            "tasks/tally",
            &target,
            &[
                ("task_id", &id),
                ("votes", ""),
                ("rejected", ""),
                ("disputed", ""),
            ],
        )
        .gate(task.readable())
        .gate(task.works())
        .ok(invalid("votes"));
        let present = task.present.clone();
        t.case_call(
            "tasks/sign_finding",
            &target,
            &[
                ("task_id", &id),
                ("version", "1"),
                ("signature", ""),
                ("remark", ""),
            ],
        )
        .gate(task.readable())
        .gate(asks(
            move |a| Action::SignFinding {
                present: a.user_id.is_some_and(|u| present.contains(&u)),
            },
            FORBIDDEN,
        ))
        .ok(invalid("signature"));
        // Sending an agent: the task, then the agent (another party's is a field error for
        // counsel), then the rule for the agent's party, then the revision.
        for &(agent, party) in &fx.agents {
            let target = Target {
                name: format!("{} (agent {agent} of party {party})", target.name),
                tier: target.tier,
            };
            t.case_call(
                "tasks/send_agent",
                &target,
                &[
                    ("task_id", &id),
                    ("revision", "0"),
                    ("agent_id", &agent.to_string()),
                ],
            )
            .gate(task.readable())
            .gate(holds(
                "sends an agent of their own party",
                None,
                move |a| a.party_acted_for().is_none_or(|own| own == party),
                invalid("agent_id"),
            ))
            .gate(asks(move |_| Action::NominateAgent(party), FORBIDDEN))
            .ok(STALE);
        }
    }
    // A remark on a sitting: the task, the sitting, then the agents present at it. Every
    // task of the demo is verified, so a remark is refused after the rule.
    for (sitting, task, agents_present) in &fx.sittings {
        let target = Target {
            name: format!("sitting {sitting} of {}", task.target().name),
            tier: task.target().tier,
        };
        let present = agents_present.clone();
        t.case_call(
            "tasks/remark",
            &target,
            &[
                ("task_id", &task.id.to_string()),
                ("sitting_id", &sitting.to_string()),
                ("remark", ""),
            ],
        )
        .gate(task.readable())
        .gate(asks(
            move |a| Action::RemarkOnSession {
                attended: a.user_id.is_some_and(|u| present.contains(&u)),
            },
            FORBIDDEN,
        ))
        .ok(invalid("remark"));
    }
}

fn report_rows(t: &mut Table, fx: &Fixtures) {
    let reported = format!("directives[{}]", fx.reported);
    let draft = [("tier", "court_only"), (reported.as_str(), "on")];
    t.case_call("reports/draft", &no_target(), &draft)
        .gate(asks(|_| Action::FileReport, FORBIDDEN));
    t.hand(
        "GET",
        "/cases/{case_id}/reports/draft",
        &no_target(),
        Request::Fetch(format!(
            "/cases/{}/reports/draft?tier=court_only&directives%5B{}%5D=on",
            fx.case, fx.reported
        )),
    )
    .gate(member())
    .gate(asks(|_| Action::FileReport, FORBIDDEN));
    // A basis that is not the draft's: refused (as a page) once the rule passes.
    let mut filing = form(&draft);
    filing.push(("basis".to_owned(), String::new()));
    t.hand(
        "POST",
        "/cases/{id}/reports",
        &no_target(),
        Request::Plain(format!("/cases/{}/reports", fx.case), filing),
    )
    .gate(member())
    .gate(asks(|_| Action::FileReport, FORBIDDEN))
    .ok(answers(422));
    for &(id, tier) in &fx.reports {
        let sealing = Sealing {
            tier,
            producer: Producer::Court,
        };
        t.hand(
            "GET",
            "/cases/{case_id}/reports/{report_id}",
            &Target {
                name: format!("{} report {id}", tier_name(tier)),
                tier: Some(tier),
            },
            Request::Fetch(format!("/cases/{}/reports/{id}", fx.case)),
        )
        .gate(member())
        .gate(asks(move |_| Action::See(sealing), HIDDEN));
    }
}

/// Signing out, last for every reader: it ends the reader's session.
fn last_rows(t: &mut Table) {
    t.call("logout", &no_target(), &[]).signed_out(OK);
}

fn table(fx: &Fixtures) -> Vec<Row> {
    let mut t = Table {
        rows: Vec::new(),
        case: fx.case,
    };
    open_rows(&mut t);
    own_rows(&mut t, fx);
    admin_rows(&mut t, fx);
    case_rows(&mut t, fx);
    order_rows(&mut t, fx);
    directive_rows(&mut t, fx);
    evidence_rows(&mut t, fx);
    response_rows(&mut t, fx);
    clarification_rows(&mut t, fx);
    task_rows(&mut t, fx);
    report_rows(&mut t, fx);
    last_rows(&mut t);
    t.rows
}

/// The part of a stored text that a page shows unchanged whatever it escapes, as in
/// `leaks.rs`: up to the first character HTML or JSON would escape, at most 60 characters.
/// `None` when too short to tell one record from another.
fn marker(text: &str) -> Option<String> {
    let cut: String = text
        .chars()
        .take_while(|c| !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\\' | '\n' | '\r'))
        .take(60)
        .collect();
    let cut = cut.trim().to_owned();
    (cut.chars().count() >= 10).then_some(cut)
}

/// What one reader may and may not learn of the demo case, worked out from the stored rows
/// and `can` alone (as `leaks.rs` does), and what the lists that count should count.
#[derive(Default)]
struct Knowledge {
    hidden: BTreeSet<String>,
    shown: BTreeSet<String>,
    /// Directives the reader may not read, as titles name them ("directive 4").
    hidden_labels: BTreeSet<String>,
    visible_codes: BTreeSet<String>,
    readable_per_order: HashMap<i32, u64>,
    docket_entries: u64,
}

impl Knowledge {
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

    /// The hidden texts that are not also part of something shown.
    fn secrets(&self) -> Vec<String> {
        self.hidden
            .iter()
            .filter(|h| !self.shown.iter().any(|s| s.contains(h.as_str())))
            .cloned()
            .collect()
    }

    /// Where a body names a directive the reader may not read: "directive 4", but not
    /// "directive 4(b)" or "directive 40". The label, and where it is in the lower-cased body.
    fn names_hidden_label(&self, body: &str) -> Option<(String, String)> {
        let body = body.to_lowercase();
        for label in &self.hidden_labels {
            for (at, _) in body.match_indices(label.as_str()) {
                let next = body[at + label.len()..].chars().next();
                if !next.is_some_and(|c| c.is_alphanumeric() || c == '(') {
                    return Some((label.clone(), around(&body, at)));
                }
            }
        }
        None
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

/// Works out what `actor` may know of the case from its rows.
async fn knowledge(app: &TestApp, actor: &Actor, case_id: i32) -> Knowledge {
    let db = &app.state.db;
    let mut k = Knowledge::default();
    // That the case exists is for its members, and for the administrators who manage it.
    let c = case::Entity::find_by_id(case_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    k.put(
        can(actor, Action::ViewCase) || can(actor, Action::Administer),
        &[&c.number, &c.title],
    );
    // Names that tell no sealed record apart (the parties', the roles'): a sealed text that
    // begins with one is not found by it.
    for p in party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        k.put(true, &[&p.name, &p.short_name, p.role.label()]);
    }
    for role in domain::CaseRole::ALL {
        k.put(true, &[role.label()]);
    }
    let orders = order::Entity::find()
        .filter(order::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap();
    let mut order_known = HashMap::new();
    for o in &orders {
        let issued = *o.state == OrderState::Issued;
        let known = can(actor, Action::ViewCase) && (issued || can(actor, Action::RecordOrder));
        order_known.insert(o.id, known);
        k.put(known, &[&o.title, &o.preamble]);
        if issued && known {
            k.readable_per_order.insert(o.id, 0);
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
    let obliges = |version: i32| {
        actor.party_id.is_some_and(|p| {
            obligations
                .iter()
                .any(|o| o.version_id == version && o.party_id == p)
        })
    };
    let mut version_visible = HashMap::new();
    for v in &versions {
        let d = by_id[&v.directive_id];
        let visible = order_known[&d.order_id]
            && can(
                actor,
                Action::SeeDirective {
                    tier: *v.tier,
                    obliges_actor: obliges(v.id),
                },
            );
        version_visible.insert(v.id, visible);
        k.put(visible, &[&v.text, &v.limits, &v.reason_note]);
        if v.number == d.current_version {
            if visible {
                if let Some(n) = k.readable_per_order.get_mut(&d.order_id) {
                    *n += 1;
                }
            } else {
                k.hidden_labels
                    .insert(format!("directive {}", d.label.to_lowercase()));
                if d.label.chars().count() >= 5 {
                    k.hidden.insert(d.label.clone());
                }
            }
        }
    }
    for o in &obligations {
        let visible = version_visible.get(&o.version_id).copied().unwrap_or(false);
        k.put(visible, &[&o.reason]);
        for e in obligation_event::Entity::find()
            .filter(obligation_event::Column::ObligationId.eq(o.id))
            .all(db)
            .await
            .unwrap()
        {
            k.put(visible, &[&e.reason]);
        }
    }
    for r in response::Entity::find()
        .filter(response::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        k.put(sees(actor, *r.tier, r.party_id), &[&r.title, &r.body]);
    }
    for e in evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let visible = sees(actor, *e.tier, e.producer_party_id);
        k.put(visible, &[&e.code, &e.title, &e.description]);
        if visible {
            k.visible_codes.insert(e.code.clone());
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
        k.put(visible, &[&c.question, &c.grounds, &c.proposed, &ruling]);
        for r in clarification_response::Entity::find()
            .filter(clarification_response::Column::ClarificationId.eq(c.id))
            .all(db)
            .await
            .unwrap()
        {
            k.put(visible, &[&r.body]);
        }
    }
    for entry in docket_entry::Entity::find()
        .filter(docket_entry::Column::CaseId.eq(case_id))
        .all(db)
        .await
        .unwrap()
    {
        let readers = docket_reader::Entity::find()
            .filter(docket_reader::Column::DocketEntryId.eq(entry.id))
            .all(db)
            .await
            .unwrap();
        let visible = sees(actor, *entry.tier, None)
            || readers.iter().any(|r| {
                actor.party_id == Some(r.party_id) && sees(actor, *entry.tier, Some(r.party_id))
            });
        k.put(visible, &[&entry.title]);
        k.docket_entries += u64::from(visible);
    }
    let attended: BTreeSet<i32> = match actor.user_id {
        Some(user) => {
            let mine: Vec<i32> = agent::Entity::find()
                .filter(agent::Column::UserId.eq(user))
                .all(db)
                .await
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect();
            task_agent::Entity::find()
                .filter(task_agent::Column::AgentId.is_in(mine))
                .all(db)
                .await
                .unwrap()
                .iter()
                .map(|a| a.task_id)
                .collect()
        }
        None => BTreeSet::new(),
    };
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
        let visible = order_known[&d.order_id]
            && can(
                actor,
                Action::SeeTask {
                    tier: *current.tier,
                    obliges_actor: obliges(current.id),
                    attends: attended.contains(&t.id),
                },
            );
        k.put(visible, &[&t.venue]);
    }
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
        k.put(visible, &[&r.sha256]);
    }
    k
}

/// One reader of the table, signed in once (a court account's code is good once).
struct Reader {
    name: String,
    client: Client,
    /// The reader in each case, as the rules see them; `None` when signed out.
    actors: Option<HashMap<i32, Actor>>,
    knowledge: Knowledge,
}

impl Reader {
    fn expected(&self, row: &Row) -> (Outcome, String) {
        let Some(actors) = &self.actors else {
            return (row.signed_out, "signed out".to_owned());
        };
        let actor = &actors[&row.case_id];
        match row.gates.iter().find(|g| !(g.allows)(actor)) {
            Some(gate) => (gate.refused, format!("refused by {}", gate.what)),
            None => (row.ok, "allowed".to_owned()),
        }
    }
}

/// A response, whatever sent it.
struct Answer {
    status: u16,
    text: String,
    body: Value,
    location: Option<String>,
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Answer {
        Answer {
            status: reply.status,
            text: reply.text,
            body: reply.body,
            location: reply.location,
        }
    }
}

async fn answer_of(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        text,
        body,
        location,
    }
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// `reader`'s request, from `raw` (their cookies, no default headers) for what the test
/// client has no call for.
async fn send(reader: &Reader, raw: &reqwest::Client, request: &Request) -> Answer {
    let client = &reader.client;
    match request {
        Request::Call(endpoint, fields) => client.call(endpoint, &pairs(fields)).await.into(),
        Request::Page(path) => client.get(path).await.into(),
        Request::Fetch(path) => answer_of(client.fetch(path, &[]).await).await,
        Request::Multipart(path, fields) => client
            .post_form(path, &pairs(fields), None, true)
            .await
            .into(),
        Request::Plain(path, fields) => client.post_plain(path, &pairs(fields)).await.into(),
        Request::Json(path, body) => {
            answer_of(
                raw.post(format!("{}{path}", client.base))
                    .header("content-type", "application/csp-report")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    }
}

/// What a list counts against what the reader may see; `None` when it agrees.
fn miscount(count: Count, answer: &Answer, k: &Knowledge) -> Option<String> {
    let body = &answer.body;
    match count {
        Count::Evidence => {
            let counted = body["evidence_count"].as_u64();
            (counted != Some(k.visible_codes.len() as u64)).then(|| {
                format!(
                    "counts {counted:?} evidence items, may see {}",
                    k.visible_codes.len()
                )
            })
        }
        Count::EvidenceCodes => {
            let listed: BTreeSet<String> = body["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["code"].as_str().map(str::to_owned))
                .collect();
            (listed != k.visible_codes)
                .then(|| format!("lists {listed:?}, may see {:?}", k.visible_codes))
        }
        Count::Directives => body["orders"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|o| {
                let id = i32::try_from(o["id"].as_i64()?).ok()?;
                let expected = k.readable_per_order.get(&id)?;
                (o["directives"].as_u64() != Some(*expected)).then(|| {
                    format!(
                        "counts {} directives on order {id}, may read {expected}",
                        o["directives"]
                    )
                })
            }),
        Count::Docket => {
            let total = body["entries"]["total"].as_u64();
            (total != Some(k.docket_entries)).then(|| {
                format!(
                    "counts {total:?} docket entries, may read {}",
                    k.docket_entries
                )
            })
        }
    }
}

/// The text around byte `at` of `text`, to show where a leak is.
fn around(text: &str, at: usize) -> String {
    let start = text.floor_char_boundary(at.saturating_sub(120));
    let end = text.ceil_char_boundary((at + 120).min(text.len()));
    text[start..end].to_owned()
}

/// Sends every row as `reader` and returns what disagreed with the rules.
async fn walk(reader: &Reader, rows: &[Row]) -> Vec<String> {
    let raw = reqwest::Client::builder()
        .cookie_provider(reader.client.jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let secrets = reader.knowledge.secrets();
    let mut failures = Vec::new();
    for row in rows {
        let (expected, why) = reader.expected(row);
        let answer = send(reader, &raw, &row.request).await;
        let mut problems = Vec::new();
        if answer.status != expected.status {
            problems.push(format!(
                "expected {} ({why}), got {}",
                expected.status, answer.status
            ));
        } else if let Some(field) = expected.field
            && !answer.body["Invalid"][field].is_string()
        {
            problems.push(format!(
                "expected a refusal naming {field:?} ({why}), got {}",
                answer.body
            ));
        }
        if expected == TO_SIGN_IN
            && !answer
                .location
                .as_deref()
                .is_some_and(|l| l.starts_with("/login"))
        {
            problems.push(format!("sent to {:?}, not to sign in", answer.location));
        }
        for secret in &secrets {
            if let Some(at) = answer.text.find(secret.as_str()) {
                problems.push(format!(
                    "leaks {secret:?} in {:?}",
                    around(&answer.text, at)
                ));
            }
        }
        if let Some((label, place)) = reader.knowledge.names_hidden_label(&answer.text) {
            problems.push(format!("names the hidden {label:?} in {place:?}"));
        }
        if let Some(count) = row.count
            && answer.status == 200
            && let Some(problem) = miscount(count, &answer, &reader.knowledge)
        {
            problems.push(problem);
        }
        if !problems.is_empty() {
            let excerpt: String = answer.text.chars().take(200).collect();
            failures.push(format!(
                "{} {} [{}]: {} (body begins {excerpt:?})",
                reader.name,
                row.endpoint,
                row.target,
                problems.join("; ")
            ));
        }
    }
    failures
}

/// The tiers, producers and states the rows are about, as stored after `seed_fixtures`.
async fn fixtures(app: &TestApp, case: i32, other_case: i32) -> Fixtures {
    let db = &app.state.db;
    let odinga = party_id(app, case, "ODINGA").await;
    let iebc = party_id(app, case, "IEBC").await;
    let orders = order::Entity::find()
        .filter(order::Column::CaseId.eq(case))
        .order_by_asc(order::Column::Id)
        .all(db)
        .await
        .unwrap();
    let issued_order = orders
        .iter()
        .find(|o| *o.state == OrderState::Issued)
        .unwrap()
        .id;
    let draft_order = orders
        .iter()
        .find(|o| *o.state == OrderState::Draft)
        .unwrap()
        .id;
    let mut dirs = HashMap::new();
    for d in directive::Entity::find()
        .filter(directive::Column::CaseId.eq(case))
        .all(db)
        .await
        .unwrap()
    {
        let v = directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .filter(directive_version::Column::Number.eq(d.current_version))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let cells = obligation::Entity::find()
            .filter(obligation::Column::VersionId.eq(v.id))
            .order_by_asc(obligation::Column::Id)
            .all(db)
            .await
            .unwrap();
        let draft = orders
            .iter()
            .any(|o| o.id == d.order_id && *o.state == OrderState::Draft);
        dirs.insert(
            d.id,
            Dir {
                id: d.id,
                label: d.label.clone(),
                tier: *v.tier,
                draft,
                obliged: cells.iter().map(|c| c.party_id).collect(),
                version: d.current_version,
                cell: cells.first().map_or(0, |c| c.id),
            },
        );
    }
    let by_label = |label: &str| dirs.values().find(|d| d.label == label).unwrap().clone();
    let directives = vec![
        by_label("1"),
        by_label("89(zq)"),
        by_label("4"),
        by_label("90(zq)"),
    ];
    assert_eq!(
        directives
            .iter()
            .map(|d| (d.tier, d.draft))
            .collect::<Vec<_>>(),
        [
            (SealingTier::Public, false),
            (SealingTier::Parties, false),
            (SealingTier::CourtOnly, false),
            (SealingTier::Public, true),
        ],
        "the directives the rows are about"
    );

    let stored_items = evidence_item::Entity::find()
        .filter(evidence_item::Column::CaseId.eq(case))
        .order_by_asc(evidence_item::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut items = Vec::new();
    for (tier, party) in [
        (SealingTier::Public, None),
        (SealingTier::Parties, Some(odinga)),
        (SealingTier::Parties, Some(iebc)),
        (SealingTier::Parties, None),
        (SealingTier::CourtOnly, None),
        (SealingTier::CourtOnly, Some(iebc)),
    ] {
        let item = stored_items
            .iter()
            .find(|i| *i.tier == tier && i.producer_party_id == party)
            .unwrap_or_else(|| panic!("no {tier:?} item of {party:?}"));
        let file = evidence_file::Entity::find()
            .filter(evidence_file::Column::ItemId.eq(item.id))
            .one(db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{} has no file", item.code));
        items.push(Item {
            id: item.id,
            code: item.code.clone(),
            tier,
            producer: Producer::from_party(party),
            file: file.id,
        });
    }

    let responses = response::Entity::find()
        .filter(response::Column::CaseId.eq(case))
        .order_by_asc(response::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, *r.tier, r.party_id))
        .collect();

    let now = chrono::Utc::now();
    let mut clarifications = Vec::new();
    for c in clarification::Entity::find()
        .filter(clarification::Column::CaseId.eq(case))
        .order_by_asc(clarification::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        let v = directive_version::Entity::find_by_id(c.version_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        clarifications.push(Clar {
            id: c.id,
            party: c.party_id,
            state: *c.state,
            taking_responses: *c.state == ClarificationState::OpenForResponses
                && c.responses_close_at.is_some_and(|t| now < t),
            dir: dirs[&v.directive_id].clone(),
        });
    }

    let stored_tasks = task::Entity::find()
        .filter(task::Column::CaseId.eq(case))
        .order_by_asc(task::Column::Id)
        .all(db)
        .await
        .unwrap();
    let agents = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(case))
        .order_by_asc(agent::Column::Id)
        .all(db)
        .await
        .unwrap();
    let seven = by_label("7").id;
    let three = by_label("3").id;
    let first_of = |directive: i32| {
        stored_tasks
            .iter()
            .find(|t| t.directive_id == directive)
            .unwrap()
    };
    let mut tasks = Vec::new();
    for directive in [seven, three, directives[1].id, directives[2].id] {
        let t = first_of(directive);
        tasks.push(task_facts(app, t, dirs[&t.directive_id].clone(), &agents).await);
    }
    // A sitting the agent with an account attended, and one of a task they are not sent to.
    let mut sittings = Vec::new();
    for task in [&tasks[0], &tasks[1]] {
        let sitting = task_sitting::Entity::find()
            .filter(task_sitting::Column::TaskId.eq(task.id))
            .order_by_asc(task_sitting::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let present = sitting_attendance::Entity::find()
            .filter(sitting_attendance::Column::SittingId.eq(sitting.id))
            .all(db)
            .await
            .unwrap()
            .iter()
            .filter_map(|p| p.agent_id.and_then(|a| account_of(&agents, a)))
            .collect();
        sittings.push((sitting.id, task.clone(), present));
    }
    let agent_of = |party: i32| agents.iter().find(|a| a.party_id == party).unwrap().id;

    let reports = report::Entity::find()
        .filter(report::Column::CaseId.eq(case))
        .order_by_asc(report::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, *r.tier))
        .collect();

    let registrar = app::backend::accounts::find_by_email(&app.state, REGISTRAR)
        .await
        .unwrap()
        .unwrap();
    let petitioners = app::backend::accounts::find_by_email(&app.state, COUNSEL_PETITIONER)
        .await
        .unwrap()
        .unwrap();
    let judge = app::backend::accounts::find_by_email(&app.state, JUDGE)
        .await
        .unwrap()
        .unwrap();
    let observer = app::backend::accounts::find_by_email(&app.state, OBSERVER)
        .await
        .unwrap()
        .unwrap();
    // A notice of a court-only filing, and one of the petitioners' counsel.
    let mut notices = Vec::new();
    for (owner, tier) in [
        (registrar.id, SealingTier::CourtOnly),
        (petitioners.id, SealingTier::Parties),
    ] {
        let entries: Vec<i32> = docket_entry::Entity::find()
            .filter(docket_entry::Column::CaseId.eq(case))
            .filter(docket_entry::Column::Tier.eq(tier.as_str()))
            .all(db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        let n = notice::Entity::find()
            .filter(notice::Column::UserId.eq(owner))
            .filter(notice::Column::DocketEntryId.is_in(entries))
            .order_by_asc(notice::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        // Read now, so that marking it read again changes nothing.
        app::backend::notices::mark_read(&app.state, owner, Some(n.id))
            .await
            .unwrap();
        notices.push((n.id, owner, tier));
    }
    let membership = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(case))
        .filter(case_member::Column::UserId.eq(observer.id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let parties = party::Entity::find()
        .filter(party::Column::CaseId.eq(case))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();

    Fixtures {
        case,
        other_case,
        odinga,
        iebc,
        parties,
        issued_order,
        draft_order,
        directives,
        reported: seven,
        items,
        responses,
        clarifications,
        tasks,
        sittings,
        agents: vec![(agent_of(odinga), odinga), (agent_of(iebc), iebc)],
        reports,
        notices,
        membership,
        judge: judge.id,
        station: server::demo_stations::codes()[52].clone(),
    }
}

/// The account of an agent, if they have one.
fn account_of(agents: &[agent::Model], agent_id: i32) -> Option<i32> {
    agents.iter().find(|a| a.id == agent_id)?.user_id
}

/// Who is assigned to, was present at, and is sent to a task.
async fn task_facts(
    app: &TestApp,
    t: &task::Model,
    dir: Dir,
    agents: &[agent::Model],
) -> TaskFacts {
    let db = &app.state.db;
    let assigned = task_officer::Entity::find()
        .filter(task_officer::Column::TaskId.eq(t.id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|o| o.user_id)
        .collect();
    let sittings: Vec<i32> = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.eq(t.id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let present = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.is_in(sittings))
        .all(db)
        .await
        .unwrap()
        .iter()
        .filter_map(|p| {
            p.user_id
                .or_else(|| p.agent_id.and_then(|a| account_of(agents, a)))
        })
        .collect();
    let attending = task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(t.id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .filter_map(|a| account_of(agents, a.agent_id))
        .collect();
    TaskFacts {
        id: t.id,
        dir,
        assigned,
        present,
        attending,
    }
}

/// Records an exhibit as `client`, with a file of its own.
async fn exhibit(client: &Client, case: &str, producer: &str, title: &str, tier: &str) {
    let recorded = client
        .call(
            "evidence/record",
            &[
                ("case_id", case),
                ("title", title),
                ("kind", "other"),
                ("station_code", ""),
                (
                    "description",
                    &format!("{title}, as its producer describes it."),
                ),
                ("producer", producer),
                ("tier", tier),
            ],
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    let id = recorded.body.as_i64().unwrap() as i32;
    let uploaded = client
        .upload(
            &format!("/cases/{case}/evidence/{id}/files"),
            "zq-auth.pdf",
            format!("%PDF-1.4\n% {title}\n%%EOF\n").into_bytes(),
        )
        .await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
}

/// The words a directive's version in force begins with, to quote in a request.
async fn opening_words(app: &TestApp, directive_id: i32) -> String {
    let d = directive::Entity::find_by_id(directive_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let v = directive_version::Entity::find()
        .filter(directive_version::Column::DirectiveId.eq(d.id))
        .filter(directive_version::Column::Number.eq(d.current_version))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    v.text
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds sealed material of the tiers the demo lacks, each text marked "Zq-auth": a parties
/// directive with a task, a draft order with a directive, a public and a court-only exhibit,
/// a public and a court-only response, a draft request on a public directive and a filed one
/// on the court-only directive, a task under it, and a public and a court-only report.
async fn seed_fixtures(
    app: &TestApp,
    case_id: i32,
    registrar: &Client,
    gumbo: &Client,
    mwangi: &Client,
) {
    let case = case_id.to_string();
    let iebc = party_id(app, case_id, "IEBC").await;
    let odinga = party_id(app, case_id, "ODINGA").await;
    let shared = issued_directive(
        app,
        registrar,
        &case,
        "89(zq)",
        &[iebc],
        &[
            ("tier", "parties"),
            (
                "text",
                "Zq-auth parties directive: produce the logs of the Bomas servers.",
            ),
            ("limits", "Zq-auth parties limits: two agents a side"),
        ],
    )
    .await;
    let recorded = registrar
        .call(
            "orders/record",
            &[
                ("case_id", &case),
                ("title", "Zq-auth draft order on the KIEMS kits"),
                ("issued_at", "2022-08-30T10:00"),
                ("bench", "Koome CJ and six others"),
                ("preamble", "Zq-auth draft preamble: upon the application"),
            ],
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    let draft_order = recorded.body.as_i64().unwrap() as i32;
    let drafted = add(
        app,
        registrar,
        &case,
        draft_order,
        "90(zq)",
        &[iebc],
        &[(
            "text",
            "Zq-auth draft directive: produce the KIEMS kits of Kisumu.",
        )],
    )
    .await;
    assert_eq!(drafted.status, 200, "{}", drafted.text);

    exhibit(
        registrar,
        &case,
        "court",
        "Zq-auth public exhibit: the gazette notice of the results",
        "public",
    )
    .await;
    exhibit(
        gumbo,
        &case,
        &iebc.to_string(),
        "Zq-auth court-only exhibit: the password matrix of the servers",
        "court_only",
    )
    .await;

    let four = directive_id(app, case_id, "4").await;
    let one = directive_id(app, case_id, "1").await;
    for (client, party, kind, directive, tier, title) in [
        (
            gumbo,
            iebc,
            "compliance_report",
            &four,
            "court_only",
            "Zq-auth court-only report on the servers of directive four",
        ),
        (
            mwangi,
            odinga,
            "letter",
            &one,
            "public",
            "Zq-auth public letter of the petitioners on the first directive",
        ),
    ] {
        let key = format!("directives[{directive}]");
        let party = party.to_string();
        let body = format!("{title}: the body.");
        let filed = client
            .call(
                "responses/file",
                &[
                    ("case_id", &case),
                    ("kind", kind),
                    ("party", &party),
                    ("third_party", ""),
                    ("title", title),
                    ("body", &body),
                    ("tier", tier),
                    ("exhibits", ""),
                    (&key, "on"),
                ],
            )
            .await;
        assert_eq!(filed.status, 200, "{}", filed.text);
    }

    for (directive, question, file_now) in [
        (
            one.clone(),
            "Zq-auth draft question: which kits are meant?",
            false,
        ),
        (
            four.clone(),
            "Zq-auth sealed question: does the matrix include retired accounts?",
            true,
        ),
    ] {
        let quote = opening_words(app, directive.parse().unwrap()).await;
        let mut fields = vec![
            ("case_id", case.as_str()),
            ("directive_id", directive.as_str()),
            ("quote", quote.as_str()),
            ("question", question),
            ("grounds", "Zq-auth grounds: the words admit two readings."),
            ("proposed", "Zq-auth proposal: the narrower reading."),
            ("exhibits", ""),
        ];
        if file_now {
            fields.push(("file_now", "1"));
        }
        let asked = gumbo.call("clarifications/request", &fields).await;
        assert_eq!(asked.status, 200, "{}", asked.text);
    }

    let stations = server::demo_stations::codes();
    for (directive, code, venue) in [
        (
            four.clone(),
            &stations[50],
            "Zq-auth sealed venue: the vault of the data centre",
        ),
        (
            shared.to_string(),
            &stations[51],
            "Zq-auth parties venue: the server room at Bomas",
        ),
    ] {
        let made = registrar
            .call(
                "tasks/create_bulk",
                &[
                    ("case_id", &case),
                    ("directive_id", &directive),
                    ("kind", "inspect_kiems"),
                    ("codes", code),
                    ("venue", venue),
                ],
            )
            .await;
        assert_eq!(made.status, 200, "{}", made.text);
    }

    // Reports for the court alone and for everyone, on directive 7's verified tasks.
    let seven = directive_id(app, case_id, "7").await;
    let key = format!("directives[{seven}]");
    for tier in ["court_only", "public"] {
        let drafted = registrar
            .call(
                "reports/draft",
                &[("case_id", &case), ("tier", tier), (&key, "on")],
            )
            .await;
        assert_eq!(drafted.status, 200, "{}", drafted.text);
        let filed = registrar
            .post_plain(
                &format!("/cases/{case}/reports"),
                &[
                    ("tier", tier),
                    (&key, "on"),
                    ("basis", drafted.body["basis"].as_str().unwrap()),
                ],
            )
            .await;
        assert_eq!(filed.status, 303, "{}", filed.text);
    }
}

/// An account that is a member of the other case (E001) alone, as its judge.
async fn judge_of_the_other_case(app: &TestApp, other_case: i32) {
    use app::backend::cases::{self, NewMember};
    app::backend::accounts::create_user(
        &app.state,
        None,
        "Justice of the other case",
        OTHER_CASE_JUDGE,
        PASSWORD,
        false,
    )
    .await
    .unwrap();
    let revision = case::Entity::find_by_id(other_case)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string();
    cases::add_member(
        &app.state,
        &Actor::admin(),
        other_case,
        NewMember {
            email: OTHER_CASE_JUDGE,
            role: "judge",
            party_id: "",
            revision: &revision,
        },
    )
    .await
    .unwrap();
}

/// Every endpoint the portal serves has a row, and every row an endpoint.
fn assert_every_endpoint_has_a_row(rows: &[Row]) {
    let listed = |kind: Kind| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.endpoint.clone())
            .collect()
    };
    let server_fns: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            // Every row calls with a POST, as the portal's server functions are.
            assert_eq!(method, http::Method::POST, "{path} is not a POST");
            path.to_owned()
        })
        .collect();
    let pages: BTreeSet<String> = server::router::page_paths().into_iter().collect();
    let hand: BTreeSet<String> = server::router::HAND_ROUTES
        .iter()
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    for (what, served, rowed) in [
        ("server functions", server_fns, listed(Kind::ServerFn)),
        ("pages", pages, listed(Kind::Page)),
        ("hand routes", hand, listed(Kind::Hand)),
    ] {
        let unrowed: Vec<&String> = served.difference(&rowed).collect();
        let gone: Vec<&String> = rowed.difference(&served).collect();
        assert!(
            unrowed.is_empty() && gone.is_empty(),
            "{what} without a row: {unrowed:?}; rows of no endpoint: {gone:?}"
        );
    }
}

/// Every kind of action the rules know is asked by some row.
fn assert_every_rule_is_walked(rows: &[Row]) {
    let asked: BTreeSet<String> = rows
        .iter()
        .flat_map(|r| &r.gates)
        .filter_map(|g| g.action)
        .map(|d| format!("{d:?}"))
        .collect();
    let missing: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| !asked.contains(&format!("{:?}", std::mem::discriminant(a))))
        .collect();
    assert!(missing.is_empty(), "no row asks {missing:?}");
}

async fn every_endpoint_answers_every_reader_as_the_rules_say(backend: Backend) {
    let started = std::time::Instant::now();
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (case, other_case) = case_ids(&app).await;
    judge_of_the_other_case(&app, other_case).await;

    let accounts = [
        ("registrar", REGISTRAR),
        ("judge", JUDGE),
        ("scrutiny officer", OFFICER),
        ("counsel of ODINGA", COUNSEL_PETITIONER),
        ("counsel of IEBC", COUNSEL_IEBC),
        ("representative of AZIMIO", AGENT_AZIMIO),
        ("representative of IEBC", AGENT_IEBC),
        ("observer", OBSERVER),
        ("party agent of ODINGA", server::seed::AGENT.email),
        ("judge of the other case only", OTHER_CASE_JUDGE),
        ("administrator, no member", ADMIN),
    ];
    let mut clients = Vec::new();
    for (name, email) in accounts {
        clients.push((name, email, app.signed_in(email).await));
    }
    let client_of = |email: &str| &clients.iter().find(|(_, e, _)| *e == email).unwrap().2;
    seed_fixtures(
        &app,
        case,
        client_of(REGISTRAR),
        client_of(COUNSEL_IEBC),
        client_of(COUNSEL_PETITIONER),
    )
    .await;
    let fx = fixtures(&app, case, other_case).await;

    let mut readers = Vec::new();
    for (name, email, client) in &clients {
        let mut actors = HashMap::new();
        for case_id in [case, other_case] {
            actors.insert(case_id, actor(&app, email, case_id).await);
        }
        let in_case = actors[&case];
        readers.push(Reader {
            name: (*name).to_owned(),
            client: client.clone(),
            actors: Some(actors),
            knowledge: knowledge(&app, &in_case, case).await,
        });
    }
    readers.push(Reader {
        name: "signed-out visitor".to_owned(),
        client: app.client(),
        actors: None,
        knowledge: knowledge(&app, &Actor::outsider(), case).await,
    });
    let roles: BTreeSet<String> = readers
        .iter()
        .filter_map(|r| r.actors.as_ref()?[&case].case_role)
        .map(|r| format!("{r:?}"))
        .collect();
    assert_eq!(
        roles.len(),
        domain::CaseRole::ALL.len(),
        "every role of the case reads: {roles:?}"
    );
    let admin = &readers
        .iter()
        .find(|r| r.name.starts_with("admin"))
        .unwrap();
    let admin = admin.actors.as_ref().unwrap()[&case];
    assert!(admin.is_admin && admin.case_role.is_none());
    let other = readers
        .iter()
        .find(|r| r.name.contains("other case"))
        .unwrap();
    let other = other.actors.as_ref().unwrap();
    assert!(other[&case].case_role.is_none() && other[&other_case].case_role.is_some());

    let rows = table(&fx);
    assert_every_endpoint_has_a_row(&rows);
    assert_every_rule_is_walked(&rows);

    // Rows whose allowed answer no reader gets: the refusals are checked, the rest is not.
    let never_allowed: Vec<String> = rows
        .iter()
        .filter(|row| !readers.iter().any(|r| r.expected(row).1 == "allowed"))
        .map(|row| format!("{} [{}]", row.endpoint, row.target))
        .collect();
    let mut expected_statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for row in &rows {
        for r in &readers {
            *expected_statuses
                .entry(r.expected(row).0.status)
                .or_default() += 1;
        }
    }

    let walked = std::time::Instant::now();
    let failures: Vec<String> = futures::future::join_all(readers.iter().map(|r| walk(r, &rows)))
        .await
        .into_iter()
        .flatten()
        .collect();

    let mut per_kind: BTreeMap<Kind, (BTreeSet<&str>, usize)> = BTreeMap::new();
    let mut per_tier: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        let entry = per_kind.entry(row.kind).or_default();
        entry.0.insert(&row.endpoint);
        entry.1 += 1;
        *per_tier
            .entry(row.tier.map_or("no sealed target", tier_name))
            .or_default() += 1;
    }
    let backend = match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres(_) => "PostgreSQL",
    };
    println!(
        "authorization table ({backend}): {} endpoints ({}), {} rows of endpoint × target \
         ({}), × {} readers = {} requests checked; walked in {:.1} s, {:.1} s in all",
        per_kind.values().map(|(e, _)| e.len()).sum::<usize>(),
        per_kind
            .iter()
            .map(|(k, (e, r))| format!("{k:?}: {} endpoints, {r} rows", e.len()))
            .collect::<Vec<_>>()
            .join("; "),
        rows.len(),
        per_tier
            .iter()
            .map(|(t, n)| format!("{t}: {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        readers.len(),
        rows.len() * readers.len(),
        walked.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    println!("expected statuses: {expected_statuses:?}");
    println!(
        "{} rows no reader is allowed: {never_allowed:#?}",
        never_allowed.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} requests disagree with the rules:\n{}",
        failures.len(),
        rows.len() * readers.len(),
        failures.join("\n")
    );
}
