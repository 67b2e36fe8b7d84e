//! Table mappings. Plain data; the rules about them live in the services beside this module.

pub mod audit_entry;
pub mod audit_head;
pub mod blob;
pub mod case;
pub mod case_counter;
pub mod case_member;
pub mod cell_exhibit;
pub mod clarification;
pub mod clarification_response;
pub mod custody_event;
pub mod directive;
pub mod directive_version;
pub mod docket_entry;
pub mod evidence_file;
pub mod evidence_item;
pub mod evidence_link;
pub mod login_failure;
pub mod notice;
pub mod obligation;
pub mod obligation_event;
pub mod order;
pub mod party;
pub mod response;
pub mod response_directive;
pub mod session;
pub mod user;
