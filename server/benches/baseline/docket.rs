//! The docket by hand: one page of the entries the reader may read, in number order, with
//! who filed them, for whom, their sealing, and the evidence each carries that the reader
//! may see.

use super::{Reader, Refusal, reader, render, sql};
use app::backend::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::evidence::SealingTier;
use std::collections::HashMap;
use tower_sessions::Session;

/// An exhibit a filing carries, as the docket links it.
pub struct Exhibit {
    pub id: i32,
    pub code: String,
    pub title: String,
}

pub struct Entry {
    pub number: i32,
    pub filed_at: String,
    pub title: String,
    pub href: Option<String>,
    pub filed_for: String,
    pub filed_by: String,
    pub tier: SealingTier,
    pub evidence: Vec<Exhibit>,
}

#[derive(Template)]
#[template(path = "docket.html", config = "benches/baseline/askama.toml")]
pub struct Docket {
    pub r: Reader,
    pub tab: &'static str,
    pub entries: Vec<Entry>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub first: u64,
    pub last: u64,
}

pub async fn page(
    State(state): State<AppState>,
    session: Session,
    id: Path<i32>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let page = query
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1u64);
    match docket(&state, &session, id.0, page).await {
        Ok(page) => render(&page),
        Err(refusal) => refusal.into_response(),
    }
}

/// Where a docket entry's title links: the record it filed.
fn href(case_id: i32, kind: &str, target: i32) -> Option<String> {
    let section = match kind {
        "evidence" => "evidence",
        "order" => "orders",
        "directive" => "directives",
        "clarification" => "clarifications",
        "task" => "tasks",
        "response" => "responses",
        _ => return None,
    };
    Some(format!("/cases/{case_id}/{section}/{target}"))
}

async fn docket(
    state: &AppState,
    session: &Session,
    case_id: i32,
    page: u64,
) -> Result<Docket, Refusal> {
    let r = reader(state, session, format!("/cases/{case_id}/docket"), case_id).await?;
    let db = &state.db;
    let per_page = app::api::evidence::PER_PAGE;
    let readable = sql::docket_readable(&r.actor, "d");
    let total = sql::one(
        db,
        &format!("SELECT COUNT(*) AS n FROM docket_entries d WHERE d.case_id = ? AND {readable}"),
        [case_id.into()],
    )
    .await?
    .map(|row| sql::get::<i64>(&row, "n"))
    .transpose()?
    .unwrap_or(0);
    let total = u64::try_from(total).unwrap_or(0);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.clamp(1, pages);
    let rows = sql::all(
        db,
        &format!(
            "SELECT d.id, d.number, d.filed_at, d.acted_at, d.title, d.target_kind, d.target_id, \
             d.tier, u.name AS filer, p.short_name AS party FROM docket_entries d \
             LEFT JOIN users u ON u.id = d.filed_by LEFT JOIN parties p ON p.id = d.party_id \
             WHERE d.case_id = ? AND {readable} ORDER BY d.number LIMIT ? OFFSET ?"
        ),
        [
            case_id.into(),
            i64::try_from(per_page).unwrap_or(i64::MAX).into(),
            i64::try_from((page - 1) * per_page)
                .unwrap_or(i64::MAX)
                .into(),
        ],
    )
    .await?;
    let ids: Vec<String> = rows
        .iter()
        .map(|row| sql::get::<i32>(row, "id").map(|id| id.to_string()))
        .collect::<Result<_, _>>()?;
    // The evidence tied to each filed record (an exhibit's entry is the item itself), once
    // per record on the page, as the portal shows it.
    let mut evidence: HashMap<(String, i32), Vec<Exhibit>> = HashMap::new();
    if !ids.is_empty() {
        for row in sql::all(
            db,
            &format!(
                "SELECT DISTINCT l.target_kind, l.target_id, e.id, e.code, e.title \
                 FROM docket_entries d \
                 JOIN evidence_links l ON l.target_kind = d.target_kind AND l.target_id = d.target_id \
                 JOIN evidence_items e ON e.id = l.item_id \
                 WHERE d.id IN ({}) AND d.target_kind <> 'evidence' AND {} ORDER BY e.code",
                ids.join(", "),
                sql::sealed(&r.actor, "e", "producer_party_id")
            ),
            [],
        )
        .await?
        {
            evidence
                .entry((sql::get(&row, "target_kind")?, sql::get(&row, "target_id")?))
                .or_default()
                .push(Exhibit {
                    id: sql::get(&row, "id")?,
                    code: sql::get(&row, "code")?,
                    title: sql::get(&row, "title")?,
                });
        }
    }
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = sql::get(row, "target_kind")?;
        let target: i32 = sql::get(row, "target_id")?;
        entries.push(Entry {
            number: sql::get(row, "number")?,
            filed_at: state.act_and_record(
                "dated",
                sql::get(row, "acted_at")?,
                sql::get(row, "filed_at")?,
            ),
            title: sql::get(row, "title")?,
            href: href(case_id, &kind, target),
            filed_for: sql::get::<Option<String>>(row, "party")?
                .unwrap_or_else(|| "Court".to_owned()),
            filed_by: sql::get::<Option<String>>(row, "filer")?
                .unwrap_or_else(|| "Portal".to_owned()),
            tier: sql::parse(&sql::get::<String>(row, "tier")?)?,
            evidence: evidence.remove(&(kind, target)).unwrap_or_default(),
        });
    }
    Ok(Docket {
        r,
        tab: "docket",
        first: if total == 0 {
            0
        } else {
            (page - 1) * per_page + 1
        },
        last: page.saturating_mul(per_page).min(total),
        entries,
        page,
        pages,
        total,
    })
}
