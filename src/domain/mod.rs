//! Plain types and rules of the product, with no I/O: they compile for both
//! the server and the browser and are tested as pure functions.

pub mod email;
pub mod money;
pub mod role;

pub use email::Email;
pub use money::Money;
pub use role::Role;
