//! A quotation or sales order as both sides read it, and its server
//! functions: the portal's and the back office's read, and the back
//! office's save and state changes.

use crate::{
    declare_access,
    documents::{
        api::{stored_state, Line, Party, PaymentLine, Status},
        forms::DocumentInput,
    },
    domain::{
        states::{Facts, OrderAction, OrderFact, OrderState, StateMachine},
        totals::Totals,
        Currency,
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A quotation or sales order, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i64,
    /// The customer may pay it now: its machine allows `Pay` and something
    /// is still due.
    pub payable: bool,
    pub reference: String,
    pub is_quotation: bool,
    #[serde(with = "stored_state")]
    pub state: OrderState,
    pub status: Status,
    pub order_date: String,
    pub valid_until: Option<String>,
    pub customer: Party,
    pub contact_id: i64,
    pub currency: Currency,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub paid: i64,
    pub payments: Vec<PaymentLine>,
    /// Invoices made from it: id and number (cancelled ones too).
    pub invoices: Vec<(i64, String)>,
    /// An invoice that is not cancelled was made from it.
    pub invoiced: bool,
    /// A quotation whose validity date has passed (on the day it was read).
    pub expired: bool,
    pub note: String,
    pub following: bool,
}

impl OrderView {
    /// What its machine's rules read beside its state.
    pub fn facts(&self) -> Facts<OrderFact> {
        Facts::none()
            .with(OrderFact::Paid, self.paid != 0)
            .with(OrderFact::Invoiced, self.invoiced)
            .with(OrderFact::Expired, self.expired)
    }

    pub fn allows(&self, action: OrderAction) -> bool {
        self.state.allows(action, self.facts())
    }
}

document_reads!(
    OrderView, crate::documents::orders::store::order,
    portal: my_order, MyOrder, "my/order",
    backoffice: backoffice_order, BackofficeOrder, "admin/order",
);

/// Creates a quotation (no `id`) or changes a draft one; answers its id.
#[server(endpoint = "admin/order/save")]
pub async fn save_order(id: Option<i64>, document: DocumentInput) -> Result<i64, AppError> {
    crate::context::authorize::<SaveOrder>()?;
    let state = crate::context::app_state()?;
    let draft = crate::documents::forms::DocumentDraft::parse(&document)?;
    let id = super::store::save_order(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/orders/{id}"));
    Ok(id)
}
declare_access!(SaveOrder: Staff);

/// `send`, `confirm`, `cancel`, or `invoice` (make its invoice); answers
/// the id of the page to show next.
#[server(endpoint = "admin/order/act")]
pub async fn act_on_order(id: i64, action: String) -> Result<i64, AppError> {
    use crate::documents::api::ActionNames;
    crate::context::authorize::<ActOnOrder>()?;
    let state = crate::context::app_state()?;
    let action =
        OrderState::action_named(&action).ok_or(crate::documents::editing::UNKNOWN_ACTION)?;
    let next = super::store::act(&state.pool, &state.settings.public_url, id, action).await?;
    let list = if action == OrderAction::Invoice {
        "invoices"
    } else {
        "orders"
    };
    leptos_axum::redirect(&format!("/admin/{list}/{next}"));
    Ok(next)
}
declare_access!(ActOnOrder: Staff);
