//! Directive labels as the court numbers them: "1", "3(b)", "7", "4(a)(ii)". Parsed so
//! they sort the way a reader expects ("2" before "10", "3(b)" before "3(c)", "(ii)" before
//! "(ix)") and compared without regard to spacing or case.

use crate::fields::FieldError;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// One part of a label after the leading number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Part {
    Number(u32),
    /// A letter group: a, b, … z, aa, ab …, ordered as a bijective base-26 number.
    Letters(u32),
    /// A lowercase roman numeral, as the second level of a label uses them.
    Roman(u32),
}

impl Part {
    fn rank(&self) -> (u8, u32) {
        match self {
            Part::Number(n) => (0, *n),
            Part::Letters(n) => (1, *n),
            Part::Roman(n) => (2, *n),
        }
    }
}

/// A parsed directive label. Equality and order follow the parts, so "3 (B)" equals "3(b)".
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DirectiveLabel {
    text: String,
    number: u32,
    parts: Vec<Part>,
}

fn roman_value(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= *v as i64,
            _ => total += *v as i64,
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Only the canonical spelling counts ("iv", not "iiii" or "vx").
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

fn letters_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(
        s.bytes()
            .fold(0, |acc, b| acc * 26 + u32::from(b - b'a') + 1),
    )
}

impl DirectiveLabel {
    pub const MAX_CHARS: usize = 24;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let bad = || {
            FieldError::new(
                field,
                "A directive's label is its number as the order gives it, such as 1, 3(b) or 4(a)(ii).",
            )
        };
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if compact.is_empty() || compact.chars().count() > Self::MAX_CHARS {
            return Err(bad());
        }
        let digits_end = compact
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(compact.len());
        let number: u32 = compact[..digits_end].parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(bad());
        }
        let mut parts = Vec::new();
        let mut rest = &compact[digits_end..];
        while !rest.is_empty() {
            // Orders number two levels below the directive: 4(a)(ii) at most.
            if parts.len() == 2 {
                return Err(bad());
            }
            let inner_end = rest.find(')').ok_or_else(bad)?;
            let inner = rest.strip_prefix('(').ok_or_else(bad)?;
            let group = &inner[..inner_end - 1];
            let part = if !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()) {
                Part::Number(group.parse().map_err(|_| bad())?)
            } else if parts.len() == 1 {
                // The second level is roman: 4(a)(ii).
                Part::Roman(roman_value(group).ok_or_else(bad)?)
            } else {
                Part::Letters(letters_value(group).ok_or_else(bad)?)
            };
            parts.push(part);
            rest = &rest[inner_end + 1..];
        }
        Ok(DirectiveLabel {
            text: compact,
            number,
            parts,
        })
    }

    /// The label as the court writes it, normalised: "3(b)".
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The leading number: directive "7" of "7(a)".
    pub fn number(&self) -> u32 {
        self.number
    }

    /// A text key that sorts as the labels do, so the database can order directives
    /// without knowing the numbering: "7(a)(ii)" is "0000007.1000001.2000002".
    pub fn sort_key(&self) -> String {
        let mut key = format!("{:07}", self.number);
        for (rank, n) in self.parts.iter().map(Part::rank) {
            key.push_str(&format!(".{rank}{n:06}"));
        }
        key
    }
}

impl PartialEq for DirectiveLabel {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for DirectiveLabel {}

impl PartialOrd for DirectiveLabel {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DirectiveLabel {
    fn cmp(&self, other: &Self) -> Ordering {
        self.number.cmp(&other.number).then_with(|| {
            let mine: Vec<_> = self.parts.iter().map(Part::rank).collect();
            let theirs: Vec<_> = other.parts.iter().map(Part::rank).collect();
            mine.cmp(&theirs)
        })
    }
}

impl fmt::Display for DirectiveLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(s: &str) -> DirectiveLabel {
        DirectiveLabel::parse("label", s).unwrap_or_else(|e| unreachable!("{s}: {}", e.message))
    }

    #[test]
    fn labels_sort_as_a_reader_expects() {
        let mut labels: Vec<DirectiveLabel> = [
            "10", "2", "3(c)", "3", "3(b)", "4(a)(ix)", "4(a)(ii)", "4(a)(v)", "4(a)", "3(aa)",
            "3(z)", "1",
        ]
        .iter()
        .map(|s| label(s))
        .collect();
        labels.sort();
        let sorted: Vec<&str> = labels.iter().map(DirectiveLabel::as_str).collect();
        assert_eq!(
            sorted,
            [
                "1", "2", "3", "3(b)", "3(c)", "3(z)", "3(aa)", "4(a)", "4(a)(ii)", "4(a)(v)",
                "4(a)(ix)", "10"
            ]
        );
    }

    #[test]
    fn sort_keys_order_as_the_labels_do() {
        let labels: Vec<DirectiveLabel> = [
            "10",
            "2",
            "3(c)",
            "3",
            "3(b)",
            "4(a)(ix)",
            "4(a)(ii)",
            "4(a)(v)",
            "4(a)",
            "3(aa)",
            "3(z)",
            "1",
            "3(2)",
            "12(b)(iv)",
        ]
        .iter()
        .map(|s| label(s))
        .collect();
        for a in &labels {
            for b in &labels {
                assert_eq!(a.cmp(b), a.sort_key().cmp(&b.sort_key()), "{a} / {b}");
            }
        }
    }

    #[test]
    fn spacing_and_case_do_not_make_a_different_label() {
        assert_eq!(label(" 3 (B) "), label("3(b)"));
        assert_eq!(label("3 (B)").as_str(), "3(b)");
        assert_ne!(label("3(b)"), label("3(c)"));
        assert_eq!(label("7").number(), 7);
        assert_eq!(label("12(1)").as_str(), "12(1)");
    }

    #[test]
    fn malformed_labels_are_refused() {
        for bad in [
            "",
            "0",
            "a",
            "(a)",
            "3(",
            "3()",
            "3(b",
            "3b",
            "3(b))",
            "3(a)(iiii)",
            "3(a)(vx)",
            "3(abcd)",
            "3(é)",
            "-1",
            "1.5",
            "99999999999",
            "3(a)(ii)(b)",
        ] {
            assert!(DirectiveLabel::parse("label", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn roman_numerals_only_in_their_canonical_spelling() {
        for (s, v) in [("i", 1), ("iv", 4), ("ix", 9), ("xl", 40), ("xcix", 99)] {
            assert_eq!(roman_value(s), Some(v), "{s}");
        }
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("ic"), None);
    }
}
