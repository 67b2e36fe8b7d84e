//! The bar at the top of every page: the portal's name, where you are, who you are, and a
//! way out.
//!
//! Who is signed in comes with the page: the server works it out before rendering and
//! passes it to the browser with the hydration data, so the header is plain HTML that
//! needs no resource of its own. After that, the browser asks again on each navigation and
//! after signing out.

use crate::api::auth::{Logout, who_am_i};
use crate::model::Me;
use domain::{Action, Actor, can};
use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The signed-in person the server found for this request.
fn from_server() -> Option<Me> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::backend::auth::SignedIn>()
                    .cloned()
            })
            .and_then(|signed_in| signed_in.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let me = RwSignal::new(SharedValue::new(from_server).into_inner());
    let path = use_location().pathname;
    // Runs in the browser only, on each navigation and sign-out after the first page.
    Effect::watch(
        move || (path.get(), logout.version().get()),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(found) = who_am_i().await {
                    me.set(found);
                }
            });
        },
        false,
    );
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/cases" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"⚖"</span>
                    " Scrutiny portal"
                </A>
                {move || me.get().map(|me| view! {
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
                })}
            </div>
        </header>
    }
}
