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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    /// When set, the account is locked until this time (court's time zone).
    pub locked_until: Option<String>,
    pub failed_logins: i32,
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
