//! The shared types of contacts: what a form sends, what it becomes once
//! every field passed its rule, and what pages show.

use crate::{
    domain::{
        contact_fields::parse_language, AddressLine, ContactName, CountryCode, Email, Locale,
        Phone, PostalCode, TextProblem, VatNumber,
    },
    error::{AppError, FieldErrors},
};
use serde::{Deserialize, Serialize};

/// A contact is either a company or an individual (who may belong to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactKind {
    Company,
    Individual,
}

impl ContactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Individual => "individual",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "company" => Some(Self::Company),
            "individual" => Some(Self::Individual),
            _ => None,
        }
    }
}

/// A contact form as typed: every field a string, empty when left blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub kind: String,
    pub name: String,
    pub parent_id: Option<i64>,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub street2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub vat: String,
    pub lang: String,
}

/// A contact whose every field passed its rule: only [`ContactDraft::parse`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    pub kind: ContactKind,
    pub name: ContactName,
    pub parent_id: Option<i64>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub street: Option<AddressLine>,
    pub street2: Option<AddressLine>,
    pub city: Option<AddressLine>,
    pub state: Option<AddressLine>,
    pub zip: Option<PostalCode>,
    pub country: Option<CountryCode>,
    pub vat: Option<VatNumber>,
    pub lang: Option<Locale>,
}

impl ContactDraft {
    /// Checks every field at once; a refusal names each invalid field with
    /// the id of its message.
    pub fn parse(input: &ContactInput) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let kind = errors.check(
            "kind",
            ContactKind::parse(input.kind.trim()).ok_or(TextProblem::Required),
        );
        let name = errors.check("name", ContactName::parse(&input.name));
        let email = errors.optional("email", &input.email, Email::parse);
        let phone = errors.optional("phone", &input.phone, Phone::parse);
        let street = errors.optional("street", &input.street, AddressLine::parse);
        let street2 = errors.optional("street2", &input.street2, AddressLine::parse);
        let city = errors.optional("city", &input.city, AddressLine::parse);
        let state = errors.optional("state", &input.state, AddressLine::parse);
        let zip = errors.optional("zip", &input.zip, PostalCode::parse);
        let country = errors.optional("country", &input.country, CountryCode::parse);
        let vat = errors.optional("vat", &input.vat, VatNumber::parse);
        let lang = errors.optional("lang", &input.lang, parse_language);
        if let (Some(Some(zip)), Some(Some(country))) = (&zip, &country) {
            if let Err(problem) = zip.check_for(*country) {
                errors.add("zip", &problem);
            }
        }
        if kind == Some(ContactKind::Company) && input.parent_id.is_some() {
            errors.add("parent_id", &TextProblem::Malformed);
        }
        errors.finish()?;
        // Every field passed, so every value is here.
        let missing = || AppError::ServerError;
        Ok(Self {
            kind: kind.ok_or_else(missing)?,
            name: name.ok_or_else(missing)?,
            parent_id: input.parent_id,
            email: email.ok_or_else(missing)?,
            phone: phone.ok_or_else(missing)?,
            street: street.ok_or_else(missing)?,
            street2: street2.ok_or_else(missing)?,
            city: city.ok_or_else(missing)?,
            state: state.ok_or_else(missing)?,
            zip: zip.ok_or_else(missing)?,
            country: country.ok_or_else(missing)?,
            vat: vat.ok_or_else(missing)?,
            lang: lang.ok_or_else(missing)?,
        })
    }
}

/// A contact as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub id: i64,
    pub kind: ContactKind,
    pub name: String,
    /// The company this contact belongs to, by name.
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub vat: Option<String>,
}

impl ContactDetails {
    /// The postal address on as few lines as it takes.
    pub fn address_lines(&self) -> Vec<String> {
        let city_line = [self.zip.as_deref(), self.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.street.clone(),
            self.street2.clone(),
            (!city_line.is_empty()).then_some(city_line),
            self.state.clone(),
            self.country.clone(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> ContactInput {
        ContactInput {
            kind: "company".into(),
            name: "ACME Distribution SRL".into(),
            email: "Office@ACME.example".into(),
            phone: "+40 21 555 0100".into(),
            zip: "030031".into(),
            country: "ro".into(),
            vat: "ro 12345678".into(),
            lang: "ro".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_becomes_a_draft_with_normalised_values() {
        let draft = ContactDraft::parse(&acme()).unwrap();
        assert_eq!(draft.kind, ContactKind::Company);
        assert_eq!(draft.email.unwrap().as_str(), "office@acme.example");
        assert_eq!(draft.country.unwrap().as_str(), "RO");
        assert_eq!(draft.vat.unwrap().as_str(), "RO12345678");
        assert_eq!(draft.street, None, "blank fields are absent");
    }

    #[test]
    fn every_invalid_field_is_named_at_once() {
        let input = ContactInput {
            kind: "robot".into(),
            name: " ".into(),
            email: "not-an-email".into(),
            phone: "call me".into(),
            country: "XX".into(),
            lang: "de".into(),
            ..acme()
        };
        let error = ContactDraft::parse(&input).unwrap_err();
        for (field, message) in [
            ("kind", "error-required"),
            ("name", "error-required"),
            ("email", "error-email-malformed"),
            ("phone", "error-malformed"),
            ("country", "error-unknown-country"),
            ("lang", "error-unknown-language"),
        ] {
            assert_eq!(error.field_message(field), Some(message), "{field}");
        }
    }

    #[test]
    fn a_postal_code_must_fit_the_country() {
        let input = ContactInput {
            zip: "28001".into(),
            ..acme()
        };
        let error = ContactDraft::parse(&input).unwrap_err();
        assert_eq!(error.field_message("zip"), Some("error-zip-country"));
    }

    #[test]
    fn a_company_belongs_to_no_other_company() {
        let input = ContactInput {
            parent_id: Some(3),
            ..acme()
        };
        assert!(ContactDraft::parse(&input)
            .unwrap_err()
            .field_message("parent_id")
            .is_some());
    }
}
