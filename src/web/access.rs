//! The page guard and the server-function gate: the HTTP side of the
//! access rules in `crate::access`.

use crate::{
    access::{self, check, PageDecision},
    context::Authenticated,
    error::AppError,
};
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{Method, StatusCode};
use std::{collections::HashSet, sync::OnceLock};

pub const API_PREFIX: &str = "/api/";

/// Server functions anyone may call without a session, from their declarations.
pub fn public_server_fns() -> Vec<&'static str> {
    let mut paths: Vec<_> = access::declarations()
        .filter(|d| d.access == access::Access::Public)
        .map(|d| d.path)
        .collect();
    paths.sort_unstable();
    paths
}

fn is_registered_server_fn(path: &str) -> bool {
    static REGISTERED: OnceLock<HashSet<&'static str>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            leptos::server_fn::axum::server_fn_paths()
                .map(|(path, _)| path)
                .collect()
        })
        .contains(path)
}

fn login_redirect(next: &str) -> Response {
    let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("/login?{query}")).into_response()
}

/// Redirects anonymous visits to protected pages to `/login?next=…`, and
/// answers 403 to a user opening a page their role does not allow.
pub async fn guard_pages(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with(API_PREFIX)
        || !matches!(*request.method(), Method::GET | Method::HEAD)
    {
        return next.run(request).await;
    }
    let user = request
        .extensions()
        .get::<Authenticated>()
        .map(|a| a.user.clone());
    let path = request.uri().path();
    if path == "/" || (path == "/login" && user.is_some()) {
        let target = user.map_or("/login", |u| u.role.home_path());
        return Redirect::to(target).into_response();
    }
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_owned(), |pq| pq.as_str().to_owned());
    match access::decide_page(&path_and_query, user.as_ref()) {
        PageDecision::Render => next.run(request).await,
        PageDecision::LogIn { next } => login_redirect(&next),
        PageDecision::GoTo(target) => Redirect::to(target).into_response(),
        PageDecision::Forbidden => {
            let mut response = next.run(request).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            response.extensions_mut().insert(AppError::Forbidden);
            response
        }
    }
}

/// Checks every server-function call against its declaration before its
/// arguments are even read (a function without one is refused: fail
/// closed), and gives every server-function error its HTTP status — the one
/// place an [`AppError`] becomes a status code.
pub async fn gate_server_fns(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with(API_PREFIX) {
        return next.run(request).await;
    }
    let Some(declared) = access::declared_access(&path) else {
        if is_registered_server_fn(&path) {
            tracing::error!(%path, "server function without an access declaration refused");
            return AppError::Forbidden.into_response();
        }
        // Not a server function at all: the router answers 404.
        return next.run(request).await;
    };
    let user = request.extensions().get::<Authenticated>().map(|a| &a.user);
    if let Err(refusal) = check(declared, user) {
        // A browser posting a plain form (no WASM yet, session expired) is
        // better served by the login page than by a JSON error.
        let (parts, _) = request.into_parts();
        let plain_form = parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        return if refusal == AppError::Unauthenticated && plain_form {
            Redirect::to("/login").into_response()
        } else {
            refusal.into_response()
        };
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        parts.extensions.insert(error);
    }
    Response::from_parts(parts, Body::from(bytes))
}
