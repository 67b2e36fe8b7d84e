//! Station registers: importing an election's polling stations from CSV, and looking up
//! the stations a case's codes name.

mod import;
mod reads;

pub use import::{ImportProgress, ImportReport, LineProblem, check_register, store_register};
pub use reads::{CaseRegister, case_register, check_listed, elections, lookup};
