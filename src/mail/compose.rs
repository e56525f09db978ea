//! What each email says, in the recipient's language. Plain text only, so
//! nothing a user typed can become markup in a mail client.

use crate::i18n::{format_datetime, translate, translate_with, Locale};

/// An email Portico sends, with what it needs to say.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Someone logged in from a browser this account had not used before.
    NewSignIn {
        name: String,
        at: i64,
        client_ip: String,
        browser: String,
    },
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

pub fn compose(notice: &Notice, locale: Locale) -> Composed {
    let signature = translate(locale, "mail-signature");
    match notice {
        Notice::NewSignIn {
            name,
            at,
            client_ip,
            browser,
        } => {
            let when = chrono::DateTime::from_timestamp(*at, 0)
                .map(|at| format_datetime(at, locale))
                .unwrap_or_default();
            let body = translate_with(
                locale,
                "mail-new-sign-in-body",
                &[
                    ("name", name.clone()),
                    ("when", when),
                    ("ip", client_ip.clone()),
                    ("browser", browser.clone()),
                ],
            );
            Composed {
                kind: "new_sign_in",
                subject: translate(locale, "mail-new-sign-in-subject"),
                body: format!("{body}\n\n{signature}\n"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_sign_in_notice_reads_in_the_recipients_language() {
        let notice = Notice::NewSignIn {
            name: "Maria Popescu".into(),
            at: 1_795_000_000,
            client_ip: "203.0.113.7".into(),
            browser: "Firefox".into(),
        };
        let english = compose(&notice, Locale::En);
        assert_eq!(english.kind, "new_sign_in");
        assert!(english.body.contains("Maria Popescu") && english.body.contains("203.0.113.7"));
        let romanian = compose(&notice, Locale::Ro);
        assert_ne!(romanian.subject, english.subject);
        assert!(romanian.body.contains("Firefox"));
    }
}
