//! Accounts: creating them, signing in with throttling and a second factor, changing
//! passwords, unlocking.

mod failures;
mod sign_in;
pub mod two_factor;
mod users;

pub use failures::forget_stale_failures;
pub use sign_in::{authenticate, find_by_email, record_sign_out};
pub use users::{create_user, list_users, set_password, unlock, user_view, user_view_of};
