//! The test harness: the real app on a random port, against a fresh SQLite
//! file or a fresh PostgreSQL database, spoken to over HTTP.
#![allow(dead_code)] // Each test file uses a different part of the harness.

mod builders;
#[allow(unused_imports)] // Not every test file uses a builder.
pub use builders::*;

use leptos::config::LeptosOptions;
use portico::{
    config::{ProviderChoice, Settings, StripeSettings},
    context::AppState,
    db::Pool,
    demo,
    mail::transport::Outbound,
    startup::Application,
};
use reqwest::{header, redirect::Policy, Client, Response, StatusCode};
use std::{collections::BTreeMap, net::SocketAddr, path::PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per database for each scenario
/// `async fn name(backend: Backend)` in the calling file.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::common::Backend::Postgres).await
                }
            )*
        }
    };
}

/// The demo logins (`portico::demo::LOGINS`), as (email, password). A test
/// started with `TestApp::spawn_empty` gives them to the builders instead.
pub const CUSTOMER: (&str, &str) = (demo::CUSTOMER.email, demo::CUSTOMER.password);
pub const ADMIN: (&str, &str) = (demo::ADMINISTRATOR.email, demo::ADMINISTRATOR.password);
pub const STAFF: (&str, &str) = (demo::STAFF.email, demo::STAFF.password);
/// The portal user of the second company (`TestApp::add_other_company`).
pub const OTHER_CUSTOMER: (&str, &str) = ("lucia@iberia.example", "Saffron kettle 29 harbours");

pub struct OtherCompany {
    pub company_id: i64,
    pub person_id: i64,
}

pub struct TestApp {
    /// What the server's handlers reach (its pool, settings, provider),
    /// for tests that call a server-side job directly.
    pub state: AppState,
    pub backend: Backend,
    pub address: String,
    pub pool: Pool,
    pub settings: std::sync::Arc<Settings>,
    pub database_url: String,
    pub data_dir: tempfile::TempDir,
    pub outbound: std::sync::Arc<Outbound>,
    /// A browser-like client: keeps cookies, does not follow redirects.
    pub client: Client,
    /// The last time step whose code each demo staff login used here: a
    /// code is accepted once, so the next login takes a later one.
    used_steps: std::sync::Mutex<std::collections::HashMap<String, u64>>,
    /// The two-factor keys of staff made by the builders, by login.
    two_factor_keys: std::sync::Mutex<std::collections::HashMap<String, &'static str>>,
}

/// The webhook signing secret of the apps `spawn_with_stripe` starts.
pub const STRIPE_WEBHOOK_SECRET: &str = "whsec_portico_test";

/// localstripe's address, when `scripts/test.sh` (or
/// `eval "$(scripts/localstripe.sh start)"`) started one.
pub fn stripe_url() -> Option<String> {
    std::env::var("PORTICO_TEST_STRIPE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an authenticator app holding `secret` (base32) shows for time step `step`.
pub fn totp_at_step(secret: &str, step: u64) -> String {
    use totp_rs::{Algorithm, Secret, TOTP};
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new());
    totp.generate(step * 30)
}

/// The code an authenticator app holding `secret` shows `steps` steps from now.
pub fn totp_code(secret: &str, steps: i64) -> String {
    totp_at_step(secret, (unix_now() as i64 / 30 + steps) as u64)
}

/// The demo two-factor key of a demo login, if it has one (staff do).
pub fn demo_two_factor_key(email: &str) -> Option<&'static str> {
    demo::LOGINS
        .iter()
        .find(|login| login.email == email)
        .and_then(|login| login.two_factor_key)
}

/// A database URL for a brand-new, empty database on `backend`.
pub async fn fresh_database(backend: Backend, data_dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("portico.sqlite3").display()
        ),
        Backend::Postgres => {
            use sqlx::{Connection, Executor};
            let admin_url = std::env::var("PORTICO_TEST_PG_URL").expect(
                "PORTICO_TEST_PG_URL is not set: the PostgreSQL half of the suite needs a server. \
                 Run `scripts/test.sh unit` (it starts a throwaway one), or \
                 `eval \"$(scripts/pg-cluster.sh start)\"` and then `cargo test`",
            );
            sqlx::any::install_default_drivers();
            let name = format!("portico_test_{}", hex_id());
            let mut conn = sqlx::AnyConnection::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create test database");
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("PORTICO_TEST_PG_URL has a database name");
            format!("{base}/{name}")
        }
    }
}

fn hex_id() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", nanos, std::process::id())
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// Starts the app with demo data loaded.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the app on an empty database (migrated, no demo data): the
    /// test makes what it needs with the builders (`company`, `person`,
    /// `invoice_for`, …).
    pub async fn spawn_empty(backend: Backend) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, data_dir.path()).await;
        let public = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("public");
        Self::start_at(
            backend,
            data_dir,
            database_url,
            |_| {},
            axum::Router::new(),
            public,
            false,
        )
        .await
    }

    /// Starts the app on an empty database with `routes` added behind the
    /// same middleware.
    pub async fn spawn_empty_with_routes(backend: Backend, routes: axum::Router<AppState>) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, data_dir.path()).await;
        let public = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("public");
        Self::start_at(
            backend,
            data_dir,
            database_url,
            |_| {},
            routes,
            public,
            false,
        )
        .await
    }

    /// Starts the app, letting the test adjust the settings first.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, data_dir.path()).await;
        Self::start(backend, data_dir, database_url, adjust, axum::Router::new()).await
    }

    /// Starts the app with demo data and no payment provider configured.
    pub async fn spawn_without_provider(backend: Backend) -> Self {
        Self::spawn_with(backend, |settings| settings.payment_provider = None).await
    }

    /// Starts the app with demo data and Stripe as the payment provider,
    /// against the localstripe that `scripts/test.sh` starts
    /// (`PORTICO_TEST_STRIPE_URL`), its webhooks registered with it. `None`
    /// (the test says it skipped) when no localstripe is running.
    pub async fn spawn_with_stripe(backend: Backend) -> Option<Self> {
        let Some(stripe) = stripe_url() else {
            eprintln!("PORTICO_TEST_STRIPE_URL is not set: skipped (scripts/test.sh sets it)");
            return None;
        };
        let settings = StripeSettings::from_lookup(|name| match name {
            "PORTICO_STRIPE_SECRET_KEY" => Some("sk_test_portico".into()),
            "PORTICO_STRIPE_PUBLISHABLE_KEY" => Some("pk_test_portico".into()),
            "PORTICO_STRIPE_WEBHOOK_SECRET" => Some(STRIPE_WEBHOOK_SECRET.into()),
            "PORTICO_STRIPE_API_BASE" => Some(stripe.clone()),
            "PORTICO_STRIPE_JS_URL" => Some(format!("{stripe}/js.stripe.com/v3/")),
            _ => None,
        })
        .expect("Stripe settings");
        let app = Self::spawn_with(backend, |s| {
            s.payment_provider = Some(ProviderChoice::Stripe(settings))
        })
        .await;
        // Each app hears localstripe's events under its own name.
        let name = format!("portico-{}", hex_id());
        let registered = client()
            .post(format!("{stripe}/_config/webhooks/{name}"))
            .form(&[
                ("url", app.url("/api/stripe/webhook")),
                ("secret", STRIPE_WEBHOOK_SECRET.to_owned()),
            ])
            .send()
            .await
            .expect("localstripe answers");
        assert!(registered.status().is_success(), "webhook registered");
        Some(app)
    }

    /// Starts the app with `routes` added behind the same middleware.
    pub async fn spawn_with_routes(backend: Backend, routes: axum::Router<AppState>) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, data_dir.path()).await;
        Self::start(backend, data_dir, database_url, |_| {}, routes).await
    }

    /// Starts the app serving the static files of `site_root`.
    pub async fn spawn_with_site(backend: Backend, site_root: &std::path::Path) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_database(backend, data_dir.path()).await;
        let site_root = site_root.to_path_buf();
        Self::start_at(
            backend,
            data_dir,
            database_url,
            |_| {},
            axum::Router::new(),
            site_root,
            true,
        )
        .await
    }

    /// Starts the app on an existing database.
    pub async fn spawn_on(backend: Backend, database_url: String) -> Self {
        Self::spawn_on_with(backend, database_url, |_| {}).await
    }

    /// A second instance on an existing database, with its own settings.
    pub async fn spawn_on_with(
        backend: Backend,
        database_url: String,
        adjust: impl FnOnce(&mut Settings),
    ) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        Self::start(backend, data_dir, database_url, adjust, axum::Router::new()).await
    }

    async fn start(
        backend: Backend,
        data_dir: tempfile::TempDir,
        database_url: String,
        adjust: impl FnOnce(&mut Settings),
        routes: axum::Router<AppState>,
    ) -> Self {
        let public = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("public");
        Self::start_at(
            backend,
            data_dir,
            database_url,
            adjust,
            routes,
            public,
            true,
        )
        .await
    }

    async fn start_at(
        backend: Backend,
        data_dir: tempfile::TempDir,
        database_url: String,
        adjust: impl FnOnce(&mut Settings),
        routes: axum::Router<AppState>,
        site_root: PathBuf,
        with_demo: bool,
    ) -> Self {
        let mut settings = Settings::from_lookup(|name| match name {
            "PORTICO_DATA_DIR" => Some(data_dir.path().display().to_string()),
            "DATABASE_URL" => Some(database_url.clone()),
            // The payment tests pay through the demo provider, as `serve
            // --demo` does; `spawn_without_provider` leaves it unset.
            "PORTICO_PAYMENT_PROVIDER" => Some("demo".into()),
            _ => None,
        })
        .unwrap();
        adjust(&mut settings);
        let leptos = LeptosOptions::builder()
            .output_name("portico")
            .site_root(site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(SocketAddr::from(([127, 0, 0, 1], 0)))
            .build();
        let app = Application::build_with_routes(settings, leptos, routes)
            .await
            .expect("app starts");
        if with_demo {
            demo::load_if_empty(&app.state.pool, &app.state.settings)
                .await
                .expect("demo data loads");
        }
        let address = format!("http://{}", app.local_addr());
        let state = app.state.clone();
        let pool = app.state.pool.clone();
        let settings = app.state.settings.clone();
        let outbound = app.state.outbound.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            state,
            backend,
            address,
            pool,
            settings,
            database_url,
            data_dir,
            outbound,
            client: client(),
            used_steps: Default::default(),
            two_factor_keys: Default::default(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Calls a server function the way the WASM client does.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .header(header::ORIGIN, &self.address)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Calls a server function from `browser`; the status and the JSON
    /// answer (or its text, as a JSON string, when it is not JSON).
    pub async fn post_as(
        &self,
        browser: &Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, serde_json::Value) {
        let response = browser
            .post(self.url(path))
            .header(header::ORIGIN, &self.address)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, body)
    }

    /// Sends every form to `path` from `browser` at once, as many tabs
    /// would; the answers in the forms' order, each as `post_as` gives it.
    pub async fn post_all_at_once(
        &self,
        browser: &Client,
        path: &str,
        forms: Vec<Vec<(String, String)>>,
    ) -> Vec<(StatusCode, serde_json::Value)> {
        let tasks: Vec<_> = forms
            .into_iter()
            .map(|form| {
                let request = browser
                    .post(self.url(path))
                    .header(header::ORIGIN, &self.address)
                    .form(&form);
                tokio::spawn(async move {
                    let response = request.send().await.unwrap();
                    let status = response.status();
                    let text = response.text().await.unwrap();
                    let body =
                        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
                    (status, body)
                })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }

    /// The demo's ACME Distribution SRL: its posted invoice with the most
    /// still due, and that amount.
    pub async fn acme_unpaid_invoice(&self) -> (i64, i64) {
        sqlx::query_as(
            "SELECT id, amount_total - amount_paid FROM invoices \
             WHERE customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') \
               AND state = 'posted' AND payment_state <> 'paid' ORDER BY amount_total - amount_paid DESC, id LIMIT 1",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    /// ACME Distribution SRL's eWallet: the sum of its entries in
    /// `currency` (any currency when empty).
    pub async fn acme_wallet_balance(&self, currency: &str) -> i64 {
        sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM wallet_entries \
             WHERE customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') \
               AND ($1 = '' OR currency = $1)",
        )
        .bind(currency)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    pub async fn login(&self, who: (&str, &str)) -> Response {
        self.login_in(&self.client, who).await
    }

    /// Logs in from `browser`, as the WASM client of that browser would;
    /// for a demo staff login or staff made by a builder (two-factor on)
    /// also passes the second step with a code from its key, as its
    /// owner's app would give it.
    pub async fn login_in(&self, browser: &Client, (email, password): (&str, &str)) -> Response {
        let response = browser
            .post(self.url("/api/auth/login"))
            .header(header::ORIGIN, &self.address)
            .form(&[("email", email), ("password", password), ("next", "")])
            .send()
            .await
            .unwrap();
        let key = self
            .two_factor_keys
            .lock()
            .unwrap()
            .get(email)
            .copied()
            .or_else(|| demo_two_factor_key(email));
        match key {
            Some(key) if location(&response).as_deref() == Some("/login/two-factor") => {
                let code = self.unused_code(email, key).await;
                browser
                    .post(self.url("/api/auth/second-step"))
                    .header(header::ORIGIN, &self.address)
                    .form(&[("code", code.as_str())])
                    .send()
                    .await
                    .unwrap()
            }
            _ => response,
        }
    }

    /// A code of `key` for a step after the last one `email` used in this
    /// app: the previous, current or next step's (all accepted), waiting
    /// for the clock when they are used.
    pub async fn unused_code(&self, email: &str, key: &str) -> String {
        loop {
            let now_step = unix_now() / 30;
            // The previous step's code stays valid until this step ends:
            // take it while the step has a few seconds left.
            let earliest = if unix_now() % 30 < 25 {
                now_step - 1
            } else {
                now_step
            };
            let step = {
                let mut used = self.used_steps.lock().unwrap();
                let step = used
                    .get(email)
                    .map_or(earliest, |last| earliest.max(last + 1));
                if step <= now_step + 1 {
                    used.insert(email.to_owned(), step);
                    Some(step)
                } else {
                    None
                }
            };
            match step {
                Some(step) => return totp_at_step(key, step),
                None => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
            }
        }
    }

    pub async fn login_ok(&self, who: (&str, &str)) {
        let response = self.login(who).await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "login as {} failed",
            who.0
        );
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// Logs in from a browser that has never been here (no cookies at all).
    pub async fn login_from_new_browser(&self, (email, password): (&str, &str)) -> Client {
        let browser = client();
        assert_eq!(
            self.login_in(&browser, (email, password)).await.status(),
            StatusCode::OK
        );
        browser
    }

    /// Waits (up to 20 s) until `sql`, a COUNT query, answers `expected`.
    pub async fn eventually_count(&self, sql: &str, expected: i64) {
        for _ in 0..200 {
            let count: i64 = sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap();
            if count == expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{sql} never reached {expected}");
    }

    /// Every row of every table, as text: two snapshots are equal only if
    /// nothing was written in between, apart from the trace every refusal
    /// leaves on purpose (its `access_denied` audit entry and its client's
    /// count of refusals, which tests/denials.rs checks).
    pub async fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        // The mail worker updates the outbox on its own: send what is due
        // now, rather than wait for its next round, then let it finish.
        portico::mail::worker::deliver_due(&self.pool, &self.outbound).await;
        self.eventually_count(
            "SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'",
            0,
        )
        .await;
        let tables: Vec<String> = sqlx::query_scalar(match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
            }
        })
        .fetch_all(&self.pool)
        .await
        .unwrap();
        let mut snapshot = BTreeMap::new();
        for table in tables {
            let row_text = match self.backend {
                Backend::Sqlite => {
                    let columns: Vec<String> = sqlx::query_scalar(&format!(
                        "SELECT name FROM pragma_table_info('{table}')"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
                    columns
                        .iter()
                        .map(|c| format!("quote({c})"))
                        .collect::<Vec<_>>()
                        .join(" || '|' || ")
                }
                Backend::Postgres => "CAST(t AS TEXT)".to_owned(),
            };
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT {row_text} FROM {table} t ORDER BY 1"))
                    .fetch_all(&self.pool)
                    .await
                    .unwrap();
            snapshot.insert(table, rows);
        }
        snapshot.remove("audit_denial_windows");
        if let Some(events) = snapshot.get_mut("audit_events") {
            events.retain(|row| !row.contains("access_denied"));
        }
        snapshot
    }

    /// A second customer company with one portal user, to check that
    /// customers never see each other's data. Returns its ids.
    pub async fn add_other_company(&self) -> OtherCompany {
        let company_id = self
            .company("Iberia Foods SL")
            .email("hola@iberia.example")
            .address("Madrid", "28001", "ES")
            .create()
            .await;
        let person_id = self
            .person("Lucía García")
            .of(company_id)
            .portal_user(OTHER_CUSTOMER)
            .create()
            .await;
        OtherCompany {
            company_id,
            person_id,
        }
    }

    pub async fn contact_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM contacts WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.pool).await.unwrap();
    }
}

/// The links to `marker` (e.g. "/invite/") mailed to `to`, oldest first,
/// as the reader gets them: the `.eml` files the mail worker wrote. Each
/// is the link's 64-character token and the whole mail.
pub fn links_in_mail(app: &TestApp, to: &str, marker: &str) -> Vec<(String, String)> {
    let dir = app.data_dir.path().join("mail");
    let mut found: Vec<(std::time::SystemTime, String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|path| {
            let raw = std::fs::read_to_string(&path).ok()?;
            // Quoted-printable: soft line breaks joined, `=3D` read back as `=`.
            let mail = raw
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
            if !mail.contains(&format!("To: {to}")) {
                return None;
            }
            let start = mail.find(marker)? + marker.len();
            let token = mail.get(start..start + 64)?.to_owned();
            Some((std::fs::metadata(&path).ok()?.modified().ok()?, token, mail))
        })
        .collect();
    found.sort_by_key(|(at, _, _)| *at);
    found
        .into_iter()
        .map(|(_, token, mail)| (token, mail))
        .collect()
}

/// The reason a refused form gives for `field` (`AppError::Invalid`).
pub fn field_message(body: &serde_json::Value, field: &str) -> Option<String> {
    body["Invalid"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str())
        .map(str::to_owned)
}

/// Where the server told the client to go (a 30x `Location`).
pub fn location(response: &Response) -> Option<String> {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
