//! The portal's server: settings, the router with its security layers, the command line and
//! the demo case. `main.rs` only parses arguments and calls in here, so the integration
//! tests drive exactly the router that production serves.

pub mod backup;
pub mod cli;
mod demo_evidence;
mod demo_orders;
mod demo_report;
pub mod demo_stations;
mod demo_tasks;
mod demo_work;
pub mod evidence_files;
pub mod middleware;
pub mod notices;
pub mod report_copy;
pub mod report_document;
pub mod report_filing;
pub mod response_files;
pub mod router;
pub mod security_headers;
pub mod seed;
pub mod settings;
pub mod station_sheet;
pub mod stations_cli;
pub mod task_export;
pub mod two_factor_page;
