//! An invoice as both sides read it, and its server functions: the
//! portal's and the back office's read, and the back office's save, state
//! changes and payments received.

use crate::{
    declare_access,
    documents::{
        api::{stored_payment_state, stored_state, Line, Party, PaymentLine, Status},
        forms::PaymentInput,
    },
    domain::{
        states::{
            Facts, InvoiceAction, InvoiceFact, InvoicePaymentState, InvoiceState, StateMachine,
        },
        totals::Totals,
        Currency,
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An invoice, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub id: i64,
    pub number: String,
    #[serde(with = "stored_state")]
    pub state: InvoiceState,
    #[serde(with = "stored_payment_state")]
    pub payment_state: InvoicePaymentState,
    pub status: Status,
    pub invoice_date: String,
    pub due_date: String,
    pub overdue: bool,
    pub customer: Party,
    pub contact_id: i64,
    pub currency: Currency,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub paid: i64,
    pub due: i64,
    pub payments: Vec<PaymentLine>,
    pub order: Option<(i64, String)>,
    pub note: String,
    pub following: bool,
}

impl InvoiceView {
    /// What its machine's rules read beside its state.
    pub fn facts(&self) -> Facts<InvoiceFact> {
        Facts::none().with(InvoiceFact::Paid, self.paid != 0)
    }

    pub fn allows(&self, action: InvoiceAction) -> bool {
        self.state.allows(action, self.facts())
    }

    /// What is still due, while it is the customer's to pay.
    pub fn amount_due(&self) -> Option<i64> {
        (self.state == InvoiceState::Posted).then_some(self.due)
    }

    /// Money can be received against it now: its machine allows `Pay` and
    /// something is still due.
    pub fn payable(&self) -> bool {
        self.allows(InvoiceAction::Pay) && self.due > 0
    }
}

document_reads!(
    InvoiceView, crate::documents::invoices::store::invoice,
    portal: my_invoice, MyInvoice, "my/invoice",
    backoffice: backoffice_invoice, BackofficeInvoice, "admin/invoice",
);

draft_writes!(
    save: save_invoice, SaveInvoice, "admin/invoice/save", crate::documents::invoices::store::save_invoice;
    act: act_on_invoice, ActOnInvoice, "admin/invoice/act", InvoiceState, crate::documents::invoices::store::act;
    page: page_after,
);

/// The back-office page to show after an invoice's save or action: its own.
#[cfg(feature = "ssr")]
fn page_after(_: Option<InvoiceAction>, id: i64) -> String {
    format!("/admin/invoices/{id}")
}

/// Records money received against a posted invoice; never more than is due.
#[server(endpoint = "admin/payment/record")]
pub async fn record_payment(invoice_id: i64, payment: PaymentInput) -> Result<i64, AppError> {
    let staff = crate::context::authorize::<RecordPayment>()?;
    let state = crate::context::app_state()?;
    let payment_id = super::store::record_payment(
        &state.pool,
        &state.settings.public_url,
        Some(staff.user_id),
        invoice_id,
        &payment,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/invoices/{invoice_id}"));
    Ok(payment_id)
}
declare_access!(RecordPayment: Staff);
