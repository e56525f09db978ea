//! Who may do what: the one place access is decided.
//!
//! - A server function declares its access once, right under its
//!   definition: `declare_access!(Login: Public);`. The gate in front of
//!   `/api/` reads the declaration before the function runs, the function's
//!   body receives its caller through `context::authorize::<Login>()` from the
//!   same declaration, and the role-matrix test calls every declared
//!   function as every role (`tests/access.rs`).
//! - Pages declare theirs in [`PAGE_RULES`]; the page guard, the navigation
//!   and the landing page after login all read it.
//! - A customer's reach is its [`CustomerScope`]: every portal query takes one.
//!
//! Pure logic, compiled for the browser too (the navigation uses it).

use crate::domain::{Locale, Role};
use serde::{Deserialize, Serialize};

/// The logged-in user a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub contact_id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub locale: Option<Locale>,
    /// When this session began (Unix seconds, UTC).
    pub signed_in_at: i64,
    /// The IANA time zone dates are shown in; `None` is UTC.
    pub time_zone: Option<String>,
    /// Two-factor is required of this user (see [`two_factor_required`])
    /// and not yet set up: until it is, only their security page and
    /// account-level functions work.
    pub must_set_up_two_factor: bool,
}

/// Whether a user of `role` must use two-factor authentication: staff and
/// administrators always, portal users when an administrator asks it of them.
pub fn two_factor_required(role: Role, customers_need_two_factor: bool) -> bool {
    role.works_in_backoffice() || customers_need_two_factor
}

/// The page where a user of `role` manages their password, two-factor and
/// sessions: the one page open to them while they must set up two-factor.
pub fn security_page(role: Role) -> &'static str {
    if role.works_in_backoffice() {
        "/admin/security"
    } else {
        "/my/security"
    }
}

/// Who may call a server function or open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// Anyone, logged in or not (login, password reset, language).
    Public,
    /// Any logged-in user.
    SignedIn,
    /// Customers (portal users) only, within their [`CustomerScope`].
    Customer,
    /// Staff and administrators: the back office.
    Staff,
    /// Administrators only: users' logins and settings.
    Administrator,
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Self::Public | Self::SignedIn => true,
            Self::Customer => role == Role::Customer,
            Self::Staff => role.works_in_backoffice(),
            Self::Administrator => role == Role::Administrator,
        }
    }
}

/// Decides `access` for `user`: 401 without a user, 403 for the wrong role,
/// and 403 "two-factor first" for anything beyond their own account
/// (`Public` and `SignedIn`) while a required two-factor is not set up.
pub fn check(access: Access, user: Option<&CurrentUser>) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    match (access, user) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(AppError::Unauthenticated),
        (_, Some(user)) if !access.allows(user.role) => Err(AppError::Forbidden),
        (Access::SignedIn, Some(_)) => Ok(()),
        (_, Some(user)) if user.must_set_up_two_factor => Err(AppError::TwoFactorFirst),
        _ => Ok(()),
    }
}

/// The access levels as types, so that a server function's declaration
/// also decides what its body receives as its caller.
pub trait Level {
    const ACCESS: Access;
}

pub mod level {
    //! One type per [`Access`](super::Access), named alike.
    use super::{Access, Level};

    macro_rules! levels {
        ($($name:ident),*) => {$(
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl Level for $name {
                const ACCESS: Access = Access::$name;
            }
        )*};
    }
    levels!(Public, SignedIn, Customer, Staff, Administrator);
}

/// The commercial entity whose documents a customer may see: its own
/// contact, or the company it belongs to (a contact of ACME sees ACME's
/// invoices). Every portal query takes one and filters by it, so another
/// customer's row is simply not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerScope {
    commercial_entity_id: i64,
}

impl CustomerScope {
    /// Made by the session middleware from `contacts::store::commercial_entity_of`.
    pub fn of_commercial_entity(commercial_entity_id: i64) -> Self {
        Self {
            commercial_entity_id,
        }
    }

    pub fn commercial_entity_id(self) -> i64 {
        self.commercial_entity_id
    }
}

/// Who may open which pages: the longest matching prefix decides. Paths
/// outside every rule are public (login, password reset, error pages).
pub const PAGE_RULES: &[(&str, Access)] = &[
    ("/my", Access::Customer),
    ("/admin", Access::Staff),
    ("/admin/users", Access::Administrator),
    ("/admin/settings", Access::Administrator),
    ("/admin/audit", Access::Administrator),
];

fn is_under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The access a page needs, from [`PAGE_RULES`].
pub fn page_access(path: &str) -> Access {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    PAGE_RULES
        .iter()
        .filter(|(prefix, _)| is_under(path, prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(Access::Public, |(_, access)| *access)
}

/// Whether `user` may open `path`: what the navigation shows.
pub fn may_open(path: &str, user: &CurrentUser) -> bool {
    matches!(decide_page(path, Some(user)), PageDecision::Render)
}

/// What to do with a page request, decided from its path and the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageDecision {
    Render,
    /// Anonymous visit to a protected page: log in, then come back.
    LogIn {
        next: String,
    },
    /// Staff opening the customer portal: their own home is the back office.
    GoTo(&'static str),
    Forbidden,
}

pub fn decide_page(path_and_query: &str, user: Option<&CurrentUser>) -> PageDecision {
    use crate::error::AppError;
    let access = page_access(path_and_query);
    match check(access, user) {
        Ok(()) => PageDecision::Render,
        Err(AppError::Unauthenticated) => PageDecision::LogIn {
            next: path_and_query.to_owned(),
        },
        Err(AppError::TwoFactorFirst) => match user.map(|u| security_page(u.role)) {
            Some(page)
                if is_under(
                    path_and_query.split(['?', '#']).next().unwrap_or_default(),
                    page,
                ) =>
            {
                PageDecision::Render
            }
            Some(page) => PageDecision::GoTo(page),
            None => PageDecision::Forbidden,
        },
        Err(_) if access == Access::Customer => PageDecision::GoTo("/admin"),
        Err(_) => PageDecision::Forbidden,
    }
}

/// The page to show after logging in: `next` when it is a local page the
/// user may open, else the user's home. Refuses anything that could leave
/// the site (`//evil.example`, `https://…`, `/\evil`).
pub fn landing_page(next: Option<&str>, role: Role) -> String {
    let local = next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && !n.chars().any(char::is_control)
    });
    match local {
        Some(n) if page_access(n) != Access::Public && page_access(n).allows(role) => n.to_owned(),
        _ => role.home_path().to_owned(),
    }
}

/// Where a login lands: [`landing_page`], or the security page while a
/// required two-factor is not set up.
pub fn landing_page_for(next: Option<&str>, role: Role, must_set_up_two_factor: bool) -> String {
    if must_set_up_two_factor {
        security_page(role).to_owned()
    } else {
        landing_page(next, role)
    }
}

/// Declares who may call a server function (server builds only: the
/// browser never decides access); write it right under the
/// function: `declare_access!(Whoami: SignedIn);` with one of
/// `Public`, `SignedIn`, `Customer`, `Staff`, `Administrator`.
#[macro_export]
macro_rules! declare_access {
    ($server_fn:ident : $level:ident) => {
        #[cfg(feature = "ssr")]
        impl $crate::access::Declared for $server_fn {
            type Level = $crate::access::level::$level;
        }
        #[cfg(feature = "ssr")]
        $crate::access::inventory::submit! {
            $crate::access::Declaration {
                path: <$server_fn as $crate::access::ServerFn>::PATH,
                access: <$crate::access::level::$level as $crate::access::Level>::ACCESS,
            }
        }
    };
}

#[cfg(feature = "ssr")]
mod registry;
#[cfg(feature = "ssr")]
pub use registry::{declarations, declared_access, Declaration, Declared};
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub use {inventory, server_fn::ServerFn};

#[cfg(test)]
mod tests;
