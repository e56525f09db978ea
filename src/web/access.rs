//! The page guard and the server-function gate: the HTTP side of the one
//! guard in `auth::guard`.

use crate::{
    auth::{
        api::Login,
        guard::{self, PageDecision},
        session::Authenticated,
    },
    error::AppError,
    i18n::api::SetLanguage,
};
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{header, Method, StatusCode};
use server_fn::ServerFn;

/// Server functions anyone may call without a session.
pub fn public_server_fns() -> [&'static str; 2] {
    [<Login as ServerFn>::PATH, <SetLanguage as ServerFn>::PATH]
}

pub const API_PREFIX: &str = "/api/";

/// Redirects anonymous visits to protected pages to `/login?next=…`, and
/// answers 403 to a customer opening the back office.
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
    match guard::decide_page(&path_and_query, user.as_ref()) {
        PageDecision::Render => next.run(request).await,
        PageDecision::LogIn { next } => {
            let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            Redirect::to(&format!("/login?{query}")).into_response()
        }
        PageDecision::GoTo(target) => Redirect::to(target).into_response(),
        PageDecision::Forbidden => {
            let mut response = next.run(request).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
    }
}

/// Refuses non-public server functions without a session (before their
/// arguments are even read), and gives every server-function error its
/// HTTP status — the one place an [`AppError`] becomes a status code.
pub async fn gate_server_fns(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with(API_PREFIX) {
        return next.run(request).await;
    }
    let anonymous = request.extensions().get::<Authenticated>().is_none();
    if anonymous && !public_server_fns().contains(&path.as_str()) {
        // A browser posting a plain form (no WASM yet, session expired) is
        // better served by the login page than by a JSON error.
        let plain_form = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        return if plain_form {
            Redirect::to("/login").into_response()
        } else {
            error_response(&AppError::Unauthenticated)
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
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// An error answered before any server function ran, encoded as they encode theirs.
pub fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(error).unwrap_or_else(|_| "\"Internal\"".into());
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::HeaderName::from_static(server_fn::error::SERVER_FN_ERROR_HEADER),
                "gate",
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_login_and_language_are_public() {
        assert_eq!(
            public_server_fns(),
            ["/api/auth/login", "/api/i18n/language"]
        );
    }
}
