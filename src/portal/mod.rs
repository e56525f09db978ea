//! The customer portal under `/my`.

use crate::{
    domain::Role,
    i18n::use_i18n,
    t,
    ui::{AppShell, Fact, NavItem, PageTitle, WithUser},
};
use leptos::prelude::*;

pub const NAV: &[NavItem] = &[NavItem {
    href: "/my",
    label: "nav-portal-home",
}];

#[component]
pub fn PortalLayout() -> impl IntoView {
    view! { <AppShell area_label=None home="/my" nav=NAV.to_vec() allows=|user| user.role == Role::Portal/> }
}

/// `/my`: the customer's home.
#[component]
pub fn PortalHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id="portal-home-title"/>
        <WithUser content=move |user| {
            let name = user.name.clone();
            view! {
                <h1 class="page-title">{move || i18n.tr_with("portal-greeting", &[("name", name.clone())])}</h1>
                <p class="page-lead">{t!(i18n, "portal-lead")}</p>
                <section class="card">
                    <h2 class="card-title">{t!(i18n, "account-title")}</h2>
                    <dl class="facts">
                        <Fact label="field-name">{user.name}</Fact>
                        <Fact label="field-login">{user.login}</Fact>
                    </dl>
                </section>
            }
        }/>
    }
}
