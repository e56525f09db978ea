//! The staff's writes: drafts saved with their lines and totals, state
//! changes, invoices made from orders, payments received, and the emails
//! followers get. Each event is one transaction; every state change is one
//! conditional `UPDATE … WHERE state = …`, so two clicks cannot both win.

use super::{
    admin_api::{
        document_amount, document_date, document_text, DocumentDraft, DocumentProblem,
        PaymentInput, SubscriptionDraft, PAYMENT_METHODS,
    },
    api::Followable,
    store::{currency, today},
};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    db::{now, Pool, StoreError, StoreResult},
    domain::{totals::totals, FieldProblem, Locale, Money},
    mail::{
        self,
        compose::{compose, DocumentEvent, Notice},
    },
};
use sqlx::{AnyConnection, Row};

/// Refusal of a change the document's state does not allow.
const NOT_NOW: StoreError = StoreError::Invalid("state", "error-document-state");

fn refused(field: &'static str, problem: DocumentProblem) -> StoreError {
    StoreError::Invalid(field, problem.message_id())
}

/// Companies, and people who belong to none: who documents are made for.
pub async fn customers(pool: &Pool) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM contacts WHERE parent_id IS NULL ORDER BY name_key, id LIMIT 1000",
    )
    .fetch_all(pool)
    .await?)
}

async fn check_customer(conn: &mut AnyConnection, customer_id: i64) -> StoreResult<()> {
    let found: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE id = $1 AND parent_id IS NULL")
            .bind(customer_id)
            .fetch_one(&mut *conn)
            .await?;
    if found == 0 {
        return Err(refused("customer_id", DocumentProblem::UnknownChoice));
    }
    Ok(())
}

/// The next number of a kind of document: one atomic step, so two
/// documents never share one.
async fn next_number(conn: &mut AnyConnection, sequence: &str) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE document_sequences SET next_value = next_value + 1 WHERE name = $1 RETURNING next_value - 1",
    )
    .bind(sequence)
    .fetch_one(conn)
    .await?)
}

pub fn order_reference(number: i64) -> String {
    format!("S{number:05}")
}

pub fn invoice_number(year: &str, number: i64) -> String {
    format!("INV/{year}/{number:05}")
}

pub fn subscription_reference(number: i64) -> String {
    format!("SUB{number:05}")
}

async fn replace_lines(
    conn: &mut AnyConnection,
    column: &'static str,
    id: i64,
    draft: &DocumentDraft,
) -> StoreResult<()> {
    sqlx::query(&format!("DELETE FROM document_lines WHERE {column} = $1"))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, (description, terms)) in draft.lines.iter().enumerate() {
        let amounts = terms
            .amounts()
            .ok_or(refused("lines", DocumentProblem::NotAnAmount))?;
        sqlx::query(&format!(
            "INSERT INTO document_lines ({column}, position, description, quantity_milli, unit_price, discount_bp, tax_bp, amount_untaxed, amount_tax) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(id)
        .bind(position as i64)
        .bind(description.as_str())
        .bind(terms.quantity_milli)
        .bind(terms.unit_price)
        .bind(terms.discount_bp)
        .bind(terms.tax_bp)
        .bind(amounts.untaxed)
        .bind(amounts.tax)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn draft_totals(draft: &DocumentDraft) -> StoreResult<crate::domain::totals::Totals> {
    totals(&draft.lines.iter().map(|(_, t)| *t).collect::<Vec<_>>())
        .ok_or(refused("lines", DocumentProblem::NotAnAmount))
}

/// Where a kind of draft document is kept: what differs between a
/// quotation and an invoice when either is saved.
struct DraftKind {
    table: &'static str,
    lines_column: &'static str,
    number_column: &'static str,
    date_column: &'static str,
    until_column: &'static str,
    sequence: &'static str,
    /// Columns (and their fixed values) a new one starts with.
    start_columns: &'static str,
    start_values: &'static str,
}

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

const INVOICE: DraftKind = DraftKind {
    table: "invoices",
    lines_column: "invoice_id",
    number_column: "number",
    date_column: "invoice_date",
    until_column: "due_date",
    sequence: "invoice",
    start_columns: "state, payment_state",
    start_values: "'draft', 'not_paid'",
};

/// A new draft, or a draft changed (any other state refuses), with its
/// lines and totals, in one transaction.
async fn save_draft(
    pool: &Pool,
    kind: &DraftKind,
    id: Option<i64>,
    draft: &DocumentDraft,
    until: Option<&str>,
) -> StoreResult<i64> {
    let sums = draft_totals(draft)?;
    let mut tx = crate::db::begin(pool).await?;
    let at = now();
    let id = match id {
        Some(id) => {
            let changed = sqlx::query(&format!(
                "UPDATE {table} SET customer_id = $1, contact_id = $1, {date} = $2, {until} = $3, currency = $4, \
                   amount_untaxed = $5, amount_tax = $6, amount_total = $7, note = $8, updated_at = $9 \
                 WHERE id = $10 AND state = 'draft'",
                table = kind.table,
                date = kind.date_column,
                until = kind.until_column,
            ))
            .bind(draft.customer_id)
            .bind(draft.date.as_str())
            .bind(until)
            .bind(draft.currency.code())
            .bind(sums.untaxed)
            .bind(sums.tax)
            .bind(sums.total)
            .bind(draft.note.as_str())
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_foreign_key)?;
            if changed.rows_affected() == 0 {
                return Err(missing_or_not_now(&mut tx, kind.table, id).await);
            }
            id
        }
        None => {
            let number = next_number(&mut tx, kind.sequence).await?;
            let number = if kind.sequence == "invoice" {
                invoice_number(&draft.date[..4], number)
            } else {
                order_reference(number)
            };
            sqlx::query_scalar(&format!(
                "INSERT INTO {table} ({number_column}, customer_id, contact_id, {start_columns}, {date}, {until}, currency, \
                   amount_untaxed, amount_tax, amount_total, note, created_at, updated_at) \
                 VALUES ($1, $2, $2, {start_values}, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                table = kind.table,
                number_column = kind.number_column,
                start_columns = kind.start_columns,
                start_values = kind.start_values,
                date = kind.date_column,
                until = kind.until_column,
            ))
            .bind(number)
            .bind(draft.customer_id)
            .bind(draft.date.as_str())
            .bind(until)
            .bind(draft.currency.code())
            .bind(sums.untaxed)
            .bind(sums.tax)
            .bind(sums.total)
            .bind(draft.note.as_str())
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_foreign_key)?
        }
    };
    check_customer(&mut tx, draft.customer_id).await?;
    replace_lines(&mut tx, kind.lines_column, id, draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// A new quotation, or a draft one changed.
pub async fn save_order(pool: &Pool, id: Option<i64>, draft: &DocumentDraft) -> StoreResult<i64> {
    save_draft(pool, &QUOTATION, id, draft, draft.until.as_deref()).await
}

/// A new invoice by hand, or a draft one changed. Without a due date it
/// is due 30 days after its date.
pub async fn save_invoice(pool: &Pool, id: Option<i64>, draft: &DocumentDraft) -> StoreResult<i64> {
    let due = match &draft.until {
        Some(due) => due.clone(),
        None => days_after(&draft.date, 30),
    };
    save_draft(pool, &INVOICE, id, draft, Some(&due)).await
}

fn map_foreign_key(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            refused("customer_id", DocumentProblem::UnknownChoice)
        }
        _ => StoreError::Database(error),
    }
}

/// Why a conditional change touched nothing: the row is gone, or its state
/// does not allow it.
async fn missing_or_not_now(conn: &mut AnyConnection, table: &'static str, id: i64) -> StoreError {
    let exists =
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_one(conn)
            .await;
    match exists {
        Ok(0) => StoreError::NotFound,
        Ok(_) => NOT_NOW,
        Err(error) => error.into(),
    }
}

/// `date` plus `days`, as 'YYYY-MM-DD'; `date` itself if it is not a date.
pub fn days_after(date: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
        .map_or_else(|| date.to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

/// A quotation sent, confirmed, cancelled, or invoiced. Answers the id of
/// the page to show next (the new invoice's, when one was made).
pub async fn order_action(
    pool: &Pool,
    public_url: &str,
    id: i64,
    action: &str,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = crate::db::begin(pool).await?;
    let statement = match action {
        "send" => "UPDATE sales_orders SET state = 'sent', updated_at = $2 WHERE id = $1 AND state = 'draft'",
        "confirm" => {
            "UPDATE sales_orders SET state = 'confirmed', kind = 'order', updated_at = $2 \
             WHERE id = $1 AND state IN ('draft', 'sent')"
        }
        "cancel" => {
            "UPDATE sales_orders SET state = 'cancelled', updated_at = $2 \
             WHERE id = $1 AND state <> 'cancelled' AND amount_paid = 0 \
               AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = sales_orders.id AND i.state <> 'cancelled')"
        }
        "invoice" => {
            let invoice_id = invoice_order(&mut tx, id).await?;
            tx.commit().await?;
            return Ok(invoice_id);
        }
        _ => return Err(StoreError::Invalid("action", "error-choice")),
    };
    let changed = sqlx::query(statement)
        .bind(id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(missing_or_not_now(&mut tx, "sales_orders", id).await);
    }
    if action == "confirm" {
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
    let row = sqlx::query(
        "SELECT customer_id, contact_id, currency, amount_untaxed, amount_tax, amount_total, note, state, amount_paid FROM sales_orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    if row.try_get::<String, _>(7)? != "confirmed" {
        return Err(NOT_NOW);
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoices WHERE order_id = $1 AND state <> 'cancelled'",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    if open > 0 {
        return Err(StoreError::Invalid("state", "error-already-invoiced"));
    }
    let date = today();
    let number = next_number(conn, "invoice").await?;
    let at = now();
    let invoice_id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (number, customer_id, contact_id, order_id, state, payment_state, invoice_date, due_date, currency, \
           amount_untaxed, amount_tax, amount_total, note, created_at, updated_at, amount_paid) \
         VALUES ($1, $2, $3, $4, 'draft', \
                 CASE WHEN $13 = 0 THEN 'not_paid' WHEN $13 >= $10 THEN 'paid' ELSE 'partial' END, \
                 $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id",
    )
    .bind(invoice_number(&date[..4], number))
    .bind(row.try_get::<i64, _>(0)?)
    .bind(row.try_get::<i64, _>(1)?)
    .bind(order_id)
    .bind(date.as_str())
    .bind(days_after(&date, 30))
    .bind(row.try_get::<String, _>(2)?)
    .bind(row.try_get::<i64, _>(3)?)
    .bind(row.try_get::<i64, _>(4)?)
    .bind(row.try_get::<i64, _>(5)?)
    .bind(row.try_get::<String, _>(6)?)
    .bind(at)
    .bind(row.try_get::<i64, _>(8)?)
    .fetch_one(&mut *conn)
    .await?;
    // What the customer paid on the order is paid on its invoice.
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

/// An invoice posted (its order's followers are told) or cancelled (only
/// while nothing has been paid on it).
pub async fn invoice_action(
    pool: &Pool,
    public_url: &str,
    id: i64,
    action: &str,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = crate::db::begin(pool).await?;
    let statement = match action {
        "post" => {
            "UPDATE invoices SET state = 'posted', posted_at = $2, updated_at = $2 WHERE id = $1 AND state = 'draft'"
        }
        "cancel" => {
            "UPDATE invoices SET state = 'cancelled', updated_at = $2 \
             WHERE id = $1 AND state <> 'cancelled' AND amount_paid = 0"
        }
        _ => return Err(StoreError::Invalid("action", "error-choice")),
    };
    let changed = sqlx::query(statement)
        .bind(id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(missing_or_not_now(&mut tx, "invoices", id).await);
    }
    if action == "post" {
        let (number, total, code, order_id): (String, i64, String, Option<i64>) = sqlx::query_as(
            "SELECT number, amount_total, currency, order_id FROM invoices WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(order_id) = order_id {
            let amount = Money::new(total, currency(&code)?);
            notify_followers(
                &mut tx,
                public_url,
                Followable::Order,
                order_id,
                DocumentEvent::InvoicePosted,
                &number,
                &amount,
                &format!("/my/invoices/{id}"),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn save_subscription(
    pool: &Pool,
    id: Option<i64>,
    draft: &SubscriptionDraft,
) -> StoreResult<i64> {
    let mut tx = crate::db::begin(pool).await?;
    let at = now();
    let id = match id {
        Some(id) => {
            let changed = sqlx::query(
                "UPDATE subscriptions SET customer_id = $1, contact_id = $1, plan = $2, amount = $3, currency = $4, period = $5, \
                   start_date = $6, next_invoice_date = $7, updated_at = $8 WHERE id = $9 AND state <> 'closed'",
            )
            .bind(draft.customer_id)
            .bind(draft.plan.as_str())
            .bind(draft.amount.minor)
            .bind(draft.amount.currency.code())
            .bind(draft.period)
            .bind(draft.start_date.as_str())
            .bind(draft.next_invoice_date.as_deref())
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_foreign_key)?;
            if changed.rows_affected() == 0 {
                return Err(missing_or_not_now(&mut tx, "subscriptions", id).await);
            }
            id
        }
        None => {
            let number = next_number(&mut tx, "subscription").await?;
            sqlx::query_scalar(
                "INSERT INTO subscriptions (reference, customer_id, contact_id, plan, currency, amount, period, start_date, \
                   next_invoice_date, state, created_at, updated_at) \
                 VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9) RETURNING id",
            )
            .bind(subscription_reference(number))
            .bind(draft.customer_id)
            .bind(draft.plan.as_str())
            .bind(draft.amount.currency.code())
            .bind(draft.amount.minor)
            .bind(draft.period)
            .bind(draft.start_date.as_str())
            .bind(draft.next_invoice_date.as_deref())
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(map_foreign_key)?
        }
    };
    check_customer(&mut tx, draft.customer_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Paused, resumed, cancelled at the end of its period (it ends on its next
/// invoice date), or closed.
pub async fn subscription_action(pool: &Pool, id: i64, action: &str) -> StoreResult<i64> {
    let statement = match action {
        "pause" => "UPDATE subscriptions SET state = 'paused', updated_at = $2 WHERE id = $1 AND state = 'active' AND $3 = $3",
        "resume" => "UPDATE subscriptions SET state = 'active', ends_on = NULL, updated_at = $2 WHERE id = $1 AND state IN ('paused', 'cancelling') AND $3 = $3",
        "cancel" => {
            "UPDATE subscriptions SET state = 'cancelling', ends_on = COALESCE(next_invoice_date, $3), updated_at = $2 \
             WHERE id = $1 AND state IN ('active', 'paused')"
        }
        "close" => {
            "UPDATE subscriptions SET state = 'closed', next_invoice_date = NULL, ends_on = COALESCE(ends_on, $3), updated_at = $2 \
             WHERE id = $1 AND state <> 'closed'"
        }
        _ => return Err(StoreError::Invalid("action", "error-choice")),
    };
    let mut conn = pool.acquire().await?;
    let changed = sqlx::query(statement)
        .bind(id)
        .bind(now())
        .bind(today())
        .execute(&mut *conn)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(missing_or_not_now(&mut conn, "subscriptions", id).await);
    }
    Ok(id)
}

/// Money received against a posted invoice. The invoice's paid amount
/// moves by one conditional `UPDATE` that can never pass its total (and
/// the table's CHECK says the same), with the payment row, the followers'
/// emails and the audit entry in the same transaction.
pub async fn record_payment(
    pool: &Pool,
    public_url: &str,
    staff_id: Option<i64>,
    invoice_id: i64,
    input: &PaymentInput,
) -> StoreResult<i64> {
    let (code, number): (String, String) =
        sqlx::query_as("SELECT currency, number FROM invoices WHERE id = $1")
            .bind(invoice_id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
    let currency = currency(&code)?;
    let amount = document_amount(&input.amount, currency)
        .and_then(|a| {
            if a > 0 {
                Ok(a)
            } else {
                Err(DocumentProblem::NotAnAmount)
            }
        })
        .map_err(|p| refused("amount", p))?;
    if !PAYMENT_METHODS.contains(&input.method.as_str()) {
        return Err(refused("method", DocumentProblem::UnknownChoice));
    }
    let received_on = document_date(&input.received_on).map_err(|p| refused("received_on", p))?;
    let reference = if input.reference.trim().is_empty() {
        String::new()
    } else {
        document_text(&input.reference, 100).map_err(|p| refused("reference", p))?
    };
    let mut tx = crate::db::begin(pool).await?;
    let at = now();
    let reserved = super::payable::reserve(
        &mut tx,
        (super::PaidDocument::Invoice, invoice_id),
        None,
        amount,
        today(),
    )
    .await?;
    if !reserved {
        let posted: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE id = $1 AND state = 'posted'")
                .bind(invoice_id)
                .fetch_one(&mut *tx)
                .await?;
        return Err(if posted == 0 {
            NOT_NOW
        } else {
            refused("amount", DocumentProblem::MoreThanDue)
        });
    }
    let payment_id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (customer_id, invoice_id, amount, currency, method, reference, received_on, recorded_by, created_at) \
         SELECT customer_id, id, $1, currency, $2, $3, $4, $5, $6 FROM invoices WHERE id = $7 RETURNING id",
    )
    .bind(amount)
    .bind(input.method.as_str())
    .bind(reference.as_str())
    .bind(received_on.as_str())
    .bind(staff_id)
    .bind(at)
    .bind(invoice_id)
    .fetch_one(&mut *tx)
    .await?;
    let money = Money::new(amount, currency);
    let detail = format!("{number} {} {}", money.minor, currency.code());
    audit::record(
        &mut *tx,
        AuditKind::PaymentRecorded,
        AuditEntry {
            actor_user_id: staff_id,
            detail: Some(&detail),
            ..Default::default()
        },
    )
    .await?;
    notify_followers(
        &mut tx,
        public_url,
        Followable::Invoice,
        invoice_id,
        DocumentEvent::PaymentReceived,
        &number,
        &money,
        &format!("/my/invoices/{invoice_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(payment_id)
}

/// A customer's own payment of an invoice: the receipt to the payer, in
/// their language, and the usual email to the invoice's followers (once
/// each: a payer who follows gets one), all through the outbox.
pub async fn announce_payment(
    conn: &mut AnyConnection,
    public_url: &str,
    document: Followable,
    id: i64,
    amount: &Money,
    payer_user_id: i64,
) -> StoreResult<()> {
    let (reference, path): (String, String) = match document {
        Followable::Invoice => (
            sqlx::query_scalar("SELECT number FROM invoices WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?,
            format!("/my/invoices/{id}"),
        ),
        _ => (
            sqlx::query_scalar("SELECT reference FROM sales_orders WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?,
            format!("/my/orders/{id}"),
        ),
    };
    let payer = crate::users::store::contact_card(&mut *conn, payer_user_id).await?;
    let followers = super::store::followers(conn, document, id).await?;
    if !followers.iter().any(|(to, _, _)| *to == payer.login) {
        let message = compose(
            &Notice::DocumentUpdate {
                name: payer.name,
                event: DocumentEvent::PaymentReceived,
                reference: reference.clone(),
                amount: amount.clone(),
                link: format!("{}{path}", public_url.trim_end_matches('/')),
            },
            payer.locale.unwrap_or_default(),
        );
        mail::store::enqueue(&mut *conn, &payer.login, &message).await?;
    }
    notify_followers(
        conn,
        public_url,
        document,
        id,
        DocumentEvent::PaymentReceived,
        &reference,
        amount,
        &path,
    )
    .await
}

/// One email per follower, in the follower's language, through the outbox.
#[allow(clippy::too_many_arguments)]
async fn notify_followers(
    conn: &mut AnyConnection,
    public_url: &str,
    document: Followable,
    id: i64,
    event: DocumentEvent,
    reference: &str,
    amount: &Money,
    path: &str,
) -> StoreResult<()> {
    for (to, name, lang) in super::store::followers(conn, document, id).await? {
        let locale = lang
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or_default();
        let message = compose(
            &Notice::DocumentUpdate {
                name,
                event,
                reference: reference.to_owned(),
                amount: amount.clone(),
                link: format!("{}{path}", public_url.trim_end_matches('/')),
            },
            locale,
        );
        mail::store::enqueue(&mut *conn, &to, &message).await?;
    }
    Ok(())
}

/// Payments received, newest first.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_expect() {
        assert_eq!(order_reference(42), "S00042");
        assert_eq!(invoice_number("2026", 7), "INV/2026/00007");
        assert_eq!(days_after("2026-12-15", 30), "2027-01-14");
        assert_eq!(days_after("bad", 30), "bad");
    }
}
