//! Whether the portal takes payments, as the pay forms need to know it.

use serde::{Deserialize, Serialize};

/// Who moves the money, as the customer's pages see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentsMode {
    /// No provider is configured: the pay forms say payments are not set up.
    NotSetUp,
    /// The demo provider: test card numbers only, no money moves.
    Demo,
    /// A real provider.
    Live,
}

impl PaymentsMode {
    pub fn is_set_up(self) -> bool {
        self != Self::NotSetUp
    }

    pub fn is_demo(self) -> bool {
        self == Self::Demo
    }
}
