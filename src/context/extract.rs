//! The guard of plain axum routes (downloads such as an invoice's PDF):
//! the same access levels and the same customer scope as server functions.
//!
//! ```text
//! async fn invoice_pdf(
//!     Caller(customer): Caller<level::Customer>,
//!     State(state): State<AppState>,
//!     Path(id): Path<i64>,
//! ) -> Result<Response, AppError> {
//!     let invoice = store::invoice_in_scope(&state.pool, customer.scope, id).await?; // 404 if not theirs
//!     …
//! }
//! ```

use super::{Admit, Authenticated};
use crate::error::AppError;
use axum::{
    extract::FromRequestParts,
    response::{IntoResponse, Redirect, Response},
};
use http::{header, request::Parts, Method};

/// The caller of a plain route, admitted at level `L`. Refused: an
/// anonymous browser opening a page is sent to log in and back; any other
/// refusal answers 401 or 403 like a server function.
pub struct Caller<L: Admit>(pub L::Caller);

impl<L, S> FromRequestParts<S> for Caller<L>
where
    L: Admit,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match L::admit(parts.extensions.get::<Authenticated>()) {
            Ok(caller) => Ok(Self(caller)),
            Err(AppError::Unauthenticated) if wants_a_page(parts) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
                let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
                Err(Redirect::to(&format!("/login?{query}")).into_response())
            }
            Err(error) => Err(error.into_response()),
        }
    }
}

/// A browser following a link (not a script fetching data).
pub fn wants_a_page(parts: &Parts) -> bool {
    matches!(parts.method, Method::GET | Method::HEAD)
        && parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}
