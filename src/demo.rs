//! Demo data, loaded once into an empty database by `portico serve --demo`.

use crate::{
    auth::password::{self, Secret},
    contacts::{store::NewContact, ContactKind},
    db::Pool,
    domain::{Email, Role},
    error::AppError,
    i18n::Locale,
    users,
};

pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

pub const LOGINS: [DemoLogin; 3] = [
    DemoLogin {
        role: "administrator",
        email: "admin@example.com",
        password: "Lilac harbour 42 tides",
    },
    DemoLogin {
        role: "staff",
        email: "staff@example.com",
        password: "Copper lantern 17 fjords",
    },
    DemoLogin {
        role: "customer (ACME Distribution SRL)",
        email: "maria@acme.example",
        password: "Velvet compass 63 meadows",
    },
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("storage: {0}")]
    Store(#[from] crate::db::StoreError),
    #[error("{0}")]
    App(#[from] AppError),
}

pub fn contact(
    kind: ContactKind,
    name: &str,
    email: Option<&str>,
    parent_id: Option<i64>,
) -> NewContact {
    NewContact {
        kind: Some(kind),
        name: name.into(),
        parent_id,
        email: email.map(Into::into),
        ..Default::default()
    }
}

/// Loads the demo data when the database has no users yet; returns whether it did.
pub async fn load_if_empty(pool: &Pool) -> Result<bool, DemoError> {
    if users::store::count(pool).await? > 0 {
        return Ok(false);
    }
    let mut hashes = Vec::new();
    for login in &LOGINS {
        hashes.push(password::hash(Secret::new(login.password)).await?);
    }
    let mut tx = pool.begin().await.map_err(crate::db::StoreError::from)?;
    let company = NewContact {
        kind: Some(ContactKind::Company),
        name: "ACME Distribution SRL".into(),
        email: Some("office@acme.example".into()),
        phone: Some("+40 21 555 0100".into()),
        street: Some("Strada Lipscani 12".into()),
        city: Some("București".into()),
        zip: Some("030031".into()),
        country: Some("RO".into()),
        vat: Some("RO12345678".into()),
        lang: Some(Locale::Ro),
        ..Default::default()
    };
    let company_id = crate::contacts::store::insert(&mut *tx, &company).await?;
    let people = [
        contact(
            ContactKind::Individual,
            "Ana Ionescu",
            Some(LOGINS[0].email),
            None,
        ),
        contact(
            ContactKind::Individual,
            "Radu Stan",
            Some(LOGINS[1].email),
            None,
        ),
        contact(
            ContactKind::Individual,
            "Maria Popescu",
            Some(LOGINS[2].email),
            Some(company_id),
        ),
    ];
    let roles = [Role::Administrator, Role::Staff, Role::Portal];
    for ((person, role), (login, hash)) in people.iter().zip(roles).zip(LOGINS.iter().zip(hashes)) {
        let email = Email::parse(login.email).map_err(|_| AppError::Internal)?;
        users::create_with_contact(&mut tx, person, &email, role, hash, "demo data").await?;
    }
    // A second contact of the company, without portal access.
    crate::contacts::store::insert(
        &mut *tx,
        &contact(
            ContactKind::Individual,
            "Ion Vasilescu",
            Some("ion@acme.example"),
            Some(company_id),
        ),
    )
    .await?;
    tx.commit().await.map_err(crate::db::StoreError::from)?;
    Ok(true)
}

pub fn describe_logins() -> String {
    LOGINS
        .iter()
        .map(|l| format!("  {:<34} {:<22} {}", l.role, l.email, l.password))
        .collect::<Vec<_>>()
        .join("\n")
}
