//! A task's findings as the officers submit them: structured by the task's kind
//! (`domain::findings`), citing items of the evidence register, each submission a new
//! version beside the earlier ones. A recount's figures come from two independent tallies
//! that must agree; the people present then sign the version they saw.

use super::sittings::is_assigned;
use super::steps::{next_state, record_step, visible_task};
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::entities::{
    agent, finding, finding_signature, sitting_attendance, station, tally, task, task_sitting,
};
use crate::backend::evidence;
use crate::backend::revision;
use crate::error::{AppError, AppResult};
use chrono::Utc;
use domain::fields::optional_text;
use domain::findings::{
    Anomaly, Book2Status, CandidateCount, FindingBody, FormsFinding, NOTES_MAX, RecountFinding,
    ServerFinding, Signature, Tally, VOTES_MAX, body_kind, compare_tallies,
};
use domain::tasks::{FormKind, TaskEvent, TaskKind, TaskState};
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// The evidence link kind for items a finding cites.
pub const FINDING_TARGET: &str = "finding";

/// A finding as the form sends it; each kind reads its own fields.
#[derive(Debug, Default)]
pub struct FindingInput<'a> {
    pub revision: &'a str,
    /// Forms: `none`, `intact` or `used`.
    pub book_2: &'a str,
    /// Forms: `present` or `absent`.
    pub form_32a: &'a str,
    pub anomalies: &'a [String],
    /// Recount: "Candidate: votes" a line, as declared on Form 34A.
    pub declared: &'a str,
    pub servers_named: &'a str,
    pub servers_made_available: &'a str,
    pub refused: &'a str,
    pub notes: &'a str,
    /// Exhibit codes the finding cites.
    pub exhibits: &'a str,
    /// What changed since the previous version, and why (required from the second).
    pub change_note: &'a str,
}

/// The task's finding versions, oldest first.
pub(super) async fn versions(
    db: &impl ConnectionTrait,
    task_id: i32,
) -> AppResult<Vec<finding::Model>> {
    Ok(finding::Entity::find()
        .filter(finding::Column::TaskId.eq(task_id))
        .order_by_asc(finding::Column::Version)
        .all(db)
        .await?)
}

/// The forms a task covers.
pub(super) fn forms_of(t: &task::Model) -> Vec<FormKind> {
    t.forms.split(',').filter_map(|f| f.parse().ok()).collect()
}

/// Submits the task's findings: a new version, the task to "findings submitted".
pub async fn submit_finding(
    scope: &CaseScope,
    task_id: i32,
    input: FindingInput<'_>,
) -> AppResult<i32> {
    let (t, _) = visible_task(scope, task_id).await?;
    scope.require(Action::RecordTaskWork {
        assigned: is_assigned(scope, t.id).await?,
    })?;
    let seen = revision::parse(input.revision)?;
    if seen != t.revision {
        return Err(AppError::Stale);
    }
    let to = next_state(&t, TaskEvent::SubmitFindings, "notes")?;
    let db = scope.db();
    let earlier = versions(db, t.id).await?;
    let version = earlier.last().map_or(1, |f| f.version + 1);
    let mut errors = FieldErrors::default();
    let notes = optional_text(&mut errors, "notes", "The notes", input.notes, NOTES_MAX);
    let change_note = optional_text(
        &mut errors,
        "change_note",
        "What changed",
        input.change_note,
        NOTES_MAX,
    );
    if version > 1 && change_note.is_empty() && !errors.0.contains_key("change_note") {
        errors.push(FieldError::new(
            "change_note",
            format!("Say what changed since version {} and why.", version - 1),
        ));
    }
    let body = match body_kind(*t.kind) {
        "forms" => FindingBody::Forms(FormsFinding {
            book_2: match input.book_2.trim() {
                "" => None,
                raw => {
                    let parsed = raw.parse::<Book2Status>().ok();
                    if parsed.is_none() {
                        errors.push(FieldError::new("book_2", "Choose none, intact or used."));
                    }
                    parsed
                }
            },
            form_32a_present: match input.form_32a.trim() {
                "present" => Some(true),
                "absent" => Some(false),
                _ => None,
            },
            anomalies: {
                let mut anomalies = Vec::new();
                for raw in input.anomalies {
                    match raw.parse::<Anomaly>() {
                        Ok(a) if !anomalies.contains(&a) => anomalies.push(a),
                        Ok(_) => {}
                        Err(_) => return Err(AppError::BadRequest),
                    }
                }
                anomalies.sort();
                anomalies
            },
            notes,
        }),
        "recount" => FindingBody::Recount(
            reconciled_recount(db, &t, version, input.declared, notes, &mut errors).await?,
        ),
        "server" => FindingBody::Server(ServerFinding {
            servers_named: count(&mut errors, "servers_named", input.servers_named),
            servers_made_available: count(
                &mut errors,
                "servers_made_available",
                input.servers_made_available,
            ),
            refused: optional_text(
                &mut errors,
                "refused",
                "What was refused",
                input.refused,
                NOTES_MAX,
            ),
            notes,
        }),
        _ => FindingBody::Other { notes },
    };
    let registered = registered_voters(db, &t).await?;
    for e in body.check(*t.kind, &forms_of(&t), registered).0 {
        if !errors.0.contains_key(&e.0) {
            errors.push(FieldError::new(&e.0, e.1));
        }
    }
    let cited =
        evidence::exhibits(db, &scope.actor, scope.case.id, input.exhibits, &mut errors).await?;
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let stored = serde_json::to_string(&body).map_err(|_| AppError::Internal)?;
    let txn = scope.state.write().await?;
    record_step(
        &txn,
        scope,
        &t,
        seen,
        TaskEvent::SubmitFindings,
        to,
        &if version == 1 {
            "Version 1".to_owned()
        } else {
            format!("Version {version}: {change_note}")
        },
        None,
        task::Entity::update_many(),
    )
    .await?;
    let created = finding::ActiveModel {
        task_id: Set(t.id),
        version: Set(version),
        body: Set(stored),
        change_note: Set(change_note.clone()),
        recorded_by: Set(scope.user_id),
        recorded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    evidence::cite(
        &txn,
        &scope.actor,
        scope.case.id,
        &cited,
        FINDING_TARGET,
        created.id,
    )
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.finding",
            subject: format!("task:{}", t.id),
            details: json!({
                "finding": created.id,
                "version": version,
                "body": body,
                "change_note": change_note,
                "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version)
}

/// A whole number typed into a count field, 0 when empty.
fn count(errors: &mut FieldErrors, field: &str, raw: &str) -> u32 {
    match raw.trim() {
        "" => 0,
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= VOTES_MAX)
            .unwrap_or_else(|| {
                errors.push(FieldError::new(
                    field,
                    format!("Give a whole number from 0 to {VOTES_MAX}."),
                ));
                0
            }),
    }
}

/// The registered voters of the task's station, when the case's register lists it.
async fn registered_voters(db: &impl ConnectionTrait, t: &task::Model) -> AppResult<Option<u32>> {
    let Some(code) = &t.station_code else {
        return Ok(None);
    };
    let election = crate::backend::entities::case::Entity::find_by_id(t.case_id)
        .one(db)
        .await?
        .and_then(|c| c.election_id);
    let Some(election) = election else {
        return Ok(None);
    };
    Ok(station::Entity::find()
        .filter(station::Column::ElectionId.eq(election))
        .filter(station::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .and_then(|s| u32::try_from(s.registered_voters).ok()))
}

/// "Candidate: votes" lines read into pairs; problems go to `errors` under `field`.
pub(super) fn vote_lines(field: &str, raw: &str, errors: &mut FieldErrors) -> Vec<(String, u32)> {
    let mut lines = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parsed = line
            .rsplit_once([':', ','])
            .map(|(name, votes)| (name.trim(), votes.trim().parse::<u32>()));
        match parsed {
            Some((name, Ok(votes))) if !name.is_empty() && votes <= VOTES_MAX => {
                lines.push((name.to_owned(), votes))
            }
            _ => {
                errors.push(FieldError::new(
                    field,
                    format!(
                        "Line {}: write a candidate and their votes, such as “Raila Odinga: 201”.",
                        n + 1
                    ),
                ));
                return lines;
            }
        }
    }
    lines
}

/// The latest tally of each person for `round`, oldest first.
pub(super) async fn round_tallies(
    db: &impl ConnectionTrait,
    task_id: i32,
    round: i32,
) -> AppResult<Vec<(tally::Model, Tally)>> {
    let all = tally::Entity::find()
        .filter(tally::Column::TaskId.eq(task_id))
        .filter(tally::Column::Round.eq(round))
        .order_by_asc(tally::Column::Id)
        .all(db)
        .await?;
    let mut latest: Vec<(tally::Model, Tally)> = Vec::new();
    for t in all {
        let body: Tally = serde_json::from_str(&t.body).map_err(|_| AppError::Internal)?;
        latest.retain(|(m, _)| m.entered_by != t.entered_by);
        latest.push((t, body));
    }
    Ok(latest)
}

/// A recount's figures: the two latest independent tallies of this round, which must
/// agree, beside the declared figures.
async fn reconciled_recount(
    db: &impl ConnectionTrait,
    t: &task::Model,
    round: i32,
    declared: &str,
    notes: String,
    errors: &mut FieldErrors,
) -> AppResult<RecountFinding> {
    let declared = vote_lines("declared", declared, errors);
    let tallies = round_tallies(db, t.id, round).await?;
    let [.., (_, first), (_, second)] = tallies.as_slice() else {
        errors.push(FieldError::new(
            "counts",
            "A recount needs two independent tallies, by two people, before it is submitted.",
        ));
        return Ok(RecountFinding::default());
    };
    let mismatches = compare_tallies(first, second);
    if !mismatches.is_empty() {
        errors.push(FieldError::new(
            "counts",
            format!(
                "The two tallies differ on {}: count again and enter the tally until they agree.",
                mismatches
                    .iter()
                    .map(|m| m.line.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return Ok(RecountFinding::default());
    }
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut counts = Vec::new();
    for (candidate, recounted) in &first.votes {
        match declared.iter().find(|(n, _)| key(n) == key(candidate)) {
            Some((_, d)) => counts.push(CandidateCount {
                candidate: candidate.clone(),
                declared: *d,
                recounted: *recounted,
            }),
            None if !errors.0.contains_key("declared") => errors.push(FieldError::new(
                "declared",
                format!("Give the votes Form 34A declared for {candidate}."),
            )),
            None => {}
        }
    }
    if let Some((extra, _)) = declared
        .iter()
        .find(|(n, _)| !first.votes.iter().any(|(c, _)| key(c) == key(n)))
        && !errors.0.contains_key("declared")
    {
        errors.push(FieldError::new(
            "declared",
            format!("{extra} is not on the tallies."),
        ));
    }
    Ok(RecountFinding {
        counts,
        rejected: first.rejected,
        disputed: first.disputed,
        notes,
    })
}

/// Enters one person's independent tally of a recount, for the next finding version.
pub async fn enter_tally(
    scope: &CaseScope,
    task_id: i32,
    votes: &str,
    rejected: &str,
    disputed: &str,
) -> AppResult<()> {
    let (t, _) = visible_task(scope, task_id).await?;
    scope.require(Action::RecordTaskWork {
        assigned: is_assigned(scope, t.id).await?,
    })?;
    if *t.kind != TaskKind::Recount {
        return Err(AppError::invalid("votes", "Only a recount is tallied."));
    }
    if !t.state.takes_work() {
        return Err(AppError::invalid(
            "votes",
            format!(
                "The task is {}: tallies are entered while the recount is in progress or returned.",
                t.state.label().to_lowercase()
            ),
        ));
    }
    let db = scope.db();
    let round = versions(db, t.id)
        .await?
        .last()
        .map_or(1, |f| f.version + 1);
    let mut errors = FieldErrors::default();
    let votes = vote_lines("votes", votes, &mut errors);
    if votes.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("votes", "Give each candidate's votes."));
    }
    let body = Tally {
        votes,
        rejected: count(&mut errors, "rejected", rejected),
        disputed: count(&mut errors, "disputed", disputed),
    };
    let probe = FindingBody::Recount(RecountFinding {
        counts: body
            .votes
            .iter()
            .map(|(c, v)| CandidateCount {
                candidate: c.clone(),
                declared: 0,
                recounted: *v,
            })
            .collect(),
        rejected: body.rejected,
        disputed: body.disputed,
        notes: String::new(),
    });
    if errors.is_empty() {
        let registered = registered_voters(db, &t).await?;
        for e in probe.check(TaskKind::Recount, &[], registered).0 {
            errors.push(FieldError::new("votes", e.1));
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = scope.state.write().await?;
    let stored = serde_json::to_string(&body).map_err(|_| AppError::Internal)?;
    let created = tally::ActiveModel {
        task_id: Set(t.id),
        round: Set(round),
        entered_by: Set(scope.user_id),
        body: Set(stored),
        entered_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.tally",
            subject: format!("task:{}", t.id),
            details: json!({ "tally": created.id, "round": round, "body": body }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Who the reader signs as on this task: (signer key, agent id), when they were present at
/// one of its sittings, as an officer or as an agent.
pub(super) async fn signer_of(
    scope: &CaseScope,
    task_id: i32,
) -> AppResult<Option<(String, Option<i32>)>> {
    let db = scope.db();
    let sittings: Vec<i32> = task_sitting::Entity::find()
        .filter(task_sitting::Column::TaskId.eq(task_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if sittings.is_empty() {
        return Ok(None);
    }
    let present = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.is_in(sittings))
        .all(db)
        .await?;
    if scope.actor.case_role == Some(domain::CaseRole::Agent) {
        let mine: Vec<i32> = agent::Entity::find()
            .filter(agent::Column::CaseId.eq(scope.case.id))
            .filter(agent::Column::UserId.eq(scope.user_id))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        return Ok(present
            .iter()
            .filter_map(|p| p.agent_id)
            .find(|id| mine.contains(id))
            .map(|id| (format!("agent:{id}"), Some(id))));
    }
    Ok(present
        .iter()
        .any(|p| p.user_id == Some(scope.user_id))
        .then(|| (format!("user:{}", scope.user_id), None)))
}

/// Signs the task's submitted finding, version `version`: agreeing, or objecting with a
/// remark. Each person present signs a version once.
pub async fn sign(
    scope: &CaseScope,
    task_id: i32,
    version: &str,
    signature: &str,
    remark: &str,
) -> AppResult<()> {
    let (t, _) = visible_task(scope, task_id).await?;
    let signer = signer_of(scope, t.id).await?;
    scope.require(Action::SignFinding {
        present: signer.is_some(),
    })?;
    let (signer, agent_id) = signer.ok_or(AppError::Forbidden)?;
    let signature = signature
        .parse::<Signature>()
        .map_err(|_| AppError::invalid("signature", "Choose to agree or to object."))?;
    let db = scope.db();
    let latest = versions(db, t.id).await?.pop();
    let version = version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::BadRequest)?;
    let Some(latest) = latest.filter(|f| f.version == version) else {
        return Err(AppError::Stale);
    };
    if *t.state != TaskState::FindingsSubmitted {
        return Err(AppError::invalid(
            "signature",
            format!(
                "The task is {}: findings are signed while they await verification.",
                t.state.label().to_lowercase()
            ),
        ));
    }
    let mut errors = FieldErrors::default();
    let remark = optional_text(&mut errors, "remark", "The remark", remark, NOTES_MAX);
    if signature == Signature::Object && remark.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "remark",
            "Say what you object to: the remark is part of the finding.",
        ));
    }
    let signed = finding_signature::Entity::find()
        .filter(finding_signature::Column::FindingId.eq(latest.id))
        .filter(finding_signature::Column::Signer.eq(signer.as_str()))
        .one(db)
        .await?;
    if signed.is_some() {
        errors.push(FieldError::new(
            "signature",
            format!("You have signed version {version} already."),
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = scope.state.write().await?;
    let agrees = signature == Signature::Agree;
    finding_signature::ActiveModel {
        finding_id: Set(latest.id),
        signer: Set(signer),
        user_id: Set(scope.user_id),
        agent_id: Set(agent_id),
        agrees: Set(agrees),
        remark: Set(remark.clone()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        Change {
            actor_id: Some(scope.user_id),
            case_id: Some(scope.case.id),
            action: "task.finding.sign",
            subject: format!("task:{}", t.id),
            details: json!({
                "finding": latest.id,
                "version": version,
                "agent": agent_id,
                "agrees": agrees,
                "remark": remark,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
