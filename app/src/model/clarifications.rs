//! Clarification requests and the responses to them.

use super::cases::{CaseSummary, PartyChoice};
use super::evidence::EvidenceRef;
use super::orders::{ObligationView, VersionView};
use serde::{Deserialize, Serialize};

/// A clarification request as lists and the directive page show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClarificationRow {
    pub id: i32,
    pub party: String,
    pub state: domain::clarification::ClarificationState,
    pub quote: String,
    /// The quoted words' byte range in the version's text, for highlighting in place.
    pub quote_start: usize,
    pub quote_end: usize,
    pub version: i32,
    /// The court's clarification or reasons, once ruled.
    pub ruling_text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClarificationResponseView {
    pub party: String,
    pub position: domain::orders::Position,
    pub body: String,
    pub filed_at: String,
    pub filed_by: String,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClarificationDetail {
    pub case: CaseSummary,
    pub row: ClarificationRow,
    pub directive_id: i32,
    pub directive_label: String,
    /// The text of the version the request is made against.
    pub version_text: String,
    pub question: String,
    pub grounds: String,
    pub proposed: String,
    pub drafted_by: String,
    /// When it was filed: "lodged 2 Sep 2022, 10:00 EAT, recorded …" for one lodged on
    /// paper and stamped by the registry.
    pub filed_at: Option<String>,
    /// The deadline of the directive version it asks about.
    pub deadline: Option<String>,
    /// The ruling's words when it was dismissed as out of time, naming the deadline.
    pub out_of_time: Option<String>,
    /// The Registrar's report the ruling relies on.
    pub cites: Option<super::ReportCitation>,
    /// The filed reports covering the directive a ruling may cite (for those who rule).
    pub citable: Vec<super::ReportCitation>,
    /// Whether the reader records the registry's stamp (when it was lodged on paper).
    pub may_stamp: bool,
    pub responses_close_at: Option<String>,
    /// Whether responses are still taken now.
    pub responses_open: bool,
    /// "ruled 31 Aug 2022, 16:00 EAT, recorded 2 Dec 2026, 09:12 EAT".
    pub ruled_at: Option<String>,
    /// The version a variation created.
    pub new_version: Option<i32>,
    pub revision: i32,
    pub evidence: Vec<EvidenceRef>,
    pub responses: Vec<ClarificationResponseView>,
    /// What the reader may do now, by `domain::can` and the state machine.
    pub may_file: bool,
    pub may_withdraw: bool,
    pub may_open: bool,
    pub may_respond: bool,
    pub may_rule: bool,
    /// The directive's terms as they stand, to start a variation from.
    pub current: VersionView,
    pub current_obliged: Vec<ObligationView>,
    pub parties: Vec<PartyChoice>,
}
