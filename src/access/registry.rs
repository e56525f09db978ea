//! The register of server functions' declared access, filled at link time
//! by `declare_access!` (the `inventory` crate, as `server_fn` registers the
//! functions themselves).

use super::{Access, Level};
use std::{collections::HashMap, sync::OnceLock};

/// One server function's declaration: its path and who may call it.
#[derive(Debug)]
pub struct Declaration {
    pub path: &'static str,
    pub access: Access,
}

inventory::collect!(Declaration);

/// Implemented by `declare_access!` on a server function's type: the level
/// its body is authorised at (`context::authorize`).
pub trait Declared {
    type Level: Level;
}

/// Every declaration, in no particular order.
pub fn declarations() -> impl Iterator<Item = &'static Declaration> {
    inventory::iter::<Declaration>.into_iter()
}

/// The access declared for the server function at `path`, if any.
pub fn declared_access(path: &str) -> Option<Access> {
    static BY_PATH: OnceLock<HashMap<&'static str, Access>> = OnceLock::new();
    BY_PATH
        .get_or_init(|| declarations().map(|d| (d.path, d.access)).collect())
        .get(path)
        .copied()
}
