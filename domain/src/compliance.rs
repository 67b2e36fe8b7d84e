//! Compliance with one directive version by one obligated party, as a state machine.
//!
//! The party reports compliance; the registrar assesses it (or finds non-compliance
//! without a report); a ruling may excuse it. Whether it is overdue is derived from the
//! deadline and the state, never stored.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplianceState {
    Pending,
    /// The party filed a compliance report; the registrar has not assessed it yet.
    ClaimedComplied,
    Complied,
    PartlyComplied,
    NotComplied,
    /// A ruling relieved the party of the obligation.
    Excused,
}

/// The registrar's finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Assessment {
    Complied,
    PartlyComplied,
    NotComplied,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplianceEvent {
    /// The party's compliance report.
    ReportCompliance,
    /// The registrar's assessment (with a reason, kept by the caller).
    Assess(Assessment),
    /// A ruling excuses the party.
    Excuse,
    /// The registrar corrects an earlier finding (with a reason, kept by the caller); the
    /// earlier one stays in the cell's history.
    Revise(Assessment),
}

impl ComplianceEvent {
    /// The event as a person names it, in the message that refuses it.
    pub fn label(self) -> &'static str {
        match self {
            ComplianceEvent::ReportCompliance => "Report compliance",
            ComplianceEvent::Assess(_) => "Assess",
            ComplianceEvent::Excuse => "Excuse",
            ComplianceEvent::Revise(_) => "Revise the finding",
        }
    }
}

impl ComplianceState {
    pub const ALL: [ComplianceState; 6] = [
        ComplianceState::Pending,
        ComplianceState::ClaimedComplied,
        ComplianceState::Complied,
        ComplianceState::PartlyComplied,
        ComplianceState::NotComplied,
        ComplianceState::Excused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplianceState::Pending => "pending",
            ComplianceState::ClaimedComplied => "claimed_complied",
            ComplianceState::Complied => "complied",
            ComplianceState::PartlyComplied => "partly_complied",
            ComplianceState::NotComplied => "not_complied",
            ComplianceState::Excused => "excused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ComplianceState::Pending => "Pending",
            ComplianceState::ClaimedComplied => "Compliance reported",
            ComplianceState::Complied => "Complied",
            ComplianceState::PartlyComplied => "Partly complied",
            ComplianceState::NotComplied => "Not complied",
            ComplianceState::Excused => "Excused",
        }
    }

    /// Whether the party still owes something: overdue applies only to these.
    pub fn awaits_party(self) -> bool {
        matches!(
            self,
            ComplianceState::Pending
                | ComplianceState::PartlyComplied
                | ComplianceState::NotComplied
        )
    }

    /// Whether the party can do nothing further (short of a new directive version); the
    /// court may still revise a finding of compliance.
    pub fn is_final(self) -> bool {
        matches!(self, ComplianceState::Complied | ComplianceState::Excused)
    }

    /// The event a registrar's finding is on this state: an assessment, or once a finding
    /// stands, a revision of it (the earlier finding stays in the history).
    pub fn finding_event(self, finding: Assessment) -> ComplianceEvent {
        match self {
            ComplianceState::Complied
            | ComplianceState::PartlyComplied
            | ComplianceState::NotComplied => ComplianceEvent::Revise(finding),
            _ => ComplianceEvent::Assess(finding),
        }
    }

    /// The state after `event`, or why it cannot happen.
    pub fn apply(self, event: ComplianceEvent) -> Result<ComplianceState, IllegalTransition> {
        use ComplianceEvent::*;
        use ComplianceState::*;
        let next = match (self, event) {
            // A report opens (or reopens, after a finding against the party) the question.
            (Pending | ClaimedComplied | PartlyComplied | NotComplied, ReportCompliance) => {
                Some(ClaimedComplied)
            }
            // The registrar assesses a report, or finds non-compliance without one.
            (ClaimedComplied, Assess(finding)) => Some(assessed(finding)),
            (Pending, Assess(Assessment::NotComplied)) => Some(NotComplied),
            (Pending | ClaimedComplied | PartlyComplied | NotComplied, Excuse) => Some(Excused),
            // A finding can be corrected, but only to a different one.
            (Complied | PartlyComplied | NotComplied, Revise(finding))
                if assessed(finding) != self =>
            {
                Some(assessed(finding))
            }
            _ => None,
        };
        next.ok_or(IllegalTransition { from: self, event })
    }
}

fn assessed(finding: Assessment) -> ComplianceState {
    match finding {
        Assessment::Complied => ComplianceState::Complied,
        Assessment::PartlyComplied => ComplianceState::PartlyComplied,
        Assessment::NotComplied => ComplianceState::NotComplied,
    }
}

impl std::str::FromStr for ComplianceState {
    type Err = crate::roles::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ComplianceState::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| crate::roles::UnknownName(s.to_owned()))
    }
}

impl fmt::Display for ComplianceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An event the state does not allow, with the reason in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", explain(*.from, *.event))]
pub struct IllegalTransition {
    pub from: ComplianceState,
    pub event: ComplianceEvent,
}

fn explain(from: ComplianceState, event: ComplianceEvent) -> String {
    match (from, event) {
        (state, ComplianceEvent::Revise(finding)) if assessed(finding) == state => format!(
            "The finding is already “{}”: a revision must change it.",
            state.label().to_lowercase()
        ),
        (ComplianceState::Excused, ComplianceEvent::Revise(_)) => {
            "A ruling has excused this obligation: there is no finding to revise.".to_owned()
        }
        (_, ComplianceEvent::Revise(_)) => {
            "There is no finding to revise yet: record an assessment first.".to_owned()
        }
        (ComplianceState::Complied, _) => {
            "The registrar has found this complied with; nothing more can be recorded against this version.".to_owned()
        }
        (ComplianceState::Excused, _) => {
            "A ruling has excused this obligation; nothing more can be recorded against this version.".to_owned()
        }
        (ComplianceState::Pending, ComplianceEvent::Assess(_)) => {
            "No compliance has been reported yet: the registrar can only find it not complied with.".to_owned()
        }
        (state, ComplianceEvent::Assess(_)) => format!(
            "This has already been assessed ({}); a new compliance report must come first.",
            state.label().to_lowercase()
        ),
        (state, event) => format!(
            "“{}” is not possible while the state is “{}”.",
            event.label(),
            state.label()
        ),
    }
}

/// Whether an obligation is overdue at `now`: past its deadline while the party still owes
/// something. Seconds since the Unix epoch, so the rule needs no clock of its own.
pub fn is_overdue(state: ComplianceState, deadline: i64, now: i64) -> bool {
    state.awaits_party() && now > deadline
}

/// How far a deadline is from `now`, in words a party reads at a glance: "2 days 3 hours
/// left", "overdue by 40 minutes". Seconds since the Unix epoch.
pub fn deadline_words(deadline: i64, now: i64) -> String {
    let amount = span_words(deadline - now);
    if deadline >= now {
        format!("{amount} left")
    } else {
        format!("overdue by {amount}")
    }
}

/// Whether an act (a filing, a report received at the registry) came after the deadline it
/// answers, judged by when it was done, not when it was recorded: "3 hours late", or `None`
/// in time. Seconds since the Unix epoch.
pub fn lateness(acted: i64, deadline: i64) -> Option<String> {
    (acted > deadline).then(|| format!("{} late", span_words(acted - deadline)))
}

/// A span of time in the two largest units that matter: "2 days 3 hours", "40 minutes".
fn span_words(seconds: i64) -> String {
    let span = seconds.abs();
    let (days, hours, minutes) = (span / 86_400, span % 86_400 / 3_600, span % 3_600 / 60);
    let unit = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    if days > 0 {
        if hours > 0 {
            format!("{} {}", unit(days, "day"), unit(hours, "hour"))
        } else {
            unit(days, "day")
        }
    } else if hours > 0 {
        if minutes > 0 {
            format!("{} {}", unit(hours, "hour"), unit(minutes, "minute"))
        } else {
            unit(hours, "hour")
        }
    } else {
        unit(minutes.max(1), "minute")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_read_in_words() {
        let now = 1_000_000;
        assert_eq!(
            deadline_words(now + 2 * 86_400 + 3 * 3_600 + 59, now),
            "2 days 3 hours left"
        );
        assert_eq!(deadline_words(now + 86_400, now), "1 day left");
        assert_eq!(
            deadline_words(now + 3_600 + 60, now),
            "1 hour 1 minute left"
        );
        assert_eq!(deadline_words(now + 20, now), "1 minute left");
        assert_eq!(deadline_words(now - 40 * 60, now), "overdue by 40 minutes");
        assert_eq!(deadline_words(now - 3 * 86_400, now), "overdue by 3 days");
    }
    use Assessment as A;
    use ComplianceEvent as E;
    use ComplianceState as S;

    const EVENTS: [ComplianceEvent; 8] = [
        E::ReportCompliance,
        E::Assess(A::Complied),
        E::Assess(A::PartlyComplied),
        E::Assess(A::NotComplied),
        E::Excuse,
        E::Revise(A::Complied),
        E::Revise(A::PartlyComplied),
        E::Revise(A::NotComplied),
    ];

    /// Every state × event pair, written out: a changed rule shows up as a changed line.
    fn expected(from: S, event: E) -> Option<S> {
        match (from, event) {
            (S::Pending, E::ReportCompliance) => Some(S::ClaimedComplied),
            (S::Pending, E::Assess(A::Complied)) => None,
            (S::Pending, E::Assess(A::PartlyComplied)) => None,
            (S::Pending, E::Assess(A::NotComplied)) => Some(S::NotComplied),
            (S::Pending, E::Excuse) => Some(S::Excused),
            (S::Pending, E::Revise(_)) => None,

            (S::ClaimedComplied, E::ReportCompliance) => Some(S::ClaimedComplied),
            (S::ClaimedComplied, E::Assess(A::Complied)) => Some(S::Complied),
            (S::ClaimedComplied, E::Assess(A::PartlyComplied)) => Some(S::PartlyComplied),
            (S::ClaimedComplied, E::Assess(A::NotComplied)) => Some(S::NotComplied),
            (S::ClaimedComplied, E::Excuse) => Some(S::Excused),
            (S::ClaimedComplied, E::Revise(_)) => None,

            (S::Complied, E::Revise(A::Complied)) => None,
            (S::Complied, E::Revise(A::PartlyComplied)) => Some(S::PartlyComplied),
            (S::Complied, E::Revise(A::NotComplied)) => Some(S::NotComplied),
            (S::Complied, _) => None,

            (S::PartlyComplied, E::ReportCompliance) => Some(S::ClaimedComplied),
            (S::PartlyComplied, E::Assess(_)) => None,
            (S::PartlyComplied, E::Excuse) => Some(S::Excused),
            (S::PartlyComplied, E::Revise(A::Complied)) => Some(S::Complied),
            (S::PartlyComplied, E::Revise(A::PartlyComplied)) => None,
            (S::PartlyComplied, E::Revise(A::NotComplied)) => Some(S::NotComplied),

            (S::NotComplied, E::ReportCompliance) => Some(S::ClaimedComplied),
            (S::NotComplied, E::Assess(_)) => None,
            (S::NotComplied, E::Excuse) => Some(S::Excused),
            (S::NotComplied, E::Revise(A::Complied)) => Some(S::Complied),
            (S::NotComplied, E::Revise(A::PartlyComplied)) => Some(S::PartlyComplied),
            (S::NotComplied, E::Revise(A::NotComplied)) => None,

            (S::Excused, _) => None,
        }
    }

    #[test]
    fn every_state_and_event_follows_the_table() {
        for from in S::ALL {
            for event in EVENTS {
                let got = from.apply(event);
                match expected(from, event) {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} + {event:?}"),
                    None => {
                        let error = got.expect_err("an illegal transition");
                        assert_eq!(error, IllegalTransition { from, event });
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn final_states_take_nothing_from_the_party() {
        for from in S::ALL.into_iter().filter(|s| s.is_final()) {
            assert!(from.apply(E::ReportCompliance).is_err(), "{from:?}");
            assert!(from.apply(E::Excuse).is_err(), "{from:?}");
        }
    }

    #[test]
    fn a_revision_that_changes_nothing_says_so() {
        let e = S::PartlyComplied
            .apply(E::Revise(A::PartlyComplied))
            .unwrap_err();
        assert!(e.to_string().contains("already “partly complied”"), "{e}");
    }

    #[test]
    fn lateness_is_judged_by_the_act() {
        assert_eq!(lateness(100, 100), None);
        assert_eq!(lateness(99, 100), None);
        assert_eq!(
            lateness(100 + 3 * 3_600, 100).as_deref(),
            Some("3 hours late")
        );
        assert_eq!(lateness(101, 100).as_deref(), Some("1 minute late"));
    }

    #[test]
    fn overdue_is_past_the_deadline_while_the_party_still_owes() {
        assert!(is_overdue(S::Pending, 100, 101));
        assert!(!is_overdue(S::Pending, 100, 100));
        assert!(is_overdue(S::NotComplied, 100, 200));
        assert!(is_overdue(S::PartlyComplied, 100, 200));
        assert!(
            !is_overdue(S::ClaimedComplied, 100, 200),
            "awaiting the registrar"
        );
        assert!(!is_overdue(S::Complied, 100, 200));
        assert!(!is_overdue(S::Excused, 100, 200));
    }

    #[test]
    fn errors_say_why() {
        let e = S::Complied.apply(E::ReportCompliance).unwrap_err();
        assert!(e.to_string().contains("found this complied with"));
        let e = S::Pending.apply(E::Assess(A::Complied)).unwrap_err();
        assert!(
            e.to_string()
                .contains("No compliance has been reported yet")
        );
    }
}
