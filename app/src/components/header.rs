//! The bar at the top of every page: the portal's name, where you are, who you are, and a
//! way out.

use crate::api::auth::{Logout, who_am_i};
use domain::{Action, Actor, can};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    // Asked again after every navigation, so signing in or out (both end in one) shows here.
    let path = use_location().pathname;
    let user = Resource::new(move || (path.get(), logout.version().get()), |_| who_am_i());
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/cases" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"⚖"</span>
                    " Scrutiny portal"
                </A>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(me)) => {
                                view! {
                                    <nav class="site-nav" aria-label="Main">
                                        <A href="/cases">"My cases"</A>
                                        <A href="/notices" attr:data-testid="notices-link">
                                            "Notices"
                                            {(me.unread_notices > 0).then(|| view! {
                                                " "<span class="count" aria-label=format!("{} unread", me.unread_notices)>{me.unread_notices}</span>
                                            })}
                                        </A>
                                        {can(&Actor { is_admin: me.is_admin, ..Actor::outsider() }, Action::Administer)
                                            .then(|| view! { <A href="/admin">"Administration"</A> })}
                                    </nav>
                                    <div class="who">
                                        <span class="who-name" data-testid="current-user">{me.name.clone()}</span>
                                        <ActionForm action=logout>
                                            <button type="submit" class="button-link">"Sign out"</button>
                                        </ActionForm>
                                    </div>
                                }
                                    .into_any()
                            }
                            _ => ().into_any(),
                        }
                    })}
                </Transition>
            </div>
        </header>
    }
}
