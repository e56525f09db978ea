use super::*;
use crate::error::AppError;

fn user(role: Role) -> CurrentUser {
    CurrentUser {
        user_id: 1,
        contact_id: 1,
        name: "N".into(),
        login: "n@example.com".into(),
        role,
        locale: None,
        signed_in_at: 0,
        time_zone: None,
        must_set_up_two_factor: false,
    }
}

#[test]
fn anonymous_callers_get_401_except_on_public_functions() {
    assert_eq!(check(Access::Public, None), Ok(()));
    for access in [
        Access::SignedIn,
        Access::Customer,
        Access::Staff,
        Access::Administrator,
    ] {
        assert_eq!(check(access, None), Err(AppError::Unauthenticated));
    }
}

#[test]
fn roles_get_403_outside_their_rights() {
    let customer = user(Role::Customer);
    let staff = user(Role::Staff);
    let admin = user(Role::Administrator);
    assert_eq!(
        check(Access::Staff, Some(&customer)),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        check(Access::Administrator, Some(&staff)),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        check(Access::Customer, Some(&staff)),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        check(Access::Customer, Some(&admin)),
        Err(AppError::Forbidden)
    );
    assert_eq!(check(Access::Staff, Some(&staff)), Ok(()));
    assert_eq!(check(Access::Staff, Some(&admin)), Ok(()));
    assert_eq!(check(Access::Administrator, Some(&admin)), Ok(()));
    assert_eq!(check(Access::Customer, Some(&customer)), Ok(()));
    assert_eq!(check(Access::SignedIn, Some(&customer)), Ok(()));
}

#[test]
fn the_longest_page_rule_decides() {
    assert_eq!(page_access("/my"), Access::Customer);
    assert_eq!(page_access("/my/invoices/7?x=1"), Access::Customer);
    assert_eq!(page_access("/mystery"), Access::Public);
    assert_eq!(page_access("/admin/contacts"), Access::Staff);
    assert_eq!(page_access("/admin/users/3"), Access::Administrator);
    assert_eq!(page_access("/admin/usersx"), Access::Staff);
    assert_eq!(page_access("/login"), Access::Public);
    assert!(may_open("/admin/contacts", &user(Role::Staff)));
    assert!(!may_open("/admin/settings", &user(Role::Staff)));
    assert!(may_open("/admin/settings", &user(Role::Administrator)));
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
        decide_page("/admin/users", Some(&user(Role::Customer))),
        PageDecision::Forbidden
    );
    assert_eq!(
        decide_page("/admin/users", Some(&user(Role::Staff))),
        PageDecision::Forbidden
    );
    assert_eq!(
        decide_page("/my", Some(&user(Role::Staff))),
        PageDecision::GoTo("/admin")
    );
    assert_eq!(
        decide_page("/my", Some(&user(Role::Customer))),
        PageDecision::Render
    );
}

#[test]
fn landing_page_never_leaves_the_site_or_the_users_area() {
    assert_eq!(
        landing_page(Some("/my/invoices"), Role::Customer),
        "/my/invoices"
    );
    assert_eq!(landing_page(Some("/admin/users"), Role::Customer), "/my");
    assert_eq!(
        landing_page(Some("/admin/contacts"), Role::Staff),
        "/admin/contacts"
    );
    assert_eq!(landing_page(Some("/admin/users"), Role::Staff), "/admin");
    assert_eq!(
        landing_page(Some("//evil.example/my"), Role::Customer),
        "/my"
    );
    assert_eq!(
        landing_page(Some("https://evil.example"), Role::Customer),
        "/my"
    );
    assert_eq!(landing_page(Some("/\\evil.example"), Role::Customer), "/my");
    assert_eq!(landing_page(Some("/login"), Role::Administrator), "/admin");
    assert_eq!(landing_page(None, Role::Staff), "/admin");
}
