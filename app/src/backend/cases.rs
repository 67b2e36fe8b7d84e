//! Cases, their parties and their members.

use super::accounts::{find_by_email, unique_violation_or_internal};
use super::audit::{self, Change};
use super::auth::{authorize, authorize_or_hide, internal};
use super::entities::{case, case_member, party, user};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{CaseOverview, CaseSummary, MemberView, Page, PartyView};
use chrono::Utc;
use domain::fields::{CaseNumber, CaseTitle, CourtName, PartyName, ShortName, parse_date};
use domain::{Action, Actor, CaseRole, FieldError, FieldErrors, PartyRole, can};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::HashMap;

pub(crate) fn summary(state: &AppState, c: &case::Model, my_role: Option<CaseRole>) -> CaseSummary {
    CaseSummary {
        id: c.id,
        number: c.number.clone(),
        title: c.title.clone(),
        court: c.court.clone(),
        filing_date: state.format_date(c.filing_date),
        my_role,
        version: c.version,
    }
}

pub(crate) async fn find_case(state: &AppState, case_id: i32) -> AppResult<case::Model> {
    case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)
}

/// The cases `user` belongs to, newest filing first.
pub async fn my_cases(state: &AppState, user: &user::Model) -> AppResult<Vec<CaseSummary>> {
    let memberships = case_member::Entity::find()
        .filter(case_member::Column::UserId.eq(user.id))
        .all(&state.db)
        .await
        .map_err(internal)?;
    let roles: HashMap<i32, (Option<CaseRole>, Option<i32>)> = memberships
        .iter()
        .map(|m| (m.case_id, (m.role.parse().ok(), m.party_id)))
        .collect();
    let cases = case::Entity::find()
        .filter(case::Column::Id.is_in(roles.keys().copied()))
        .order_by_desc(case::Column::FilingDate)
        .order_by_asc(case::Column::Number)
        .all(&state.db)
        .await
        .map_err(internal)?;
    Ok(cases
        .iter()
        .filter_map(|c| {
            let (role, party_id) = roles.get(&c.id).copied().unwrap_or((None, None));
            let actor = Actor {
                user_id: Some(user.id),
                is_admin: user.is_admin,
                case_role: role,
                party_id,
            };
            can(&actor, Action::ViewCase).then(|| summary(state, c, role))
        })
        .collect())
}

/// Every case, for administrators.
pub async fn all_cases(
    state: &AppState,
    actor: &Actor,
    page: u64,
    per_page: u64,
) -> AppResult<Page<CaseSummary>> {
    authorize(actor, Action::Administer)?;
    let paginator = case::Entity::find()
        .order_by_desc(case::Column::FilingDate)
        .order_by_asc(case::Column::Id)
        .paginate(&state.db, per_page);
    let total = paginator.num_items().await.map_err(internal)?;
    // Past the last page (or a silly number in the URL) shows the last page.
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let items = paginator.fetch_page(page - 1).await.map_err(internal)?;
    Ok(Page {
        items: items.iter().map(|c| summary(state, c, None)).collect(),
        page,
        per_page,
        total,
    })
}

async fn assemble(
    state: &AppState,
    c: &case::Model,
    my_role: Option<CaseRole>,
) -> AppResult<CaseOverview> {
    let parties = party::Entity::find()
        .filter(party::Column::CaseId.eq(c.id))
        .order_by_asc(party::Column::Id)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let members = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(c.id))
        .order_by_asc(case_member::Column::Id)
        .all(&state.db)
        .await
        .map_err(internal)?;
    let users: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
        .all(&state.db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let party_names: HashMap<i32, &party::Model> = parties.iter().map(|p| (p.id, p)).collect();

    let mut member_views = Vec::new();
    for m in &members {
        let (Some(u), Ok(role)) = (users.get(&m.user_id), m.role.parse::<CaseRole>()) else {
            continue;
        };
        member_views.push(MemberView {
            id: m.id,
            user_id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role,
            party: m
                .party_id
                .and_then(|id| party_names.get(&id))
                .map(|p| p.short_name.clone()),
        });
    }
    let party_views = parties
        .iter()
        .filter_map(|p| {
            let role = p.role.parse::<PartyRole>().ok()?;
            let acting = |wanted: CaseRole| -> Vec<String> {
                members
                    .iter()
                    .filter(|m| m.party_id == Some(p.id) && m.role == wanted.as_str())
                    .filter_map(|m| users.get(&m.user_id).map(|u| u.name.clone()))
                    .collect()
            };
            Some(PartyView {
                id: p.id,
                name: p.name.clone(),
                short_name: p.short_name.clone(),
                role,
                counsel: acting(CaseRole::Counsel),
                representatives: acting(CaseRole::PartyRepresentative),
            })
        })
        .collect();
    Ok(CaseOverview {
        case: summary(state, c, my_role),
        parties: party_views,
        members: member_views,
        evidence_count: None,
    })
}

/// A case as its members see it. Anyone else is told it does not exist.
pub async fn overview(
    state: &AppState,
    user: &user::Model,
    case_id: i32,
) -> AppResult<CaseOverview> {
    let actor = super::auth::actor_in_case(state, user, case_id).await?;
    authorize_or_hide(&actor, Action::ViewCase)?;
    let role = actor.case_role;
    let c = find_case(state, case_id).await?;
    let mut overview = assemble(state, &c, role).await?;
    overview.evidence_count = Some(super::evidence::visible_count(state, &actor, case_id).await?);
    Ok(overview)
}

/// A case as its administrator manages it.
pub async fn for_admin(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<CaseOverview> {
    authorize(actor, Action::Administer)?;
    let c = find_case(state, case_id).await?;
    assemble(state, &c, None).await
}

pub struct NewCase<'a> {
    pub number: &'a str,
    pub title: &'a str,
    pub court: &'a str,
    pub filing_date: &'a str,
}

pub async fn create_case(
    state: &AppState,
    actor: &Actor,
    input: NewCase<'_>,
) -> AppResult<case::Model> {
    authorize(actor, Action::CreateCase)?;
    let mut errors = FieldErrors::default();
    let number = errors.take(CaseNumber::parse("number", input.number));
    let title = errors.take(CaseTitle::parse("title", input.title));
    let court = errors.take(CourtName::parse("court", input.court));
    let filing_date = errors.take(parse_date("filing_date", "Filing date", input.filing_date));
    if let Some(date) = filing_date
        && date
            > Utc::now()
                .with_timezone(&state.config.time_zone)
                .date_naive()
    {
        errors.push(FieldError::new(
            "filing_date",
            "Filing date cannot be in the future.",
        ));
    }
    let (Some(number), Some(title), Some(court), Some(filing_date), true) =
        (number, title, court, filing_date, errors.is_empty())
    else {
        return Err(errors.into());
    };
    const DUPLICATE: &str = "A case with this number already exists.";
    let _writer = state.write_guard().await;
    let exists = case::Entity::find()
        .filter(case::Column::Number.eq(number.as_str()))
        .count(&state.db)
        .await
        .map_err(internal)?;
    if exists > 0 {
        return Err(AppError::invalid("number", DUPLICATE));
    }
    let txn = state.db.begin().await.map_err(internal)?;
    let created = case::ActiveModel {
        number: Set(number.into_inner()),
        title: Set(title.into_inner()),
        court: Set(court.into_inner()),
        filing_date: Set(filing_date),
        created_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation_or_internal(e, "number", DUPLICATE))?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(created.id),
            action: "case.create",
            subject: format!("case:{}", created.id),
            details: json!({
                "number": created.number,
                "title": created.title,
                "court": created.court,
                "filing_date": created.filing_date.to_string(),
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

/// Moves the case to its next version if it is still at `expected`, within `txn`; a form
/// opened on an older version is refused as stale and nothing it carried is kept.
async fn bump_version(txn: &impl ConnectionTrait, case_id: i32, expected: i32) -> AppResult<()> {
    let updated = case::Entity::update_many()
        .col_expr(
            case::Column::Version,
            sea_orm::sea_query::Expr::value(expected + 1),
        )
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::Version.eq(expected))
        .exec(txn)
        .await
        .map_err(internal)?;
    if updated.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}

fn parse_version(raw: &str) -> AppResult<i32> {
    raw.trim().parse::<i32>().map_err(|_| AppError::BadRequest)
}

pub struct NewParty<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    pub role: &'a str,
    /// The case version the form was opened on.
    pub case_version: &'a str,
}

pub async fn add_party(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: NewParty<'_>,
) -> AppResult<party::Model> {
    authorize(actor, Action::AddParty)?;
    let c = find_case(state, case_id).await?;
    let expected = parse_version(input.case_version)?;
    // A stale form is refused before anything else is judged: its view of the case is old.
    if expected != c.version {
        return Err(AppError::Stale);
    }
    let mut errors = FieldErrors::default();
    let name = errors.take(PartyName::parse("name", input.name));
    let short_name = errors.take(ShortName::parse("short_name", input.short_name));
    let role = errors.take(
        input
            .role
            .parse::<PartyRole>()
            .map_err(|_| FieldError::new("role", "Choose the party's role.")),
    );
    let (Some(name), Some(short_name), Some(role)) = (name, short_name, role) else {
        return Err(errors.into());
    };
    const DUPLICATE: &str = "Another party of this case already has this short name.";
    let _writer = state.write_guard().await;
    let taken = party::Entity::find()
        .filter(party::Column::CaseId.eq(c.id))
        .filter(party::Column::ShortName.eq(short_name.as_str()))
        .count(&state.db)
        .await
        .map_err(internal)?;
    if taken > 0 {
        return Err(AppError::invalid("short_name", DUPLICATE));
    }
    let txn = state.db.begin().await.map_err(internal)?;
    bump_version(&txn, c.id, expected).await?;
    let created = party::ActiveModel {
        case_id: Set(c.id),
        name: Set(name.into_inner()),
        short_name: Set(short_name.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation_or_internal(e, "short_name", DUPLICATE))?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(c.id),
            action: "party.add",
            subject: format!("party:{}", created.id),
            details: json!({
                "name": created.name,
                "short_name": created.short_name,
                "role": created.role,
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}

pub struct NewMember<'a> {
    pub email: &'a str,
    pub role: &'a str,
    /// Required for counsel and representatives; empty otherwise.
    pub party_id: &'a str,
    pub case_version: &'a str,
}

pub async fn add_member(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: NewMember<'_>,
) -> AppResult<case_member::Model> {
    authorize(actor, Action::AddMember)?;
    let c = find_case(state, case_id).await?;
    let expected = parse_version(input.case_version)?;
    // A stale form is refused before anything else is judged: its view of the case is old.
    if expected != c.version {
        return Err(AppError::Stale);
    }
    let mut errors = FieldErrors::default();
    let role = errors.take(
        input
            .role
            .parse::<CaseRole>()
            .map_err(|_| FieldError::new("role", "Choose the member's role in the case.")),
    );
    let person = if input.email.trim().is_empty() {
        errors.push(FieldError::new("email", "E-mail is required."));
        None
    } else {
        let found = find_by_email(state, input.email).await?;
        if found.is_none() {
            errors.push(FieldError::new(
                "email",
                "No account has this e-mail. Create the account first (Admin → Users).",
            ));
        }
        found
    };
    let party_id = match role {
        Some(role) if role.acts_for_party() => {
            let wanted = domain::fields::parse_id("party_id", "party", input.party_id);
            match wanted {
                Ok(id) => {
                    let in_case = party::Entity::find_by_id(id)
                        .filter(party::Column::CaseId.eq(c.id))
                        .one(&state.db)
                        .await
                        .map_err(internal)?;
                    if in_case.is_none() {
                        errors.push(FieldError::new("party_id", "Choose a party of this case."));
                    }
                    Some(id)
                }
                Err(e) => {
                    errors.push(FieldError::new(
                        "party_id",
                        format!("{} Counsel and representatives act for a party.", e.message),
                    ));
                    None
                }
            }
        }
        Some(_) if !input.party_id.trim().is_empty() => {
            errors.push(FieldError::new(
                "party_id",
                "Only counsel and party representatives act for a party; leave the party empty.",
            ));
            None
        }
        _ => None,
    };
    let (Some(role), Some(person), true) = (role, person, errors.is_empty()) else {
        return Err(errors.into());
    };
    let _writer = state.write_guard().await;
    if let Some(existing) = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(c.id))
        .filter(case_member::Column::UserId.eq(person.id))
        .one(&state.db)
        .await
        .map_err(internal)?
    {
        let as_role = existing
            .role
            .parse::<CaseRole>()
            .map(|r| r.label())
            .unwrap_or("another role");
        return Err(AppError::invalid(
            "email",
            format!(
                "{} is already a member of this case, as {as_role}.",
                person.name
            ),
        ));
    }
    let txn = state.db.begin().await.map_err(internal)?;
    bump_version(&txn, c.id, expected).await?;
    let created = case_member::ActiveModel {
        case_id: Set(c.id),
        user_id: Set(person.id),
        role: Set(role.as_str().to_owned()),
        party_id: Set(party_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        unique_violation_or_internal(e, "email", "This person is already a member of this case.")
    })?;
    audit::append(
        &txn,
        Change {
            actor_id: actor.user_id,
            case_id: Some(c.id),
            action: "member.add",
            subject: format!("member:{}", created.id),
            details: json!({
                "user": person.id,
                "email": person.email,
                "role": created.role,
                "party": created.party_id,
            }),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(created)
}
