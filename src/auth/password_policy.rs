//! Which new passwords are accepted (OWASP ASVS 4.0.3 L2, NIST SP 800-63B):
//! 12 to 128 characters after NFKC, never truncated, no composition rules;
//! refused when common (zxcvbn's bundled lists) or built from the user's
//! name, email or the product's name. The same rules serve invitation,
//! reset and change.

use super::password_hash::Secret;
use zxcvbn::feedback::Warning;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;
const PRODUCT_NAME: &str = "portico";

/// What the password must not be built from.
pub struct PersonalWords<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// Why a password was refused, as a translation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    TooShort,
    TooLong,
    Common,
    Personal,
    ProductName,
    Guessable,
}

impl Rejection {
    pub fn message_id(self) -> &'static str {
        match self {
            Self::TooShort => "password-too-short",
            Self::TooLong => "password-too-long",
            Self::Common => "password-common",
            Self::Personal => "password-personal",
            Self::ProductName => "password-product",
            Self::Guessable => "password-guessable",
        }
    }
}

fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of a name or email worth refusing: four letters or more, so that a
/// short name such as "Ion" does not forbid every password containing "ion".
fn personal_tokens(words: &PersonalWords<'_>) -> Vec<String> {
    words
        .name
        .split(|c: char| !c.is_alphanumeric())
        .chain(words.email.split(|c: char| !c.is_alphanumeric()))
        .map(folded)
        .filter(|token| token.chars().count() >= 4)
        .filter(|token| {
            !matches!(
                token.as_str(),
                "example" | "mail" | "gmail" | "yahoo" | "outlook"
            )
        })
        .collect()
}

pub fn check(secret: &Secret, words: &PersonalWords<'_>) -> Result<(), Rejection> {
    let password = secret.expose();
    let length = password.chars().count();
    if length < MIN_CHARS {
        return Err(Rejection::TooShort);
    }
    if length > MAX_CHARS {
        return Err(Rejection::TooLong);
    }
    let compact = folded(password);
    if compact.contains(PRODUCT_NAME) {
        return Err(Rejection::ProductName);
    }
    if personal_tokens(words)
        .iter()
        .any(|token| compact.contains(token.as_str()))
    {
        return Err(Rejection::Personal);
    }
    let inputs = [words.name, words.email, PRODUCT_NAME];
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    let warning = estimate.feedback().and_then(|f| f.warning());
    if matches!(
        warning,
        Some(
            Warning::ThisIsATop10Password
                | Warning::ThisIsATop100Password
                | Warning::ThisIsACommonPassword
                | Warning::ThisIsSimilarToACommonlyUsedPassword
        )
    ) {
        return Err(Rejection::Common);
    }
    if estimate.score() < zxcvbn::Score::Three {
        return Err(Rejection::Guessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(password: &str) -> Result<(), Rejection> {
        check(
            &Secret::new(password),
            &PersonalWords {
                name: "Maria Popescu",
                email: "maria.popescu@acme.example",
            },
        )
    }

    #[test]
    fn accepts_long_passphrases_without_composition_rules() {
        assert_eq!(verdict("velvet compass sixty meadows"), Ok(()));
        assert_eq!(verdict("Lilac harbour 42 tides"), Ok(()));
        assert_eq!(verdict("пароль надёжный длинный"), Ok(()));
    }

    #[test]
    fn counts_characters_not_bytes_and_never_truncates() {
        assert_eq!(verdict("short words"), Err(Rejection::TooShort));
        // 12 two-byte characters are long enough.
        assert_eq!(
            verdict("ăâîșțăâîșțăâ")
                .err()
                .filter(|r| *r == Rejection::TooShort),
            None
        );
        assert_eq!(verdict(&"lanterns ".repeat(15)), Err(Rejection::TooLong));
    }

    #[test]
    fn refuses_common_passwords() {
        for common in ["password1234", "123456789012", "qwertyuiopasdf"] {
            assert!(
                matches!(
                    verdict(common),
                    Err(Rejection::Common | Rejection::Guessable)
                ),
                "{common}: {:?}",
                verdict(common)
            );
        }
    }

    #[test]
    fn refuses_passwords_built_from_name_email_or_product() {
        assert_eq!(verdict("Popescu2026!!xyz"), Err(Rejection::Personal));
        assert_eq!(verdict("maria-lovely-days"), Err(Rejection::Personal));
        assert_eq!(verdict("My Portico account 1"), Err(Rejection::ProductName));
    }
}
