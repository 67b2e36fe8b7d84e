//! Every case, and creating one.

use super::page_param;
use crate::api::admin::{CreateCase, admin_cases};
use crate::components::feedback::{
    FieldError, FormError, LoadError, action_error, cleared_on_success, invalid,
};
use crate::components::pager::Pager;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn CasesAdminPage() -> impl IntoView {
    let page = page_param();
    let create = ServerAction::<CreateCase>::new();
    let cases = resource(
        move || (page.get(), create.version().get()),
        |(page, _)| admin_cases(page),
    );
    let error = action_error(create);
    view! {
        <Title text="Cases"/>
        <h1>"Cases"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading cases…"</p> }>
            {move || Suspend::new(async move {
                match cases.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.total == 0 => view! { <p class="empty">"No cases yet. Create the first one below."</p> }.into_any(),
                    Ok(list) => {
                        let pages = list.pages();
                        view! {
                            <table class="table" data-testid="admin-case-list">
                                <thead><tr><th scope="col">"Number"</th><th scope="col">"Title"</th><th scope="col">"Court"</th><th scope="col">"Filed"</th></tr></thead>
                                <tbody>
                                    {list.items.into_iter().map(|c| view! {
                                        <tr>
                                            <td><A href=format!("/admin/cases/{}", c.id)>{c.number.clone()}</A></td>
                                            <td>{c.title.clone()}</td>
                                            <td>{c.court.clone()}</td>
                                            <td>{c.filing_date.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pager base="/admin/cases" page=list.page pages total=list.total per_page=list.per_page/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="new-case-heading">
            <h2 id="new-case-heading">"New case"</h2>
            <ActionForm action=create node_ref=cleared_on_success(create) attr:class="form" attr:novalidate=true>
                <FormError error/>
                <div class="field">
                    <label for="case-number">"Case number"</label>
                    <input id="case-number" name="number" required maxlength="120" placeholder="Presidential Election Petition E005 of 2022"
                        aria-invalid=invalid(error, "number") aria-describedby="case-number-error"/>
                    <FieldError error field="number" form="case"/>
                </div>
                <div class="field">
                    <label for="case-title">"Title"</label>
                    <input id="case-title" name="title" required maxlength="300" aria-invalid=invalid(error, "title") aria-describedby="case-title-error"/>
                    <FieldError error field="title" form="case"/>
                </div>
                <div class="field">
                    <label for="case-court">"Court"</label>
                    <input id="case-court" name="court" required maxlength="120" value="Supreme Court of Kenya"
                        aria-invalid=invalid(error, "court") aria-describedby="case-court-error"/>
                    <FieldError error field="court" form="case"/>
                </div>
                <div class="field">
                    <label for="case-filing-date">"Filing date"</label>
                    <input id="case-filing-date" name="filing_date" type="date" required
                        aria-invalid=invalid(error, "filing_date") aria-describedby="case-filing_date-error"/>
                    <FieldError error field="filing_date" form="case"/>
                </div>
                <button type="submit" class="button" disabled=move || create.pending().get()>"Create case"</button>
            </ActionForm>
        </section>
    }
}
