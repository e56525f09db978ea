//! Small builders that give a test exactly the data its scenario needs, made
//! through the app's own store functions (or its server functions), so that
//! a test started with `TestApp::spawn_empty` reads like its scenario and no
//! change to the demo data breaks it:
//!
//! ```ignore
//! let acme = app.company("ACME Distribution SRL").create().await;
//! app.person("Maria Popescu").of(acme).portal_user(CUSTOMER).create().await;
//! let invoice = app.invoice_for(acme).line("Consultanță", 4, 2_500).posted().await;
//! let visa = app.payment_method_for(&maria).add().await;
//! ```

use super::TestApp;
use portico::{
    contacts::{store as contacts, ContactDraft, ContactInput},
    documents::{
        editing::{save_invoice, save_order},
        forms::DocumentDraft,
        invoices::store as invoices,
        orders::store as orders,
        store::today,
    },
    domain::{
        states::{InvoiceAction, OrderAction},
        totals::LineTerms,
        Currency, Email, Role,
    },
};
use reqwest::{Client, StatusCode};

/// The two-factor key of staff made by a builder with a login that is not
/// a demo one (a demo login keeps its demo key).
pub const TEST_TWO_FACTOR_KEY: &str = "TESTKEYTESTKEYTESTKEYTESTKEYTEST";

/// A contact, and optionally its login; made by [`TestApp::company`] and
/// [`TestApp::person`].
pub struct ContactBuilder<'a> {
    app: &'a TestApp,
    input: ContactInput,
    login: Option<((&'a str, &'a str), Role)>,
}

impl TestApp {
    /// A customer company with a Romanian address.
    pub fn company(&self, name: &str) -> ContactBuilder<'_> {
        ContactBuilder {
            app: self,
            input: ContactInput {
                kind: "company".into(),
                name: name.into(),
                email: format!("office@{}.example", slug(name)),
                city: "București".into(),
                zip: "030031".into(),
                country: "RO".into(),
                ..Default::default()
            },
            login: None,
        }
    }

    /// A person: a private customer, or one of a company's people with
    /// [`ContactBuilder::of`].
    pub fn person(&self, name: &str) -> ContactBuilder<'_> {
        ContactBuilder {
            app: self,
            input: ContactInput {
                kind: "individual".into(),
                name: name.into(),
                email: format!("{}@example.net", slug(name)),
                ..Default::default()
            },
            login: None,
        }
    }
}

impl<'a> ContactBuilder<'a> {
    pub fn email(mut self, email: &str) -> Self {
        self.input.email = email.into();
        self
    }

    pub fn address(mut self, city: &str, zip: &str, country: &str) -> Self {
        (self.input.city, self.input.zip, self.input.country) =
            (city.into(), zip.into(), country.into());
        self
    }

    /// One of `company`'s people.
    pub fn of(mut self, company: i64) -> Self {
        self.input.parent_id = Some(company);
        self
    }

    /// The language the contact's emails are written in.
    pub fn speaking(mut self, tag: &str) -> Self {
        self.input.lang = tag.into();
        self
    }

    /// Signs in to the portal with `login` (email, password); the login's
    /// email becomes the contact's.
    pub fn portal_user(self, login: (&'a str, &'a str)) -> Self {
        self.with_login(login, Role::Customer)
    }

    /// A member of staff who signs in with `login`, two-factor set up (the
    /// demo key for a demo login, else [`TEST_TWO_FACTOR_KEY`]), so that
    /// `TestApp::login` passes its second step.
    pub fn staff(self, login: (&'a str, &'a str)) -> Self {
        self.with_login(login, Role::Staff)
    }

    /// An administrator, two-factor set up as for [`Self::staff`].
    pub fn administrator(self, login: (&'a str, &'a str)) -> Self {
        self.with_login(login, Role::Administrator)
    }

    fn with_login(mut self, login: (&'a str, &'a str), role: Role) -> Self {
        self.input.email = login.0.into();
        self.login = Some((login, role));
        self
    }

    /// Stores the contact (and its user); answers the contact's id.
    pub async fn create(self) -> i64 {
        let app = self.app;
        let draft = ContactDraft::parse(&self.input).expect("a builder's contact is valid");
        let mut conn = app.pool.acquire().await.unwrap();
        let contact_id = contacts::insert(&mut conn, &draft).await.unwrap();
        drop(conn);
        if let Some(((email, password), role)) = self.login {
            let hash = portico::auth::password_hash::hash(
                portico::auth::password_hash::Secret::new(password),
            )
            .await
            .unwrap();
            let login = Email::parse(email).unwrap();
            let user_id = portico::users::store::insert(
                &app.pool,
                portico::users::store::NewUser {
                    contact_id,
                    login: &login,
                    role,
                    password_hash: Some(hash),
                },
            )
            .await
            .unwrap();
            if role != Role::Customer {
                let key = super::demo_two_factor_key(email).unwrap_or(TEST_TWO_FACTOR_KEY);
                portico::auth::two_factor::enable_with_key(&app.pool, &app.settings, user_id, key)
                    .await
                    .unwrap();
                app.two_factor_keys
                    .lock()
                    .unwrap()
                    .insert(email.to_owned(), key);
            }
        }
        contact_id
    }
}

impl TestApp {
    /// ACME Distribution SRL with Maria Popescu, who signs in to the portal
    /// as [`super::CUSTOMER`]; answers ACME's id.
    pub async fn acme_with_maria(&self) -> i64 {
        let acme = self.company("ACME Distribution SRL").create().await;
        self.person("Maria Popescu")
            .of(acme)
            .portal_user(super::CUSTOMER)
            .create()
            .await;
        acme
    }
}

/// An email's local part or domain made of `name`'s ASCII letters and digits.
fn slug(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[derive(Clone, Copy)]
enum DocumentKind {
    Invoice,
    Order,
}

/// An invoice or an order with its lines, dated today in lei unless told;
/// made through the back office's own functions, finished by a state:
/// [`Self::draft`], [`Self::posted`] (invoices), [`Self::sent`],
/// [`Self::confirmed`] (orders).
pub struct DocumentBuilder<'a> {
    app: &'a TestApp,
    kind: DocumentKind,
    draft: DocumentDraft,
}

impl TestApp {
    /// An invoice to `customer` (a company or a private customer's id).
    pub fn invoice_for(&self, customer: i64) -> DocumentBuilder<'_> {
        self.document(DocumentKind::Invoice, customer)
    }

    /// A quotation to `customer`, an order once confirmed.
    pub fn order_for(&self, customer: i64) -> DocumentBuilder<'_> {
        self.document(DocumentKind::Order, customer)
    }

    fn document(&self, kind: DocumentKind, customer_id: i64) -> DocumentBuilder<'_> {
        DocumentBuilder {
            app: self,
            kind,
            draft: DocumentDraft {
                customer_id,
                date: today(),
                until: None,
                currency: Currency::Ron,
                note: String::new(),
                lines: Vec::new(),
            },
        }
    }
}

impl DocumentBuilder<'_> {
    /// `quantity` units at `unit_price` (minor units), 19 % tax.
    pub fn line(self, description: &str, quantity: i64, unit_price: i64) -> Self {
        self.line_with(
            description,
            LineTerms {
                quantity_milli: quantity * 1_000,
                unit_price,
                discount_bp: 0,
                tax_bp: 1_900,
            },
        )
    }

    pub fn line_with(mut self, description: &str, terms: LineTerms) -> Self {
        self.draft.lines.push((description.to_owned(), terms));
        self
    }

    pub fn in_currency(mut self, currency: Currency) -> Self {
        self.draft.currency = currency;
        self
    }

    /// An invoice's due date, a quotation's validity ('YYYY-MM-DD').
    pub fn until(mut self, date: &str) -> Self {
        self.draft.until = Some(date.to_owned());
        self
    }

    /// Saved as a draft; answers its id.
    pub async fn draft(self) -> i64 {
        let pool = &self.app.pool;
        match self.kind {
            DocumentKind::Invoice => save_invoice(pool, None, &self.draft).await.unwrap(),
            DocumentKind::Order => save_order(pool, None, &self.draft).await.unwrap(),
        }
    }

    /// An invoice, posted (the customer sees it, and can pay it).
    pub async fn posted(self) -> i64 {
        assert!(
            matches!(self.kind, DocumentKind::Invoice),
            "only invoices are posted"
        );
        let app = self.app;
        let id = self.draft().await;
        invoices::act(&app.pool, "", id, InvoiceAction::Post)
            .await
            .unwrap();
        id
    }

    /// A quotation, sent to the customer.
    pub async fn sent(self) -> i64 {
        self.order_then(OrderAction::Send).await
    }

    /// A quotation, confirmed: an order.
    pub async fn confirmed(self) -> i64 {
        self.order_then(OrderAction::Confirm).await
    }

    async fn order_then(self, action: OrderAction) -> i64 {
        assert!(
            matches!(self.kind, DocumentKind::Order),
            "only quotations are sent and confirmed"
        );
        let app = self.app;
        let id = self.draft().await;
        orders::act(&app.pool, "", id, action).await.unwrap();
        id
    }
}

/// A card saved by a signed-in customer through the portal's own form
/// (the demo provider tokenises it); the first one becomes the default.
pub struct PaymentMethodBuilder<'a> {
    app: &'a TestApp,
    browser: &'a Client,
    holder: &'a str,
    number: &'a str,
    expiry: &'a str,
    make_default: bool,
}

impl TestApp {
    /// A card of the customer signed in on `browser`: by default a Visa
    /// that the demo provider always charges.
    pub fn payment_method_for<'a>(&'a self, browser: &'a Client) -> PaymentMethodBuilder<'a> {
        PaymentMethodBuilder {
            app: self,
            browser,
            holder: "Card Holder",
            number: "4242 4242 4242 4242",
            expiry: "12/39",
            make_default: false,
        }
    }
}

impl<'a> PaymentMethodBuilder<'a> {
    pub fn card(mut self, holder: &'a str, number: &'a str, expiry: &'a str) -> Self {
        (self.holder, self.number, self.expiry) = (holder, number, expiry);
        self
    }

    pub fn made_default(mut self) -> Self {
        self.make_default = true;
        self
    }

    /// Saves it; answers its id.
    pub async fn add(self) -> i64 {
        let mut form = vec![
            ("method[kind]", "card"),
            ("method[holder]", self.holder),
            ("method[number]", self.number),
            ("method[expiry]", self.expiry),
            ("method[cvc]", "123"),
        ];
        if self.make_default {
            form.push(("method[make_default]", "on"));
        }
        let (status, body) = self
            .app
            .post_as(self.browser, "/api/my/payment-methods/add", &form)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, methods) = self
            .app
            .post_as(self.browser, "/api/my/payment-methods", &[])
            .await;
        let last4: String = self.number.chars().filter(char::is_ascii_digit).collect();
        let last4 = &last4[last4.len() - 4..];
        methods["methods"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["last4"] == last4)
            .filter_map(|m| m["id"].as_i64())
            .max()
            .expect("the saved card is listed")
    }
}
