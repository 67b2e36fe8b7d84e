//! Court orders and their directives. The registry drafts an order from the signed order,
//! directive by directive; issuing it files it on the docket, notifies the parties and sets
//! every obligation running. After that a directive changes only through a new version
//! that says why, and earlier versions stay readable.

mod compare;
mod drafting;
mod reads;
mod terms;
mod versions;

pub use compare::compare;
pub use drafting::{
    OrderInput, add_directive, discard, edit_directive, issue, record, remove_directive,
};
pub use reads::{detail, list};
pub use terms::Terms;
pub(crate) use versions::new_version;
pub use versions::{Correction, VersionChange, correct};
