//! Creating one task: the way to task what a paste of station codes cannot name, a ballot
//! box of a station, a server, an item of the evidence register, or a single station.

use super::bulk::{VENUE_MAX, checked_forms, station_key};
use super::directive::chosen;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{evidence_item, task};
use crate::backend::evidence;
use crate::backend::stations::check_listed;
use crate::error::{AppError, AppResult};
use domain::fields::optional_text;
use domain::stations::StationCode;
use domain::tasks::{ScopeKind, TaskKind, TaskState};
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// One task as the form sends it; each scope reads its own fields.
#[derive(Debug, Default)]
pub struct OneInput<'a> {
    pub directive_id: &'a str,
    pub kind: &'a str,
    pub forms: &'a [String],
    /// `station`, `ballot_box`, `server` or `evidence`.
    pub scope: &'a str,
    pub station_code: &'a str,
    pub ballot_box: &'a str,
    pub server: &'a str,
    /// The exhibit code of the item the task is about.
    pub exhibit: &'a str,
    pub venue: &'a str,
}

/// What the task is about, checked.
struct Scope {
    kind: ScopeKind,
    station: Option<StationCode>,
    ballot_box: Option<String>,
    server: Option<String>,
    item: Option<evidence_item::Model>,
}

impl Scope {
    fn key(&self) -> String {
        match (
            self.kind,
            &self.station,
            &self.ballot_box,
            &self.server,
            &self.item,
        ) {
            (ScopeKind::BallotBox, Some(code), Some(b), ..) => {
                format!("box:{}:{}", code.as_str(), b.to_lowercase())
            }
            (ScopeKind::Server, .., Some(server), _) => format!("server:{}", server.to_lowercase()),
            (ScopeKind::Evidence, .., Some(item)) => format!("evidence:{}", item.id),
            (_, Some(code), ..) => station_key(code.as_str()),
            _ => String::new(),
        }
    }
}

/// Creates one task; returns its id.
pub async fn create_one(scope: &CaseScope, input: OneInput<'_>) -> AppResult<i32> {
    scope.require(Action::ManageTasks)?;
    let d = chosen(scope, input.directive_id).await?;
    let (state, actor, case_id) = scope.parts();
    let db = scope.db();
    let mut errors = FieldErrors::default();
    let kind = errors.take(
        input
            .kind
            .parse::<TaskKind>()
            .map_err(|_| FieldError::new("kind", "Choose what the task is to do.")),
    );
    let scope_kind = errors.take(
        input
            .scope
            .parse::<ScopeKind>()
            .map_err(|_| FieldError::new("scope", "Choose what the task is about.")),
    );
    if let (Some(kind), Some(s)) = (kind, scope_kind)
        && !kind.scopes().contains(&s)
    {
        errors.push(FieldError::new(
            "scope",
            format!(
                "A task to {} is about {}.",
                kind.label().to_lowercase(),
                kind.scopes()
                    .iter()
                    .map(|s| s.label().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ));
    }
    let forms = checked_forms(kind, input.forms, &mut errors);
    let venue = optional_text(&mut errors, "venue", "The venue", input.venue, VENUE_MAX);
    let mut checked = Scope {
        kind: scope_kind.unwrap_or(ScopeKind::Station),
        station: None,
        ballot_box: None,
        server: None,
        item: None,
    };
    match scope_kind {
        Some(ScopeKind::Station | ScopeKind::BallotBox) => {
            checked.station = errors.take(StationCode::parse("station_code", input.station_code));
            if let Some(code) = &checked.station
                && let Some(problem) =
                    check_listed(db, &scope.case, "station_code", code.as_str()).await?
            {
                errors.push(problem);
            }
            if scope_kind == Some(ScopeKind::BallotBox) {
                checked.ballot_box = one_line(
                    &mut errors,
                    "ballot_box",
                    "The ballot box",
                    input.ballot_box,
                    64,
                );
            }
        }
        Some(ScopeKind::Server) => {
            checked.server = one_line(&mut errors, "server", "The server", input.server, 200);
        }
        Some(ScopeKind::Evidence) => {
            let items = evidence::exhibits(
                db,
                actor,
                case_id,
                input.exhibit,
                &mut FieldErrors::default(),
            )
            .await?;
            match items.as_slice() {
                [item] => checked.item = Some(item.clone()),
                _ => errors.push(FieldError::new(
                    "exhibit",
                    "Give the code of one item of this case's register, such as EXH-IEBC-004.",
                )),
            }
        }
        None => {}
    }
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return Err(errors.into());
    };
    let key = checked.key();
    let taken = task::Entity::find()
        .filter(task::Column::DirectiveId.eq(d.directive.id))
        .filter(task::Column::Kind.eq(kind.as_str()))
        .filter(task::Column::ScopeKey.eq(key.as_str()))
        .one(db)
        .await?;
    let field = match checked.kind {
        ScopeKind::Station => "station_code",
        ScopeKind::BallotBox => "ballot_box",
        ScopeKind::Server => "server",
        ScopeKind::Evidence => "exhibit",
    };
    if let Some(t) = taken {
        return Err(AppError::invalid(
            field,
            format!(
                "Directive {} already has a “{}” task about this: T-{}.",
                d.directive.label,
                kind.label(),
                t.id
            ),
        ));
    }
    let now = clock::now();
    let code = checked.station.as_ref();
    let txn = state.write().await?;
    let created = task::ActiveModel {
        case_id: Set(case_id),
        directive_id: Set(d.directive.id),
        version_number: Set(d.version.number),
        kind: Set(kind.into()),
        forms: Set(forms
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",")),
        scope: Set(checked.kind.into()),
        station_code: Set(code.map(|c| c.as_str().to_owned())),
        county_code: Set(code.map(|c| c.county().to_owned())),
        constituency_code: Set(code.map(|c| c.constituency().to_owned())),
        ballot_box: Set(checked.ballot_box.clone()),
        server: Set(checked.server.clone()),
        evidence_item_id: Set(checked.item.as_ref().map(|i| i.id)),
        scope_key: Set(key.clone()),
        venue: Set(venue.clone()),
        slot_starts: Set(None),
        slot_ends: Set(None),
        state: Set(TaskState::Planned.into()),
        resume_state: Set(None),
        revision: Set(1),
        created_by: Set(scope.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        unique_violation_or_internal(
            e,
            field,
            "Someone else created this task meanwhile: look on the board.",
        )
    })?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(case_id),
            action: "tasks.create",
            subject: format!("directive:{}", d.directive.id),
            details: json!({
                "task": created.id,
                "kind": kind.as_str(),
                "version": d.version.number,
                "scope": key,
                "venue": venue,
            }),
        },
    )
    .await?;
    docket::file(
        &txn,
        Filing {
            case_id,
            filed_by: Some(scope.user_id),
            party_id: None,
            kind: "tasks",
            title: format!(
                "Scrutiny task T-{} under directive {}: “{}”",
                created.id,
                d.directive.label,
                kind.label()
            ),
            target_kind: super::TASK_TARGET,
            target_id: created.id,
            tier: d.tier(),
            readers: d.obliged.clone(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// A name on one line (a ballot box, a server), required.
fn one_line(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, format!("{label} is required.")));
        None
    } else if value.chars().count() > max || value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            format!("{label} must be one line of at most {max} characters."),
        ));
        None
    } else {
        Some(value.to_owned())
    }
}
