//! The docket and notices of filing.

use super::cases::{CaseSummary, Page};
use super::evidence::EvidenceRef;
use domain::evidence::SealingTier;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocketRow {
    pub number: i32,
    pub filed_at: String,
    pub filed_by: String,
    /// The party filed for, or "Court".
    pub filed_for: String,
    pub title: String,
    pub href: Option<String>,
    pub tier: SealingTier,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Docket {
    pub case: CaseSummary,
    pub entries: Page<DocketRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i32,
    pub case_id: i32,
    pub case_number: String,
    pub docket_number: i32,
    pub title: String,
    pub filed_at: String,
    pub filed_by: String,
    pub href: Option<String>,
    pub read: bool,
    /// The audit chain's head hash once the filing was recorded.
    pub audit_hash: String,
}
