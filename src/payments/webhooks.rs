//! Stripe's webhooks (`POST /api/stripe/webhook`): what Stripe says
//! happened to a charge, heard even when the customer's browser never
//! comes back. The signature is checked before anything is read; each
//! event is handled once, however often and by however many instances it
//! is received; a charge is settled from the PaymentIntent as Stripe keeps
//! it now (the event may be older), through the same functions as the pay
//! forms; refunds made in Stripe's dashboard and disputes flag the payment.
//!
//! Stripe sends no cookie and no `Origin`: the route sits outside the
//! session and cross-site middleware (`web::router`), with its own body
//! limit.

use super::{
    backoffice_api::ProviderFlag,
    recovery,
    store::{self, provider_events},
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    config::ProviderChoice,
    context::AppState,
    db::now,
    error::AppError,
    payment_provider::{
        stripe::webhook::{self, Event, EventKind},
        Refusal,
    },
};
use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use http::{HeaderMap, StatusCode};
use tower_http::limit::RequestBodyLimitLayer;

/// Where Stripe is told to send its events.
pub const WEBHOOK_PATH: &str = "/api/stripe/webhook";

/// Largest event accepted: Stripe's are a few KiB.
const MAX_EVENT_BYTES: usize = 64 * 1024;

/// The webhook's route, with its own body limit; `web::router` adds it
/// outside the middleware meant for browsers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .layer(RequestBodyLimitLayer::new(MAX_EVENT_BYTES))
}

/// How an event ended, as Stripe is answered (any 2xx is final for it).
#[derive(Debug, PartialEq, Eq)]
enum Handled {
    /// Settled or flagged what it names (or found it settled already).
    Acted,
    /// Names a charge Portico does not know, or is a kind Portico does not
    /// act on: acknowledged, so that Stripe stops sending it.
    Ignored,
}

async fn receive(State(state): State<AppState>, headers: HeaderMap, payload: Bytes) -> Response {
    let Some(ProviderChoice::Stripe(stripe)) = &state.settings.payment_provider else {
        return AppError::NotFound.into_response();
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if let Err(refusal) = webhook::verify(stripe.webhook_secret(), signature, &payload, now()) {
        // Without the payload: it is not Stripe's word, and may be anything.
        tracing::warn!(%refusal, "Stripe webhook refused");
        return (StatusCode::BAD_REQUEST, "signature refused").into_response();
    }
    let event = match webhook::parse(&payload) {
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(%error, "Stripe webhook signed but unreadable");
            return (StatusCode::BAD_REQUEST, "unreadable event").into_response();
        }
    };
    let kind = kind_name(&event.kind);
    if let EventKind::Other(_) = event.kind {
        // Nothing Portico acts on: nothing to remember either.
        tracing::info!(event = %event.id, kind, "Stripe event ignored");
        return (StatusCode::OK, "ignored").into_response();
    }
    match provider_events::take(&state.pool, &event.id, kind).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(event = %event.id, kind, "Stripe event already handled");
            return (StatusCode::OK, "already handled").into_response();
        }
        Err(error) => {
            tracing::error!(%error, event = %event.id, "Stripe event not recorded");
            return (StatusCode::INTERNAL_SERVER_ERROR, "try again").into_response();
        }
    }
    match handle(&state, &event).await {
        Ok(Handled::Acted) => (StatusCode::OK, "handled").into_response(),
        Ok(Handled::Ignored) => {
            // An object Portico does not know (another account's, or one
            // it never made) leaves no row behind.
            if let Err(error) = provider_events::release(&state.pool, &event.id).await {
                tracing::warn!(%error, event = %event.id, "an ignored Stripe event stays recorded");
            }
            (StatusCode::OK, "ignored").into_response()
        }
        Err(error) => {
            tracing::error!(%error, event = %event.id, kind, "Stripe event not handled");
            // Stripe delivers it again later: that delivery must find the id free.
            if let Err(error) = provider_events::release(&state.pool, &event.id).await {
                tracing::error!(%error, event = %event.id, "Stripe event left taken after failing");
            }
            (StatusCode::INTERNAL_SERVER_ERROR, "try again").into_response()
        }
    }
}

/// The event's type as Stripe names it, for `provider_events` and the log.
fn kind_name(kind: &EventKind) -> &str {
    match kind {
        EventKind::PaymentIntentSucceeded(_) => "payment_intent.succeeded",
        EventKind::PaymentIntentFailed(_) => "payment_intent.payment_failed",
        EventKind::ChargeRefunded { .. } => "charge.refunded",
        EventKind::DisputeCreated { .. } => "charge.dispute.created",
        EventKind::Other(name) => name,
    }
}

async fn handle(state: &AppState, event: &Event) -> Result<Handled, AppError> {
    let handled = match &event.kind {
        EventKind::PaymentIntentSucceeded(intent) | EventKind::PaymentIntentFailed(intent) => {
            settle_intent(state, &intent.id).await?
        }
        EventKind::ChargeRefunded {
            charge,
            payment_intent,
            amount_refunded,
        } => refunded_in_stripe(state, charge, payment_intent.as_deref(), *amount_refunded).await?,
        EventKind::DisputeCreated {
            charge,
            payment_intent,
            amount,
            reason,
        } => disputed(state, charge, payment_intent.as_deref(), *amount, reason).await?,
        EventKind::Other(_) => Handled::Ignored,
    };
    if handled == Handled::Ignored {
        tracing::info!(
            event = %event.id,
            kind = kind_name(&event.kind),
            "Stripe event acknowledged: nothing of Portico's"
        );
    }
    Ok(handled)
}

/// A PaymentIntent succeeded or failed: the payment or top-up it charged
/// is settled from the intent as Stripe has it now.
async fn settle_intent(state: &AppState, reference: &str) -> Result<Handled, AppError> {
    if store::by_reference(&state.pool, reference).await?.is_none() {
        return Ok(Handled::Ignored);
    }
    let status = state.provider()?.charge_status(reference).await;
    if let Err(Refusal::Unavailable | Refusal::TimedOut) = status {
        // Not known how it stands: settling nothing now, Stripe asks again.
        tracing::warn!(reference, "Stripe did not say how a PaymentIntent stands");
        return Err(AppError::ServerError);
    }
    recovery::settle_reference(state, reference, status).await?;
    Ok(Handled::Acted)
}

/// A charge was refunded: beyond what Portico refunded through Stripe,
/// someone refunded it in Stripe's dashboard. Each such event is audited
/// (each is another refund); the payment keeps one flag.
async fn refunded_in_stripe(
    state: &AppState,
    charge: &str,
    payment_intent: Option<&str>,
    amount_refunded: i64,
) -> Result<Handled, AppError> {
    let Some(payment) = payment_of(state, payment_intent).await? else {
        return Ok(Handled::Ignored);
    };
    if amount_refunded <= payment.refunded_from_portico {
        return Ok(Handled::Acted);
    }
    let detail = format!(
        "payment {} ({charge}): {amount_refunded} {} refunded in Stripe, {} of it from Portico",
        payment.id,
        payment.currency.code(),
        payment.refunded_from_portico
    );
    let mut tx = store::begin(&state.pool).await?;
    provider_events::flag(&mut tx, payment.id, ProviderFlag::RefundedElsewhere).await?;
    record(&mut tx, AuditKind::PaymentRefundedElsewhere, &detail).await?;
    store::commit(tx).await?;
    tracing::warn!(
        payment = payment.id,
        "a payment was refunded in Stripe, not in Portico"
    );
    Ok(Handled::Acted)
}

/// A cardholder disputed a charge: the payment is flagged and audited
/// once, however many events say so.
async fn disputed(
    state: &AppState,
    charge: &str,
    payment_intent: Option<&str>,
    amount: i64,
    reason: &str,
) -> Result<Handled, AppError> {
    let Some(payment) = payment_of(state, payment_intent).await? else {
        return Ok(Handled::Ignored);
    };
    let detail = format!(
        "payment {} ({charge}): {amount} {} disputed, reason {reason}",
        payment.id,
        payment.currency.code()
    );
    let mut tx = store::begin(&state.pool).await?;
    if provider_events::flag(&mut tx, payment.id, ProviderFlag::Disputed).await? {
        record(&mut tx, AuditKind::PaymentDisputed, &detail).await?;
    }
    store::commit(tx).await?;
    tracing::warn!(payment = payment.id, reason, "a payment was disputed");
    Ok(Handled::Acted)
}

/// The payment a charge's PaymentIntent paid, if Portico made it.
async fn payment_of(
    state: &AppState,
    payment_intent: Option<&str>,
) -> Result<Option<provider_events::ChargedPayment>, AppError> {
    match payment_intent {
        Some(reference) => Ok(provider_events::payment(&state.pool, reference).await?),
        // Portico's charges are all PaymentIntents: a bare charge is not one.
        None => Ok(None),
    }
}

async fn record(
    tx: &mut sqlx::AnyConnection,
    kind: AuditKind,
    detail: &str,
) -> Result<(), AppError> {
    audit::record(
        &mut *tx,
        kind,
        AuditEntry {
            detail: Some(detail),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
