//! The audit chain: check it end to end, and read its latest entries.

use crate::api::admin::{AuditVerify, audit_entries};
use crate::components::feedback::{FormError, LoadError, action_error};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let before = Memo::new(move |_| {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    });
    let verify = ServerAction::<AuditVerify>::new();
    let entries = resource(move || before.get(), audit_entries);
    let error = action_error(verify);
    view! {
        <Title text="Audit chain"/>
        <h1>"Audit chain"</h1>
        <p class="lead">"Every change in the portal is an entry whose hash covers the entry before it. Checking walks the whole chain and names the first entry that does not match."</p>
        <ActionForm action=verify attr:class="inline-form">
            <button type="submit" class="button" disabled=move || verify.pending().get()>"Check the whole chain"</button>
            <FormError error/>
            {move || verify.value().get().and_then(Result::ok).map(|s| if s.intact {
                view! {
                    <p class="alert alert-ok" role="status" data-testid="audit-verdict">
                        {format!("OK: {} entries, checked in {:.2} s. Head: ", s.length, s.seconds)}<span class="hash">{s.head.clone()}</span>
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="alert alert-error" role="alert" data-testid="audit-verdict">
                        {format!("BROKEN at entry {}: {}.", s.broken_at.unwrap_or_default(), s.problem.clone().unwrap_or_default())}
                    </p>
                }.into_any()
            })}
        </ActionForm>
        <h2>"Latest entries"</h2>
        <Transition fallback=|| view! { <p class="loading">"Loading entries…"</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"No entries."</p> }.into_any(),
                    Ok(list) => {
                        let older = list.last().filter(|e| e.seq > 1).map(|e| format!("/admin/audit?before={}", e.seq));
                        view! {
                            <table class="table" data-testid="audit-entries">
                                <thead><tr><th scope="col">"No."</th><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Action"</th><th scope="col">"Subject"</th><th scope="col">"Hash"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{e.seq}</td>
                                            <td>{e.at.clone()}</td>
                                            <td>{e.actor.clone()}</td>
                                            <td><code>{e.action.clone()}</code></td>
                                            <td><code>{e.subject.clone()}</code><details><summary>"Payload"</summary><pre class="payload">{e.payload.clone()}</pre></details></td>
                                            <td class="hash">{e.hash.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <nav class="pager" aria-label="Pages">
                                {before.get_untracked().is_some().then(|| view! { <A href="/admin/audit">"Latest"</A> })}
                                {older.map(|href| view! { <A href=href>"Older →"</A> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
