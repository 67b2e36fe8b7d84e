//! Integration tests through the real router, each on its own fresh database, on SQLite and
//! (when `PORTAL_TEST_POSTGRES_URL` is set) PostgreSQL.

mod support;

mod auth;
mod cases;
mod security;
