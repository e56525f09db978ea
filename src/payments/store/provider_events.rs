//! What the payment provider's webhooks write: each event's id, taken
//! once whichever instance receives it, and the flag a payment gets when
//! the provider says something happened to it outside Portico (a refund
//! made in the provider's dashboard, a cardholder's dispute).

use super::currency;
use crate::{
    db::{now, Pool, StoreResult},
    domain::Currency,
    payments::backoffice_api::ProviderFlag,
};
use sqlx::AnyConnection;

/// Takes the event `id` for this delivery. Answers false when it was
/// taken before (a redelivery, or another instance handling it now): the
/// primary key decides, so of two instances racing, exactly one wins.
pub async fn take(pool: &Pool, id: &str, kind: &str) -> StoreResult<bool> {
    let taken = sqlx::query(
        "INSERT INTO provider_events (id, kind, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(kind)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Gives the event `id` back after its handling failed, so that the
/// provider's next delivery of it is handled.
pub async fn release(pool: &Pool, id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM provider_events WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A payment as the provider's refunds and disputes concern it.
pub struct ChargedPayment {
    pub id: i64,
    pub currency: Currency,
    /// Refunded through the provider from Portico, done or under way (a
    /// refund's webhook can come before Portico hears the refund's answer).
    pub refunded_from_portico: i64,
}

/// The payment the provider's charge `reference` (`pi_…`) paid.
pub async fn payment(pool: &Pool, reference: &str) -> StoreResult<Option<ChargedPayment>> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.currency, \
                CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r \
                     WHERE r.payment_id = p.id AND r.destination = 'provider' \
                       AND r.state IN ('pending', 'succeeded')), 0) AS BIGINT) \
         FROM payments p WHERE p.provider_reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    row.map(|(id, code, refunded_from_portico)| {
        Ok(ChargedPayment {
            id,
            currency: currency(&code)?,
            refunded_from_portico,
        })
    })
    .transpose()
}

/// Flags payment `id` with what the provider said, in the caller's
/// transaction. A dispute outranks a refund made elsewhere, so a disputed
/// payment keeps its flag. Answers whether the flag changed.
pub async fn flag(conn: &mut AnyConnection, id: i64, flag: ProviderFlag) -> StoreResult<bool> {
    let flagged = sqlx::query(
        "UPDATE payments SET provider_flag = $1 WHERE id = $2 \
         AND (provider_flag IS NULL OR (provider_flag <> $3 AND provider_flag <> $4))",
    )
    .bind(flag.as_str())
    .bind(id)
    .bind(flag.as_str())
    .bind(ProviderFlag::Disputed.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(flagged.rows_affected() > 0)
}
