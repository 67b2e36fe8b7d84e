//! A recount's two independent tallies: each person's count entered for the next finding
//! version, and the agreed figures a recount finding is made of. Two tallies that differ
//! block the submission and are listed for reconciliation.

use super::figures::{count, registered_voters};
use super::rounds::{round_tallies, versions};
use super::sittings::is_assigned;
use super::steps::visible_task;
use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::clock;
use crate::backend::entities::{tally, task};
use crate::error::{AppError, AppResult};
use domain::findings::{
    CandidateCount, FindingBody, RecountFinding, Tally, VOTES_MAX, compare_tallies,
};
use domain::tasks::TaskKind;
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;

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

/// A recount's figures: the two latest independent tallies of this round, which must
/// agree, beside the declared figures.
pub(super) async fn reconciled_recount(
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
        entered_at: Set(clock::now()),
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
