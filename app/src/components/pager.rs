//! Previous / next links for paged lists; plain links, so they work without the wasm.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Pager(
    /// The list's path, with any query that should survive paging (`/x?unread=1&`).
    #[prop(into)]
    base: String,
    page: u64,
    pages: u64,
    total: u64,
    per_page: u64,
) -> impl IntoView {
    let first = if total == 0 {
        0
    } else {
        (page - 1) * per_page + 1
    };
    let last = page.saturating_mul(per_page).min(total);
    let join = if base.contains('?') { "" } else { "?" };
    let previous = format!("{base}{join}page={}", page.saturating_sub(1));
    let next = format!("{base}{join}page={}", page + 1);
    view! {
        <nav class="pager" aria-label="Pages">
            <span>{format!("{first}–{last} of {total}")}</span>
            {(page > 1).then(|| view! { <A href=previous>"← Previous"</A> })}
            {(page < pages).then(|| view! { <A href=next>"Next →"</A> })}
        </nav>
    }
}

/// Percent-encodes a value for a list's query string (filters hold digits, names and
/// underscores; anything else is encoded byte by byte), for filter and paging links.
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
