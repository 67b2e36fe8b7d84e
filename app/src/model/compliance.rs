//! The compliance matrix and "my obligations".

use super::cases::{CaseSummary, PartyChoice};
use super::orders::ObligationView;
use domain::evidence::SealingTier;
use serde::{Deserialize, Serialize};

/// What the matrix is narrowed to; empty means everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MatrixFilter {
    /// A party id.
    pub party: String,
    /// A `ComplianceState` name.
    pub status: String,
    pub overdue_only: bool,
}

/// A cell of the matrix: only what the matrix shows, so a large case's page stays light
/// (the directive's page has the rest).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub party_id: i32,
    pub state: domain::compliance::ComplianceState,
    pub deadline_words: Option<String>,
    pub overdue: bool,
    pub latest_response: Option<(i32, String)>,
    /// Evidence items the reader may see, cited by this party's responses to this version.
    pub evidence: u64,
    pub clarification_pending: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub directive_id: i32,
    pub label: String,
    pub order_title: String,
    pub version: i32,
    pub excerpt: String,
    pub tier: SealingTier,
    /// One per column of `Matrix::parties`; `None` where the directive does not oblige that party.
    pub cells: Vec<Option<MatrixCell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    pub case: CaseSummary,
    /// The columns: parties obliged by at least one directive the reader may see.
    pub columns: Vec<PartyChoice>,
    pub rows: Vec<MatrixRow>,
    /// Every party of the case, for the filter.
    pub parties: Vec<PartyChoice>,
    pub filter: MatrixFilter,
}

/// One open obligation of the reader's party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyObligation {
    pub directive_id: i32,
    pub label: String,
    pub order_title: String,
    pub excerpt: String,
    pub deadline: Option<String>,
    pub obligation: ObligationView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyObligations {
    pub case: CaseSummary,
    /// `None` when the reader acts for no party.
    pub party: Option<PartyChoice>,
    pub open: Vec<MyObligation>,
    /// How many of the party's obligations are closed (complied with or excused): with none
    /// open, it tells "nothing owed yet" from "everything done".
    pub closed: usize,
}
