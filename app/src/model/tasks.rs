//! Scrutiny tasks as pages show them.

use domain::tasks::{ScopeKind, TaskKind, TaskState};
use serde::{Deserialize, Serialize};

/// One line of a paste of station codes, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasteLine {
    /// The line of the paste it is on, from 1.
    pub line: usize,
    /// What was written there.
    pub written: String,
    /// The station code it reads as, when it reads as one.
    pub code: Option<String>,
    /// The station as the register lists it: "LAINI SABA PRIMARY 1 · KIBRA, NAIROBI CITY".
    pub station: Option<String>,
    /// Why no task can be made of it.
    pub problem: Option<String>,
}

/// What a paste would create, before it is created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub lines: Vec<PasteLine>,
    /// Tasks that would be created.
    pub ready: usize,
    /// Lines with a problem: nothing is created while there is one.
    pub problems: usize,
    /// The register codes were checked against; `None` when checked by shape only.
    pub register: Option<String>,
    pub directive_label: String,
    pub kind: TaskKind,
}

/// A task in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: i32,
    pub kind: TaskKind,
    pub scope: ScopeKind,
    /// What it is about, in words: a station's code and name, a ballot box, a server.
    pub subject: String,
    pub station_code: Option<String>,
    pub directive_id: i32,
    pub directive_label: String,
    pub state: TaskState,
    pub venue: String,
    pub slot: Option<String>,
    pub officers: Vec<String>,
    pub revision: i32,
}

/// How many tasks stand in one state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateCount {
    pub state: TaskState,
    pub count: u64,
}

/// A choice in one of the board's filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The task board: the tasks the reader may see, filtered, one page at a time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskBoard {
    pub case: super::CaseSummary,
    pub rows: Vec<TaskRow>,
    /// The tasks that pass the filters (every state), by state.
    pub counts: Vec<StateCount>,
    /// The tasks that pass the filters, state included.
    pub total: u64,
    /// The id to continue after, when there is a next page.
    pub next: Option<i32>,
    /// Station tasks verified, of all station tasks passing the filters but state.
    pub stations_done: u64,
    pub stations_ordered: u64,
    pub awaiting_verification: u64,
    /// Recounts whose two latest tallies differ, awaiting reconciliation.
    pub mismatches: u64,
    pub directives: Vec<Choice>,
    pub officers: Vec<Choice>,
    pub counties: Vec<Choice>,
    pub may_create: bool,
    /// What the reader's role shows by default: "my tasks" for officers, the tasks they
    /// attend for agents.
    pub scope_note: Option<String>,
}

/// What the form that creates tasks offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskFormChoices {
    pub case: super::CaseSummary,
    /// Directives in force under issued orders.
    pub directives: Vec<Choice>,
    /// The register codes are checked against; `None`: by shape only.
    pub register: Option<String>,
}

/// A step in a task's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskStep {
    pub at: String,
    pub by: String,
    pub what: String,
    pub reason: String,
}

/// An agent sent to a task. The ID and telephone numbers are for the court and the
/// agent's own party only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentView {
    pub id: i32,
    pub name: String,
    pub party: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

/// One task, with what the reader may do on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskDetail {
    pub case: super::CaseSummary,
    pub task: TaskRow,
    pub forms: Vec<String>,
    pub directive_text: String,
    /// The directive's window, in words.
    pub window: Option<String>,
    pub agent_limit: Option<i32>,
    pub agents: Vec<AgentView>,
    pub history: Vec<TaskStep>,
    pub created: String,
    /// The registrar's: schedule, block, unblock, cancel.
    pub may_manage: bool,
    /// The slot and officers as the schedule form starts from them.
    pub starts_input: String,
    pub ends_input: String,
    pub officer_choices: Vec<Choice>,
    pub assigned: Vec<String>,
    /// Counsel's: their party's agents not yet sent, when they may send one.
    pub may_send: Vec<Choice>,
    /// The registrar's steps the task's state allows now (`verify`, `return`, `reopen`,
    /// `block`, `unblock`, `cancel`).
    pub steps: Vec<String>,
    pub work: TaskWork,
}

/// The agents page: a party's agents for its counsel, every party's for the court.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentList {
    pub case: super::CaseSummary,
    pub agents: Vec<AgentView>,
    /// The party the reader nominates for, when they may.
    pub nominate_for: Option<Choice>,
}

/// Something a sitting opened or accessed, with its seals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingItemView {
    pub label: String,
    pub seal_found: String,
    pub seal_applied: String,
}

/// An agent's remark on a sitting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemarkView {
    pub by: String,
    pub objects: bool,
    pub text: String,
    pub at: String,
}

/// One supervised sitting of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingView {
    pub id: i32,
    /// "30 Aug 2022, 09:00 – 13:00", in the court's time.
    pub when: String,
    pub officers: Vec<String>,
    /// "Name (party)".
    pub agents: Vec<String>,
    pub items: Vec<SittingItemView>,
    pub refused: String,
    pub observations: String,
    pub recorded: String,
    /// The sitting this entry corrects.
    pub corrects: Option<i32>,
    /// The later entry that corrects this one.
    pub corrected_by: Option<i32>,
    pub remarks: Vec<RemarkView>,
    /// Whether the reader, an agent present, may remark on it now.
    pub may_remark: bool,
}

/// A person's signature on a finding version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureView {
    pub by: String,
    pub agrees: bool,
    pub remark: String,
    pub at: String,
}

/// One version of a task's finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingView {
    pub version: i32,
    pub recorded: String,
    pub change_note: String,
    pub body: domain::findings::FindingBody,
    pub exhibits: Vec<super::EvidenceRef>,
    pub signatures: Vec<SignatureView>,
}

/// A tally entered for the recount now being prepared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TallyView {
    pub by: String,
    pub at: String,
}

/// A task's sittings and findings, with the forms the reader may use on them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskWork {
    pub sittings: Vec<SittingView>,
    /// Newest first.
    pub findings: Vec<FindingView>,
    /// The reader may record sittings (an assigned officer, or the registrar).
    pub may_record: bool,
    /// Whether a new sitting would start the work, or only corrections are open.
    pub may_start: bool,
    /// Those who may be recorded as present: the task's officers, the agents sent.
    pub officer_choices: Vec<Choice>,
    pub agent_choices: Vec<Choice>,
    /// The finding form to show (`forms`, `recount`, `server`, `other`), when the reader
    /// may submit one now.
    pub finding_form: Option<String>,
    pub asks_book_2: bool,
    pub asks_form_32a: bool,
    /// The version a submission now would be.
    pub next_version: i32,
    /// A recount's tallies for the next version, and where the latest two differ.
    pub tallies: Vec<TallyView>,
    pub mismatches: Vec<domain::findings::Mismatch>,
    /// The version the reader may sign now.
    pub may_sign: Option<i32>,
    /// The objections disputing its findings that the reader may see, oldest first.
    pub disputes: Vec<DisputeView>,
    /// The form to dispute the verified finding, for counsel of a party.
    pub dispute_form: Option<DisputeForm>,
}

/// A party's objection disputing a verified finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeView {
    pub response_id: i32,
    /// The finding version disputed.
    pub version: i32,
    /// The party that filed it.
    pub from: String,
    pub title: String,
    /// When it was filed (or received at the registry), in the court's time.
    pub filed_at: String,
}

/// What the form disputing a verified finding needs: the finding version, the directive the
/// objection answers, the party it is filed for and how it may be sealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeForm {
    pub finding_id: i32,
    pub version: i32,
    pub directive_id: i32,
    pub directive_label: String,
    pub party_id: i32,
    pub party: String,
    /// No more open than the directive.
    pub tiers: Vec<Choice>,
}
