//! What a scrutiny task found, structured by the task's kind, and the checks a finding
//! must pass before it is submitted.
//!
//! A finding is stored whole as a version: a correction is a new version beside the old
//! one, never an edit. Figures the portal can compute (a recount's variance) are computed
//! here and never typed in.

use crate::evidence::named_enum;
use crate::fields::{FieldError, FieldErrors};
use crate::roles::UnknownName;
use crate::tasks::{FormKind, TaskKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

named_enum!(
    /// The state of Form 34A Book 2, the presiding officer's second book, found in a box.
    Book2Status {
        NoneFound => "none", "None found";
        Intact => "intact", "Intact (unused)";
        Used => "used", "Used";
    }
);

named_enum!(
    /// What an inspection of a box's forms may find wrong.
    Anomaly {
        BlankForm34a => "blank_form_34a", "A blank Form 34A in the box";
        UnstampedCarbon => "unstamped_carbon", "An unstamped carbon copy";
        TwoForms34a => "two_forms_34a", "Two Forms 34A for the station with different valid-vote totals";
        UnsealedEnvelope => "unsealed_envelope", "An unsealed envelope";
        SealMissingOrBroken => "seal_missing_or_broken", "A missing or broken seal";
    }
);

/// The longest free text in a finding.
pub const NOTES_MAX: usize = 8_000;
/// Candidates on one recount.
pub const CANDIDATES_MAX: usize = 40;
/// No ballot box holds more votes than this; a larger figure is a typing error.
pub const VOTES_MAX: u32 = 100_000;

/// A finding on forms: the books and forms found and what was wrong with them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormsFinding {
    /// Asked when the task covers Form 34A Book 2.
    pub book_2: Option<Book2Status>,
    /// Asked when the task covers Form 32A.
    pub form_32a_present: Option<bool>,
    pub anomalies: Vec<Anomaly>,
    pub notes: String,
}

/// One candidate's votes at a recount: as declared on Form 34A and as recounted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCount {
    pub candidate: String,
    pub declared: u32,
    pub recounted: u32,
}

impl CandidateCount {
    /// Recounted less declared: positive when the recount found more.
    pub fn variance(&self) -> i64 {
        i64::from(self.recounted) - i64::from(self.declared)
    }
}

/// A recount of a box: votes per candidate, rejected and disputed ballots.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecountFinding {
    pub counts: Vec<CandidateCount>,
    pub rejected: u32,
    pub disputed: u32,
    pub notes: String,
}

impl RecountFinding {
    pub fn total_declared(&self) -> u64 {
        self.counts.iter().map(|c| u64::from(c.declared)).sum()
    }

    /// Votes recounted for the candidates.
    pub fn total_recounted(&self) -> u64 {
        self.counts.iter().map(|c| u64::from(c.recounted)).sum()
    }

    /// Valid votes recounted, with rejected and disputed ballots: every ballot in the box.
    pub fn ballots_recounted(&self) -> u64 {
        self.counts
            .iter()
            .map(|c| u64::from(c.recounted))
            .sum::<u64>()
            + u64::from(self.rejected)
            + u64::from(self.disputed)
    }

    /// Recounted less declared, over all candidates.
    pub fn total_variance(&self) -> i64 {
        self.counts.iter().map(CandidateCount::variance).sum()
    }
}

/// A finding on server access: how many of the servers the directive named were made
/// available, and what was refused. Images taken are evidence items the finding cites.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFinding {
    pub servers_named: u32,
    pub servers_made_available: u32,
    /// What was refused, and by whom.
    pub refused: String,
    pub notes: String,
}

/// A finding, structured by the kind of task it is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindingBody {
    Forms(FormsFinding),
    Recount(RecountFinding),
    Server(ServerFinding),
    /// KIEMS kits, logs and other work: what was found, in words.
    Other {
        notes: String,
    },
}

/// The shape of finding each kind of task records.
pub fn body_kind(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::InspectForms => "forms",
        TaskKind::Recount => "recount",
        TaskKind::ServerAccess => "server",
        TaskKind::InspectKiems | TaskKind::ExamineLogs | TaskKind::Other => "other",
    }
}

impl FindingBody {
    /// The kind of finding, as `body_kind` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            FindingBody::Forms(_) => "forms",
            FindingBody::Recount(_) => "recount",
            FindingBody::Server(_) => "server",
            FindingBody::Other { .. } => "other",
        }
    }

    pub fn notes(&self) -> &str {
        match self {
            FindingBody::Forms(f) => &f.notes,
            FindingBody::Recount(r) => &r.notes,
            FindingBody::Server(s) => &s.notes,
            FindingBody::Other { notes } => notes,
        }
    }

    /// The finding in one line, for lists and exports: "Book 2: Used; Form 32A: present;
    /// A blank Form 34A in the box", "Variance +2 (declared 381, recounted 383)".
    pub fn summary(&self) -> String {
        match self {
            FindingBody::Forms(f) => {
                let mut parts = Vec::new();
                if let Some(b) = f.book_2 {
                    parts.push(format!("Book 2: {}", b.label()));
                }
                if let Some(present) = f.form_32a_present {
                    parts.push(format!(
                        "Form 32A: {}",
                        if present { "present" } else { "not in the box" }
                    ));
                }
                parts.extend(f.anomalies.iter().map(|a| a.label().to_owned()));
                parts.join("; ")
            }
            FindingBody::Recount(r) => format!(
                "Variance {:+} (declared {}, recounted {}); rejected {}, disputed {}",
                r.total_variance(),
                r.total_declared(),
                r.counts.iter().map(|c| u64::from(c.recounted)).sum::<u64>(),
                r.rejected,
                r.disputed
            ),
            FindingBody::Server(s) => format!(
                "{} of {} servers made available",
                s.servers_made_available, s.servers_named
            ),
            FindingBody::Other { notes } => notes.lines().next().unwrap_or_default().to_owned(),
        }
    }

    /// Every problem that keeps the finding from being submitted on a task of `kind`
    /// covering `forms`, at a station of `registered` voters when the register says.
    pub fn check(
        &self,
        kind: TaskKind,
        forms: &[FormKind],
        registered: Option<u32>,
    ) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if self.kind() != body_kind(kind) {
            errors.push(FieldError::new(
                "kind",
                format!(
                    "A task to {} records a finding of another kind.",
                    kind.label().to_lowercase()
                ),
            ));
            return errors;
        }
        if self.notes().chars().count() > NOTES_MAX {
            errors.push(FieldError::new(
                "notes",
                format!("Keep the notes under {NOTES_MAX} characters."),
            ));
        }
        match self {
            FindingBody::Forms(f) => {
                if forms.contains(&FormKind::Form34aBook2) && f.book_2.is_none() {
                    errors.push(FieldError::new(
                        "book_2",
                        "Say what was found of Form 34A Book 2: none, intact or used.",
                    ));
                }
                if forms.contains(&FormKind::Form32a) && f.form_32a_present.is_none() {
                    errors.push(FieldError::new(
                        "form_32a_present",
                        "Say whether Form 32A was in the box.",
                    ));
                }
            }
            FindingBody::Recount(r) => check_recount(r, registered, &mut errors),
            FindingBody::Server(s) => {
                if s.servers_named == 0 {
                    errors.push(FieldError::new(
                        "servers_named",
                        "Give the number of servers the directive named.",
                    ));
                } else if s.servers_made_available > s.servers_named {
                    errors.push(FieldError::new(
                        "servers_made_available",
                        format!(
                            "{} servers cannot be made available of the {} named.",
                            s.servers_made_available, s.servers_named
                        ),
                    ));
                }
            }
            FindingBody::Other { notes } => {
                if notes.trim().is_empty() {
                    errors.push(FieldError::new("notes", "Say what was found."));
                }
            }
        }
        errors
    }
}

fn check_recount(r: &RecountFinding, registered: Option<u32>, errors: &mut FieldErrors) {
    if r.counts.is_empty() {
        errors.push(FieldError::new(
            "counts",
            "Give each candidate's votes, declared and recounted.",
        ));
        return;
    }
    if r.counts.len() > CANDIDATES_MAX {
        errors.push(FieldError::new(
            "counts",
            format!("At most {CANDIDATES_MAX} candidates can be recounted."),
        ));
        return;
    }
    let mut seen = Vec::new();
    for c in &r.counts {
        let name = c.candidate.trim().to_lowercase();
        if name.is_empty() {
            errors.push(FieldError::new("counts", "Name every candidate."));
            return;
        }
        if seen.contains(&name) {
            errors.push(FieldError::new(
                "counts",
                format!("{} is listed twice.", c.candidate.trim()),
            ));
            return;
        }
        seen.push(name);
        if c.declared > VOTES_MAX || c.recounted > VOTES_MAX {
            errors.push(FieldError::new(
                "counts",
                format!(
                    "{}: no box holds more than {VOTES_MAX} votes.",
                    c.candidate.trim()
                ),
            ));
            return;
        }
    }
    if let Some(registered) = registered {
        let recounted = r.ballots_recounted();
        if recounted > u64::from(registered) {
            errors.push(FieldError::new(
                "counts",
                format!(
                    "{recounted} ballots recounted, but the station has {registered} registered voters."
                ),
            ));
        }
        if r.total_declared() > u64::from(registered) {
            errors.push(FieldError::new(
                "counts",
                format!(
                    "{} votes declared, but the station has {registered} registered voters.",
                    r.total_declared()
                ),
            ));
        }
    }
}

/// One officer's independent count of a box: recounted votes per candidate, rejected and
/// disputed ballots. Two are entered and compared before a recount finding is submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// (candidate, votes), in the order entered.
    pub votes: Vec<(String, u32)>,
    pub rejected: u32,
    pub disputed: u32,
}

/// Where two tallies of the same box differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mismatch {
    /// The candidate, or "Rejected ballots" / "Disputed ballots".
    pub line: String,
    pub first: Option<u32>,
    pub second: Option<u32>,
}

/// Every line on which two tallies differ, candidates matched by name (case and spacing
/// aside); a candidate on one tally only is a mismatch too.
pub fn compare_tallies(first: &Tally, second: &Tally) -> Vec<Mismatch> {
    let key = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut mismatches = Vec::new();
    for (name, votes) in &first.votes {
        let other = second
            .votes
            .iter()
            .find(|(n, _)| key(n) == key(name))
            .map(|(_, v)| *v);
        if other != Some(*votes) {
            mismatches.push(Mismatch {
                line: name.clone(),
                first: Some(*votes),
                second: other,
            });
        }
    }
    for (name, votes) in &second.votes {
        if !first.votes.iter().any(|(n, _)| key(n) == key(name)) {
            mismatches.push(Mismatch {
                line: name.clone(),
                first: None,
                second: Some(*votes),
            });
        }
    }
    for (line, a, b) in [
        ("Rejected ballots", first.rejected, second.rejected),
        ("Disputed ballots", first.disputed, second.disputed),
    ] {
        if a != b {
            mismatches.push(Mismatch {
                line: line.to_owned(),
                first: Some(a),
                second: Some(b),
            });
        }
    }
    mismatches
}

/// How a person present signs a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signature {
    Agree,
    /// An objection, with a remark saying to what.
    Object,
}

impl FromStr for Signature {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "agree" => Ok(Signature::Agree),
            "object" => Ok(Signature::Object),
            other => Err(UnknownName(other.to_owned())),
        }
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Signature::Agree => "Agrees",
            Signature::Object => "Objects",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recount(counts: &[(&str, u32, u32)]) -> RecountFinding {
        RecountFinding {
            counts: counts
                .iter()
                .map(|&(c, d, r)| CandidateCount {
                    candidate: c.to_owned(),
                    declared: d,
                    recounted: r,
                })
                .collect(),
            rejected: 3,
            disputed: 1,
            notes: String::new(),
        }
    }

    #[test]
    fn the_variance_is_computed() {
        let r = recount(&[("Raila Odinga", 201, 199), ("William Ruto", 180, 184)]);
        assert_eq!(r.counts[0].variance(), -2);
        assert_eq!(r.counts[1].variance(), 4);
        assert_eq!(r.total_variance(), 2);
        assert_eq!(r.ballots_recounted(), 199 + 184 + 3 + 1);
    }

    #[test]
    fn a_recount_cannot_exceed_the_registered_voters() {
        let body = FindingBody::Recount(recount(&[("A", 300, 300), ("B", 200, 250)]));
        let errors = body.check(TaskKind::Recount, &[], Some(500));
        let message = errors.get("counts").expect("refused");
        assert!(message.contains("554 ballots recounted"), "{message}");
        assert!(body.check(TaskKind::Recount, &[], Some(600)).is_empty());
        assert!(body.check(TaskKind::Recount, &[], None).is_empty());
    }

    #[test]
    fn a_recount_names_each_candidate_once_within_bounds() {
        let twice = FindingBody::Recount(recount(&[("A", 1, 1), (" a ", 2, 2)]));
        assert!(
            twice
                .check(TaskKind::Recount, &[], None)
                .get("counts")
                .unwrap()
                .contains("twice")
        );
        let huge = FindingBody::Recount(recount(&[("A", 1, VOTES_MAX + 1)]));
        assert!(
            huge.check(TaskKind::Recount, &[], None)
                .get("counts")
                .is_some()
        );
        let empty = FindingBody::Recount(RecountFinding::default());
        assert!(
            empty
                .check(TaskKind::Recount, &[], None)
                .get("counts")
                .is_some()
        );
    }

    #[test]
    fn a_forms_finding_answers_for_the_forms_the_task_covers() {
        let forms = [FormKind::Form34aBook2, FormKind::Form32a];
        let blank = FindingBody::Forms(FormsFinding::default());
        let errors = blank.check(TaskKind::InspectForms, &forms, None);
        assert!(errors.get("book_2").is_some());
        assert!(errors.get("form_32a_present").is_some());
        assert!(
            blank
                .check(TaskKind::InspectForms, &[FormKind::Form34b], None)
                .is_empty()
        );
        let full = FindingBody::Forms(FormsFinding {
            book_2: Some(Book2Status::Used),
            form_32a_present: Some(false),
            anomalies: vec![Anomaly::BlankForm34a],
            notes: String::new(),
        });
        assert!(full.check(TaskKind::InspectForms, &forms, None).is_empty());
    }

    #[test]
    fn a_finding_matches_its_task_s_kind() {
        let body = FindingBody::Other {
            notes: "Logs read.".into(),
        };
        assert!(body.check(TaskKind::ExamineLogs, &[], None).is_empty());
        assert!(
            body.check(TaskKind::Recount, &[], None)
                .get("kind")
                .is_some()
        );
        let empty = FindingBody::Other { notes: " ".into() };
        assert!(
            empty
                .check(TaskKind::Other, &[], None)
                .get("notes")
                .is_some()
        );
    }

    #[test]
    fn servers_made_available_are_at_most_those_named() {
        let body = |named, available| {
            FindingBody::Server(ServerFinding {
                servers_named: named,
                servers_made_available: available,
                refused: String::new(),
                notes: String::new(),
            })
        };
        assert!(
            body(8, 1)
                .check(TaskKind::ServerAccess, &[], None)
                .is_empty()
        );
        assert!(
            body(8, 9)
                .check(TaskKind::ServerAccess, &[], None)
                .get("servers_made_available")
                .is_some()
        );
        assert!(
            body(0, 0)
                .check(TaskKind::ServerAccess, &[], None)
                .get("servers_named")
                .is_some()
        );
    }

    #[test]
    fn tallies_are_compared_line_by_line() {
        let first = Tally {
            votes: vec![("Raila Odinga".into(), 201), ("William Ruto".into(), 180)],
            rejected: 3,
            disputed: 0,
        };
        assert!(compare_tallies(&first, &first.clone()).is_empty());
        let second = Tally {
            votes: vec![
                ("william  ruto".into(), 180),
                ("Raila Odinga".into(), 210),
                ("G. Wajackoyah".into(), 4),
            ],
            rejected: 3,
            disputed: 1,
        };
        let m = compare_tallies(&first, &second);
        assert_eq!(
            m,
            vec![
                Mismatch {
                    line: "Raila Odinga".into(),
                    first: Some(201),
                    second: Some(210)
                },
                Mismatch {
                    line: "G. Wajackoyah".into(),
                    first: None,
                    second: Some(4)
                },
                Mismatch {
                    line: "Disputed ballots".into(),
                    first: Some(0),
                    second: Some(1)
                },
            ]
        );
    }

    #[test]
    fn findings_read_in_one_line() {
        let forms = FindingBody::Forms(FormsFinding {
            book_2: Some(Book2Status::Used),
            form_32a_present: Some(true),
            anomalies: vec![Anomaly::BlankForm34a],
            notes: String::new(),
        });
        assert_eq!(
            forms.summary(),
            "Book 2: Used; Form 32A: present; A blank Form 34A in the box"
        );
        let r = FindingBody::Recount(recount(&[("A", 200, 199), ("B", 181, 184)]));
        assert_eq!(
            r.summary(),
            "Variance +2 (declared 381, recounted 383); rejected 3, disputed 1"
        );
    }

    #[test]
    fn bodies_are_stored_with_their_kind() {
        let body = FindingBody::Forms(FormsFinding {
            book_2: Some(Book2Status::NoneFound),
            ..Default::default()
        });
        let json = serde_json::to_string(&body).unwrap();
        assert!(json.contains(r#""kind":"forms""#), "{json}");
        assert_eq!(serde_json::from_str::<FindingBody>(&json).unwrap(), body);
    }
}
