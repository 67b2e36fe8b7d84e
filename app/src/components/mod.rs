//! Pieces shared by several pages.

pub mod feedback;
pub mod header;
pub mod pager;
