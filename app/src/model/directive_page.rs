//! The directive page: a directive with its versions and obligations, and the responses and
//! clarification requests made on it.

use super::cases::{CaseSummary, PartyChoice};
use super::clarifications::ClarificationRow;
use super::orders::{ObligationView, VersionView};
use super::responses::ResponseRow;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectiveDetail {
    pub case: CaseSummary,
    pub id: i32,
    pub label: String,
    pub order_id: i32,
    pub order_title: String,
    pub order_state: domain::orders::OrderState,
    /// The order's revision, carried by the form that edits a draft's directive.
    pub order_revision: i32,
    pub current: VersionView,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
    pub obligations: Vec<ObligationView>,
    pub responses: Vec<ResponseRow>,
    pub parties: Vec<PartyChoice>,
    /// What the reader may do here, by `domain::can`.
    pub may_assess: bool,
    /// The filed reports covering this directive an assessment may cite, newest first.
    pub citable: Vec<super::ReportCitation>,
    pub may_excuse: bool,
    pub may_respond: bool,
    /// Whether the reader may ask the court to clarify this directive.
    pub may_ask: bool,
    pub may_correct: bool,
    /// Requests on any version the reader may see, newest first.
    pub clarifications: Vec<ClarificationRow>,
}
