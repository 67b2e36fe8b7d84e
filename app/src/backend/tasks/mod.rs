//! Scrutiny tasks: created one at a time or in bulk from pasted station codes, carried
//! through their lifecycle (`domain::tasks`), attended by the agents parties nominate.
//!
//! A task is sealed as its directive: whoever may not read the directive gets 404 for the
//! task, and every docket entry about tasks takes the directive's tier and readers.

mod agents;
mod board;
mod bulk;
mod detail;
mod directive;
mod disputes;
mod export;
mod figures;
mod findings;
mod report;
mod rounds;
mod signatures;
mod single;
mod sittings;
mod steps;
mod tallies;
mod work;

/// The docket's name for a task, the target of the entries about one task.
pub const TASK_TARGET: &str = "task";

pub use agents::{Nomination, agent_list, nominate, send};
pub use board::{PER_PAGE, TaskFilter, board, form_choices};
pub use bulk::{BulkInput, create_bulk, preview_bulk};
pub use detail::detail;
pub use disputes::{Disputed, disputable, disputed_by};
pub use export::{COLUMNS, export_csv};
pub use findings::{FINDING_TARGET, FindingInput, submit_finding};
pub use report::report_tasks;
pub use signatures::sign;
pub use single::{OneInput, create_one};
pub use sittings::{ItemInput, SittingInput, record_sitting, remark};
pub use steps::{ScheduleInput, StepInput, schedule, step};
pub use tallies::enter_tally;
