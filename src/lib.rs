//! Portico: a self-hosted customer portal.
//!
//! Each feature folder keeps its shared types and `#[server]` functions in
//! files that compile for both the server and the browser, and its
//! server-only code (storage, hashing, mail) behind the `ssr` feature, so a
//! glance at a folder shows what ships to the browser.

pub mod app;
pub mod auth;
pub mod backoffice;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod portal;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod contacts;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod users;
#[cfg(feature = "ssr")]
pub mod web;

/// Entry point of the WASM bundle: attaches the client to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets end-to-end tests (and curious humans) see that the client is live.
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
}
