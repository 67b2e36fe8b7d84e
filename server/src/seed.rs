//! The demo case: Presidential Election Petition E005 of 2022, with one login per role.
//! Added through the same services as every other change, and only to an empty database.
//! The story is told on its own dates, each step through the services at the moment it
//! happened in 2022 (see [`on`]), so the docket, the audit log and every page read as they
//! would have had the portal been in use then.

use app::backend::accounts::two_factor;
use app::backend::cases::{self, NewCase, NewMember, NewParty};
use app::backend::db::OrInternal;
use app::backend::entities::{case, user};
use app::backend::{AppState, accounts, clock};
use app::error::AppError;
use domain::Actor;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::future::Future;

/// The password of every demo account (printed by the run command).
pub const DEMO_PASSWORD: &str = "scrutiny-demo-2022";

/// The authenticator key of the demo's court accounts, published (printed by the run
/// command) so that anyone trying the demo can sign in as them: `demo-code` prints the
/// current code. A real account's key is made at enrolment and never shown again.
pub const DEMO_TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// The code an authenticator holding [`DEMO_TOTP_SECRET`] shows at `time` (seconds since
/// the epoch): for `demo-code`, and for the tests and benchmarks that sign in as the court.
pub fn demo_code(time: u64) -> String {
    two_factor::authenticator(DEMO_TOTP_SECRET, "demo")
        .map(|totp| totp.generate(time).to_string())
        .unwrap_or_default()
}

/// The demo case's roles of which an administrator requires two-factor sign-in: the court's.
const COURT_ROLES: [&str; 3] = ["registrar", "judge", "scrutiny_officer"];

/// One demo login: e-mail, name, what they are in the demo case.
pub struct DemoLogin {
    pub email: &'static str,
    pub name: &'static str,
    pub what: &'static str,
}

pub const ADMIN: DemoLogin = DemoLogin {
    email: "admin@portal.test",
    name: "Portal Administrator",
    what: "administrator (creates cases, parties, members, accounts)",
};

/// The petitioners' agent at the sittings: an account their counsel nominates (not an
/// administrator's member), reading only the tasks they attend.
pub const AGENT: DemoLogin = DemoLogin {
    email: "agent.wekesa@azimio.test",
    name: "Brian Wekesa",
    what: "Party agent of ODINGA (reads the tasks they attend)",
};

/// (login, role, acting for party short name)
const MEMBERS: [(DemoLogin, &str, &str); 10] = [
    (
        DemoLogin {
            email: "registrar@court.test",
            name: "Letizia Wachira",
            what: "Registrar",
        },
        "registrar",
        "",
    ),
    (
        DemoLogin {
            email: "judge@court.test",
            name: "Justice Martha Koome",
            what: "Judge",
        },
        "judge",
        "",
    ),
    (
        DemoLogin {
            email: "officer1@court.test",
            name: "Grace Wanjiru",
            what: "Scrutiny officer",
        },
        "scrutiny_officer",
        "",
    ),
    (
        DemoLogin {
            email: "officer2@court.test",
            name: "Peter Otieno",
            what: "Scrutiny officer",
        },
        "scrutiny_officer",
        "",
    ),
    (
        DemoLogin {
            email: "mwangi@counsel.test",
            name: "Paul Mwangi",
            what: "Counsel for the 1st petitioner",
        },
        "counsel",
        "ODINGA",
    ),
    (
        DemoLogin {
            email: "gumbo@counsel.test",
            name: "Eric Gumbo",
            what: "Counsel for IEBC",
        },
        "counsel",
        "IEBC",
    ),
    (
        DemoLogin {
            email: "ngatia@counsel.test",
            name: "Fred Ngatia",
            what: "Counsel for the President-elect",
        },
        "counsel",
        "RUTO",
    ),
    (
        DemoLogin {
            email: "agent@azimio.test",
            name: "Jane Akinyi",
            what: "Representative of Azimio",
        },
        "party_representative",
        "AZIMIO",
    ),
    (
        DemoLogin {
            email: "agent@iebc.test",
            name: "Samuel Kiprono",
            what: "Representative of IEBC",
        },
        "party_representative",
        "IEBC",
    ),
    (
        DemoLogin {
            email: "observer@lsk.test",
            name: "Observer, Law Society of Kenya",
            what: "Observer",
        },
        "observer",
        "",
    ),
];

const PARTIES: [(&str, &str, &str); 6] = [
    ("Raila Amolo Odinga", "ODINGA", "petitioner"),
    (
        "Azimio la Umoja One Kenya Coalition Party",
        "AZIMIO",
        "petitioner",
    ),
    (
        "Independent Electoral and Boundaries Commission",
        "IEBC",
        "respondent",
    ),
    (
        "Wafula Wanyonyi Chebukati, Chairperson of IEBC",
        "CHEBUKATI",
        "respondent",
    ),
    ("William Samoei Ruto, President-elect", "RUTO", "respondent"),
    (
        "Smartmatic International Holding B.V.",
        "SMARTMATIC",
        "third_party",
    ),
];

/// The case's current version, as a freshly opened form would carry it.
async fn revision_of(state: &AppState, case_id: i32) -> Result<String, AppError> {
    let found = case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(found.revision.to_string())
}

/// Runs one step of the demo's story as of `when` (the court's time, as a form gives it):
/// whatever it records is recorded, audited and docketed at that moment. The steps run in
/// the story's order, so the audit log's times only go forward.
pub(crate) async fn on<T>(
    state: &AppState,
    when: &str,
    step: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let at = state
        .parse_court_time("when", "The story's time", when)
        .ok()
        .flatten()
        .ok_or_else(|| {
            tracing::error!("the demo's story has a time that is not one: {when}");
            AppError::Internal
        })?;
    clock::at(at, step).await
}

/// Every demo login, for printing.
pub fn logins() -> Vec<&'static DemoLogin> {
    std::iter::once(&ADMIN)
        .chain(MEMBERS.iter().map(|(l, _, _)| l))
        .chain(std::iter::once(&AGENT))
        .collect()
}

/// Whether the database holds no accounts yet (a fresh install).
pub async fn is_empty(state: &AppState) -> Result<bool, AppError> {
    let accounts_held = user::Entity::find().count(&state.db).await.or_internal()?;
    Ok(accounts_held == 0)
}

/// Seeds the demo data when the database has no accounts yet. Returns whether it did.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, AppError> {
    if !is_empty(state).await? {
        return Ok(false);
    }
    let admin = Actor::admin();
    // The court's administrator opens the accounts the morning the petition is filed.
    on(state, "2022-08-22T08:00", async {
        accounts::create_user(state, None, ADMIN.name, ADMIN.email, DEMO_PASSWORD, true).await?;
        for (login, role, _) in &MEMBERS {
            let user =
                accounts::create_user(state, None, login.name, login.email, DEMO_PASSWORD, false)
                    .await?;
            if COURT_ROLES.contains(role) {
                two_factor::set_required(state, None, user.id, true).await?;
                two_factor::enrol_published_secret(state, user.id, DEMO_TOTP_SECRET).await?;
            }
        }
        Ok(())
    })
    .await?;

    // The petition is filed on 22 August 2022, with its parties and their counsel.
    let case = on(state, "2022-08-22T09:00", async {
        let case = cases::create_case(
            state,
            &admin,
            NewCase {
                number: "Presidential Election Petition E005 of 2022",
                title: "Raila Amolo Odinga & another v Independent Electoral and Boundaries Commission & 8 others",
                court: "Supreme Court of Kenya",
                filing_date: "2022-08-22",
            },
        )
        .await?;
        let mut party_ids = std::collections::HashMap::new();
        for (name, short_name, role) in PARTIES {
            let party = cases::add_party(
                state,
                &admin,
                case.id,
                NewParty {
                    name,
                    short_name,
                    role,
                    revision: &revision_of(state, case.id).await?,
                },
            )
            .await?;
            party_ids.insert(short_name, party.id.to_string());
        }
        for (login, role, party) in &MEMBERS {
            let party_id = party_ids.get(party).cloned().unwrap_or_default();
            cases::add_member(
                state,
                &admin,
                case.id,
                NewMember {
                    email: login.email,
                    role,
                    party_id: &party_id,
                    revision: &revision_of(state, case.id).await?,
                },
            )
            .await?;
        }
        // A second case that only the court's members belong to, so that counsel's list shows
        // that people see their own cases and no others.
        let other = cases::create_case(
            state,
            &admin,
            NewCase {
                number: "Presidential Election Petition E001 of 2022",
                title: "Khelef Khalifa & another v Independent Electoral and Boundaries Commission & 2 others",
                court: "Supreme Court of Kenya",
                filing_date: "2022-08-22",
            },
        )
        .await?;
        for (email, role) in [
            ("registrar@court.test", "registrar"),
            ("judge@court.test", "judge"),
        ] {
            cases::add_member(
                state,
                &admin,
                other.id,
                NewMember {
                    email,
                    role,
                    party_id: "",
                    revision: &revision_of(state, other.id).await?,
                },
            )
            .await?;
        }
        Ok(case)
    })
    .await?;

    // The register of polling stations and the exhibits lodged before the order; then the
    // story, step by step, in the order it happened.
    on(
        state,
        "2022-08-29T09:00",
        crate::demo_stations::seed(state, case.id),
    )
    .await?;
    crate::demo_evidence::seed_between(state, case.id, "", "2022-08-30T00:00").await?;
    crate::demo_orders::seed_order(state, case.id).await?;
    crate::demo_tasks::seed(state, case.id, DEMO_PASSWORD).await?;
    crate::demo_orders::seed_window(state, case.id).await?;
    crate::demo_work::seed(state, case.id).await?;
    crate::demo_orders::seed_compliance(state, case.id).await?;
    crate::demo_report::seed(state, case.id).await?;
    Ok(true)
}
