//! A directive's terms (text, obliged parties and offices, third parties, window, deadline,
//! limits, sealing) as a form sends them, and the check that turns them into values.

use crate::backend::entities::party;
use crate::backend::state::AppState;
use chrono::{DateTime, Utc};
use domain::evidence::SealingTier;
use domain::fields::{long_text, optional_text, required_text};
use domain::{FieldError, FieldErrors};
use std::collections::{BTreeMap, HashMap};

const TEXT_MAX: usize = 20_000;

const LIMITS_MAX: usize = 2_000;

/// The most agents a directive may let each party send: a sitting has room for so many.
const AGENT_LIMIT_MAX: i32 = 20;

const OFFICE_MAX: usize = 200;

const THIRD_PARTY_MAX: usize = 200;

const THIRD_PARTIES_MAX: usize = 20;

/// What a directive says and whom it binds: the fields a new version may change.
#[derive(Debug)]
pub struct Terms<'a> {
    pub text: &'a str,
    /// Keyed by party id: present (any value) for each obliged party.
    pub obliged: &'a HashMap<String, String>,
    /// Keyed by party id: the office responsible for the party's compliance.
    pub offices: &'a HashMap<String, String>,
    /// One name per line.
    pub third_parties: &'a str,
    pub window_opens: &'a str,
    pub deadline: &'a str,
    pub limits: &'a str,
    /// Agents each party may send to a task: a whole number, or empty for no limit.
    pub agent_limit: &'a str,
    pub tier: &'a str,
}

/// Terms once every field has been checked.
#[derive(Debug)]
pub(crate) struct CheckedTerms {
    pub(super) text: String,
    pub(super) obliged: BTreeMap<i32, String>,
    pub(super) third_parties: String,
    pub(super) window_opens: Option<DateTime<Utc>>,
    pub(super) deadline: Option<DateTime<Utc>>,
    pub(super) limits: String,
    pub(super) agent_limit: Option<i32>,
    pub(super) tier: SealingTier,
}

/// Checks a directive's terms against the case's parties and the order's date.
pub(crate) fn check_terms(
    state: &AppState,
    parties: &[party::Model],
    issued_at: DateTime<Utc>,
    terms: &Terms<'_>,
    errors: &mut FieldErrors,
) -> Option<CheckedTerms> {
    let text = required_text(errors, "text", "The directive's text", terms.text, TEXT_MAX);
    let mut obliged = BTreeMap::new();
    let mut unknown = false;
    for key in terms.obliged.keys() {
        match key
            .parse::<i32>()
            .ok()
            .filter(|id| parties.iter().any(|p| p.id == *id))
        {
            Some(id) => {
                let office = terms.offices.get(key).map_or("", String::as_str);
                let field = format!("office[{id}]");
                let office = optional_text(errors, &field, "The office", office, OFFICE_MAX);
                obliged.insert(id, office);
            }
            None => unknown = true,
        }
    }
    if unknown {
        errors.push(FieldError::new(
            "obliged",
            "Only parties of this case can be obliged by its directives.",
        ));
    } else if obliged.is_empty() {
        errors.push(FieldError::new(
            "obliged",
            "Choose at least one party the directive obliges.",
        ));
    }
    let mut third_parties = Vec::new();
    for line in terms.third_parties.lines() {
        match long_text(
            "third_parties",
            "A third party's name",
            line,
            THIRD_PARTY_MAX,
        ) {
            Ok(Some(name)) if !name.contains('\n') => third_parties.push(name),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if third_parties.len() > THIRD_PARTIES_MAX {
        errors.push(FieldError::new(
            "third_parties",
            format!("At most {THIRD_PARTIES_MAX} third parties, one per line."),
        ));
    }
    let window_opens = errors
        .take(state.parse_court_time("window_opens", "The window's opening", terms.window_opens))
        .flatten();
    let deadline = errors
        .take(state.parse_court_time("deadline", "The deadline", terms.deadline))
        .flatten();
    let before_order = |at: DateTime<Utc>| at < issued_at;
    if deadline.is_some_and(before_order) {
        errors.push(FieldError::new(
            "deadline",
            format!(
                "The deadline is before the order was made ({}).",
                state.format_time(issued_at)
            ),
        ));
    }
    if window_opens.is_some_and(before_order) {
        errors.push(FieldError::new(
            "window_opens",
            format!(
                "The window opens before the order was made ({}).",
                state.format_time(issued_at)
            ),
        ));
    }
    match (window_opens, deadline) {
        (Some(opens), Some(closes)) if opens >= closes => errors.push(FieldError::new(
            "deadline",
            "The deadline must come after the window opens.",
        )),
        (Some(_), None) => errors.push(FieldError::new(
            "deadline",
            "A window needs a closing time: give the deadline too.",
        )),
        _ => {}
    }
    let limits = optional_text(errors, "limits", "Limits", terms.limits, LIMITS_MAX);
    let agent_limit = match terms.agent_limit.trim() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(n) if (0..=AGENT_LIMIT_MAX).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "agent_limit",
                    format!("Agents per party is a whole number from 0 to {AGENT_LIMIT_MAX}, or empty when the directive sets no limit."),
                ));
                None
            }
        },
    };
    let tier = errors.take(
        terms
            .tier
            .parse::<SealingTier>()
            .map_err(|_| FieldError::new("tier", "Choose who may read the directive.")),
    );
    match (text, tier) {
        (Some(text), Some(tier)) if errors.is_empty() => Some(CheckedTerms {
            text,
            obliged,
            third_parties: third_parties.join("\n"),
            window_opens,
            deadline,
            limits,
            agent_limit,
            tier,
        }),
        _ => None,
    }
}
