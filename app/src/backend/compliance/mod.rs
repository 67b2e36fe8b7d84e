//! Compliance with each directive version by each obliged party: the state machine in
//! `domain::compliance` applied to stored cells, with optimistic concurrency, and the
//! court's assessments and excuses. The matrix that shows them is in `views::compliance`.

mod assessment;
mod cells;

pub(crate) use assessment::findings;
pub use assessment::{assess, excuse};
pub use cells::reader_audience;
pub(crate) use cells::{Step, apply, citation_audience, note_exhibits, note_response};
