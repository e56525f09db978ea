//! A subscription's life. It runs (active), can be paused and resumed, is
//! cancelled at the end of its period (cancelling, until its next invoice
//! date; resuming undoes it), or closed for good.

use super::{Facts, NoFact, StateMachine};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
/// Sent to pages under its stored name, as the text it replaced was.
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Active,
    Paused,
    Cancelling,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SubscriptionAction {
    /// Staff change its plan, amount, period or dates.
    Edit,
    Pause,
    Resume,
    /// Cancel at the end of the period (staff, or the customer in the portal).
    Cancel,
    Close,
    /// The customer chooses the payment method that renews it.
    ChangeRenewal,
}

impl StateMachine for SubscriptionState {
    type Action = SubscriptionAction;
    type Fact = NoFact;
    const STATES: &'static [Self] = &[Self::Active, Self::Paused, Self::Cancelling, Self::Closed];
    const ACTIONS: &'static [SubscriptionAction] = &[
        SubscriptionAction::Edit,
        SubscriptionAction::Pause,
        SubscriptionAction::Resume,
        SubscriptionAction::Cancel,
        SubscriptionAction::Close,
        SubscriptionAction::ChangeRenewal,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Cancelling => "cancelling",
            Self::Closed => "closed",
        }
    }

    fn next(self, action: SubscriptionAction, _: Facts<NoFact>) -> Option<Self> {
        use SubscriptionAction as A;
        use SubscriptionState as S;
        match (self, action) {
            (S::Closed, _) => None,
            (state, A::Edit) => Some(state),
            (S::Active, A::Pause) => Some(S::Paused),
            (S::Paused | S::Cancelling, A::Resume) => Some(S::Active),
            (S::Active | S::Paused, A::Cancel) => Some(S::Cancelling),
            (_, A::Close) => Some(S::Closed),
            (state @ (S::Active | S::Paused), A::ChangeRenewal) => Some(state),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{
        actions_keep_or_target, guard_matches_next, names_round_trip, table_holds,
    };
    use super::*;
    use SubscriptionState as S;

    #[test]
    fn every_state_and_action() {
        let expected = [
            (
                S::Active,
                [
                    Some(S::Active),
                    Some(S::Paused),
                    None,
                    Some(S::Cancelling),
                    Some(S::Closed),
                    Some(S::Active),
                ],
            ),
            (
                S::Paused,
                [
                    Some(S::Paused),
                    None,
                    Some(S::Active),
                    Some(S::Cancelling),
                    Some(S::Closed),
                    Some(S::Paused),
                ],
            ),
            (
                S::Cancelling,
                [
                    Some(S::Cancelling),
                    None,
                    Some(S::Active),
                    None,
                    Some(S::Closed),
                    None,
                ],
            ),
            (S::Closed, [None, None, None, None, None, None]),
        ];
        table_holds(Facts::none(), &expected);
    }

    #[test]
    fn the_machine_is_consistent() {
        names_round_trip::<SubscriptionState>();
        guard_matches_next::<SubscriptionState>();
        actions_keep_or_target::<SubscriptionState>();
    }

    #[test]
    fn pages_receive_the_stored_name() {
        for state in SubscriptionState::STATES {
            assert_eq!(
                serde_json::to_value(state).ok(),
                Some(serde_json::Value::from(state.as_str()))
            );
        }
    }
}
