//! The evidence register: items under exhibit codes, what they are tied to, their custody
//! log, and their files.
//!
//! Every read goes through sealing: an item the reader may not see is treated exactly as one
//! that does not exist, in lists, counts, pages, links and notices alike.

mod custody;
mod files;
mod links;
mod register;
mod visibility;

pub use custody::{CustodyLine, custody, hand_over};
pub use files::{
    Download, FileCheck, UploadTarget, VerifyReport, attach, download_mismatch, file_name,
    integrity_failure, start_download, sweep_unrecorded, upload_target, verify_all,
};
pub(crate) use files::{Received, check_received, place, record_file, settle};
pub(crate) use links::exhibits;
pub use links::{Link, cite, link, link_to_case_record, linked_to, linked_to_records, targets};
pub(crate) use register::{CheckedItem, insert as insert_item, insert_quietly, prefix_of};
pub use register::{Cursor, NewItem, PER_PAGE, detail, list, record, visible_count};
pub(crate) use visibility::visible_items;
