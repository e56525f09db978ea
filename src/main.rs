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
    /// first adding contacts until it holds `--contacts` of them.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        contacts: i64,
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
            Command::Bench { contacts } => bench_contacts(contacts).await,
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
        let loaded = demo::load_if_empty(&app.state.pool)
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
