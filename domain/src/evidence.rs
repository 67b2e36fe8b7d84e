//! The evidence register's vocabulary: kinds of item, sealing tiers, who produced an item,
//! exhibit codes and the custody log's events.

use crate::roles::UnknownName;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Defines a closed set of names stored in the database and sent in forms, with labels.
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $stored:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vdoc])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable name stored in the database and sent in forms.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownName(s.to_owned()))
            }
        }
    };
}
pub(crate) use named_enum;

named_enum!(
    /// What an evidence item is. The Forms are the statutory result forms of a Kenyan
    /// general election; KIEMS is the electronic voter identification and results kit.
    EvidenceKind {
        Form34aBook1 => "form_34a_book_1", "Form 34A (Book 1)";
        Form34aBook2 => "form_34a_book_2", "Form 34A (Book 2)";
        Form34b => "form_34b", "Form 34B";
        Form34c => "form_34c", "Form 34C";
        Form32a => "form_32a", "Form 32A";
        KiemsRecord => "kiems_record", "KIEMS kit record";
        ServerImage => "server_image", "Server image";
        LogExtract => "log_extract", "Log extract";
        Affidavit => "affidavit", "Affidavit";
        Letter => "letter", "Letter";
        Photograph => "photograph", "Photograph";
        Other => "other", "Other";
        /// A filed Registrar's report: the exact bytes filed.
        Report => "report", "Registrar's report";
    }
);

impl EvidenceKind {
    /// Whether a person may record an item of this kind by hand: a Registrar's report enters
    /// the register only by being filed.
    pub fn recorded_by_hand(self) -> bool {
        self != EvidenceKind::Report
    }
}

named_enum!(
    /// Who may learn that an item exists, and read it.
    SealingTier {
        Public => "public", "Public";
        Parties => "parties", "Parties";
        CourtOnly => "court_only", "Court only";
    }
);

impl SealingTier {
    /// Whether a filing about something sealed `subject` may be sealed `self`: never more
    /// open than what it is about, so a report on a court-only directive stays court only.
    pub fn may_seal_filing_about(self, subject: SealingTier) -> bool {
        self >= subject
    }

    /// Who may read what is sealed so, in words every form and page uses: one description,
    /// true of directives, filings and evidence alike.
    pub fn explanation(self) -> &'static str {
        match self {
            SealingTier::Public => "every member of the case, observers too",
            SealingTier::Parties => "the court and the parties' counsel and representatives",
            SealingTier::CourtOnly => {
                "the court, and only the parties it concerns: those a directive obliges, \
                 or the party that filed or produced it"
            }
        }
    }
}

named_enum!(
    /// One line of an item's custody log.
    CustodyKind {
        Recorded => "recorded", "Recorded";
        FileAdded => "file_added", "File added";
        Viewed => "viewed", "Viewed";
        Downloaded => "downloaded", "Downloaded";
        HandedOver => "handed_over", "Handed over";
        Verified => "verified", "Verified";
        IntegrityFailure => "integrity_failure", "Integrity failure";
    }
);

/// Who produced an item: the court itself, or one of the case's parties (third parties
/// included, such as a vendor's letter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Producer {
    Court,
    Party(i32),
}

impl Producer {
    pub fn from_party(party_id: Option<i32>) -> Self {
        party_id.map_or(Producer::Court, Producer::Party)
    }

    pub fn party_id(self) -> Option<i32> {
        match self {
            Producer::Court => None,
            Producer::Party(id) => Some(id),
        }
    }
}

/// What a sealed thing is, as far as visibility goes: its tier and who produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sealing {
    pub tier: SealingTier,
    pub producer: Producer,
}

/// The code prefix for the court's own items.
pub const COURT_PREFIX: &str = "CRT";

/// An exhibit code: `EXH-IEBC-004`. Numbers run per producer within a case; three digits
/// are shown, more when a producer passes 999.
pub fn exhibit_code(prefix: &str, number: i32) -> String {
    format!("EXH-{prefix}-{number:03}")
}

pub use crate::stations::StationCode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filing_is_sealed_no_more_openly_than_what_it_is_about() {
        use SealingTier::*;
        for (filing, subject, allowed) in [
            (Public, Public, true),
            (Parties, Public, true),
            (CourtOnly, Public, true),
            (Public, Parties, false),
            (Parties, Parties, true),
            (Public, CourtOnly, false),
            (Parties, CourtOnly, false),
            (CourtOnly, CourtOnly, true),
        ] {
            assert_eq!(
                filing.may_seal_filing_about(subject),
                allowed,
                "{filing:?} about {subject:?}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for kind in EvidenceKind::ALL {
            assert_eq!(kind.as_str().parse::<EvidenceKind>(), Ok(*kind));
        }
        for tier in SealingTier::ALL {
            assert_eq!(tier.as_str().parse::<SealingTier>(), Ok(*tier));
        }
        for kind in CustodyKind::ALL {
            assert_eq!(kind.as_str().parse::<CustodyKind>(), Ok(*kind));
        }
        assert!("form_99".parse::<EvidenceKind>().is_err());
        assert!("secret".parse::<SealingTier>().is_err());
    }

    #[test]
    fn exhibit_codes_are_padded_to_three_digits() {
        assert_eq!(exhibit_code("IEBC", 4), "EXH-IEBC-004");
        assert_eq!(exhibit_code(COURT_PREFIX, 12), "EXH-CRT-012");
        assert_eq!(exhibit_code("AZIMIO", 1234), "EXH-AZIMIO-1234");
    }
}
