//! The mail outbox: a sign-in from a new browser is told by email, through
//! the outbox and the worker, to a folder or an SMTP server; a server that
//! is down loses nothing.

mod common;

use common::*;
use portico::{config::MailTransport, mail::worker::deliver_due};
use std::process::{Child, Command, Stdio};

const NOTICES_TO_MARIA: &str =
    "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'new_sign_in' AND to_address = 'maria@acme.example'";

async fn a_sign_in_from_a_new_browser_is_told_by_email(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await; // the very first sign-in is no news
    app.login_ok(CUSTOMER).await; // the same browser again
    assert_eq!(app.count("mail_outbox").await, 0);

    let other_browser = app.login_from_new_browser(CUSTOMER).await;
    assert_eq!(app.count("mail_outbox").await, 1);
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body_text FROM mail_outbox")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(subject, "New sign-in to your account");
    assert!(body.contains("Maria Popescu") && body.contains("127.0.0.1"));
    assert!(!body.contains(CUSTOMER.1), "no secret in the notice");

    // The browser is known from now on.
    assert_eq!(app.login_in(&other_browser, CUSTOMER).await.status(), 200);
    assert_eq!(app.count("mail_outbox").await, 1);

    // The worker writes it to the mail folder.
    app.eventually_count(&format!("{NOTICES_TO_MARIA} AND status = 'sent'"), 1)
        .await;
    let folder = app.data_dir.path().join("mail");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        eml.contains("Subject: New sign-in to your account")
            && eml.contains("To: maria@acme.example")
    );
}

async fn the_notice_is_written_in_the_users_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok(CUSTOMER).await;
    app.exec("UPDATE users SET lang = 'es' WHERE login = 'maria@acme.example'")
        .await;
    app.login_from_new_browser(CUSTOMER).await;
    let subject: String = sqlx::query_scalar("SELECT subject FROM mail_outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(subject, "Nuevo inicio de sesión en su cuenta");
}

struct SmtpServer {
    child: Child,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    /// Debian's aiosmtpd, storing what it receives in a Maildir.
    fn start(port: u16) -> Self {
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new("/usr/bin/python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("inbox"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd is installed (scripts/setup.sh --with-test-deps)");
        Self { child, maildir }
    }

    fn received(&self) -> Vec<String> {
        let new = self.maildir.path().join("inbox").join("new");
        std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn mail_waits_in_the_outbox_while_the_smtp_server_is_down(backend: Backend) {
    let port = free_port();
    let app = TestApp::spawn_with(backend, |s| {
        s.mail_transport = MailTransport::Smtp(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    app.login_ok(CUSTOMER).await;
    app.login_from_new_browser(CUSTOMER).await;

    // Nobody listens: the attempt fails, the message stays queued with the error.
    deliver_due(&app.pool, &app.outbound).await;
    app.eventually_count(
        &format!("{NOTICES_TO_MARIA} AND status = 'queued' AND attempts >= 1"),
        1,
    )
    .await;
    let error: Option<String> = sqlx::query_scalar("SELECT last_error FROM mail_outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(error.is_some_and(|e| !e.is_empty()));

    // The server comes back; the retry delivers it, once.
    let server = SmtpServer::start(port);
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.exec("UPDATE mail_outbox SET next_attempt_at = 0").await;
    app.eventually_count(&format!("{NOTICES_TO_MARIA} AND status = 'sent'"), 1)
        .await;
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].contains("Subject: New sign-in to your account"));
}

/// An SMTP server listening on a free port, once it accepts connections.
async fn smtp_server() -> (SmtpServer, u16) {
    let port = free_port();
    let server = SmtpServer::start(port);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    (server, port)
}

async fn received_eventually(server: &SmtpServer, count: usize) -> Vec<String> {
    for _ in 0..200 {
        let received = server.received();
        if received.len() >= count {
            return received;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the SMTP server never received {count} messages");
}

async fn an_invitation_arrives_by_smtp_with_both_parts_and_a_working_link(backend: Backend) {
    let (server, port) = smtp_server().await;
    let app = TestApp::spawn_with(backend, |s| {
        s.mail_transport = MailTransport::Smtp(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let staff = app.login_from_new_browser(common::STAFF).await;
    let ion = app.contact_id("Ion Vasilescu").await.to_string();
    let response = staff
        .post(app.url("/api/admin/access/grant"))
        .header(reqwest::header::ORIGIN, &app.address)
        .form(&[("contact_id", ion.as_str()), ("email", "ion@acme.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let message = received_eventually(&server, 1).await.remove(0);
    assert!(message.contains("To: ion@acme.example"), "{message}");
    assert!(message.contains("From: Portico"));
    assert!(message.contains("Subject: "));
    assert!(message.contains("multipart/alternative"));
    assert!(message.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(message.contains("Content-Type: text/html; charset=utf-8"));
    // Quoted-printable: soft line breaks joined, `=3D` read back as `=`.
    let plain = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = plain.find("/invite/").expect("the message holds the link") + "/invite/".len();
    let token = &plain[start..start + 64];
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    assert!(
        plain.contains(&format!("/invite/{token}\" style=")),
        "the HTML part's button holds the same link"
    );
    let response = common::client()
        .post(app.url("/api/invite/accept"))
        .header(reqwest::header::ORIGIN, &app.address)
        .form(&[
            ("token", token),
            ("password", "Amber rivers 88 glide"),
            ("password_again", "Amber rivers 88 glide"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "the link in the email works"
    );
}

async fn two_instances_on_one_database_send_each_message_once(backend: Backend) {
    let (server, port) = smtp_server().await;
    let smtp = move |s: &mut portico::config::Settings| {
        s.mail_transport = MailTransport::Smtp(format!("smtp://127.0.0.1:{port}"));
    };
    let first = TestApp::spawn_with(backend, smtp).await;
    let second = TestApp::spawn_on_with(backend, first.database_url.clone(), smtp).await;
    for n in 0..30 {
        first
            .exec(&format!(
                "INSERT INTO mail_outbox (kind, to_address, subject, body_text, status, attempts, next_attempt_at, created_at) \
                 VALUES ('test', 'reader{n}@example.com', 'Message {n}', 'Body', 'queued', 0, 0, 0)"
            ))
            .await;
    }
    first
        .eventually_count(
            "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'test' AND status = 'sent'",
            30,
        )
        .await;
    // A second sender that wrongly claimed a message would deliver it late.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let received = server.received();
    assert_eq!(
        received.len(),
        30,
        "each message once, by one of the two instances"
    );
    drop(second);
}

on_both_databases!(
    a_sign_in_from_a_new_browser_is_told_by_email,
    the_notice_is_written_in_the_users_language,
    mail_waits_in_the_outbox_while_the_smtp_server_is_down,
    an_invitation_arrives_by_smtp_with_both_parts_and_a_working_link,
    two_instances_on_one_database_send_each_message_once,
);
