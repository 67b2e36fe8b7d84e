//! What server functions send to pages. Times arrive already written in the court's time
//! zone, so the browser needs no time-zone database.

use domain::evidence::{CustodyKind, EvidenceKind, SealingTier};
use domain::{CaseRole, PartyRole};
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
pub struct CaseSummary {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub court: String,
    pub filing_date: String,
    /// The viewer's role in the case; `None` on admin lists for cases they do not belong to.
    pub my_role: Option<CaseRole>,
    /// Changes whenever the case, its parties or its members change; forms carry it back
    /// so that a stale form is refused instead of overwriting newer work.
    pub revision: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyView {
    pub id: i32,
    pub name: String,
    pub short_name: String,
    pub role: PartyRole,
    pub counsel: Vec<String>,
    pub representatives: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i32,
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub role: CaseRole,
    pub party: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseOverview {
    pub case: CaseSummary,
    pub parties: Vec<PartyView>,
    pub members: Vec<MemberView>,
    /// Evidence items the reader may see; `None` on the administration page.
    pub evidence_count: Option<u64>,
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

/// One page of a list, with the total so the page can say "41–60 of 135".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// A party as a choice in a form or a filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyChoice {
    pub id: i32,
    pub short_name: String,
    pub name: String,
}

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
    pub state: domain::orders::OrderState,
    pub revision: i32,
    /// In the court's numbering order; sealed ones the reader may not see are left out.
    pub directives: Vec<DirectiveSummary>,
    /// The parties of the case, for the directive form.
    pub parties: Vec<PartyChoice>,
    pub may_record: bool,
}

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
pub struct DirectiveDetail {
    pub case: CaseSummary,
    pub id: i32,
    pub label: String,
    pub order_id: i32,
    pub order_title: String,
    pub order_state: domain::orders::OrderState,
    pub current: VersionView,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
    pub obligations: Vec<ObligationView>,
    pub responses: Vec<ResponseRow>,
    pub parties: Vec<PartyChoice>,
    /// What the reader may do here, by `domain::can`.
    pub may_assess: bool,
    pub may_excuse: bool,
    pub may_respond: bool,
    /// Whether the reader may ask the court to clarify this directive.
    pub may_ask: bool,
    pub may_correct: bool,
    /// Requests on any version the reader may see, newest first.
    pub clarifications: Vec<ClarificationRow>,
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
}

/// A directive as a choice in the response form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectiveChoice {
    pub id: i32,
    pub label: String,
    pub order_title: String,
    pub excerpt: String,
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
    pub filed_at: Option<String>,
    pub responses_close_at: Option<String>,
    /// Whether responses are still taken now.
    pub responses_open: bool,
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
