//! The demo data set: three companies' people, two with a history of
//! documents, payments and saved methods; loaded once into an empty
//! database by `portico serve --demo` (and by the tests that still start
//! on it).

use super::{
    logins::{ADMINISTRATOR, CUSTOMER, LOGINS, STAFF},
    person, store, DemoError,
};
use crate::{
    access::CustomerScope,
    auth::password_hash::{self, Secret},
    config::Settings,
    contacts::{ContactDraft, ContactInput},
    db::Pool,
    documents::{
        forms::{DocumentDraft, PaymentInput},
        subscriptions::api::SubscriptionDraft,
    },
    domain::{totals::LineTerms, Currency, Email, Money, Role},
    error::AppError,
    portal::api::{AddressDraft, AddressInput},
    users,
};

/// Loads the demo data when the database has no users yet; returns whether
/// it did. `settings` seal the staff's two-factor keys.
pub async fn load_if_empty(pool: &Pool, settings: &Settings) -> Result<bool, DemoError> {
    if users::store::count(pool).await? > 0 {
        return Ok(false);
    }
    let mut hashes = Vec::new();
    for login in &LOGINS {
        hashes.push(password_hash::hash(Secret::new(login.password)).await?);
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
    let mut tx = crate::db::begin(pool).await?;
    let company_id = crate::contacts::store::insert(&mut tx, &company).await?;
    let people = [
        (ADMINISTRATOR, Role::Administrator, None),
        (STAFF, Role::Staff, None),
        (CUSTOMER, Role::Customer, Some(company_id)),
    ];
    let mut keys = Vec::new();
    for ((login, role, company), hash) in people.into_iter().zip(hashes) {
        let contact = &person(login.name, login.email, company)?;
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
        &mut tx,
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
    let norte_id = crate::contacts::store::insert(&mut tx, &norte).await?;
    crate::contacts::store::insert(
        &mut tx,
        &speaking(
            person("Carmen Ruiz", "carmen@norte.example", Some(norte_id))?,
            "es",
        ),
    )
    .await?;
    crate::contacts::store::insert(
        &mut tx,
        &person("Elena Dumitru", "elena.dumitru@example.com", None)?,
    )
    .await?;
    tx.commit().await?;
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
        days_after, record_payment, save_invoice, save_order, save_subscription,
    };
    use crate::documents::{invoices::store as invoices, orders::store as orders};
    use crate::domain::states::{InvoiceAction, OrderAction};
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
    orders::act(pool, url, website, OrderAction::Send).await?;
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
    orders::act(pool, url, dropped, OrderAction::Send).await?;
    orders::act(pool, url, dropped, OrderAction::Cancel).await?;
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
    orders::act(pool, url, pallets, OrderAction::Confirm).await?;
    let paid_invoice = orders::act(pool, url, pallets, OrderAction::Invoice).await?;
    store::retime_invoice(pool, paid_invoice, &ago(65), &ago(35)).await?;
    invoices::act(pool, url, paid_invoice, InvoiceAction::Post).await?;
    let total = store::invoice_total(pool, paid_invoice).await?;
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
    orders::act(pool, url, scanners, OrderAction::Confirm).await?;
    let partial = orders::act(pool, url, scanners, OrderAction::Invoice).await?;
    store::retime_invoice(pool, partial, &ago(45), &ago(15)).await?;
    invoices::act(pool, url, partial, InvoiceAction::Post).await?;
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
    invoices::act(pool, url, overdue, InvoiceAction::Post).await?;
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
    invoices::act(pool, url, upcoming, InvoiceAction::Post).await?;
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
    invoices::act(pool, url, mistaken, InvoiceAction::Post).await?;
    invoices::act(pool, url, mistaken, InvoiceAction::Cancel).await?;
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
    orders::act(pool, url, norte_quote, OrderAction::Send).await?;
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
    orders::act(pool, url, norte_order, OrderAction::Confirm).await?;
    let norte_invoice = orders::act(pool, url, norte_order, OrderAction::Invoice).await?;
    store::retime_invoice(pool, norte_invoice, &ago(35), &ago(5)).await?;
    invoices::act(pool, url, norte_invoice, InvoiceAction::Post).await?;
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
    store::set_company_profile(
        pool,
        &store::CompanyProfile {
            name: "Portico Demo SRL",
            address: "Bulevardul Unirii 20\n030833 București\nRomânia",
            vat: "RO40000000",
            email: "facturare@portico.example",
            phone: "+40 21 555 0199",
        },
    )
    .await?;
    let warehouse = AddressDraft::parse(&AddressInput {
        kind: "delivery".into(),
        name: "Depozit Chitila".into(),
        street: "Șoseaua Chitilei 210".into(),
        city: "Chitila".into(),
        zip: "077045".into(),
        country: "RO".into(),
        ..Default::default()
    })?;
    crate::portal::store::save_address(
        pool,
        CustomerScope::of_commercial_entity(acme),
        None,
        &warehouse,
    )
    .await?;
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
        let token = format!(
            "demo_{}_ok_demodata{n}",
            if kind == "card" { "card" } else { "sepa" }
        );
        let method = store::SavedMethod {
            customer,
            kind,
            brand,
            last4,
            expiry,
            holder,
            token: &token,
            is_default,
        };
        let id = store::add_saved_method(pool, &method).await?;
        if is_default == 1 {
            store::renew_subscriptions_with(pool, customer, id).await?;
        }
    }
    Ok(())
}
