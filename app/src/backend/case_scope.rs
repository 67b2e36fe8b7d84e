//! One case as a request sees it: who is asking, their role in the case, and the case.
//! Built once per server function; a person who is not a member gets 404, exactly like a
//! case that does not exist.

use crate::backend::entities::{case, case_member, user};
use crate::backend::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::CaseSummary;
use domain::{Action, Actor, CaseRole, can};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// One case as one request sees it: built once per server function by [`CaseScope::open`],
/// which answers 404 to anyone who may not see the case. Services take it instead of
/// checking membership, finding the case and reading the user again.
#[derive(Clone, Debug)]
pub struct CaseScope {
    pub state: AppState,
    /// The member as the rules see them in this case.
    pub actor: Actor,
    pub user_id: i32,
    pub case: case::Model,
}

impl CaseScope {
    /// `user`'s view of a case: 404 unless the rules let them see it (members only), exactly
    /// as for a case that does not exist.
    pub async fn open(state: &AppState, user: &user::Model, case_id: i32) -> AppResult<CaseScope> {
        let actor = actor_in_case(state, user, case_id).await?;
        authorize_or_hide(&actor, Action::ViewCase)?;
        let case = find_case(state, case_id).await?;
        Ok(CaseScope {
            state: state.clone(),
            actor,
            user_id: user.id,
            case,
        })
    }

    /// The three things most services read: the state, the rules' view of the member, and
    /// the case's id.
    pub fn parts(&self) -> (&AppState, &Actor, i32) {
        (&self.state, &self.actor, self.case.id)
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The case's heading as the member sees it.
    pub fn summary(&self) -> CaseSummary {
        summary(&self.state, &self.case, self.actor.case_role)
    }

    /// Refuses with 403 unless the rules allow the member `action`.
    pub fn require(&self, action: Action) -> AppResult<()> {
        authorize(&self.actor, action)
    }

    pub fn may(&self, action: Action) -> bool {
        can(&self.actor, action)
    }
}

pub(crate) fn summary(state: &AppState, c: &case::Model, my_role: Option<CaseRole>) -> CaseSummary {
    CaseSummary {
        id: c.id,
        number: c.number.clone(),
        title: c.title.clone(),
        court: c.court.clone(),
        filing_date: state.format_date(c.filing_date),
        my_role,
        revision: c.revision,
    }
}

pub(crate) async fn find_case(state: &AppState, case_id: i32) -> AppResult<case::Model> {
    case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The membership of `user_id` in a case, if any.
pub async fn membership(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    case_id: i32,
) -> AppResult<Option<case_member::Model>> {
    Ok(case_member::Entity::find()
        .filter(case_member::Column::CaseId.eq(case_id))
        .filter(case_member::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

/// The user as the rules see them in one case: their role and the party they act for.
pub async fn actor_in_case(state: &AppState, user: &user::Model, case_id: i32) -> AppResult<Actor> {
    let membership = membership(&state.db, user.id, case_id).await?;
    Ok(Actor {
        user_id: Some(user.id),
        is_admin: user.is_admin,
        case_role: membership.as_ref().map(|m| *m.role),
        party_id: membership.and_then(|m| m.party_id),
    })
}

/// Refuses unless the rules allow `action`. Use `hide_case` for reads of a case, so an
/// outsider cannot tell a case that exists from one that does not.
pub fn authorize(actor: &Actor, action: Action) -> AppResult<()> {
    if can(actor, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn authorize_or_hide(actor: &Actor, action: Action) -> AppResult<()> {
    if can(actor, action) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
