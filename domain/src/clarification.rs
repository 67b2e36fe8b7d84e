//! A clarification request's life, as a state machine: drafted by counsel, filed, opened
//! for the other parties' responses until a time the registrar sets, then ruled on
//! (clarified, varied or dismissed) or withdrawn by its filer.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ruling {
    /// The court explains the words; the explanation is attached to the directive version.
    Clarified,
    /// The court changes the directive: a new version.
    Varied,
    Dismissed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClarificationState {
    Draft,
    Filed,
    /// Other parties may respond until the time the registrar set (kept by the caller).
    OpenForResponses,
    Ruled(Ruling),
    Withdrawn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClarificationEvent {
    File,
    OpenForResponses,
    Respond,
    Rule(Ruling),
    Withdraw,
}

impl ClarificationEvent {
    /// The event as a person names it, in the message that refuses it.
    pub fn label(self) -> &'static str {
        match self {
            ClarificationEvent::File => "File",
            ClarificationEvent::OpenForResponses => "Open for responses",
            ClarificationEvent::Respond => "Respond",
            ClarificationEvent::Rule(_) => "Rule",
            ClarificationEvent::Withdraw => "Withdraw",
        }
    }
}

impl ClarificationState {
    pub const ALL: [ClarificationState; 7] = [
        ClarificationState::Draft,
        ClarificationState::Filed,
        ClarificationState::OpenForResponses,
        ClarificationState::Ruled(Ruling::Clarified),
        ClarificationState::Ruled(Ruling::Varied),
        ClarificationState::Ruled(Ruling::Dismissed),
        ClarificationState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClarificationState::Draft => "draft",
            ClarificationState::Filed => "filed",
            ClarificationState::OpenForResponses => "open",
            ClarificationState::Ruled(Ruling::Clarified) => "clarified",
            ClarificationState::Ruled(Ruling::Varied) => "varied",
            ClarificationState::Ruled(Ruling::Dismissed) => "dismissed",
            ClarificationState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClarificationState::Draft => "Draft",
            ClarificationState::Filed => "Filed",
            ClarificationState::OpenForResponses => "Open for responses",
            ClarificationState::Ruled(Ruling::Clarified) => "Ruled: clarified",
            ClarificationState::Ruled(Ruling::Varied) => "Ruled: varied",
            ClarificationState::Ruled(Ruling::Dismissed) => "Ruled: dismissed",
            ClarificationState::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the request is still before the court (the matrix marks such cells).
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            ClarificationState::Filed | ClarificationState::OpenForResponses
        )
    }

    /// The state after `event`. `Respond` leaves the state as it is when allowed.
    pub fn apply(
        self,
        event: ClarificationEvent,
    ) -> Result<ClarificationState, IllegalClarification> {
        use ClarificationEvent as E;
        use ClarificationState as S;
        let next = match (self, event) {
            (S::Draft, E::File) => Some(S::Filed),
            (S::Filed, E::OpenForResponses) => Some(S::OpenForResponses),
            // The registrar may move the closing time while responses are open.
            (S::OpenForResponses, E::OpenForResponses) => Some(S::OpenForResponses),
            (S::OpenForResponses, E::Respond) => Some(S::OpenForResponses),
            (S::Filed | S::OpenForResponses, E::Rule(ruling)) => Some(S::Ruled(ruling)),
            (S::Draft | S::Filed | S::OpenForResponses, E::Withdraw) => Some(S::Withdrawn),
            _ => None,
        };
        next.ok_or(IllegalClarification { from: self, event })
    }
}

impl std::str::FromStr for ClarificationState {
    type Err = crate::roles::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClarificationState::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| crate::roles::UnknownName(s.to_owned()))
    }
}

impl fmt::Display for ClarificationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", explain(*.from, *.event))]
pub struct IllegalClarification {
    pub from: ClarificationState,
    pub event: ClarificationEvent,
}

fn explain(from: ClarificationState, event: ClarificationEvent) -> String {
    use ClarificationEvent as E;
    use ClarificationState as S;
    match (from, event) {
        (S::Ruled(_), _) => "The court has ruled on this request; it is closed.".to_owned(),
        (S::Withdrawn, _) => "This request was withdrawn; it is closed.".to_owned(),
        (S::Draft, E::OpenForResponses | E::Respond | E::Rule(_)) => {
            "This request is still a draft: it must be filed first.".to_owned()
        }
        (S::Filed, E::Respond) => {
            "Responses are not open yet: the registrar sets the time until which they are taken."
                .to_owned()
        }
        (S::Filed | S::OpenForResponses, E::File) => {
            "This request has already been filed.".to_owned()
        }
        (state, event) => format!(
            "“{}” is not possible while the request is “{}”.",
            event.label(),
            state.label()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClarificationEvent as E;
    use ClarificationState as S;

    const EVENTS: [ClarificationEvent; 7] = [
        E::File,
        E::OpenForResponses,
        E::Respond,
        E::Rule(Ruling::Clarified),
        E::Rule(Ruling::Varied),
        E::Rule(Ruling::Dismissed),
        E::Withdraw,
    ];

    /// Every state × event pair, written out.
    fn expected(from: S, event: E) -> Option<S> {
        match (from, event) {
            (S::Draft, E::File) => Some(S::Filed),
            (S::Draft, E::Withdraw) => Some(S::Withdrawn),
            (S::Draft, _) => None,

            (S::Filed, E::OpenForResponses) => Some(S::OpenForResponses),
            (S::Filed, E::Rule(r)) => Some(S::Ruled(r)),
            (S::Filed, E::Withdraw) => Some(S::Withdrawn),
            (S::Filed, E::File | E::Respond) => None,

            (S::OpenForResponses, E::OpenForResponses) => Some(S::OpenForResponses),
            (S::OpenForResponses, E::Respond) => Some(S::OpenForResponses),
            (S::OpenForResponses, E::Rule(r)) => Some(S::Ruled(r)),
            (S::OpenForResponses, E::Withdraw) => Some(S::Withdrawn),
            (S::OpenForResponses, E::File) => None,

            (S::Ruled(_), _) => None,
            (S::Withdrawn, _) => None,
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
                        assert_eq!(error, IllegalClarification { from, event });
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn only_filed_and_open_requests_are_pending() {
        let pending: Vec<S> = S::ALL.into_iter().filter(|s| s.is_pending()).collect();
        assert_eq!(pending, [S::Filed, S::OpenForResponses]);
    }

    #[test]
    fn stored_names_are_distinct() {
        let mut names: Vec<&str> = S::ALL.iter().map(|s| s.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), S::ALL.len());
    }
}
