//! Pieces shared by several pages.

pub mod case_nav;
pub mod feedback;
pub mod header;
pub mod pager;
pub mod verify_copy;
