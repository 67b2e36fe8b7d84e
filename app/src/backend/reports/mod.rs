//! The Registrar's report: drafted from the verified findings of the directives the
//! registrar chooses (`domain::reports` computes what it says), previewed as it would
//! print, and filed frozen, byte for byte.

mod draft;
mod filing;
mod reads;

pub use draft::{DraftInput, draft, overview};
pub use filing::{TARGET, file};
