//! Notices of filing: one per member allowed to see a filing, left by `docket::file`.

use crate::backend::audit::{self, Change};
use crate::backend::clock;
use crate::backend::entities::{case, case_member, docket_entry, notice, user};
use crate::backend::state::AppState;
use crate::backend::{directives, docket};
use crate::error::{AppError, AppResult};
use crate::model::{NoticeView, Page};
use domain::Actor;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use std::collections::HashMap;

/// Notices whose filing the user may still see: sealing is applied again as notices are
/// read and counted, so a notice never outlives the reader's right to see its filing.
async fn still_visible(state: &AppState, user_id: i32) -> AppResult<Condition> {
    let memberships = case_member::Entity::find()
        .filter(case_member::Column::UserId.eq(user_id))
        .all(&state.db)
        .await?;
    let mut any = Condition::any();
    for m in memberships {
        let actor = Actor {
            user_id: Some(user_id),
            is_admin: false,
            case_role: Some(*m.role),
            party_id: m.party_id,
        };
        any = any.add(
            Condition::all()
                .add(docket_entry::Column::CaseId.eq(m.case_id))
                .add(docket::visible_to(&actor)),
        );
    }
    Ok(Condition::all().add(
        notice::Column::DocketEntryId.in_subquery(
            Query::select()
                .column(docket_entry::Column::Id)
                .from(docket_entry::Entity)
                .cond_where(any)
                .to_owned(),
        ),
    ))
}

pub async fn unread_count(state: &AppState, user_id: i32) -> AppResult<u64> {
    Ok(notice::Entity::find()
        .filter(notice::Column::UserId.eq(user_id))
        .filter(notice::Column::ReadAt.is_null())
        .filter(still_visible(state, user_id).await?)
        .count(&state.db)
        .await?)
}

/// The link to what a docket entry filed.
pub fn href_of(entry: &docket_entry::Model) -> Option<String> {
    match entry.target_kind.as_str() {
        "evidence" => Some(format!(
            "/cases/{}/evidence/{}",
            entry.case_id, entry.target_id
        )),
        "order" => Some(format!(
            "/cases/{}/orders/{}",
            entry.case_id, entry.target_id
        )),
        "directive" => Some(format!(
            "/cases/{}/directives/{}",
            entry.case_id, entry.target_id
        )),
        "clarification" => Some(format!(
            "/cases/{}/clarifications/{}",
            entry.case_id, entry.target_id
        )),
        "task" => Some(format!(
            "/cases/{}/tasks/{}",
            entry.case_id, entry.target_id
        )),
        "response" => Some(format!(
            "/cases/{}/responses/{}",
            entry.case_id, entry.target_id
        )),
        _ => None,
    }
}

/// The user's notices, newest first.
pub async fn list(
    state: &AppState,
    user: &user::Model,
    unread_only: bool,
    case_id: Option<i32>,
    page: u64,
    per_page: u64,
) -> AppResult<Page<NoticeView>> {
    let mut query = notice::Entity::find()
        .filter(notice::Column::UserId.eq(user.id))
        .filter(still_visible(state, user.id).await?);
    if unread_only {
        query = query.filter(notice::Column::ReadAt.is_null());
    }
    if let Some(case_id) = case_id {
        query = query.filter(
            notice::Column::DocketEntryId.in_subquery(
                Query::select()
                    .column(docket_entry::Column::Id)
                    .from(docket_entry::Entity)
                    .and_where(docket_entry::Column::CaseId.eq(case_id))
                    .to_owned(),
            ),
        );
    }
    let paginator = query
        .order_by_desc(notice::Column::Id)
        .paginate(&state.db, per_page);
    let total = paginator.num_items().await?;
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let notices = paginator.fetch_page(page - 1).await?;
    let entries: HashMap<i32, docket_entry::Model> = docket_entry::Entity::find()
        .filter(docket_entry::Column::Id.is_in(notices.iter().map(|n| n.docket_entry_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let cases: HashMap<i32, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(entries.values().map(|e| e.case_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let filers =
        crate::backend::people::names_of(&state.db, entries.values().filter_map(|e| e.filed_by))
            .await?;
    // Sealing was applied by the query (`still_visible`).
    let items = notices
        .iter()
        .filter_map(|n| {
            let entry = entries.get(&n.docket_entry_id)?;
            let c = cases.get(&entry.case_id)?;
            Some(NoticeView {
                id: n.id,
                case_id: c.id,
                case_number: c.number.clone(),
                docket_number: entry.number,
                title: entry.title.clone(),
                filed_at: state.format_time(entry.filed_at),
                filed_by: entry
                    .filed_by
                    .and_then(|id| filers.get(&id).cloned())
                    .unwrap_or_else(|| "Portal".to_owned()),
                href: href_of(entry),
                read: n.read_at.is_some(),
                audit_hash: entry.audit_hash.clone(),
            })
        })
        .collect();
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

/// Marks one of the user's notices read (or all of them, with `None`). Someone else's
/// notice is reported as not found.
pub async fn mark_read(state: &AppState, user_id: i32, notice_id: Option<i32>) -> AppResult<u64> {
    let mut update = notice::Entity::update_many()
        .col_expr(
            notice::Column::ReadAt,
            sea_orm::sea_query::Expr::value(Some(clock::now())),
        )
        .filter(notice::Column::UserId.eq(user_id))
        .filter(notice::Column::ReadAt.is_null())
        .filter(still_visible(state, user_id).await?);
    if let Some(id) = notice_id {
        let mine = notice::Entity::find_by_id(id)
            .filter(notice::Column::UserId.eq(user_id))
            .filter(still_visible(state, user_id).await?)
            .count(&state.db)
            .await?;
        if mine == 0 {
            return Err(AppError::NotFound);
        }
        update = update.filter(notice::Column::Id.eq(id));
    }
    let txn = state.write().await?;
    let done = update.exec(&txn).await?;
    if done.rows_affected > 0 {
        audit::append(
            &txn,
            Change {
                actor_id: Some(user_id),
                case_id: None,
                action: "notice.read",
                subject: notice_id.map_or_else(
                    || format!("notices:user:{user_id}"),
                    |id| format!("notice:{id}"),
                ),
                details: json!({ "marked": done.rows_affected }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(done.rows_affected)
}

/// A notice of filing as a document its recipient keeps: what was filed, when, by whom,
/// and the audit chain's head hash at that moment, so every party holds a copy of it.
#[derive(Clone, Debug)]
pub struct NoticeDocument {
    pub recipient: String,
    pub court: String,
    pub case_number: String,
    pub case_title: String,
    pub docket_number: i32,
    pub title: String,
    pub filed_at: String,
    pub filed_by: String,
    pub filed_for: String,
    pub sealing: String,
    pub audit_hash: String,
    pub issued_at: String,
    /// For the notice of an order: the directives it makes that the recipient may read,
    /// with their deadlines, so that the notice itself tells a party what it must do by when.
    pub directives: Vec<DirectiveDeadline>,
}

/// One directive of an order as its notice lists it.
#[derive(Clone, Debug)]
pub struct DirectiveDeadline {
    pub label: String,
    pub excerpt: String,
    /// The parties it obliges, by short name; "no party" when it obliges none.
    pub obliged: String,
    /// "1 Sep 2022, 14:00 EAT", or "no deadline".
    pub deadline: String,
}

/// The directives of `order_id` in force that `actor` may read, with their deadlines.
async fn deadlines_of_order(
    state: &AppState,
    actor: &Actor,
    case_id: i32,
    order_id: i32,
) -> AppResult<Vec<DirectiveDeadline>> {
    let parties = directives::short_names(&directives::parties_of(&state.db, case_id).await?);
    Ok(directives::lines(state, actor, case_id)
        .await?
        .into_iter()
        .filter(|l| l.directive.order_id == order_id)
        .map(|l| {
            let obliged: Vec<String> = l
                .cells
                .iter()
                .filter_map(|c| parties.get(&c.party_id).cloned())
                .collect();
            DirectiveDeadline {
                label: l.directive.label.clone(),
                excerpt: directives::excerpt(&l.version.text),
                obliged: if obliged.is_empty() {
                    "no party".to_owned()
                } else {
                    obliged.join(", ")
                },
                deadline: l
                    .version
                    .deadline
                    .map_or_else(|| "no deadline".to_owned(), |t| state.format_time(t)),
            }
        })
        .collect())
}

/// The recipient's notice `notice_id`; anyone else's, or one whose filing they may no
/// longer see, is not found.
pub async fn document(
    state: &AppState,
    user: &user::Model,
    notice_id: i32,
) -> AppResult<NoticeDocument> {
    let n = notice::Entity::find_by_id(notice_id)
        .filter(notice::Column::UserId.eq(user.id))
        .filter(still_visible(state, user.id).await?)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let entry = docket_entry::Entity::find_by_id(n.docket_entry_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = case::Entity::find_by_id(entry.case_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let filer = match entry.filed_by {
        Some(id) => user::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|u| u.name),
        None => None,
    };
    let filed_for = match entry.party_id {
        Some(id) => crate::backend::entities::party::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|p| format!("{} ({})", p.name, p.short_name)),
        None => None,
    };
    let directives = if entry.target_kind == "order" {
        let actor = crate::backend::case_scope::actor_in_case(state, user, c.id).await?;
        deadlines_of_order(state, &actor, c.id, entry.target_id).await?
    } else {
        Vec::new()
    };
    Ok(NoticeDocument {
        directives,
        recipient: user.name.clone(),
        court: c.court,
        case_number: c.number,
        case_title: c.title,
        docket_number: entry.number,
        title: entry.title,
        filed_at: state.format_time(entry.filed_at),
        filed_by: filer.unwrap_or_else(|| "the portal".to_owned()),
        filed_for: filed_for.unwrap_or_else(|| "the court".to_owned()),
        sealing: format!("{} — {}", entry.tier.label(), entry.tier.explanation()),
        audit_hash: entry.audit_hash,
        issued_at: state.format_time(clock::now()),
    })
}
