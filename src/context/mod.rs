//! What every feature reaches on the server: the application's shared
//! state, and the request being served (who is asking, from where, and the
//! cookies to set). Server-only; a leaf below the features: it imports only
//! the plain layers (domain, access, error, config, db, mail transport).
//!
//! Server functions get these through Leptos's context, which the router
//! provides per request; plain axum routes get them through extractors
//! ([`extract`]).

pub mod cookies;
pub mod extract;

use crate::{
    access::{level, CurrentUser, CustomerScope, Declared, Level},
    config::Settings,
    db,
    error::AppError,
    mail::transport::Outbound,
};
use axum::extract::FromRef;
use http::{header, request::Parts, HeaderValue};
use leptos::{config::LeptosOptions, prelude::use_context};
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// What every handler and server function can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: db::Pool,
    pub settings: Arc<Settings>,
    pub leptos: LeptosOptions,
    pub outbound: Arc<Outbound>,
    /// Who moves the money (`config::ProviderChoice`); none when no
    /// provider is configured. Reached through [`AppState::provider`].
    pub payments: Option<Arc<dyn crate::payment_provider::PaymentProvider>>,
}

impl AppState {
    /// The payment provider, or the 503 every way to pay answers when
    /// none is configured: the one place that rule lives.
    pub fn provider(&self) -> Result<&dyn crate::payment_provider::PaymentProvider, AppError> {
        self.payments.as_deref().ok_or(AppError::PaymentsNotSetUp)
    }

    /// Whether the pay forms take payments, and whether it is for show.
    pub fn payments_mode(&self) -> crate::domain::PaymentsMode {
        use crate::domain::PaymentsMode;
        match self.payments.as_deref() {
            None => PaymentsMode::NotSetUp,
            Some(provider) => match provider.browser() {
                Some(script) => PaymentsMode::Live(script),
                None => PaymentsMode::Demo,
            },
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// The session a request was made in; put in the request's extensions by
/// the session middleware.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub session_id: i64,
    pub user: CurrentUser,
    /// For customers: the commercial entity they act for.
    pub scope: Option<CustomerScope>,
}

/// Where a request comes from, for throttling and the audit log.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    pub fn unknown() -> Self {
        Self {
            ip: "unknown".into(),
            user_agent: None,
        }
    }
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::ServerError
    })
}

pub fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from context");
        AppError::ServerError
    })
}

pub fn client_info() -> ClientInfo {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<ClientInfo>().cloned())
        .unwrap_or_else(ClientInfo::unknown)
}

/// The session of the current request, if logged in.
pub fn authenticated() -> Option<Authenticated> {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<Authenticated>().cloned())
}

pub fn current_user() -> Option<CurrentUser> {
    authenticated().map(|a| a.user)
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn append_set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// A customer and the reach of its requests.
#[derive(Debug, Clone)]
pub struct Customer {
    pub user: CurrentUser,
    pub scope: CustomerScope,
}

/// What a body receives for each access level: nothing certain for public
/// functions, a user for the others, and the scope for customers.
pub trait Admit: Level {
    type Caller;
    fn admit(found: Option<&Authenticated>) -> Result<Self::Caller, AppError>;
}

fn admitted(
    access: crate::access::Access,
    found: Option<&Authenticated>,
) -> Result<CurrentUser, AppError> {
    crate::access::check(access, found.map(|a| &a.user))?;
    found
        .map(|a| a.user.clone())
        .ok_or(AppError::Unauthenticated)
}

impl Admit for level::Public {
    type Caller = Option<CurrentUser>;
    fn admit(found: Option<&Authenticated>) -> Result<Self::Caller, AppError> {
        Ok(found.map(|a| a.user.clone()))
    }
}

macro_rules! admit_user {
    ($($level:ident),*) => {$(
        impl Admit for level::$level {
            type Caller = CurrentUser;
            fn admit(found: Option<&Authenticated>) -> Result<Self::Caller, AppError> {
                admitted(Self::ACCESS, found)
            }
        }
    )*};
}
admit_user!(SignedIn, Staff, Administrator);

impl Admit for level::Customer {
    type Caller = Customer;
    fn admit(found: Option<&Authenticated>) -> Result<Self::Caller, AppError> {
        let user = admitted(Self::ACCESS, found)?;
        let scope = found.and_then(|a| a.scope).ok_or_else(|| {
            tracing::error!(user_id = user.user_id, "customer session without a scope");
            AppError::ServerError
        })?;
        Ok(Customer { user, scope })
    }
}

/// The caller of server function `F`, admitted at the level `F` declared
/// (`declare_access!`); 401 or 403 otherwise. The first line of every
/// server function's body: the gate in front of `/api/` checks the same
/// declaration, and this covers calls made while rendering a page.
pub fn authorize<F>() -> Result<<F::Level as Admit>::Caller, AppError>
where
    F: Declared,
    F::Level: Admit,
{
    <F::Level as Admit>::admit(authenticated().as_ref())
}
