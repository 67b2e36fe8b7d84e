//! The evidence register: items, files, custody and ties.

use super::cases::{CaseSummary, PartyChoice};
use domain::evidence::{CustodyKind, EvidenceKind, SealingTier};
use serde::{Deserialize, Serialize};

/// One evidence item in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub kind: EvidenceKind,
    pub station_code: Option<String>,
    /// The producing party's short name, or "Court".
    pub producer: String,
    pub tier: SealingTier,
    pub recorded_at: String,
    pub files: u64,
}

/// What the evidence list is narrowed to; every field empty means everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFilter {
    pub kind: String,
    /// A party id, or "court".
    pub producer: String,
    pub tier: String,
    pub station: String,
}

/// One page of a case's evidence register, found by keyset: `after` and `before` are item
/// ids, so page 500 costs what page 1 does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceList {
    pub case: CaseSummary,
    pub items: Vec<EvidenceRow>,
    /// Pass as `after` for the next page.
    pub next_after: Option<i32>,
    /// Pass as `before` for the previous page.
    pub prev_before: Option<i32>,
    /// The parties of the case, for the producer filter.
    pub parties: Vec<PartyChoice>,
    /// Whom the reader may record items for: `None` is the court.
    pub may_record_for: Vec<Option<PartyChoice>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    pub id: i32,
    pub original_name: String,
    pub size: i64,
    pub sha256: String,
    pub declared_type: String,
    pub sniffed_type: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustodyView {
    pub at: String,
    pub kind: CustodyKind,
    /// Who did it; "Portal" for the portal's own checks.
    pub actor: String,
    pub handed_to: Option<String>,
    pub note: Option<String>,
    /// The file concerned, by its original name.
    pub file: Option<String>,
}

/// A record an item is tied to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkView {
    pub target_kind: String,
    pub target_id: i32,
    /// How the record reads, such as "Party IEBC".
    pub label: String,
    pub href: Option<String>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceDetail {
    pub case: CaseSummary,
    pub item: EvidenceRow,
    pub description: String,
    pub recorded_by: String,
    pub files: Vec<FileView>,
    pub custody: Vec<CustodyView>,
    pub links: Vec<LinkView>,
    pub may_add_files: bool,
    pub may_hand_over: bool,
    /// Records of the case the reader may tie the item to: (form value, label). Empty when
    /// they may not.
    pub tie_targets: Vec<(String, String)>,
}

/// An evidence item as another record shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    pub id: i32,
    pub code: String,
    pub title: String,
}
