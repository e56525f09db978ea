//! The back office's reading of the money: payments and eWallet entries,
//! newest first, 50 a page, by filter.

use super::admin_api::{
    LedgerFilter, LedgerPage, PaidFor, PaymentRow, RefundForm, WalletRow, METHODS, STATES,
    WALLET_KINDS,
};
use crate::{
    db::{Pool, StoreError},
    domain::Money,
    error::AppError,
};

const PAGE: i64 = 50;

fn paid_for(invoice: Option<(i64, String)>, order: Option<(i64, String)>) -> PaidFor {
    invoice
        .map(|(id, number)| ("invoice".to_owned(), id, number))
        .or_else(|| order.map(|(id, reference)| ("order".to_owned(), id, reference)))
}

/// The parts of a filter as the queries bind them: a customer (0 for any),
/// a method or kind, a state, and the time span.
struct Checked<'a> {
    customer: i64,
    method: &'a str,
    state: &'a str,
    from: i64,
    to: i64,
}

fn checked(filter: &LedgerFilter) -> Result<Checked<'_>, AppError> {
    let customer = match filter.customer.trim() {
        "" => 0,
        id => id.parse().map_err(|_| AppError::BadRequest)?,
    };
    let wallet = filter.view == "wallet";
    let method = filter.method.as_str();
    let known: &[&str] = if wallet { &WALLET_KINDS } else { &METHODS };
    if !method.is_empty() && !known.contains(&method) {
        return Err(AppError::BadRequest);
    }
    let state = filter.state.as_str();
    if !state.is_empty() && !STATES.contains(&state) {
        return Err(AppError::BadRequest);
    }
    let from = crate::audit_log::api::day_start(&filter.from)?;
    let to = crate::audit_log::api::day_start(&filter.to)
        .map_err(|_| AppError::invalid("to", "error-malformed"))?
        .map(|start| start + 86_400);
    Ok(Checked {
        customer,
        method,
        state,
        from: from.unwrap_or(i64::MIN),
        to: to.unwrap_or(i64::MAX),
    })
}

type PaymentFields = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    String,
    String,
    i64,
    String,
    i64,
    String,
    Option<String>,
);

/// A payment as the back office lists it, before its `WHERE`.
const PAYMENT_ROWS: &str = "SELECT p.id, p.created_at, c.name, i.id, i.number, o.id, o.reference, p.method, p.state, \
            p.amount, p.currency, p.amount_refunded, COALESCE(p.provider_reference, p.reference), p.failure \
     FROM payments p JOIN contacts c ON c.id = p.customer_id \
       LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id";

fn payment_row(
    (
        id,
        at,
        customer,
        invoice,
        number,
        order,
        reference,
        method,
        state,
        amount,
        code,
        refunded,
        shown,
        failure,
    ): PaymentFields,
) -> Result<PaymentRow, AppError> {
    Ok(PaymentRow {
        id,
        at,
        customer,
        paid_for: paid_for(invoice.zip(number), order.zip(reference)),
        method,
        state,
        amount: Money::new(amount, crate::documents::store::currency(&code)?),
        refunded,
        reference: shown,
        failure,
    })
}

pub async fn page(pool: &Pool, filter: &LedgerFilter) -> Result<LedgerPage, AppError> {
    let checked = checked(filter)?;
    let before = filter.before.unwrap_or(i64::MAX);
    let customers = crate::documents::editing::customers(pool).await?;
    if filter.view == "wallet" {
        let rows: Vec<(i64, i64, String, String, i64, String, Option<i64>, Option<String>, Option<i64>, Option<String>)> =
            sqlx::query_as(&format!(
                "SELECT e.id, e.created_at, c.name, e.kind, e.amount, e.currency, i.id, i.number, o.id, o.reference \
                 FROM wallet_entries e JOIN contacts c ON c.id = e.customer_id \
                   LEFT JOIN payments p ON p.id = e.payment_id \
                   LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id \
                 WHERE e.id < $1 AND ($2 = 0 OR e.customer_id = $2) AND ($3 = '' OR e.kind = $3) \
                   AND e.created_at >= $4 AND e.created_at < $5 \
                 ORDER BY e.id DESC LIMIT {}",
                PAGE + 1
            ))
            .bind(before)
            .bind(checked.customer)
            .bind(checked.method)
            .bind(checked.from)
            .bind(checked.to)
            .fetch_all(pool)
            .await
            .map_err(StoreError::from)?;
        let older = (rows.len() as i64 > PAGE).then(|| rows[PAGE as usize - 1].0);
        let wallet = rows
            .into_iter()
            .take(PAGE as usize)
            .map(
                |(id, at, customer, kind, amount, code, invoice, number, order, reference)| {
                    Ok(WalletRow {
                        id,
                        at,
                        customer,
                        kind,
                        amount: Money::new(amount, crate::documents::store::currency(&code)?),
                        paid_for: paid_for(invoice.zip(number), order.zip(reference)),
                    })
                },
            )
            .collect::<Result<_, AppError>>()?;
        return Ok(LedgerPage {
            payments: Vec::new(),
            wallet,
            older,
            customers,
        });
    }
    let rows: Vec<PaymentFields> = sqlx::query_as(&format!(
        "{PAYMENT_ROWS} \
         WHERE p.id < $1 AND ($2 = 0 OR p.customer_id = $2) AND ($3 = '' OR p.method = $3) \
           AND ($4 = '' OR p.state = $4 OR ($4 = 'refunded' AND p.amount_refunded > 0)) \
           AND p.created_at >= $5 AND p.created_at < $6 \
         ORDER BY p.id DESC LIMIT {}",
        PAGE + 1
    ))
    .bind(before)
    .bind(checked.customer)
    .bind(checked.method)
    .bind(checked.state)
    .bind(checked.from)
    .bind(checked.to)
    .fetch_all(pool)
    .await
    .map_err(StoreError::from)?;
    let older = (rows.len() as i64 > PAGE).then(|| rows[PAGE as usize - 1].0);
    let payments = rows
        .into_iter()
        .take(PAGE as usize)
        .map(payment_row)
        .collect::<Result<_, AppError>>()?;
    Ok(LedgerPage {
        payments,
        wallet: Vec::new(),
        older,
        customers,
    })
}

pub async fn refund_options(pool: &Pool, payment_id: i64) -> Result<RefundForm, AppError> {
    let refundable = super::refunds::refundable(pool, payment_id).await?;
    let row: PaymentFields = sqlx::query_as(&format!("{PAYMENT_ROWS} WHERE p.id = $1"))
        .bind(payment_id)
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    let row = payment_row(row)?;
    Ok(RefundForm {
        payment_id,
        customer: row.customer,
        paid_for: row.paid_for,
        method: row.method,
        amount: row.amount,
        refundable: refundable.refundable,
        via_provider: refundable.charge.is_some(),
        key: super::wallet::form_key(),
    })
}
