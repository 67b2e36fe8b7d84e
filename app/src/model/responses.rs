//! Party responses and the form to file one.

use super::cases::{CaseSummary, PartyChoice};
use super::evidence::EvidenceRef;
use super::orders::DirectiveChoice;
use domain::evidence::SealingTier;
use serde::{Deserialize, Serialize};

/// A response as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseRow {
    pub id: i32,
    pub kind: domain::orders::ResponseKind,
    /// The party's short name, or the third party's name.
    pub from: String,
    pub title: String,
    pub filed_at: String,
    pub tier: SealingTier,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseDetail {
    pub case: CaseSummary,
    pub row: ResponseRow,
    pub body: String,
    pub filed_by: String,
    /// The directives it answers: (directive id, label, version number).
    pub directives: Vec<(i32, String, i32)>,
}

/// What the response form offers the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseForm {
    pub case: CaseSummary,
    /// The party the reader files for, if any.
    pub party: Option<PartyChoice>,
    /// Whether the reader records third parties' letters (the registrar).
    pub may_record_third_party: bool,
    pub directives: Vec<DirectiveChoice>,
}
