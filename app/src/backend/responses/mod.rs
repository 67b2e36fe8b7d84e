//! What parties file about directives: compliance reports, objections, letters,
//! affidavits, replies, and third parties' letters the registrar records, each on paper
//! received at the registry or filed here. Each is tied to one or more directives, cites
//! evidence from the register (a file sent with it becomes an exhibit), and is filed on the
//! docket.

mod filing;
mod reads;

pub use filing::{Attachment, CheckedResponse, ResponseInput, check, file, record};
pub use reads::{detail, form};
pub(crate) use reads::{rows_for_versions, visible};

/// The docket's and evidence links' name for a response.
pub const TARGET: &str = "response";
