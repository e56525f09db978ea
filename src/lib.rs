//! Portico: a self-hosted customer portal.
//!
//! The modules form layers, and imports only point down (see
//! `docs/ARCHITECTURE.md`; `modgraph.py` checks there is no circle):
//!
//! 1. plain types and rules — `domain`, `error`, `access`, `i18n`, `ui`
//! 2. storage and outside services (server) — `config`, `db`, `audit`,
//!    `mail`, `links`, `payment_provider`, `hash_slots` (the threads
//!    password hashes run on, as many as `config` allows)
//! 3. application state and the request (server) — `context`
//! 4. features — `contacts`, `users`, `preferences`, `auth`,
//!    `portal_access`, `security`, `settings`, `outgoing_mail`,
//!    `audit_log`, `documents`, `payments`, and the two areas that
//!    assemble them, `portal` and `backoffice`. A feature imports only features below it:
//!    `portal_access` → `auth` → `preferences` → `users` → `contacts`; what
//!    two of them need lies below both (a user's sessions end through
//!    `users::store`), and a page that shows another feature's component
//!    gets it from the layer above (the contact pages take the access
//!    dialog as a prop). Each feature keeps shared types and `#[server]`
//!    functions in `api.rs`, components in `pages.rs`, SQL in a
//!    server-only `store.rs`
//! 5. the app's routes — `app`; the HTTP layer (server) — `web`
//! 6. start-up (server) — `startup`, used by `main` and the tests
//! 7. tooling beside the server (server) — `demo` (demo data, bulk
//!    generator), `bench`, and `cli`, the commands `main` dispatches to

pub mod access;
pub mod app;
pub mod audit_log;
pub mod auth;
pub mod backoffice;
pub mod contacts;
pub mod documents;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod outgoing_mail;
pub mod payments;
pub mod portal;
pub mod portal_access;
pub mod preferences;
pub mod security;
pub mod settings;
pub mod ui;
pub mod users;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod bench;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod hash_slots;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod payment_provider;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod web;

/// Entry point of the WASM bundle: attaches the client to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(messages: String) {
    console_error_panic_hook::set_once();
    // The page's language, fetched by the loading script (ui/hydration.js)
    // while the WASM downloaded.
    let locale = i18n::page_locale();
    if !i18n::install_catalogue(locale, messages) {
        // A page of another release: its HTML still works without the client.
        leptos::logging::error!(
            "Portico: the translations do not match this version; reload the page"
        );
        return;
    }
    // Lazy routes: the page's chunk is fetched (the HTML preloads it) before
    // the page hydrates, so hydration is asynchronous.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Lets end-to-end tests (and curious humans) see that the client is live.
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
}
