//! Validated values that forms produce. Each type can only hold an acceptable value, and each
//! parse failure names the form field and says what to fix.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One field's complaint, phrased for the person filling the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Every complaint about one form, keyed by field, so a form can show each beside its input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.entry(error.field).or_insert(error.message);
    }

    /// Keeps the value of a successful parse, or records its error and gives `None`.
    pub fn take<T>(&mut self, parsed: Result<T, FieldError>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.values().map(String::as_str).collect();
        f.write_str(&messages.join(" "))
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        let mut errors = FieldErrors::default();
        errors.push(error);
        errors
    }
}

/// Trims and checks length in characters (not bytes), refusing control characters.
fn text(field: &str, label: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    let count = value.chars().count();
    if count > max {
        return Err(FieldError::new(
            field,
            format!("{label} is too long: {count} characters, at most {max}."),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            format!("{label} contains control characters."),
        ));
    }
    Ok(value.to_owned())
}

macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident, $label:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                text(field, $label, raw, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_value!(
    /// A person's full name as it appears on the record.
    PersonName, "Name", 120
);
text_value!(
    /// The court's number for a petition, such as "Presidential Election Petition E005 of 2022".
    CaseNumber, "Case number", 120
);
text_value!(
    /// A case's title, such as "Raila Odinga & another v IEBC & 8 others".
    CaseTitle, "Title", 300
);
text_value!(
    /// The court hearing the case.
    CourtName, "Court", 120
);
text_value!(
    /// A party's full name.
    PartyName, "Party name", 200
);
text_value!(
    /// An evidence item's title, such as "Form 34A, Kilgoris Primary School, stream 1".
    EvidenceTitle, "Title", 300
);
text_value!(
    /// Who an evidence item was handed to: a person, with their capacity.
    HandedTo, "Handed to", 200
);

/// `long_text` that must be given: a missing or bad value goes to `errors` and gives `None`.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Option<String> {
    match long_text(field, label, raw, max) {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            errors.push(FieldError::new(field, format!("{label} is required.")));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// `long_text` that may be left empty (then ""); a bad value goes to `errors`.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> String {
    errors
        .take(long_text(field, label, raw, max))
        .flatten()
        .unwrap_or_default()
}

/// Free text that may run over several lines (a description, a note): trimmed, at most
/// `max` characters, no control characters other than line breaks and tabs. Empty is
/// allowed; `None` when it is empty.
pub fn long_text(
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let count = value.chars().count();
    if count > max {
        return Err(FieldError::new(
            field,
            format!("{label} is too long: {count} characters, at most {max}."),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            format!("{label} contains control characters."),
        ));
    }
    Ok(Some(value.replace("\r\n", "\n")))
}

/// A party's short name ("IEBC"), used in evidence codes later, so it is kept to letters,
/// digits and hyphens, and stored upper case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortName(String);

impl ShortName {
    pub const MAX_CHARS: usize = 16;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let value = text(field, "Short name", raw, Self::MAX_CHARS)?;
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(FieldError::new(
                field,
                "Short name may hold only letters, digits and hyphens (such as IEBC or AZIMIO).",
            ));
        }
        Ok(ShortName(value.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShortName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address used as the login name, stored lower case.
///
/// Only the shape is checked (something@domain.tld); whether it receives mail is not the
/// portal's business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        // Lower case first: some letters lengthen ("İ" is two characters in lower case), and
        // the limit holds for what is stored.
        let value = text(field, "E-mail", &raw.to_lowercase(), Self::MAX_CHARS)?;
        let shaped = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if !shaped {
            return Err(FieldError::new(
                field,
                "Enter an e-mail address such as name@example.org.",
            ));
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password. Length is the only rule (NIST SP 800-63B): 12 to 128 characters, any
/// characters, no composition rules. Never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let count = raw.chars().count();
        if count < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!(
                    "Password is too short: use at least {} characters.",
                    Self::MIN_CHARS
                ),
            ));
        }
        if count > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!(
                    "Password is too long: use at most {} characters.",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A calendar date typed in a form as YYYY-MM-DD (what `<input type="date">` sends).
pub fn parse_date(field: &str, label: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, format!("{label} must be a date such as 2022-08-22.")))
}

/// A numeric id sent by a form (a select's value).
pub fn parse_id(field: &str, label: &str, raw: &str) -> Result<i32, FieldError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| FieldError::new(field, format!("Choose a {label}.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(CaseNumber::parse("n", "  E005  ").unwrap().as_str(), "E005");
        assert_eq!(
            CaseNumber::parse("n", "   ").unwrap_err().message,
            "Case number is required."
        );
        let long = "x".repeat(CaseNumber::MAX_CHARS + 1);
        assert!(
            CaseNumber::parse("n", &long)
                .unwrap_err()
                .message
                .contains("too long")
        );
        assert!(CaseTitle::parse("t", "a\u{0}b").is_err());
        // Length counts characters, not bytes.
        let accented = "é".repeat(CaseNumber::MAX_CHARS);
        assert!(CaseNumber::parse("n", &accented).is_ok());
    }

    #[test]
    fn short_names_are_upper_case_codes() {
        assert_eq!(ShortName::parse("s", "iebc").unwrap().as_str(), "IEBC");
        assert!(ShortName::parse("s", "I E B C").is_err());
        assert!(ShortName::parse("s", "../x").is_err());
        assert!(ShortName::parse("s", &"A".repeat(17)).is_err());
    }

    #[test]
    fn emails_need_a_domain_and_are_lower_cased() {
        assert_eq!(
            Email::parse("e", " Registrar@Court.GO.KE ")
                .unwrap()
                .as_str(),
            "registrar@court.go.ke"
        );
        for bad in [
            "",
            "no-at",
            "@court.go.ke",
            "a@b",
            "a@@b.c",
            "a b@c.d",
            "a@.c",
            "a@c.",
        ] {
            assert!(Email::parse("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_judged_by_length_alone() {
        assert!(NewPassword::parse("p", "elevenchars").is_err());
        assert!(NewPassword::parse("p", "twelve chars").is_ok());
        assert!(NewPassword::parse("p", "aaaaaaaaaaaa").is_ok());
        assert!(NewPassword::parse("p", &"ü".repeat(128)).is_ok());
        assert!(NewPassword::parse("p", &"a".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("p", "secret secret").unwrap()),
            "NewPassword(…)"
        );
    }

    #[test]
    fn dates_and_ids_explain_themselves() {
        assert!(parse_date("d", "Filing date", "2022-08-22").is_ok());
        assert!(parse_date("d", "Filing date", "22/08/2022").is_err());
        assert!(parse_date("d", "Filing date", "").is_err());
        assert_eq!(parse_id("p", "party", "7"), Ok(7));
        assert!(parse_id("p", "party", "0").is_err());
        assert!(parse_id("p", "party", "x").is_err());
    }

    #[test]
    fn field_errors_keep_the_first_message_per_field() {
        let mut errors = FieldErrors::default();
        assert_eq!(errors.take(Email::parse("email", "x")), None);
        assert_eq!(errors.take(Email::parse("email", "")), None);
        assert_eq!(
            errors.get("email"),
            Some("Enter an e-mail address such as name@example.org.")
        );
        assert!(errors.take(PersonName::parse("name", "Ann")).is_some());
        assert_eq!(errors.0.len(), 1);
    }
}
