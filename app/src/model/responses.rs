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
    /// When it was filed here, or for a paper filing when the registry recorded it.
    pub filed_at: String,
    /// For a filing received at the registry on paper: when the registry received it.
    pub received_at: Option<String>,
    /// Against the deadlines of the directives it answers that the reader can see, judged by
    /// when it was filed or received: "directive 3: 6 hours late".
    pub late: Option<String>,
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
    /// The finding it disputes, when the reader may open its task: (task id, version).
    pub disputes: Option<(i32, i32)>,
}

/// What the response form offers the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseForm {
    pub case: CaseSummary,
    /// The party the reader files for, if any.
    pub party: Option<PartyChoice>,
    /// Whether the reader records third parties' letters (the registrar).
    pub may_record_third_party: bool,
    /// The parties whose paper filings the reader records as received at the registry
    /// (the registrar); empty for everyone else.
    pub registry_parties: Vec<PartyChoice>,
    pub directives: Vec<DirectiveChoice>,
    /// The largest file the form takes, in bytes.
    pub max_upload_bytes: u64,
}

impl ResponseRow {
    /// "filed 2 Dec 2026, 09:12 EAT", or "received at the registry 31 Aug 2022, 20:00 EAT,
    /// recorded 2 Dec 2026, 09:12 EAT".
    pub fn when(&self) -> String {
        match &self.received_at {
            Some(received) => format!(
                "received at the registry {received}, recorded {}",
                self.filed_at
            ),
            None => format!("filed {}", self.filed_at),
        }
    }
}
