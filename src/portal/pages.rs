//! The portal's frame and home page.

use super::api::my_details;
use crate::{
    auth::pages::{SignedInShell, WithUser},
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, Fact, NavItem, PageTitle, Skeleton},
};
use leptos::prelude::*;

/// The portal's navigation; each entry shows to those who may open it
/// (`access::PAGE_RULES`).
pub const NAV: &[NavItem] = &[
    NavItem {
        href: "/my",
        label: "nav-portal-home",
    },
    NavItem {
        href: "/my/security",
        label: "nav-security",
    },
];

#[component]
pub fn PortalLayout() -> impl IntoView {
    view! { <SignedInShell area_label=None home="/my" nav=NAV/> }
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
            }
        }/>
        <DetailsCard/>
        <section class="card" aria-labelledby="security-card-title">
            <h2 id="security-card-title" class="card-title">{t!(i18n, "security-title")}</h2>
            <a class="btn" href="/my/security">{t!(i18n, "security-edit")}</a>
        </section>
    }
}

/// The Details section: loads on its own, so the page never waits for it.
#[component]
fn DetailsCard() -> impl IntoView {
    let i18n = use_i18n();
    let details = Resource::new(|| (), |_| my_details());
    view! {
        <section class="card" aria-labelledby="details-title">
            <h2 id="details-title" class="card-title">{t!(i18n, "details-title")}</h2>
            <Suspense fallback=Skeleton>
                {move || {
                    details.get().map(|result| match result {
                        Ok(contact) => {
                            let mut address = contact.address_lines();
                            let not_given = move || i18n.tr("value-not-given");
                            if address.is_empty() {
                                address.push(not_given());
                            }
                            view! {
                                <dl class="facts">
                                    <Fact label="field-name">{contact.name}</Fact>
                                    {contact.company.map(|company| view! { <Fact label="field-company">{company}</Fact> })}
                                    <Fact label="field-email">{contact.email.unwrap_or_else(not_given)}</Fact>
                                    <Fact label="field-phone">{contact.phone.unwrap_or_else(not_given)}</Fact>
                                    <Fact label="field-address">
                                        {address.into_iter().map(|line| view! { <span class="line">{line}</span> }).collect_view()}
                                    </Fact>
                                </dl>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}
