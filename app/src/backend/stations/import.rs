//! Importing a register: every row is checked before anything is written, and then the
//! register is brought up to the file in one transaction, adding and changing only what
//! differs, so a second import of the same file changes nothing.

use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::entities::{election, station};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::stations::{REGISTER_COLUMNS, RegisterCheck, StationRecord};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// A problem with one line of the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub line: u64,
    pub message: String,
}

/// How far an import has gone, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub enum ImportProgress {
    /// Rows checked so far.
    Checked(u64),
    /// Stations written of those to write.
    Written { done: u64, total: u64 },
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub election_id: i32,
    pub rows: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// Stations per insert: well under the bound parameters either database allows.
const CHUNK: usize = 500;

/// Reads and checks a whole register: the stations, or every problem found, by line.
pub fn check_register(
    input: impl std::io::Read,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<Vec<StationRecord>, Vec<LineProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(e) => return Err(vec![unreadable(1, &e)]),
    };
    let positions: Vec<Option<usize>> = REGISTER_COLUMNS
        .iter()
        .map(|name| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
        .collect();
    let missing: Vec<&str> = REGISTER_COLUMNS
        .iter()
        .zip(&positions)
        .filter(|(_, p)| p.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(vec![LineProblem {
            line: 1,
            message: format!(
                "the header lacks {}; it must name the columns {}.",
                missing.join(", "),
                REGISTER_COLUMNS.join(", ")
            ),
        }]);
    }
    let positions: Vec<usize> = positions.into_iter().flatten().collect();
    let mut check = RegisterCheck::default();
    let mut stations = Vec::new();
    let mut problems = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(index as u64 + 2, |p| p.line());
                problems.push(unreadable(line, &e));
                continue;
            }
        };
        let line = row.position().map_or(index as u64 + 2, |p| p.line());
        let values: [&str; 7] = std::array::from_fn(|i| row.get(positions[i]).unwrap_or_default());
        match check.row(line as usize, values) {
            Ok(station) => stations.push(station),
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .map(|message| LineProblem { line, message }),
            ),
        }
        if index % 1_000 == 999 {
            progress(ImportProgress::Checked(index as u64 + 1));
        }
    }
    progress(ImportProgress::Checked(stations.len() as u64));
    if !problems.is_empty() {
        return Err(problems);
    }
    if stations.is_empty() {
        return Err(vec![LineProblem {
            line: 2,
            message: "the file lists no stations.".to_owned(),
        }]);
    }
    Ok(stations)
}

fn unreadable(line: u64, error: &csv::Error) -> LineProblem {
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} values where the header names {expected_len} columns.")
        }
        csv::ErrorKind::Utf8 { .. } => "the line is not UTF-8 text.".to_owned(),
        _ => format!("the line cannot be read as CSV ({error})."),
    };
    LineProblem { line, message }
}

/// Brings the register of the election named `election` (made if new) up to `stations`:
/// new codes added, changed ones updated, the rest left alone. One transaction, and one
/// audit entry when anything changed.
pub async fn store_register(
    state: &AppState,
    actor_id: Option<i32>,
    election: &str,
    stations: Vec<StationRecord>,
    progress: &mut (dyn FnMut(ImportProgress) + Send),
) -> AppResult<ImportReport> {
    let name = election.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "election",
            "Name the election, in up to 200 characters (such as “Kenya general election 2022”).",
        ));
    }
    let existing = election::Entity::find()
        .filter(election::Column::Name.eq(name))
        .one(&state.db)
        .await?;
    let known: HashMap<String, station::Model> = match &existing {
        Some(e) => station::Entity::find()
            .filter(station::Column::ElectionId.eq(e.id))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|s| (s.code.clone(), s))
            .collect(),
        None => HashMap::new(),
    };
    let rows = stations.len();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for record in stations {
        match known.get(record.code.as_str()) {
            None => added.push(record),
            Some(old) if !same(old, &record) => changed.push((old.id, record)),
            Some(_) => {}
        }
    }
    let unchanged = rows - added.len() - changed.len();
    let mut report = ImportReport {
        election_id: existing.as_ref().map_or(0, |e| e.id),
        rows,
        added: added.len(),
        changed: changed.len(),
        unchanged,
    };
    if added.is_empty() && changed.is_empty() {
        return Ok(report);
    }
    let total = (added.len() + changed.len()) as u64;
    let txn = state.write().await?;
    let election_id = match existing {
        Some(e) => e.id,
        None => {
            election::ActiveModel {
                name: Set(name.to_owned()),
                created_at: Set(clock::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    report.election_id = election_id;
    let mut done = 0u64;
    for chunk in added.chunks(CHUNK) {
        station::Entity::insert_many(chunk.iter().map(|r| row(election_id, r)))
            .exec(&txn)
            .await?;
        done += chunk.len() as u64;
        progress(ImportProgress::Written { done, total });
    }
    for (id, record) in &changed {
        let mut update = row(election_id, record);
        update.id = Set(*id);
        update.update(&txn).await?;
        done += 1;
        if done.is_multiple_of(CHUNK as u64) {
            progress(ImportProgress::Written { done, total });
        }
    }
    progress(ImportProgress::Written { done, total });
    audit::append(
        &txn,
        Change {
            actor_id,
            case_id: None,
            action: "stations.import",
            subject: format!("election:{election_id}"),
            details: json!({
                "election": name,
                "rows": report.rows,
                "added": report.added,
                "changed": report.changed,
                "unchanged": report.unchanged,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

fn row(election_id: i32, r: &StationRecord) -> station::ActiveModel {
    station::ActiveModel {
        election_id: Set(election_id),
        code: Set(r.code.as_str().to_owned()),
        county_code: Set(r.code.county().to_owned()),
        county: Set(r.county.clone()),
        constituency_code: Set(r.code.constituency().to_owned()),
        constituency: Set(r.constituency.clone()),
        ward_code: Set(r.code.ward().to_owned()),
        ward: Set(r.ward.clone()),
        centre_code: Set(r.code.centre().to_owned()),
        centre: Set(r.centre.clone()),
        stream: Set(r.code.stream().to_owned()),
        name: Set(r.name.clone()),
        registered_voters: Set(r.registered_voters),
        ..Default::default()
    }
}

fn same(old: &station::Model, new: &StationRecord) -> bool {
    old.county == new.county
        && old.constituency == new.constituency
        && old.ward == new.ward
        && old.centre == new.centre
        && old.name == new.name
        && old.registered_voters == new.registered_voters
}

#[cfg(test)]
mod tests {
    //! Property tests of the check: any bytes at all give stations or problems by line, never
    //! a panic; a register written by a CSV library, with its columns in any order and
    //! names holding commas, quotes and line breaks, reads back as written.
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::check_register;
    use domain::stations::{REGISTER_COLUMNS, StationCode, StationRecord};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn names() -> impl Strategy<Value = String> {
        "[A-Za-z0-9 ,\"'\n()&é-]{0,24}".prop_map(|s| format!("Place {s}").trim().to_owned())
    }

    /// Stations with distinct codes, each area named once however many stations it holds.
    fn register() -> impl Strategy<Value = Vec<StationRecord>> {
        let station = (
            (1u32..=47, 1u32..=290, 0u32..=9999, 0u32..=999, 1u32..=99),
            names(),
            0i32..=domain::stations::MAX_REGISTERED_VOTERS,
        );
        (prop::collection::vec(station, 1..40), names()).prop_map(|(rows, flavour)| {
            let mut by_code = BTreeMap::new();
            for ((county, constituency, ward, centre, stream), name, voters) in rows {
                let text = format!("{county:03}{constituency:03}{ward:04}{centre:03}{stream:02}");
                let code = StationCode::parse("code", &text).unwrap();
                let area = |digits: usize| format!("{flavour} {}", &text[..digits]);
                by_code.insert(
                    text.clone(),
                    StationRecord {
                        county: area(3),
                        constituency: area(6),
                        ward: area(10),
                        centre: area(13),
                        name,
                        registered_voters: voters,
                        code,
                    },
                );
            }
            by_code.into_values().collect()
        })
    }

    proptest! {
        #[test]
        fn any_bytes_give_stations_or_problems_by_line(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            if let Err(problems) = check_register(bytes.as_slice(), &mut |_| {}) {
                prop_assert!(!problems.is_empty());
                for problem in problems {
                    prop_assert!(problem.line >= 1 && !problem.message.is_empty());
                }
            }
        }

        #[test]
        fn a_written_register_reads_back(
            stations in register(),
            order in Just(REGISTER_COLUMNS.to_vec()).prop_shuffle(),
        ) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&order).unwrap();
            for s in &stations {
                let value = |column: &str| match column {
                    "code" => s.code.to_string(),
                    "county" => s.county.clone(),
                    "constituency" => s.constituency.clone(),
                    "ward" => s.ward.clone(),
                    "centre" => s.centre.clone(),
                    "name" => s.name.clone(),
                    _ => s.registered_voters.to_string(),
                };
                writer.write_record(order.iter().map(|c| value(c))).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let read = check_register(bytes.as_slice(), &mut |_| {});
            prop_assert_eq!(read, Ok(stations));
        }
    }
}
