//! Where messages go: `.eml` files in a folder (the default), or an SMTP
//! server (TLS with `smtps://`, or STARTTLS with `smtp://…?tls=required`).

use crate::config::{MailTransport, Settings};
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart},
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

pub enum Mailer {
    Files(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// A mail setting the transport cannot use; names the variable.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {name}: {problem}")]
pub struct MailerError {
    pub name: &'static str,
    pub problem: String,
}

pub struct Outbound {
    pub mailer: Mailer,
    pub from: Mailbox,
}

impl Outbound {
    pub fn from_settings(settings: &Settings) -> Result<Self, MailerError> {
        let from = settings
            .mail_from
            .parse::<Mailbox>()
            .map_err(|e| MailerError {
                name: "PORTICO_MAIL_FROM",
                problem: e.to_string(),
            })?;
        let mailer = match &settings.mail_transport {
            MailTransport::Files(folder) => {
                std::fs::create_dir_all(folder).map_err(|e| MailerError {
                    name: "PORTICO_MAIL_DIR",
                    problem: format!("cannot create {}: {e}", folder.display()),
                })?;
                Mailer::Files(AsyncFileTransport::new(folder))
            }
            MailTransport::Smtp(url) => Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailerError {
                        name: "PORTICO_SMTP_URL",
                        problem: e.to_string(),
                    })?
                    .build(),
            ),
        };
        Ok(Self { mailer, from })
    }

    /// Sends one message, as plain text or, with `html`, as both parts of
    /// a multipart/alternative; the error text is kept in the outbox for staff.
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        html: Option<&str>,
    ) -> Result<(), String> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| format!("recipient: {e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject);
        let message = match html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                body.to_owned(),
                html.to_owned(),
            )),
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned()),
        }
        .map_err(|e| format!("message: {e}"))?;
        match &self.mailer {
            Mailer::Files(files) => files
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Mailer::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
        }
    }
}
