//! Integration tests through the real router, each on its own fresh database, on SQLite and
//! (when `PORTAL_TEST_POSTGRES_URL` is set) PostgreSQL.

// Test code: a failed setup step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod agents;
mod audit;
mod auth;
mod authorization;
mod backup;
mod cases;
mod citations;
mod clarifications;
mod cli;
mod corrections;
mod disputes;
mod evidence;
mod findings;
mod headers;
mod leaks;
mod notices;
mod orders;
mod registry;
mod reports;
mod security;
mod static_files;
mod stations;
mod stored;
mod task_papers;
mod tasks;
mod two_factor;
mod writes;
