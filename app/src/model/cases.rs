//! Cases, their parties and members, and pages of any list.

use domain::{CaseRole, PartyRole};
use serde::{Deserialize, Serialize};

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
    /// When the party withdrew from the case (court's time), if it has.
    pub withdrawn: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i32,
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub role: CaseRole,
    pub party: Option<String>,
    pub party_id: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseOverview {
    pub case: CaseSummary,
    pub parties: Vec<PartyView>,
    pub members: Vec<MemberView>,
    /// Evidence items the reader may see; `None` on the administration page.
    pub evidence_count: Option<u64>,
    /// The station register the case's codes are checked against, if it names one.
    pub register: Option<RegisterView>,
    /// Every register there is, for an administrator choosing the case's; empty for members.
    pub registers: Vec<RegisterView>,
}

/// An election's station register, as a case names it or an administrator chooses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterView {
    pub election_id: i32,
    pub name: String,
    pub stations: u64,
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
