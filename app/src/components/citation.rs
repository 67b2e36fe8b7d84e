//! A decision's citation of the Registrar's report: a link to the document as filed for a
//! reader who may see it, its words alone for one it is sealed from.

use crate::model::ReportCitation;
use leptos::prelude::*;

#[component]
pub fn Citation(c: ReportCitation) -> impl IntoView {
    match c.href {
        Some(href) => {
            view! { <a class="citation" href=href rel="external">{c.words}</a> }.into_any()
        }
        None => view! { <span class="citation">{c.words}" (sealed from you)"</span> }.into_any(),
    }
}
