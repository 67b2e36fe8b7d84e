//! Server-only services behind the server functions: database, accounts, cases, sessions.
//! The command line and the demo seed call the same services, so every rule holds on
//! every path.

pub mod accounts;
pub mod auth;
pub mod cases;
pub mod db;
pub mod entities;
pub mod passwords;
pub mod session_store;
pub mod state;

pub use state::{AppState, PortalConfig};
