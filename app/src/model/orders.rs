//! Orders, directives and their versions, and two versions compared.

use super::cases::{CaseSummary, PartyChoice};
use domain::evidence::SealingTier;
use serde::{Deserialize, Serialize};

/// An order in the case's list of orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i32,
    pub title: String,
    pub issued_at: String,
    pub state: domain::orders::OrderState,
    pub directives: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderList {
    pub case: CaseSummary,
    pub orders: Vec<OrderRow>,
    /// Whether the reader may record orders (and so sees drafts).
    pub may_record: bool,
}

/// One obligated party's compliance with one directive version: a cell of the matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObligationView {
    pub id: i32,
    pub party_id: i32,
    pub party: String,
    pub office: String,
    pub state: domain::compliance::ComplianceState,
    /// The registrar's reason for the latest finding, or the ruling's for an excuse.
    pub reason: String,
    /// Carried back by the assessment form; a change made meanwhile refuses it.
    pub revision: i32,
    pub deadline_words: Option<String>,
    pub overdue: bool,
    /// The court's findings and rulings on the cell, oldest first: a revised finding stays
    /// here. Filled on the directive page only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingLine>,
}

/// One finding or ruling on a cell, as the court recorded it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingLine {
    pub at: String,
    /// "Partly complied", "Revised to complied", "Excused".
    pub what: String,
    pub reason: String,
    /// The Registrar's report the court relied on.
    pub cites: Option<super::ReportCitation>,
}

/// A directive as one version states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub id: i32,
    pub number: i32,
    pub text: String,
    pub window_opens: Option<String>,
    pub deadline: Option<String>,
    pub limits: String,
    /// Agents each party may send to each task; `None`: the directive sets no number.
    pub agent_limit: Option<i32>,
    pub third_parties: Vec<String>,
    pub tier: SealingTier,
    pub reason: domain::orders::VersionReason,
    pub reason_note: String,
    pub carries_compliance: bool,
    pub created_at: String,
    pub created_by: String,
    /// The record that made this version (`clarification`, id), when a ruling did.
    pub source: Option<(String, i32)>,
    /// The window and deadline as `datetime-local` values, to start a new version from.
    pub window_opens_input: String,
    pub deadline_input: String,
}

/// A directive in its order's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectiveSummary {
    pub id: i32,
    pub label: String,
    pub current: VersionView,
    pub obligations: Vec<ObligationView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub case: CaseSummary,
    pub id: i32,
    pub title: String,
    pub issued_at: String,
    pub bench: String,
    pub preamble: String,
    /// When the Registrar's report is due, in the court's time.
    pub report_due: Option<String>,
    pub state: domain::orders::OrderState,
    pub revision: i32,
    /// In the court's numbering order; sealed ones the reader may not see are left out.
    pub directives: Vec<DirectiveSummary>,
    /// The parties of the case, for the directive form.
    pub parties: Vec<PartyChoice>,
    pub may_record: bool,
    /// For a draft, the members issuing it would notify ("Name, Role for PARTY"): what
    /// the registrar confirms before issuing. Empty otherwise.
    pub notified_on_issue: Vec<String>,
}

/// A directive as a choice in the response form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectiveChoice {
    pub id: i32,
    pub label: String,
    pub order_title: String,
    pub excerpt: String,
    /// How the directive is sealed: a filing about it may be sealed no more openly.
    pub tier: SealingTier,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

/// A run of words that is the same in both versions, or only in one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffPart {
    pub kind: DiffKind,
    pub text: String,
}

/// A term other than the text that differs between two versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Two versions of a directive compared word by word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionDiff {
    pub from: i32,
    pub to: i32,
    pub text: Vec<DiffPart>,
    pub changes: Vec<FieldChange>,
}
