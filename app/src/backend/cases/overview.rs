//! Lists of cases and a case's overview page.

use crate::backend::case_scope::{authorize, authorize_or_hide, find_case, summary};
use crate::backend::entities::{case, case_member, party, user};
use crate::backend::state::AppState;
use crate::error::AppResult;
use crate::model::{CaseOverview, CaseSummary, MemberView, Page, PartyView, RegisterView};
use domain::{Action, Actor, CaseRole, can};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The cases `user` belongs to, newest filing first.
pub async fn my_cases(state: &AppState, user: &user::Model) -> AppResult<Vec<CaseSummary>> {
    let memberships = case_member::Entity::find()
        .filter(case_member::Column::UserId.eq(user.id))
        .all(&state.db)
        .await?;
    let roles: HashMap<i32, (Option<CaseRole>, Option<i32>)> = memberships
        .iter()
        .map(|m| (m.case_id, (Some(*m.role), m.party_id)))
        .collect();
    let cases = case::Entity::find()
        .filter(case::Column::Id.is_in(roles.keys().copied()))
        .order_by_desc(case::Column::FilingDate)
        .order_by_asc(case::Column::Number)
        .all(&state.db)
        .await?;
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
    let total = paginator.num_items().await?;
    // Past the last page (or a silly number in the URL) shows the last page.
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let items = paginator.fetch_page(page - 1).await?;
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
        .await?;
    let with_accounts = case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(c.id))
        .order_by_asc(case_member::Column::Id)
        .find_also_related(user::Entity)
        .all(&state.db)
        .await?;
    let users: HashMap<i32, user::Model> = with_accounts
        .iter()
        .filter_map(|(_, u)| u.clone().map(|u| (u.id, u)))
        .collect();
    let members: Vec<case_member::Model> = with_accounts.into_iter().map(|(m, _)| m).collect();
    let party_names: HashMap<i32, &party::Model> = parties.iter().map(|p| (p.id, p)).collect();

    let mut member_views = Vec::new();
    for m in &members {
        let (Some(u), role) = (users.get(&m.user_id), *m.role) else {
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
            party_id: m.party_id,
        });
    }
    let party_views = parties
        .iter()
        .filter_map(|p| {
            let role = Some(*p.role)?;
            let acting = |wanted: CaseRole| -> Vec<String> {
                members
                    .iter()
                    .filter(|m| m.party_id == Some(p.id) && *m.role == wanted)
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
                withdrawn: p.withdrawn_at.map(|at| state.format_time(at)),
            })
        })
        .collect();
    Ok(CaseOverview {
        case: summary(state, c, my_role),
        parties: party_views,
        members: member_views,
        evidence_count: None,
        register: crate::backend::stations::case_register(&state.db, c)
            .await?
            .map(|r| RegisterView {
                election_id: r.election_id,
                name: r.election,
                stations: r.stations,
            }),
        registers: Vec::new(),
    })
}

/// A case as its members see it. Anyone else is told it does not exist.
pub async fn overview(
    state: &AppState,
    user: &user::Model,
    case_id: i32,
) -> AppResult<CaseOverview> {
    let actor = crate::backend::case_scope::actor_in_case(state, user, case_id).await?;
    authorize_or_hide(&actor, Action::ViewCase)?;
    let role = actor.case_role;
    let c = find_case(state, case_id).await?;
    let mut overview = assemble(state, &c, role).await?;
    overview.evidence_count =
        Some(crate::backend::evidence::visible_count(state, &actor, case_id).await?);
    Ok(overview)
}

/// A case as its administrator manages it.
pub async fn for_admin(state: &AppState, actor: &Actor, case_id: i32) -> AppResult<CaseOverview> {
    authorize(actor, Action::Administer)?;
    let c = find_case(state, case_id).await?;
    let mut overview = assemble(state, &c, None).await?;
    overview.registers = crate::backend::stations::elections(&state.db)
        .await?
        .into_iter()
        .map(|(e, stations)| RegisterView {
            election_id: e.id,
            name: e.name,
            stations,
        })
        .collect();
    Ok(overview)
}
