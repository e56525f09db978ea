//! Money asked of a payment provider, or taken from the eWallet: a
//! customer's payment, an eWallet top-up, a refund. Each is written
//! pending before the provider is asked (so a crash leaves a trace that
//! start-up finishes), and ends succeeded or failed, once.

use super::{Facts, NoFact, StateMachine};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
/// Sent to pages under its stored name, as the text it replaced was.
#[serde(rename_all = "snake_case")]
pub enum ChargeState {
    Pending,
    Succeeded,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChargeAction {
    /// The provider took (or gave back) the money.
    Succeed,
    /// The provider refused.
    Fail,
}

impl StateMachine for ChargeState {
    type Action = ChargeAction;
    type Fact = NoFact;
    const STATES: &'static [Self] = &[Self::Pending, Self::Succeeded, Self::Failed];
    const ACTIONS: &'static [ChargeAction] = &[ChargeAction::Succeed, ChargeAction::Fail];

    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    fn next(self, action: ChargeAction, _: Facts<NoFact>) -> Option<Self> {
        match (self, action) {
            (Self::Pending, ChargeAction::Succeed) => Some(Self::Succeeded),
            (Self::Pending, ChargeAction::Fail) => Some(Self::Failed),
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
    use ChargeState as S;

    #[test]
    fn every_state_and_action() {
        let expected = [
            (S::Pending, [Some(S::Succeeded), Some(S::Failed)]),
            (S::Succeeded, [None, None]),
            (S::Failed, [None, None]),
        ];
        table_holds(Facts::none(), &expected);
    }

    #[test]
    fn the_machine_is_consistent() {
        names_round_trip::<ChargeState>();
        guard_matches_next::<ChargeState>();
        actions_keep_or_target::<ChargeState>();
    }

    #[test]
    fn pages_receive_the_stored_name() {
        for state in ChargeState::STATES {
            assert_eq!(
                serde_json::to_value(state).ok(),
                Some(serde_json::Value::from(state.as_str()))
            );
        }
    }
}
