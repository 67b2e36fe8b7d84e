//! Who may do what. One function answers every question; the server enforces its answer
//! and the UI uses the same answer to decide which buttons to show.

use crate::evidence::{Producer, Sealing, SealingTier};
use crate::roles::CaseRole;
use serde::{Deserialize, Serialize};

/// The person asking, as far as the rules care: whether they administer the portal and what
/// role (if any) they hold in the case the action concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account, when the actor is a signed-in person (the command line and the demo
    /// seed act as the portal itself).
    pub user_id: Option<i32>,
    pub is_admin: bool,
    /// `None` when the person is not a member of the case in question (or no case applies).
    pub case_role: Option<CaseRole>,
    /// The party a counsel or representative acts for in that case.
    pub party_id: Option<i32>,
}

impl Actor {
    pub fn admin() -> Self {
        Actor {
            user_id: None,
            is_admin: true,
            case_role: None,
            party_id: None,
        }
    }

    pub fn member(role: CaseRole) -> Self {
        Actor {
            user_id: None,
            is_admin: false,
            case_role: Some(role),
            party_id: None,
        }
    }

    /// Counsel or a representative acting for `party_id`.
    pub fn for_party(role: CaseRole, party_id: i32) -> Self {
        Actor {
            user_id: None,
            is_admin: false,
            case_role: Some(role),
            party_id: Some(party_id),
        }
    }

    /// The same actor, identified as the account `user_id`.
    pub fn by(self, user_id: i32) -> Self {
        Actor {
            user_id: Some(user_id),
            ..self
        }
    }

    pub fn outsider() -> Self {
        Actor {
            user_id: None,
            is_admin: false,
            case_role: None,
            party_id: None,
        }
    }

    /// The party this actor acts for (as its counsel or representative), if any.
    pub fn party_acted_for(&self) -> Option<i32> {
        self.party_id
            .filter(|_| self.case_role.is_some_and(CaseRole::acts_for_party))
    }

    /// Whether the actor acts for the party that produced something.
    pub fn acts_for(&self, producer: Producer) -> bool {
        matches!(
            (self.case_role, producer),
            (Some(role), Producer::Party(id)) if role.acts_for_party() && self.party_id == Some(id)
        )
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
    /// An account's sign-in: lift a login lock before it runs out; require a second factor
    /// of the account, waive it, or reset a lost authenticator.
    ManageSignIn,
    /// Walk the audit chain and see its entries.
    VerifyAudit,
    /// Learn that a sealed thing (an evidence item, a filing, a notice of it) exists, and
    /// read it. Every path that can reveal an item asks this one question.
    See(Sealing),
    /// Record an evidence item for a producer, add files to it, or tie it to a record.
    RecordEvidence(Producer),
    /// Record that an item changed hands.
    HandOverEvidence,
    /// Record an order and its directives while it is a draft, see drafts, issue the
    /// order, and record a correction of a directive.
    RecordOrder,
    /// Read a directive. Court-only directives (security material) are for the court and
    /// for the parties the directive obliges: they cannot comply with what they cannot read.
    SeeDirective {
        tier: SealingTier,
        obliges_actor: bool,
    },
    /// File a response for a producer: a party's own, or (for the court) a third party's
    /// letter that the registrar records.
    FileResponse(Producer),
    /// Record a party's filing received at the registry on paper, with its scan.
    RecordRegistryFiling,
    /// Find whether a party complied with a directive (the bench, or the registrar
    /// recording the court's finding).
    AssessCompliance,
    /// Record the court's ruling: excuse an obligation, rule on a clarification request,
    /// vary a directive.
    RecordRuling,
    /// File or withdraw a clarification request for this party, or respond for it to
    /// another party's request.
    FileClarification(i32),
    /// Open a clarification request for responses and set when they close.
    ManageClarification,
    /// Know of a clarification request by `party` (whose directive the reader may read): a
    /// draft is its party's own; once filed it is seen like material the parties share.
    SeeClarification {
        party: i32,
        filed: bool,
    },
    /// Create scrutiny tasks, assign officers, schedule, verify or return findings, reopen
    /// them, block, unblock and cancel tasks.
    ManageTasks,
    /// Prepare, preview and file the Registrar's report from verified findings.
    FileReport,
    /// Record a task's sittings and findings: scrutiny officers on tasks assigned to them
    /// (and the registrar, who may enter the second tally).
    RecordTaskWork {
        assigned: bool,
    },
    /// Nominate or withdraw agents for a party.
    NominateAgent(i32),
    /// Read a task of a directive sealed at `tier`; `attends` when the reader is an agent
    /// nominated to it.
    SeeTask {
        tier: SealingTier,
        obliges_actor: bool,
        attends: bool,
    },
    /// Remark on a sitting (an objection, or "no objection"): the agents who were present.
    RemarkOnSession {
        attended: bool,
    },
    /// Sign a task's submitted finding ("agree", or "object" with a remark): the officers
    /// and agents who were present at one of its sittings.
    SignFinding {
        present: bool,
    },
}

impl Action {
    /// The actions without parameters, and one of each parameterised action per tier and
    /// producer kind, for tables that walk every rule.
    pub const ALL: [Action; 45] = [
        Action::ViewCase,
        Action::Administer,
        Action::CreateCase,
        Action::AddParty,
        Action::AddMember,
        Action::CreateUser,
        Action::ManageSignIn,
        Action::VerifyAudit,
        Action::See(Sealing {
            tier: SealingTier::Public,
            producer: Producer::Court,
        }),
        Action::See(Sealing {
            tier: SealingTier::Parties,
            producer: Producer::Court,
        }),
        Action::See(Sealing {
            tier: SealingTier::CourtOnly,
            producer: Producer::Court,
        }),
        Action::See(Sealing {
            tier: SealingTier::CourtOnly,
            producer: Producer::Party(1),
        }),
        Action::See(Sealing {
            tier: SealingTier::Parties,
            producer: Producer::Party(1),
        }),
        Action::RecordEvidence(Producer::Court),
        Action::RecordEvidence(Producer::Party(1)),
        Action::HandOverEvidence,
        Action::RecordOrder,
        Action::SeeDirective {
            tier: SealingTier::Public,
            obliges_actor: false,
        },
        Action::SeeDirective {
            tier: SealingTier::Parties,
            obliges_actor: false,
        },
        Action::SeeDirective {
            tier: SealingTier::CourtOnly,
            obliges_actor: false,
        },
        Action::SeeDirective {
            tier: SealingTier::CourtOnly,
            obliges_actor: true,
        },
        Action::FileResponse(Producer::Court),
        Action::FileResponse(Producer::Party(1)),
        Action::RecordRegistryFiling,
        Action::AssessCompliance,
        Action::RecordRuling,
        Action::FileClarification(1),
        Action::ManageClarification,
        Action::SeeClarification {
            party: 1,
            filed: false,
        },
        Action::SeeClarification {
            party: 1,
            filed: true,
        },
        Action::ManageTasks,
        Action::FileReport,
        Action::RecordTaskWork { assigned: false },
        Action::RecordTaskWork { assigned: true },
        Action::NominateAgent(1),
        Action::SeeTask {
            tier: SealingTier::Public,
            obliges_actor: false,
            attends: false,
        },
        Action::SeeTask {
            tier: SealingTier::Public,
            obliges_actor: false,
            attends: true,
        },
        Action::SeeTask {
            tier: SealingTier::Parties,
            obliges_actor: false,
            attends: false,
        },
        Action::SeeTask {
            tier: SealingTier::Parties,
            obliges_actor: false,
            attends: true,
        },
        Action::SeeTask {
            tier: SealingTier::CourtOnly,
            obliges_actor: false,
            attends: true,
        },
        Action::SeeTask {
            tier: SealingTier::CourtOnly,
            obliges_actor: true,
            attends: false,
        },
        Action::RemarkOnSession { attended: false },
        Action::RemarkOnSession { attended: true },
        Action::SignFinding { present: false },
        Action::SignFinding { present: true },
    ];
}

/// Whether `actor` may do `action`. The single source of truth for the foundation's rules.
///
/// A case's existence is itself visible only to its members: administering the portal lets
/// an admin manage a case's parties and members, but reading the case (and, later, its
/// filings) needs membership like everyone else, so sealed material never leaks to admins.
///
/// Sealing: public material is for every member, observers too; parties material for
/// every member but observers and agents; court-only material for the judge, the registrar and
/// scrutiny officers, and for the party that produced it (it holds the material anyway).
pub fn can(actor: &Actor, action: Action) -> bool {
    let role = actor.case_role;
    let court = role.is_some_and(CaseRole::is_court);
    let clerk = matches!(role, Some(CaseRole::Registrar | CaseRole::ScrutinyOfficer));
    let registrar = role == Some(CaseRole::Registrar);
    let bench_or_registry = matches!(role, Some(CaseRole::Registrar | CaseRole::Judge));
    match action {
        Action::ViewCase => role.is_some(),
        Action::Administer
        | Action::CreateCase
        | Action::AddParty
        | Action::AddMember
        | Action::CreateUser
        | Action::ManageSignIn
        | Action::VerifyAudit => actor.is_admin,
        Action::See(Sealing { tier, producer }) => match tier {
            SealingTier::Public => role.is_some(),
            SealingTier::Parties => {
                role.is_some_and(|r| !matches!(r, CaseRole::Observer | CaseRole::Agent))
            }
            SealingTier::CourtOnly => court || actor.acts_for(producer),
        },
        Action::RecordEvidence(producer) => clerk || actor.acts_for(producer),
        Action::HandOverEvidence => clerk,
        // The court finds compliance: the bench, or the registrar who records it.
        Action::RecordOrder | Action::RecordRuling | Action::AssessCompliance => bench_or_registry,
        Action::SeeDirective {
            tier,
            obliges_actor,
        } => {
            let sealing = Sealing {
                tier,
                producer: Producer::Court,
            };
            can(actor, Action::See(sealing))
                || (obliges_actor && role.is_some_and(CaseRole::acts_for_party))
        }
        Action::FileResponse(Producer::Court) => registrar,
        Action::FileResponse(producer) => actor.acts_for(producer),
        Action::RecordRegistryFiling | Action::ManageClarification => registrar,
        Action::FileClarification(party) => {
            role == Some(CaseRole::Counsel) && actor.party_id == Some(party)
        }
        Action::SeeClarification { party, filed } => {
            let shared = Sealing {
                tier: SealingTier::Parties,
                producer: Producer::Party(party),
            };
            actor.acts_for(Producer::Party(party)) || (filed && can(actor, Action::See(shared)))
        }
        Action::ManageTasks | Action::FileReport => registrar,
        Action::RecordTaskWork { assigned } => {
            registrar || (role == Some(CaseRole::ScrutinyOfficer) && assigned)
        }
        Action::NominateAgent(party) => actor.acts_for(Producer::Party(party)),
        Action::SeeTask {
            tier,
            obliges_actor,
            attends,
        } => {
            let directive = Action::SeeDirective {
                tier,
                obliges_actor,
            };
            if role == Some(CaseRole::Agent) {
                // An agent reads only the tasks they attend, and of those not one whose
                // directive is sealed from their party.
                attends && (tier != SealingTier::CourtOnly || obliges_actor)
            } else {
                can(actor, directive)
            }
        }
        Action::RemarkOnSession { attended } => role == Some(CaseRole::Agent) && attended,
        Action::SignFinding { present } => {
            present && matches!(role, Some(CaseRole::ScrutinyOfficer | CaseRole::Agent))
        }
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
                    ..Actor::member(role)
                },
            ));
            if role.is_of_party() {
                all.push((format!("{role:?} of party 1"), Actor::for_party(role, 1)));
                all.push((format!("{role:?} of party 2"), Actor::for_party(role, 2)));
            }
        }
        all
    }

    /// The whole table, written out, so any change to a rule shows up as a changed line here.
    fn expected(actor: &Actor, action: Action) -> bool {
        use CaseRole::*;
        let member = actor.case_role.is_some();
        let of_party_1 =
            actor.party_id == Some(1) && actor.case_role.is_some_and(|r| r.acts_for_party());
        match (action, actor.case_role) {
            (Action::ViewCase, _) => member,
            (Action::See(s), role) => match (s.tier, role) {
                (_, None) => false,
                (SealingTier::Public, Some(_)) => true,
                (SealingTier::Parties, Some(Observer | Agent)) => false,
                (SealingTier::Parties, Some(_)) => true,
                (SealingTier::CourtOnly, Some(Registrar | Judge | ScrutinyOfficer)) => true,
                (SealingTier::CourtOnly, Some(_)) => s.producer == Producer::Party(1) && of_party_1,
            },
            (Action::RecordEvidence(_), Some(Registrar | ScrutinyOfficer)) => true,
            (Action::RecordEvidence(Producer::Party(1)), _) => of_party_1,
            (Action::RecordEvidence(_), _) => false,
            (Action::HandOverEvidence, role) => matches!(role, Some(Registrar | ScrutinyOfficer)),
            (Action::RecordOrder | Action::RecordRuling | Action::AssessCompliance, role) => {
                matches!(role, Some(Registrar | Judge))
            }
            (
                Action::SeeDirective {
                    tier,
                    obliges_actor,
                },
                role,
            ) => match (tier, role) {
                (_, None) => false,
                (SealingTier::Public, Some(_)) => true,
                (SealingTier::Parties, Some(Observer | Agent)) => false,
                (SealingTier::Parties, Some(_)) => true,
                (SealingTier::CourtOnly, Some(Registrar | Judge | ScrutinyOfficer)) => true,
                (SealingTier::CourtOnly, Some(Counsel | PartyRepresentative)) => obliges_actor,
                (SealingTier::CourtOnly, Some(Observer | Agent)) => false,
            },
            (Action::FileResponse(Producer::Court), role) => role == Some(Registrar),
            (Action::FileResponse(Producer::Party(1)), _) => of_party_1,
            (Action::FileResponse(_), _) => false,
            (Action::RecordRegistryFiling | Action::ManageClarification, role) => {
                role == Some(Registrar)
            }
            (Action::FileClarification(1), role) => {
                role == Some(Counsel) && actor.party_id == Some(1)
            }
            (Action::FileClarification(_), _) => false,
            (Action::SeeClarification { filed: false, .. }, _) => of_party_1,
            (Action::SeeClarification { filed: true, .. }, role) => {
                of_party_1 || role.is_some_and(|r| !matches!(r, Observer | Agent))
            }
            (Action::ManageTasks | Action::FileReport, role) => role == Some(Registrar),
            (Action::RecordTaskWork { assigned }, role) => match role {
                Some(Registrar) => true,
                Some(ScrutinyOfficer) => assigned,
                _ => false,
            },
            (Action::NominateAgent(1), _) => of_party_1,
            (Action::NominateAgent(_), _) => false,
            (
                Action::SeeTask {
                    tier,
                    obliges_actor,
                    attends,
                },
                role,
            ) => match (tier, role) {
                (_, None) => false,
                (SealingTier::CourtOnly, Some(Agent)) => attends && obliges_actor,
                (_, Some(Agent)) => attends,
                (SealingTier::Public, Some(_)) => true,
                (SealingTier::Parties, Some(Observer)) => false,
                (SealingTier::Parties, Some(_)) => true,
                (SealingTier::CourtOnly, Some(Registrar | Judge | ScrutinyOfficer)) => true,
                (SealingTier::CourtOnly, Some(Counsel | PartyRepresentative)) => obliges_actor,
                (SealingTier::CourtOnly, Some(Observer)) => false,
            },
            (Action::RemarkOnSession { attended }, role) => role == Some(Agent) && attended,
            (Action::SignFinding { present }, role) => {
                present && matches!(role, Some(ScrutinyOfficer | Agent))
            }
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
        assert!(can(&Actor::admin(), Action::ManageSignIn));
    }
}
