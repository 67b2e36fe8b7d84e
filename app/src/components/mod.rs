//! Pieces shared by several pages.

pub mod case_nav;
pub mod citation;
pub mod feedback;
pub mod header;
pub mod highlight;
pub mod pager;
pub mod upload_form;
pub mod verify_copy;
