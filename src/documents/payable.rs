//! What a customer can pay (an invoice, or a quotation or order) and the
//! one way money is counted on it: `reserve` before a charge (or a staff
//! record), `release` after a refused charge or a refund. Customer payments
//! by card, eWallet payments and payments staff record all go through it,
//! so the amount check and the stored payment state are written once.

use serde::{Deserialize, Serialize};

/// What a customer pays from its page: an invoice, or a quotation or
/// order (a quotation paid becomes a confirmed order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidDocument {
    Invoice,
    Order,
}

impl PaidDocument {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Order => "order",
        }
    }

    /// The document's page in the portal.
    pub fn page(self, id: i64) -> String {
        match self {
            Self::Invoice => format!("/my/invoices/{id}"),
            Self::Order => format!("/my/orders/{id}"),
        }
    }
}

#[cfg(feature = "ssr")]
pub use store::{push_invoice_guard, push_open_for_payment, push_order_guard, release, reserve};

#[cfg(feature = "ssr")]
mod store {
    use super::PaidDocument;
    use crate::{
        db::{
            guard::{payment_state_sql, push_guard},
            now, SqlBuilder, StoreResult,
        },
        domain::states::{
            InvoiceAction, InvoiceFact, InvoiceState, OrderAction, OrderFact, OrderState,
            StateMachine,
        },
    };
    use sqlx::AnyConnection;

    /// Whether the customer may pay the document `alias` today, as SQL
    /// pushed into `query`: a posted invoice; a quotation sent and still
    /// valid, or a confirmed order, not yet invoiced (after that its
    /// invoice is paid). From the state machines' `Pay` action.
    pub fn push_open_for_payment<'args>(
        query: &mut SqlBuilder<'args>,
        document: PaidDocument,
        alias: &str,
        today: String,
    ) {
        match document {
            PaidDocument::Invoice => push_invoice_guard(query, InvoiceAction::Pay, alias),
            PaidDocument::Order => push_order_guard(query, OrderAction::Pay, alias, today),
        }
    }

    /// The invoice machine's guard for `action` on the invoice `alias`.
    pub fn push_invoice_guard(query: &mut SqlBuilder<'_>, action: InvoiceAction, alias: &str) {
        push_guard::<InvoiceState>(
            query,
            action,
            &format!("{alias}.state"),
            |query, InvoiceFact::Paid| {
                query.push(format!("{alias}.amount_paid <> 0"));
            },
        );
    }

    /// The order machine's guard for `action` on the order `alias`, its
    /// facts written in SQL (`today` decides whether a quotation expired).
    pub fn push_order_guard<'args>(
        query: &mut SqlBuilder<'args>,
        action: OrderAction,
        alias: &str,
        today: String,
    ) {
        push_guard::<OrderState>(
            query,
            action,
            &format!("{alias}.state"),
            |query, fact| match fact {
                OrderFact::Paid => {
                    query.push(format!("{alias}.amount_paid <> 0"));
                }
                OrderFact::Invoiced => {
                    query.push(format!(
                        "EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = {alias}.id AND i.state <> '{}')",
                        InvoiceState::Cancelled.as_str()
                    ));
                }
                OrderFact::Expired => {
                    query.push(format!(
                        "{alias}.kind = 'quotation' AND {alias}.valid_until IS NOT NULL AND {alias}.valid_until < "
                    ));
                    query.push_bind(today.clone());
                }
            },
        );
    }

    /// Counts `amount` as paid on the document, if it may be paid now and
    /// the amount does not pass what is due: one conditional `UPDATE`, so
    /// of two payments racing for the last part exactly one wins. With a
    /// `customer_id`, only that customer's document. Answers whether it
    /// was reserved.
    pub async fn reserve(
        conn: &mut AnyConnection,
        (document, id): (PaidDocument, i64),
        customer_id: Option<i64>,
        amount: i64,
        today: String,
    ) -> StoreResult<bool> {
        let (table, alias) = table(document);
        let mut query = SqlBuilder::new(format!(
            "UPDATE {table} AS {alias} SET amount_paid = amount_paid + "
        ));
        query.push_bind(amount);
        if document == PaidDocument::Invoice {
            query.push(", payment_state = ");
            push_payment_state_after(&mut query, amount);
        }
        query.push(", updated_at = ").push_bind(now());
        query.push(" WHERE id = ").push_bind(id);
        if let Some(customer_id) = customer_id {
            query.push(" AND customer_id = ").push_bind(customer_id);
        }
        query
            .push(" AND amount_paid + ")
            .push_bind(amount)
            .push(" <= amount_total AND ");
        push_open_for_payment(&mut query, document, alias, today);
        let reserved = query.build().execute(&mut *conn).await?;
        Ok(reserved.rows_affected() > 0)
    }

    /// Gives back `amount` counted on the document (a refused charge, or a
    /// refund), in the caller's transaction.
    pub async fn release(
        conn: &mut AnyConnection,
        (document, id): (PaidDocument, i64),
        amount: i64,
    ) -> StoreResult<()> {
        let (table, alias) = table(document);
        let mut query = SqlBuilder::new(format!(
            "UPDATE {table} AS {alias} SET amount_paid = amount_paid - "
        ));
        query.push_bind(amount);
        if document == PaidDocument::Invoice {
            query.push(", payment_state = ");
            push_payment_state_after(&mut query, -amount);
        }
        query.push(", updated_at = ").push_bind(now());
        query.push(" WHERE id = ").push_bind(id);
        query.build().execute(&mut *conn).await?;
        Ok(())
    }

    /// The payment state once `change` is added to what is paid.
    fn push_payment_state_after(query: &mut SqlBuilder<'_>, change: i64) {
        // The change is a whole number of minor units, not user text.
        query.push(payment_state_sql(
            &format!("(amount_paid + ({change}))"),
            "amount_total",
        ));
    }

    fn table(document: PaidDocument) -> (&'static str, &'static str) {
        match document {
            PaidDocument::Invoice => ("invoices", "d"),
            PaidDocument::Order => ("sales_orders", "d"),
        }
    }
}
