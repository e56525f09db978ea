//! The one error type users see, and the one place it becomes an HTTP status.
//!
//! Server functions return `Result<T, AppError>`. Storage, hashing and other
//! server-side failures are converted here: the cause is logged, the browser
//! only ever receives a variant without internal text.

use crate::domain::FieldProblem;
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
    ServerFnError,
};

/// A rejected form field: which input, and the translation id of the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: log in first.
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Two-factor is required of this user and not set up yet: only their
    /// security page works until it is.
    #[error("two-factor authentication must be set up first")]
    TwoFactorFirst,
    /// Missing, or belonging to somebody else: both answer alike.
    #[error("not found")]
    NotFound,
    /// Wrong password, unknown email and revoked account answer alike.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("too many attempts")]
    TooManyAttempts,
    /// Input that fails a rule, field by field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A request the server could not read (missing or malformed arguments).
    #[error("bad request")]
    BadRequest,
    #[error("cross-site request refused")]
    CrossSite,
    /// Anything unexpected on the server; the cause stays in the server log.
    #[error("server error")]
    ServerError,
    /// The browser could not reach the server.
    #[error("network error")]
    Network,
}

impl AppError {
    pub fn invalid(field: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::TwoFactorFirst | Self::CrossSite => 403,
            Self::NotFound => 404,
            Self::InvalidCredentials | Self::Invalid(_) => 422,
            Self::BadRequest => 400,
            Self::TooManyAttempts => 429,
            Self::ServerError => 500,
            Self::Network => 503,
        }
    }

    /// The translation id of the message shown for this error.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "error-unauthenticated",
            Self::Forbidden => "error-forbidden",
            Self::TwoFactorFirst => "error-two-factor-first",
            Self::NotFound => "error-not-found",
            Self::InvalidCredentials => "error-invalid-credentials",
            Self::TooManyAttempts => "error-too-many-attempts",
            Self::Invalid(_) => "error-invalid",
            Self::BadRequest => "error-bad-request",
            Self::CrossSite => "error-cross-site",
            Self::ServerError => "error-server",
            Self::Network => "error-network",
        }
    }

    /// The reason given for one field, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            Self::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.as_str()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => Self::BadRequest,
            ServerFnErrorErr::Request(_) => Self::Network,
            _ => Self::ServerError,
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(_: ServerFnError) -> Self {
        Self::ServerError
    }
}

/// Collects the refusals of a form's fields, so that every invalid field
/// gets its message at once: the one place a [`FieldProblem`] becomes a
/// [`FieldError`].
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// The parsed value, or `None` with the field's refusal recorded.
    pub fn check<T, P: FieldProblem>(&mut self, field: &str, parsed: Result<T, P>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(problem) => {
                self.add(field, &problem);
                None
            }
        }
    }

    /// Like [`check`](Self::check) for a field that may be left empty:
    /// `Some(None)` when it was.
    pub fn optional<T, P: FieldProblem>(
        &mut self,
        field: &str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, P>,
    ) -> Option<Option<T>> {
        if raw.trim().is_empty() {
            return Some(None);
        }
        self.check(field, parse(raw)).map(Some)
    }

    pub fn add(&mut self, field: &str, problem: &dyn FieldProblem) {
        self.0.push(FieldError::new(field, problem.message_id()));
    }

    /// `Ok` when every field passed, else the whole list as one error.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        tracing::error!(%error, "blocking task failed");
        AppError::ServerError
    }
}

/// Plain HTTP routes (downloads) answer with the same status and body as
/// server functions do.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_else(|_| "\"ServerError\"".into());
        (
            status,
            [
                (http::header::CONTENT_TYPE, "application/json"),
                (
                    http::header::HeaderName::from_static(server_fn::error::SERVER_FN_ERROR_HEADER),
                    "portico",
                ),
            ],
            body,
        )
            .into_response()
    }
}
