//! `/admin/settings`: the two-factor policy and the company's details.

use super::api::{portal_settings, SaveSettings};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, FormField, PageTitle, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveSettings>::new();
    let settings = resource(move || save.version().get(), |_| portal_settings());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || {
        matches!(save.value().get(), Some(Ok(())))
            || (save.value().get().is_none() && query.read().get("saved").is_some())
    };
    view! {
        <PageTitle id="settings-title"/>
        <h1 class="page-title">{t!(i18n, "settings-title")}</h1>
        {move || saved().then(|| view! { <div class="alert alert-success" role="status">{t!(i18n, "settings-saved")}</div> })}
        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
        <Suspense fallback=Skeleton>
            {move || settings.get().map(|result| match result {
                Ok(current) => view! {
                    <ActionForm action=save attr:class="form">
                        <section class="card" aria-labelledby="settings-security-title">
                            <h2 id="settings-security-title" class="card-title">{t!(i18n, "settings-security")}</h2>
                            <p class="muted">{t!(i18n, "settings-staff-two-factor")}</p>
                            <div class="field">
                                <label class="check">
                                    <input type="checkbox" name="settings[customers_need_two_factor]" value="on" checked=current.customers_need_two_factor/>
                                    <span>{t!(i18n, "settings-customers-two-factor")}</span>
                                </label>
                                <p class="field-hint">{t!(i18n, "settings-customers-two-factor-hint")}</p>
                            </div>
                        </section>
                        <section class="card" aria-labelledby="settings-payments-title">
                            <h2 id="settings-payments-title" class="card-title">{t!(i18n, "settings-payments")}</h2>
                            <fieldset class="field">
                                <legend>{t!(i18n, "settings-methods-offered")}</legend>
                                <label class="check">
                                    <input type="checkbox" name="settings[offers_cards]" value="on" checked=current.offers_cards/>
                                    <span>{t!(i18n, "methods-kind-card")}</span>
                                </label>
                                <label class="check">
                                    <input type="checkbox" name="settings[offers_sepa_debit]" value="on" checked=current.offers_sepa_debit/>
                                    <span>{t!(i18n, "methods-kind-sepa")}</span>
                                </label>
                                <p class="field-hint">{t!(i18n, "settings-methods-offered-hint")}</p>
                            </fieldset>
                            <FormField error name="settings[minimum_part_percent]" field="minimum_part_percent" label="settings-minimum-part" value=current.minimum_part_percent.to_string() kind="number" hint="settings-minimum-part-hint"/>
                            <FormField error name="settings[top_up_most]" field="top_up_most" label="settings-top-up-most" value=plain_amount(current.top_up_most) hint="settings-top-up-most-hint"/>
                            <FormField error name="settings[top_up_daily_most]" field="top_up_daily_most" label="settings-top-up-daily-most" value=plain_amount(current.top_up_daily_most) hint="settings-top-up-daily-most-hint"/>
                        </section>
                        <section class="card" aria-labelledby="settings-company-title">
                            <h2 id="settings-company-title" class="card-title">{t!(i18n, "settings-company")}</h2>
                            <p class="muted">{t!(i18n, "settings-company-lead")}</p>
                            <div class="form form-grid">
                                <FormField error name="settings[company_name]" field="company_name" label="settings-company-name" value=current.company_name.clone() autocomplete="organization" wide=true/>
                                <FormField error name="settings[company_address]" field="company_address" label="settings-company-address" value=current.company_address.clone() autocomplete="street-address" hint="settings-company-address-hint" wide=true lines=4/>
                                <FormField error name="settings[company_vat]" field="company_vat" label="field-vat" value=current.company_vat.clone()/>
                                <FormField error name="settings[company_email]" field="company_email" label="field-email" value=current.company_email.clone() kind="email" autocomplete="email"/>
                                <FormField error name="settings[company_phone]" field="company_phone" label="field-phone" value=current.company_phone.clone() kind="tel" autocomplete="tel"/>
                            </div>
                        </section>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, "settings-save")}</button>
                        </div>
                    </ActionForm>
                }
                .into_any(),
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Suspense>
    }
}

/// An amount in minor units as the form shows it and reads it back:
/// `1000.00`, without grouping, whatever the page's language.
fn plain_amount(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}
