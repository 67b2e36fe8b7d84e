//! The bar above every page of a case: which case this is, the reader's role in it, and
//! the case's sections.

use crate::model::CaseSummary;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CaseNav(case: CaseSummary) -> impl IntoView {
    let id = case.id;
    view! {
        <div class="case-bar" data-testid="current-case">
            <span class="case-bar-number">{case.number.clone()}</span>
            {case.my_role.map(|r| view! { <span class="badge">"You: "{r.label()}</span> })}
        </div>
        <nav class="tabs" aria-label="This case">
            <A href=format!("/cases/{id}") exact=true>"Overview"</A>
            <A href=format!("/cases/{id}/orders")>"Orders"</A>
            <A href=format!("/cases/{id}/compliance")>"Compliance"</A>
            {case.my_role.is_some_and(domain::CaseRole::acts_for_party).then(|| view! {
                <A href=format!("/cases/{id}/obligations")>"My obligations"</A>
            })}
            <A href=format!("/cases/{id}/tasks")>"Tasks"</A>
            <A href=format!("/cases/{id}/reports")>"Reports"</A>
            <A href=format!("/cases/{id}/evidence")>"Evidence"</A>
            <A href=format!("/cases/{id}/docket")>"Docket"</A>
        </nav>
    }
}

/// A sealing tier as a badge, so sealed material is never mistaken for open material.
#[component]
pub fn TierBadge(tier: domain::evidence::SealingTier) -> impl IntoView {
    use domain::evidence::SealingTier;
    let class = match tier {
        SealingTier::Public => "badge tier-public",
        SealingTier::Parties => "badge tier-parties",
        SealingTier::CourtOnly => "badge tier-court",
    };
    view! { <span class=class title=tier.explanation()>{tier.label()}</span> }
}
