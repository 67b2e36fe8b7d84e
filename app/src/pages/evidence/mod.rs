//! The evidence register of a case: the list, recording an item, and an item's page.

pub mod item;
pub mod list;
pub mod new;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:item` of `/cases/:id/evidence/:item`; anything but a positive number is not found.
pub fn item_param() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("item")
            .and_then(|id| id.parse().ok())
            .filter(|id| *id > 0)
    })
}
