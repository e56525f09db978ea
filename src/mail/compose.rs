//! What each email says, in the recipient's language. Every email has a
//! plain-text part; those with a button also get an HTML part built from
//! the same translated texts, with every value HTML-escaped, so nothing a
//! user typed can become markup in a mail client.

use crate::{
    domain::Money,
    i18n::{format_moment, format_money, format_timestamp, translate, translate_with, Locale},
};

/// An email Portico sends, with what it needs to say.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Someone logged in from a browser this account had not used before.
    NewSignIn {
        name: String,
        at: i64,
        /// The reader's time zone, for `at`.
        time_zone: Option<String>,
        client_ip: String,
        browser: String,
    },
    /// An administrator changed the address this user logs in with; sent to
    /// the old and the new address.
    LoginChanged {
        name: String,
        old: String,
        new: String,
    },
    /// The owner changed the account's password (no secret in it).
    PasswordChanged { name: String },
    /// A contact was given access to the portal: choose a password here.
    Invitation {
        name: String,
        company: String,
        link: String,
        /// When the link stops working (Unix seconds).
        expires_at: i64,
    },
    /// Two-factor authentication was turned on or off (no secret in it).
    TwoFactorChanged { name: String, enabled: bool },
    /// A passkey was added to the account, or removed from it: its name.
    PasskeyChanged {
        name: String,
        passkey: String,
        added: bool,
    },
    /// Someone asked to reset this account's password: choose a new one here.
    PasswordReset {
        name: String,
        link: String,
        /// When the link stops working (Unix seconds).
        expires_at: i64,
    },
    /// Something happened to a document the recipient follows.
    DocumentUpdate {
        name: String,
        event: DocumentEvent,
        reference: String,
        amount: Money,
        /// The document's page in the portal.
        link: String,
    },
}

/// What a follower of a document is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentEvent {
    /// An invoice was posted (for followers of the order it came from).
    InvoicePosted,
    OrderConfirmed,
    PaymentReceived,
}

impl DocumentEvent {
    fn id(self) -> &'static str {
        match self {
            Self::InvoicePosted => "invoice-posted",
            Self::OrderConfirmed => "order-confirmed",
            Self::PaymentReceived => "payment-received",
        }
    }
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
    /// The HTML alternative of `body`, for messages with a link to follow.
    pub html: Option<String>,
}

/// The HTML part: the same paragraphs, escaped, and one button.
fn html_part(paragraphs: &[String], button: (&str, &str), signature: &str) -> String {
    let escape = |text: &str| html_escape::encode_text(text).replace('\n', "<br>");
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    let (label, href) = button;
    format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933\">{body}\
         <p><a href=\"{href}\" style=\"display:inline-block;padding:12px 20px;background:#2453a6;color:#fff;border-radius:6px;text-decoration:none\">{label}</a></p>\
         <p style=\"font-size:13px;color:#52606d\">{link}</p><p>{signature}</p></body></html>",
        href = html_escape::encode_double_quoted_attribute(href),
        label = escape(label),
        link = escape(href),
        signature = escape(signature),
    )
}

pub fn compose(notice: &Notice, locale: Locale) -> Composed {
    let signature = translate(locale, "mail-signature");
    match notice {
        Notice::NewSignIn {
            name,
            at,
            time_zone,
            client_ip,
            browser,
        } => {
            let when = format_moment(*at, locale, time_zone.as_deref());
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
                html: None,
            }
        }
        Notice::LoginChanged { name, old, new } => {
            let body = translate_with(
                locale,
                "mail-login-changed-body",
                &[
                    ("name", name.clone()),
                    ("old", old.clone()),
                    ("new", new.clone()),
                ],
            );
            Composed {
                kind: "login_changed",
                subject: translate(locale, "mail-login-changed-subject"),
                body: format!("{body}\n\n{signature}\n"),
                html: None,
            }
        }
        Notice::PasswordChanged { name } => {
            let body = translate_with(
                locale,
                "mail-password-changed-body",
                &[("name", name.clone())],
            );
            Composed {
                kind: "password_changed",
                subject: translate(locale, "mail-password-changed-subject"),
                body: format!("{body}\n\n{signature}\n"),
                html: None,
            }
        }
        Notice::Invitation {
            name,
            company,
            link,
            expires_at,
        } => {
            let args = [
                ("name", name.clone()),
                ("company", company.clone()),
                ("until", format_timestamp(*expires_at, locale)),
            ];
            let greeting = translate_with(locale, "mail-invitation-greeting", &args);
            let lead = translate_with(locale, "mail-invitation-body", &args);
            let until = translate_with(locale, "mail-invitation-until", &args);
            let button = translate(locale, "mail-invitation-button");
            let paragraphs = [greeting, lead, until];
            Composed {
                kind: "invitation",
                subject: translate_with(locale, "mail-invitation-subject", &args),
                body: format!(
                    "{}\n\n{}\n\n{button}: {link}\n\n{}\n\n{signature}\n",
                    paragraphs[0], paragraphs[1], paragraphs[2]
                ),
                html: Some(html_part(&paragraphs, (&button, link), &signature)),
            }
        }
        Notice::TwoFactorChanged { name, enabled } => {
            let which = if *enabled { "on" } else { "off" };
            let body = translate_with(
                locale,
                &format!("mail-two-factor-{which}-body"),
                &[("name", name.clone())],
            );
            Composed {
                kind: "two_factor_changed",
                subject: translate(locale, &format!("mail-two-factor-{which}-subject")),
                body: format!("{body}\n\n{signature}\n"),
                html: None,
            }
        }
        Notice::PasskeyChanged {
            name,
            passkey,
            added,
        } => {
            let which = if *added { "added" } else { "removed" };
            let body = translate_with(
                locale,
                &format!("mail-passkey-{which}-body"),
                &[("name", name.clone()), ("passkey", passkey.clone())],
            );
            Composed {
                kind: "passkey_changed",
                subject: translate(locale, &format!("mail-passkey-{which}-subject")),
                body: format!("{body}\n\n{signature}\n"),
                html: None,
            }
        }
        Notice::PasswordReset {
            name,
            link,
            expires_at,
        } => {
            let args = [
                ("name", name.clone()),
                ("until", format_timestamp(*expires_at, locale)),
            ];
            let paragraphs = [
                translate_with(locale, "mail-reset-greeting", &args),
                translate_with(locale, "mail-reset-body", &args),
                translate_with(locale, "mail-reset-until", &args),
            ];
            let button = translate(locale, "mail-reset-button");
            Composed {
                kind: "password_reset",
                subject: translate(locale, "mail-reset-subject"),
                body: format!(
                    "{}\n\n{}\n\n{button}: {link}\n\n{}\n\n{signature}\n",
                    paragraphs[0], paragraphs[1], paragraphs[2]
                ),
                html: Some(html_part(&paragraphs, (&button, link), &signature)),
            }
        }
        Notice::DocumentUpdate {
            name,
            event,
            reference,
            amount,
            link,
        } => {
            let args = [
                ("name", name.clone()),
                ("reference", reference.clone()),
                ("amount", format_money(amount, locale)),
            ];
            let event = event.id();
            let greeting = translate_with(locale, "mail-document-greeting", &args);
            let lead = translate_with(locale, &format!("mail-{event}-body"), &args);
            let button = translate(locale, "mail-document-button");
            let paragraphs = [greeting, lead];
            Composed {
                kind: "document_update",
                subject: translate_with(locale, &format!("mail-{event}-subject"), &args),
                body: format!(
                    "{}\n\n{}\n\n{button}: {link}\n\n{signature}\n",
                    paragraphs[0], paragraphs[1]
                ),
                html: Some(html_part(&paragraphs, (&button, link), &signature)),
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
            time_zone: None,
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

    #[test]
    fn a_passkey_notice_names_the_passkey_in_each_language() {
        for added in [true, false] {
            let notice = Notice::PasskeyChanged {
                name: "Maria Popescu".into(),
                passkey: "Work laptop".into(),
                added,
            };
            let subjects: Vec<String> = [Locale::En, Locale::Ro, Locale::Es]
                .into_iter()
                .map(|locale| {
                    let mail = compose(&notice, locale);
                    assert_eq!(mail.kind, "passkey_changed");
                    assert!(mail.body.contains("Work laptop") && mail.body.contains("Maria"));
                    mail.subject
                })
                .collect();
            assert!(subjects[0] != subjects[1] && subjects[1] != subjects[2]);
        }
    }

    #[test]
    fn an_invitation_escapes_what_users_typed_in_its_html_part() {
        let notice = Notice::Invitation {
            name: "Ana <script>alert(1)</script>".into(),
            company: "Smith & \"Sons\"".into(),
            link: "https://portal.example/invite/abc".into(),
            expires_at: 1_795_000_000,
        };
        for locale in [Locale::En, Locale::Ro, Locale::Es] {
            let mail = compose(&notice, locale);
            let html = mail.html.expect("an invitation has an HTML part");
            assert!(!html.contains("<script>"), "{locale:?}");
            assert!(html.contains("&lt;script&gt;") && html.contains("Smith &amp;"));
            assert!(html.contains("href=\"https://portal.example/invite/abc\""));
            assert!(mail.body.contains("https://portal.example/invite/abc"));
            assert!(
                mail.subject.contains("Smith & \"Sons\""),
                "the subject is plain text"
            );
        }
    }
}
