//! The lives of documents and payments as state machines: each machine is
//! an enum of states, an enum of actions, the facts beyond the state that a
//! rule may read (has anything been paid, has the order been invoiced…),
//! and one function, `next`, that says whether an action is allowed and
//! what state follows. Everything else is derived from `next`: the buttons
//! a page shows (`allows`) and the `WHERE` guard of the conditional
//! `UPDATE` that makes the change (`guard`, rendered into SQL by
//! `db::guard`), so the page and the database can never disagree.

mod charge;
mod invoice;
mod order;
mod subscription;

pub use charge::{ChargeAction, ChargeState};
pub use invoice::{InvoiceAction, InvoiceFact, InvoicePaymentState, InvoiceState};
pub use order::{OrderAction, OrderFact, OrderState};
pub use subscription::{SubscriptionAction, SubscriptionState};

use std::{fmt::Debug, marker::PhantomData};

/// One yes-or-no fact about a document, beyond its state, that a rule reads.
pub trait Fact: Copy + Eq + Debug + 'static {
    /// Every fact of the machine, in a fixed order (their bit positions).
    const ALL: &'static [Self];

    fn bit(self) -> u8 {
        let position = Self::ALL.iter().position(|fact| *fact == self);
        // Every fact is in ALL (the unit tests check each machine's list).
        1 << position.unwrap_or(0)
    }
}

/// For a machine whose rules read nothing but the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFact {}

impl Fact for NoFact {
    const ALL: &'static [Self] = &[];
}

/// Which facts hold for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts<F: Fact> {
    bits: u8,
    kind: PhantomData<F>,
}

impl<F: Fact> Facts<F> {
    pub fn none() -> Self {
        Self::from_bits(0)
    }

    fn from_bits(bits: u8) -> Self {
        Self {
            bits,
            kind: PhantomData,
        }
    }

    /// These facts, and also `fact` when `holds`.
    #[must_use]
    pub fn with(self, fact: F, holds: bool) -> Self {
        if holds {
            Self::from_bits(self.bits | fact.bit())
        } else {
            Self::from_bits(self.bits & !fact.bit())
        }
    }

    pub fn has(self, fact: F) -> bool {
        self.bits & fact.bit() != 0
    }

    /// Every combination of the machine's facts.
    pub fn every() -> impl Iterator<Item = Self> {
        (0..1u8 << F::ALL.len()).map(Self::from_bits)
    }
}

/// A state machine: its states and actions, and the one rule between them.
pub trait StateMachine: Copy + Eq + Debug + 'static {
    type Action: Copy + Eq + Debug + 'static;
    type Fact: Fact;
    const STATES: &'static [Self];
    const ACTIONS: &'static [Self::Action];

    /// The name stored in the database (and checked by its CHECK constraint).
    fn as_str(self) -> &'static str;

    /// The state `action` leads to from this state, given the facts; `None`
    /// when the action is not allowed.
    fn next(self, action: Self::Action, facts: Facts<Self::Fact>) -> Option<Self>;

    fn allows(self, action: Self::Action, facts: Facts<Self::Fact>) -> bool {
        self.next(action, facts).is_some()
    }

    /// The one state `action` leads to wherever it is allowed, when that
    /// is a change (send, confirm, post, pause…): what a `SET state = …`
    /// writes. `None` for an action that keeps the state it starts from
    /// (an edit, a payment) or is never allowed.
    fn target(action: Self::Action) -> Option<Self> {
        let mut moves = Self::STATES.iter().flat_map(|&from| {
            Facts::every().filter_map(move |facts| from.next(action, facts).map(|to| (from, to)))
        });
        let (first_from, target) = moves.next()?;
        let mut changes = first_from != target;
        for (from, to) in moves {
            if to != target {
                return None;
            }
            changes |= from != to;
        }
        changes.then_some(target)
    }

    /// The state stored as `text`; `None` for anything else.
    fn parse(text: &str) -> Option<Self> {
        Self::STATES
            .iter()
            .copied()
            .find(|state| state.as_str() == text)
    }
}

/// One way an action may be allowed: the state is one of `states` and each
/// `(fact, holds)` of `facts` is as said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardClause<M: StateMachine> {
    pub states: Vec<M>,
    pub facts: Vec<(M::Fact, bool)>,
}

/// When `action` is allowed, derived from `next` alone: the clauses are
/// alternatives (OR), each a set of states and the facts it needs (AND).
/// No clause means never.
pub fn guard<M: StateMachine>(action: M::Action) -> Vec<GuardClause<M>> {
    let mut clauses: Vec<GuardClause<M>> = Vec::new();
    for &state in M::STATES {
        let allowed: Vec<Facts<M::Fact>> = Facts::every()
            .filter(|facts| state.allows(action, *facts))
            .collect();
        for facts in needed_facts(&allowed) {
            match clauses.iter_mut().find(|clause| clause.facts == facts) {
                Some(clause) => clause.states.push(state),
                None => clauses.push(GuardClause {
                    states: vec![state],
                    facts,
                }),
            }
        }
    }
    clauses
}

/// The allowed combinations as few conjunctions: a fact whose value does
/// not matter is left out; what does not fold into one conjunction stays
/// one conjunction per combination.
fn needed_facts<F: Fact>(allowed: &[Facts<F>]) -> Vec<Vec<(F, bool)>> {
    if allowed.is_empty() {
        return Vec::new();
    }
    let free: Vec<F> = F::ALL
        .iter()
        .copied()
        .filter(|&fact| {
            allowed
                .iter()
                .all(|facts| allowed.contains(&facts.with(fact, !facts.has(fact))))
        })
        .collect();
    let fixed = |facts: &Facts<F>| -> Vec<(F, bool)> {
        F::ALL
            .iter()
            .copied()
            .filter(|fact| !free.contains(fact))
            .map(|fact| (fact, facts.has(fact)))
            .collect()
    };
    let mut conjunctions: Vec<Vec<(F, bool)>> = Vec::new();
    for facts in allowed {
        let conjunction = fixed(facts);
        if !conjunctions.contains(&conjunction) {
            conjunctions.push(conjunction);
        }
    }
    conjunctions
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every state's stored name reads back, and names are distinct.
    pub fn names_round_trip<M: StateMachine>() {
        for &state in M::STATES {
            assert_eq!(M::parse(state.as_str()), Some(state));
        }
        assert_eq!(M::parse("no such state"), None);
    }

    /// `next` from every state, with `facts`, for every action in the
    /// order of `M::ACTIONS`, is what the table says.
    pub fn table_holds<M: StateMachine, const N: usize>(
        facts: Facts<M::Fact>,
        table: &[(M, [Option<M>; N])],
    ) {
        assert_eq!(N, M::ACTIONS.len(), "one column per action");
        assert_eq!(table.len(), M::STATES.len(), "one row per state");
        for (state, nexts) in table {
            for (action, next) in M::ACTIONS.iter().zip(nexts) {
                assert_eq!(
                    state.next(*action, facts),
                    *next,
                    "{action:?} from {state:?}"
                );
            }
        }
    }

    /// The derived guard says yes for exactly the (state, facts) pairs
    /// `next` allows.
    pub fn guard_matches_next<M: StateMachine>() {
        for &action in M::ACTIONS {
            let clauses = guard::<M>(action);
            for &state in M::STATES {
                for facts in Facts::every() {
                    let by_guard = clauses.iter().any(|clause| {
                        clause.states.contains(&state)
                            && clause
                                .facts
                                .iter()
                                .all(|(fact, holds)| facts.has(*fact) == *holds)
                    });
                    assert_eq!(
                        by_guard,
                        state.allows(action, facts),
                        "{action:?} from {state:?} with {facts:?}"
                    );
                }
            }
        }
    }

    /// Every action either keeps the state wherever it is allowed, or leads
    /// to one `target`, so a store can write it without a rule of its own.
    pub fn actions_keep_or_target<M: StateMachine>() {
        for &action in M::ACTIONS {
            for &from in M::STATES {
                for facts in Facts::every() {
                    if let Some(to) = from.next(action, facts) {
                        match M::target(action) {
                            Some(target) => assert_eq!(to, target, "{action:?} from {from:?}"),
                            None => assert_eq!(to, from, "{action:?} from {from:?}"),
                        }
                    }
                }
            }
        }
    }

    /// Each fact of a machine is listed once, so its bit is its own.
    pub fn facts_are_distinct<F: Fact>() {
        for (i, fact) in F::ALL.iter().enumerate() {
            assert_eq!(fact.bit(), 1 << i);
        }
    }
}
