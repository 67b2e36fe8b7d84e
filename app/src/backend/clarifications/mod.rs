//! Clarification requests: counsel ask the court what a directive version means, quoting
//! the disputed words; the registrar opens the request for the other parties' responses
//! until a set time; the court rules (clarified, varied, dismissed) or the filer withdraws.
//! Every step goes through `domain::clarification`'s state machine, is audited, and (from
//! filing on) is a docket entry with notices.

mod filing;
mod hearing;
mod reads;
mod ruling;
mod steps;

pub use filing::{RequestInput, file, request, stamp, withdraw};
pub use hearing::{open, respond};
pub use reads::detail;
pub(crate) use reads::rows_for_versions;
pub use ruling::{RulingInput, rule};
pub use steps::{RESPONSE_TARGET, TARGET};
