//! Polling stations: the 15-digit code, the rows of a station register, and station codes
//! pasted by a registrar (one a line, or several on a line, with the spaces people put in
//! long numbers).

use crate::fields::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A polling station code as the electoral commission issues it: 15 digits, being county
/// (3), constituency (3), ward (4), polling centre (3) and stream (2).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StationCode(String);

impl StationCode {
    pub const DIGITS: usize = 15;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let value: String = raw.trim().chars().filter(|c| *c != ' ').collect();
        Self::check(&value)
            .map(|()| StationCode(value))
            .map_err(|message| FieldError::new(field, message))
    }

    /// Why `value` (already without spaces) is not a station code, if it is not.
    fn check(value: &str) -> Result<(), &'static str> {
        if value.len() != Self::DIGITS || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                "A polling station code is 15 digits (county, constituency, ward, centre, stream), such as 047281147500101.",
            );
        }
        let number = |range: std::ops::Range<usize>| value[range].parse::<u32>().unwrap_or(0);
        if !(1..=47).contains(&number(0..3)) {
            return Err("A polling station code starts with a county number from 001 to 047.");
        }
        if !(1..=290).contains(&number(3..6)) {
            return Err(
                "Digits 4 to 6 of a polling station code are a constituency from 001 to 290.",
            );
        }
        if number(13..15) == 0 {
            return Err("The last two digits of a polling station code are the stream, from 01.");
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn county(&self) -> &str {
        &self.0[0..3]
    }

    pub fn constituency(&self) -> &str {
        &self.0[3..6]
    }

    pub fn ward(&self) -> &str {
        &self.0[6..10]
    }

    pub fn centre(&self) -> &str {
        &self.0[10..13]
    }

    pub fn stream(&self) -> &str {
        &self.0[13..15]
    }

    /// The code as people read it aloud: "047 281 1475 001 01".
    pub fn spaced(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.county(),
            self.constituency(),
            self.ward(),
            self.centre(),
            self.stream()
        )
    }
}

impl fmt::Display for StationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most codes one paste may hold: a registrar pastes an affidavit's list, not a register.
pub const MAX_PASTED_CODES: usize = 20_000;

/// One code found in a paste, with the line it is on (from 1) and what was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastedCode {
    pub line: usize,
    pub written: String,
    pub code: Result<StationCode, String>,
}

/// Splits pasted text into station codes. Codes are separated by new lines, commas,
/// semicolons or tabs; within those, spaces and hyphens either separate codes or group the
/// digits of one ("047 281 1475 001 01"): digits are gathered until they make 15. Anything
/// that is not a code is kept, with its line, as a problem to show.
pub fn parse_paste(text: &str) -> Vec<PastedCode> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        for chunk in line.split([',', ';', '\t']) {
            let mut pending: Vec<&str> = Vec::new();
            let mut digits = 0;
            let flush = |pending: &mut Vec<&str>, found: &mut Vec<PastedCode>| {
                if !pending.is_empty() {
                    let written = pending.join(" ");
                    let compact: String = pending.concat();
                    let code = StationCode::check(&compact)
                        .map(|()| StationCode(compact))
                        .map_err(str::to_owned);
                    found.push(PastedCode {
                        line: line_number,
                        written,
                        code,
                    });
                    pending.clear();
                }
            };
            for token in chunk.split([' ', '-', '\u{a0}']).filter(|t| !t.is_empty()) {
                let token = token.trim();
                if token.is_empty() {
                    continue;
                }
                if !token.bytes().all(|b| b.is_ascii_digit()) {
                    flush(&mut pending, &mut found);
                    digits = 0;
                    found.push(PastedCode {
                        line: line_number,
                        written: token.to_owned(),
                        code: Err(format!("“{token}” is not a polling station code: codes are 15 digits, such as 047281147500101.")),
                    });
                    continue;
                }
                pending.push(token);
                digits += token.len();
                if digits >= StationCode::DIGITS {
                    flush(&mut pending, &mut found);
                    digits = 0;
                }
            }
            flush(&mut pending, &mut found);
        }
    }
    found
}

/// A station as a register lists it, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRecord {
    pub code: StationCode,
    pub county: String,
    pub constituency: String,
    pub ward: String,
    pub centre: String,
    pub name: String,
    pub registered_voters: i32,
}

/// The columns a register's CSV file has, named in its header, in any order.
pub const REGISTER_COLUMNS: [&str; 7] = [
    "code",
    "county",
    "constituency",
    "ward",
    "centre",
    "name",
    "registered_voters",
];

/// The most voters one station may list: the commission caps a stream at 700 voters; a
/// register claiming more than this is mistyped.
pub const MAX_REGISTERED_VOTERS: i32 = 100_000;

/// Checks a register row by row: each row's own values, a code listed twice, and a county,
/// constituency, ward or centre code given two different names.
#[derive(Debug, Default)]
pub struct RegisterCheck {
    codes: HashMap<String, usize>,
    names: [HashMap<String, (String, usize)>; 4],
}

impl RegisterCheck {
    /// Checks the row on `line` whose values are in `REGISTER_COLUMNS` order; every problem
    /// is one sentence.
    pub fn row(&mut self, line: usize, values: [&str; 7]) -> Result<StationRecord, Vec<String>> {
        let mut problems = Vec::new();
        let [code, county, constituency, ward, centre, name, voters] = values.map(str::trim);
        let code = match StationCode::parse("code", code) {
            Ok(code) => Some(code),
            Err(e) => {
                problems.push(format!("code “{code}”: {}", e.message));
                None
            }
        };
        for (column, value) in [
            ("county", county),
            ("constituency", constituency),
            ("ward", ward),
            ("centre", centre),
            ("name", name),
        ] {
            if value.is_empty() {
                problems.push(format!("{column} is empty."));
            } else if value.chars().count() > 200 {
                problems.push(format!("{column} is longer than 200 characters."));
            }
        }
        let registered_voters = match voters.parse::<i32>() {
            Ok(n) if (0..=MAX_REGISTERED_VOTERS).contains(&n) => Some(n),
            _ => {
                problems.push(format!(
                    "registered_voters “{voters}” is not a whole number from 0 to {MAX_REGISTERED_VOTERS}."
                ));
                None
            }
        };
        if let Some(code) = &code {
            if let Some(first) = self.codes.get(code.as_str()) {
                problems.push(format!("code {code} is already listed on line {first}."));
            } else {
                self.codes.insert(code.as_str().to_owned(), line);
            }
            let levels = [
                ("county", code.county().to_owned(), county),
                ("constituency", code.as_str()[..6].to_owned(), constituency),
                ("ward", code.as_str()[..10].to_owned(), ward),
                ("centre", code.as_str()[..13].to_owned(), centre),
            ];
            for ((level, key, value), seen) in levels.into_iter().zip(self.names.iter_mut()) {
                if value.is_empty() {
                    continue;
                }
                match seen.get(&key) {
                    Some((known, first)) if known != value => problems.push(format!(
                        "{level} {key} is named “{value}” here but “{known}” on line {first}."
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(key, (value.to_owned(), line));
                    }
                }
            }
        }
        match (code, registered_voters) {
            (Some(code), Some(registered_voters)) if problems.is_empty() => Ok(StationRecord {
                code,
                county: county.to_owned(),
                constituency: constituency.to_owned(),
                ward: ward.to_owned(),
                centre: centre.to_owned(),
                name: name.to_owned(),
                registered_voters,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn station_codes_are_fifteen_digits_with_a_real_county_and_constituency() {
        assert_eq!(
            StationCode::parse("s", " 047281147500101 ").map(|c| c.into_string()),
            Ok("047281147500101".to_owned())
        );
        assert!(StationCode::parse("s", "047 281 1475 001 01").is_ok());
        for bad in [
            "",
            "04728114750010",
            "0472811475001011",
            "04728114750010A",
            "048281147500101",
            "000281147500101",
            "047291147500101",
            "047281147500100",
            "٠٤٧٢٨١١٤٧٥٠٠١٠١",
        ] {
            assert!(StationCode::parse("s", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_code_splits_into_its_levels() {
        let code = StationCode::parse("s", "047281147500102").unwrap();
        assert_eq!(
            [
                code.county(),
                code.constituency(),
                code.ward(),
                code.centre(),
                code.stream()
            ],
            ["047", "281", "1475", "001", "02"]
        );
        assert_eq!(code.spaced(), "047 281 1475 001 02");
    }

    fn codes(text: &str) -> Vec<(usize, Result<String, ()>)> {
        parse_paste(text)
            .into_iter()
            .map(|p| (p.line, p.code.map(StationCode::into_string).map_err(|_| ())))
            .collect()
    }

    #[test]
    fn pasted_codes_are_found_however_they_are_separated() {
        let text = "047281147500101\n047 281 1475 001 02, 047281147500103;047-281-1475-001-04\n\n  047281147500105 047281147500106\t047281147500107";
        let ok = |line, c: &str| (line, Ok(c.to_owned()));
        assert_eq!(
            codes(text),
            vec![
                ok(1, "047281147500101"),
                ok(2, "047281147500102"),
                ok(2, "047281147500103"),
                ok(2, "047281147500104"),
                ok(4, "047281147500105"),
                ok(4, "047281147500106"),
                ok(4, "047281147500107"),
            ]
        );
    }

    #[test]
    fn what_is_not_a_code_is_kept_with_its_line() {
        let found = parse_paste("047281147500101\n04728114750010\nstation 12\n048281147500101");
        let lines: Vec<(usize, &str, bool)> = found
            .iter()
            .map(|p| (p.line, p.written.as_str(), p.code.is_ok()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, "047281147500101", true),
                (2, "04728114750010", false),
                (3, "station", false),
                (3, "12", false),
                (4, "048281147500101", false),
            ]
        );
        assert!(found[4].code.as_ref().unwrap_err().contains("county"));
        assert!(parse_paste("  \n\n").is_empty());
    }

    #[test]
    fn a_register_is_checked_row_by_row() {
        let mut check = RegisterCheck::default();
        let row = |code, county, voters| {
            [
                code,
                county,
                "KIBRA",
                "LAINI SABA",
                "LAINI SABA PRIMARY",
                "LAINI SABA PRIMARY 1",
                voters,
            ]
        };
        let first = check
            .row(2, row("047281147500101", "NAIROBI", "688"))
            .unwrap();
        assert_eq!(first.registered_voters, 688);
        assert_eq!(first.code.ward(), "1475");
        // The same code again, and the county renamed.
        let problems = check
            .row(3, row("047281147500101", "NAIROBI CITY", "700"))
            .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("already listed on line 2"));
        assert!(
            problems[1].contains("county 047 is named “NAIROBI CITY” here but “NAIROBI” on line 2")
        );
        let problems = check.row(4, row("04728114750010", "", "-1")).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            check
                .row(5, row("047281147500102", "NAIROBI", "700"))
                .is_ok()
        );
        assert!(
            check
                .row(6, row("047281147500103", "NAIROBI", "100001"))
                .is_err()
        );
    }
}
