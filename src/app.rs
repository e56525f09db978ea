//! The root component, the routes (the SPEC's page addresses) and the HTML shell.

use crate::{
    auth::pages::{LoginPage, LogoutPage},
    backoffice::{BackOfficeHome, BackOfficeLayout},
    i18n::provide_i18n,
    portal::{PortalHome, PortalLayout},
    t,
    ui::NotFound,
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = crate::web::request_locale();
    if let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) {
        if let Ok(policy) = http::HeaderValue::from_str(&crate::web::security::page_policy(&nonce))
        {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5f7a"/>
                <meta name="color-scheme" content="light"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.png" type="image/png"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <link rel="stylesheet" href="/pkg/portico.css"/>
                <script src="/register-sw.js" defer></script>
                <HydrationScripts options/>
                <leptos_meta::MetaTags/>
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
    let i18n = provide_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, "skip-to-content")}</a>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/login"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                // Pages that load data stream in order, so that their content
                // is in the HTML itself and shows without JavaScript too.
                <Route path=path!("/logout") view=LogoutPage ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("/my") view=PortalLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=PortalHome ssr=SsrMode::InOrder/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=BackOfficeLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=BackOfficeHome ssr=SsrMode::InOrder/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
