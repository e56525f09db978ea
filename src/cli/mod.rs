//! The `portico` command line: its commands and what each runs. `main.rs`
//! only parses, starts the runtime and calls [`Cli::run`].

mod admin;
mod serve;

use crate::config::Settings;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "portico", version, about = "Self-hosted customer portal")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
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
pub enum AdminCommand {
    /// Create an administrator; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

impl Cli {
    /// Runs the command (serving when none is given); an error is the one
    /// line to print.
    pub async fn run(self) -> Result<(), String> {
        match self.command.unwrap_or(Command::Serve { demo: false }) {
            Command::Serve { demo } => serve::serve(demo).await,
            Command::Bench {
                contacts,
                documents,
            } => crate::bench::run(&settings()?, contacts, documents).await,
            Command::Demo {
                customers,
                invoices,
            } => crate::demo::bulk::run(&settings()?, customers, invoices).await,
            Command::Admin {
                command: AdminCommand::Create { email, name },
            } => admin::create_admin(&email, &name).await,
        }
    }
}

fn settings() -> Result<Settings, String> {
    Settings::from_env().map_err(|e| e.to_string())
}
