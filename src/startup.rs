//! One start-up path, shared by `main` and the integration tests: settings
//! in, a listening server out. It only assembles: the state, the router
//! (`web`), the mail worker and the purge, and the shutdown.

use crate::{
    config::{ProviderChoice, Settings, StripeSettings},
    context::AppState,
    db,
    mail::{self, transport::Outbound},
    payment_provider::stripe::{StripeClient, StripeError},
    web,
};
use axum::{serve::ListenerExt, Router};
use leptos::config::LeptosOptions;
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] db::StoreError),
    #[error("{0}")]
    Mail(#[from] mail::transport::MailerError),
    #[error("finishing interrupted payments: {0:?}")]
    Payments(crate::error::AppError),
    /// The key is wrong or revoked: named as a configuration error is.
    #[error("configuration error: PORTICO_STRIPE_SECRET_KEY: Stripe refused the key")]
    StripeKeyRefused,
    #[error("Stripe cannot be reached at {api_base}: {cause}")]
    StripeUnreachable { api_base: String, cause: String },
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
        Self::build_with_routes(settings, leptos, Router::new()).await
    }

    /// [`build`](Self::build), with `extra` routes behind the same middleware
    /// (for tests of the route guard).
    pub async fn build_with_routes(
        settings: Settings,
        leptos: LeptosOptions,
        extra: Router<AppState>,
    ) -> Result<Self, StartupError> {
        let outbound = Arc::new(Outbound::from_settings(&settings)?);
        let pool = db::connect(&settings.database_url).await?;
        let indexed = crate::contacts::store::index_missing_words(&pool).await?;
        if indexed > 0 {
            tracing::info!(
                indexed,
                "indexed the words of contacts from before the word index"
            );
        }
        let addr = leptos.site_addr;
        let payments: Option<Arc<dyn crate::payment_provider::PaymentProvider>> =
            match &settings.payment_provider {
                Some(ProviderChoice::Stripe(stripe)) => {
                    check_stripe_key(stripe).await?;
                    let provider = crate::payment_provider::stripe::StripeProvider::new(stripe)
                        .map_err(|error| StartupError::StripeUnreachable {
                            api_base: stripe.api_base.clone(),
                            cause: error.to_string(),
                        })?;
                    tracing::info!(api_base = %stripe.api_base, "payments go through Stripe");
                    Some(Arc::new(provider))
                }
                Some(ProviderChoice::Demo) => {
                    tracing::warn!(
                    "payments go through the demo provider: test card numbers only, no money moves"
                );
                    Some(Arc::new(crate::payment_provider::demo::DemoProvider {
                        delay: settings.demo_provider_delay,
                    }))
                }
                None => {
                    tracing::info!("no payment provider configured: payments are not set up");
                    None
                }
            };
        let state = AppState {
            pool,
            settings: Arc::new(settings),
            leptos,
            outbound,
            payments,
        };
        // Payments and refunds a stop left half-way are finished before
        // anyone can pay again.
        let finished = crate::payments::recovery::finish_interrupted(&state)
            .await
            .map_err(StartupError::Payments)?;
        if finished > 0 {
            tracing::info!(
                finished,
                "finished payments and refunds a stop had interrupted"
            );
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Listen { addr, source })?;
        tokio::task::spawn_blocking(crate::auth::password_hash::warm_up);
        Ok(Self {
            listener,
            router: web::router(state.clone(), extra),
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.state.leptos.site_addr)
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests under way, with the
    /// mail worker draining the outbox and the purge alongside.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mail_worker = mail::worker::spawn(self.state.pool.clone(), self.state.outbound.clone());
        let purge = crate::auth::purge::spawn(self.state.pool.clone(), self.state.settings.clone());
        let sweep = crate::payments::recovery::spawn_sweep(self.state.clone());
        // Without TCP_NODELAY, Nagle's algorithm holds back the second write
        // of a response until the browser's delayed ACK: about 40 ms on
        // every request after the first on a kept-alive connection.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "cannot set TCP_NODELAY");
            }
        });
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await;
        mail_worker.abort();
        purge.abort();
        sweep.abort();
        served
    }
}

/// Stripe on with a wrong key would refuse every payment: the start stops
/// instead, with one line saying which of the two is wrong.
async fn check_stripe_key(stripe: &StripeSettings) -> Result<(), StartupError> {
    let unreachable = |cause: String| StartupError::StripeUnreachable {
        api_base: stripe.api_base.clone(),
        cause,
    };
    let checked = match StripeClient::new(&stripe.api_base, stripe.secret_key()) {
        Ok(client) => client.check_key().await,
        Err(error) => Err(error),
    };
    match checked {
        Ok(()) => {
            tracing::info!(api_base = %stripe.api_base, "Stripe accepted the secret key");
            Ok(())
        }
        Err(StripeError::Unauthorized) => Err(StartupError::StripeKeyRefused),
        Err(StripeError::Unavailable(cause)) => Err(unreachable(cause)),
        Err(other) => Err(unreachable(other.to_string())),
    }
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
