//! Whether the portal takes payments, as the pay forms need to know it.

use serde::{Deserialize, Serialize};

/// Who moves the money, as the customer's pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentsMode {
    /// No provider is configured: the pay forms say payments are not set up.
    NotSetUp,
    /// The demo provider: test card numbers only, no money moves.
    Demo,
    /// A real provider whose own script takes new cards and mandates in
    /// the browser: the forms mount its fields, Portico's server sees
    /// only tokens.
    Live(ProviderScript),
}

/// The provider's script, as the browser loads and starts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderScript {
    pub url: String,
    /// The provider's publishable key (never the secret one).
    pub publishable_key: String,
}

impl PaymentsMode {
    pub fn is_set_up(&self) -> bool {
        *self != Self::NotSetUp
    }

    pub fn is_demo(&self) -> bool {
        *self == Self::Demo
    }

    /// The provider's script, when new methods are typed into its fields.
    pub fn script(&self) -> Option<&ProviderScript> {
        match self {
            Self::Live(script) => Some(script),
            _ => None,
        }
    }
}
