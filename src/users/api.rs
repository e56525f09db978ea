//! The shared types of users.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// A user as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub contact_id: i64,
    /// The contact's name.
    pub name: String,
    /// The email address used to log in (not necessarily the contact's own).
    pub login: String,
    pub role: Role,
    pub revoked: bool,
    /// When the user last logged in (Unix seconds), if ever.
    pub last_login_at: Option<i64>,
}

use crate::{declare_access, error::AppError};
use leptos::prelude::*;

/// A field the custom filter may test, with the operators it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Groups,
    Login,
    Active,
    LatestLogin,
}

impl FilterField {
    pub const ALL: [Self; 4] = [Self::Groups, Self::Login, Self::Active, Self::LatestLogin];

    pub fn key(self) -> &'static str {
        match self {
            Self::Groups => "groups",
            Self::Login => "login",
            Self::Active => "active",
            Self::LatestLogin => "latest_login",
        }
    }

    pub fn operators(self) -> &'static [&'static str] {
        match self {
            Self::Groups | Self::Login => &["contains"],
            Self::Active => &["is"],
            Self::LatestLogin => &["before", "after"],
        }
    }
}

/// One condition of the custom filter, as typed: `field.operator.value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: FilterField,
    pub operator: &'static str,
    pub value: String,
}

impl Condition {
    /// Reads `login.contains.acme`; `None` for any field or operator outside
    /// the whitelist, or a value the field cannot hold.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let (field, operator, value) = (parts.next()?, parts.next()?, parts.next()?.trim());
        let field = FilterField::ALL.into_iter().find(|f| f.key() == field)?;
        let operator = *field.operators().iter().find(|op| **op == operator)?;
        let valid = match field {
            FilterField::Groups => {
                ["portal", "internal", "administrator", "staff"].contains(&value)
            }
            // Counted as kept: lower case can be longer ("İ" is two characters).
            FilterField::Login => !value.is_empty() && value.to_lowercase().chars().count() <= 100,
            FilterField::Active => value == "yes" || value == "no",
            FilterField::LatestLogin => {
                chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
            }
        };
        valid.then(|| Self {
            field,
            operator,
            value: value.to_lowercase(),
        })
    }

    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.field.key(), self.operator, self.value)
    }
}

/// The user list's request: a preset and custom conditions, all combined.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserQuery {
    /// `portal`, `internal` or empty for everyone.
    pub preset: String,
    /// Conditions as `field.operator.value`.
    pub conditions: Vec<String>,
    /// The last id of the previous page.
    pub after: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    pub next: Option<i64>,
}

pub const PAGE_SIZE: i64 = 50;

#[server(endpoint = "admin/users/list")]
pub async fn list_users(query: UserQuery) -> Result<UserPage, AppError> {
    crate::context::authorize::<ListUsers>()?;
    let mut conditions = Vec::new();
    match query.preset.as_str() {
        "" => {}
        "portal" | "internal" => conditions.push(Condition {
            field: FilterField::Groups,
            operator: "contains",
            value: query.preset.clone(),
        }),
        _ => return Err(AppError::BadRequest),
    }
    for text in query.conditions.iter().take(10) {
        conditions.push(Condition::parse(text).ok_or(AppError::BadRequest)?);
    }
    let state = crate::context::app_state()?;
    Ok(super::store::list(&state.pool, &conditions, query.after).await?)
}
declare_access!(ListUsers: Administrator);

#[server(endpoint = "admin/users/get")]
pub async fn get_user(id: i64) -> Result<UserSummary, AppError> {
    crate::context::authorize::<GetUser>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::summary(&state.pool, id).await?)
}
declare_access!(GetUser: Administrator);

/// Changes the address a user logs in with (not the contact's email): every
/// session ends, open links stop working, both addresses are told.
#[server(endpoint = "admin/users/login")]
pub async fn change_login(id: i64, login: String) -> Result<UserSummary, AppError> {
    let admin = crate::context::authorize::<ChangeLogin>()?;
    super::logins::change(&admin, id, &login).await
}
declare_access!(ChangeLogin: Administrator);

/// Creates a staff user or administrator and emails it an invitation to
/// choose its password; lands on the new user's page.
#[server(endpoint = "admin/users/invite")]
pub async fn invite_internal_user(
    name: String,
    email: String,
    role: String,
) -> Result<i64, AppError> {
    let admin = crate::context::authorize::<InviteInternalUser>()?;
    let id = super::accounts::invite_internal(&admin, &name, &email, &role).await?;
    leptos_axum::redirect(&format!("/admin/users/{id}"));
    Ok(id)
}
declare_access!(InviteInternalUser: Administrator);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_come_only_from_the_whitelist() {
        let login = Condition::parse("login.contains.ACME.example").unwrap();
        assert_eq!(
            (login.field, login.operator, login.value.as_str()),
            (FilterField::Login, "contains", "acme.example")
        );
        assert_eq!(Condition::parse(&login.encode()), Some(login));
        assert!(Condition::parse("groups.contains.portal").is_some());
        assert!(Condition::parse("latest_login.before.2026-11-01").is_some());
        for bad in [
            "password_hash.contains.x",
            "login.equals.x",
            "groups.contains.root",
            "active.is.maybe",
            "latest_login.after.yesterday",
            "login.contains.",
            "login",
            "login.contains.x' OR 1=1 --",
        ] {
            let parsed = Condition::parse(bad);
            // The last one is a valid login search: it is bound, never spliced.
            if bad.contains("OR 1=1") {
                assert!(parsed.is_some());
            } else {
                assert_eq!(parsed, None, "{bad}");
            }
        }
    }

    #[test]
    fn a_condition_reads_back_from_its_encoding_when_lower_case_is_longer() {
        // Found by the property below: 60 "İ" were accepted, but their 120
        // lower-case characters, written into the next page's address, were not.
        let long = format!("login.contains.{}", "İ".repeat(60));
        assert_eq!(Condition::parse(&long), None);
        let fits = Condition::parse(&format!("login.contains.{}", "İ".repeat(50)));
        let fits = fits.expect("100 characters once lower-cased");
        assert_eq!(Condition::parse(&fits.encode()), Some(fits));
    }

    use proptest::prelude::*;

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn a_parsed_condition_is_whitelisted_and_reads_back_from_its_encoding(
            text in any::<String>(),
            near in "(groups|login|active|latest_login|x)\\.(contains|is|before|after|x)\\.[ a-zA-Z0-9%_.'İ\\-]{0,12}",
            long in "login\\.contains\\.[aAİ]{90,101}",
        ) {
            for typed in [text, near, long] {
                if let Some(condition) = Condition::parse(&typed) {
                    prop_assert!(condition.field.operators().contains(&condition.operator));
                    prop_assert!(!condition.value.is_empty());
                    prop_assert_eq!(condition.value.trim(), condition.value.as_str());
                    prop_assert_eq!(Condition::parse(&condition.encode()), Some(condition));
                }
            }
        }
    }
}
