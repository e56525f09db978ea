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
        if raw.trim().is_empty() {
            return Err(EmailError::Empty);
        }
        // Checked as it is kept: lower case can be longer than what was typed
        // ("İ" becomes two characters) and must still be an address that
        // reads back as itself.
        let kept = raw.trim().to_lowercase();
        // A login needs a domain with a dot: "user@localhost" is valid RFC 5322
        // but never a customer's address, and display names are not addresses.
        let has_dotted_domain = kept
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if kept.len() > 254
            || !has_dotted_domain
            || kept.contains(['<', '>', ' '])
            || !email_address::EmailAddress::is_valid(&kept)
        {
            return Err(EmailError::Malformed);
        }
        Ok(Self(kept))
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
    fn an_address_is_checked_as_it_is_kept_in_lower_case() {
        // Found by the property below: lower-cased, "İ" gains a combining
        // dot, and the kept address was one `parse` refuses.
        assert_eq!(Email::parse("a@İ.example"), Err(EmailError::Malformed));
        let label = "İ".repeat(30);
        let long = format!("a@{label}.{label}.{label}.{label}.example");
        assert!(long.len() <= 254 && long.to_lowercase().len() > 254);
        assert_eq!(Email::parse(&long), Err(EmailError::Malformed));
    }

    #[test]
    fn refuses_overlong_addresses() {
        let long = format!("{}@acme.example", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::Malformed));
    }

    use proptest::prelude::*;

    /// What an accepted address must be, whatever was typed.
    fn assert_well_formed(email: &Email) -> Result<(), TestCaseError> {
        let text = email.as_str();
        prop_assert_eq!(text.matches('@').count(), 1, "{:?}", text);
        prop_assert!(
            !text.chars().any(|c| c.is_whitespace() || c.is_control()),
            "{:?}",
            text
        );
        prop_assert!(text.len() <= 254, "{} bytes: {:?}", text.len(), text);
        let (local, domain) = text.split_once('@').unwrap_or_default();
        prop_assert_eq!(email.local_part(), local);
        prop_assert!(!local.is_empty() && domain.contains('.') && !domain.ends_with('.'));
        prop_assert_eq!(text.to_lowercase(), text);
        // Stored addresses are read again as logins: the same one, unchanged.
        prop_assert_eq!(Email::parse(text), Ok(email.clone()));
        Ok(())
    }

    /// Text near an address: the characters that matter to its rules,
    /// including quotes, brackets, several kinds of space and letters whose
    /// lower case is longer than themselves.
    fn addressish() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9._+\\-\"@() \t\n\u{a0}\u{2028}<>\\[\\],;:\\\\İKẞ]{0,24}@[a-zA-Z0-9.\\-İ\\[\\]:]{1,24}"
    }

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn whatever_is_typed_an_accepted_address_is_well_formed(
            text in any::<String>(),
            near in addressish(),
        ) {
            for typed in [text, near] {
                if let Ok(email) = Email::parse(&typed) {
                    assert_well_formed(&email)?;
                }
            }
        }

        #[test]
        fn plain_addresses_are_accepted_trimmed_and_lowercased(
            local in "[a-zA-Z0-9_+\\-]{1,20}(\\.[a-zA-Z0-9]{1,10}){0,2}",
            domain in "[a-zA-Z0-9]{1,20}(\\.[a-zA-Z0-9]([a-zA-Z0-9\\-]{0,8}[a-zA-Z0-9])?)?\\.[a-zA-Z]{2,6}",
            padding in "[ \t\n]{0,3}",
        ) {
            let typed = format!("{padding}{local}@{domain}{padding}");
            let email = Email::parse(&typed)
                .map_err(|e| TestCaseError::fail(format!("{typed:?}: {e}")))?;
            assert_well_formed(&email)?;
            prop_assert_eq!(email.as_str(), format!("{local}@{domain}").to_lowercase());
            prop_assert_eq!(Email::parse(&typed.to_ascii_uppercase()), Ok(email));
        }

        #[test]
        fn long_addresses_stay_within_the_limit_once_lowercased(
            local in "[a-zİK]{1,64}",
            labels in prop::collection::vec("[a-zİ]{1,63}", 1..5),
        ) {
            let typed = format!("{local}@{}.example", labels.join("."));
            if let Ok(email) = Email::parse(&typed) {
                assert_well_formed(&email)?;
            }
        }
    }
}
