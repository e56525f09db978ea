//! Every SQL statement of quotations and sales orders: the read both
//! sides share, the draft saved, and the state changes (each one
//! conditional `UPDATE` whose guard is the order machine's).

use super::api::OrderView;
use crate::{
    db::{now, Pool, SqlBuilder, StoreError, StoreResult},
    documents::{
        api::{Followable, Status},
        editing::{
            change_state, days_after, next_number, notify_followers, save_draft, DraftKind,
            NOT_NOW, UNKNOWN_ACTION,
        },
        forms::DocumentDraft,
        invoices::store::invoice_number,
        payable::push_order_guard,
        store::{currency, document_body, read_visible, stored, today, Reader},
    },
    domain::{
        states::{Facts, InvoiceState, OrderAction, OrderFact, OrderState, StateMachine},
        Money,
    },
    mail::compose::DocumentEvent,
};
use sqlx::{AnyConnection, Row};

/// What differs when a quotation is saved.
const QUOTATION: DraftKind = DraftKind {
    table: "sales_orders",
    lines_column: "order_id",
    number_column: "reference",
    date_column: "order_date",
    until_column: "valid_until",
    sequence: "order",
    start_columns: "kind, state",
    start_values: "'quotation', 'draft'",
};

pub fn order_reference(number: i64) -> String {
    format!("S{number:05}")
}

/// Whether an invoice that is not cancelled was made from the order.
async fn invoiced(conn: &mut AnyConnection, order_id: i64) -> StoreResult<bool> {
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE order_id = $1 AND state <> $2")
            .bind(order_id)
            .bind(InvoiceState::Cancelled.as_str())
            .fetch_one(conn)
            .await?;
    Ok(open > 0)
}

pub async fn order(pool: &Pool, reader: Reader, id: i64) -> StoreResult<OrderView> {
    let row = read_visible(
        pool,
        reader,
        "SELECT id, reference, kind, state, order_date, valid_until, customer_id, contact_id, currency, \
           amount_paid, note, amount_total FROM sales_orders",
        id,
        true,
    )
    .await?;
    let state: OrderState = stored(&row.try_get::<String, _>(3)?)?;
    let body = document_body(pool, reader, Followable::Order, id, row.try_get(6)?).await?;
    let mut invoices = SqlBuilder::new("SELECT id, number FROM invoices WHERE order_id = ");
    invoices.push_bind(id);
    if reader.scope().is_some() {
        invoices.push(" AND state <> 'draft'");
    }
    invoices.push(" ORDER BY id");
    let invoices = invoices
        .build_query_as::<(i64, String)>()
        .fetch_all(pool)
        .await?;
    let is_quotation = row.try_get::<String, _>(2)? == "quotation";
    let valid_until: Option<String> = row.try_get(5)?;
    let paid: i64 = row.try_get(9)?;
    let total: i64 = row.try_get(11)?;
    let mut view = OrderView {
        id,
        payable: false,
        reference: row.try_get(1)?,
        is_quotation,
        status: Status::of_order(state),
        state,
        order_date: row.try_get(4)?,
        expired: is_quotation
            && valid_until
                .as_deref()
                .is_some_and(|until| until < today().as_str()),
        valid_until,
        customer: body.customer,
        contact_id: row.try_get(7)?,
        currency: currency(&row.try_get::<String, _>(8)?)?,
        totals: body.totals,
        lines: body.lines,
        paid,
        payments: body.payments,
        invoices,
        invoiced: invoiced(&mut *pool.acquire().await?, id).await?,
        note: row.try_get(10)?,
        following: body.following,
    };
    view.payable = view.allows(OrderAction::Pay) && paid < total;
    Ok(view)
}

/// A new quotation, or a draft one changed.
pub async fn save_order(pool: &Pool, id: Option<i64>, draft: &DocumentDraft) -> StoreResult<i64> {
    save_draft(
        pool,
        &QUOTATION,
        id,
        draft,
        draft.until.as_deref(),
        |number, _| order_reference(number),
        |query| push_order_guard(query, OrderAction::Edit, "d", today()),
    )
    .await
}

/// A quotation sent, confirmed, cancelled, or invoiced. Answers the id of
/// the page to show next (the new invoice's, when one was made).
pub async fn act(pool: &Pool, public_url: &str, id: i64, action: OrderAction) -> StoreResult<i64> {
    let mut tx = crate::db::begin(pool).await?;
    if action == OrderAction::Invoice {
        let invoice_id = invoice_order(&mut tx, id).await?;
        tx.commit().await?;
        return Ok(invoice_id);
    }
    // Staff edit through the form, and customers pay: no button.
    let next = OrderState::target(action).ok_or(UNKNOWN_ACTION)?;
    let set = if next == OrderState::Confirmed {
        // A confirmed quotation is an order from then on.
        format!("state = '{}', kind = 'order'", next.as_str())
    } else {
        format!("state = '{}'", next.as_str())
    };
    change_state(
        &mut tx,
        "sales_orders",
        id,
        |query| {
            query.push(set);
        },
        |query| push_order_guard(query, action, "d", today()),
    )
    .await?;
    if action == OrderAction::Confirm {
        announce_confirmation(&mut tx, public_url, id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Tells an order's followers it was confirmed (by staff, or by the
/// customer paying the quotation).
pub async fn announce_confirmation(
    conn: &mut AnyConnection,
    public_url: &str,
    id: i64,
) -> StoreResult<()> {
    let (reference, total, code): (String, i64, String) =
        sqlx::query_as("SELECT reference, amount_total, currency FROM sales_orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let amount = Money::new(total, currency(&code)?);
    notify_followers(
        conn,
        public_url,
        Followable::Order,
        id,
        DocumentEvent::OrderConfirmed,
        &reference,
        &amount,
        &format!("/my/orders/{id}"),
    )
    .await
}

/// A draft invoice with a confirmed order's lines; one per order unless
/// the earlier ones were cancelled.
async fn invoice_order(conn: &mut AnyConnection, order_id: i64) -> StoreResult<i64> {
    // Taking the order's row first makes a customer's payment of the order
    // wait for this invoice (or this invoice for it): what was paid is
    // counted once, here or there.
    sqlx::query("UPDATE sales_orders SET updated_at = $2 WHERE id = $1")
        .bind(order_id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    let state: String = sqlx::query_scalar("SELECT state FROM sales_orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let state: OrderState = stored(&state)?;
    if !state.allows(OrderAction::Invoice, Facts::none()) {
        return Err(NOT_NOW);
    }
    let facts = Facts::none().with(OrderFact::Invoiced, invoiced(conn, order_id).await?);
    if !state.allows(OrderAction::Invoice, facts) {
        return Err(StoreError::Invalid("state", "error-already-invoiced"));
    }
    let date = today();
    let number = next_number(conn, "invoice").await?;
    // What the customer paid on the order is paid on its invoice, and
    // its payment state says so.
    let invoice_id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO invoices (number, customer_id, contact_id, order_id, state, payment_state, invoice_date, due_date, currency, \
           amount_untaxed, amount_tax, amount_total, note, created_at, updated_at, amount_paid) \
         SELECT $1, customer_id, contact_id, id, '{draft}', {payment_state}, $2, $3, currency, \
           amount_untaxed, amount_tax, amount_total, note, $4, $4, amount_paid \
         FROM sales_orders WHERE id = $5 RETURNING id",
        draft = InvoiceState::Draft.as_str(),
        payment_state = crate::db::guard::payment_state_sql("amount_paid", "amount_total"),
    ))
    .bind(invoice_number(&date[..4], number))
    .bind(date.as_str())
    .bind(days_after(&date, 30))
    .bind(now())
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE payments SET invoice_id = $1 WHERE order_id = $2 AND invoice_id IS NULL")
        .bind(invoice_id)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO document_lines (invoice_id, position, description, quantity_milli, unit_price, discount_bp, tax_bp, amount_untaxed, amount_tax) \
         SELECT $1, position, description, quantity_milli, unit_price, discount_bp, tax_bp, amount_untaxed, amount_tax \
         FROM document_lines WHERE order_id = $2",
    )
    .bind(invoice_id)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(invoice_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_reference_reads_as_people_expect() {
        assert_eq!(order_reference(42), "S00042");
    }
}
