//! Pages that gather several workflows: each reads through the workflows' own reads and
//! the shared ones, and nothing below imports from here.

pub mod compliance;
pub mod directive;
pub mod docket;
