//! Server functions: thin adapters that read the session, call a service, and map the
//! outcome. Every rule they rely on lives in `domain` or in the services.

pub mod admin;
pub mod auth;
pub mod cases;
pub mod evidence;
pub mod orders;
