//! Notices of filing: what has been filed in the reader's cases since they last looked.

use crate::api::evidence::{MarkNoticesRead, my_notices};
use crate::components::feedback::{FormError, LoadError, action_error};
use crate::components::pager::Pager;
use crate::pages::admin::page_param;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NoticesPage() -> impl IntoView {
    let page = page_param();
    let query = use_query_map();
    let unread_only = Memo::new(move |_| query.read().get("unread").is_some_and(|v| v == "1"));
    let mark = ServerAction::<MarkNoticesRead>::new();
    let notices = Resource::new(
        move || (page.get(), unread_only.get(), mark.version().get()),
        |(page, unread, _)| my_notices(page, unread),
    );
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
            <a href="/notices" aria-current=move || (!unread_only.get()).then_some("page")>"All"</a>
            <a href="/notices?unread=1" aria-current=move || unread_only.get().then_some("page")>"Unread"</a>
        </nav>
        <FormError error/>
        <Transition fallback=|| view! { <p class="loading">"Loading notices…"</p> }>
            {move || Suspend::new(async move {
                match notices.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.items.is_empty() => view! {
                        <p class="empty">{if unread_only.get_untracked() { "No unread notices." } else { "No notices yet. When something is filed in one of your cases, a notice appears here." }}</p>
                    }.into_any(),
                    Ok(list) => {
                        let pages = list.pages();
                        let base = if unread_only.get_untracked() { "/notices?unread=1&" } else { "/notices" };
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
