//! The portal's rules, free of I/O so that the server enforces them and the browser shows
//! buttons by the very same functions.

pub mod clarification;
pub mod compliance;
pub mod evidence;
pub mod fields;
pub mod findings;
pub mod labels;
pub mod orders;
pub mod permissions;
pub mod quotes;
pub mod reports;
pub mod roles;
pub mod stations;
pub mod tasks;
pub mod throttle;
pub mod two_factor;

pub use fields::{FieldError, FieldErrors};
pub use permissions::{Action, Actor, can};
pub use roles::{CaseRole, PartyRole};
