use serde::{Deserialize, Serialize};
use std::fmt;

/// A well-formed email address, trimmed and lower-cased so that it can be
/// compared and used as a login. Holding one is proof it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("email is empty")]
    Empty,
    #[error("email is malformed")]
    Malformed,
}

impl EmailError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "error-email-required",
            Self::Malformed => "error-email-malformed",
        }
    }
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        // A login needs a domain with a dot: "user@localhost" is valid RFC 5322
        // but never a customer's address, and display names are not addresses.
        let has_dotted_domain = trimmed
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if trimmed.len() > 254
            || !has_dotted_domain
            || trimmed.contains(['<', '>', ' '])
            || !email_address::EmailAddress::is_valid(trimmed)
        {
            return Err(EmailError::Malformed);
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, used to refuse passwords built from it.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases_a_valid_address() {
        let email = Email::parse("  Maria.Popescu@ACME.example ").unwrap();
        assert_eq!(email.as_str(), "maria.popescu@acme.example");
        assert_eq!(email.local_part(), "maria.popescu");
    }

    #[test]
    fn refuses_empty_and_malformed_addresses() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        for bad in [
            "maria",
            "maria@",
            "@acme.example",
            "maria@localhost",
            "Maria <maria@acme.example>",
            "ma ria@acme.example",
            "maria@acme.",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
    }

    #[test]
    fn refuses_overlong_addresses() {
        let long = format!("{}@acme.example", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::Malformed));
    }
}
