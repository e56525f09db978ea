//! The `portico` command: serve the app, or administer it.

use clap::{Parser, Subcommand};
use leptos::config::get_configuration;
use portico::{
    auth::{password, password_policy},
    config::Settings,
    db, demo,
    domain::{Email, Role},
    i18n::{translate, Locale},
    startup::Application,
    users,
};
use std::{io::BufRead, process::ExitCode};

#[derive(Parser)]
#[command(name = "portico", version, about = "Self-hosted customer portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal and the back office (the default).
    Serve {
        /// Load demo data into an empty database and print the demo logins.
        #[arg(long)]
        demo: bool,
    },
    /// Measures the back office's contact list on the configured database,
    /// first adding contacts until it holds `--contacts` of them (100 000
    /// when neither option is given); with `--documents`, measures the
    /// portal's and the back office's invoice lists on what `portico demo`
    /// generated.
    Bench {
        #[arg(long)]
        contacts: Option<i64>,
        #[arg(long)]
        documents: bool,
    },
    /// Generates data at scale for benchmarks: commercial entities until
    /// `--customers` exist, then `--invoices` more invoices (with their
    /// lines and payments, a fifth as many orders and quotations, a
    /// fortieth as many subscriptions), a tenth of them for one customer.
    /// Never against a real database.
    Demo {
        #[arg(long, default_value_t = 1_000)]
        customers: i64,
        #[arg(long, default_value_t = 10_000)]
        invoices: i64,
    },
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("portico: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve { demo: false }) {
            Command::Serve { demo } => serve(demo).await,
            Command::Bench {
                contacts,
                documents,
            } => {
                // Without options the contact bench runs, as it always did.
                if contacts.is_some() || !documents {
                    bench_contacts(contacts.unwrap_or(100_000)).await?;
                }
                if documents {
                    bench_documents().await?;
                }
                Ok(())
            }
            Command::Demo {
                customers,
                invoices,
            } => generate_demo(customers, invoices).await,
            Command::Admin {
                command: AdminCommand::Create { email, name },
            } => create_admin(&email, &name).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portico: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(with_demo: bool) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let leptos = get_configuration(Some("Leptos.toml"))
        .map_err(|e| format!("configuration error: Leptos.toml: {e}"))?
        .leptos_options;
    let app = Application::build(settings, leptos)
        .await
        .map_err(|e| e.to_string())?;
    if with_demo {
        let loaded = demo::load_if_empty(&app.state.pool, &app.state.settings)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "{} Demo logins:\n{}",
            if loaded {
                "Demo data loaded."
            } else {
                "Demo data already present."
            },
            demo::describe_logins()
        );
    }
    println!("Portico is listening on http://{}", app.local_addr());
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

/// Prints the median and slowest time of each kind of contact-list request
/// (first page, a deep page, searches, filters) as a Markdown table.
async fn bench_contacts(count: i64) -> Result<(), String> {
    use portico::contacts::{
        api::{ContactFilter, Cursor},
        store::{list, Search},
    };
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let added = demo::generate_contacts(&pool, count)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "added {added} contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    portico::contacts::store::index_missing_words(&pool)
        .await
        .map_err(|e| e.to_string())?;
    // Fresh statistics, as the database's own maintenance would keep them.
    sqlx::query("ANALYZE")
        .execute(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let deep = Cursor {
        name_key: "zoe".into(),
        id: 0,
    };
    let cases: Vec<(&str, Search)> = vec![
        ("first page", Search::default()),
        (
            "deep page (names from \"zoe\")",
            Search {
                after: Some(deep.clone()),
                ..Default::default()
            },
        ),
        (
            "last page, backwards",
            Search {
                before: Some(Cursor {
                    name_key: "\u{10FFFF}".into(),
                    id: 0,
                }),
                ..Default::default()
            },
        ),
        (
            "search \"m\" (one letter)",
            Search {
                prefix: "m".into(),
                ..Default::default()
            },
        ),
        (
            "search \"popescu\" (a word)",
            Search {
                prefix: "popescu".into(),
                ..Default::default()
            },
        ),
        (
            "search \"person12\" (email)",
            Search {
                prefix: "person12".into(),
                ..Default::default()
            },
        ),
        (
            "search \"delta\" (company and its people)",
            Search {
                prefix: "delta".into(),
                ..Default::default()
            },
        ),
        (
            "companies",
            Search {
                filter: ContactFilter::Companies,
                ..Default::default()
            },
        ),
        (
            "portal users",
            Search {
                filter: ContactFilter::PortalUsers,
                ..Default::default()
            },
        ),
        (
            "no match \"qqq\"",
            Search {
                prefix: "qqq".into(),
                ..Default::default()
            },
        ),
    ];
    println!(
        "\n{} contacts, {}\n",
        count,
        if settings.uses_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!("| request | rows | median ms | slowest ms |\n|---|---:|---:|---:|");
    for (name, search) in cases {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..21 {
            let at = std::time::Instant::now();
            let page = list(&pool, &search).await.map_err(|e| e.to_string())?;
            times.push(at.elapsed().as_secs_f64() * 1000.0);
            rows = page.lines.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {name} | {rows} | {:.2} | {:.2} |",
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
    Ok(())
}

async fn generate_demo(customers: i64, invoices: i64) -> Result<(), String> {
    if customers < 0 || invoices < 0 {
        return Err("--customers and --invoices count rows: 0 or more".into());
    }
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let added = demo::generate_documents(&pool, customers, invoices)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "added {} customers, {} invoices, {} lines, {} payments, {} orders and quotations, \
         {} subscriptions in {:.1} s ({})",
        added.customers,
        added.invoices,
        added.lines,
        added.payments,
        added.orders,
        added.subscriptions,
        started.elapsed().as_secs_f64(),
        database_name(&settings),
    );
    Ok(())
}

fn database_name(settings: &Settings) -> &'static str {
    if settings.uses_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// Median and slowest of 21 runs of `run`, in milliseconds, and the rows
/// the last run answered.
async fn time_it<F, Fut>(mut run: F) -> Result<(f64, f64, usize), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..21 {
        let at = std::time::Instant::now();
        rows = run().await?;
        times.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], times[times.len() - 1], rows))
}

/// Prints the median and slowest time of the invoice lists at scale: the
/// heavy customer's portal (overview, first, deep and last pages, sorts,
/// filters, number search) and the back office's list of everything.
async fn bench_documents() -> Result<(), String> {
    use portico::{
        access::CustomerScope,
        documents::{
            api::{Cursor, InvoiceFilter, ListKind, ListQuery, SortBy},
            store::{list, overview, today},
        },
    };
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let pool = db::connect(&settings.database_url)
        .await
        .map_err(|e| e.to_string())?;
    // Fresh statistics, as the database's own maintenance would keep them.
    // On PostgreSQL also VACUUM, as autovacuum soon does after a bulk load:
    // until then the visibility map is empty and index-only scans (the
    // home tiles' counts) read the table as well.
    let maintenance = if settings.uses_postgres() {
        "VACUUM ANALYZE"
    } else {
        "ANALYZE"
    };
    sqlx::query(maintenance)
        .execute(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let heavy = demo::heavy_customer(&pool)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no customers: run `portico demo` first")?;
    let (all, theirs): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN customer_id = $1 THEN 1 ELSE 0 END), 0) FROM invoices",
    )
    .bind(heavy)
    .fetch_one(&pool)
    .await
    .map_err(|e| e.to_string())?;
    let today = today();
    let two_years_back = portico::documents::editing::days_after(&today, -730);
    // A number from the middle of the heavy customer's list: its first
    // characters are what someone looking for it would type.
    let middle: Option<String> = sqlx::query_scalar(
        "SELECT number FROM invoices WHERE customer_id = $1 AND state <> 'draft' \
         AND invoice_date <= $2 ORDER BY invoice_date DESC, id DESC LIMIT 1",
    )
    .bind(heavy)
    .bind(portico::documents::editing::days_after(&today, -365))
    .fetch_optional(&pool)
    .await
    .map_err(|e| e.to_string())?;
    let middle = middle.unwrap_or_else(|| "GEN/".into());
    // "GEN/2025/0051234" → "GEN/2025/0051": a hundredth of a year's numbers.
    let narrow: String = middle
        .chars()
        .take(middle.chars().count().saturating_sub(3))
        .collect();
    let broad: String = middle.chars().take(8).collect();
    let newest_first = ListQuery {
        sort: SortBy::Date,
        descending: true,
        filter: InvoiceFilter::All,
        search: String::new(),
        after: None,
        before: None,
    };
    let deep = Cursor {
        value: two_years_back.clone(),
        id: 0,
    };
    let portal = Some(CustomerScope::of_commercial_entity(heavy));
    let cases: Vec<(String, Option<CustomerScope>, ListKind, ListQuery)> = vec![
        (
            "first page, newest first".into(),
            portal,
            ListKind::Invoices,
            newest_first.clone(),
        ),
        (
            format!("deep page (from {two_years_back})"),
            portal,
            ListKind::Invoices,
            ListQuery {
                after: Some(deep.clone()),
                ..newest_first.clone()
            },
        ),
        (
            "last page, backwards".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                before: Some(Cursor {
                    value: String::new(),
                    id: 0,
                }),
                ..newest_first.clone()
            },
        ),
        (
            "largest amount first".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                sort: SortBy::Amount,
                ..newest_first.clone()
            },
        ),
        (
            "by state".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                sort: SortBy::State,
                descending: false,
                ..newest_first.clone()
            },
        ),
        (
            "filter overdue".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Overdue,
                ..newest_first.clone()
            },
        ),
        (
            "filter unpaid".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Unpaid,
                ..newest_first.clone()
            },
        ),
        (
            "filter paid".into(),
            portal,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Paid,
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{narrow}\""),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: narrow.clone(),
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{broad}\" (a year)"),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: broad.clone(),
                ..newest_first.clone()
            },
        ),
        (
            format!("number \"{broad}\", by number"),
            portal,
            ListKind::Invoices,
            ListQuery {
                search: broad.clone(),
                sort: SortBy::Reference,
                ..newest_first.clone()
            },
        ),
        (
            "orders, first page".into(),
            portal,
            ListKind::Orders,
            newest_first.clone(),
        ),
        (
            "subscriptions, first page".into(),
            portal,
            ListKind::Subscriptions,
            newest_first.clone(),
        ),
        (
            "back office: first page".into(),
            None,
            ListKind::Invoices,
            newest_first.clone(),
        ),
        (
            format!("back office: deep page (from {two_years_back})"),
            None,
            ListKind::Invoices,
            ListQuery {
                after: Some(deep.clone()),
                ..newest_first.clone()
            },
        ),
        (
            "back office: filter overdue".into(),
            None,
            ListKind::Invoices,
            ListQuery {
                filter: InvoiceFilter::Overdue,
                ..newest_first.clone()
            },
        ),
        (
            format!("back office: number \"{narrow}\""),
            None,
            ListKind::Invoices,
            ListQuery {
                search: narrow.clone(),
                ..newest_first.clone()
            },
        ),
    ];
    println!(
        "\n{all} invoices, {theirs} of them the portal customer's (id {heavy}), {}\n",
        database_name(&settings)
    );
    println!("| request | rows | median ms | slowest ms |\n|---|---:|---:|---:|");
    let scope = CustomerScope::of_commercial_entity(heavy);
    let (median, slowest, _) = time_it(|| async {
        overview(&pool, scope, &today)
            .await
            .map(|_| 1)
            .map_err(|e| e.to_string())
    })
    .await?;
    println!("| portal: overview (home tiles) | 1 | {median:.2} | {slowest:.2} |");
    for (name, scope, kind, query) in &cases {
        let (median, slowest, rows) = time_it(|| async {
            list(&pool, *kind, *scope, query)
                .await
                .map(|page| page.rows.len())
                .map_err(|e| e.to_string())
        })
        .await?;
        let area = if scope.is_some() { "portal: " } else { "" };
        println!("| {area}{name} | {rows} | {median:.2} | {slowest:.2} |");
    }
    Ok(())
}

async fn create_admin(email: &str, name: &str) -> Result<(), String> {
    let email = Email::parse(email)
        .map_err(|_| format!("--email: {email:?} is not a valid email address"))?;
    let contact = demo::person(name, email.as_str(), None).map_err(|error| {
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
    let secret = password::Secret::new(line.trim_end_matches(['\r', '\n']));
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
    let hash = password::hash(secret).await.map_err(|e| e.to_string())?;
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
