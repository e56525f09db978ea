//! The whole HTTP surface: pages, server functions, plain routes, static
//! files, and the middleware every request goes through.

use super::{access, denials, generated, hardening, health, request, shell::shell};
use crate::{app::App, context::AppState};
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{catch_panic::CatchPanicLayer, limit::RequestBodyLimitLayer, services::ServeDir};

/// Largest request body accepted: forms and server-function arguments only.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The features' plain routes (downloads), each behind
/// `context::extract::Caller`. `extra` adds routes to the same stack; the
/// application passes none.
pub fn router(state: AppState, extra: Router<AppState>) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            leptos::nonce::provide_nonce();
        }
    };
    // The bundle: hashed names, precompressed copies chosen by Accept-Encoding.
    let pkg_dir = std::path::Path::new(state.leptos.site_root.as_ref())
        .join(state.leptos.site_pkg_dir.as_ref());
    let pkg_route = format!("/{}", state.leptos.site_pkg_dir);
    Router::new()
        .route("/healthz", axum::routing::get(health::health))
        .route("/i18n/{file}", axum::routing::get(generated::catalogue))
        .route(
            "/chunks/{manifest}/{groups}",
            axum::routing::get(generated::page_chunks),
        )
        .nest_service(
            &pkg_route,
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .merge(crate::documents::routes::routes())
        .merge(extra)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(access::gate_server_fns))
        .layer(middleware::from_fn(access::guard_pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::refuse_cross_site,
        ))
        // Around everything that refuses, inside what tells who is asking.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            denials::audit_denials,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request::resolve_client_and_session,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Stripe's webhooks carry no session and no `Origin`: outside the
        // middleware above, with their own body limit, inside the catcher.
        .merge(crate::payments::webhooks::routes())
        .layer(CatchPanicLayer::custom(
            |panic: Box<dyn std::any::Any + Send>| {
                // The panic hook printed it to standard error; the log gets it too,
                // as every 500 that hides its cause does.
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic without a message");
                tracing::error!(panic = message, "request handler panicked");
                axum::response::IntoResponse::into_response((
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error",
                ))
            },
        ))
        // Outside the panic catcher, so that its 500 carries the headers too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::add_security_headers,
        ))
        .with_state(state)
}
