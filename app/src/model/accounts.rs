//! The signed-in person, accounts as administrators see them, and the audit chain.

use serde::{Deserialize, Serialize};

/// The signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    /// Notices of filing not yet marked read.
    pub unread_notices: u64,
}

/// The second step of a sign-in, as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TwoFactorChallenge {
    /// No sign-in is waiting for a second step here (or it waited too long).
    NotPending,
    /// A code from the account's authenticator, or a recovery code.
    Verify { email: String },
    /// A second factor is required of the account and it has none yet.
    Enrol(Box<TwoFactorEnrolment>),
}

/// What a person needs to set up their authenticator, shown once, at enrolment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorEnrolment {
    pub email: String,
    /// The secret in base32, in groups of four, for typing into an app by hand.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as a `data:` address of an SVG image.
    pub qr_code: String,
    /// Recovery codes, as printed; shown here only.
    pub recovery_codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    /// When set, the account is locked until this time (court's time zone).
    pub locked_until: Option<String>,
    pub failed_logins: i32,
    /// An administrator requires a second factor of the account.
    pub two_factor_required: bool,
    /// The account has an authenticator enrolled.
    pub two_factor_enrolled: bool,
}

/// The audit chain's state, as the administration page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditStatus {
    pub intact: bool,
    pub length: i64,
    pub head: String,
    pub broken_at: Option<i64>,
    pub problem: Option<String>,
    pub seconds: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub case_id: Option<i32>,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub hash: String,
}
