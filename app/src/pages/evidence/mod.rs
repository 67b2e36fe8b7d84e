//! The evidence register of a case: the list, recording an item, and an item's page.

pub mod item;
pub mod list;
pub mod new;

use leptos::prelude::*;

/// The `:item` of `/cases/:id/evidence/:item`; anything but a positive number is not found.
pub fn item_param() -> Memo<Option<i32>> {
    crate::pages::case::named_id_param("item")
}
