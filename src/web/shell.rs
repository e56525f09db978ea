//! The HTML document around the app, rendered on the server only.

use crate::{
    app::App,
    i18n::{request_locale, request_time_zone},
};
use leptos::prelude::*;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    let time_zone = request_time_zone().unwrap_or_default();
    if let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) {
        let origins = use_context::<crate::context::AppState>()
            .map(|state| super::hardening::PageOrigins::of(&state.settings))
            .unwrap_or_default();
        if let Ok(policy) =
            http::HeaderValue::from_str(&super::hardening::page_policy(&nonce, &origins))
        {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() data-time-zone=time_zone>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5f7a"/>
                <meta name="color-scheme" content="light"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.png" type="image/png"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <leptos_meta::HashedStylesheet options=options.clone() id="portico-css"/>
                <script src="/register-sw.js" defer></script>
                <script src="/password-strength.js" defer></script>
                <crate::ui::hydration::HydrationScripts options/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
