//! Notices of filing: what has been filed in the reader's cases since they last looked.

use crate::api::cases::my_cases;
use crate::api::evidence::{MarkNoticesRead, my_notices};
use crate::components::feedback::{FormError, LoadError, action_error};
use crate::components::pager::Pager;
use crate::pages::admin::page_param;
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let page = page_param();
    let query = use_query_map();
    let unread_only = Memo::new(move |_| query.read().get("unread").is_some_and(|v| v == "1"));
    let case_id = Memo::new(move |_| query.read().get("case").and_then(|v| v.parse::<i32>().ok()));
    let mark = ServerAction::<MarkNoticesRead>::new();
    let notices = resource(
        move || {
            (
                page.get(),
                unread_only.get(),
                case_id.get(),
                mark.version().get(),
            )
        },
        |(page, unread, case_id, _)| my_notices(page, unread, case_id),
    );
    let cases = resource(|| (), |_| my_cases());
    // The query both tabs and the pager keep: the case chosen, if any.
    let case_query = move || {
        case_id
            .get()
            .map(|id| format!("case={id}&"))
            .unwrap_or_default()
    };
    let error = action_error(mark);
    view! {
        <Title text="Notices"/>
        <div class="heading-row">
            <h1>"Notices of filing"</h1>
            <ActionForm action=mark>
                <button type="submit" class="button">"Mark all as read"</button>
            </ActionForm>
        </div>
        // The two tabs differ only in the query, which the router's links do not compare.
        <nav class="tabs" aria-label="Which notices">
            <a href=move || format!("/notices?{}", case_query().trim_end_matches('&')) aria-current=move || (!unread_only.get()).then_some("page")>"All"</a>
            <a href=move || format!("/notices?{}unread=1", case_query()) aria-current=move || unread_only.get().then_some("page")>"Unread"</a>
        </nav>
        // A plain GET form, so the filter works before the wasm loads.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let cases = cases.await.unwrap_or_default();
                (cases.len() > 1).then(|| view! {
                    <form method="get" action="/notices" class="filters">
                        {unread_only.get_untracked().then(|| view! { <input type="hidden" name="unread" value="1"/> })}
                        <label for="notices-case">"Case"</label>
                        <select id="notices-case" name="case">
                            <option value="" selected=case_id.get_untracked().is_none()>"All my cases"</option>
                            {cases.into_iter().map(|c| {
                                let chosen = case_id.get_untracked() == Some(c.id);
                                view! { <option value=c.id.to_string() selected=chosen>{c.number}</option> }
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button-small">"Show"</button>
                    </form>
                })
            })}
        </Transition>
        <FormError error/>
        <Transition fallback=|| view! { <p class="loading">"Loading notices…"</p> }>
            {move || Suspend::new(async move {
                match notices.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">{match (unread_only.get_untracked(), case_id.get_untracked().is_some()) {
                            (true, true) => "No unread notices in this case.",
                            (true, false) => "No unread notices.",
                            (false, true) => "No notices in this case yet.",
                            (false, false) => "No notices yet. When something is filed in one of your cases, a notice appears here.",
                        }}</p>
                    }.into_any(),
                    Ok(list) => {
                        let pages = list.pages();
                        let filter = case_query();
                        let base = match (unread_only.get_untracked(), filter.is_empty()) {
                            (true, _) => format!("/notices?{filter}unread=1&"),
                            (false, true) => "/notices".to_owned(),
                            (false, false) => format!("/notices?{filter}"),
                        };
                        view! {
                            <ul class="notice-list" data-testid="notices">
                                {list.items.into_iter().map(|n| view! {
                                    <li class=if n.read { "notice" } else { "notice unread" }>
                                        <p class="notice-head">
                                            {(!n.read).then(|| view! { <span class="badge">"New"</span>" " })}
                                            <span class="meta-inline">{format!("{} · docket no. {}", n.case_number, n.docket_number)}</span>
                                        </p>
                                        <p class="notice-title">
                                            {match n.href.clone() {
                                                Some(href) => view! { <A href=href>{n.title.clone()}</A> }.into_any(),
                                                None => view! { <span>{n.title.clone()}</span> }.into_any(),
                                            }}
                                        </p>
                                        <p class="meta-inline">{format!("Filed {} by {}", n.filed_at, n.filed_by)}</p>
                                        <p class="hash-line">"Audit chain head at filing: "<span class="hash">{n.audit_hash.clone()}</span></p>
                                        <p class="meta-inline"><a href=format!("/notices/{}/document", n.id) rel="external">"Notice of filing (to print or keep)"</a></p>
                                        {(!n.read).then(|| view! {
                                            <ActionForm action=mark>
                                                <input type="hidden" name="notice_id" value=n.id/>
                                                <button type="submit" class="button-small">"Mark as read"</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pager base=base page=list.page pages total=list.total per_page=list.per_page/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
