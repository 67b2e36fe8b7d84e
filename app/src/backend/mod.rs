//! Server-only services behind the server functions. The command line and the demo seed
//! call the same services, so every rule holds on every path.
//!
//! Layered from the bottom up; a module imports only from the layers below it:
//! 1. plumbing: `db` (connection, write transactions, errors), `revision` (the stale-form
//!    check), `stored` (typed state columns), `clock` (the time acts are recorded at),
//!    `state`, `entities`, `storage`, `passwords`, `session_store`, `counters`, `sealing`,
//!    `people`;
//! 2. records every workflow writes: `audit`, `docket` (filing), `notices`, and who is
//!    asking: `auth`, `case_scope`;
//! 3. shared reads: `directives`, `stations` (registers, and importing them);
//! 4. workflows, each one place: `accounts`, `cases`, `evidence`, `orders`, `compliance`,
//!    `responses` (which moves compliance cells), `clarifications` (whose rulings make
//!    directive versions), `tasks` (scrutiny tasks, which carry out directive versions);
//! 5. `views`: pages that gather several workflows.
//!
//! `app/tests/backend_layout.rs` holds the layout to this: no import cycle, no long file.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod case_scope;
pub mod cases;
pub mod clarifications;
pub mod clock;
pub mod compliance;
pub mod counters;
pub mod db;
pub mod directives;
pub mod docket;
pub mod entities;
pub mod evidence;
pub mod notices;
pub mod orders;
pub mod passwords;
pub mod people;
pub mod reports;
pub mod responses;
pub mod revision;
pub mod sealing;
pub mod second_step;
pub mod session_store;
pub mod state;
pub mod stations;
pub mod storage;
pub mod stored;
pub mod tasks;
pub mod views;

pub use state::{AppState, PortalConfig};
