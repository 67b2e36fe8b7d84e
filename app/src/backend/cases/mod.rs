//! Cases, their parties and their members.

mod changes;
mod overview;
mod records;
mod register;

pub use changes::{PartyRemoval, edit_member, edit_party, remove_member, remove_party};
pub use overview::{all_cases, for_admin, my_cases, overview};
pub use records::{NewCase, NewMember, NewParty, add_member, add_party, create_case};
pub use register::set_election;
