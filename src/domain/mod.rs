//! Plain types and rules of the product, with no I/O: they compile for both
//! the server and the browser and are tested as pure functions. This is the
//! bottom layer: it imports nothing else from the crate.

pub mod contact_fields;
pub mod email;
pub mod locale;
pub mod money;
pub mod payments_mode;
pub mod role;
pub mod states;
pub mod totals;

pub use contact_fields::{
    AddressLine, ContactName, CountryCode, FieldProblem, Phone, PostalCode, TextProblem, VatNumber,
};
pub use email::Email;
pub use locale::Locale;
pub use money::{Currency, Money};
pub use payments_mode::{PaymentsMode, ProviderScript};
pub use role::Role;
