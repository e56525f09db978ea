//! Invoices (with their line and payment), quotations and orders (with
//! their line), subscriptions: generated in batches, a multi-row `INSERT`
//! per [`ROWS_PER_STATEMENT`] rows and a transaction per
//! [`ROWS_PER_TRANSACTION`].

use super::{
    random::{generated_line, Calendar, Customers, Dice, Line},
    GeneratedCounts, INVOICE_PREFIX, ORDER_PREFIX, ROWS_PER_TRANSACTION, SPAN_DAYS,
    SUBSCRIPTION_PREFIX,
};
use crate::{
    demo::{
        store::{BulkInsert, Value, ROWS_PER_STATEMENT},
        DemoError,
    },
    domain::Currency,
};
use sqlx::Connection;
use std::collections::HashMap;

/// An invoice made but not yet inserted: what its line and payment need
/// once its id is known.
struct PendingInvoice {
    number: String,
    customer: i64,
    currency: Currency,
    line: Line,
    /// Amount, day received, method.
    payment: Option<(i64, usize, &'static str)>,
}

pub async fn generate_invoices(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let invoices = BulkInsert::invoices(conn);
    let lines = BulkInsert::invoice_lines(conn);
    let payments = BulkInsert::payments(conn);
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        while done < batch_end {
            let rows = (batch_end - done).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 15);
            let mut pending = Vec::with_capacity(rows as usize);
            for i in done..done + rows {
                // Numbers follow dates, as a real ledger's do.
                let day = (i * SPAN_DAYS / count.max(1)) as usize;
                let customer = who.pick(dice);
                let currency = who.currency(customer);
                let line = generated_line(dice)?;
                let total = line.2 + line.3;
                let terms = *dice.pick(&[30, 30, 30, 14, 60]);
                let due = day + terms;
                let age = calendar.today - day;
                let (state, payment_state, paid) = if age < 20 && dice.chance(200) {
                    ("draft", "not_paid", 0)
                } else if dice.chance(20) {
                    ("cancelled", "not_paid", 0)
                } else {
                    // Past its due date an invoice is mostly paid; the rest
                    // is what the overdue filter finds.
                    let roll = dice.below(1000);
                    let (paid_share, partial_share) = if due < calendar.today {
                        (950, 970)
                    } else {
                        (350, 450)
                    };
                    if roll < paid_share {
                        ("posted", "paid", total)
                    } else if roll < partial_share && total >= 2 {
                        let part = total * (20 + dice.below(61) as i64) / 100;
                        ("posted", "partial", part.clamp(1, total - 1))
                    } else {
                        ("posted", "not_paid", 0)
                    }
                };
                let payment = (paid > 0).then(|| {
                    let last = due.min(calendar.today);
                    let received = day + dice.below((last - day) as u64 + 1) as usize;
                    let method =
                        *dice.pick(&["bank_transfer", "bank_transfer", "card", "sepa_debit"]);
                    (paid, received, method)
                });
                let date = calendar.day(day);
                let number = format!("{INVOICE_PREFIX}{}/{:07}", &date[..4], base + i + 1);
                let at = calendar.timestamp(day);
                values.extend([
                    Value::Text(number.clone()),
                    Value::Int(customer),
                    Value::Int(customer),
                    Value::Text(state.into()),
                    Value::Text(payment_state.into()),
                    Value::Text(date.to_owned()),
                    Value::Text(calendar.day(due).to_owned()),
                    Value::Text(currency.code().into()),
                    Value::Int(line.2),
                    Value::Int(line.3),
                    Value::Int(total),
                    Value::Int(paid),
                    Value::MaybeInt((state != "draft").then_some(at)),
                    Value::Int(at),
                    Value::Int(at),
                ]);
                pending.push(PendingInvoice {
                    number,
                    customer,
                    currency,
                    line,
                    payment,
                });
            }
            // RETURNING promises no order: match ids back by number.
            let ids: HashMap<String, i64> = invoices
                .run(&mut tx, &values)
                .await?
                .into_iter()
                .map(|(id, number)| (number, id))
                .collect();
            let mut line_values = Vec::with_capacity(pending.len() * 9);
            let mut payment_values = Vec::new();
            for invoice in &pending {
                let id = *ids.get(&invoice.number).ok_or(DemoError::Generated(
                    "an inserted invoice did not come back",
                ))?;
                push_line_values(&mut line_values, id, &invoice.line);
                if let Some((amount, received, method)) = invoice.payment {
                    payment_values.extend([
                        Value::Int(invoice.customer),
                        Value::Int(id),
                        Value::Int(amount),
                        Value::Text(invoice.currency.code().into()),
                        Value::Text(method.into()),
                        Value::Text(format!("OP {id}")),
                        Value::Text(calendar.day(received).to_owned()),
                        Value::Int(calendar.timestamp(received)),
                    ]);
                    counts.payments += 1;
                }
            }
            lines.run(&mut tx, &line_values).await?;
            payments.run(&mut tx, &payment_values).await?;
            counts.invoices += rows;
            counts.lines += rows;
            done += rows;
        }
        tx.commit().await?;
    }
    Ok(())
}

pub async fn generate_orders(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let orders = BulkInsert::orders(conn);
    let lines = BulkInsert::order_lines(conn);
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        while done < batch_end {
            let rows = (batch_end - done).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 13);
            let mut pending = Vec::with_capacity(rows as usize);
            for i in done..done + rows {
                let day = (i * SPAN_DAYS / count.max(1)) as usize;
                let customer = who.pick(dice);
                let line = generated_line(dice)?;
                let age = calendar.today - day;
                // Four in ten are quotations: recent ones may still be
                // drafts; the rest were sent (some then dropped). Orders
                // are confirmed, a few cancelled.
                let (kind, state) = if dice.chance(400) {
                    let state = if age < 30 && dice.chance(150) {
                        "draft"
                    } else if dice.chance(150) {
                        "cancelled"
                    } else {
                        "sent"
                    };
                    ("quotation", state)
                } else if dice.chance(50) {
                    ("order", "cancelled")
                } else {
                    ("order", "confirmed")
                };
                let reference = format!("{ORDER_PREFIX}{:07}", base + i + 1);
                let at = calendar.timestamp(day);
                values.extend([
                    Value::Text(reference.clone()),
                    Value::Int(customer),
                    Value::Int(customer),
                    Value::Text(kind.into()),
                    Value::Text(state.into()),
                    Value::Text(calendar.day(day).to_owned()),
                    Value::MaybeText(
                        (kind == "quotation").then(|| calendar.day(day + 30).to_owned()),
                    ),
                    Value::Text(who.currency(customer).code().into()),
                    Value::Int(line.2),
                    Value::Int(line.3),
                    Value::Int(line.2 + line.3),
                    Value::Int(at),
                    Value::Int(at),
                ]);
                pending.push((reference, line));
            }
            let ids: HashMap<String, i64> = orders
                .run(&mut tx, &values)
                .await?
                .into_iter()
                .map(|(id, reference)| (reference, id))
                .collect();
            let mut line_values = Vec::with_capacity(pending.len() * 9);
            for (reference, line) in &pending {
                let id = *ids
                    .get(reference)
                    .ok_or(DemoError::Generated("an inserted order did not come back"))?;
                push_line_values(&mut line_values, id, line);
            }
            lines.run(&mut tx, &line_values).await?;
            counts.orders += rows;
            counts.lines += rows;
            done += rows;
        }
        tx.commit().await?;
    }
    Ok(())
}

const PLANS: [(&str, i64, &str); 5] = [
    ("Suport Standard", 19_900, "month"),
    ("Suport Pro", 49_900, "month"),
    ("Găzduire", 9_900, "month"),
    ("Mantenimiento anual", 120_000, "year"),
    ("Licență anuală", 250_000, "year"),
];

pub async fn generate_subscriptions(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let subscriptions = BulkInsert::subscriptions(conn);
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        let mut values = Vec::with_capacity((batch_end - done) as usize * 13);
        for i in done..batch_end {
            let day = (i * SPAN_DAYS / count.max(1)) as usize;
            let customer = who.pick(dice);
            let (plan, amount, period) = *dice.pick(&PLANS);
            let every = if period == "month" { 30 } else { 365 };
            let upcoming = calendar.today + 1 + dice.below(every) as usize;
            let roll = dice.below(100);
            // Most run; some are paused, ending at the next renewal, or over.
            let (state, next, ends) = if roll < 80 {
                ("active", Some(upcoming), None)
            } else if roll < 85 {
                ("paused", None, None)
            } else if roll < 90 {
                ("cancelling", Some(upcoming), Some(upcoming))
            } else {
                let ended = day + (calendar.today - day) / 2;
                ("closed", None, Some(ended))
            };
            let at = calendar.timestamp(day);
            values.extend([
                Value::Text(format!("{SUBSCRIPTION_PREFIX}{:07}", base + i + 1)),
                Value::Int(customer),
                Value::Int(customer),
                Value::Text(plan.into()),
                Value::Text(who.currency(customer).code().into()),
                Value::Int(amount),
                Value::Text(period.into()),
                Value::Text(calendar.day(day).to_owned()),
                Value::MaybeText(next.map(|d| calendar.day(d).to_owned())),
                Value::MaybeText(ends.map(|d| calendar.day(d).to_owned())),
                Value::Text(state.into()),
                Value::Int(at),
                Value::Int(at),
            ]);
        }
        subscriptions.run(&mut tx, &values).await?;
        tx.commit().await?;
        counts.subscriptions += batch_end - done;
        done = batch_end;
    }
    Ok(())
}

fn push_line_values(values: &mut Vec<Value>, document_id: i64, line: &Line) {
    let (description, terms, untaxed, tax) = line;
    values.extend([
        Value::Int(document_id),
        Value::Int(0),
        Value::Text((*description).to_owned()),
        Value::Int(terms.quantity_milli),
        Value::Int(terms.unit_price),
        Value::Int(terms.discount_bp),
        Value::Int(terms.tax_bp),
        Value::Int(*untaxed),
        Value::Int(*tax),
    ]);
}
