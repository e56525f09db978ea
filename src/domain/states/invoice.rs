//! An invoice's life, and what has been paid of it. A draft is posted
//! (then it is the customer's to pay) or cancelled; a posted invoice can be
//! cancelled only while nothing is paid on it.

use super::{Fact, Facts, StateMachine};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceState {
    Draft,
    Posted,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceAction {
    /// Staff change the draft.
    Edit,
    Post,
    Cancel,
    /// Money received against it: the customer's payment (card, eWallet)
    /// or one staff record. How much is the amount check's business
    /// (never past the total); this says when.
    Pay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceFact {
    /// Some money was paid on it.
    Paid,
}

impl Fact for InvoiceFact {
    const ALL: &'static [Self] = &[Self::Paid];
}

impl StateMachine for InvoiceState {
    type Action = InvoiceAction;
    type Fact = InvoiceFact;
    const STATES: &'static [Self] = &[Self::Draft, Self::Posted, Self::Cancelled];
    const ACTIONS: &'static [InvoiceAction] = &[
        InvoiceAction::Edit,
        InvoiceAction::Post,
        InvoiceAction::Cancel,
        InvoiceAction::Pay,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Posted => "posted",
            Self::Cancelled => "cancelled",
        }
    }

    fn next(self, action: InvoiceAction, facts: Facts<InvoiceFact>) -> Option<Self> {
        use InvoiceAction as A;
        use InvoiceState as S;
        match (self, action) {
            (S::Draft, A::Edit) => Some(S::Draft),
            (S::Draft, A::Post) => Some(S::Posted),
            (S::Draft | S::Posted, A::Cancel) if !facts.has(InvoiceFact::Paid) => {
                Some(S::Cancelled)
            }
            (S::Posted, A::Pay) => Some(S::Posted),
            _ => None,
        }
    }
}

/// How much of a document has been paid, as its badge and filters say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoicePaymentState {
    NotPaid,
    Partial,
    Paid,
}

impl InvoicePaymentState {
    pub const ALL: [Self; 3] = [Self::NotPaid, Self::Partial, Self::Paid];

    /// The one rule: nothing (or less) paid is not paid, the total (or
    /// more) is paid, anything between is partial. The SQL that stores it
    /// (`db::guard::payment_state_sql`) is tested against this.
    pub fn of(paid: i64, total: i64) -> Self {
        if paid <= 0 {
            Self::NotPaid
        } else if paid >= total {
            Self::Paid
        } else {
            Self::Partial
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotPaid => "not_paid",
            Self::Partial => "partial",
            Self::Paid => "paid",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{
        actions_keep_or_target, facts_are_distinct, guard_matches_next, names_round_trip,
        table_holds,
    };
    use super::*;
    use InvoiceState as S;

    #[test]
    fn every_state_and_action_with_nothing_paid() {
        let expected = [
            (
                S::Draft,
                [Some(S::Draft), Some(S::Posted), Some(S::Cancelled), None],
            ),
            (S::Posted, [None, None, Some(S::Cancelled), Some(S::Posted)]),
            (S::Cancelled, [None, None, None, None]),
        ];
        table_holds(Facts::none(), &expected);
    }

    #[test]
    fn every_state_and_action_with_something_paid() {
        let paid = Facts::none().with(InvoiceFact::Paid, true);
        let expected = [
            (S::Draft, [Some(S::Draft), Some(S::Posted), None, None]),
            (S::Posted, [None, None, None, Some(S::Posted)]),
            (S::Cancelled, [None, None, None, None]),
        ];
        table_holds(paid, &expected);
    }

    #[test]
    fn payment_state_of_amounts() {
        use InvoicePaymentState as P;
        assert_eq!(P::of(0, 100), P::NotPaid);
        assert_eq!(P::of(-5, 100), P::NotPaid);
        assert_eq!(P::of(1, 100), P::Partial);
        assert_eq!(P::of(99, 100), P::Partial);
        assert_eq!(P::of(100, 100), P::Paid);
        assert_eq!(P::of(0, 0), P::NotPaid);
        for state in P::ALL {
            assert_eq!(P::parse(state.as_str()), Some(state));
        }
        assert_eq!(P::parse("reversed"), None);
    }

    #[test]
    fn the_machine_is_consistent() {
        names_round_trip::<InvoiceState>();
        facts_are_distinct::<InvoiceFact>();
        guard_matches_next::<InvoiceState>();
        actions_keep_or_target::<InvoiceState>();
    }
}
