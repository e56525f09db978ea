//! The portal home's data.

use crate::{contacts::ContactDetails, declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The customer's own details (name, email, phone, address) and company,
/// for the home page's Details section.
#[server(endpoint = "my/details")]
pub async fn my_details() -> Result<ContactDetails, AppError> {
    let customer = crate::context::authorize::<MyDetails>()?;
    let state = crate::context::app_state()?;
    Ok(
        crate::contacts::store::find_in_scope(
            &state.pool,
            customer.scope,
            customer.user.contact_id,
        )
        .await?,
    )
}
declare_access!(MyDetails: Customer);

/// The Details form as typed: the customer's own name, email, phone and
/// address. The email is the contact's, not the login.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetailsInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub street2: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
}

/// Saves the customer's own details, checked field by field like the back
/// office's form; the login stays as it is (only the back office changes it).
#[server(endpoint = "my/details/save")]
pub async fn save_my_details(details: DetailsInput) -> Result<(), AppError> {
    let customer = crate::context::authorize::<SaveMyDetails>()?;
    let state = crate::context::app_state()?;
    let contact_id = customer.user.contact_id;
    let mut input = crate::contacts::store::record(&state.pool, contact_id)
        .await?
        .input;
    input.name = details.name;
    input.email = details.email;
    input.phone = details.phone;
    input.street = details.street;
    input.street2 = details.street2;
    input.city = details.city;
    input.zip = details.zip;
    input.state = details.state;
    input.country = details.country;
    let draft = crate::contacts::ContactDraft::parse(&input)?;
    crate::contacts::store::save(&state.pool, Some(contact_id), &draft).await?;
    leptos_axum::redirect("/my");
    Ok(())
}
declare_access!(SaveMyDetails: Customer);

/// A billing or delivery address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub kind: String,
    pub name: String,
    pub street: String,
    pub street2: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
}

/// One of the customer's addresses; the main one is the contact's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// `None` for the main address, which is edited in Details.
    pub id: Option<i64>,
    pub kind: String,
    pub input: AddressInput,
    pub lines: Vec<String>,
}

/// An address whose every field passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressDraft {
    pub kind: &'static str,
    pub name: crate::domain::ContactName,
    pub street: crate::domain::AddressLine,
    pub street2: Option<crate::domain::AddressLine>,
    pub city: crate::domain::AddressLine,
    pub zip: Option<crate::domain::PostalCode>,
    pub state: Option<crate::domain::AddressLine>,
    pub country: crate::domain::CountryCode,
}

impl AddressDraft {
    pub fn parse(input: &AddressInput) -> Result<Self, AppError> {
        use crate::domain::{AddressLine, ContactName, CountryCode, PostalCode, TextProblem};
        let mut errors = crate::error::FieldErrors::default();
        let kind = errors.check(
            "kind",
            match input.kind.trim() {
                "billing" => Ok("billing"),
                "delivery" => Ok("delivery"),
                _ => Err(TextProblem::Required),
            },
        );
        let name = errors.check("name", ContactName::parse(&input.name));
        let street = errors.check("street", AddressLine::parse(&input.street));
        let street2 = errors.optional("street2", &input.street2, AddressLine::parse);
        let city = errors.check("city", AddressLine::parse(&input.city));
        let zip = errors.optional("zip", &input.zip, PostalCode::parse);
        let state = errors.optional("state", &input.state, AddressLine::parse);
        let country = errors.check("country", CountryCode::parse(&input.country));
        if let (Some(Some(zip)), Some(country)) = (&zip, &country) {
            if let Err(problem) = zip.check_for(*country) {
                errors.add("zip", &problem);
            }
        }
        errors.finish()?;
        let missing = || AppError::ServerError;
        Ok(Self {
            kind: kind.ok_or_else(missing)?,
            name: name.ok_or_else(missing)?,
            street: street.ok_or_else(missing)?,
            street2: street2.ok_or_else(missing)?,
            city: city.ok_or_else(missing)?,
            zip: zip.ok_or_else(missing)?,
            state: state.ok_or_else(missing)?,
            country: country.ok_or_else(missing)?,
        })
    }
}

/// The main address first, then the billing and delivery ones.
#[server(endpoint = "my/addresses")]
pub async fn my_addresses() -> Result<Vec<Address>, AppError> {
    let customer = crate::context::authorize::<MyAddresses>()?;
    let state = crate::context::app_state()?;
    let main = crate::contacts::store::find_in_scope(
        &state.pool,
        customer.scope,
        customer.user.contact_id,
    )
    .await?;
    let mut addresses = vec![Address {
        id: None,
        kind: "main".into(),
        lines: main.address_lines(),
        input: AddressInput {
            kind: "main".into(),
            name: main.name.clone(),
            street: main.street.clone().unwrap_or_default(),
            street2: main.street2.clone().unwrap_or_default(),
            city: main.city.clone().unwrap_or_default(),
            zip: main.zip.clone().unwrap_or_default(),
            state: main.state.clone().unwrap_or_default(),
            country: main.country.clone().unwrap_or_default(),
        },
    }];
    addresses.extend(super::store::addresses(&state.pool, customer.scope).await?);
    Ok(addresses)
}
declare_access!(MyAddresses: Customer);

/// Adds an address (no `id`) or changes one of the customer's own.
#[server(endpoint = "my/addresses/save")]
pub async fn save_address(id: Option<i64>, address: AddressInput) -> Result<i64, AppError> {
    let customer = crate::context::authorize::<SaveAddress>()?;
    let state = crate::context::app_state()?;
    let draft = AddressDraft::parse(&address)?;
    let id = super::store::save_address(&state.pool, customer.scope, id, &draft).await?;
    leptos_axum::redirect("/my/addresses");
    Ok(id)
}
declare_access!(SaveAddress: Customer);

/// Removes one of the customer's addresses (never the main one, which has
/// no id here).
#[server(endpoint = "my/addresses/remove")]
pub async fn remove_address(id: i64) -> Result<(), AppError> {
    let customer = crate::context::authorize::<RemoveAddress>()?;
    let state = crate::context::app_state()?;
    super::store::remove_address(&state.pool, customer.scope, id).await?;
    leptos_axum::redirect("/my/addresses");
    Ok(())
}
declare_access!(RemoveAddress: Customer);
