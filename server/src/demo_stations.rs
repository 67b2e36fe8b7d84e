//! The demo's station register: the polling stations its tasks visit. The codes follow the
//! commission's 15-digit shape, and the county and constituency numbers are real, but
//! the wards, centres, streams and voter numbers are made up: this is not the 2022
//! register. Imported through the same check and store as `stations import`.

use app::backend::entities::case;
use app::backend::{AppState, cases, stations};
use app::error::AppError;
use domain::Actor;
use sea_orm::EntityTrait;
use std::fmt::Write as _;

pub const ELECTION: &str = "Kenya general election, 9 August 2022";

/// (county code, county, constituency code, constituency, wards)
const AREAS: [(&str, &str, &str, &str, [&str; 2]); 8] = [
    ("001", "MOMBASA", "003", "KISAUNI", ["MJAMBERE", "JUNDA"]),
    (
        "001",
        "MOMBASA",
        "006",
        "MVITA",
        ["MJI WA KALE/MAKADARA", "TUDOR"],
    ),
    ("022", "KIAMBU", "111", "JUJA", ["THETA", "KALIMONI"]),
    (
        "037",
        "KAKAMEGA",
        "204",
        "MUMIAS EAST",
        ["EAST WANGA", "LUSHEYA/LUBINU"],
    ),
    ("045", "KISII", "261", "BOBASI", ["MASIGE WEST", "BOCHORIA"]),
    (
        "047",
        "NAIROBI CITY",
        "278",
        "KIBRA",
        ["LAINI SABA", "SARANGOMBE"],
    ),
    (
        "047",
        "NAIROBI CITY",
        "284",
        "EMBAKASI CENTRAL",
        ["KAYOLE NORTH", "KOMAROCK"],
    ),
    (
        "047",
        "NAIROBI CITY",
        "288",
        "KAMUKUNJI",
        ["EASTLEIGH NORTH", "AIRBASE"],
    ),
];

const CENTRES: [&str; 4] = [
    "PRIMARY SCHOOL",
    "SECONDARY SCHOOL",
    "SOCIAL HALL",
    "CHIEF'S CAMP",
];

/// The demo's stations, in register order: seven per constituency (two or three streams at
/// some centres), 56 in all.
pub fn register_csv() -> String {
    let mut csv = String::from("code,county,constituency,ward,centre,name,registered_voters\n");
    let mut n = 0u32;
    for (area, (county_code, county, const_code, constituency, wards)) in AREAS.iter().enumerate() {
        for station in 0..7u32 {
            let ward_index = (station / 4) as usize;
            let ward = wards[ward_index];
            let ward_code = 1000 + area as u32 * 10 + ward_index as u32;
            let centre_number = station % 4 / 2 + 1;
            let stream = station % 2 + 1;
            let centre = format!(
                "{} {}",
                ward.split('/').next().unwrap_or(ward),
                CENTRES[(station as usize / 2) % 4]
            );
            let voters = 420 + (n * 37) % 280;
            n += 1;
            let _ = writeln!(
                csv,
                "{county_code}{const_code}{ward_code:04}{centre_number:03}{stream:02},{county},{constituency},{ward},{centre},{centre} {stream},{voters}",
            );
        }
    }
    csv
}

/// The codes of the demo's stations, in register order.
pub fn codes() -> Vec<String> {
    register_csv()
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next().map(str::to_owned))
        .collect()
}

/// Imports the register and names it as the case's.
pub async fn seed(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let csv = register_csv();
    let records = stations::check_register(csv.as_bytes(), &mut |_| {}).map_err(|problems| {
        app::backend::db::internal(format!("the demo register is malformed: {problems:?}"))
    })?;
    let report = stations::store_register(state, None, ELECTION, records, &mut |_| {}).await?;
    let revision = case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?
        .revision;
    cases::set_election(
        state,
        &Actor::admin(),
        case_id,
        &revision.to_string(),
        &report.election_id.to_string(),
    )
    .await
}
