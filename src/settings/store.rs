//! Reading, checking and saving the settings: one transaction for the
//! policy, the company profile and the audit entry.

use super::api::{SettingsInput, SettingsView};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    db::{now, Pool, StoreResult},
    domain::{
        contact_fields::{AddressLine, ContactName, Phone, TextProblem, VatNumber},
        Email,
    },
    error::{AppError, FieldErrors},
};

/// Lines of the company's address on documents.
const ADDRESS_LINES: usize = 4;

/// The highest eWallet limit that may be set: 1 000 000.00, the most a
/// single top-up could ever add (`payments::wallet`).
const MOST_TOP_UP_LIMIT: i64 = 100_000_000;

pub async fn read(pool: &Pool) -> StoreResult<SettingsView> {
    let customers_need_two_factor = crate::auth::store::customers_need_two_factor(pool).await?;
    let (offers_cards, offers_sepa_debit, minimum_part_percent, top_up_most, top_up_daily_most): (
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT offers_cards, offers_sepa_debit, minimum_part_percent, top_up_most, top_up_daily_most \
         FROM portal_settings WHERE id = 1",
    )
    .fetch_one(pool)
    .await?;
    let (company_name, company_address, company_vat, company_email, company_phone): (
        String,
        String,
        String,
        String,
        String,
    ) = sqlx::query_as("SELECT name, address, vat, email, phone FROM company_profile WHERE id = 1")
        .fetch_one(pool)
        .await?;
    Ok(SettingsView {
        customers_need_two_factor,
        offers_cards: offers_cards == 1,
        offers_sepa_debit: offers_sepa_debit == 1,
        minimum_part_percent,
        top_up_most,
        top_up_daily_most,
        company_name,
        company_address,
        company_vat,
        company_email,
        company_phone,
    })
}

/// Every field by its rule: the company's name is required, the rest may
/// be empty; the address is a few lines, each an address line.
pub fn check(input: &SettingsInput) -> Result<SettingsView, AppError> {
    let mut errors = FieldErrors::default();
    let optional = |raw: &str| raw.trim().is_empty();
    let name = errors.check("company_name", ContactName::parse(&input.company_name));
    let minimum_part_percent = errors.check(
        "minimum_part_percent",
        input
            .minimum_part_percent
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|percent| (0..=100).contains(percent))
            .ok_or(TextProblem::Malformed),
    );
    // Amounts as typed in the company's money (two decimals), kept in minor units.
    let amount = |raw: &str| {
        crate::domain::totals::parse_decimal(raw, 2)
            .filter(|minor| (1..=MOST_TOP_UP_LIMIT).contains(minor))
            .ok_or(TextProblem::Malformed)
    };
    let top_up_most = errors.check("top_up_most", amount(&input.top_up_most));
    let top_up_daily_most = errors.check("top_up_daily_most", amount(&input.top_up_daily_most));
    let lines: Vec<&str> = input
        .company_address
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let mut address = Vec::new();
    for line in lines.iter().take(ADDRESS_LINES) {
        if let Some(line) = errors.check("company_address", AddressLine::parse(line)) {
            address.push(line.to_string());
        }
    }
    if lines.len() > ADDRESS_LINES {
        errors.add("company_address", &TextProblem::TooLong);
    }
    let vat = if optional(&input.company_vat) {
        Some(String::new())
    } else {
        errors
            .check("company_vat", VatNumber::parse(&input.company_vat))
            .map(|v| v.to_string())
    };
    let email = if optional(&input.company_email) {
        Some(String::new())
    } else {
        errors
            .check("company_email", Email::parse(&input.company_email))
            .map(|e| e.as_str().to_owned())
    };
    let phone = if optional(&input.company_phone) {
        Some(String::new())
    } else {
        errors
            .check("company_phone", Phone::parse(&input.company_phone))
            .map(|p| p.to_string())
    };
    errors.finish()?;
    match (
        name,
        vat,
        email,
        phone,
        minimum_part_percent,
        top_up_most.zip(top_up_daily_most),
    ) {
        (
            Some(name),
            Some(vat),
            Some(email),
            Some(phone),
            Some(minimum_part_percent),
            Some((top_up_most, top_up_daily_most)),
        ) => Ok(SettingsView {
            minimum_part_percent,
            top_up_most,
            top_up_daily_most,
            customers_need_two_factor: input.customers_need_two_factor.is_some(),
            offers_cards: input.offers_cards.is_some(),
            offers_sepa_debit: input.offers_sepa_debit.is_some(),
            company_name: name.to_string(),
            company_address: address.join("\n"),
            company_vat: vat,
            company_email: email,
            company_phone: phone,
        }),
        _ => Err(AppError::ServerError),
    }
}

pub async fn save(
    pool: &Pool,
    admin_id: i64,
    client_ip: &str,
    settings: &SettingsView,
) -> StoreResult<()> {
    let at = now();
    let mut tx = crate::db::begin(pool).await?;
    let before: Option<i64> =
        sqlx::query_scalar("SELECT customers_need_two_factor FROM portal_settings WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    sqlx::query(
        "UPDATE portal_settings SET customers_need_two_factor = $1, offers_cards = $2, offers_sepa_debit = $3, \
         minimum_part_percent = $4, top_up_most = $5, top_up_daily_most = $6, updated_at = $7 WHERE id = 1",
    )
    .bind(i64::from(settings.customers_need_two_factor))
    .bind(i64::from(settings.offers_cards))
    .bind(i64::from(settings.offers_sepa_debit))
    .bind(settings.minimum_part_percent)
    .bind(settings.top_up_most)
    .bind(settings.top_up_daily_most)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE company_profile SET name = $1, address = $2, vat = $3, email = $4, phone = $5, updated_at = $6 WHERE id = 1",
    )
    .bind(&settings.company_name)
    .bind(&settings.company_address)
    .bind(&settings.company_vat)
    .bind(&settings.company_email)
    .bind(&settings.company_phone)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    // The log names what changed in the policy; the profile is visible on
    // every document.
    let detail = match (before == Some(1), settings.customers_need_two_factor) {
        (false, true) => "two-factor required of portal users",
        (true, false) => "two-factor no longer required of portal users",
        _ => "payment methods offered, eWallet limits, company details",
    };
    audit::record(
        &mut *tx,
        AuditKind::SettingsChanged,
        AuditEntry {
            actor_user_id: Some(admin_id),
            client_ip: Some(client_ip),
            detail: Some(detail),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
