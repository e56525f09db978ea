//! The back office's reading of the money: payments and eWallet entries,
//! newest first, a page at a time, each filter a condition added only when
//! it is set.

use super::{charge_state, currency};
use crate::{
    db::{Pool, SqlBuilder, StoreError, StoreResult},
    domain::{states::ChargeState, Money},
    payments::backoffice_api::ProviderFlag,
};

/// A filter as the queries use it: each part `None` (or 0) for any.
pub struct LedgerQuery<'a> {
    /// Only rows older than this id.
    pub before: i64,
    pub customer: Option<i64>,
    /// A payment's method, or an eWallet entry's kind.
    pub method: Option<&'a str>,
    /// A payment's state, or "refunded" (all or part).
    pub state: Option<&'a str>,
    /// The time span, `from` included, `to` not.
    pub from: i64,
    pub to: i64,
    pub limit: i64,
}

/// The document a row went to: its invoice, else its order.
pub type Documents = (Option<(i64, String)>, Option<(i64, String)>);

pub struct PaymentLine {
    pub id: i64,
    pub at: i64,
    pub customer: String,
    pub documents: Documents,
    pub method: String,
    pub state: ChargeState,
    pub amount: Money,
    pub refunded: i64,
    pub reference: String,
    pub failure: Option<String>,
    pub flag: Option<ProviderFlag>,
}

pub struct WalletLine {
    pub id: i64,
    pub at: i64,
    pub customer: String,
    pub kind: String,
    pub amount: Money,
    pub documents: Documents,
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
    Option<String>,
);

/// A payment as the back office lists it, before its `WHERE`.
const PAYMENT_ROWS: &str = "SELECT p.id, p.created_at, c.name, i.id, i.number, o.id, o.reference, p.method, p.state, \
            p.amount, p.currency, p.amount_refunded, COALESCE(p.provider_reference, p.reference), p.failure, p.provider_flag \
     FROM payments p JOIN contacts c ON c.id = p.customer_id \
       LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id";

fn payment_line(
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
        flag,
    ): PaymentFields,
) -> StoreResult<PaymentLine> {
    Ok(PaymentLine {
        id,
        at,
        customer,
        documents: (invoice.zip(number), order.zip(reference)),
        method,
        state: charge_state(&state)?,
        amount: Money::new(amount, currency(&code)?),
        refunded,
        reference: shown,
        failure,
        flag: flag
            .map(|text| {
                ProviderFlag::parse(&text)
                    .ok_or_else(|| StoreError::Corrupt(format!("provider flag {text}")))
            })
            .transpose()?,
    })
}

/// Pushes the conditions every view shares: the cursor, the customer, the
/// method (or kind) and the time span, on the table `alias`.
fn push_common(query: &mut SqlBuilder<'_>, alias: &str, method: &str, filter: &LedgerQuery<'_>) {
    query
        .push(format!(" WHERE {alias}.id < "))
        .push_bind(filter.before);
    if let Some(customer) = filter.customer {
        query
            .push(format!(" AND {alias}.customer_id = "))
            .push_bind(customer);
    }
    if let Some(method_or_kind) = filter.method {
        query
            .push(format!(" AND {alias}.{method} = "))
            .push_bind(method_or_kind.to_owned());
    }
    query
        .push(format!(" AND {alias}.created_at >= "))
        .push_bind(filter.from);
    query
        .push(format!(" AND {alias}.created_at < "))
        .push_bind(filter.to);
}

pub async fn payments(pool: &Pool, filter: &LedgerQuery<'_>) -> StoreResult<Vec<PaymentLine>> {
    let mut query = SqlBuilder::new(PAYMENT_ROWS);
    push_common(&mut query, "p", "method", filter);
    match filter.state {
        None => {}
        Some("refunded") => {
            query.push(" AND p.amount_refunded > 0");
        }
        Some(state) => {
            query.push(" AND p.state = ").push_bind(state.to_owned());
        }
    }
    query
        .push(" ORDER BY p.id DESC LIMIT ")
        .push_bind(filter.limit);
    let rows: Vec<PaymentFields> = query.build_query_as().fetch_all(pool).await?;
    rows.into_iter().map(payment_line).collect()
}

pub async fn payment(pool: &Pool, payment_id: i64) -> StoreResult<PaymentLine> {
    let row: PaymentFields = sqlx::query_as(&format!("{PAYMENT_ROWS} WHERE p.id = $1"))
        .bind(payment_id)
        .fetch_one(pool)
        .await?;
    payment_line(row)
}

pub async fn wallet_entries(pool: &Pool, filter: &LedgerQuery<'_>) -> StoreResult<Vec<WalletLine>> {
    let mut query = SqlBuilder::new(
        "SELECT e.id, e.created_at, c.name, e.kind, e.amount, e.currency, i.id, i.number, o.id, o.reference \
         FROM wallet_entries e JOIN contacts c ON c.id = e.customer_id \
           LEFT JOIN payments p ON p.id = e.payment_id \
           LEFT JOIN invoices i ON i.id = p.invoice_id LEFT JOIN sales_orders o ON o.id = p.order_id",
    );
    push_common(&mut query, "e", "kind", filter);
    query
        .push(" ORDER BY e.id DESC LIMIT ")
        .push_bind(filter.limit);
    let rows: Vec<(
        i64,
        i64,
        String,
        String,
        i64,
        String,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
    )> = query.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(
            |(id, at, customer, kind, amount, code, invoice, number, order, reference)| {
                Ok(WalletLine {
                    id,
                    at,
                    customer,
                    kind,
                    amount: Money::new(amount, currency(&code)?),
                    documents: (invoice.zip(number), order.zip(reference)),
                })
            },
        )
        .collect()
}
