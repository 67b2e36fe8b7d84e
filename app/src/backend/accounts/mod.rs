//! Accounts: creating them, signing in with throttling and a second factor, changing
//! passwords, unlocking.

mod sign_in;
pub mod two_factor;
mod users;

pub use sign_in::{authenticate, find_by_email, forget_stale_failures, record_sign_out};
pub use users::{create_user, list_users, set_password, unlock, user_view, user_view_of};
