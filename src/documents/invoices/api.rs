//! An invoice as both sides read it, and its server functions: the
//! portal's and the back office's read, and the back office's save, state
//! changes and payments received.

use crate::{
    declare_access,
    documents::{
        api::{stored_payment_state, stored_state, Line, Party, PaymentLine, Status},
        forms::{DocumentInput, PaymentInput},
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

/// Creates an invoice by hand or changes a draft one; answers its id.
#[server(endpoint = "admin/invoice/save")]
pub async fn save_invoice(id: Option<i64>, document: DocumentInput) -> Result<i64, AppError> {
    crate::context::authorize::<SaveInvoice>()?;
    let state = crate::context::app_state()?;
    let draft = crate::documents::forms::DocumentDraft::parse(&document)?;
    let id = super::store::save_invoice(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/invoices/{id}"));
    Ok(id)
}
declare_access!(SaveInvoice: Staff);

/// `post` or `cancel`.
#[server(endpoint = "admin/invoice/act")]
pub async fn act_on_invoice(id: i64, action: String) -> Result<i64, AppError> {
    use crate::documents::api::ActionNames;
    crate::context::authorize::<ActOnInvoice>()?;
    let state = crate::context::app_state()?;
    let action =
        InvoiceState::action_named(&action).ok_or(crate::documents::editing::UNKNOWN_ACTION)?;
    let id = super::store::act(&state.pool, &state.settings.public_url, id, action).await?;
    leptos_axum::redirect(&format!("/admin/invoices/{id}"));
    Ok(id)
}
declare_access!(ActOnInvoice: Staff);

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
