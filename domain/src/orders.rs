//! The vocabulary of orders, directive versions and party responses.

use crate::evidence::named_enum;
use crate::roles::UnknownName;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

named_enum!(
    /// Where an order is: the registry drafts it from the signed order, then issues it,
    /// which files it on the docket and sets every obligation running.
    OrderState {
        Draft => "draft", "Draft";
        Issued => "issued", "Issued";
    }
);

named_enum!(
    /// Why a directive version exists.
    VersionReason {
        /// The wording of the order as issued.
        Issued => "issued", "As issued";
        /// The court varied the directive.
        Ruling => "ruling", "Varied by a ruling";
        /// The registry corrected a slip in recording it.
        Correction => "correction", "Correction";
    }
);

named_enum!(
    /// What a party (or, through the registrar, a third party) files about directives.
    ResponseKind {
        ComplianceReport => "compliance_report", "Compliance report";
        Objection => "objection", "Objection";
        Letter => "letter", "Letter";
        Affidavit => "affidavit", "Affidavit";
        Reply => "reply", "Reply";
        /// A letter from someone who is not a party (a vendor holding the servers),
        /// recorded by the registrar.
        ThirdPartyLetter => "third_party_letter", "Third party's letter";
    }
);

impl ResponseKind {
    /// Whether the response is filed for a party of the case (all but a third party's letter).
    pub fn is_for_party(self) -> bool {
        self != ResponseKind::ThirdPartyLetter
    }

    /// The kind of evidence item a file filed with the response becomes.
    pub fn evidence_kind(self) -> crate::evidence::EvidenceKind {
        use crate::evidence::EvidenceKind;
        match self {
            ResponseKind::Affidavit => EvidenceKind::Affidavit,
            ResponseKind::Letter | ResponseKind::ThirdPartyLetter => EvidenceKind::Letter,
            ResponseKind::ComplianceReport | ResponseKind::Objection | ResponseKind::Reply => {
                EvidenceKind::Other
            }
        }
    }
}

named_enum!(
    /// Another party's position on a clarification request.
    Position {
        Supports => "supports", "Supports";
        Opposes => "opposes", "Opposes";
        NoPosition => "no_position", "Takes no position";
    }
);
