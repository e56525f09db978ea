//! The back office's writes that every kind shares: numbering, lines and
//! totals of a draft, a draft saved, a state changed by one conditional
//! `UPDATE` whose guard the kind's machine gives (so two clicks cannot both
//! win), and the emails followers get. Each kind's own writes are in its
//! `store.rs`.

use crate::documents::{
    api::Followable,
    forms::{DocumentDraft, DocumentProblem},
};
use crate::{
    db::{now, Pool, SqlBuilder, StoreError, StoreResult},
    domain::{totals::totals, FieldProblem, Locale, Money},
    mail::{
        self,
        compose::{compose, DocumentEvent, Notice},
    },
};
use sqlx::AnyConnection;

pub use crate::documents::{
    invoices::store::{invoice_number, record_payment, save_invoice},
    orders::store::{announce_confirmation, order_reference, save_order},
    subscriptions::store::{save_subscription, subscription_reference},
};

/// Refusal of a change the document's state does not allow.
pub const NOT_NOW: StoreError = StoreError::Invalid("state", "error-document-state");

/// Refusal of a button's name no action answers to.
pub const UNKNOWN_ACTION: StoreError = StoreError::Invalid("action", "error-choice");

pub fn refused(field: &'static str, problem: DocumentProblem) -> StoreError {
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

pub async fn check_customer(conn: &mut AnyConnection, customer_id: i64) -> StoreResult<()> {
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
pub async fn next_number(conn: &mut AnyConnection, sequence: &str) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE document_sequences SET next_value = next_value + 1 WHERE name = $1 RETURNING next_value - 1",
    )
    .bind(sequence)
    .fetch_one(conn)
    .await?)
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
pub struct DraftKind {
    pub table: &'static str,
    pub lines_column: &'static str,
    pub number_column: &'static str,
    pub date_column: &'static str,
    pub until_column: &'static str,
    pub sequence: &'static str,
    /// Columns (and their fixed values) a new one starts with.
    pub start_columns: &'static str,
    pub start_values: &'static str,
}

/// A new draft, or a draft changed (any other state refuses), with its
/// lines and totals, in one transaction.
pub async fn save_draft<'q>(
    pool: &Pool,
    kind: &DraftKind,
    id: Option<i64>,
    draft: &DocumentDraft,
    until: Option<&str>,
    number: impl FnOnce(i64, &DocumentDraft) -> String,
    editable: impl FnOnce(&mut SqlBuilder<'q>),
) -> StoreResult<i64> {
    let sums = draft_totals(draft)?;
    let mut tx = crate::db::begin(pool).await?;
    let id = match id {
        Some(id) => {
            let until = until.map(str::to_owned);
            change_state(
                &mut tx,
                kind.table,
                id,
                |query| {
                    push_customer(query, draft.customer_id);
                    query
                        .push(format!(", {} = ", kind.date_column))
                        .push_bind(draft.date.clone())
                        .push(format!(", {} = ", kind.until_column))
                        .push_bind(until)
                        .push(", currency = ")
                        .push_bind(draft.currency.code())
                        .push(", amount_untaxed = ")
                        .push_bind(sums.untaxed)
                        .push(", amount_tax = ")
                        .push_bind(sums.tax)
                        .push(", amount_total = ")
                        .push_bind(sums.total)
                        .push(", note = ")
                        .push_bind(draft.note.clone());
                },
                editable,
            )
            .await?;
            id
        }
        None => {
            let number = number(next_number(&mut tx, kind.sequence).await?, draft);
            let at = now();
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

pub fn map_foreign_key(error: sqlx::Error) -> StoreError {
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

/// A document's customer, who is also its contact, as `SET` pairs.
pub fn push_customer(query: &mut SqlBuilder<'_>, customer_id: i64) {
    query
        .push("customer_id = ")
        .push_bind(customer_id)
        .push(", contact_id = ")
        .push_bind(customer_id);
}

/// Changes one document of `table` (aliased `d`) by one conditional
/// `UPDATE`: `set` writes the new values (binding each), `guard` the
/// kind's machine's condition for the action. Nothing changed means the
/// document is missing or its state does not allow it.
pub async fn change_state<'q>(
    conn: &mut AnyConnection,
    table: &'static str,
    id: i64,
    set: impl FnOnce(&mut SqlBuilder<'q>),
    guard: impl FnOnce(&mut SqlBuilder<'q>),
) -> StoreResult<()> {
    let mut query = SqlBuilder::new(format!("UPDATE {table} AS d SET "));
    set(&mut query);
    query.push(", updated_at = ").push_bind(now());
    query.push(" WHERE id = ").push_bind(id).push(" AND ");
    guard(&mut query);
    let changed = query
        .build()
        .execute(&mut *conn)
        .await
        .map_err(map_foreign_key)?;
    if changed.rows_affected() == 0 {
        return Err(missing_or_not_now(conn, table, id).await);
    }
    Ok(())
}

/// `date` plus `days`, as 'YYYY-MM-DD'; `date` itself if it is not a date.
pub fn days_after(date: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
        .map_or_else(|| date.to_owned(), |d| d.format("%Y-%m-%d").to_string())
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
    let followers = super::followers(conn, document, id).await?;
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
pub async fn notify_followers(
    conn: &mut AnyConnection,
    public_url: &str,
    document: Followable,
    id: i64,
    event: DocumentEvent,
    reference: &str,
    amount: &Money,
    path: &str,
) -> StoreResult<()> {
    for (to, name, lang) in super::followers(conn, document, id).await? {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_on_the_calendar() {
        assert_eq!(days_after("2026-12-15", 30), "2027-01-14");
        assert_eq!(days_after("bad", 30), "bad");
    }
}
