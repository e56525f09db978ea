//! The shared types of contacts: what a form sends, what it becomes once
//! every field passed its rule, and what pages show.

use crate::{
    domain::{
        contact_fields::parse_language, AddressLine, ContactName, CountryCode, Email, Locale,
        Phone, PostalCode, TextProblem, VatNumber,
    },
    error::{AppError, FieldErrors},
};
use leptos::prelude::*;
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

/// A contact form as typed: every field a string, empty when left blank
/// (or not sent at all, as a disabled field is not).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub kind: String,
    pub name: String,
    /// "No company" is sent as an empty value.
    #[serde(deserialize_with = "empty_as_none")]
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

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Sent {
        Number(i64),
        Text(String),
    }
    match Option::<Sent>::deserialize(d)? {
        None => Ok(None),
        Some(Sent::Number(n)) => Ok(Some(n)),
        Some(Sent::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Sent::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("a company id")),
    }
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

/// Which contacts the back office's list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ContactFilter {
    #[default]
    All,
    Companies,
    Individuals,
    PortalUsers,
}

impl ContactFilter {
    pub const ALL: [Self; 4] = [
        Self::All,
        Self::Companies,
        Self::Individuals,
        Self::PortalUsers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Companies => "companies",
            Self::Individuals => "individuals",
            Self::PortalUsers => "portal",
        }
    }

    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "contacts-filter-all",
            Self::Companies => "contacts-filter-companies",
            Self::Individuals => "contacts-filter-individuals",
            Self::PortalUsers => "contacts-filter-portal",
        }
    }
}

/// The order of the contact list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ContactSort {
    #[default]
    NameAscending,
    NameDescending,
    Newest,
}

impl ContactSort {
    pub const ALL: [Self; 3] = [Self::NameAscending, Self::NameDescending, Self::Newest];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NameAscending => "name",
            Self::NameDescending => "-name",
            Self::Newest => "new",
        }
    }

    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NameAscending => "contacts-sort-name",
            Self::NameDescending => "contacts-sort-name-desc",
            Self::Newest => "contacts-sort-newest",
        }
    }

    pub fn ascending(self) -> bool {
        self == Self::NameAscending
    }
}

/// One line of the contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactLine {
    pub id: i64,
    pub kind: ContactKind,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    /// Has an active portal user.
    pub portal_user: bool,
}

/// A page of the contact list, with the cursors of its neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPage {
    pub lines: Vec<ContactLine>,
    /// Pass as `after` for the next page.
    pub next: Option<String>,
    /// Pass as `before` for the previous page.
    pub previous: Option<String>,
}

/// How many contacts one page of the list shows.
pub const PAGE_SIZE: usize = 50;

/// A position in the list, sorted by name: the name key and id of a row,
/// written into page addresses as `key~id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub name_key: String,
    pub id: i64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Self> {
        let (key, id) = text.rsplit_once('~')?;
        Some(Self {
            name_key: key.chars().take(400).collect(),
            id: id.parse().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        format!("{}~{}", self.name_key, self.id)
    }
}

/// The key contacts are sorted and searched by: the name in lower case.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The words a contact is found by: each word of its name, in lower case
/// (the whole name when it has no letters or digits at all).
pub fn search_words(name: &str) -> Vec<String> {
    let key = name_key(name);
    let mut words: Vec<String> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    if words.is_empty() {
        words.push(key);
    }
    words
}

/// Contacts matching `query` (the start of a name, of any word of it, of an
/// email or of a company's name), by name, a page at a time.
#[server(endpoint = "admin/contacts/list")]
pub async fn list_contacts(
    query: String,
    filter: String,
    #[server(default)] sort: String,
    after: String,
    before: String,
) -> Result<ContactPage, AppError> {
    crate::context::authorize::<ListContacts>()?;
    let state = crate::context::app_state()?;
    let search = super::store::Search {
        prefix: name_key(&query).chars().take(100).collect(),
        filter: ContactFilter::parse(&filter),
        sort: ContactSort::parse(&sort),
        after: Cursor::parse(&after),
        before: Cursor::parse(&before),
    };
    Ok(super::store::list(&state.pool, &search).await?)
}
crate::declare_access!(ListContacts: Staff);

/// A contact as the back office edits it, with its company's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub id: i64,
    pub input: ContactInput,
    pub company: Option<(i64, String)>,
    /// For a company: the contacts that belong to it.
    pub related: Vec<ContactLine>,
    pub portal_user: bool,
}

#[server(endpoint = "admin/contacts/get")]
pub async fn get_contact(id: i64) -> Result<ContactRecord, AppError> {
    crate::context::authorize::<GetContact>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::record(&state.pool, id).await?)
}
crate::declare_access!(GetContact: Staff);

/// Companies to choose a contact's company from, by name.
#[server(endpoint = "admin/contacts/companies")]
pub async fn company_choices() -> Result<Vec<(i64, String)>, AppError> {
    crate::context::authorize::<CompanyChoices>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::company_choices(&state.pool).await?)
}
crate::declare_access!(CompanyChoices: Staff);

/// Creates (no `id`) or updates a contact; every invalid field is named.
/// Lands on the contact's page.
#[server(endpoint = "admin/contacts/save")]
pub async fn save_contact(id: Option<i64>, contact: ContactInput) -> Result<i64, AppError> {
    crate::context::authorize::<SaveContact>()?;
    let draft = ContactDraft::parse(&contact)?;
    let state = crate::context::app_state()?;
    let id = super::store::save(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/contacts/{id}"));
    Ok(id)
}
crate::declare_access!(SaveContact: Staff);

/// Deletes a contact that has no user, no related contacts and no documents.
#[server(endpoint = "admin/contacts/delete")]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    crate::context::authorize::<DeleteContact>()?;
    let state = crate::context::app_state()?;
    super::store::delete(&state.pool, id).await?;
    leptos_axum::redirect("/admin/contacts");
    Ok(())
}
crate::declare_access!(DeleteContact: Staff);

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
    fn a_cursor_survives_its_trip_through_an_address() {
        let cursor = Cursor {
            name_key: name_key("  Ștefan ~ Ionescu "),
            id: 42,
        };
        assert_eq!(cursor.name_key, "ștefan ~ ionescu");
        assert_eq!(Cursor::parse(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::parse("no-id"), None);
        assert_eq!(Cursor::parse("name~x"), None);
        assert_eq!(ContactFilter::parse("portal"), ContactFilter::PortalUsers);
        assert_eq!(ContactFilter::parse("nonsense"), ContactFilter::All);
    }

    #[test]
    fn a_contact_is_found_by_every_word_of_its_name() {
        assert_eq!(
            search_words("Maria  Popescu-Ionescu"),
            ["ionescu", "maria", "popescu"]
        );
        assert_eq!(
            search_words("ACME Distribution SRL"),
            ["acme", "distribution", "srl"]
        );
        assert_eq!(search_words("Ștefan"), ["ștefan"]);
        assert_eq!(search_words("—"), ["—"]);
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
