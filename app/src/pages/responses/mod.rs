//! Party responses: filing one, and reading one.

pub mod detail;
pub mod new;
