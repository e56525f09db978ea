//! The settings page's server functions (administrators only).

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The settings as stored, for the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub customers_need_two_factor: bool,
    /// The kinds of payment method customers may add.
    pub offers_cards: bool,
    pub offers_sepa_debit: bool,
    /// The smallest part of an invoice a customer may pay, in percent of its total.
    pub minimum_part_percent: i64,
    /// The most one eWallet top-up may add, in minor units of its currency.
    pub top_up_most: i64,
    /// The most one customer may add to the eWallet in 24 hours, likewise.
    pub top_up_daily_most: i64,
    pub company_name: String,
    pub company_address: String,
    pub company_vat: String,
    pub company_email: String,
    pub company_phone: String,
}

/// The form as typed (`settings[…]`); an unticked box is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub customers_need_two_factor: Option<String>,
    pub offers_cards: Option<String>,
    pub offers_sepa_debit: Option<String>,
    pub minimum_part_percent: String,
    pub top_up_most: String,
    pub top_up_daily_most: String,
    pub company_name: String,
    pub company_address: String,
    pub company_vat: String,
    pub company_email: String,
    pub company_phone: String,
}

#[server(endpoint = "admin/settings")]
pub async fn portal_settings() -> Result<SettingsView, AppError> {
    crate::context::authorize::<PortalSettings>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::read(&state.pool).await?)
}
declare_access!(PortalSettings: Administrator);

/// Saves every setting at once, checked field by field; the change is in
/// the audit log.
#[server(endpoint = "admin/settings/save")]
pub async fn save_settings(settings: SettingsInput) -> Result<(), AppError> {
    let admin = crate::context::authorize::<SaveSettings>()?;
    let checked = super::store::check(&settings)?;
    let state = crate::context::app_state()?;
    let client = crate::context::client_info();
    super::store::save(&state.pool, admin.user_id, &client.ip, &checked).await?;
    leptos_axum::redirect("/admin/settings?saved=1");
    Ok(())
}
declare_access!(SaveSettings: Administrator);
