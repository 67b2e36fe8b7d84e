//! Party agents: counsel nominate the people their party sends to scrutiny sittings, and
//! send them to tasks, at most as many per task as the directive allows. An agent with an
//! account becomes a member of the case as their party's agent, and reads the tasks they
//! attend.

use super::steps::visible_task;
use crate::backend::accounts::find_by_email;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::entities::{agent, case, case_member, party, task, task_agent};
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use domain::fields::required_text;
use domain::{Action, CaseRole, FieldError, FieldErrors};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// A nomination as the form sends it.
#[derive(Debug)]
pub struct Nomination<'a> {
    pub party_id: &'a str,
    pub name: &'a str,
    pub id_number: &'a str,
    pub phone: &'a str,
    /// The agent's own account, if they are to read their tasks in the portal.
    pub email: &'a str,
}

/// An identity or telephone number: digits and letters, with the spaces, hyphens, slashes
/// and plus sign people write in them.
fn number(errors: &mut FieldErrors, field: &str, label: &str, raw: &str, min: usize) -> String {
    let value = raw.trim();
    let digits = value.chars().filter(char::is_ascii_alphanumeric).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '+'));
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("{label} is required.")));
    } else if !allowed || digits < min || value.len() > 32 {
        errors.push(FieldError::new(
            field,
            format!("{label} is {min} to 32 letters and digits (spaces, hyphens and + allowed)."),
        ));
    }
    value.to_owned()
}

/// Nominates an agent for the counsel's own party.
pub async fn nominate(scope: &CaseScope, input: Nomination<'_>) -> AppResult<agent::Model> {
    let party_id = domain::fields::parse_id("party_id", "party", input.party_id)
        .map_err(|e| AppError::Invalid(e.into()))?;
    scope.require(Action::NominateAgent(party_id))?;
    let db = scope.db();
    let mut errors = FieldErrors::default();
    let name = required_text(&mut errors, "name", "The agent's name", input.name, 200);
    let id_number = number(
        &mut errors,
        "id_number",
        "The ID number",
        input.id_number,
        5,
    );
    let phone = number(&mut errors, "phone", "The telephone number", input.phone, 7);
    let account = match input.email.trim() {
        "" => None,
        email => match find_by_email(&scope.state, email).await? {
            None => {
                errors.push(FieldError::new(
                    "email",
                    "No account has this e-mail: leave it empty, or ask the registry to open an account first.",
                ));
                None
            }
            Some(user) => {
                let member = case_member::Entity::find()
                    .filter(case_member::Column::CaseId.eq(scope.case.id))
                    .filter(case_member::Column::UserId.eq(user.id))
                    .one(db)
                    .await?;
                if let Some(m) = member {
                    errors.push(FieldError::new(
                        "email",
                        format!(
                            "{} is already a member of this case, as {}.",
                            user.name,
                            m.role.label()
                        ),
                    ));
                }
                Some(user)
            }
        },
    };
    let withdrawn = party::Entity::find_by_id(party_id)
        .filter(party::Column::CaseId.eq(scope.case.id))
        .one(db)
        .await?
        .is_none_or(|p| p.withdrawn_at.is_some());
    if withdrawn {
        return Err(AppError::invalid(
            "party_id",
            "Choose a party of this case.",
        ));
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(errors.into());
    };
    let now = clock::now();
    let txn = scope.state.write().await?;
    let created = agent::ActiveModel {
        case_id: Set(scope.case.id),
        party_id: Set(party_id),
        name: Set(name),
        id_number: Set(id_number),
        phone: Set(phone),
        user_id: Set(account.as_ref().map(|u| u.id)),
        nominated_by: Set(scope.user_id),
        nominated_at: Set(now),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        unique_violation_or_internal(
            e,
            "id_number",
            "Your party has already nominated an agent with this ID number.",
        )
    })?;
    if let Some(user) = &account {
        case_member::ActiveModel {
            case_id: Set(scope.case.id),
            user_id: Set(user.id),
            role: Set(CaseRole::Agent.into()),
            party_id: Set(Some(party_id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            unique_violation_or_internal(
                e,
                "email",
                "This person is already a member of this case.",
            )
        })?;
        // Membership changed: forms the administrator opened on the old list are stale.
        case::Entity::update_many()
            .col_expr(
                case::Column::Revision,
                Expr::col(case::Column::Revision).add(1),
            )
            .filter(case::Column::Id.eq(scope.case.id))
            .exec(&txn)
            .await?;
    }
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "agent.nominate",
            subject: format!("agent:{}", created.id),
            details: json!({
                "party": party_id,
                "name": created.name,
                "id_number": created.id_number,
                "phone": created.phone,
                "user": created.user_id,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Sends one of the counsel's own party's agents to a task: refused past the directive's
/// limit of agents per party, and on a task that is over.
pub async fn send(
    scope: &CaseScope,
    task_id: i32,
    revision: &str,
    agent_id: &str,
) -> AppResult<()> {
    let (t, d) = visible_task(scope, task_id).await?;
    let agent_id = domain::fields::parse_id("agent_id", "agent", agent_id)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let chosen = agent::Entity::find_by_id(agent_id)
        .filter(agent::Column::CaseId.eq(scope.case.id))
        .filter(agent::Column::WithdrawnAt.is_null())
        .one(scope.db())
        .await?
        .ok_or_else(|| AppError::invalid("agent_id", "Choose one of your party's agents."))?;
    if let Some(own) = scope.actor.party_acted_for()
        && own != chosen.party_id
    {
        return Err(AppError::invalid(
            "agent_id",
            "You may send only your own party's agents.",
        ));
    }
    scope.require(Action::NominateAgent(chosen.party_id))?;
    let seen = revision::parse(revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    if t.state.is_closed() {
        return Err(AppError::invalid(
            "agent_id",
            format!(
                "The task is {}: agents are no longer sent to it.",
                t.state.label().to_lowercase()
            ),
        ));
    }
    let txn = scope.state.write().await?;
    // Moving the task on first queues concurrent senders behind one another, so two
    // counsel cannot both take the last place.
    let update = task::Entity::update_many()
        .col_expr(task::Column::UpdatedAt, Expr::value(clock::now()))
        .filter(task::Column::Id.eq(t.id));
    revision::advance(&txn, update, task::Column::Revision, seen).await?;
    let already = task_agent::Entity::find()
        .filter(task_agent::Column::TaskId.eq(t.id))
        .filter(task_agent::Column::PartyId.eq(chosen.party_id))
        .count(&txn)
        .await?;
    if let Some(limit) = d.version.agent_limit
        && already >= u64::try_from(limit).unwrap_or(0)
    {
        return Err(AppError::invalid(
            "agent_id",
            format!(
                "Directive {} lets each party send {} to a task, and your party has sent {already} to this one already.",
                d.directive.label,
                match limit {
                    1 => "1 agent".to_owned(),
                    n => format!("{n} agents"),
                }
            ),
        ));
    }
    task_agent::ActiveModel {
        task_id: Set(t.id),
        agent_id: Set(chosen.id),
        party_id: Set(chosen.party_id),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        unique_violation_or_internal(e, "agent_id", "This agent is already sent to this task.")
    })?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.agent",
            subject: format!("task:{}", t.id),
            details: json!({ "agent": chosen.id, "party": chosen.party_id }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The agents the reader may list: their own party's for counsel and representatives,
/// every party's for the court (with ID and telephone numbers); 403 for anyone else.
pub async fn agent_list(scope: &CaseScope) -> AppResult<crate::model::AgentList> {
    let actor = &scope.actor;
    let court = actor.case_role.is_some_and(CaseRole::is_court);
    let own = actor
        .party_acted_for()
        .filter(|p| scope.may(Action::NominateAgent(*p)));
    if !court && own.is_none() {
        return Err(AppError::Forbidden);
    }
    let parties: std::collections::HashMap<i32, party::Model> = party::Entity::find()
        .filter(party::Column::CaseId.eq(scope.case.id))
        .all(scope.db())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut query = agent::Entity::find()
        .filter(agent::Column::CaseId.eq(scope.case.id))
        .filter(agent::Column::WithdrawnAt.is_null());
    if let (false, Some(p)) = (court, own) {
        query = query.filter(agent::Column::PartyId.eq(p));
    }
    let agents = query
        .order_by_asc(agent::Column::PartyId)
        .order_by_asc(agent::Column::Name)
        .all(scope.db())
        .await?
        .into_iter()
        .map(|a| crate::model::AgentView {
            id: a.id,
            party: parties
                .get(&a.party_id)
                .map(|p| p.short_name.clone())
                .unwrap_or_default(),
            name: a.name,
            id_number: Some(a.id_number),
            phone: Some(a.phone),
        })
        .collect();
    Ok(crate::model::AgentList {
        case: scope.summary(),
        agents,
        nominate_for: own
            .and_then(|p| parties.get(&p))
            .map(|p| crate::model::Choice {
                value: p.id.to_string(),
                label: format!("{} — {}", p.short_name, p.name),
            }),
    })
}
