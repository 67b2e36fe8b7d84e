//! Scrutiny tasks: the units of supervised work a registrar assigns to carry out a
//! directive, and their lifecycle as a state machine.
//!
//! planned → scheduled → in progress → findings submitted → verified; a submitted finding
//! may be returned for correction and submitted again, and a verified one reopened (with a
//! reason). Work can be blocked (access refused by a third party) and unblocked, back to
//! where it stood, and a task can be cancelled. The reasons are kept by the caller.

use crate::evidence::named_enum;
use crate::roles::UnknownName;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

named_enum!(
    /// What the task does.
    TaskKind {
        Recount => "recount", "Recount a ballot box";
        InspectForms => "inspect_forms", "Inspect forms";
        ServerAccess => "server_access", "Supervise server access or imaging";
        InspectKiems => "inspect_kiems", "Inspect KIEMS kits";
        ExamineLogs => "examine_logs", "Examine logs";
        Other => "other", "Other";
    }
);

named_enum!(
    /// The statutory forms an inspection covers. Names start with a letter: a form field
    /// `forms[form_32a]` is read as a map key, where `forms[32a]` would be read as an index.
    FormKind {
        Form34aBook1 => "form_34a_book_1", "Form 34A (Book 1)";
        Form34aBook2 => "form_34a_book_2", "Form 34A (Book 2)";
        Form32a => "form_32a", "Form 32A";
        Form34b => "form_34b", "Form 34B";
    }
);

named_enum!(
    /// What a task is about: a polling station (or one ballot box of it), a server, or an
    /// item of the evidence register.
    ScopeKind {
        Station => "station", "Polling station";
        BallotBox => "ballot_box", "Ballot box";
        Server => "server", "Server";
        Evidence => "evidence", "Evidence item";
    }
);

impl TaskKind {
    /// The scopes a task of this kind may have; the first is the one a form offers first.
    pub fn scopes(self) -> &'static [ScopeKind] {
        use ScopeKind::*;
        match self {
            TaskKind::Recount => &[BallotBox, Station],
            TaskKind::InspectForms | TaskKind::InspectKiems => &[Station],
            TaskKind::ServerAccess => &[Server],
            TaskKind::ExamineLogs => &[Server, Evidence],
            TaskKind::Other => &[Station, BallotBox, Server, Evidence],
        }
    }

    /// Whether a paste of station codes can create tasks of this kind.
    pub fn is_per_station(self) -> bool {
        self.scopes().contains(&ScopeKind::Station)
    }
}

named_enum!(
    /// Where a task stands.
    TaskState {
        Planned => "planned", "Planned";
        Scheduled => "scheduled", "Scheduled";
        InProgress => "in_progress", "In progress";
        FindingsSubmitted => "findings_submitted", "Findings submitted";
        /// The registrar verified the findings: they may enter the report.
        Verified => "verified", "Verified";
        /// The registrar returned the findings for correction.
        Returned => "returned", "Returned for correction";
        /// Work cannot go on (access refused, a box missing) until the cause is dealt with.
        Blocked => "blocked", "Blocked";
        Cancelled => "cancelled", "Cancelled";
    }
);

impl TaskState {
    /// Whether the task is over: nothing more is done on it (short of reopening a verified
    /// finding).
    pub fn is_closed(self) -> bool {
        matches!(self, TaskState::Verified | TaskState::Cancelled)
    }

    /// Whether officers may record sittings and findings on it.
    pub fn takes_work(self) -> bool {
        matches!(self, TaskState::InProgress | TaskState::Returned)
    }

    /// The states a task may be blocked from, and so unblocked back to.
    pub fn may_block(self) -> bool {
        matches!(
            self,
            TaskState::Planned | TaskState::Scheduled | TaskState::InProgress | TaskState::Returned
        )
    }
}

/// What happens to a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskEvent {
    /// The registrar gives it a slot (or a new one).
    Schedule,
    /// A supervised sitting begins.
    StartSession,
    /// The officers submit the findings.
    SubmitFindings,
    /// The registrar verifies the findings.
    Verify,
    /// The registrar returns the findings for correction (with a reason).
    Return,
    /// The registrar reopens verified findings (with a reason).
    Reopen,
    /// Work is blocked (with a reason, and the filing that records it).
    Block,
    /// The block is lifted: the task goes back to where it stood.
    Unblock { to: TaskState },
    /// The registrar cancels the task (with a reason).
    Cancel,
}

impl TaskEvent {
    /// The events without parameters, and unblocking to each state, for tables that walk
    /// every rule.
    pub fn all() -> Vec<TaskEvent> {
        let mut all = vec![
            TaskEvent::Schedule,
            TaskEvent::StartSession,
            TaskEvent::SubmitFindings,
            TaskEvent::Verify,
            TaskEvent::Return,
            TaskEvent::Reopen,
            TaskEvent::Block,
            TaskEvent::Cancel,
        ];
        all.extend(TaskState::ALL.iter().map(|&to| TaskEvent::Unblock { to }));
        all
    }

    /// The stable name stored in a task's history.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskEvent::Schedule => "schedule",
            TaskEvent::StartSession => "start_session",
            TaskEvent::SubmitFindings => "submit_findings",
            TaskEvent::Verify => "verify",
            TaskEvent::Return => "return",
            TaskEvent::Reopen => "reopen",
            TaskEvent::Block => "block",
            TaskEvent::Unblock { .. } => "unblock",
            TaskEvent::Cancel => "cancel",
        }
    }

    /// How a stored event name reads in a task's history.
    pub fn label_of(stored: &str) -> &'static str {
        TaskEvent::all()
            .into_iter()
            .find(|e| e.as_str() == stored)
            .map_or("Changed", TaskEvent::label)
    }

    /// How the event reads in a task's history.
    pub fn label(self) -> &'static str {
        match self {
            TaskEvent::Schedule => "Scheduled",
            TaskEvent::StartSession => "Sitting started",
            TaskEvent::SubmitFindings => "Findings submitted",
            TaskEvent::Verify => "Findings verified",
            TaskEvent::Return => "Returned for correction",
            TaskEvent::Reopen => "Reopened",
            TaskEvent::Block => "Blocked",
            TaskEvent::Unblock { .. } => "Unblocked",
            TaskEvent::Cancel => "Cancelled",
        }
    }

    /// Whether the event must carry a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            TaskEvent::Return | TaskEvent::Reopen | TaskEvent::Block | TaskEvent::Cancel
        )
    }
}

impl TaskState {
    /// The state after `event`, or why it cannot happen.
    pub fn apply(self, event: TaskEvent) -> Result<TaskState, IllegalTaskStep> {
        use TaskEvent as E;
        use TaskState::*;
        let next = match (self, event) {
            (Planned | Scheduled, E::Schedule) => Some(Scheduled),
            (Scheduled | InProgress | Returned, E::StartSession) => Some(InProgress),
            (InProgress | Returned, E::SubmitFindings) => Some(FindingsSubmitted),
            (FindingsSubmitted, E::Verify) => Some(Verified),
            (FindingsSubmitted, E::Return) | (Verified, E::Reopen) => Some(Returned),
            (from, E::Block) if from.may_block() => Some(Blocked),
            (Blocked, E::Unblock { to }) if to.may_block() => Some(to),
            (from, E::Cancel) if !from.is_closed() => Some(Cancelled),
            _ => None,
        };
        next.ok_or(IllegalTaskStep { from: self, event })
    }
}

/// A step the task's state does not allow, with the reason in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", explain(*.from, *.event))]
pub struct IllegalTaskStep {
    pub from: TaskState,
    pub event: TaskEvent,
}

fn explain(from: TaskState, event: TaskEvent) -> String {
    use TaskEvent as E;
    use TaskState::*;
    let state = from.label().to_lowercase();
    match (from, event) {
        (Cancelled, _) => "The task was cancelled; nothing more can be done on it.".to_owned(),
        (Blocked, E::Unblock { .. }) => "A task can only go back to planned, scheduled, in progress or returned when unblocked.".to_owned(),
        (Blocked, _) => "The task is blocked: unblock it first.".to_owned(),
        (_, E::Unblock { .. }) => "The task is not blocked.".to_owned(),
        (Verified, E::Cancel) => "The findings are verified: reopen them, with a reason, before cancelling.".to_owned(),
        (Verified, _) => "The findings are verified: reopen them, with a reason, to change anything.".to_owned(),
        (_, E::Schedule) => format!("The task is {state}: it can only be scheduled before work starts."),
        (Planned, E::StartSession) => "Schedule the task before its first sitting.".to_owned(),
        (FindingsSubmitted, E::StartSession) => "The findings are with the registrar: a sitting can start again only if they are returned.".to_owned(),
        (_, E::SubmitFindings) => format!("The task is {state}: findings are submitted after a sitting has started."),
        (_, E::Verify | E::Return) => format!("The task is {state}: only submitted findings can be verified or returned."),
        (_, E::Reopen) => format!("The task is {state}: only verified findings can be reopened."),
        (_, event) => format!("“{}” is not possible while the task is {state}.", event.label()),
    }
}

impl fmt::Display for TaskEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskEvent as E;
    use TaskState as S;

    /// Every state × event pair, written out: a changed rule shows up as a changed line.
    fn expected(from: S, event: E) -> Option<S> {
        let resumable =
            |to: S| matches!(to, S::Planned | S::Scheduled | S::InProgress | S::Returned);
        match (from, event) {
            (S::Planned, E::Schedule) => Some(S::Scheduled),
            (S::Planned, E::Block) => Some(S::Blocked),
            (S::Planned, E::Cancel) => Some(S::Cancelled),
            (S::Planned, _) => None,

            (S::Scheduled, E::Schedule) => Some(S::Scheduled),
            (S::Scheduled, E::StartSession) => Some(S::InProgress),
            (S::Scheduled, E::Block) => Some(S::Blocked),
            (S::Scheduled, E::Cancel) => Some(S::Cancelled),
            (S::Scheduled, _) => None,

            (S::InProgress, E::StartSession) => Some(S::InProgress),
            (S::InProgress, E::SubmitFindings) => Some(S::FindingsSubmitted),
            (S::InProgress, E::Block) => Some(S::Blocked),
            (S::InProgress, E::Cancel) => Some(S::Cancelled),
            (S::InProgress, _) => None,

            (S::FindingsSubmitted, E::Verify) => Some(S::Verified),
            (S::FindingsSubmitted, E::Return) => Some(S::Returned),
            (S::FindingsSubmitted, E::Cancel) => Some(S::Cancelled),
            (S::FindingsSubmitted, _) => None,

            (S::Returned, E::StartSession) => Some(S::InProgress),
            (S::Returned, E::SubmitFindings) => Some(S::FindingsSubmitted),
            (S::Returned, E::Block) => Some(S::Blocked),
            (S::Returned, E::Cancel) => Some(S::Cancelled),
            (S::Returned, _) => None,

            (S::Verified, E::Reopen) => Some(S::Returned),
            (S::Verified, _) => None,

            (S::Blocked, E::Unblock { to }) if resumable(to) => Some(to),
            (S::Blocked, E::Cancel) => Some(S::Cancelled),
            (S::Blocked, _) => None,

            (S::Cancelled, _) => None,
        }
    }

    #[test]
    fn every_state_and_event_follows_the_table() {
        for &from in S::ALL {
            for event in E::all() {
                let got = from.apply(event);
                match expected(from, event) {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} + {event:?}"),
                    None => {
                        let error = got.expect_err("an illegal step");
                        assert_eq!(error, IllegalTaskStep { from, event });
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn errors_say_why() {
        let e = S::Planned.apply(E::StartSession).unwrap_err();
        assert_eq!(e.to_string(), "Schedule the task before its first sitting.");
        let e = S::Verified.apply(E::Return).unwrap_err();
        assert!(e.to_string().contains("reopen them, with a reason"), "{e}");
        let e = S::Blocked
            .apply(E::Unblock { to: S::Verified })
            .unwrap_err();
        assert!(e.to_string().contains("can only go back to"), "{e}");
        let e = S::InProgress.apply(E::Verify).unwrap_err();
        assert!(e.to_string().contains("only submitted findings"), "{e}");
    }

    #[test]
    fn reasons_are_asked_for_the_registrar_s_interventions() {
        let needing: Vec<E> = E::all().into_iter().filter(|e| e.needs_reason()).collect();
        assert_eq!(needing, vec![E::Return, E::Reopen, E::Block, E::Cancel]);
    }

    #[test]
    fn tasks_have_the_scopes_their_kind_allows() {
        assert_eq!(TaskKind::Recount.scopes()[0], ScopeKind::BallotBox);
        assert!(TaskKind::InspectForms.is_per_station());
        assert!(!TaskKind::ServerAccess.is_per_station());
        for kind in TaskKind::ALL {
            assert!(!kind.scopes().is_empty(), "{kind:?}");
            assert_eq!(kind.as_str().parse::<TaskKind>(), Ok(*kind));
        }
        assert!("audit".parse::<TaskKind>().is_err());
    }
}
