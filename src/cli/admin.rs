//! `portico admin create`: the first administrator, from the command line.

use crate::{
    auth::{password_hash, password_policy},
    config::Settings,
    contacts::{ContactDraft, ContactInput},
    db,
    domain::{Email, Role},
    i18n::{translate, Locale},
    users,
};
use std::io::BufRead;

/// Creates an administrator named `name` with the login `email`; the
/// password is read from standard input and checked by the same policy as
/// the app's forms.
pub async fn create_admin(email: &str, name: &str) -> Result<(), String> {
    let email = Email::parse(email)
        .map_err(|_| format!("--email: {email:?} is not a valid email address"))?;
    let contact = ContactDraft::parse(&ContactInput {
        kind: "individual".into(),
        name: name.into(),
        email: email.as_str().into(),
        ..Default::default()
    })
    .map_err(|error| {
        let reason = error.field_message("name").map_or_else(
            || translate(Locale::En, error.message_id()),
            |id| translate(Locale::En, id),
        );
        format!("--name: {reason}")
    })?;
    let name = contact.name.as_str();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let secret = password_hash::Secret::new(line.trim_end_matches(['\r', '\n']));
    let words = password_policy::PersonalWords {
        name,
        email: email.as_str(),
    };
    if let Err(rejection) = password_policy::check(&secret, &words) {
        return Err(format!(
            "password refused: {}",
            translate(Locale::En, rejection.message_id())
        ));
    }
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let hash = password_hash::hash(secret)
        .await
        .map_err(|e| e.to_string())?;
    let account = users::accounts::NewAccount {
        contact: &contact,
        login: &email,
        role: Role::Administrator,
        password_hash: hash,
        origin: "command line",
    };
    users::accounts::create_account(&pool, account)
        .await
        .map_err(|e| match e {
            db::StoreError::Unique(_) => format!("a user with the login {email} already exists"),
            other => other.to_string(),
        })?;
    println!("Administrator {email} created.");
    Ok(())
}
