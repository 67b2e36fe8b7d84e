//! Creating tasks in bulk from pasted station codes: a preview first, every line read with
//! its problem (malformed, not in the register, pasted twice, already tasked under the
//! directive), then one transaction that creates every task or none.

use super::directive::{TaskDirective, chosen};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::db::unique_violation_or_internal;
use crate::backend::directives::targets;
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{station, task};
use crate::backend::stations::{case_register, lookup};
use crate::error::{AppError, AppResult};
use crate::model::{BulkPreview, PasteLine};
use domain::fields::optional_text;
use domain::stations::{MAX_PASTED_CODES, StationCode, parse_paste};
use domain::tasks::{FormKind, ScopeKind, TaskKind, TaskState};
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// The largest paste read: ample for the longest list of codes, with their spaces.
const MAX_PASTE_BYTES: usize = 1 << 20;

pub(super) const VENUE_MAX: usize = 300;

/// Tasks per insert: well under the bound parameters either database allows.
const CHUNK: usize = 500;

/// A paste as the form sends it.
#[derive(Debug)]
pub struct BulkInput<'a> {
    pub directive_id: &'a str,
    pub kind: &'a str,
    /// The forms an inspection covers (`FormKind` names); ignored for other kinds.
    pub forms: &'a [String],
    pub codes: &'a str,
    pub venue: &'a str,
}

/// The key that makes a task unique under its directive and kind.
pub(super) fn station_key(code: &str) -> String {
    format!("station:{code}")
}

struct Checked {
    directive: TaskDirective,
    kind: TaskKind,
    forms: Vec<FormKind>,
    venue: String,
    preview: BulkPreview,
    /// The codes of the lines that would become tasks, in paste order.
    ready: Vec<StationCode>,
}

async fn check(scope: &CaseScope, input: &BulkInput<'_>) -> AppResult<Checked> {
    scope.require(Action::ManageTasks)?;
    let directive = chosen(scope, input.directive_id).await?;
    let mut errors = FieldErrors::default();
    let kind = errors.take(
        input
            .kind
            .parse::<TaskKind>()
            .map_err(|_| FieldError::new("kind", "Choose what the tasks are to do.")),
    );
    if let Some(kind) = kind
        && !kind.is_per_station()
    {
        errors.push(FieldError::new(
            "kind",
            format!(
                "“{}” tasks are not about polling stations: create them one at a time.",
                kind.label()
            ),
        ));
    }
    let forms = checked_forms(kind, input.forms, &mut errors);
    let venue = optional_text(&mut errors, "venue", "The venue", input.venue, VENUE_MAX);
    let pasted = if input.codes.len() > MAX_PASTE_BYTES {
        errors.push(FieldError::new(
            "codes",
            "The paste is larger than 1 MiB: split it into several.",
        ));
        Vec::new()
    } else {
        let pasted = parse_paste(input.codes);
        if pasted.is_empty() {
            errors.push(FieldError::new(
                "codes",
                "Paste the polling station codes, one a line or separated by commas or spaces.",
            ));
        } else if pasted.len() > MAX_PASTED_CODES {
            errors.push(FieldError::new(
                "codes",
                format!("At most {MAX_PASTED_CODES} codes in one paste: split it into several."),
            ));
        }
        pasted
    };
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        return Err(errors.into());
    };

    let db = scope.db();
    let register = case_register(db, &scope.case).await?;
    let codes: Vec<&str> = pasted
        .iter()
        .filter_map(|p| p.code.as_ref().ok().map(StationCode::as_str))
        .collect();
    let stations = match &register {
        Some(r) => lookup(db, r.election_id, &codes).await?,
        None => HashMap::new(),
    };
    let tasked: HashSet<String> = task::Entity::find()
        .select_only()
        .column(task::Column::ScopeKey)
        .filter(task::Column::DirectiveId.eq(directive.directive.id))
        .filter(task::Column::Kind.eq(kind.as_str()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let label = directive.directive.label.clone();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut ready = Vec::new();
    let mut lines = Vec::with_capacity(pasted.len());
    for pasted in pasted {
        let (code, station, problem) = match pasted.code {
            Err(problem) => (None, None, Some(problem)),
            Ok(code) => {
                let station = stations.get(code.as_str());
                let problem = if let Some(first) = first_line.get(code.as_str()) {
                    Some(format!(
                        "{code} is also on line {first}: each station is tasked once."
                    ))
                } else if let (Some(r), None) = (&register, station) {
                    Some(format!("{code} is not in the register of {}.", r.election))
                } else if tasked.contains(&station_key(code.as_str())) {
                    Some(format!(
                        "{code} already has a “{}” task under directive {label}.",
                        kind.label()
                    ))
                } else {
                    None
                };
                first_line
                    .entry(code.as_str().to_owned())
                    .or_insert(pasted.line);
                let described = station.map(describe);
                if problem.is_none() {
                    ready.push(code.clone());
                }
                (Some(code.into_string()), described, problem)
            }
        };
        lines.push(PasteLine {
            line: pasted.line,
            written: pasted.written,
            code,
            station,
            problem,
        });
    }
    let problems = lines.iter().filter(|l| l.problem.is_some()).count();
    Ok(Checked {
        preview: BulkPreview {
            ready: ready.len(),
            problems,
            lines,
            register: register.map(|r| r.election),
            directive_label: label,
            kind,
        },
        directive,
        kind,
        forms,
        venue,
        ready,
    })
}

/// The forms an inspection covers, in the order `FormKind` lists them, whatever order the
/// form sent them in; none for other kinds. An inspection must name at least one.
pub(super) fn checked_forms(
    kind: Option<TaskKind>,
    names: &[String],
    errors: &mut FieldErrors,
) -> Vec<FormKind> {
    let mut forms = Vec::new();
    for name in names {
        match name.parse::<FormKind>() {
            Ok(form) if !forms.contains(&form) => forms.push(form),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new("forms", "Choose forms from the list.")),
        }
    }
    if kind == Some(TaskKind::InspectForms) && forms.is_empty() {
        errors.push(FieldError::new("forms", "Choose the forms to inspect."));
    }
    if kind != Some(TaskKind::InspectForms) {
        forms.clear();
    }
    forms.sort_by_key(|f| FormKind::ALL.iter().position(|k| k == f));
    forms
}

/// A station as a preview line names it.
fn describe(s: &station::Model) -> String {
    format!(
        "{} · {}, {} ({} registered voters)",
        s.name, s.constituency, s.county, s.registered_voters
    )
}

/// What a paste would create, line by line.
pub async fn preview_bulk(scope: &CaseScope, input: BulkInput<'_>) -> AppResult<BulkPreview> {
    Ok(check(scope, &input).await?.preview)
}

/// Creates a task for every code of the paste, in one transaction, or none when any line
/// has a problem. Returns how many were created.
pub async fn create_bulk(scope: &CaseScope, input: BulkInput<'_>) -> AppResult<usize> {
    let checked = check(scope, &input).await?;
    let preview = &checked.preview;
    if preview.problems > 0 {
        return Err(AppError::invalid(
            "codes",
            format!(
                "{} of the {} lines have problems: correct them (the preview lists them). Nothing was created.",
                preview.problems,
                preview.lines.len()
            ),
        ));
    }
    let (state, _, case_id) = scope.parts();
    let d = &checked.directive;
    let now = clock::now();
    let forms = checked
        .forms
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let txn = state.write().await?;
    for chunk in checked.ready.chunks(CHUNK) {
        task::Entity::insert_many(chunk.iter().map(|code| task::ActiveModel {
            case_id: Set(case_id),
            directive_id: Set(d.directive.id),
            version_number: Set(d.version.number),
            kind: Set(checked.kind.into()),
            forms: Set(forms.clone()),
            scope: Set(ScopeKind::Station.into()),
            station_code: Set(Some(code.as_str().to_owned())),
            county_code: Set(Some(code.county().to_owned())),
            constituency_code: Set(Some(code.constituency().to_owned())),
            ballot_box: Set(None),
            server: Set(None),
            evidence_item_id: Set(None),
            scope_key: Set(station_key(code.as_str())),
            venue: Set(checked.venue.clone()),
            slot_starts: Set(None),
            slot_ends: Set(None),
            state: Set(TaskState::Planned.into()),
            resume_state: Set(None),
            revision: Set(1),
            created_by: Set(scope.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await
        .map_err(|e| {
            unique_violation_or_internal(
                e,
                "codes",
                "Someone else created some of these tasks meanwhile: preview the paste again.",
            )
        })?;
    }
    let count = checked.ready.len();
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(case_id),
            action: "tasks.create",
            subject: format!("directive:{}", d.directive.id),
            details: json!({
                "kind": checked.kind.as_str(),
                "version": d.version.number,
                "forms": forms,
                "venue": checked.venue,
                "stations": checked.ready.iter().map(StationCode::as_str).collect::<Vec<_>>(),
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
                "Scrutiny tasks under directive {}: {} × “{}”",
                d.directive.label,
                count,
                checked.kind.label()
            ),
            target_kind: targets::DIRECTIVE,
            target_id: d.directive.id,
            tier: d.tier(),
            readers: d.obliged.clone(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}
