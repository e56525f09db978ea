//! Every refusal reaches the audit log from here: whatever inside refused
//! the request (the cross-site refusal, the page guard, the server-function
//! gate, a server function's own check, a plain route's `Caller`), its
//! answer is a 401 or a 403, and the error it carries (`AppError` as a
//! response extension, put there by the error funnel) says why.
//! `audit::denials` decides what of a flood is written.

use crate::{
    audit::denials::{record_denial, Denial},
    auth::throttle::client_key,
    context::{AppState, Authenticated, ClientInfo},
    error::AppError,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::StatusCode;

/// Records a 401 or 403 answer as an `access_denied` audit entry. Runs
/// inside the session middleware (it needs the client and the user) and
/// around everything that can refuse.
pub async fn audit_denials(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let asked = format!("{} {}", request.method(), request.uri().path());
    let client = request
        .extensions()
        .get::<ClientInfo>()
        .cloned()
        .unwrap_or_else(ClientInfo::unknown);
    let user_id = request
        .extensions()
        .get::<Authenticated>()
        .map(|a| a.user.user_id);
    let response = next.run(request).await;
    let refusal = match response.status() {
        StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        _ => return response,
    };
    // The error that refused, when the answer carries it; a 403 from
    // elsewhere (a page drawing "not allowed") is a plain refusal.
    let reason = response
        .extensions()
        .get::<AppError>()
        .unwrap_or(&refusal)
        .to_string();
    let denial = Denial {
        asked: &asked,
        reason: &reason,
        client_ip: &client.ip,
        client_key: &client_key(&client.ip),
        user_id,
    };
    if let Err(error) = record_denial(&state.pool, &denial).await {
        // The refusal stands either way; only its trace is lost.
        tracing::error!(%error, %asked, "could not audit a refusal");
    }
    response
}
