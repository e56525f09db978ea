//! Demo data, loaded once into an empty database by `portico serve --demo`.

use crate::{
    auth::password::{self, Secret},
    contacts::{ContactDraft, ContactInput},
    db::{Pool, StoreError},
    domain::{Email, Role},
    error::AppError,
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
    Store(#[from] StoreError),
    #[error("{0}")]
    App(#[from] AppError),
}

/// A person's contact, checked by the same rules as a form.
pub fn person(name: &str, email: &str, company_id: Option<i64>) -> Result<ContactDraft, AppError> {
    ContactDraft::parse(&ContactInput {
        kind: "individual".into(),
        name: name.into(),
        email: email.into(),
        parent_id: company_id,
        ..Default::default()
    })
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
    let company = ContactDraft::parse(&ContactInput {
        kind: "company".into(),
        name: "ACME Distribution SRL".into(),
        email: "office@acme.example".into(),
        phone: "+40 21 555 0100".into(),
        street: "Strada Lipscani 12".into(),
        city: "București".into(),
        zip: "030031".into(),
        country: "RO".into(),
        vat: "RO12345678".into(),
        lang: "ro".into(),
        ..Default::default()
    })?;
    let mut tx = pool.begin().await.map_err(StoreError::from)?;
    let company_id = crate::contacts::store::insert(&mut *tx, &company).await?;
    let people = [
        person("Ana Ionescu", LOGINS[0].email, None)?,
        person("Radu Stan", LOGINS[1].email, None)?,
        person("Maria Popescu", LOGINS[2].email, Some(company_id))?,
    ];
    let roles = [Role::Administrator, Role::Staff, Role::Customer];
    for ((contact, role), (login, hash)) in people.iter().zip(roles).zip(LOGINS.iter().zip(hashes))
    {
        let email = Email::parse(login.email).map_err(|_| AppError::ServerError)?;
        let account = users::accounts::NewAccount {
            contact,
            login: &email,
            role,
            password_hash: hash,
            origin: "demo data",
        };
        users::accounts::create_with_contact(&mut tx, account).await?;
    }
    // Contacts without portal access yet, to grant it to: one more of
    // ACME's people, a Spanish company with its buyer, a private customer
    // who has not said which language she prefers.
    let speaking = |mut draft: ContactDraft, tag: &str| {
        draft.lang = crate::domain::Locale::from_tag(tag);
        draft
    };
    crate::contacts::store::insert(
        &mut *tx,
        &speaking(
            person("Ion Vasilescu", "ion@acme.example", Some(company_id))?,
            "ro",
        ),
    )
    .await?;
    let norte = ContactDraft::parse(&ContactInput {
        kind: "company".into(),
        name: "Soluciones Norte SL".into(),
        email: "hola@norte.example".into(),
        street: "Calle de Alcalá 48".into(),
        city: "Madrid".into(),
        zip: "28014".into(),
        country: "ES".into(),
        vat: "ESB12345674".into(),
        lang: "es".into(),
        ..Default::default()
    })?;
    let norte_id = crate::contacts::store::insert(&mut *tx, &norte).await?;
    crate::contacts::store::insert(
        &mut *tx,
        &speaking(
            person("Carmen Ruiz", "carmen@norte.example", Some(norte_id))?,
            "es",
        ),
    )
    .await?;
    crate::contacts::store::insert(
        &mut *tx,
        &person("Elena Dumitru", "elena.dumitru@example.com", None)?,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(true)
}

pub fn describe_logins() -> String {
    LOGINS
        .iter()
        .map(|l| format!("  {:<34} {:<22} {}", l.role, l.email, l.password))
        .collect::<Vec<_>>()
        .join("\n")
}

const FIRST_NAMES: [&str; 24] = [
    "Ana", "Andrei", "Bianca", "Carmen", "Cristian", "Diana", "Elena", "Florin", "Gabriela",
    "Ioana", "Javier", "Laura", "Lucía", "Marius", "Mihai", "Nicoleta", "Pablo", "Raluca",
    "Sergio", "Sofía", "Ștefan", "Teodora", "Valentin", "Zoe",
];
const LAST_NAMES: [&str; 24] = [
    "Popescu",
    "Ionescu",
    "Popa",
    "Dumitru",
    "Stan",
    "Stoica",
    "Gheorghe",
    "Matei",
    "Ciobanu",
    "Rusu",
    "Munteanu",
    "Constantin",
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
];
const COMPANY_WORDS: [&str; 12] = [
    "Carpați", "Dunărea", "Iberia", "Meseta", "Litoral", "Nordic", "Sol", "Atlas", "Orizont",
    "Vértice", "Delta", "Andina",
];

/// Adds contacts until the database holds at least `count` (one company in
/// ten, half of the people in a company), for benchmarks; returns how many
/// it added.
pub async fn generate_contacts(pool: &Pool, count: i64) -> Result<i64, DemoError> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    let mut added = 0;
    let mut company: Option<i64> = None;
    while existing + added < count {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        for _ in 0..1000 {
            let n = existing + added;
            if n >= count {
                break;
            }
            let (i, j, k) = (n as usize % 24, (n as usize / 24) % 24, n as usize % 12);
            let draft = if n % 10 == 0 {
                ContactDraft::parse(&ContactInput {
                    kind: "company".into(),
                    name: format!("{} {} {n} SRL", COMPANY_WORDS[k], LAST_NAMES[j]),
                    email: format!("office{n}@company{n}.example"),
                    ..Default::default()
                })?
            } else {
                let parent = if n % 2 == 0 { company } else { None };
                person(
                    &format!("{} {} {n}", FIRST_NAMES[i], LAST_NAMES[j]),
                    &format!("person{n}@example.net"),
                    parent,
                )?
            };
            let id = crate::contacts::store::insert(&mut tx, &draft).await?;
            if n % 10 == 0 {
                company = Some(id);
            }
            added += 1;
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(added)
}
