//! A quotation's and a sales order's life. A quotation is drafted, sent to
//! the customer, and confirmed (by staff, or by the customer paying it),
//! when it becomes an order; an order is invoiced once (unless that invoice
//! is cancelled). Either can be cancelled while nothing is paid on it and
//! no live invoice was made from it.

use super::{Fact, Facts, StateMachine};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderState {
    Draft,
    Sent,
    Confirmed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderAction {
    /// Staff change the draft's lines, customer or dates.
    Edit,
    Send,
    Confirm,
    /// Make the order's invoice (the order stays confirmed).
    Invoice,
    Cancel,
    /// The customer pays (part of) it: a quotation's *Accept and pay*, or
    /// a confirmed order not yet invoiced.
    Pay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderFact {
    /// Some money was paid on it.
    Paid,
    /// An invoice that is not cancelled was made from it.
    Invoiced,
    /// A quotation whose validity date has passed.
    Expired,
}

impl Fact for OrderFact {
    const ALL: &'static [Self] = &[Self::Paid, Self::Invoiced, Self::Expired];
}

impl StateMachine for OrderState {
    type Action = OrderAction;
    type Fact = OrderFact;
    const STATES: &'static [Self] = &[Self::Draft, Self::Sent, Self::Confirmed, Self::Cancelled];
    const ACTIONS: &'static [OrderAction] = &[
        OrderAction::Edit,
        OrderAction::Send,
        OrderAction::Confirm,
        OrderAction::Invoice,
        OrderAction::Cancel,
        OrderAction::Pay,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
        }
    }

    fn next(self, action: OrderAction, facts: Facts<OrderFact>) -> Option<Self> {
        use OrderAction as A;
        use OrderState as S;
        let invoiced = facts.has(OrderFact::Invoiced);
        match (self, action) {
            (S::Draft, A::Edit) => Some(S::Draft),
            (S::Draft, A::Send) => Some(S::Sent),
            (S::Draft | S::Sent, A::Confirm) => Some(S::Confirmed),
            (S::Confirmed, A::Invoice) if !invoiced => Some(S::Confirmed),
            (S::Draft | S::Sent | S::Confirmed, A::Cancel)
                if !invoiced && !facts.has(OrderFact::Paid) =>
            {
                Some(S::Cancelled)
            }
            (S::Sent, A::Pay) if !invoiced && !facts.has(OrderFact::Expired) => Some(S::Sent),
            (S::Confirmed, A::Pay) if !invoiced => Some(S::Confirmed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{
        actions_keep_or_target, facts_are_distinct, guard_matches_next, names_round_trip,
        table_holds,
    };
    use super::*;
    use OrderAction as A;
    use OrderState as S;

    fn with(facts: &[OrderFact]) -> Facts<OrderFact> {
        facts
            .iter()
            .fold(Facts::none(), |f, fact| f.with(*fact, true))
    }

    #[test]
    fn every_state_and_action_with_no_facts() {
        let expected = [
            (
                S::Draft,
                [
                    Some(S::Draft),
                    Some(S::Sent),
                    Some(S::Confirmed),
                    None,
                    Some(S::Cancelled),
                    None,
                ],
            ),
            (
                S::Sent,
                [
                    None,
                    None,
                    Some(S::Confirmed),
                    None,
                    Some(S::Cancelled),
                    Some(S::Sent),
                ],
            ),
            (
                S::Confirmed,
                [
                    None,
                    None,
                    None,
                    Some(S::Confirmed),
                    Some(S::Cancelled),
                    Some(S::Confirmed),
                ],
            ),
            (S::Cancelled, [None, None, None, None, None, None]),
        ];
        table_holds(Facts::none(), &expected);
    }

    #[test]
    fn nothing_paid_or_invoiced_is_cancelled() {
        for state in [S::Draft, S::Sent, S::Confirmed] {
            assert!(!state.allows(A::Cancel, with(&[OrderFact::Paid])));
            assert!(!state.allows(A::Cancel, with(&[OrderFact::Invoiced])));
            assert!(state.allows(A::Cancel, with(&[OrderFact::Expired])));
        }
    }

    #[test]
    fn an_invoiced_order_is_paid_on_its_invoice_and_invoiced_once() {
        assert!(!S::Confirmed.allows(A::Pay, with(&[OrderFact::Invoiced])));
        assert!(!S::Sent.allows(A::Pay, with(&[OrderFact::Invoiced])));
        assert!(!S::Confirmed.allows(A::Invoice, with(&[OrderFact::Invoiced])));
        assert!(S::Confirmed.allows(A::Pay, with(&[OrderFact::Paid])));
    }

    #[test]
    fn an_expired_quotation_is_not_paid_but_an_order_is() {
        assert!(!S::Sent.allows(A::Pay, with(&[OrderFact::Expired])));
        assert!(S::Confirmed.allows(A::Pay, with(&[OrderFact::Expired])));
        // Staff may still confirm a quotation past its date.
        assert!(S::Sent.allows(A::Confirm, with(&[OrderFact::Expired])));
    }

    #[test]
    fn the_machine_is_consistent() {
        names_round_trip::<OrderState>();
        facts_are_distinct::<OrderFact>();
        guard_matches_next::<OrderState>();
        actions_keep_or_target::<OrderState>();
    }
}
