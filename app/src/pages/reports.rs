//! The Registrar's reports (`/cases/{id}/reports`): for the registrar, the form that
//! previews a draft from the directives chosen. The preview is a plain GET form that opens
//! the printable document, so it works before the wasm loads and can be bookmarked.

use crate::api::reports::load_reports;
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::LoadError;
use crate::error::{AppError, human_size};
use crate::model::{FiledReport, ReportChoice};
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::evidence::SealingTier;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let id = id_param();
    let overview = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_reports(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the reports…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(o) => view! {
                        <Title text=format!("Registrar's reports · {}", o.case.number)/>
                        <CaseNav case=o.case.clone()/>
                        <h1>"Registrar's reports"</h1>
                        {o.due.clone().map(|due| view! {
                            <p data-testid="report-due">
                                {format!("The report is due by {due}")}
                                {o.overdue.then(|| view! { " — "<strong class="overdue">"overdue: no report has been filed"</strong> })}
                            </p>
                        })}
                        <Filed filed=o.filed.clone() may_assess=o.may_assess/>
                        {o.may_prepare.then(|| view! { <Prepare case_id=o.case.id choices=o.choices.clone()/> })}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Prepare(case_id: i32, choices: Vec<ReportChoice>) -> impl IntoView {
    if choices.is_empty() {
        return view! {
            <section aria-labelledby="prepare-heading">
                <h2 id="prepare-heading">"Prepare a report"</h2>
                <p class="empty">"No directive has scrutiny tasks yet: a report is prepared from their verified findings."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section aria-labelledby="prepare-heading">
            <h2 id="prepare-heading">"Prepare a report"</h2>
            <form class="form" method="get" action=format!("/cases/{case_id}/reports/draft") data-testid="report-form">
                <fieldset class="field">
                    <legend>"The directives it covers"</legend>
                    <p class="hint">"Only verified findings are reported; the draft lists every task still to be verified, or blocked or cancelled with its reason."</p>
                    {choices.into_iter().map(|c| {
                        let id = format!("report-directive-{}", c.id);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=format!("directives[{}]", c.id)/>
                                <label for=id>
                                    {format!("Directive {} — {} ({} task{})", c.label, c.order_title, c.tasks, if c.tasks == 1 { "" } else { "s" })}
                                    " "<TierBadge tier=c.tier/>
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset class="field">
                    <legend>"Who may read it"</legend>
                    <p class="hint">"Directives sealed more closely than the report are left out of it, and the report says so."</p>
                    {SealingTier::ALL.iter().map(|t| {
                        let id = format!("report-tier-{}", t.as_str());
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="tier" value=t.as_str() checked=*t == SealingTier::Parties/>
                                <label for=id>{t.label()}<span class="hint">" — "{t.explanation()}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">"Preview the draft"</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn Filed(filed: Vec<FiledReport>, may_assess: bool) -> impl IntoView {
    if filed.is_empty() {
        return view! { <p class="empty">"No report has been filed in this case yet."</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list" data-testid="filed-reports">
            {filed.into_iter().map(|r| view! {
                <li id=format!("report-{}", r.id)>
                    <h2>{format!("Version {}", r.version)}" "<TierBadge tier=r.tier/></h2>
                    <dl class="facts">
                        <dt>"Filed"</dt><dd>{r.filed.clone()}</dd>
                        <dt>"Covers"</dt>
                        <dd>
                            <ul class="plain-list">
                                {r.covers.iter().map(|c| view! {
                                    <li>
                                        {format!("Directive {}", c.words)}
                                        {may_assess.then(|| view! {
                                            " — "<a href=c.assess_href.clone()>"Assess compliance on this report"</a>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </dd>
                        {r.supersedes.map(|v| view! { <dt>"Supersedes"</dt><dd>{format!("Version {v}")}</dd> })}
                        <dt>"Exhibit"</dt>
                        <dd><A href=r.exhibit_href.clone()>{r.exhibit.clone()}</A>" — “Verify my copy” on its page checks a copy against this hash"</dd>
                        <dt>"SHA-256"</dt><dd class="hash">{r.sha256.clone()}</dd>
                        <dt>"Audit chain at generation"</dt><dd class="hash">{r.audit.clone()}</dd>
                    </dl>
                    <p><a href=r.href.clone() rel="external" download="">{format!("The report as filed ({})", human_size(r.size))}</a></p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
