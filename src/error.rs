//! The one error type users see, and the one place it becomes an HTTP status.
//!
//! Server functions return `Result<T, AppError>`. Storage, hashing and other
//! server-side failures are converted into it by `From` (here, and
//! `From<StoreError>` in `db`): each conversion that answers
//! [`AppError::ServerError`] logs its cause first, and the browser only ever
//! receives a variant without internal text.

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
    /// The server is at its limit of work of this kind (password hashing):
    /// try again in a moment.
    #[error("busy")]
    Busy,
    /// No payment provider is configured: paying, adding funds or a method
    /// can't be done on this deployment.
    #[error("payments not set up")]
    PaymentsNotSetUp,
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
            Self::Network | Self::Busy | Self::PaymentsNotSetUp => 503,
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
            Self::Busy => "error-busy",
            Self::PaymentsNotSetUp => "payments-not-set-up",
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
            other => {
                log_hidden_cause(&other);
                Self::ServerError
            }
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(error: ServerFnError) -> Self {
        log_hidden_cause(&error);
        Self::ServerError
    }
}

/// Logs what a [`AppError::ServerError`] is about to hide: in the server's
/// log, or in the browser's console when the client made the error.
fn log_hidden_cause(cause: &dyn std::fmt::Display) {
    #[cfg(feature = "ssr")]
    tracing::error!(error = %cause, "server function failure");
    #[cfg(not(feature = "ssr"))]
    leptos::logging::error!("server function failure: {cause}");
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
/// server functions do. The answer carries the error itself as an
/// extension, so that the audit of refusals (`web::denials`) can say why.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_else(|_| "\"ServerError\"".into());
        let extension = axum::Extension(self);
        (
            status,
            [
                (http::header::CONTENT_TYPE, "application/json"),
                (
                    http::header::HeaderName::from_static(server_fn::error::SERVER_FN_ERROR_HEADER),
                    "portico",
                ),
            ],
            extension,
            body,
        )
            .into_response()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What `during` logged, at any level.
    fn logged(during: impl FnOnce()) -> String {
        let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, during);
        let text = String::from_utf8_lossy(&buffer.lock().expect("not poisoned")).into_owned();
        text
    }

    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("not poisoned")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_server_fn_error_is_logged_before_it_becomes_the_generic_error() {
        let mut answered = None;
        let log = logged(|| answered = Some(AppError::from(ServerFnError::new("pool closed"))));
        assert_eq!(answered, Some(AppError::ServerError));
        assert!(
            log.contains("ERROR") && log.contains("pool closed"),
            "{log}"
        );
    }

    #[test]
    fn a_server_fn_failure_is_logged_and_bad_arguments_are_not_hidden() {
        let mut answered = None;
        let log = logged(|| {
            answered = Some(AppError::from_server_fn_error(
                ServerFnErrorErr::Serialization("cannot encode the answer".into()),
            ))
        });
        assert_eq!(answered, Some(AppError::ServerError));
        assert!(log.contains("cannot encode the answer"), "{log}");
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("id".into())),
            AppError::BadRequest
        );
    }
}
