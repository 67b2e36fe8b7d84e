//! Server-only services behind the server functions: database, accounts, cases, sessions.
//! The command line and the demo seed call the same services, so every rule holds on
//! every path.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod clarifications;
pub mod compliance;
pub mod counters;
pub mod db;
pub mod docket;
pub mod entities;
pub mod evidence;
pub mod evidence_files;
pub mod notices;
pub mod orders;
pub mod passwords;
pub mod responses;
pub mod sealing;
pub mod session_store;
pub mod state;
pub mod storage;

pub use state::{AppState, PortalConfig};
