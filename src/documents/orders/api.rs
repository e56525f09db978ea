//! A quotation or sales order as both sides read it, and its server
//! functions: the portal's and the back office's read, and the back
//! office's save and state changes.

use crate::{
    documents::api::{stored_state, Line, Party, PaymentLine, Status},
    domain::{
        states::{Facts, OrderAction, OrderFact, OrderState, StateMachine},
        totals::Totals,
        Currency,
    },
};
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

draft_writes!(
    save: save_order, SaveOrder, "admin/order/save", crate::documents::orders::store::save_order;
    act: act_on_order, ActOnOrder, "admin/order/act", OrderState, crate::documents::orders::store::act;
    page: page_after,
);

/// The back-office page to show after a quotation's save or action: the
/// new invoice's after `invoice`, the order's otherwise.
#[cfg(feature = "ssr")]
fn page_after(action: Option<OrderAction>, id: i64) -> String {
    if action == Some(OrderAction::Invoice) {
        format!("/admin/invoices/{id}")
    } else {
        format!("/admin/orders/{id}")
    }
}
