//! Property tests of every parser of what people type or paste: fed random input, none
//! panics, an error names the field it was given, and what a parser accepts prints back to
//! text that parses to the same value. Valid values made up at random parse as themselves.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use domain::fields::{
    CaseNumber, CaseTitle, CourtName, Email, EvidenceTitle, HandedTo, NewPassword, PartyName,
    PersonName, ShortName, long_text, parse_date, parse_id,
};
use domain::labels::DirectiveLabel;
use domain::quotes::locate;
use domain::stations::{RegisterCheck, StationCode, parse_paste};
use proptest::prelude::*;

/// Text as people type and paste it, up to `max` characters: any characters, with more than
/// their share of those the parsers treat specially (white space, controls, brackets,
/// separators, digits, letters that change length when their case changes).
fn messy(max: usize) -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        ' ', '\t', '\n', '\r', '\u{a0}', '\u{0}', '\u{7f}', '\u{2028}', '(', ')', '-', ',', ';',
        '.', '@', '"', '<', '&', 'é', 'İ', 'ß', 'ﬁ',
    ]);
    let character = prop_oneof![
        3 => any::<char>(),
        3 => special,
        3 => proptest::char::range('0', '9'),
        2 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
    ];
    prop::collection::vec(character, 0..=max).prop_map(|chars| chars.into_iter().collect())
}

/// The properties every one-line text value has.
macro_rules! text_values {
    ($($test:ident: $type:ty),* $(,)?) => {$(
        proptest! {
            #[test]
            fn $test(raw in messy(<$type>::MAX_CHARS + 20)) {
                match <$type>::parse("field", &raw) {
                    Ok(value) => {
                        let shown = value.to_string();
                        prop_assert_eq!(shown.trim(), shown.as_str());
                        prop_assert!(!shown.is_empty());
                        prop_assert!(!shown.chars().any(char::is_control));
                        prop_assert!(shown.chars().count() <= <$type>::MAX_CHARS);
                        prop_assert_eq!(<$type>::parse("field", &shown).unwrap(), value);
                    }
                    Err(error) => prop_assert_eq!(error.field, "field"),
                }
            }
        }
    )*};
}

text_values!(
    person_names: PersonName,
    case_numbers: CaseNumber,
    case_titles: CaseTitle,
    court_names: CourtName,
    party_names: PartyName,
    evidence_titles: EvidenceTitle,
    handed_to: HandedTo,
);

proptest! {
    #[test]
    fn short_names(raw in messy(24)) {
        if let Ok(name) = ShortName::parse("short", &raw) {
            let shown = name.to_string();
            prop_assert!(shown.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(shown.len() <= ShortName::MAX_CHARS);
            prop_assert_eq!(ShortName::parse("short", &shown).unwrap(), name);
        }
    }

    #[test]
    fn e_mail_addresses(local in messy(12), domain in messy(12), noise in messy(3)) {
        for raw in [format!("{local}@{domain}"), format!("{local}@{domain}.org"), format!("{noise}{local}")] {
            match Email::parse("email", &raw) {
                Ok(email) => {
                    let shown = email.to_string();
                    prop_assert_eq!(shown.matches('@').count(), 1);
                    prop_assert_eq!(shown.to_lowercase(), shown.clone());
                    prop_assert!(!shown.chars().any(char::is_whitespace));
                    prop_assert_eq!(Email::parse("email", &shown).unwrap(), email);
                }
                Err(error) => prop_assert_eq!(error.field, "email"),
            }
        }
    }

    #[test]
    fn e_mail_addresses_near_the_limit(letters in 240usize..260, upper in any::<bool>()) {
        let local = if upper { "İ".repeat(letters - 8) } else { "a".repeat(letters - 8) };
        let raw = format!("{local}@ex.org");
        if let Ok(email) = Email::parse("email", &raw) {
            prop_assert!(email.to_string().chars().count() <= Email::MAX_CHARS);
            prop_assert_eq!(Email::parse("email", &email.to_string()).unwrap(), email);
        }
    }

    #[test]
    fn passwords_are_judged_by_length_alone(raw in messy(140)) {
        let count = raw.chars().count();
        let parsed = NewPassword::parse("password", &raw);
        prop_assert_eq!(parsed.is_ok(), (NewPassword::MIN_CHARS..=NewPassword::MAX_CHARS).contains(&count));
        if let Ok(password) = parsed {
            prop_assert_eq!(password.expose(), raw.as_str());
            let printed = format!("{password:?}");
            prop_assert!(!printed.contains(&raw));
        }
    }

    #[test]
    fn long_texts(raw in messy(300), max in 1usize..200) {
        match long_text("note", "Note", &raw, max) {
            Ok(Some(value)) => {
                prop_assert_eq!(value.trim(), value.as_str());
                prop_assert!(!value.contains("\r\n"));
                prop_assert!(value.chars().count() <= max);
                prop_assert_eq!(long_text("note", "Note", &value, max).unwrap(), Some(value));
            }
            Ok(None) => prop_assert!(raw.trim().is_empty()),
            Err(error) => prop_assert_eq!(error.field, "note"),
        }
    }

    #[test]
    fn dates(raw in messy(14), days in 1i32..80_000) {
        if let Ok(date) = parse_date("date", "Date", &raw) {
            prop_assert_eq!(parse_date("date", "Date", &date.format("%Y-%m-%d").to_string()).unwrap(), date);
        }
        let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
        prop_assert_eq!(parse_date("date", "Date", &format!(" {} ", date.format("%Y-%m-%d"))).unwrap(), date);
    }

    #[test]
    fn ids(raw in messy(12), id in 1i32..=i32::MAX) {
        if let Ok(parsed) = parse_id("party", "party", &raw) {
            prop_assert!(parsed > 0);
            prop_assert_eq!(parse_id("party", "party", &parsed.to_string()).unwrap(), parsed);
        }
        prop_assert_eq!(parse_id("party", "party", &id.to_string()).unwrap(), id);
    }
}

/// A valid station code's five parts, as numbers.
fn station_parts() -> impl Strategy<Value = (u32, u32, u32, u32, u32)> {
    (1u32..=47, 1u32..=290, 0u32..=9999, 0u32..=999, 1u32..=99)
}

fn station_code((county, constituency, ward, centre, stream): (u32, u32, u32, u32, u32)) -> String {
    format!("{county:03}{constituency:03}{ward:04}{centre:03}{stream:02}")
}

proptest! {
    #[test]
    fn station_codes(raw in messy(24), parts in station_parts()) {
        if let Ok(code) = StationCode::parse("code", &raw) {
            prop_assert_eq!(code.as_str().len(), StationCode::DIGITS);
            prop_assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(StationCode::parse("code", &code.to_string()).unwrap(), code.clone());
            prop_assert_eq!(StationCode::parse("code", &code.spaced()).unwrap(), code);
        }
        let written = station_code(parts);
        let code = StationCode::parse("code", &written).unwrap();
        prop_assert_eq!(code.as_str(), written.as_str());
        prop_assert_eq!(StationCode::parse("code", &code.spaced()).unwrap(), code);
    }

    #[test]
    fn pasted_code_lists(raw in messy(200)) {
        for found in parse_paste(&raw) {
            prop_assert!(found.line >= 1 && found.line <= raw.lines().count().max(1));
            if let Ok(code) = found.code {
                prop_assert_eq!(StationCode::parse("code", code.as_str()).unwrap(), code);
            }
        }
    }

    #[test]
    fn pasted_valid_codes_come_back_in_order(
        codes in prop::collection::vec(station_parts(), 1..40),
        separators in prop::collection::vec(prop::sample::select(vec!["\n", ", ", ";", "\t", " ", "\r\n", " - "]), 40),
        spaced in prop::collection::vec(any::<bool>(), 40),
    ) {
        let mut text = String::new();
        for (i, parts) in codes.iter().enumerate() {
            let code = StationCode::parse("code", &station_code(*parts)).unwrap();
            text.push_str(&if spaced[i] { code.spaced() } else { code.to_string() });
            text.push_str(separators[i]);
        }
        let found: Vec<String> = parse_paste(&text)
            .into_iter()
            .map(|f| f.code.map(StationCode::into_string).unwrap())
            .collect();
        let expected: Vec<String> = codes.iter().map(|p| station_code(*p)).collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn register_rows(values in prop::array::uniform7(messy(30)), line in 2usize..1_000) {
        let mut check = RegisterCheck::default();
        let values: [&str; 7] = std::array::from_fn(|i| values[i].as_str());
        match check.row(line, values) {
            Ok(station) => {
                for text in [&station.county, &station.constituency, &station.ward, &station.centre, &station.name] {
                    prop_assert!(!text.is_empty() && text.trim() == text);
                }
                prop_assert!(station.registered_voters >= 0);
                // The same row again is a code listed twice.
                prop_assert!(check.row(line + 1, values).is_err());
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn directive_labels(raw in messy(30)) {
        if let Ok(label) = DirectiveLabel::parse("label", &raw) {
            let shown = label.to_string();
            prop_assert_eq!(shown.as_str(), label.as_str());
            let again = DirectiveLabel::parse("label", &shown).unwrap();
            prop_assert_eq!(again.sort_key(), label.sort_key());
            prop_assert_eq!(again.as_str(), label.as_str());
            prop_assert_eq!(again, label);
        }
    }

    #[test]
    fn valid_directive_labels_sort_as_numbered(
        a in (1u32..500, prop::option::of(0u32..26), prop::option::of(1u32..40)),
        b in (1u32..500, prop::option::of(0u32..26), prop::option::of(1u32..40)),
    ) {
        let write = |(number, letter, roman): (u32, Option<u32>, Option<u32>)| {
            let mut text = number.to_string();
            if let Some(letter) = letter {
                text.push_str(&format!(" ({})", char::from(b'A' + letter as u8)));
                if let Some(roman) = roman {
                    text.push_str(&format!("({})", roman_numeral(roman)));
                }
            }
            text
        };
        let key = |(number, letter, roman): (u32, Option<u32>, Option<u32>)| {
            (number, letter, letter.and(roman))
        };
        let (first, second) = (
            DirectiveLabel::parse("label", &write(a)).unwrap(),
            DirectiveLabel::parse("label", &write(b)).unwrap(),
        );
        prop_assert_eq!(first.cmp(&second), key(a).cmp(&key(b)));
        prop_assert_eq!(first.sort_key().cmp(&second.sort_key()), key(a).cmp(&key(b)));
    }

    #[test]
    fn quotes(text in messy(120), quote in messy(40)) {
        if let Ok(range) = locate("quote", &text, &quote) {
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            let found: Vec<&str> = text[range].split_whitespace().collect();
            let wanted: Vec<&str> = quote.split_whitespace().collect();
            prop_assert_eq!(found, wanted);
        }
    }

    #[test]
    fn words_of_a_text_are_found_in_it(text in messy(120), from in 0usize..30, len in 1usize..8) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return Ok(());
        }
        let from = from % words.len();
        let quote = words[from..(from + len).min(words.len())].join("\n  ");
        let range = locate("quote", &text, &quote).unwrap();
        let found: Vec<&str> = text[range].split_whitespace().collect();
        let wanted: Vec<&str> = quote.split_whitespace().collect();
        prop_assert_eq!(found, wanted);
    }
}

/// Lower-case roman numerals as orders write them, 1 to 39.
fn roman_numeral(mut n: u32) -> String {
    let mut out = "x".repeat((n / 10) as usize);
    n %= 10;
    out.push_str(["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][n as usize]);
    out
}
