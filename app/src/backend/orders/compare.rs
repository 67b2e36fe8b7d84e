//! Two versions of a directive compared: the text word by word (`similar`), every other
//! term side by side.

use crate::backend::case_scope::CaseScope;
use crate::backend::directives::short_names;
use crate::backend::directives::{
    obligations_of, parties_of, readable_versions, visible_directive,
};
use crate::backend::entities::{directive_version, obligation};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use domain::evidence::SealingTier;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Compares two versions of a directive: the text word by word (`similar`), and every other
/// term side by side. Either version may be any of the directive's, in either order.
pub async fn compare(
    scope: &CaseScope,
    directive_id: i32,
    from: i32,
    to: i32,
) -> AppResult<crate::model::VersionDiff> {
    use crate::model::{DiffKind, DiffPart, FieldChange, VersionDiff};
    use similar::{ChangeTag, TextDiff};
    let (state, actor, case_id) = scope.parts();
    let (d, _) = visible_directive(&state.db, actor, case_id, directive_id).await?;
    let versions = readable_versions(
        &state.db,
        actor,
        directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(d.id))
            .filter(directive_version::Column::Number.is_in([from, to]))
            .all(&state.db)
            .await?,
    )
    .await?;
    let find = |n: i32| {
        versions
            .iter()
            .find(|v| v.number == n)
            .ok_or_else(|| AppError::invalid("version", format!("There is no version {n}.")))
    };
    let (old, new) = (find(from)?, find(to)?);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old.text.as_str(), new.text.as_str()).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DiffKind::Same,
            ChangeTag::Insert => DiffKind::Added,
            ChangeTag::Delete => DiffKind::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    let parts = grouped(parts);
    let names = short_names(&parties_of(&state.db, case_id).await?);
    let mut obligations = obligations_of(&state.db, &[old.id, new.id]).await?;
    let obliged = |id: i32, obligations: &mut HashMap<i32, Vec<obligation::Model>>| {
        obligations
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|o| {
                let party = names.get(&o.party_id).cloned().unwrap_or_default();
                if o.office.is_empty() {
                    party
                } else {
                    format!("{party} ({})", o.office)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let time =
        |t: Option<DateTime<Utc>>| t.map_or_else(|| "None".to_owned(), |t| state.format_time(t));
    let tier = |tier: SealingTier| tier.label().to_owned();
    let terms = [
        (
            "Obliged parties",
            obliged(old.id, &mut obligations),
            obliged(new.id, &mut obligations),
        ),
        (
            "Window opens",
            time(old.window_opens),
            time(new.window_opens),
        ),
        ("Deadline", time(old.deadline), time(new.deadline)),
        (
            "Third parties",
            old.third_parties.replace('\n', "; "),
            new.third_parties.replace('\n', "; "),
        ),
        ("Limits", old.limits.clone(), new.limits.clone()),
        (
            "Agents per party",
            agents(old.agent_limit),
            agents(new.agent_limit),
        ),
        ("Sealing", tier(*old.tier), tier(*new.tier)),
    ];
    let changes = terms
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect();
    Ok(VersionDiff {
        from,
        to,
        text: parts,
        changes,
    })
}

/// Joins changes separated only by spaces into one removed run and one added run, so a
/// reworded clause reads as "struck: old words / added: new words" rather than word pairs
/// alternating.
fn grouped(parts: Vec<crate::model::DiffPart>) -> Vec<crate::model::DiffPart> {
    use crate::model::{DiffKind, DiffPart};
    let mut out = Vec::new();
    let (mut removed, mut added, mut gap) = (String::new(), String::new(), String::new());
    let mut gap_unused = false;
    let flush = |out: &mut Vec<DiffPart>, removed: &mut String, added: &mut String| {
        for (kind, text) in [(DiffKind::Removed, removed), (DiffKind::Added, added)] {
            if !text.is_empty() {
                out.push(DiffPart {
                    kind,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for part in parts {
        let in_change = !(removed.is_empty() && added.is_empty());
        let side = match part.kind {
            DiffKind::Same if in_change && part.text.trim().is_empty() => {
                gap = part.text;
                gap_unused = true;
                continue;
            }
            DiffKind::Same => {
                flush(&mut out, &mut removed, &mut added);
                let lead = if gap_unused {
                    std::mem::take(&mut gap)
                } else {
                    String::new()
                };
                gap_unused = false;
                out.push(DiffPart {
                    kind: DiffKind::Same,
                    text: lead + &part.text,
                });
                continue;
            }
            DiffKind::Removed => &mut removed,
            DiffKind::Added => &mut added,
        };
        if !side.is_empty() {
            side.push_str(&gap);
        }
        gap_unused = false;
        side.push_str(&part.text);
    }
    flush(&mut out, &mut removed, &mut added);
    if gap_unused {
        out.push(DiffPart {
            kind: DiffKind::Same,
            text: gap,
        });
    }
    out
}

/// A directive's agent limit in words.
fn agents(limit: Option<i32>) -> String {
    limit.map_or_else(|| "No number set".to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::grouped;
    use crate::model::{DiffKind, DiffPart};

    fn part(kind: DiffKind, text: &str) -> DiffPart {
        DiffPart {
            kind,
            text: text.to_owned(),
        }
    }

    #[test]
    fn reworded_clauses_read_as_one_struck_and_one_added_run() {
        use DiffKind::*;
        let parts = vec![
            part(Same, "access to the servers, which "),
            part(Removed, "shall"),
            part(Added, "the"),
            part(Same, " "),
            part(Removed, "be"),
            part(Added, "Form"),
            part(Same, " "),
            part(Removed, "imaged."),
            part(Added, "logs."),
            part(Same, " Under supervision."),
        ];
        assert_eq!(
            grouped(parts),
            vec![
                part(Same, "access to the servers, which "),
                part(Removed, "shall be imaged."),
                part(Added, "the Form logs."),
                part(Same, " Under supervision."),
            ]
        );
    }
}
