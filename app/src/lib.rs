//! The portal's user interface. Pages render on the server (so they work before, or
//! without, the wasm) and hydrate in the browser; forms are plain posts to server functions
//! that the hydrated page intercepts.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;

use components::header::Header;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};
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

/// Everything inside the router.
#[component]
fn Layout() -> impl IntoView {
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <Header/>
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=cases::Home ssr=SsrMode::Async/>
                <Route path=path!("/login") view=login::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/cases") view=cases::CasesPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id") view=case::CasePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence") view=evidence::list::EvidencePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence/new") view=evidence::new::NewEvidencePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/evidence/:item") view=evidence::item::EvidenceItemPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/docket") view=docket::DocketPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/orders") view=orders::list::OrdersPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/orders/:order") view=orders::detail::OrderPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/directives/:directive") view=orders::directive::DirectivePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/responses/new") view=responses::new::NewResponsePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/responses/:response") view=responses::detail::ResponsePage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/clarifications/:clarification") view=clarification::ClarificationPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/compliance") view=compliance::MatrixPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/obligations") view=compliance::MyObligationsPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks") view=tasks::board::TaskBoardPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/reports") view=reports::ReportsPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/agents") view=tasks::agents::AgentsPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks/new") view=tasks::new::NewTasksPage ssr=SsrMode::Async/>
                <Route path=path!("/cases/:id/tasks/:task") view=tasks::detail::TaskPage ssr=SsrMode::Async/>
                <Route path=path!("/notices") view=notices::NoticesPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("/admin") view=admin::AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=admin::AdminHome ssr=SsrMode::Async/>
                    <Route path=path!("users") view=admin::users::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("cases") view=admin::cases::CasesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("cases/:id") view=admin::case::CaseAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("audit") view=admin::audit::AuditPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </main>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets browser tests (and the curious) tell a hydrated page from server-rendered HTML.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
