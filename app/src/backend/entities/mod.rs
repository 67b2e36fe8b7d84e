//! Table mappings. Plain data; the rules about them live in the services beside this module.

pub mod case;
pub mod case_member;
pub mod login_failure;
pub mod party;
pub mod session;
pub mod user;
