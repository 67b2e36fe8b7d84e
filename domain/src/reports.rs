//! The Registrar's report, assembled from the tasks of the directives it covers: what the
//! verified findings say, counted and tabled, and what is still missing before it may be
//! filed. Free of I/O: the backend gathers the tasks, the document template lays out what
//! this returns, and every figure in the report is computed here, never typed.

use crate::findings::{
    Anomaly, Book2Status, CandidateCount, FindingBody, RecountFinding, ServerFinding,
};
use crate::tasks::{TaskKind, TaskState};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A station as the register names it; without a register, its codes alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub code: String,
    /// "047 NAIROBI CITY", or "047" without a register.
    pub county: String,
    pub constituency: String,
    /// The station's name, or empty.
    pub name: String,
}

/// An exhibit a finding cites, with the SHA-256 of its file when it has one (a server
/// image's hash is what the report vouches for).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exhibit {
    pub code: String,
    pub sha256: Option<String>,
}

/// One task as the report reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTask {
    pub id: i32,
    /// The directive's label.
    pub directive: String,
    pub kind: TaskKind,
    pub state: TaskState,
    /// The station, or the station of the ballot box; `None` for a server or an exhibit.
    pub place: Option<Place>,
    /// What else the task is about: the ballot box, the server, the exhibit.
    pub subject: String,
    /// Ballot boxes opened or accessed at its sittings (a corrected sitting counted once).
    pub boxes_opened: u32,
    /// The latest finding, when the task is verified.
    pub finding: Option<FindingBody>,
    pub exhibits: Vec<Exhibit>,
    /// Why it is blocked or cancelled, from its history.
    pub reason: String,
    /// A recount whose tallies for its next finding disagree, awaiting reconciliation.
    pub unreconciled: bool,
    /// Agents' remarks that object: "Name (party): text".
    pub objections: Vec<String>,
}

impl ReportTask {
    /// How the report names the task: "T-12, 047278105000101 LAINI SABA PRIMARY SCHOOL 1".
    pub fn name(&self) -> String {
        let mut name = format!("T-{}", self.id);
        if let Some(place) = &self.place {
            name.push_str(", ");
            name.push_str(&place.code);
            if !place.name.is_empty() {
                name.push(' ');
                name.push_str(&place.name);
            }
        }
        if !self.subject.is_empty() {
            name.push_str(", ");
            name.push_str(&self.subject);
        }
        name
    }
}

/// A task that keeps the report from being filed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    pub task: String,
    pub why: String,
}

/// What must be settled before a report covering `tasks` may be filed: every task verified,
/// or blocked or cancelled with its reason, and no recount with tallies that disagree.
pub fn missing(tasks: &[ReportTask]) -> Vec<Missing> {
    tasks
        .iter()
        .filter_map(|t| {
            let why = match t.state {
                _ if t.unreconciled && t.state != TaskState::Verified => {
                    "its two recount tallies disagree: reconcile them and submit the finding"
                }
                TaskState::Verified if t.finding.is_some() => return None,
                TaskState::Verified => "verified, but its finding cannot be read",
                TaskState::Blocked | TaskState::Cancelled if !t.reason.trim().is_empty() => {
                    return None;
                }
                TaskState::Blocked | TaskState::Cancelled => "stopped without a recorded reason",
                TaskState::Planned => "planned: not yet scheduled",
                TaskState::Scheduled => "scheduled: not yet sat",
                TaskState::InProgress => "sat: no finding submitted yet",
                TaskState::FindingsSubmitted => "its finding awaits verification",
                TaskState::Returned => "its finding was returned for correction",
            };
            Some(Missing {
                task: t.name(),
                why: why.to_owned(),
            })
        })
        .collect()
}

/// Stations and ballot boxes in one constituency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRow {
    pub county: String,
    pub constituency: String,
    /// Distinct stations with a task.
    pub stations_ordered: u32,
    /// Distinct stations with a verified finding.
    pub stations_covered: u32,
    /// Boxes opened at the sittings of verified tasks.
    pub boxes_opened: u32,
}

/// Form 34A Book 2 as found, over the verified forms tasks that covered it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book2Counts {
    pub none: u32,
    pub intact: u32,
    pub used: u32,
}

/// Where one kind of anomaly was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnomalyGroup {
    pub anomaly: Anomaly,
    /// (task as named, exhibit codes behind the finding), in station order.
    pub found: Vec<(String, Vec<String>)>,
}

/// One recounted box, the stations that differ first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecountRow {
    pub task: String,
    pub recount: RecountFinding,
}

impl RecountRow {
    pub fn differs(&self) -> bool {
        self.recount.counts.iter().any(|c| c.variance() != 0)
    }
}

/// One server-access task's finding, with the images its exhibits hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerRow {
    pub task: String,
    pub finding: ServerFinding,
    pub images: Vec<Exhibit>,
}

/// A task the report records as not done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotDone {
    pub task: String,
    pub state: TaskState,
    pub reason: String,
}

/// Everything the report says, computed from its tasks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContents {
    pub areas: Vec<AreaRow>,
    /// `None` when no verified task covered Book 2.
    pub book_2: Option<Book2Counts>,
    /// (present, not in the box), `None` when no verified task covered Form 32A.
    pub form_32a: Option<(u32, u32)>,
    pub anomalies: Vec<AnomalyGroup>,
    pub recounts: Vec<RecountRow>,
    /// Per candidate over every recounted box, in order of first appearance.
    pub recount_totals: Vec<CandidateCount>,
    pub servers: Vec<ServerRow>,
    /// Other tasks' findings in words: (task, notes).
    pub others: Vec<(String, String)>,
    pub not_done: Vec<NotDone>,
    /// Agents' objections: (task, "Name (party): text").
    pub objections: Vec<(String, String)>,
    pub tasks_verified: u32,
    pub tasks_total: u32,
}

/// The report's contents from its tasks. Only verified findings are counted; tasks blocked
/// or cancelled are listed as not done with their reasons.
pub fn contents(tasks: &[ReportTask]) -> ReportContents {
    let mut ordered: Vec<&ReportTask> = tasks.iter().collect();
    ordered.sort_by(|a, b| {
        let code = |t: &ReportTask| t.place.as_ref().map(|p| p.code.clone());
        code(a).cmp(&code(b)).then(a.id.cmp(&b.id))
    });
    let mut out = ReportContents {
        tasks_total: u32::try_from(tasks.len()).unwrap_or(u32::MAX),
        ..ReportContents::default()
    };

    // Stations by county and constituency: distinct codes ordered and covered.
    #[derive(Default)]
    struct Tally<'a> {
        ordered: BTreeSet<&'a str>,
        covered: BTreeSet<&'a str>,
        boxes: u32,
    }
    let mut areas: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    for t in &ordered {
        let Some(place) = &t.place else { continue };
        let tally = areas
            .entry((&place.county, &place.constituency))
            .or_default();
        tally.ordered.insert(&place.code);
        if t.state == TaskState::Verified {
            tally.covered.insert(&place.code);
            tally.boxes += t.boxes_opened;
        }
    }
    let count = |set: &BTreeSet<&str>| u32::try_from(set.len()).unwrap_or(u32::MAX);
    out.areas = areas
        .into_iter()
        .map(|((county, constituency), tally)| AreaRow {
            county: county.to_owned(),
            constituency: constituency.to_owned(),
            stations_ordered: count(&tally.ordered),
            stations_covered: count(&tally.covered),
            boxes_opened: tally.boxes,
        })
        .collect();

    let mut anomalies: BTreeMap<Anomaly, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut totals: Vec<CandidateCount> = Vec::new();
    for t in &ordered {
        match t.state {
            TaskState::Blocked | TaskState::Cancelled => out.not_done.push(NotDone {
                task: t.name(),
                state: t.state,
                reason: t.reason.clone(),
            }),
            _ => {}
        }
        for objection in &t.objections {
            out.objections.push((t.name(), objection.clone()));
        }
        let Some(finding) = t
            .finding
            .as_ref()
            .filter(|_| t.state == TaskState::Verified)
        else {
            continue;
        };
        out.tasks_verified += 1;
        let codes = || {
            t.exhibits
                .iter()
                .map(|e| e.code.clone())
                .collect::<Vec<_>>()
        };
        match finding {
            FindingBody::Forms(forms) => {
                if let Some(status) = forms.book_2 {
                    let counts = out.book_2.get_or_insert_with(Book2Counts::default);
                    match status {
                        Book2Status::NoneFound => counts.none += 1,
                        Book2Status::Intact => counts.intact += 1,
                        Book2Status::Used => counts.used += 1,
                    }
                }
                if let Some(present) = forms.form_32a_present {
                    let counts = out.form_32a.get_or_insert((0, 0));
                    if present {
                        counts.0 += 1;
                    } else {
                        counts.1 += 1;
                    }
                }
                for anomaly in &forms.anomalies {
                    anomalies
                        .entry(*anomaly)
                        .or_default()
                        .push((t.name(), codes()));
                }
            }
            FindingBody::Recount(recount) => {
                for count in &recount.counts {
                    match totals.iter_mut().find(|c| c.candidate == count.candidate) {
                        Some(total) => {
                            total.declared = total.declared.saturating_add(count.declared);
                            total.recounted = total.recounted.saturating_add(count.recounted);
                        }
                        None => totals.push(count.clone()),
                    }
                }
                out.recounts.push(RecountRow {
                    task: t.name(),
                    recount: recount.clone(),
                });
            }
            FindingBody::Server(server) => out.servers.push(ServerRow {
                task: t.name(),
                finding: server.clone(),
                images: t.exhibits.clone(),
            }),
            FindingBody::Other { notes } => out.others.push((t.name(), notes.clone())),
        }
    }
    out.anomalies = anomalies
        .into_iter()
        .map(|(anomaly, found)| AnomalyGroup { anomaly, found })
        .collect();
    // The boxes that differ first; the sort is stable, so station order holds within each.
    out.recounts.sort_by_key(|r| !r.differs());
    out.recount_totals = totals;
    out
}

/// Whether the report is overdue at `now`: due, past due, and no report filed. Derived
/// whenever it is shown, never stored; a report filed late ends it as one filed on time does.
pub fn overdue(
    due: Option<chrono::DateTime<chrono::Utc>>,
    filed: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    !filed && due.is_some_and(|at| at < now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::FormsFinding;

    fn place(code: &str, constituency: &str) -> Place {
        Place {
            code: code.to_owned(),
            county: "047 NAIROBI CITY".to_owned(),
            constituency: constituency.to_owned(),
            name: format!("STATION {code}"),
        }
    }

    fn task(id: i32, state: TaskState, finding: Option<FindingBody>) -> ReportTask {
        ReportTask {
            id,
            directive: "7".to_owned(),
            kind: TaskKind::InspectForms,
            state,
            place: Some(place(&format!("04727810500010{id}"), "278 KIBRA")),
            subject: String::new(),
            boxes_opened: 1,
            finding,
            exhibits: Vec::new(),
            reason: String::new(),
            unreconciled: false,
            objections: Vec::new(),
        }
    }

    fn forms(book_2: Book2Status, anomalies: Vec<Anomaly>) -> Option<FindingBody> {
        Some(FindingBody::Forms(FormsFinding {
            book_2: Some(book_2),
            form_32a_present: Some(true),
            anomalies,
            notes: String::new(),
        }))
    }

    fn recount(id: i32, declared: u32, recounted: u32) -> ReportTask {
        ReportTask {
            kind: TaskKind::Recount,
            subject: "Box 1 of 1".to_owned(),
            ..task(
                id,
                TaskState::Verified,
                Some(FindingBody::Recount(RecountFinding {
                    counts: vec![
                        CandidateCount {
                            candidate: "Raila Odinga".to_owned(),
                            declared,
                            recounted,
                        },
                        CandidateCount {
                            candidate: "William Ruto".to_owned(),
                            declared: 100,
                            recounted: 100,
                        },
                    ],
                    rejected: 2,
                    disputed: 0,
                    notes: String::new(),
                })),
            )
        }
    }

    #[test]
    fn only_verified_or_explained_tasks_let_the_report_be_filed() {
        let mut blocked = task(5, TaskState::Blocked, None);
        blocked.reason = "Access refused by the vendor.".to_owned();
        let mut unexplained = task(6, TaskState::Cancelled, None);
        unexplained.reason = "  ".to_owned();
        let mut tallies = task(7, TaskState::InProgress, None);
        tallies.unreconciled = true;
        let tasks = vec![
            task(1, TaskState::Verified, forms(Book2Status::Intact, vec![])),
            task(2, TaskState::FindingsSubmitted, None),
            task(3, TaskState::Planned, None),
            task(4, TaskState::Returned, None),
            blocked,
            unexplained,
            tallies,
            task(8, TaskState::Verified, None),
        ];
        let missing = missing(&tasks);
        let named: Vec<(&str, &str)> = missing
            .iter()
            .map(|m| (m.task.split(',').next().unwrap_or_default(), m.why.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("T-2", "its finding awaits verification"),
                ("T-3", "planned: not yet scheduled"),
                ("T-4", "its finding was returned for correction"),
                ("T-6", "stopped without a recorded reason"),
                (
                    "T-7",
                    "its two recount tallies disagree: reconcile them and submit the finding"
                ),
                ("T-8", "verified, but its finding cannot be read"),
            ]
        );
        assert!(missing[0].task.contains("STATION 047278105000102"));
    }

    #[test]
    fn the_2022_book_2_figures_and_anomalies_are_counted_from_verified_findings() {
        let mut tasks = Vec::new();
        for id in 1..=41 {
            let status = match id {
                1..=6 => Book2Status::NoneFound,
                7..=32 => Book2Status::Intact,
                _ => Book2Status::Used,
            };
            let anomalies = match id {
                12 => vec![Anomaly::BlankForm34a],
                25 => vec![Anomaly::TwoForms34a, Anomaly::UnstampedCarbon],
                _ => vec![],
            };
            let mut t = task(id, TaskState::Verified, forms(status, anomalies));
            t.place = Some(place(&format!("0472781050{id:03}01"), "278 KIBRA"));
            if id == 12 {
                t.exhibits = vec![Exhibit {
                    code: "EXH-COURT-007".to_owned(),
                    sha256: None,
                }];
            }
            tasks.push(t);
        }
        // A finding awaiting verification is not counted.
        tasks.push(task(
            42,
            TaskState::FindingsSubmitted,
            forms(Book2Status::Used, vec![]),
        ));
        let c = contents(&tasks);
        assert_eq!(
            c.book_2,
            Some(Book2Counts {
                none: 6,
                intact: 26,
                used: 9
            })
        );
        assert_eq!(c.form_32a, Some((41, 0)));
        assert_eq!((c.tasks_verified, c.tasks_total), (41, 42));
        let kinds: Vec<Anomaly> = c.anomalies.iter().map(|g| g.anomaly).collect();
        assert_eq!(
            kinds,
            [
                Anomaly::BlankForm34a,
                Anomaly::UnstampedCarbon,
                Anomaly::TwoForms34a
            ]
        );
        assert!(
            c.anomalies[0].found[0]
                .0
                .starts_with("T-12, 047278105001201")
        );
        assert_eq!(c.anomalies[0].found[0].1, ["EXH-COURT-007"]);
        assert_eq!(c.areas.len(), 1);
        assert_eq!(
            (
                c.areas[0].stations_ordered,
                c.areas[0].stations_covered,
                c.areas[0].boxes_opened
            ),
            (42, 41, 41)
        );
    }

    #[test]
    fn recounts_that_differ_come_first_and_are_totalled() {
        let tasks = vec![
            recount(1, 300, 300),
            recount(2, 250, 241),
            recount(3, 90, 95),
        ];
        let c = contents(&tasks);
        let order: Vec<&str> = c
            .recounts
            .iter()
            .map(|r| r.task.split(',').next().unwrap_or_default())
            .collect();
        assert_eq!(order, ["T-2", "T-3", "T-1"]);
        assert!(!c.recounts[2].differs());
        assert_eq!(c.recount_totals[0].declared, 640);
        assert_eq!(c.recount_totals[0].recounted, 636);
        assert_eq!(c.recount_totals[0].variance(), -4);
        assert_eq!(c.recount_totals[1].variance(), 0);
    }

    #[test]
    fn servers_stopped_tasks_and_objections_are_listed() {
        let server = ReportTask {
            kind: TaskKind::ServerAccess,
            place: None,
            subject: "Results transmission servers".to_owned(),
            exhibits: vec![Exhibit {
                code: "EXH-COURT-002".to_owned(),
                sha256: Some("ab".repeat(32)),
            }],
            ..task(
                1,
                TaskState::Verified,
                Some(FindingBody::Server(ServerFinding {
                    servers_named: 8,
                    servers_made_available: 1,
                    refused: "Smartmatic: seven servers abroad".to_owned(),
                    notes: String::new(),
                })),
            )
        };
        let mut cancelled = task(2, TaskState::Cancelled, None);
        cancelled.reason = "The station was not in the order.".to_owned();
        let mut objected = task(3, TaskState::Verified, forms(Book2Status::Used, vec![]));
        objected.objections = vec!["Brian Wekesa (ODINGA): the seal was read early.".to_owned()];
        let c = contents(&[server, cancelled, objected]);
        assert_eq!(c.servers.len(), 1);
        assert_eq!(c.servers[0].finding.servers_made_available, 1);
        assert_eq!(
            c.servers[0].images[0].sha256.as_deref().map(str::len),
            Some(64)
        );
        assert_eq!(c.not_done.len(), 1);
        assert_eq!(c.not_done[0].state, TaskState::Cancelled);
        assert_eq!(c.objections.len(), 1);
        assert!(c.objections[0].0.starts_with("T-3"));
        assert_eq!(c.tasks_verified, 2);
    }

    #[test]
    fn a_report_is_overdue_only_past_due_with_none_filed() {
        let due = chrono::DateTime::parse_from_rfc3339("2022-09-01T14:00:00Z")
            .unwrap()
            .to_utc();
        let before = due - chrono::Duration::minutes(1);
        let after = due + chrono::Duration::minutes(1);
        assert!(!overdue(Some(due), false, before));
        assert!(!overdue(Some(due), false, due));
        assert!(overdue(Some(due), false, after));
        assert!(!overdue(Some(due), true, after), "filed, even late");
        assert!(!overdue(None, false, after), "nothing due");
    }
}
