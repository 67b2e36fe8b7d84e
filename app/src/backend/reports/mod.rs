//! The Registrar's report: drafted from the verified findings of the directives the
//! registrar chooses (`domain::reports` computes what it says), previewed as it would
//! print, and filed frozen, byte for byte.

mod citations;
mod draft;
mod filing;
mod reads;

pub use citations::{citable, citations, cited, earliest_citing};
pub use draft::{DraftInput, draft, overview};
pub use filing::{TARGET, file};
pub use reads::document;
