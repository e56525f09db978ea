//! Demo data, loaded once into an empty database by `portico serve --demo`.

use crate::{
    auth::password::{self, Secret},
    config::Settings,
    contacts::{ContactDraft, ContactInput},
    db::{Pool, StoreError},
    documents::admin_api::{DocumentDraft, PaymentInput, SubscriptionDraft},
    domain::{totals::LineTerms, Currency, Email, Money, Role},
    error::AppError,
    users,
};
use sqlx::{Connection, Row};

pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// The base32 key of the account's authenticator (staff must use
    /// two-factor): add it to an app, or compute codes from it in tests.
    pub two_factor_key: Option<&'static str>,
}

pub const LOGINS: [DemoLogin; 3] = [
    DemoLogin {
        role: "administrator",
        email: "admin@example.com",
        password: "Lilac harbour 42 tides",
        two_factor_key: Some("ADMINDEMOADMINDEMOADMINDEMOADMIN"),
    },
    DemoLogin {
        role: "staff",
        email: "staff@example.com",
        password: "Copper lantern 17 fjords",
        two_factor_key: Some("STAFFDEMOSTAFFDEMOSTAFFDEMOSTAFF"),
    },
    DemoLogin {
        role: "customer (ACME Distribution SRL)",
        email: "maria@acme.example",
        password: "Velvet compass 63 meadows",
        two_factor_key: None,
    },
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    App(#[from] AppError),
    /// Generated data that cannot be stored (a bug in the generator).
    #[error("generator: {0}")]
    Generated(&'static str),
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

/// Loads the demo data when the database has no users yet; returns whether
/// it did. `settings` seal the staff's two-factor keys.
pub async fn load_if_empty(pool: &Pool, settings: &Settings) -> Result<bool, DemoError> {
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
    let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
    let company_id = crate::contacts::store::insert(&mut *tx, &company).await?;
    let people = [
        person("Ana Ionescu", LOGINS[0].email, None)?,
        person("Radu Stan", LOGINS[1].email, None)?,
        person("Maria Popescu", LOGINS[2].email, Some(company_id))?,
    ];
    let roles = [Role::Administrator, Role::Staff, Role::Customer];
    let mut keys = Vec::new();
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
        let user_id = users::accounts::create_with_contact(&mut tx, account).await?;
        if let Some(key) = login.two_factor_key {
            keys.push((user_id, key));
        }
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
    for (user_id, key) in keys {
        crate::auth::two_factor::enable_with_key(pool, settings, user_id, key).await?;
    }
    documents(pool, company_id, norte_id).await?;
    Ok(true)
}

fn line(
    description: &str,
    quantity_milli: i64,
    unit_price: i64,
    discount_bp: i64,
    tax_bp: i64,
) -> (String, LineTerms) {
    (
        description.to_owned(),
        LineTerms {
            quantity_milli,
            unit_price,
            discount_bp,
            tax_bp,
        },
    )
}

fn draft(
    customer_id: i64,
    date: &str,
    until: Option<String>,
    currency: Currency,
    lines: Vec<(String, LineTerms)>,
) -> DocumentDraft {
    DocumentDraft {
        customer_id,
        date: date.to_owned(),
        until,
        currency,
        note: String::new(),
        lines,
    }
}

fn paid(amount: &str, method: &str, received_on: &str, reference: &str) -> PaymentInput {
    PaymentInput {
        amount: amount.into(),
        method: method.into(),
        received_on: received_on.into(),
        reference: reference.into(),
    }
}

/// A history for each demo company, dated from today so that what is
/// overdue stays overdue: quotations sent, a draft and a cancelled one;
/// orders invoiced; invoices paid, partly paid and overdue, unpaid and not
/// yet due, cancelled, a draft; a subscription each; payments received.
/// Made through the same functions the back office uses.
async fn documents(pool: &Pool, acme: i64, norte: i64) -> Result<(), DemoError> {
    use crate::documents::editing::{
        days_after, invoice_action, order_action, record_payment, save_invoice, save_order,
        save_subscription,
    };
    let today = crate::documents::store::today();
    let ago = |days: i64| days_after(&today, -days);
    let url = "";
    let ron = Currency::Ron;
    // Quotations.
    let website = save_order(
        pool,
        None,
        &draft(
            acme,
            &ago(6),
            Some(days_after(&today, 24)),
            ron,
            vec![
                line(
                    "Reproiectare site web — analiză și machete",
                    1_000,
                    850_000,
                    0,
                    1_900,
                ),
                line("Implementare pagini (ore)", 40_000, 22_500, 1_000, 1_900),
                line(
                    "Găzduire și mentenanță, primul an",
                    1_000,
                    120_000,
                    0,
                    1_900,
                ),
            ],
        ),
    )
    .await?;
    order_action(pool, url, website, "send").await?;
    save_order(
        pool,
        None,
        &draft(
            acme,
            &ago(1),
            None,
            ron,
            vec![line("Audit de securitate", 1_000, 400_000, 0, 1_900)],
        ),
    )
    .await?;
    let dropped = save_order(
        pool,
        None,
        &draft(
            acme,
            &ago(75),
            Some(ago(45)),
            ron,
            vec![line("Rafturi metalice depozit", 12_000, 61_000, 500, 1_900)],
        ),
    )
    .await?;
    order_action(pool, url, dropped, "send").await?;
    order_action(pool, url, dropped, "cancel").await?;
    // Orders, invoiced: one paid, one partly paid and overdue.
    let pallets = save_order(
        pool,
        None,
        &draft(
            acme,
            &ago(70),
            None,
            ron,
            vec![
                line("Transpalet manual 2,5 t", 2_000, 189_000, 0, 1_900),
                line("Paleți EUR (bucăți)", 120_000, 4_500, 500, 1_900),
                line("Transport și montaj", 1_000, 35_000, 0, 1_900),
            ],
        ),
    )
    .await?;
    order_action(pool, url, pallets, "confirm").await?;
    let paid_invoice = order_action(pool, url, pallets, "invoice").await?;
    retime_invoice(pool, paid_invoice, &ago(65), &ago(35)).await?;
    invoice_action(pool, url, paid_invoice, "post").await?;
    let total = invoice_total(pool, paid_invoice).await?;
    record_payment(
        pool,
        url,
        None,
        paid_invoice,
        &paid(&total, "bank_transfer", &ago(40), "OP 1187"),
    )
    .await?;
    let scanners = save_order(
        pool,
        None,
        &draft(
            acme,
            &ago(50),
            None,
            ron,
            vec![
                line("Cititor coduri de bare", 6_000, 74_900, 0, 1_900),
                line("Licență software inventar", 1_000, 250_000, 0, 1_900),
            ],
        ),
    )
    .await?;
    order_action(pool, url, scanners, "confirm").await?;
    let partial = order_action(pool, url, scanners, "invoice").await?;
    retime_invoice(pool, partial, &ago(45), &ago(15)).await?;
    invoice_action(pool, url, partial, "post").await?;
    record_payment(
        pool,
        url,
        None,
        partial,
        &paid("2000", "card", &ago(20), ""),
    )
    .await?;
    // Invoices by hand: overdue, not yet due, cancelled, a draft.
    let overdue = save_invoice(
        pool,
        None,
        &draft(
            acme,
            &ago(40),
            Some(ago(10)),
            ron,
            vec![
                line("Consultanță logistică (ore)", 12_000, 30_000, 0, 1_900),
                line("Deplasare Cluj-Napoca", 1_000, 45_000, 0, 0),
            ],
        ),
    )
    .await?;
    invoice_action(pool, url, overdue, "post").await?;
    let upcoming = save_invoice(
        pool,
        None,
        &draft(
            acme,
            &ago(5),
            Some(days_after(&today, 25)),
            ron,
            vec![
                line("Abonament suport — noiembrie", 1_000, 49_900, 0, 1_900),
                line("Etichete termice (role)", 24_000, 1_850, 0, 900),
            ],
        ),
    )
    .await?;
    invoice_action(pool, url, upcoming, "post").await?;
    let mistaken = save_invoice(
        pool,
        None,
        &draft(
            acme,
            &ago(30),
            Some(today.clone()),
            ron,
            vec![line("Factură emisă din greșeală", 1_000, 10_000, 0, 1_900)],
        ),
    )
    .await?;
    invoice_action(pool, url, mistaken, "post").await?;
    invoice_action(pool, url, mistaken, "cancel").await?;
    save_invoice(
        pool,
        None,
        &draft(
            acme,
            &today,
            None,
            ron,
            vec![line("Instruire personal depozit", 8_000, 18_000, 0, 1_900)],
        ),
    )
    .await?;
    save_subscription(
        pool,
        None,
        &SubscriptionDraft {
            customer_id: acme,
            plan: "Suport Pro".into(),
            amount: Money::new(49_900, ron),
            period: "month",
            start_date: ago(200),
            next_invoice_date: Some(days_after(&today, 7)),
        },
    )
    .await?;
    // The Spanish company: its own documents, in euros.
    let eur = Currency::Eur;
    let norte_quote = save_order(
        pool,
        None,
        &draft(
            norte,
            &ago(3),
            Some(days_after(&today, 27)),
            eur,
            vec![
                line(
                    "Diseño de señalética para almacén",
                    1_000,
                    180_000,
                    0,
                    2_100,
                ),
                line("Instalación (horas)", 16_000, 4_500, 0, 2_100),
            ],
        ),
    )
    .await?;
    order_action(pool, url, norte_quote, "send").await?;
    let norte_order = save_order(
        pool,
        None,
        &draft(
            norte,
            &ago(40),
            None,
            eur,
            vec![line(
                "Estanterías industriales",
                8_000,
                32_000,
                1_000,
                2_100,
            )],
        ),
    )
    .await?;
    order_action(pool, url, norte_order, "confirm").await?;
    let norte_invoice = order_action(pool, url, norte_order, "invoice").await?;
    retime_invoice(pool, norte_invoice, &ago(35), &ago(5)).await?;
    invoice_action(pool, url, norte_invoice, "post").await?;
    save_subscription(
        pool,
        None,
        &SubscriptionDraft {
            customer_id: norte,
            plan: "Mantenimiento anual".into(),
            amount: Money::new(120_000, eur),
            period: "year",
            start_date: ago(300),
            next_invoice_date: Some(days_after(&today, 65)),
        },
    )
    .await?;
    sqlx::query(
        "UPDATE company_profile SET name = $1, address = $2, vat = $3, email = $4, phone = $5, updated_at = $6 WHERE id = 1",
    )
    .bind("Portico Demo SRL")
    .bind("Bulevardul Unirii 20\n030833 București\nRomânia")
    .bind("RO40000000")
    .bind("facturare@portico.example")
    .bind("+40 21 555 0199")
    .bind(crate::db::now())
    .execute(pool)
    .await
    .map_err(StoreError::from)?;
    sqlx::query(
        "INSERT INTO addresses (customer_id, kind, name, street, city, zip, country, created_at, updated_at)          VALUES ($1, 'delivery', 'Depozit Chitila', 'Șoseaua Chitilei 210', 'Chitila', '077045', 'RO', $2, $2)",
    )
    .bind(acme)
    .bind(crate::db::now())
    .execute(pool)
    .await
    .map_err(StoreError::from)?;
    saved_methods(pool, acme, norte, &today).await?;
    Ok(())
}

/// Payment methods as the demo provider would have tokenised them: ACME's
/// Visa renews its subscription, its Mastercard expires next month; Norte
/// pays by SEPA Direct Debit, which renews its subscription.
async fn saved_methods(pool: &Pool, acme: i64, norte: i64, today: &str) -> Result<(), DemoError> {
    let year: i64 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let month: i64 = today.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let (next_month, next_year) = if month == 12 {
        (1, year + 1)
    } else {
        (month + 1, year)
    };
    let methods = [
        (
            acme,
            "card",
            "visa",
            "4242",
            Some((12, year + 3)),
            "Maria Popescu",
            1,
        ),
        (
            acme,
            "card",
            "mastercard",
            "4444",
            Some((next_month, next_year)),
            "Maria Popescu",
            0,
        ),
        (
            norte,
            "sepa_debit",
            "sepa",
            "1332",
            None,
            "Soluciones Norte SL",
            1,
        ),
    ];
    for (n, (customer, kind, brand, last4, expiry, holder, is_default)) in
        methods.into_iter().enumerate()
    {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payment_methods (customer_id, kind, brand, last4, exp_month, exp_year, holder, provider, token, is_default, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'demo', $8, $9, $10) RETURNING id",
        )
        .bind(customer)
        .bind(kind)
        .bind(brand)
        .bind(last4)
        .bind(expiry.map(|(m, _)| m))
        .bind(expiry.map(|(_, y)| y))
        .bind(holder)
        .bind(format!("demo_{}_ok_demodata{n}", if kind == "card" { "card" } else { "sepa" }))
        .bind(is_default)
        .bind(crate::db::now())
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
        if is_default == 1 {
            sqlx::query("UPDATE subscriptions SET payment_method_id = $1 WHERE customer_id = $2")
                .bind(id)
                .bind(customer)
                .execute(pool)
                .await
                .map_err(StoreError::from)?;
        }
    }
    Ok(())
}

/// Moves a draft invoice made today back in time, as if made then.
async fn retime_invoice(pool: &Pool, id: i64, date: &str, due: &str) -> Result<(), DemoError> {
    sqlx::query(
        "UPDATE invoices SET invoice_date = $1, due_date = $2 WHERE id = $3 AND state = 'draft'",
    )
    .bind(date)
    .bind(due)
    .bind(id)
    .execute(pool)
    .await
    .map_err(StoreError::from)?;
    Ok(())
}

async fn invoice_total(pool: &Pool, id: i64) -> Result<String, DemoError> {
    let total: i64 = sqlx::query_scalar("SELECT amount_total FROM invoices WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    Ok(crate::domain::totals::plain_decimal(total, 2))
}

pub fn describe_logins() -> String {
    LOGINS
        .iter()
        .map(|l| {
            let key = l
                .two_factor_key
                .map(|key| format!("  two-factor key {key}"))
                .unwrap_or_default();
            format!("  {:<34} {:<22} {}{key}", l.role, l.email, l.password)
        })
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
        let mut tx = crate::db::begin(pool).await.map_err(StoreError::from)?;
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

/// What [`generate_documents`] added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratedCounts {
    pub customers: i64,
    pub invoices: i64,
    pub lines: i64,
    pub payments: i64,
    pub orders: i64,
    pub subscriptions: i64,
}

/// The customer who holds a tenth of the generated invoices, so that deep
/// pages of one portal list are meaningful: the demo's ACME when it is
/// there, else the first company, else the first commercial entity.
pub async fn heavy_customer(pool: &Pool) -> Result<Option<i64>, DemoError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE parent_id IS NULL \
         ORDER BY CASE WHEN name = 'ACME Distribution SRL' THEN 0 WHEN kind = 'company' THEN 1 ELSE 2 END, id \
         LIMIT 1",
    )
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from)?;
    Ok(found)
}

/// Rows per `INSERT`: at most 15 columns × 500 rows = 7 500 bound values,
/// far under SQLite's 32 766 and PostgreSQL's 65 535.
const ROWS_PER_STATEMENT: usize = 500;
/// Rows per transaction. Inserts land all over the indexes, so each commit
/// writes most of their pages again (to SQLite's WAL): 20 000 wrote twice
/// as much as this and took a fifth longer. Small enough that memory stays
/// flat and a failure loses little.
const ROWS_PER_TRANSACTION: usize = 50_000;
/// How far back generated documents are dated.
const SPAN_DAYS: i64 = 3 * 365;
/// The share of all invoices (in percent) the heavy customer holds.
const HEAVY_SHARE: u64 = 10;

/// Prefixes of generated numbers: never one of the app's `INV/`, `S…` or
/// `SUB…`, so the app's own sequences never collide with them.
const INVOICE_PREFIX: &str = "GEN/";
const ORDER_PREFIX: &str = "GEN/SO/";
const SUBSCRIPTION_PREFIX: &str = "GEN/SUB/";

/// A small deterministic generator (SplitMix64): the data needs variety,
/// not secrecy, and a seed makes a run repeatable.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A value of a generated row, bound in placeholder order.
enum Value {
    Int(i64),
    Text(String),
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
}

/// One table's multi-row `INSERT`: the text for a full statement is made
/// once and reused (the driver prepares it once per connection); only a
/// last, shorter statement gets its own.
struct BulkInsert {
    head: String,
    width: usize,
    tail: &'static str,
    /// Plain `?` placeholders instead of `$N`. On SQLite sqlx binds each
    /// `$N` by asking for its name, which SQLite finds by a linear search:
    /// 7 500 of them cost 7 500² steps per statement, four fifths of the
    /// whole run. A `?` has no name to look up. PostgreSQL needs `$N`.
    anonymous: bool,
    full: String,
}

impl BulkInsert {
    fn new(conn: &sqlx::AnyConnection, table: &str, columns: &[&str], tail: &'static str) -> Self {
        let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut bulk = Self {
            head,
            width: columns.len(),
            tail,
            anonymous: conn.backend_name() == crate::db::dialect::SQLITE,
            full: String::new(),
        };
        bulk.full = bulk.sql(ROWS_PER_STATEMENT);
        bulk
    }

    fn sql(&self, rows: usize) -> String {
        let mut sql = String::with_capacity(self.head.len() + rows * self.width * 7);
        sql.push_str(&self.head);
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for column in 0..self.width {
                if column > 0 {
                    sql.push_str(", ");
                }
                if self.anonymous {
                    sql.push('?');
                } else {
                    sql.push_str(&format!("${}", row * self.width + column + 1));
                }
            }
            sql.push(')');
        }
        sql.push_str(self.tail);
        sql
    }

    /// Inserts `values` (whole rows, in column order), a statement per
    /// [`ROWS_PER_STATEMENT`] rows; answers what `RETURNING` gave back.
    async fn run(
        &self,
        conn: &mut sqlx::AnyConnection,
        values: &[Value],
    ) -> Result<Vec<sqlx::any::AnyRow>, DemoError> {
        let mut returned = Vec::new();
        for chunk in values.chunks(self.width * ROWS_PER_STATEMENT) {
            let rows = chunk.len() / self.width;
            let own;
            let sql = if rows == ROWS_PER_STATEMENT {
                self.full.as_str()
            } else {
                own = self.sql(rows);
                own.as_str()
            };
            let mut query = sqlx::query(sql);
            for value in chunk {
                query = match value {
                    Value::Int(v) => query.bind(*v),
                    Value::Text(v) => query.bind(v.as_str()),
                    Value::MaybeInt(v) => query.bind(*v),
                    Value::MaybeText(v) => query.bind(v.as_deref()),
                };
            }
            returned.extend(
                query
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(StoreError::from)?,
            );
        }
        Ok(returned)
    }
}

/// The highest counter among numbers `prefix` + year? + counter, so a
/// second run continues after the first instead of colliding with it.
async fn last_counter(
    pool: &Pool,
    table: &str,
    column: &str,
    prefix: &str,
    counter_from: usize,
) -> Result<i64, DemoError> {
    // The range reads the unique index on the number; the year (if any)
    // sits between the prefix and the counter, so MAX over the text would
    // not be the highest counter.
    let sql = format!(
        "SELECT MAX(CAST(SUBSTR({column}, {}) AS BIGINT)) FROM {table} \
         WHERE {column} >= $1 AND {column} < $2",
        counter_from + 1
    );
    let last: Option<i64> = sqlx::query_scalar(&sql)
        .bind(prefix)
        .bind(format!("{prefix}\u{10FFFF}"))
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    Ok(last.unwrap_or(0))
}

/// Days from the first generated date to `SPAN_DAYS` + 400 days after it,
/// as text and as the Unix time of that day's morning: formatted once, not
/// per row.
struct Calendar {
    days: Vec<String>,
    first_timestamp: i64,
    /// The index of today.
    today: usize,
}

impl Calendar {
    fn new() -> Self {
        let today = chrono::Utc::now().date_naive();
        let first = today - chrono::Duration::days(SPAN_DAYS - 1);
        let days = (0..SPAN_DAYS + 400)
            .map(|k| {
                (first + chrono::Duration::days(k))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .collect();
        let first_timestamp = first
            .and_hms_opt(9, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp());
        Self {
            days,
            first_timestamp,
            today: (SPAN_DAYS - 1) as usize,
        }
    }

    fn day(&self, index: usize) -> &str {
        &self.days[index.min(self.days.len() - 1)]
    }

    fn timestamp(&self, index: usize) -> i64 {
        self.first_timestamp + index as i64 * 86_400
    }
}

/// Who generated documents go to, with a skew: the heavy customer gets
/// `HEAVY_SHARE` percent, the others a long tail (the first ones most).
struct Customers {
    heavy: i64,
    others: Vec<i64>,
}

impl Customers {
    fn pick(&self, dice: &mut Dice) -> i64 {
        if self.others.is_empty() || dice.below(100) < HEAVY_SHARE {
            return self.heavy;
        }
        let u = dice.unit();
        let index = ((self.others.len() as f64) * u * u) as usize;
        self.others[index.min(self.others.len() - 1)]
    }

    /// Each customer pays in one currency; most in lei, some in euros.
    fn currency(&self, customer: i64) -> Currency {
        if customer != self.heavy && customer % 5 == 0 {
            Currency::Eur
        } else {
            Currency::Ron
        }
    }
}

/// What is sold: a description, a typical unit price in minor units, the
/// tax rate in basis points, and whether it is counted in hours.
const PRODUCTS: [(&str, i64, i64, bool); 12] = [
    ("Consultanță logistică (ore)", 30_000, 1_900, true),
    ("Paleți EUR", 4_500, 1_900, false),
    ("Transpalet manual 2,5 t", 189_000, 1_900, false),
    ("Cititor coduri de bare", 74_900, 1_900, false),
    ("Licență software inventar", 250_000, 1_900, false),
    ("Etichete termice (role)", 1_850, 900, false),
    ("Abonament suport lunar", 49_900, 1_900, false),
    ("Transport și montaj", 35_000, 1_900, false),
    ("Instruire personal (ore)", 18_000, 1_900, true),
    ("Estanterías industriales", 32_000, 2_100, false),
    ("Instalación (horas)", 4_500, 2_100, true),
    ("Deplasare", 45_000, 0, false),
];

/// One line with varied terms, and its amounts by the one rule.
fn generated_line(dice: &mut Dice) -> Result<(&'static str, LineTerms, i64, i64), DemoError> {
    let (description, price, tax_bp, hours) = *dice.pick(&PRODUCTS);
    let units = if hours {
        1 + dice.below(40)
    } else {
        1 + dice.below(24)
    } as i64;
    let terms = LineTerms {
        quantity_milli: units * 1_000,
        // ±25 % around the list price.
        unit_price: price * (75 + dice.below(51) as i64) / 100,
        discount_bp: if dice.chance(100) {
            *dice.pick(&[500, 1_000, 1_500])
        } else {
            0
        },
        tax_bp,
    };
    let sums = crate::domain::totals::totals(&[terms]).ok_or(DemoError::Generated(
        "a generated line's amounts do not fit",
    ))?;
    Ok((description, terms, sums.untaxed, sums.tax))
}

fn push_line_values(values: &mut Vec<Value>, document_id: i64, line: &(&str, LineTerms, i64, i64)) {
    let (description, terms, untaxed, tax) = line;
    values.extend([
        Value::Int(document_id),
        Value::Int(0),
        Value::Text((*description).to_owned()),
        Value::Int(terms.quantity_milli),
        Value::Int(terms.unit_price),
        Value::Int(terms.discount_bp),
        Value::Int(terms.tax_bp),
        Value::Int(*untaxed),
        Value::Int(*tax),
    ]);
}

const LINE_COLUMNS: [&str; 8] = [
    "position",
    "description",
    "quantity_milli",
    "unit_price",
    "discount_bp",
    "tax_bp",
    "amount_untaxed",
    "amount_tax",
];

fn lines_insert(conn: &sqlx::AnyConnection, owner: &str) -> BulkInsert {
    let mut columns = vec![owner];
    columns.extend(LINE_COLUMNS);
    BulkInsert::new(conn, "document_lines", &columns, "")
}

/// Adds commercial entities (four companies to one private person) until
/// at least `wanted` exist, with their search words; answers how many.
async fn ensure_customers(
    pool: &Pool,
    conn: &mut sqlx::AnyConnection,
    wanted: i64,
) -> Result<i64, DemoError> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE parent_id IS NULL")
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    let missing = (wanted - existing).max(0);
    if missing == 0 {
        return Ok(0);
    }
    // Names carry a number past every contact there is, so a second run
    // makes new names rather than twins.
    let start: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM contacts")
        .fetch_one(pool)
        .await
        .map_err(StoreError::from)?;
    let contacts = BulkInsert::new(
        conn,
        "contacts",
        &[
            "kind",
            "name",
            "email",
            "country",
            "lang",
            "created_at",
            "updated_at",
            "name_key",
        ],
        " RETURNING id, name",
    );
    let words = BulkInsert::new(
        conn,
        "contact_words",
        &["word", "contact_id"],
        " ON CONFLICT DO NOTHING",
    );
    let at = crate::db::now();
    let mut added = 0;
    while added < missing {
        let mut tx = conn.begin().await.map_err(StoreError::from)?;
        let batch = (missing - added).min(ROWS_PER_TRANSACTION as i64);
        for chunk_start in (0..batch).step_by(ROWS_PER_STATEMENT) {
            let rows = (batch - chunk_start).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 8);
            for i in 0..rows {
                let n = start + added + chunk_start + i + 1;
                let (j, k) = ((n as usize / 24) % 24, n as usize % 12);
                let spanish = n % 3 == 0;
                let (kind, name, email) = if n % 5 == 0 {
                    (
                        "individual",
                        format!("{} {} {n}", FIRST_NAMES[n as usize % 24], LAST_NAMES[j]),
                        format!("client{n}@example.org"),
                    )
                } else {
                    (
                        "company",
                        format!(
                            "{} {} {n} {}",
                            COMPANY_WORDS[k],
                            LAST_NAMES[j],
                            if spanish { "SL" } else { "SRL" }
                        ),
                        format!("office@client{n}.example"),
                    )
                };
                values.extend([
                    Value::Text(kind.into()),
                    Value::Text(name.clone()),
                    Value::Text(email),
                    Value::Text(if spanish { "ES" } else { "RO" }.into()),
                    Value::Text(if spanish { "es" } else { "ro" }.into()),
                    Value::Int(at),
                    Value::Int(at),
                    Value::Text(crate::contacts::api::name_key(&name)),
                ]);
            }
            let made = contacts.run(&mut tx, &values).await?;
            let mut word_values = Vec::new();
            for row in &made {
                let id: i64 = row.try_get(0).map_err(StoreError::from)?;
                let name: String = row.try_get(1).map_err(StoreError::from)?;
                for word in crate::contacts::api::search_words(&name) {
                    word_values.extend([Value::Text(word), Value::Int(id)]);
                }
            }
            words.run(&mut tx, &word_values).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        added += batch;
    }
    Ok(added)
}

/// Generates data at scale for benchmarks: first commercial entities until
/// at least `customers` exist, then `invoices` invoices over the past three
/// years (one line each, totals by `domain::totals`; mostly posted and
/// paid, some partly paid, unpaid or overdue, a few drafts and cancelled;
/// a payment row for what was paid), a fifth as many quotations and orders
/// and a fortieth as many subscriptions. One customer (ACME in the demo
/// data) gets a tenth of everything. Numbers start with `GEN/` and continue
/// from the last generated one, so a second run adds more; the app's own
/// sequences are left alone. Multi-row inserts in large transactions: no
/// round trip per row.
pub async fn generate_documents(
    pool: &Pool,
    customers: i64,
    invoices: i64,
) -> Result<GeneratedCounts, DemoError> {
    // One connection of its own for every write, closed at the end: on
    // SQLite it gets a cache that holds most of the indexes the inserts
    // land in at random (with the default 2 MB a million invoices took a
    // quarter longer, re-reading pages from the system), and the pool's
    // connections keep theirs.
    let mut conn = pool.acquire().await.map_err(StoreError::from)?.detach();
    if conn.backend_name() == crate::db::dialect::SQLITE {
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut conn)
            .await
            .map_err(StoreError::from)?;
    }
    let mut counts = GeneratedCounts {
        // Invoices need someone to go to.
        customers: ensure_customers(pool, &mut conn, customers.max(i64::from(invoices > 0)))
            .await?,
        ..Default::default()
    };
    let Some(heavy) = heavy_customer(pool).await? else {
        return Ok(counts);
    };
    // Staff's own contacts are no customers.
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE parent_id IS NULL AND id <> $1 \
         AND id NOT IN (SELECT contact_id FROM users WHERE role IN ('admin', 'staff')) ORDER BY id",
    )
    .bind(heavy)
    .fetch_all(pool)
    .await
    .map_err(StoreError::from)?;
    let who = Customers { heavy, others };
    let calendar = Calendar::new();
    let orders = invoices / 5;
    let subscriptions = invoices / 40;
    let invoice_base = last_counter(pool, "invoices", "number", INVOICE_PREFIX, 9).await?;
    let order_base = last_counter(
        pool,
        "sales_orders",
        "reference",
        ORDER_PREFIX,
        ORDER_PREFIX.len(),
    )
    .await?;
    let subscription_base = last_counter(
        pool,
        "subscriptions",
        "reference",
        SUBSCRIPTION_PREFIX,
        SUBSCRIPTION_PREFIX.len(),
    )
    .await?;
    // Seeded by where numbering starts: a second run differs from the first.
    let mut dice = Dice(0x5EED_u64 ^ (invoice_base as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    generate_invoices(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        invoices,
        invoice_base,
        &mut counts,
    )
    .await?;
    generate_orders(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        orders,
        order_base,
        &mut counts,
    )
    .await?;
    generate_subscriptions(
        &mut conn,
        &who,
        &calendar,
        &mut dice,
        subscriptions,
        subscription_base,
        &mut counts,
    )
    .await?;
    Ok(counts)
}

/// An invoice made but not yet inserted: what its line and payment need
/// once its id is known.
struct PendingInvoice {
    number: String,
    customer: i64,
    currency: Currency,
    line: (&'static str, LineTerms, i64, i64),
    /// Amount, day received, method.
    payment: Option<(i64, usize, &'static str)>,
}

async fn generate_invoices(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let invoices = BulkInsert::new(
        conn,
        "invoices",
        &[
            "number",
            "customer_id",
            "contact_id",
            "state",
            "payment_state",
            "invoice_date",
            "due_date",
            "currency",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "amount_paid",
            "posted_at",
            "created_at",
            "updated_at",
        ],
        " RETURNING id, number",
    );
    let lines = lines_insert(conn, "invoice_id");
    let payments = BulkInsert::new(
        conn,
        "payments",
        &[
            "customer_id",
            "invoice_id",
            "amount",
            "currency",
            "method",
            "reference",
            "received_on",
            "created_at",
        ],
        "",
    );
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await.map_err(StoreError::from)?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        while done < batch_end {
            let rows = (batch_end - done).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 15);
            let mut pending = Vec::with_capacity(rows as usize);
            for i in done..done + rows {
                // Numbers follow dates, as a real ledger's do.
                let day = (i * SPAN_DAYS / count.max(1)) as usize;
                let customer = who.pick(dice);
                let currency = who.currency(customer);
                let line = generated_line(dice)?;
                let total = line.2 + line.3;
                let terms = *dice.pick(&[30, 30, 30, 14, 60]);
                let due = day + terms;
                let age = calendar.today - day;
                let (state, payment_state, paid) = if age < 20 && dice.chance(200) {
                    ("draft", "not_paid", 0)
                } else if dice.chance(20) {
                    ("cancelled", "not_paid", 0)
                } else {
                    // Past its due date an invoice is mostly paid; the rest
                    // is what the overdue filter finds.
                    let roll = dice.below(1000);
                    let (paid_share, partial_share) = if due < calendar.today {
                        (950, 970)
                    } else {
                        (350, 450)
                    };
                    if roll < paid_share {
                        ("posted", "paid", total)
                    } else if roll < partial_share && total >= 2 {
                        let part = total * (20 + dice.below(61) as i64) / 100;
                        ("posted", "partial", part.clamp(1, total - 1))
                    } else {
                        ("posted", "not_paid", 0)
                    }
                };
                let payment = (paid > 0).then(|| {
                    let last = due.min(calendar.today);
                    let received = day + dice.below((last - day) as u64 + 1) as usize;
                    let method =
                        *dice.pick(&["bank_transfer", "bank_transfer", "card", "sepa_debit"]);
                    (paid, received, method)
                });
                let date = calendar.day(day);
                let number = format!("{INVOICE_PREFIX}{}/{:07}", &date[..4], base + i + 1);
                let at = calendar.timestamp(day);
                values.extend([
                    Value::Text(number.clone()),
                    Value::Int(customer),
                    Value::Int(customer),
                    Value::Text(state.into()),
                    Value::Text(payment_state.into()),
                    Value::Text(date.to_owned()),
                    Value::Text(calendar.day(due).to_owned()),
                    Value::Text(currency.code().into()),
                    Value::Int(line.2),
                    Value::Int(line.3),
                    Value::Int(total),
                    Value::Int(paid),
                    Value::MaybeInt((state != "draft").then_some(at)),
                    Value::Int(at),
                    Value::Int(at),
                ]);
                pending.push(PendingInvoice {
                    number,
                    customer,
                    currency,
                    line,
                    payment,
                });
            }
            // RETURNING promises no order: match ids back by number.
            let made = invoices.run(&mut tx, &values).await?;
            let mut ids = std::collections::HashMap::with_capacity(made.len());
            for row in &made {
                let id: i64 = row.try_get(0).map_err(StoreError::from)?;
                let number: String = row.try_get(1).map_err(StoreError::from)?;
                ids.insert(number, id);
            }
            let mut line_values = Vec::with_capacity(pending.len() * 9);
            let mut payment_values = Vec::new();
            for invoice in &pending {
                let id = *ids.get(&invoice.number).ok_or(DemoError::Generated(
                    "an inserted invoice did not come back",
                ))?;
                push_line_values(&mut line_values, id, &invoice.line);
                if let Some((amount, received, method)) = invoice.payment {
                    payment_values.extend([
                        Value::Int(invoice.customer),
                        Value::Int(id),
                        Value::Int(amount),
                        Value::Text(invoice.currency.code().into()),
                        Value::Text(method.into()),
                        Value::Text(format!("OP {id}")),
                        Value::Text(calendar.day(received).to_owned()),
                        Value::Int(calendar.timestamp(received)),
                    ]);
                    counts.payments += 1;
                }
            }
            lines.run(&mut tx, &line_values).await?;
            payments.run(&mut tx, &payment_values).await?;
            counts.invoices += rows;
            counts.lines += rows;
            done += rows;
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(())
}

async fn generate_orders(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let orders = BulkInsert::new(
        conn,
        "sales_orders",
        &[
            "reference",
            "customer_id",
            "contact_id",
            "kind",
            "state",
            "order_date",
            "valid_until",
            "currency",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "created_at",
            "updated_at",
        ],
        " RETURNING id, reference",
    );
    let lines = lines_insert(conn, "order_id");
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await.map_err(StoreError::from)?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        while done < batch_end {
            let rows = (batch_end - done).min(ROWS_PER_STATEMENT as i64);
            let mut values = Vec::with_capacity(rows as usize * 13);
            let mut pending = Vec::with_capacity(rows as usize);
            for i in done..done + rows {
                let day = (i * SPAN_DAYS / count.max(1)) as usize;
                let customer = who.pick(dice);
                let line = generated_line(dice)?;
                let age = calendar.today - day;
                // Four in ten are quotations: recent ones may still be
                // drafts; the rest were sent (some then dropped). Orders
                // are confirmed, a few cancelled.
                let (kind, state) = if dice.chance(400) {
                    let state = if age < 30 && dice.chance(150) {
                        "draft"
                    } else if dice.chance(150) {
                        "cancelled"
                    } else {
                        "sent"
                    };
                    ("quotation", state)
                } else if dice.chance(50) {
                    ("order", "cancelled")
                } else {
                    ("order", "confirmed")
                };
                let reference = format!("{ORDER_PREFIX}{:07}", base + i + 1);
                let at = calendar.timestamp(day);
                values.extend([
                    Value::Text(reference.clone()),
                    Value::Int(customer),
                    Value::Int(customer),
                    Value::Text(kind.into()),
                    Value::Text(state.into()),
                    Value::Text(calendar.day(day).to_owned()),
                    Value::MaybeText(
                        (kind == "quotation").then(|| calendar.day(day + 30).to_owned()),
                    ),
                    Value::Text(who.currency(customer).code().into()),
                    Value::Int(line.2),
                    Value::Int(line.3),
                    Value::Int(line.2 + line.3),
                    Value::Int(at),
                    Value::Int(at),
                ]);
                pending.push((reference, line));
            }
            let made = orders.run(&mut tx, &values).await?;
            let mut ids = std::collections::HashMap::with_capacity(made.len());
            for row in &made {
                let id: i64 = row.try_get(0).map_err(StoreError::from)?;
                let reference: String = row.try_get(1).map_err(StoreError::from)?;
                ids.insert(reference, id);
            }
            let mut line_values = Vec::with_capacity(pending.len() * 9);
            for (reference, line) in &pending {
                let id = *ids
                    .get(reference)
                    .ok_or(DemoError::Generated("an inserted order did not come back"))?;
                push_line_values(&mut line_values, id, line);
            }
            lines.run(&mut tx, &line_values).await?;
            counts.orders += rows;
            counts.lines += rows;
            done += rows;
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(())
}

const PLANS: [(&str, i64, &str); 5] = [
    ("Suport Standard", 19_900, "month"),
    ("Suport Pro", 49_900, "month"),
    ("Găzduire", 9_900, "month"),
    ("Mantenimiento anual", 120_000, "year"),
    ("Licență anuală", 250_000, "year"),
];

async fn generate_subscriptions(
    conn: &mut sqlx::AnyConnection,
    who: &Customers,
    calendar: &Calendar,
    dice: &mut Dice,
    count: i64,
    base: i64,
    counts: &mut GeneratedCounts,
) -> Result<(), DemoError> {
    let subscriptions = BulkInsert::new(
        conn,
        "subscriptions",
        &[
            "reference",
            "customer_id",
            "contact_id",
            "plan",
            "currency",
            "amount",
            "period",
            "start_date",
            "next_invoice_date",
            "ends_on",
            "state",
            "created_at",
            "updated_at",
        ],
        "",
    );
    let mut done: i64 = 0;
    while done < count {
        let mut tx = conn.begin().await.map_err(StoreError::from)?;
        let batch_end = (done + ROWS_PER_TRANSACTION as i64).min(count);
        let mut values = Vec::with_capacity((batch_end - done) as usize * 13);
        for i in done..batch_end {
            let day = (i * SPAN_DAYS / count.max(1)) as usize;
            let customer = who.pick(dice);
            let (plan, amount, period) = *dice.pick(&PLANS);
            let every = if period == "month" { 30 } else { 365 };
            let upcoming = calendar.today + 1 + dice.below(every) as usize;
            let roll = dice.below(100);
            // Most run; some are paused, ending at the next renewal, or over.
            let (state, next, ends) = if roll < 80 {
                ("active", Some(upcoming), None)
            } else if roll < 85 {
                ("paused", None, None)
            } else if roll < 90 {
                ("cancelling", Some(upcoming), Some(upcoming))
            } else {
                let ended = day + (calendar.today - day) / 2;
                ("closed", None, Some(ended))
            };
            let at = calendar.timestamp(day);
            values.extend([
                Value::Text(format!("{SUBSCRIPTION_PREFIX}{:07}", base + i + 1)),
                Value::Int(customer),
                Value::Int(customer),
                Value::Text(plan.into()),
                Value::Text(who.currency(customer).code().into()),
                Value::Int(amount),
                Value::Text(period.into()),
                Value::Text(calendar.day(day).to_owned()),
                Value::MaybeText(next.map(|d| calendar.day(d).to_owned())),
                Value::MaybeText(ends.map(|d| calendar.day(d).to_owned())),
                Value::Text(state.into()),
                Value::Int(at),
                Value::Int(at),
            ]);
        }
        subscriptions.run(&mut tx, &values).await?;
        tx.commit().await.map_err(StoreError::from)?;
        counts.subscriptions += batch_end - done;
        done = batch_end;
    }
    Ok(())
}
