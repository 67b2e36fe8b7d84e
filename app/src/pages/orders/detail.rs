//! An order: its particulars and directives in the court's numbering. While it is a draft
//! the registry adds directives here and issues it.

use super::terms::TermsFields;
use crate::api::orders::{AddDirective, DiscardOrder, IssueOrder, RemoveDirective, load_order};
use crate::components::case_nav::{CaseNav, TierBadge};
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, cleared_on_success, invalid,
};
use crate::error::AppError;
use crate::model::{DirectiveSummary, OrderDetail};
use crate::pages::case::{id_param, named_id_param};
use crate::resource::resource;
use domain::orders::OrderState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OrderPage() -> impl IntoView {
    let case_id = id_param();
    let order_id = named_id_param("order");
    let add = ServerAction::<AddDirective>::new();
    let issue = ServerAction::<IssueOrder>::new();
    let remove = ServerAction::<RemoveDirective>::new();
    let discard = ServerAction::<DiscardOrder>::new();
    let detail = resource(
        move || {
            (
                case_id.get(),
                order_id.get(),
                add.version().get(),
                issue.version().get() + remove.version().get(),
            )
        },
        |(case_id, order_id, _, _)| async move {
            match (case_id, order_id) {
                (Some(c), Some(o)) => load_order(c, o).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the order…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(order) => view! { <Order order add issue remove discard/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Order(
    order: OrderDetail,
    add: ServerAction<AddDirective>,
    issue: ServerAction<IssueOrder>,
    remove: ServerAction<RemoveDirective>,
    discard: ServerAction<DiscardOrder>,
) -> impl IntoView {
    let case_id = order.case.id;
    let discard_error = action_error(discard);
    // A discarded draft is gone: back to the case's orders.
    Effect::new(move |_| {
        if matches!(discard.value().get(), Some(Ok(()))) {
            leptos_router::hooks::use_navigate()(
                &format!("/cases/{case_id}/orders"),
                Default::default(),
            );
        }
    });
    let notified = order.notified_on_issue.clone();
    let sealed: Vec<String> = order
        .directives
        .iter()
        .filter(|d| d.current.tier != domain::evidence::SealingTier::Public)
        .map(|d| {
            format!(
                "Directive {}: {} — {}",
                d.label,
                d.current.tier.label(),
                d.current.tier.explanation()
            )
        })
        .collect();
    let draft = order.state == OrderState::Draft;
    let removable = (draft && order.may_record).then_some((order.id, order.revision));
    let remove_error = action_error(remove);
    let issue_error = action_error(issue);
    let issued_as = move || issue.value().get().and_then(Result::ok);
    view! {
        <Title text=format!("{} · {}", order.title, order.case.number)/>
        <CaseNav case=order.case.clone()/>
        <p><A href=format!("/cases/{case_id}/orders")>"← Orders"</A></p>
        <h1>{order.title.clone()}</h1>
        <dl class="facts">
            <dt>"Made"</dt><dd>{order.issued_at.clone()}</dd>
            {order.report_due.clone().map(|due| view! { <dt>"Registrar's report due"</dt><dd>{due}</dd> })}
            <dt>"Bench"</dt><dd>{order.bench.clone()}</dd>
            <dt>"State"</dt><dd>{if draft { "Draft — seen only by the court until issued" } else { "Issued" }}</dd>
        </dl>
        {(!order.preamble.is_empty()).then(|| view! { <p class="description">{order.preamble.clone()}</p> })}
        {move || issued_as().map(|n| view! { <p class="alert alert-ok" role="status">{format!("Issued and filed as docket entry {n}; the parties have been notified.")}</p> })}
        <h2>"Directives"</h2>
        {if order.directives.is_empty() {
            view! { <p class="empty">"No directive has been added yet."</p> }.into_any()
        } else {
            view! {
                <FormError error=remove_error/>
                <FieldError error=remove_error field="order" form="remove"/>
                <ol class="directives" data-testid="directives">
                    {order.directives.into_iter().map(|d| view! { <Directive case_id d removable remove/> }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(draft && order.may_record).then(|| view! {
            <details class="confirm" open=issue_error.get_untracked().is_some()>
                <summary class="button">"Issue the order…"</summary>
                <ActionForm action=issue attr:class="form">
                    <FormError error=issue_error/>
                    <FieldError error=issue_error field="order" form="issue"/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="order_id" value=order.id/>
                    <input type="hidden" name="revision" value=order.revision/>
                    <p>{format!("Issuing files “Order: {}” on the docket, starts every deadline, and notifies {} members:", order.title, notified.len())}</p>
                    <ul class="notified">{notified.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                    {(!sealed.is_empty()).then(|| view! {
                        <p>"Sealed directives stay sealed: the notice names the order only, and each is read by its audience alone."</p>
                        <ul>{sealed.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                    })}
                    <button type="submit" class="button" disabled=move || issue.pending().get()>"Issue the order"</button>
                </ActionForm>
            </details>
            <details class="confirm">
                <summary class="button button-secondary">"Discard this draft…"</summary>
                <ActionForm action=discard attr:class="form">
                    <FormError error=discard_error/>
                    <FieldError error=discard_error field="order" form="discard"/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="order_id" value=order.id/>
                    <input type="hidden" name="revision" value=order.revision/>
                    <p>"The draft and its directives are deleted. It was never filed, so nobody outside the court saw it; the audit log keeps what was discarded."</p>
                    <button type="submit" class="button button-danger" disabled=move || discard.pending().get()>"Discard the draft"</button>
                </ActionForm>
            </details>
            <AddDirectiveForm case_id order_id=order.id revision=order.revision parties=order.parties.clone() add/>
        })}
    }
}

#[component]
fn Directive(
    case_id: i32,
    d: DirectiveSummary,
    /// The draft order's id and revision, when the reader may take directives out of it.
    removable: Option<(i32, i32)>,
    remove: ServerAction<RemoveDirective>,
) -> impl IntoView {
    let v = d.current;
    let id = d.id;
    view! {
        <li class="directive">
            <h3>
                <A href=format!("/cases/{case_id}/directives/{}", d.id)>{format!("Directive {}", d.label)}</A>
                " "<TierBadge tier=v.tier/>
                {(v.number > 1).then(|| view! { <span class="badge">{format!("Version {}", v.number)}</span> })}
            </h3>
            <p class="directive-text">{v.text.clone()}</p>
            <dl class="facts compact">
                <dt>"Obliges"</dt>
                <dd>{d.obligations.iter().map(|o| if o.office.is_empty() { o.party.clone() } else { format!("{} ({})", o.party, o.office) }).collect::<Vec<_>>().join("; ")}</dd>
                {v.window_opens.clone().map(|w| view! { <dt>"Window opens"</dt><dd>{w}</dd> })}
                {v.deadline.clone().map(|w| view! { <dt>"Deadline"</dt><dd>{w}</dd> })}
                {(!v.third_parties.is_empty()).then(|| view! { <dt>"Third parties"</dt><dd>{v.third_parties.join("; ")}</dd> })}
                {(!v.limits.is_empty()).then(|| view! { <dt>"Limits"</dt><dd>{v.limits.clone()}</dd> })}
                {v.agent_limit.map(|n| view! { <dt>"Agents per party"</dt><dd>{n}</dd> })}
            </dl>
            {removable.map(|(order_id, revision)| view! {
                <A href=format!("/cases/{case_id}/directives/{id}")>{format!("Edit directive {}", d.label)}</A>
                <ActionForm action=remove attr:class="remove-form">
                    <input type="hidden" name="case_id" value=case_id/>
                    <input type="hidden" name="order_id" value=order_id/>
                    <input type="hidden" name="revision" value=revision/>
                    <input type="hidden" name="directive_id" value=id/>
                    <button type="submit" class="button button-secondary">{format!("Remove directive {} from the draft", d.label)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn AddDirectiveForm(
    case_id: i32,
    order_id: i32,
    revision: i32,
    parties: Vec<crate::model::PartyChoice>,
    add: ServerAction<AddDirective>,
) -> impl IntoView {
    let error = action_error(add);
    view! {
        <section aria-labelledby="add-directive-heading">
            <h2 id="add-directive-heading">"Add a directive"</h2>
            <ActionForm action=add node_ref=cleared_on_success(add) attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="order_id" value=order_id/>
                <input type="hidden" name="revision" value=revision/>
                <div class="field">
                    <label for="directive-label">"Number, as the order gives it"</label>
                    <input id="directive-label" name="label" required maxlength="24" aria-invalid=invalid(error, "label") aria-describedby="directive-label-hint directive-label-error"/>
                    <p class="hint" id="directive-label-hint">"Such as 1, 3(b) or 4(a)(ii)."</p>
                    <FieldError error field="label" form="directive"/>
                </div>
                <TermsFields parties error/>
                <button type="submit" class="button" disabled=move || add.pending().get()>"Add the directive"</button>
            </ActionForm>
        </section>
    }
}
