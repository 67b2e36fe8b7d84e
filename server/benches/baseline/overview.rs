//! The case overview by hand: parties with their counsel and representatives, third
//! parties, the court's members, the station register and the evidence the reader may see.

use super::{Reader, Refusal, reader, render, sql};
use app::backend::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::{CaseRole, PartyRole};
use tower_sessions::Session;

pub struct PartyLine {
    pub short_name: String,
    pub name: String,
    pub role: &'static str,
    pub counsel: String,
    pub representatives: String,
}

pub struct RoleLine {
    pub label: &'static str,
    pub names: String,
}

#[derive(Template)]
#[template(path = "overview.html", config = "benches/baseline/askama.toml")]
pub struct Overview {
    pub r: Reader,
    pub tab: &'static str,
    pub evidence: String,
    pub register: String,
    pub parties: Vec<PartyLine>,
    pub third_parties: Vec<(String, String)>,
    pub roles: Vec<RoleLine>,
}

fn names_or_dash(names: Vec<String>) -> String {
    if names.is_empty() {
        "—".to_owned()
    } else {
        names.join(", ")
    }
}

pub async fn page(State(state): State<AppState>, session: Session, id: Path<i32>) -> Response {
    match overview(&state, &session, id.0).await {
        Ok(page) => render(&page),
        Err(refusal) => refusal.into_response(),
    }
}

async fn overview(state: &AppState, session: &Session, case_id: i32) -> Result<Overview, Refusal> {
    let r = reader(state, session, format!("/cases/{case_id}"), case_id).await?;
    let db = &state.db;
    let parties = sql::all(
        db,
        "SELECT id, name, short_name, role FROM parties WHERE case_id = ? ORDER BY id",
        [case_id.into()],
    )
    .await?;
    let members = sql::all(
        db,
        "SELECT m.role, m.party_id, u.name FROM case_members m JOIN users u ON u.id = m.user_id \
         WHERE m.case_id = ? ORDER BY m.id",
        [case_id.into()],
    )
    .await?;
    let mut people: Vec<(CaseRole, Option<i32>, String)> = Vec::with_capacity(members.len());
    for m in &members {
        people.push((
            sql::parse(&sql::get::<String>(m, "role")?)?,
            sql::get(m, "party_id")?,
            sql::get(m, "name")?,
        ));
    }
    let acting = |party: i32, role: CaseRole| {
        names_or_dash(
            people
                .iter()
                .filter(|(r, p, _)| *r == role && *p == Some(party))
                .map(|(_, _, name)| name.clone())
                .collect(),
        )
    };
    let mut lines = Vec::new();
    let mut third_parties = Vec::new();
    for p in &parties {
        let role: PartyRole = sql::parse(&sql::get::<String>(p, "role")?)?;
        let id: i32 = sql::get(p, "id")?;
        if role.is_party() {
            lines.push(PartyLine {
                short_name: sql::get(p, "short_name")?,
                name: sql::get(p, "name")?,
                role: role.label(),
                counsel: acting(id, CaseRole::Counsel),
                representatives: acting(id, CaseRole::PartyRepresentative),
            });
        } else {
            third_parties.push((sql::get(p, "short_name")?, sql::get(p, "name")?));
        }
    }
    let roles = [
        CaseRole::Registrar,
        CaseRole::Judge,
        CaseRole::ScrutinyOfficer,
        CaseRole::Observer,
    ]
    .into_iter()
    .map(|role| RoleLine {
        label: role.label(),
        names: names_or_dash(
            people
                .iter()
                .filter(|(r, _, _)| *r == role)
                .map(|(_, _, name)| name.clone())
                .collect(),
        ),
    })
    .collect();

    let evidence = sql::one(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM evidence_items e WHERE e.case_id = ? AND {}",
            sql::sealed(&r.actor, "e", "producer_party_id")
        ),
        [case_id.into()],
    )
    .await?
    .map(|row| sql::get::<i64>(&row, "n"))
    .transpose()?
    .unwrap_or(0);
    let register = match r.case.election_id {
        None => "No station register: polling station codes are checked by shape only.".to_owned(),
        Some(election) => {
            match sql::one(
                db,
                "SELECT e.name, (SELECT COUNT(*) FROM stations s WHERE s.election_id = e.id) AS n \
                 FROM elections e WHERE e.id = ?",
                [election.into()],
            )
            .await?
            {
                Some(row) => format!(
                    "Station register: {} ({} stations).",
                    sql::get::<String>(&row, "name")?,
                    sql::get::<i64>(&row, "n")?
                ),
                None => "No station register: polling station codes are checked by shape only."
                    .to_owned(),
            }
        }
    };
    Ok(Overview {
        r,
        tab: "overview",
        evidence: match evidence {
            0 => "No evidence items you may see yet".to_owned(),
            1 => "1 evidence item".to_owned(),
            n => format!("{n} evidence items"),
        },
        register,
        parties: lines,
        third_parties,
        roles,
    })
}
