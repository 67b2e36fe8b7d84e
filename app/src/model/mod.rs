//! What server functions send to pages, by workflow. Times arrive already written in the
//! court's time zone, so the browser needs no time-zone database.

mod accounts;
mod cases;
mod clarifications;
mod compliance;
mod directive_page;
mod docket;
mod evidence;
mod orders;
mod reports;
mod responses;
mod tasks;

pub use accounts::*;
pub use cases::*;
pub use clarifications::*;
pub use compliance::*;
pub use directive_page::*;
pub use docket::*;
pub use evidence::*;
pub use orders::*;
pub use reports::*;
pub use responses::*;
pub use tasks::*;
