//! Cases, their parties and their members.

mod overview;
mod records;

pub use overview::{all_cases, for_admin, my_cases, overview};
pub use records::{NewCase, NewMember, NewParty, add_member, add_party, create_case};
