//! A customer's payments of invoices, quotations and orders: the document
//! as it may be paid, the payment written under its key, settled once, and
//! found again by its key or, after a stop, because it is still pending.

use super::{charge_state, currency, settle as settle_charge, Charge, Outcome};
use crate::{
    db::{now, Pool, SqlBuilder, StoreResult},
    documents::payable::{push_open_for_payment, PaidDocument},
    domain::{
        states::{ChargeState, InvoiceState, OrderState, StateMachine},
        Currency, Money,
    },
};
use sqlx::AnyConnection;

/// The table a paid document lives in, its number's column, and the
/// payments' column naming it.
fn table(document: PaidDocument) -> (&'static str, &'static str, &'static str) {
    match document {
        PaidDocument::Invoice => ("invoices", "number", "invoice_id"),
        PaidDocument::Order => ("sales_orders", "reference", "order_id"),
    }
}

/// A document as its customer may pay it now.
pub struct PayableRow {
    pub number: String,
    pub currency: Currency,
    pub total: i64,
    pub paid: i64,
    /// How many payments were made on it (any state).
    pub payments: i64,
}

/// The customer's document, if it is open for payment `today` (the
/// machines' `Pay` action).
pub async fn payable(
    pool: &Pool,
    (document, id): (PaidDocument, i64),
    customer_id: i64,
    today: String,
) -> StoreResult<Option<PayableRow>> {
    let (table, number, column) = table(document);
    let mut query = SqlBuilder::new(format!(
        "SELECT d.{number}, d.currency, d.amount_total, d.amount_paid, \
                (SELECT COUNT(*) FROM payments p WHERE p.{column} = d.id) \
         FROM {table} d WHERE d.id = "
    ));
    query.push_bind(id);
    query.push(" AND d.customer_id = ").push_bind(customer_id);
    query.push(" AND ");
    push_open_for_payment(&mut query, document, "d", today);
    let row: Option<(String, String, i64, i64, i64)> =
        query.build_query_as().fetch_optional(pool).await?;
    row.map(|(number, code, total, paid, payments)| {
        Ok(PayableRow {
            number,
            currency: currency(&code)?,
            total,
            paid,
            payments,
        })
    })
    .transpose()
}

/// The smallest part the company accepts, in percent of the total.
pub async fn minimum_part_percent(pool: &Pool) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT minimum_part_percent FROM portal_settings WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}

/// Whether a live (not cancelled) invoice was made from the order.
pub async fn order_invoiced(conn: &mut AnyConnection, order_id: i64) -> StoreResult<bool> {
    let invoiced: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE order_id = $1 AND state <> $2")
            .bind(order_id)
            .bind(InvoiceState::Cancelled.as_str())
            .fetch_one(&mut *conn)
            .await?;
    Ok(invoiced > 0)
}

/// A payment to write under its key.
pub struct NewPayment<'a> {
    pub customer_id: i64,
    pub target: (PaidDocument, i64),
    pub money: &'a Money,
    /// The `payments.method` value: "card", "sepa_debit" or "ewallet".
    pub method: &'a str,
    pub state: ChargeState,
    pub stored_key: &'a str,
    /// What the request under that key asked (`payments::idempotency`).
    pub fingerprint: &'a str,
    pub method_id: Option<i64>,
    pub paid_by: i64,
    /// The provider's token to charge (none from the eWallet).
    pub token: Option<&'a str>,
    pub received_on: String,
}

/// Writes the payment, in the caller's transaction. The error is the
/// database's own, so that the caller can tell a key used a moment
/// earlier from a failure.
pub async fn insert(conn: &mut AnyConnection, new: NewPayment<'_>) -> Result<i64, sqlx::Error> {
    let (invoice_id, order_id) = match new.target {
        (PaidDocument::Invoice, id) => (Some(id), None),
        (PaidDocument::Order, id) => (None, Some(id)),
    };
    sqlx::query_scalar(
        "INSERT INTO payments (customer_id, invoice_id, order_id, amount, currency, method, reference, received_on, \
                               idempotency_key, state, payment_method_id, paid_by, created_at, charge_token, request_fingerprint) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(new.customer_id)
    .bind(invoice_id)
    .bind(order_id)
    .bind(new.money.minor)
    .bind(new.money.currency.code())
    .bind(new.method)
    .bind(new.received_on)
    .bind(new.stored_key)
    .bind(new.state.as_str())
    .bind(new.method_id)
    .bind(new.paid_by)
    .bind(now())
    .bind(new.token)
    .bind(new.fingerprint)
    .fetch_one(&mut *conn)
    .await
}

/// The invoice and the order a payment was counted on.
pub async fn documents_of(
    conn: &mut AnyConnection,
    payment_id: i64,
) -> StoreResult<(Option<i64>, Option<i64>)> {
    Ok(
        sqlx::query_as("SELECT invoice_id, order_id FROM payments WHERE id = $1")
            .bind(payment_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// A quotation paid becomes a confirmed order; answers whether this call
/// confirmed it (it was still sent: a confirmed order paid stays as it is).
pub async fn confirm_quotation(conn: &mut AnyConnection, order_id: i64) -> StoreResult<bool> {
    let confirmed = sqlx::query(
        "UPDATE sales_orders SET state = $3, kind = 'order', updated_at = $2 \
         WHERE id = $1 AND state = $4",
    )
    .bind(order_id)
    .bind(now())
    .bind(OrderState::Confirmed.as_str())
    .bind(OrderState::Sent.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(confirmed.rows_affected() > 0)
}

/// Settles a pending payment; a card saved with it is named on it.
/// Answers whether this call settled it.
pub async fn settle(
    conn: &mut AnyConnection,
    payment_id: i64,
    outcome: Outcome<'_>,
    saved_method: Option<i64>,
) -> StoreResult<bool> {
    let settled = settle_charge(&mut *conn, Charge::Payment, payment_id, outcome).await?;
    if let (true, Some(method_id)) = (settled, saved_method) {
        sqlx::query("UPDATE payments SET payment_method_id = $1 WHERE id = $2")
            .bind(method_id)
            .bind(payment_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(settled)
}

/// A payment as its key finds it.
pub struct KeyedPayment {
    pub id: i64,
    pub target: (Option<i64>, Option<i64>),
    pub money: Money,
    pub state: ChargeState,
    pub failure: Option<String>,
    /// What the request under the key asked; none on rows from before
    /// it was kept.
    pub fingerprint: Option<String>,
}

impl KeyedPayment {
    /// The document of this kind it was made on.
    pub fn paid(&self, document: PaidDocument) -> Option<i64> {
        match document {
            PaidDocument::Invoice => self.target.0,
            PaidDocument::Order => self.target.1,
        }
    }
}

pub async fn by_key(pool: &Pool, stored_key: &str) -> StoreResult<Option<KeyedPayment>> {
    keyed(pool, "idempotency_key", stored_key.to_owned(), None).await
}

/// The payment `id`, when it is `customer_id`'s.
pub async fn by_id(pool: &Pool, id: i64, customer_id: i64) -> StoreResult<Option<KeyedPayment>> {
    keyed(pool, "id", id, Some(customer_id)).await
}

/// The payment whose `column` is `value` (and whose customer is
/// `customer_id`, when given).
async fn keyed<T>(
    pool: &Pool,
    column: &str,
    value: T,
    customer_id: Option<i64>,
) -> StoreResult<Option<KeyedPayment>>
where
    T: 'static + sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    type Row = (
        i64,
        Option<i64>,
        Option<i64>,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let mut query = SqlBuilder::new(format!(
        "SELECT id, invoice_id, order_id, amount, currency, state, failure, request_fingerprint \
         FROM payments WHERE {column} = "
    ));
    query.push_bind(value);
    if let Some(customer_id) = customer_id {
        query.push(" AND customer_id = ").push_bind(customer_id);
    }
    let row: Option<Row> = query.build_query_as().fetch_optional(pool).await?;
    row.map(
        |(id, invoice_id, order_id, amount, code, state, failure, fingerprint)| {
            Ok(KeyedPayment {
                id,
                target: (invoice_id, order_id),
                money: Money::new(amount, currency(&code)?),
                state: charge_state(&state)?,
                failure,
                fingerprint,
            })
        },
    )
    .transpose()
}

/// The document's total and what is paid on it.
pub async fn totals(pool: &Pool, (document, id): (PaidDocument, i64)) -> StoreResult<(i64, i64)> {
    let (table, _, _) = table(document);
    Ok(sqlx::query_as(&format!(
        "SELECT amount_total, amount_paid FROM {table} WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(pool)
    .await?)
}

/// A payment still pending: one a stop interrupted, or one waiting for
/// the customer's bank or the provider's word.
pub struct PendingPayment {
    pub id: i64,
    pub customer_id: i64,
    pub invoice_id: Option<i64>,
    pub order_id: Option<i64>,
    pub money: Money,
    pub token: Option<String>,
    pub stored_key: Option<String>,
    pub paid_by: Option<i64>,
    /// The order's reference, or the invoice's number.
    pub number: Option<String>,
    /// The provider's reference, once it gave one.
    pub reference: Option<String>,
    /// The new card it is charged to is kept once it succeeds.
    pub keep_method: bool,
    /// When it was written (Unix seconds).
    pub created_at: i64,
}

/// Every pending payment, or the one `only`.
pub async fn pending(pool: &Pool, only: Option<i64>) -> StoreResult<Vec<PendingPayment>> {
    type Row = (
        i64,
        i64,
        Option<i64>,
        Option<i64>,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
        i32,
        i64,
    );
    let mut query = SqlBuilder::new(
        "SELECT p.id, p.customer_id, p.invoice_id, p.order_id, p.amount, p.currency, p.charge_token, \
                p.idempotency_key, p.paid_by, COALESCE(o.reference, i.number), p.provider_reference, p.keep_method, p.created_at \
         FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
         WHERE p.state = ",
    );
    query.push_bind(ChargeState::Pending.as_str());
    if let Some(id) = only {
        query.push(" AND p.id = ").push_bind(id);
    }
    query.push(" ORDER BY p.id");
    let rows: Vec<Row> = query.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|row| {
            let (id, customer_id, invoice_id, order_id, amount, code) =
                (row.0, row.1, row.2, row.3, row.4, row.5);
            let (token, stored_key, paid_by, number, reference, keep_method) =
                (row.6, row.7, row.8, row.9, row.10, row.11);
            let created_at = row.12;
            Ok(PendingPayment {
                id,
                customer_id,
                invoice_id,
                order_id,
                money: Money::new(amount, currency(&code)?),
                token,
                stored_key,
                paid_by,
                number,
                reference,
                keep_method: keep_method != 0,
                created_at,
            })
        })
        .collect()
}
