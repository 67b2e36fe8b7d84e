//! The portal's user interface. Pages render on the server (so they work before, or
//! without, the wasm) and hydrate in the browser; forms are plain posts to server functions
//! that the hydrated page intercepts.

// Hydration awaits the whole app's view, lazy routes included, as one future: its type is
// deeper than rustc's default limit of 128.
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
pub mod resource;

use components::header::Header;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};
use pages::{
    admin, case, cases, clarification, compliance, docket, evidence, login, not_found::NotFound,
    notices, orders, reports, responses, tasks,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="portal" href="/pkg/portal.css"/>
        <Title formatter=|page: String| {
            if page.is_empty() { "Scrutiny portal".to_owned() } else { format!("{page} · Scrutiny portal") }
        }/>
        <Router>
            <Layout/>
        </Router>
    }
}

/// A page whose code the browser fetches when the page is first shown, not with the rest of
/// the front end: each `#[lazy_route]` is a split point at which `scripts/build.sh` cuts the
/// wasm (a chunk per page, with chunks for what pages share), so the first visit to any page
/// downloads the shell and that page alone. On the server it is the page itself.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(HomeRoute, cases::Home);
lazy_page!(LoginRoute, login::LoginPage);
lazy_page!(CasesRoute, cases::CasesPage);
lazy_page!(CaseRoute, case::CasePage);
lazy_page!(EvidenceRoute, evidence::list::EvidencePage);
lazy_page!(NewEvidenceRoute, evidence::new::NewEvidencePage);
lazy_page!(EvidenceItemRoute, evidence::item::EvidenceItemPage);
lazy_page!(DocketRoute, docket::DocketPage);
lazy_page!(OrdersRoute, orders::list::OrdersPage);
lazy_page!(OrderRoute, orders::detail::OrderPage);
lazy_page!(DirectiveRoute, orders::directive::DirectivePage);
lazy_page!(NewResponseRoute, responses::new::NewResponsePage);
lazy_page!(ResponseRoute, responses::detail::ResponsePage);
lazy_page!(ClarificationRoute, clarification::ClarificationPage);
lazy_page!(MatrixRoute, compliance::MatrixPage);
lazy_page!(MyObligationsRoute, compliance::MyObligationsPage);
lazy_page!(TaskBoardRoute, tasks::board::TaskBoardPage);
lazy_page!(ReportsRoute, reports::ReportsPage);
lazy_page!(AgentsRoute, tasks::agents::AgentsPage);
lazy_page!(NewTasksRoute, tasks::new::NewTasksPage);
lazy_page!(TaskRoute, tasks::detail::TaskPage);
lazy_page!(NoticesRoute, notices::NoticesPage);
lazy_page!(AdminHomeRoute, admin::AdminHome);
lazy_page!(UsersRoute, admin::users::UsersPage);
lazy_page!(CasesAdminRoute, admin::cases::CasesAdminPage);
lazy_page!(CaseAdminRoute, admin::case::CaseAdminPage);
lazy_page!(AuditRoute, admin::audit::AuditPage);

/// Everything inside the router.
#[component]
fn Layout() -> impl IntoView {
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <Header/>
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases") view={Lazy::<CasesRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id") view={Lazy::<CaseRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence") view={Lazy::<EvidenceRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence/new") view={Lazy::<NewEvidenceRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence/:item") view={Lazy::<EvidenceItemRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/docket") view={Lazy::<DocketRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/orders") view={Lazy::<OrdersRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/orders/:order") view={Lazy::<OrderRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/directives/:directive") view={Lazy::<DirectiveRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/responses/new") view={Lazy::<NewResponseRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/responses/:response") view={Lazy::<ResponseRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/clarifications/:clarification") view={Lazy::<ClarificationRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/compliance") view={Lazy::<MatrixRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/obligations") view={Lazy::<MyObligationsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks") view={Lazy::<TaskBoardRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/reports") view={Lazy::<ReportsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/agents") view={Lazy::<AgentsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks/new") view={Lazy::<NewTasksRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks/:task") view={Lazy::<TaskRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/notices") view={Lazy::<NoticesRoute>::new()} ssr=SsrMode::Async/>
                <ParentRoute path=path!("/admin") view=admin::AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<AdminHomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("cases") view={Lazy::<CasesAdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("cases/:id") view={Lazy::<CaseAdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </main>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The page's own code may still be on its way (a lazy route): hydration waits for it.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body();
        let Some(body) = body else { return };
        let owner = leptos::mount::hydrate_from_async(body.clone(), App).await;
        owner.forget();
        // Lets browser tests (and the curious) tell a hydrated page from server-rendered HTML.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
