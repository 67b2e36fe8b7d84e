//! Making a case and changing its parties and members, each a change to the case's
//! revision.

use crate::backend::accounts::find_by_email;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::{authorize, find_case};
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::entities::{case, case_member, party};
use crate::backend::revision;
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use domain::fields::{CaseNumber, CaseTitle, CourtName, PartyName, ShortName, parse_date};
use domain::{Action, Actor, CaseRole, FieldError, FieldErrors, PartyRole};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

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
            > clock::now()
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
    let exists = case::Entity::find()
        .filter(case::Column::Number.eq(number.as_str()))
        .count(&state.db)
        .await?;
    if exists > 0 {
        return Err(AppError::invalid("number", DUPLICATE));
    }
    // Checked first, on the pool: the write begins only once there is something to write.
    let txn = state.write().await?;
    let created = case::ActiveModel {
        number: Set(number.into_inner()),
        title: Set(title.into_inner()),
        court: Set(court.into_inner()),
        filing_date: Set(filing_date),
        created_at: Set(clock::now()),
        revision: Set(1),
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
    txn.commit().await?;
    Ok(created)
}

/// Moves the case on if it is still at the revision the form saw, within `txn`.
/// The case as a form opened on `seen` knew it. A stale form is refused before anything
/// else is judged: its view of the case is old.
pub(super) async fn at_revision(
    state: &AppState,
    case_id: i32,
    seen: &str,
) -> AppResult<(case::Model, i32)> {
    let c = find_case(state, case_id).await?;
    let expected = revision::parse(seen)?;
    if expected != c.revision {
        return Err(AppError::Stale);
    }
    Ok((c, expected))
}

pub(super) async fn bump_version(
    txn: &impl ConnectionTrait,
    case_id: i32,
    seen: i32,
) -> AppResult<()> {
    let update = case::Entity::update_many().filter(case::Column::Id.eq(case_id));
    revision::advance(txn, update, case::Column::Revision, seen).await
}

pub struct NewParty<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    pub role: &'a str,
    /// The case version the form was opened on.
    pub revision: &'a str,
}

pub(super) const DUPLICATE_PARTY: &str = "Another party of this case already has this short name.";

/// Checks a party's fields, and that no other party of the case (than `except`, the one
/// being edited) has its short name.
pub(super) async fn checked_party(
    state: &AppState,
    case_id: i32,
    input: &NewParty<'_>,
    except: Option<i32>,
) -> AppResult<(String, String, PartyRole)> {
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
    let mut taken = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .filter(party::Column::ShortName.eq(short_name.as_str()));
    if let Some(id) = except {
        taken = taken.filter(party::Column::Id.ne(id));
    }
    if taken.count(&state.db).await? > 0 {
        return Err(AppError::invalid("short_name", DUPLICATE_PARTY));
    }
    Ok((name.into_inner(), short_name.as_str().to_owned(), role))
}

pub async fn add_party(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: NewParty<'_>,
) -> AppResult<party::Model> {
    authorize(actor, Action::AddParty)?;
    let (c, expected) = at_revision(state, case_id, input.revision).await?;
    let (name, short_name, role) = checked_party(state, c.id, &input, None).await?;
    let txn = state.write().await?;
    bump_version(&txn, c.id, expected).await?;
    let created = party::ActiveModel {
        case_id: Set(c.id),
        name: Set(name),
        short_name: Set(short_name),
        role: Set(role.into()),
        created_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_violation_or_internal(e, "short_name", DUPLICATE_PARTY))?;
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
    txn.commit().await?;
    Ok(created)
}

pub struct NewMember<'a> {
    pub email: &'a str,
    pub role: &'a str,
    /// Required for counsel and representatives; empty otherwise.
    pub party_id: &'a str,
    pub revision: &'a str,
}

/// Checks a member's role and the party they act for: counsel and representatives act
/// for a party of the case (one not withdrawn), and nobody else acts for one.
pub(super) async fn member_role(
    state: &AppState,
    case_id: i32,
    role: &str,
    party_id: &str,
    errors: &mut FieldErrors,
) -> AppResult<(Option<CaseRole>, Option<i32>)> {
    let role = errors.take(
        role.parse::<CaseRole>()
            .map_err(|_| FieldError::new("role", "Choose the member's role in the case.")),
    );
    let party_id = match role {
        Some(role) if role.is_of_party() => {
            match domain::fields::parse_id("party_id", "party", party_id) {
                Ok(id) => {
                    let in_case = party::Entity::find_by_id(id)
                        .filter(party::Column::CaseId.eq(case_id))
                        .filter(party::Column::WithdrawnAt.is_null())
                        .one(&state.db)
                        .await?;
                    if in_case.is_none() {
                        errors.push(FieldError::new("party_id", "Choose a party of this case."));
                    }
                    Some(id)
                }
                Err(e) => {
                    errors.push(FieldError::new(
                        "party_id",
                        format!(
                            "{} Counsel, representatives and agents act for a party.",
                            e.message
                        ),
                    ));
                    None
                }
            }
        }
        Some(_) if !party_id.trim().is_empty() => {
            errors.push(FieldError::new(
                "party_id",
                "Only counsel, party representatives and agents act for a party; leave the party empty.",
            ));
            None
        }
        _ => None,
    };
    Ok((role, party_id))
}

pub async fn add_member(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    input: NewMember<'_>,
) -> AppResult<case_member::Model> {
    authorize(actor, Action::AddMember)?;
    let (c, expected) = at_revision(state, case_id, input.revision).await?;
    let mut errors = FieldErrors::default();
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
    let (role, party_id) =
        member_role(state, c.id, input.role, input.party_id, &mut errors).await?;
    let (Some(role), Some(person), true) = (role, person, errors.is_empty()) else {
        return Err(errors.into());
    };
    if let Some(existing) = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(c.id))
        .filter(case_member::Column::UserId.eq(person.id))
        .one(&state.db)
        .await?
    {
        let as_role = existing.role.label();
        return Err(AppError::invalid(
            "email",
            format!(
                "{} is already a member of this case, as {as_role}.",
                person.name
            ),
        ));
    }
    let txn = state.write().await?;
    bump_version(&txn, c.id, expected).await?;
    let created = case_member::ActiveModel {
        case_id: Set(c.id),
        user_id: Set(person.id),
        role: Set(role.into()),
        party_id: Set(party_id),
        created_at: Set(clock::now()),
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
    txn.commit().await?;
    Ok(created)
}
