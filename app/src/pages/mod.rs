//! One module per page.

pub mod admin;
pub mod case;
pub mod cases;
pub mod clarification;
pub mod compliance;
pub mod docket;
pub mod evidence;
pub mod login;
pub mod not_found;
pub mod notices;
pub mod orders;
pub mod reports;
pub mod responses;
pub mod tasks;
