//! Who may do what. One function answers every question; the server enforces its answer
//! and the UI uses the same answer to decide which buttons to show.

use crate::roles::CaseRole;
use serde::{Deserialize, Serialize};

/// The person asking, as far as the rules care: whether they administer the portal and what
/// role (if any) they hold in the case the action concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub is_admin: bool,
    /// `None` when the person is not a member of the case in question (or no case applies).
    pub case_role: Option<CaseRole>,
}

impl Actor {
    pub fn admin() -> Self {
        Actor {
            is_admin: true,
            case_role: None,
        }
    }

    pub fn member(role: CaseRole) -> Self {
        Actor {
            is_admin: false,
            case_role: Some(role),
        }
    }

    pub fn outsider() -> Self {
        Actor {
            is_admin: false,
            case_role: None,
        }
    }
}

/// Everything the foundation lets a signed-in person attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See a case's overview: parties, counsel, members. Also whether the case exists at all.
    ViewCase,
    /// Open the administration pages.
    Administer,
    CreateCase,
    AddParty,
    AddMember,
    CreateUser,
    /// Lift a login lock before it runs out.
    UnlockUser,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::ViewCase,
        Action::Administer,
        Action::CreateCase,
        Action::AddParty,
        Action::AddMember,
        Action::CreateUser,
        Action::UnlockUser,
    ];
}

/// Whether `actor` may do `action`. The single source of truth for the foundation's rules.
///
/// A case's existence is itself visible only to its members: administering the portal lets
/// an admin manage a case's parties and members, but reading the case (and, later, its
/// filings) needs membership like everyone else, so sealed material never leaks to admins.
pub fn can(actor: &Actor, action: Action) -> bool {
    match action {
        Action::ViewCase => actor.case_role.is_some(),
        Action::Administer
        | Action::CreateCase
        | Action::AddParty
        | Action::AddMember
        | Action::CreateUser
        | Action::UnlockUser => actor.is_admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors() -> Vec<(String, Actor)> {
        let mut all = vec![
            ("admin (not a member)".to_owned(), Actor::admin()),
            ("outsider".to_owned(), Actor::outsider()),
        ];
        for role in CaseRole::ALL {
            all.push((format!("{role:?}"), Actor::member(role)));
            all.push((
                format!("admin who is also {role:?}"),
                Actor {
                    is_admin: true,
                    case_role: Some(role),
                },
            ));
        }
        all
    }

    /// The whole table, written out, so any change to a rule shows up as a changed line here.
    fn expected(actor: &Actor, action: Action) -> bool {
        let member = actor.case_role.is_some();
        match action {
            Action::ViewCase => member,
            _ => actor.is_admin,
        }
    }

    #[test]
    fn every_actor_and_action_follows_the_table() {
        for (name, actor) in actors() {
            for action in Action::ALL {
                assert_eq!(
                    can(&actor, action),
                    expected(&actor, action),
                    "{name} / {action:?}"
                );
            }
        }
    }

    #[test]
    fn members_of_every_role_see_their_case_and_outsiders_do_not() {
        for role in CaseRole::ALL {
            assert!(can(&Actor::member(role), Action::ViewCase));
            assert!(!can(&Actor::member(role), Action::CreateCase));
            assert!(!can(&Actor::member(role), Action::AddMember));
        }
        assert!(!can(&Actor::outsider(), Action::ViewCase));
        assert!(!can(&Actor::admin(), Action::ViewCase));
        assert!(can(&Actor::admin(), Action::UnlockUser));
    }
}
