//! The back office's frame and start page.

use super::api::backoffice_summary;
use crate::ui::resource;
use crate::{
    auth::pages::{SignedInShell, WithUser},
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, Fact, NavItem, PageTitle, Skeleton},
};
use leptos::prelude::*;

/// The back office's navigation; each entry shows to those who may open it
/// (`access::PAGE_RULES`).
pub const NAV: &[NavItem] = &[
    NavItem {
        href: "/admin",
        label: "nav-admin-home",
    },
    NavItem {
        href: "/admin/contacts",
        label: "nav-contacts",
    },
    NavItem {
        href: "/admin/orders",
        label: "documents-orders-admin",
    },
    NavItem {
        href: "/admin/invoices",
        label: "documents-invoices",
    },
    NavItem {
        href: "/admin/subscriptions",
        label: "documents-subscriptions",
    },
    NavItem {
        href: "/admin/payments",
        label: "documents-payments-admin",
    },
    NavItem {
        href: "/admin/users",
        label: "nav-users",
    },
    NavItem {
        href: "/admin/mail",
        label: "nav-mail",
    },
    NavItem {
        href: "/admin/audit",
        label: "nav-audit",
    },
    NavItem {
        href: "/admin/settings",
        label: "nav-settings",
    },
    NavItem {
        href: "/admin/security",
        label: "nav-security",
    },
];

#[component]
pub fn BackofficeLayout() -> impl IntoView {
    view! { <SignedInShell area_label=Some("area-back-office") home="/admin" nav=NAV/> }
}

/// `/admin`: the back office's start page.
#[component]
pub fn BackofficeHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id="admin-home-title"/>
        <WithUser content=move |user| {
            let name = user.name.clone();
            let role = user.role.label();
            let signed_in_at = user.signed_in_at;
            view! {
                <h1 class="page-title">{move || i18n.tr_with("admin-greeting", &[("name", name.clone())])}</h1>
                <p class="page-lead">{t!(i18n, "admin-lead")}</p>
                <section class="card">
                    <h2 class="card-title">{t!(i18n, "account-title")}</h2>
                    <dl class="facts">
                        <Fact label="field-login">{user.login}</Fact>
                        <Fact label="field-role">{t!(i18n, role)}</Fact>
                        <Fact label="field-signed-in-at">{move || i18n.moment(signed_in_at)}</Fact>
                    </dl>
                </section>
            }
        }/>
        <SummaryTiles/>
    }
}

/// Loads on its own, so the page never waits for the counts.
#[component]
fn SummaryTiles() -> impl IntoView {
    let i18n = use_i18n();
    let summary = resource(|| (), |_| backoffice_summary());
    let tile = move |label: &'static str, count: i64| {
        view! {
            <li class="tile">
                <div class="tile-body">
                    <span class="tile-label">{t!(i18n, label)}</span>
                    <span class="tile-count">{count}</span>
                </div>
            </li>
        }
    };
    view! {
        <section aria-labelledby="summary-title">
            <h2 id="summary-title" class="section-title">{t!(i18n, "summary-title")}</h2>
            <Suspense fallback=Skeleton>
                {move || {
                    summary.get().map(|result| match result {
                        Ok(s) => view! {
                            <ul class="tiles">
                                {tile("summary-companies", s.companies)}
                                {tile("summary-individuals", s.individuals)}
                                {tile("summary-portal-users", s.portal_users)}
                                {tile("summary-staff-users", s.staff_users)}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}
