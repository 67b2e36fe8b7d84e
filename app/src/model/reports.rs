//! The Registrar's report as its pages and document read it.

use super::CaseSummary;
use domain::evidence::SealingTier;
use domain::reports::{Missing, ReportContents};
use serde::{Deserialize, Serialize};

/// A directive version the report covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoveredDirective {
    pub id: i32,
    pub label: String,
    pub version: i32,
    pub order_title: String,
    /// When the order was made, in the court's time.
    pub order_issued: String,
    pub text: String,
    /// "30 Aug 2022, 14:00 EAT – 1 Sep 2022, 14:00 EAT", or empty.
    pub window: String,
    /// The officers assigned to its tasks.
    pub officers: Vec<String>,
}

/// A draft of the report, as it would print now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub case: CaseSummary,
    pub tier: SealingTier,
    /// Every directive chosen, left out or not: what filing this draft asks for again.
    pub chosen: Vec<i32>,
    pub covered: Vec<CoveredDirective>,
    /// Directives chosen but sealed more closely than the report: left out of it.
    pub left_out: Vec<String>,
    pub contents: ReportContents,
    /// What keeps it from being filed, task by task.
    pub missing: Vec<Missing>,
    /// When the report is due (the earliest of the covered orders'), in the court's time.
    pub due: Option<String>,
    /// Past due now, with no report filed: derived, never stored.
    pub overdue: bool,
    /// The audit chain's head when the draft was generated.
    pub audit_seq: i64,
    pub audit_hash: String,
    /// When it was generated, in the court's time.
    pub generated: String,
    /// A fingerprint of the covered tasks as they stand: a filing made from an older
    /// preview is refused.
    pub basis: String,
}

/// A directive the registrar may report on: one with tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportChoice {
    pub id: i32,
    pub label: String,
    pub order_title: String,
    pub tier: SealingTier,
    pub tasks: u64,
}

/// The reports page: the filed reports, and for the registrar what a new one may cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsOverview {
    pub case: CaseSummary,
    /// Newest first, as the reader may see them.
    pub filed: Vec<FiledReport>,
    pub may_prepare: bool,
    /// Whether the reader may assess compliance on a report (a judge or the registrar).
    pub may_assess: bool,
    /// When the report is due (the earliest of the issued orders'), in the court's time.
    pub due: Option<String>,
    /// Past due now, with no report filed: derived, never stored.
    pub overdue: bool,
    /// Directives in force with tasks, for the registrar.
    pub choices: Vec<ReportChoice>,
}

/// A filed version of the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FiledReport {
    pub id: i32,
    pub version: i32,
    pub tier: SealingTier,
    /// "1 Sep 2022, 16:30 EAT by Registrar".
    pub filed: String,
    /// Each directive it covers.
    pub covers: Vec<ReportCover>,
    /// The evidence item holding the document, and its page (where a copy is checked).
    pub exhibit: String,
    pub exhibit_href: String,
    /// The document as filed, byte for byte (`/cases/{id}/reports/{report}`).
    pub href: String,
    pub sha256: String,
    pub size: u64,
    /// The version it supersedes.
    pub supersedes: Option<i32>,
    /// The audit chain's head when it was generated.
    pub audit: String,
}

/// A filed report as a decision cites it, or as a form offers it to cite: "the Registrar's
/// report, version 1, filed 1 Sep 2022, 16:45 EAT", with the document's address for a
/// reader who may see it (none for one sealed from them: the citation still stands).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportCitation {
    pub id: i32,
    pub words: String,
    pub href: Option<String>,
}

/// A directive a filed report covers, with where the court assesses compliance with it on
/// that report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportCover {
    /// "7 (version 2)".
    pub words: String,
    /// The directive page, with this report chosen as the assessment's citation.
    pub assess_href: String,
}
