//! One module per page.

pub mod admin;
pub mod case;
pub mod cases;
pub mod login;
pub mod not_found;
