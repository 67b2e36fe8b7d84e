//! Filing a response: checked in full first (so a file sent with it is read only once it
//! passes), then recorded with its file, if any, in one transaction.

use crate::backend::audit::{self, Change};
use crate::backend::case_scope::CaseScope;
use crate::backend::case_scope::authorize;
use crate::backend::clock;
use crate::backend::compliance::{self, Step};
use crate::backend::db::Write;
use crate::backend::directives;
use crate::backend::directives::{issued, parties_of};
use crate::backend::docket::{self, Filing};
use crate::backend::entities::{
    directive, directive_version, evidence_item, obligation, order, response, response_directive,
    response_finding,
};
use crate::backend::evidence;
use crate::backend::evidence::{CheckedItem, Received, exhibits};
use crate::backend::storage::Incoming;
use crate::backend::tasks::{self, Disputed};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use domain::compliance::ComplianceEvent;
use domain::evidence::{Producer, SealingTier};
use domain::fields::long_text;
use domain::orders::ResponseKind;
use domain::{Action, FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

use super::TARGET;

const TITLE_MAX: usize = 300;
const BODY_MAX: usize = 50_000;
const THIRD_PARTY_MAX: usize = 200;

/// What the response form carries.
#[derive(Debug)]
pub struct ResponseInput<'a> {
    pub kind: &'a str,
    /// The party filed for (a party id); ignored for a third party's letter.
    pub party: &'a str,
    /// The writer of a third party's letter.
    pub third_party: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub tier: &'a str,
    /// Keyed by directive id: present for each directive the response answers.
    pub directives: &'a HashMap<String, String>,
    /// Exhibit codes, separated by commas, spaces or line breaks.
    pub exhibits: &'a str,
    /// For a filing received at the registry on paper (recorded by the registrar): when
    /// it was received, in the court's time. Empty for a filing made here.
    pub received_at: &'a str,
    /// For an objection disputing a verified finding: the finding version's id. Empty
    /// otherwise.
    pub finding: &'a str,
}

/// A file sent with the response, received but not yet kept: recorded in the evidence
/// register under the filer's next exhibit code and cited by the response, in the same
/// transaction. For a filing received at the registry it is the scan of the paper.
#[derive(Debug)]
pub struct Attachment {
    pub incoming: Incoming,
    pub name: String,
    pub declared: Option<String>,
}

/// A response whose every field has been checked, ready to record.
#[derive(Debug)]
pub struct CheckedResponse {
    kind: ResponseKind,
    producer: Producer,
    third_party: Option<String>,
    from: String,
    title: String,
    body: String,
    tier: SealingTier,
    received_at: Option<DateTime<Utc>>,
    answered: Vec<(directive::Model, directive_version::Model)>,
    obligations: Vec<(String, obligation::Model)>,
    cited: Vec<evidence_item::Model>,
    prefix: String,
    disputed: Option<Disputed>,
}

impl CheckedResponse {
    /// Whether the response must come with a file: the scan of a paper filing.
    pub fn needs_file(&self) -> bool {
        self.received_at.is_some() && self.kind.is_for_party()
    }
}

/// Files a response: checks it, then records it with its file, if any.
pub async fn file(
    scope: &CaseScope,
    input: ResponseInput<'_>,
    attachment: Option<Attachment>,
) -> AppResult<response::Model> {
    let checked = check(scope, input).await?;
    record(scope, checked, attachment).await
}

/// Checks who files for whom, the directives, the exhibits and the dates, without writing
/// anything: a file sent with the form is read only once this has passed.
pub async fn check(scope: &CaseScope, input: ResponseInput<'_>) -> AppResult<CheckedResponse> {
    let (state, actor, case_id) = scope.parts();
    let kind: ResponseKind = input
        .kind
        .parse()
        .map_err(|_| AppError::invalid("kind", "Choose what kind of response this is."))?;
    let parties = parties_of(&state.db, case_id).await?;
    let mut errors = FieldErrors::default();
    let at_registry = !input.received_at.trim().is_empty();
    let (producer, third_party) = if kind.is_for_party() {
        let party = input
            .party
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| {
                parties
                    .iter()
                    .any(|p| p.id == *id && p.withdrawn_at.is_none())
            })
            .ok_or_else(|| AppError::invalid("party", "Choose a party of this case."))?;
        (Producer::Party(party), None)
    } else {
        let name = match long_text(
            "third_party",
            "The third party's name",
            input.third_party,
            THIRD_PARTY_MAX,
        ) {
            Ok(Some(name)) if !name.contains('\n') => Some(name),
            Ok(_) => {
                errors.push(FieldError::new(
                    "third_party",
                    "Give the name of the third party who wrote.",
                ));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        (Producer::Court, name)
    };
    // A party's paper filing is recorded by the registry, not by the party.
    if at_registry && kind.is_for_party() {
        authorize(actor, Action::RecordRegistryFiling)?;
    } else if kind.is_for_party()
        && !domain::can(actor, Action::FileResponse(producer))
        && domain::can(actor, Action::RecordRegistryFiling)
    {
        // The registry files for a party only what reached it on paper.
        return Err(AppError::invalid(
            "received_at",
            "Give the date and time the registry received it: the registry records a party's filing as received on paper.",
        ));
    } else {
        authorize(actor, Action::FileResponse(producer))?;
    }

    let title = match long_text("title", "Title", input.title, TITLE_MAX) {
        Ok(Some(t)) if !t.contains('\n') => Some(t),
        Ok(_) => {
            errors.push(FieldError::new("title", "Title is required."));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let body = match long_text("body", "The text", input.body, BODY_MAX) {
        Ok(Some(b)) => Some(b),
        Ok(None) => {
            errors.push(FieldError::new("body", "The text is required."));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let tier = errors.take(
        input
            .tier
            .parse::<SealingTier>()
            .map_err(|_| FieldError::new("tier", "Choose who may read the response.")),
    );

    // The directives answered: each of this case, issued, and readable by the filer.
    let mut answered = Vec::new();
    let mut bad_directive = false;
    for key in input.directives.keys() {
        let Ok(id) = key.parse::<i32>() else {
            bad_directive = true;
            continue;
        };
        match directives::visible_directive(&state.db, actor, case_id, id).await {
            Ok((d, v)) if issued(&state.db, &d).await? => answered.push((d, v)),
            Ok(_) | Err(AppError::NotFound) => bad_directive = true,
            Err(other) => return Err(other),
        }
    }
    answered.sort_by_key(|(d, _)| d.id);
    if bad_directive {
        errors.push(FieldError::new(
            "directives",
            "Only directives of this case's issued orders can be answered.",
        ));
    } else if answered.is_empty() {
        errors.push(FieldError::new(
            "directives",
            "Choose the directive or directives this responds to.",
        ));
    }

    // Received at the registry: not before the latest order it answers was made.
    let latest_order = order::Entity::find()
        .filter(order::Column::Id.is_in(answered.iter().map(|(d, _)| d.order_id)))
        .order_by_desc(order::Column::IssuedAt)
        .one(&state.db)
        .await?;
    let received_at = errors
        .take(
            state.act_time(
                "received_at",
                "When the registry received it",
                input.received_at,
                latest_order
                    .as_ref()
                    .map(|o| (o.issued_at, "the order it answers was made")),
            ),
        )
        .flatten();

    // The obligations this response speaks to: the filing party's, on each version.
    let version_ids: Vec<i32> = answered.iter().map(|(_, v)| v.id).collect();
    let by_version = directives::obligations_of(&state.db, &version_ids).await?;
    let mut obligations = Vec::new();
    if let Producer::Party(party) = producer {
        for (d, v) in &answered {
            match by_version
                .get(&v.id)
                .and_then(|os| os.iter().find(|o| o.party_id == party))
            {
                Some(o) => obligations.push((d.label.clone(), o.clone())),
                None if kind == ResponseKind::ComplianceReport => errors.push(FieldError::new(
                    "directives",
                    format!(
                        "Directive {} does not oblige this party: there is no compliance to report.",
                        d.label
                    ),
                )),
                None => {}
            }
        }
    }
    // Never more open than the most closely sealed directive it answers.
    if let (Some(tier), Some((d, v))) = (tier, answered.iter().max_by_key(|(_, v)| *v.tier))
        && !tier.may_seal_filing_about(*v.tier)
    {
        errors.push(FieldError::new(
            "tier",
            format!(
                "Directive {} is sealed {}: a filing about it can be no more open. Choose {}.",
                d.label,
                v.tier.label().to_lowercase(),
                SealingTier::ALL
                    .iter()
                    .filter(|t| t.may_seal_filing_about(*v.tier))
                    .map(|t| t.label().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ));
    }
    let disputed = match input.finding.trim() {
        "" => None,
        _ if kind != ResponseKind::Objection => {
            errors.push(FieldError::new(
                "finding",
                "Only an objection disputes a finding: choose the kind \"Objection\".",
            ));
            None
        }
        raw => disputed_finding(scope, raw, &answered, &mut errors).await?,
    };
    let cited = exhibits(&state.db, actor, case_id, input.exhibits, &mut errors).await?;
    let (Some(title), Some(body), Some(tier), true) = (title, body, tier, errors.is_empty()) else {
        return Err(errors.into());
    };
    let from = match (producer, &third_party) {
        (_, Some(name)) => name.clone(),
        (Producer::Party(id), None) => parties
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.short_name.clone())
            .unwrap_or_default(),
        (Producer::Court, None) => "Court".to_owned(),
    };
    Ok(CheckedResponse {
        kind,
        producer,
        third_party,
        from,
        title,
        body,
        tier,
        received_at,
        answered,
        obligations,
        cited,
        prefix: evidence::prefix_of(&parties, producer)?,
        disputed,
    })
}

/// The verified finding an objection disputes, which must be one of a directive it answers.
async fn disputed_finding(
    scope: &CaseScope,
    raw: &str,
    answered: &[(directive::Model, directive_version::Model)],
    errors: &mut FieldErrors,
) -> AppResult<Option<Disputed>> {
    let Some(found) = tasks::disputable(scope, raw, errors).await? else {
        return Ok(None);
    };
    if !answered.iter().any(|(d, _)| d.id == found.directive_id) {
        errors.push(FieldError::new(
            "directives",
            format!(
                "The finding of task T-{} carries out directive {}: an objection to it answers that directive.",
                found.task_id, found.directive_label
            ),
        ));
        return Ok(None);
    }
    Ok(Some(found))
}

/// Records a checked response with its file (kept first, removed again if the record
/// fails): the file as a new exhibit, the response citing it, a compliance report against
/// each obligation it reports on, and the docket entries.
pub async fn record(
    scope: &CaseScope,
    checked: CheckedResponse,
    attachment: Option<Attachment>,
) -> AppResult<response::Model> {
    let state = &scope.state;
    if checked.needs_file() && attachment.is_none() {
        return Err(AppError::invalid(
            "file",
            "Upload the scan of the paper filing: a filing received at the registry is recorded with its scan.",
        ));
    }
    let Some(attachment) = attachment else {
        let txn = state.write().await?;
        let created = write(&txn, scope, checked, None).await?;
        txn.commit().await?;
        return Ok(created);
    };
    let name = evidence::check_received(&attachment.incoming, &attachment.name)?;
    let (received, placed) = evidence::place(state, attachment.incoming).await?;
    let recorded = async {
        let txn = state.write().await?;
        let file = AttachedFile {
            received: &received,
            name: &name,
            declared: attachment.declared.as_deref(),
        };
        let created = write(&txn, scope, checked, Some(file)).await?;
        txn.commit().await?;
        Ok(created)
    }
    .await;
    evidence::settle(state, &received, placed, recorded.is_ok()).await;
    recorded
}

/// A placed file to record with a response.
struct AttachedFile<'a> {
    received: &'a Received,
    name: &'a str,
    declared: Option<&'a str>,
}

async fn write(
    txn: &Write,
    scope: &CaseScope,
    checked: CheckedResponse,
    file: Option<AttachedFile<'_>>,
) -> AppResult<response::Model> {
    let (actor, user_id, c) = (&scope.actor, scope.user_id, &scope.case);
    let CheckedResponse {
        kind,
        producer,
        third_party,
        from,
        title,
        body,
        tier,
        received_at,
        answered,
        obligations,
        mut cited,
        prefix,
        disputed,
    } = checked;
    let now = clock::now();
    if let Some(file) = file {
        let description = match received_at {
            Some(at) => format!(
                "Scan of the paper filing received at the registry {}.",
                scope.state.format_time(at)
            ),
            None => "Filed with the response of the same title.".to_owned(),
        };
        let item = evidence::insert_item(
            txn,
            scope,
            CheckedItem {
                title: title.clone(),
                kind: kind.evidence_kind(),
                station: None,
                description: Some(description),
                producer,
                prefix,
                tier,
            },
        )
        .await?;
        evidence::record_file(txn, actor, &item, file.received, file.name, file.declared).await?;
        cited.push(item);
    }
    let created = response::ActiveModel {
        case_id: Set(c.id),
        kind: Set(kind.into()),
        party_id: Set(producer.party_id()),
        third_party: Set(third_party),
        title: Set(title),
        body: Set(body),
        tier: Set(tier.into()),
        filed_by: Set(user_id),
        filed_at: Set(now),
        received_at: Set(received_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let version_ids: Vec<i32> = answered.iter().map(|(_, v)| v.id).collect();
    response_directive::Entity::insert_many(version_ids.iter().map(|v| {
        response_directive::ActiveModel {
            response_id: Set(created.id),
            version_id: Set(*v),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    if let Some(found) = &disputed {
        response_finding::ActiveModel {
            response_id: Set(created.id),
            finding_id: Set(found.finding.id),
        }
        .insert(txn)
        .await?;
    }
    for (label, o) in &obligations {
        if kind == ResponseKind::ComplianceReport {
            compliance::apply(
                txn,
                o,
                Step {
                    event: ComplianceEvent::ReportCompliance,
                    actor_id: user_id,
                    reason: String::new(),
                    response_id: Some(created.id),
                    report_id: None,
                    revision: None,
                    acted_at: received_at,
                },
            )
            .await
            .map_err(|e| match e {
                AppError::Invalid(errors) => AppError::invalid(
                    "directives",
                    format!(
                        "Directive {label}: {}",
                        errors.0.into_values().next().unwrap_or_default()
                    ),
                ),
                other => other,
            })?;
        } else {
            compliance::note_response(txn, o.id, created.id).await?;
        }
    }
    evidence::cite(txn, actor, c.id, &cited, TARGET, created.id).await?;
    let cells: Vec<i32> = obligations.iter().map(|(_, o)| o.id).collect();
    let audiences: Vec<(i32, i16)> = cited
        .iter()
        .map(|item| {
            let item_tier = *item.tier;
            (item.id, compliance::citation_audience(tier, item_tier))
        })
        .collect();
    compliance::note_exhibits(txn, &cells, &audiences).await?;
    audit::append(
        txn,
        Change {
            actor_id: Some(user_id),
            case_id: Some(c.id),
            action: "response.file",
            subject: format!("response:{}", created.id),
            details: json!({
                "kind": created.kind,
                "party": created.party_id,
                "third_party": created.third_party,
                "title": created.title,
                "body": created.body,
                "tier": created.tier,
                "versions": version_ids,
                "exhibits": cited.iter().map(|i| i.code.clone()).collect::<Vec<_>>(),
                "received_at": created.received_at.map(|t| t.to_rfc3339()),
                "finding": disputed.as_ref().map(|f| f.finding.id),
            }),
        },
    )
    .await?;
    let labels: Vec<&str> = answered.iter().map(|(d, _)| d.label.as_str()).collect();
    docket::file(
        txn,
        Filing {
            case_id: c.id,
            filed_by: Some(user_id),
            party_id: producer.party_id(),
            kind: TARGET,
            title: format!(
                "{} ({from}) on directive{} {}{}: {}{}",
                kind.label(),
                if labels.len() == 1 { "" } else { "s" },
                labels.join(", "),
                disputed.as_ref().map_or_else(String::new, |f| format!(
                    ", disputing the finding of task T-{} (version {})",
                    f.task_id, f.finding.version
                )),
                created.title,
                if received_at.is_some() {
                    " (received at the registry)"
                } else {
                    ""
                }
            ),
            target_kind: TARGET,
            target_id: created.id,
            tier,
            readers: producer.party_id().into_iter().collect(),
            notify_filer: false,
            agents: Vec::new(),
            acted_at: received_at,
        },
    )
    .await?;
    Ok(created)
}
