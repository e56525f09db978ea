//! The portal's frame and home page.

use super::api::{
    my_addresses, my_details, Address, AddressInput, RemoveAddress, SaveAddress, SaveMyDetails,
};
use crate::ui::resource;
use crate::{
    auth::pages::{SignedInShell, WithUser},
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, Fact, FormField, NavItem, PageTitle, PortalPageHead, Skeleton},
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
        href: "/my/invoices",
        label: "documents-invoices",
    },
    NavItem {
        href: "/my/orders",
        label: "documents-orders",
    },
    NavItem {
        href: "/my/subscriptions",
        label: "documents-subscriptions",
    },
    NavItem {
        href: "/my/quotes",
        label: "documents-quotations",
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
        <crate::documents::OverviewTiles/>
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
    let details = resource(|| (), |_| my_details());
    view! {
        <section class="card" aria-labelledby="details-title">
            <div class="card-head">
                <h2 id="details-title" class="card-title">{t!(i18n, "details-title")}</h2>
                <a class="btn btn-small" href="/my/account">{t!(i18n, "details-edit")}</a>
            </div>
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

/// `/my/account`: the Details form, saved with Confirm.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let details = resource(|| (), |_| my_details());
    let save = ServerAction::<SaveMyDetails>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <PortalPageHead title="details-edit-title"/>
        {move || error.get().map(|error| view! {
            <div class="alert alert-error" role="alert">{i18n.tr(error.message_id())}</div>
        })}
        <Suspense fallback=Skeleton>
            {move || details.get().map(|result| match result {
                Ok(contact) => {
                    let text = |value: Option<String>| value.unwrap_or_default();
                    view! {
                        <section class="card">
                            <ActionForm action=save attr:class="form form-grid">
                                <FormField error name="details[name]" field="name" label="field-name" value=contact.name.clone() autocomplete="name"/>
                                <FormField error name="details[email]" field="email" label="field-email" value=text(contact.email.clone()) kind="email" autocomplete="email" hint="details-email-hint"/>
                                <FormField error name="details[phone]" field="phone" label="field-phone" value=text(contact.phone.clone()) kind="tel" autocomplete="tel"/>
                                <FormField error name="details[street]" field="street" label="field-street" value=text(contact.street.clone()) autocomplete="address-line1"/>
                                <FormField error name="details[street2]" field="street2" label="field-street2" value=text(contact.street2.clone()) autocomplete="address-line2"/>
                                <FormField error name="details[city]" field="city" label="field-city" value=text(contact.city.clone()) autocomplete="address-level2"/>
                                <FormField error name="details[zip]" field="zip" label="field-zip" value=text(contact.zip.clone()) autocomplete="postal-code"/>
                                <FormField error name="details[state]" field="state" label="field-state" value=text(contact.state.clone()) autocomplete="address-level1"/>
                                <FormField error name="details[country]" field="country" label="field-country" value=text(contact.country.clone()) autocomplete="country" hint="field-country-hint"/>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, "details-confirm")}</button>
                                    <a class="btn" href="/my">{t!(i18n, "details-cancel")}</a>
                                </div>
                            </ActionForm>
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Suspense>
    }
}

/// `/my/addresses`: the main address (edited in Details), the billing and
/// delivery ones with Edit and Remove, and a form to add or change one.
#[component]
pub fn AddressesPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let save = ServerAction::<SaveAddress>::new();
    let remove = ServerAction::<RemoveAddress>::new();
    let addresses = resource(
        move || (save.version().get(), remove.version().get()),
        |_| my_addresses(),
    );
    let editing = move || {
        query
            .read()
            .get("edit")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let remove_error = Signal::derive(move || remove.value().get().and_then(Result::err));
    view! {
        <PortalPageHead title="addresses-title"/>
        <ErrorAlert error=remove_error/>
        <Transition fallback=Skeleton>
            {move || addresses.get().map(|result| match result {
                Ok(list) => {
                    let edited = editing().and_then(|id| list.iter().find(|a| a.id == Some(id)).cloned());
                    view! {
                        <ul class="address-list">
                            {list.into_iter().map(|address| view! { <AddressCard address remove/> }).collect_view()}
                        </ul>
                        <AddressForm edited save error=save_error/>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn AddressCard(address: Address, remove: ServerAction<RemoveAddress>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = format!("address-kind-{}", address.kind);
    let lines = if address.lines.is_empty() {
        vec![i18n.tr("value-not-given")]
    } else {
        address.lines.clone()
    };
    view! {
        <li class="card address">
            <p><span class="badge badge-info">{t!(i18n, &kind)}</span></p>
            <address>{lines.into_iter().map(|line| view! { <span class="line">{line}</span> }).collect_view()}</address>
            <div class="actions">
                {match address.id {
                    None => view! {
                        <a class="btn btn-small" href="/my/account">{t!(i18n, "addresses-edit-in-details")}</a>
                        <p class="muted small">{t!(i18n, "addresses-main-hint")}</p>
                    }.into_any(),
                    Some(id) => view! {
                        <a class="btn btn-small" href=format!("/my/addresses?edit={id}#address-form")>{t!(i18n, "addresses-edit")}</a>
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button
                                type="submit"
                                class="btn btn-small btn-danger"
                                on:click=move |ev| {
                                    if !window().confirm_with_message(&i18n.tr("addresses-remove-confirm")).unwrap_or(false) {
                                        ev.prevent_default();
                                    }
                                }
                            >
                                {t!(i18n, "addresses-remove")}
                            </button>
                        </ActionForm>
                    }.into_any(),
                }}
            </div>
        </li>
    }
}

#[component]
fn AddressForm(
    edited: Option<Address>,
    save: ServerAction<SaveAddress>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = edited.as_ref().and_then(|a| a.id);
    let AddressInput {
        kind,
        name,
        street,
        street2,
        city,
        zip,
        state,
        country,
    } = edited.map(|a| a.input).unwrap_or_else(|| AddressInput {
        kind: "delivery".into(),
        ..Default::default()
    });
    let title = if id.is_some() {
        "addresses-edit-title"
    } else {
        "addresses-add-title"
    };
    view! {
        <section id="address-form" class="card" aria-labelledby="address-form-title">
            <h2 id="address-form-title" class="card-title">{t!(i18n, title)}</h2>
            {move || error.get().map(|error| {
                // A refusal of the whole address (the limit) says why.
                let text = error
                    .field_message("address")
                    .map(|id| i18n.tr(id))
                    .unwrap_or_else(|| i18n.tr(error.message_id()));
                view! { <div class="alert alert-error" role="alert">{text}</div> }
            })}
            <ActionForm action=save attr:class="form form-grid">
                {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                <fieldset class="field field-wide">
                    <legend>{t!(i18n, "addresses-kind")}</legend>
                    <label class="radio">
                        <input type="radio" name="address[kind]" value="billing" checked=kind == "billing"/>
                        {t!(i18n, "address-kind-billing")}
                    </label>
                    <label class="radio">
                        <input type="radio" name="address[kind]" value="delivery" checked=kind == "delivery"/>
                        {t!(i18n, "address-kind-delivery")}
                    </label>
                </fieldset>
                <FormField error name="address[name]" field="name" label="addresses-name" value=name autocomplete="organization"/>
                <FormField error name="address[street]" field="street" label="field-street" value=street autocomplete="address-line1"/>
                <FormField error name="address[street2]" field="street2" label="field-street2" value=street2 autocomplete="address-line2"/>
                <FormField error name="address[city]" field="city" label="field-city" value=city autocomplete="address-level2"/>
                <FormField error name="address[zip]" field="zip" label="field-zip" value=zip autocomplete="postal-code"/>
                <FormField error name="address[state]" field="state" label="field-state" value=state autocomplete="address-level1"/>
                <FormField error name="address[country]" field="country" label="field-country" value=country autocomplete="country" hint="field-country-hint"/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, "addresses-save")}</button>
                    {id.map(|_| view! { <a class="btn" href="/my/addresses">{t!(i18n, "details-cancel")}</a> })}
                </div>
            </ActionForm>
        </section>
    }
}
