//! The case's orders, and for the registry a form to record a new one as a draft.

use crate::api::orders::{RecordOrder, load_orders};
use crate::components::case_nav::CaseNav;
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, cleared_on_success, invalid,
};
use crate::error::AppError;
use crate::model::OrderList;
use crate::pages::case::id_param;
use crate::resource::resource;
use domain::orders::OrderState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let id = id_param();
    let record = ServerAction::<RecordOrder>::new();
    let list = resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_orders(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the orders…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) => view! { <Orders list record/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Orders(list: OrderList, record: ServerAction<RecordOrder>) -> impl IntoView {
    let case_id = list.case.id;
    view! {
        <Title text=format!("Orders · {}", list.case.number)/>
        <CaseNav case=list.case.clone()/>
        <h1>"Orders"</h1>
        {if list.orders.is_empty() {
            view! { <p class="empty">"No order has been issued in this case yet."</p> }.into_any()
        } else {
            view! {
                <table class="table stack" data-testid="orders">
                    <thead><tr>
                        <th scope="col">"Order"</th><th scope="col">"Made"</th>
                        <th scope="col">"Directives"</th><th scope="col">"State"</th>
                    </tr></thead>
                    <tbody>
                        {list.orders.into_iter().map(|o| view! {
                            <tr>
                                <td data-label="Order"><A href=format!("/cases/{case_id}/orders/{}", o.id)>{o.title.clone()}</A></td>
                                <td data-label="Made">{o.issued_at.clone()}</td>
                                <td data-label="Directives">{o.directives}</td>
                                <td data-label="State">{if o.state == OrderState::Draft {
                                    view! { <span class="badge badge-draft">"Draft — not yet issued"</span> }.into_any()
                                } else {
                                    view! { <span>{o.state.label()}</span> }.into_any()
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {list.may_record.then(|| view! { <RecordOrderForm case_id record/> })}
    }
}

#[component]
fn RecordOrderForm(case_id: i32, record: ServerAction<RecordOrder>) -> impl IntoView {
    let error = action_error(record);
    view! {
        <section aria-labelledby="record-order-heading">
            <h2 id="record-order-heading">"Record an order"</h2>
            <p class="hint">"The order stays a draft, seen only by the court, while you add its directives; issuing it files it on the docket and notifies the parties."</p>
            <ActionForm action=record node_ref=cleared_on_success(record) attr:class="form" attr:novalidate=true>
                <FormError error/>
                <input type="hidden" name="case_id" value=case_id/>
                <div class="field">
                    <label for="order-title">"Title"</label>
                    <input id="order-title" name="title" required maxlength="300" aria-invalid=invalid(error, "title") aria-describedby="order-title-error"
                        placeholder="Order for scrutiny"/>
                    <FieldError error field="title" form="order"/>
                </div>
                <div class="field">
                    <label for="order-issued_at">"Made on (court's time)"</label>
                    <input id="order-issued_at" name="issued_at" type="datetime-local" required aria-invalid=invalid(error, "issued_at") aria-describedby="order-issued_at-error"/>
                    <FieldError error field="issued_at" form="order"/>
                </div>
                <div class="field">
                    <label for="order-report_due">"Registrar's report due (court's time; optional)"</label>
                    <input id="order-report_due" name="report_due" type="datetime-local" aria-invalid=invalid(error, "report_due") aria-describedby="order-report_due-hint order-report_due-error"/>
                    <p class="hint" id="order-report_due-hint">"When the order asks the Registrar to report on the scrutiny: the report's page shows it, and whether it is overdue."</p>
                    <FieldError error field="report_due" form="order"/>
                </div>
                <div class="field">
                    <label for="order-bench">"Bench"</label>
                    <input id="order-bench" name="bench" required maxlength="500" aria-invalid=invalid(error, "bench") aria-describedby="order-bench-error"
                        placeholder="Koome CJ, Mwilu DCJ, Ibrahim, Wanjala, Njoki, Lenaola & Ouko SCJJ"/>
                    <FieldError error field="bench" form="order"/>
                </div>
                <div class="field">
                    <label for="order-preamble">"Preamble"</label>
                    <textarea id="order-preamble" name="preamble" rows="4" maxlength="20000" aria-invalid=invalid(error, "preamble") aria-describedby="order-preamble-error"></textarea>
                    <FieldError error field="preamble" form="order"/>
                </div>
                <button type="submit" class="button" disabled=move || record.pending().get()>"Record the draft"</button>
            </ActionForm>
        </section>
    }
}
