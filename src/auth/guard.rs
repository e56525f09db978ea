//! The one guard: every server function and every page route asks it.

use super::CurrentUser;
use crate::{domain::Role, error::AppError};

/// Who may call a server function or open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (login, password reset, language).
    Public,
    /// Any logged-in user.
    Authenticated,
    /// Customers (portal users) only.
    Portal,
    /// Staff and administrators.
    Internal,
    /// Administrators only.
    Administrator,
}

/// Decides `access` for `user`: 401 without a user, 403 for the wrong role.
pub fn check(access: Access, user: Option<&CurrentUser>) -> Result<(), AppError> {
    match (access, user) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(AppError::Unauthenticated),
        (_, Some(user)) if role_allows(access, user.role) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

fn role_allows(access: Access, role: Role) -> bool {
    match access {
        Access::Public | Access::Authenticated => true,
        Access::Portal => role == Role::Portal,
        Access::Internal => role.is_internal(),
        Access::Administrator => role == Role::Administrator,
    }
}

/// The part of the site a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Portal,
    BackOffice,
}

impl Area {
    pub fn of_path(path: &str) -> Option<Self> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/my") {
            Some(Self::Portal)
        } else if under("/admin") {
            Some(Self::BackOffice)
        } else {
            None
        }
    }

    pub fn access(self) -> Access {
        match self {
            Self::Portal => Access::Portal,
            Self::BackOffice => Access::Internal,
        }
    }
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
    let path = path_and_query.split('?').next().unwrap_or_default();
    let Some(area) = Area::of_path(path) else {
        return PageDecision::Render;
    };
    match check(area.access(), user) {
        Ok(()) => PageDecision::Render,
        Err(AppError::Unauthenticated) => PageDecision::LogIn {
            next: path_and_query.to_owned(),
        },
        Err(_) if area == Area::Portal => PageDecision::GoTo("/admin"),
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
        Some(n)
            if Area::of_path(n.split('?').next().unwrap_or_default())
                .is_some_and(|area| role_allows(area.access(), role)) =>
        {
            n.to_owned()
        }
        _ => role.home_path().to_owned(),
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;

    /// The user of the current request, as resolved by the session middleware.
    pub fn current_user() -> Option<CurrentUser> {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<crate::auth::session::Authenticated>()
                    .cloned()
            })
            .map(|auth| auth.user)
    }

    /// The guard every server function calls first.
    pub fn require(access: Access) -> Result<CurrentUser, AppError> {
        let user = current_user();
        check(access, user.as_ref())?;
        user.ok_or(AppError::Unauthenticated)
    }
}

#[cfg(feature = "ssr")]
pub use server::{current_user, require};

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            user_id: 1,
            contact_id: 1,
            name: "N".into(),
            login: "n@example.com".into(),
            role,
            locale: None,
            signed_in_at: 0,
        }
    }

    #[test]
    fn anonymous_callers_get_401_except_on_public_functions() {
        assert_eq!(check(Access::Public, None), Ok(()));
        for access in [
            Access::Authenticated,
            Access::Portal,
            Access::Internal,
            Access::Administrator,
        ] {
            assert_eq!(check(access, None), Err(AppError::Unauthenticated));
        }
    }

    #[test]
    fn roles_get_403_outside_their_rights() {
        let portal = user(Role::Portal);
        let staff = user(Role::Staff);
        let admin = user(Role::Administrator);
        assert_eq!(
            check(Access::Internal, Some(&portal)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            check(Access::Administrator, Some(&staff)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            check(Access::Portal, Some(&staff)),
            Err(AppError::Forbidden)
        );
        assert_eq!(check(Access::Internal, Some(&staff)), Ok(()));
        assert_eq!(check(Access::Administrator, Some(&admin)), Ok(()));
        assert_eq!(check(Access::Portal, Some(&portal)), Ok(()));
    }

    #[test]
    fn protected_pages_send_anonymous_visitors_to_log_in_and_back() {
        assert_eq!(
            decide_page("/my/invoices?page=2", None),
            PageDecision::LogIn {
                next: "/my/invoices?page=2".into()
            }
        );
        assert_eq!(
            decide_page("/admin", None),
            PageDecision::LogIn {
                next: "/admin".into()
            }
        );
        assert_eq!(decide_page("/login", None), PageDecision::Render);
        assert_eq!(decide_page("/mystery", None), PageDecision::Render);
        assert_eq!(
            decide_page("/admin/users", Some(&user(Role::Portal))),
            PageDecision::Forbidden
        );
        assert_eq!(
            decide_page("/my", Some(&user(Role::Staff))),
            PageDecision::GoTo("/admin")
        );
        assert_eq!(
            decide_page("/my", Some(&user(Role::Portal))),
            PageDecision::Render
        );
    }

    #[test]
    fn landing_page_never_leaves_the_site_or_the_users_area() {
        assert_eq!(
            landing_page(Some("/my/invoices"), Role::Portal),
            "/my/invoices"
        );
        assert_eq!(landing_page(Some("/admin/users"), Role::Portal), "/my");
        assert_eq!(
            landing_page(Some("/admin/users"), Role::Staff),
            "/admin/users"
        );
        assert_eq!(landing_page(Some("//evil.example/my"), Role::Portal), "/my");
        assert_eq!(
            landing_page(Some("https://evil.example"), Role::Portal),
            "/my"
        );
        assert_eq!(landing_page(Some("/\\evil.example"), Role::Portal), "/my");
        assert_eq!(landing_page(Some("/login"), Role::Administrator), "/admin");
        assert_eq!(landing_page(None, Role::Staff), "/admin");
    }
}
