//! One start-up path, shared by `main` and the integration tests: settings
//! in, a listening server out.

use crate::{
    app::App,
    config::Settings,
    db,
    mail::{self, transport::Outbound},
    web,
};
use axum::{extract::FromRef, middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;
use tower_http::{catch_panic::CatchPanicLayer, limit::RequestBodyLimitLayer};

/// Largest request body accepted: forms and server-function arguments only.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler and server function can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: db::Pool,
    pub settings: Arc<Settings>,
    pub leptos: LeptosOptions,
    pub outbound: Arc<Outbound>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] db::StoreError),
    #[error("{0}")]
    Mail(#[from] mail::transport::MailerError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Connects and migrates the database, builds the router and binds the
    /// address of `leptos.site_addr` (port 0 picks a free one).
    pub async fn build(settings: Settings, leptos: LeptosOptions) -> Result<Self, StartupError> {
        let outbound = Arc::new(Outbound::from_settings(&settings)?);
        let pool = db::connect(&settings.database_url).await?;
        let addr = leptos.site_addr;
        let state = AppState {
            pool,
            settings: Arc::new(settings),
            leptos,
            outbound,
        };
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Listen { addr, source })?;
        tokio::task::spawn_blocking(crate::auth::password::warm_up);
        Ok(Self {
            listener,
            router: router(state.clone()),
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| self.state.leptos.site_addr)
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests under way, with the
    /// mail worker draining the outbox alongside.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mail_worker = mail::worker::spawn(self.state.pool.clone(), self.state.outbound.clone());
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await;
        mail_worker.abort();
        served
    }
}

/// The whole HTTP surface: pages, server functions, static files, and the
/// middleware every request goes through.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            leptos::nonce::provide_nonce();
        }
    };
    Router::new()
        .route("/healthz", axum::routing::get(web::health::health))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos.clone();
            move || crate::app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, crate::app::shell))
        .layer(middleware::from_fn(web::access::gate_server_fns))
        .layer(middleware::from_fn(web::access::guard_pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::request::resolve_client_and_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::security::refuse_cross_site,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(web::security::add_security_headers))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response((
                http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            ))
        }))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
