//! The roles a person or a party can hold in a case.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a member of a case is there as. A person holds one role per case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseRole {
    Registrar,
    Judge,
    ScrutinyOfficer,
    /// Counsel for one party of the case.
    Counsel,
    /// A representative of one party of the case (an official of it, not counsel).
    PartyRepresentative,
    Observer,
    /// A party's agent at scrutiny sittings: reads the tasks they attend and remarks on the
    /// sittings, and nothing else of the party's.
    Agent,
}

impl CaseRole {
    pub const ALL: [CaseRole; 7] = [
        CaseRole::Registrar,
        CaseRole::Judge,
        CaseRole::ScrutinyOfficer,
        CaseRole::Counsel,
        CaseRole::PartyRepresentative,
        CaseRole::Observer,
        CaseRole::Agent,
    ];

    /// The stable name stored in the database and sent in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseRole::Registrar => "registrar",
            CaseRole::Judge => "judge",
            CaseRole::ScrutinyOfficer => "scrutiny_officer",
            CaseRole::Counsel => "counsel",
            CaseRole::PartyRepresentative => "party_representative",
            CaseRole::Observer => "observer",
            CaseRole::Agent => "agent",
        }
    }

    /// How the role reads to a person.
    pub fn label(self) -> &'static str {
        match self {
            CaseRole::Registrar => "Registrar",
            CaseRole::Judge => "Judge",
            CaseRole::ScrutinyOfficer => "Scrutiny officer",
            CaseRole::Counsel => "Counsel",
            CaseRole::PartyRepresentative => "Party representative",
            CaseRole::Observer => "Observer",
            CaseRole::Agent => "Party agent",
        }
    }

    /// Counsel and representatives act for a party; everyone else acts for the court or watches.
    pub fn acts_for_party(self) -> bool {
        matches!(self, CaseRole::Counsel | CaseRole::PartyRepresentative)
    }

    /// Members who belong to one party: its counsel and representatives, and its agents.
    pub fn is_of_party(self) -> bool {
        self.acts_for_party() || self == CaseRole::Agent
    }

    /// Members who work for the court (and so may later see court-only material).
    pub fn is_court(self) -> bool {
        matches!(
            self,
            CaseRole::Registrar | CaseRole::Judge | CaseRole::ScrutinyOfficer
        )
    }
}

impl fmt::Display for CaseRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A value that is not one of the known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value “{0}”")]
pub struct UnknownName(pub String);

impl FromStr for CaseRole {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

/// A party's standing in the case. Third parties (a vendor holding servers) are not parties
/// of the petition but are recorded beside them, because directives may involve them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartyRole {
    Petitioner,
    Respondent,
    InterestedParty,
    Amicus,
    ThirdParty,
}

impl PartyRole {
    pub const ALL: [PartyRole; 5] = [
        PartyRole::Petitioner,
        PartyRole::Respondent,
        PartyRole::InterestedParty,
        PartyRole::Amicus,
        PartyRole::ThirdParty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Petitioner => "petitioner",
            PartyRole::Respondent => "respondent",
            PartyRole::InterestedParty => "interested_party",
            PartyRole::Amicus => "amicus",
            PartyRole::ThirdParty => "third_party",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartyRole::Petitioner => "Petitioner",
            PartyRole::Respondent => "Respondent",
            PartyRole::InterestedParty => "Interested party",
            PartyRole::Amicus => "Amicus curiae",
            PartyRole::ThirdParty => "Third party",
        }
    }

    /// Whether the party is a party to the petition (a third party is only recorded).
    pub fn is_party(self) -> bool {
        !matches!(self, PartyRole::ThirdParty)
    }
}

impl fmt::Display for PartyRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for PartyRole {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PartyRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_roles_round_trip_through_their_names() {
        for role in CaseRole::ALL {
            assert_eq!(role.as_str().parse::<CaseRole>(), Ok(role));
        }
        assert!("admin".parse::<CaseRole>().is_err());
    }

    #[test]
    fn party_roles_round_trip_through_their_names() {
        for role in PartyRole::ALL {
            assert_eq!(role.as_str().parse::<PartyRole>(), Ok(role));
        }
        assert!("".parse::<PartyRole>().is_err());
    }

    #[test]
    fn only_counsel_and_representatives_act_for_a_party() {
        let acting: Vec<_> = CaseRole::ALL
            .into_iter()
            .filter(|r| r.acts_for_party())
            .collect();
        assert_eq!(acting, [CaseRole::Counsel, CaseRole::PartyRepresentative]);
        assert!(!PartyRole::ThirdParty.is_party());
        assert!(PartyRole::Respondent.is_party());
    }
}
