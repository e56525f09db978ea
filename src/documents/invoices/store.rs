//! Every SQL statement of invoices: the read both sides share, the draft
//! saved, the state changes (each one conditional `UPDATE` whose guard is
//! the invoice machine's), and payments staff record.

use super::api::InvoiceView;
use crate::{
    audit::{self, AuditEntry, AuditKind},
    db::{now, Pool, StoreError, StoreResult},
    documents::{
        api::{Followable, Status},
        editing::{
            change_state, days_after, notify_followers, refused, save_draft, DraftKind, NOT_NOW,
            UNKNOWN_ACTION,
        },
        forms::{
            document_amount, document_date, document_text, DocumentDraft, DocumentProblem,
            PaymentInput, PAYMENT_METHODS,
        },
        payable::{push_invoice_guard, reserve, PaidDocument},
        store::{
            currency, document_body, read_visible, stored, stored_payment_state, today, Reader,
        },
    },
    domain::{
        states::{Facts, InvoiceAction, InvoiceFact, InvoiceState, StateMachine},
        Money,
    },
    mail::compose::DocumentEvent,
};
use sqlx::Row;

/// What differs when an invoice is saved by hand.
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

pub fn invoice_number(year: &str, number: i64) -> String {
    format!("INV/{year}/{number:05}")
}

pub async fn invoice(pool: &Pool, reader: Reader, id: i64) -> StoreResult<InvoiceView> {
    let row = read_visible(
        pool,
        reader,
        "SELECT id, number, state, payment_state, invoice_date, due_date, customer_id, contact_id, currency, \
           amount_total, amount_paid, order_id, note FROM invoices",
        id,
        true,
    )
    .await?;
    let state: InvoiceState = stored(&row.try_get::<String, _>(2)?)?;
    let payment_state = stored_payment_state(&row.try_get::<String, _>(3)?)?;
    let due_date: String = row.try_get(5)?;
    let status = Status::of_invoice(state, payment_state, &due_date, &today());
    let body = document_body(pool, reader, Followable::Invoice, id, row.try_get(6)?).await?;
    let total: i64 = row.try_get(9)?;
    let paid: i64 = row.try_get(10)?;
    let order = match row.try_get::<Option<i64>, _>(11)? {
        Some(order_id) => {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT id, reference FROM sales_orders WHERE id = $1",
            )
            .bind(order_id)
            .fetch_optional(pool)
            .await?
        }
        None => None,
    };
    Ok(InvoiceView {
        id,
        number: row.try_get(1)?,
        overdue: status == Status::Overdue,
        status,
        state,
        payment_state,
        invoice_date: row.try_get(4)?,
        due_date,
        customer: body.customer,
        contact_id: row.try_get(7)?,
        currency: currency(&row.try_get::<String, _>(8)?)?,
        totals: body.totals,
        lines: body.lines,
        paid,
        due: total - paid,
        payments: body.payments,
        order,
        note: row.try_get(12)?,
        following: body.following,
    })
}

/// A new invoice by hand, or a draft one changed. Without a due date it
/// is due 30 days after its date.
pub async fn save_invoice(pool: &Pool, id: Option<i64>, draft: &DocumentDraft) -> StoreResult<i64> {
    let due = match &draft.until {
        Some(due) => due.clone(),
        None => days_after(&draft.date, 30),
    };
    save_draft(
        pool,
        &INVOICE,
        id,
        draft,
        Some(&due),
        |number, draft| invoice_number(&draft.date[..4], number),
        |query| push_invoice_guard(query, InvoiceAction::Edit, "d"),
    )
    .await
}

/// An invoice posted (its order's followers are told) or cancelled (only
/// while nothing has been paid on it).
pub async fn act(
    pool: &Pool,
    public_url: &str,
    id: i64,
    action: InvoiceAction,
) -> StoreResult<i64> {
    // Edits and payments keep the state and have forms of their own.
    let next = InvoiceState::target(action).ok_or(UNKNOWN_ACTION)?;
    let mut tx = crate::db::begin(pool).await?;
    change_state(
        &mut tx,
        "invoices",
        id,
        |query| {
            query.push(format!("state = '{}'", next.as_str()));
            if next == InvoiceState::Posted {
                query.push(", posted_at = ").push_bind(now());
            }
        },
        |query| push_invoice_guard(query, action, "d"),
    )
    .await?;
    if action == InvoiceAction::Post {
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
    let reserved = reserve(
        &mut tx,
        (PaidDocument::Invoice, invoice_id),
        None,
        amount,
        today(),
    )
    .await?;
    if !reserved {
        let (state, paid): (String, i64) =
            sqlx::query_as("SELECT state, amount_paid FROM invoices WHERE id = $1")
                .bind(invoice_id)
                .fetch_one(&mut *tx)
                .await?;
        let facts = Facts::none().with(InvoiceFact::Paid, paid != 0);
        return Err(
            if stored::<InvoiceState>(&state)?.allows(InvoiceAction::Pay, facts) {
                refused("amount", DocumentProblem::MoreThanDue)
            } else {
                NOT_NOW
            },
        );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invoice_number_reads_as_people_expect() {
        assert_eq!(invoice_number("2026", 7), "INV/2026/00007");
    }
}
