//! The `portico` command: creating the first administrator, refusing to
//! start on a wrong setting, generating data at scale and measuring it; and
//! the copies of the demo logins outside Rust.

mod common;

use common::*;
use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

/// Runs the binary in a throwaway data folder on a free port, with `env` on top.
fn portico(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let data_dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("PORTICO_DATA_DIR", data_dir.path())
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn count_contacts(url: &str) -> i64 {
    let pool = portico::db::connect(url).await.unwrap();
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    count
}

async fn admin_create_makes_an_administrator_who_can_log_in(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let env = [("DATABASE_URL", url.as_str())];
    let args = [
        "admin",
        "create",
        "--email",
        "Ops@Example.com",
        "--name",
        "Elena Dobre",
    ];

    let weak = portico(&args, &env, "password1234\n");
    assert!(!weak.status.success());
    let message = String::from_utf8_lossy(&weak.stderr);
    assert!(message.contains("password refused"), "{message}");

    let made = portico(&args, &env, "Orchid tramway 88 summits\n");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let contacts_before = count_contacts(&url).await;
    let again = portico(&args, &env, "Orchid tramway 88 summits\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        count_contacts(&url).await,
        contacts_before,
        "a refused account leaves no contact behind"
    );

    // The same database, served: the new administrator logs in, and is
    // taken to set up two-factor first (staff must use it).
    let app = TestApp::spawn_on(backend, url).await;
    let response = app
        .login(("ops@example.com", "Orchid tramway 88 summits"))
        .await;
    assert_eq!(location(&response).as_deref(), Some("/admin/security"));
}

on_both_databases!(
    admin_create_makes_an_administrator_who_can_log_in,
    demo_generates_at_scale_and_bench_measures_it,
);

#[test]
fn a_wrong_setting_stops_the_start_with_one_line_naming_it() {
    for (name, value) in [
        ("DATABASE_URL", "mysql://localhost/portico"),
        ("PORTICO_SESSION_IDLE_MINUTES", "soon"),
        ("PORTICO_MAIL_TRANSPORT", "pigeon"),
        ("PORTICO_PAYMENT_PROVIDER", "paypal"),
    ] {
        let output = portico(&["serve"], &[(name, value)], "");
        assert!(!output.status.success(), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<_> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(lines[0].contains(name), "{stderr}");
    }
}

/// `portico serve` with `env`: the one line it stops with.
fn refused_start(env: &[(&str, &str)]) -> String {
    let output = portico(&["serve"], env, "");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{stderr}");
    let lines: Vec<_> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    lines[0].to_owned()
}

const STRIPE: [(&str, &str); 4] = [
    ("PORTICO_PAYMENT_PROVIDER", "stripe"),
    ("PORTICO_STRIPE_SECRET_KEY", "sk_test_portico"),
    ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_test_portico"),
    ("PORTICO_STRIPE_WEBHOOK_SECRET", "whsec_portico"),
];

#[test]
fn stripe_without_its_keys_stops_the_start_naming_the_missing_one() {
    for missing in 1..STRIPE.len() {
        let mut env = STRIPE.to_vec();
        let (name, _) = env.remove(missing);
        let line = refused_start(&env);
        assert!(
            line.starts_with(&format!("portico: configuration error: {name}: ")),
            "{line}"
        );
    }
    // Each key where the other belongs.
    let mut swapped = STRIPE.to_vec();
    swapped[1].1 = "pk_test_portico";
    assert!(refused_start(&swapped).contains("PORTICO_STRIPE_SECRET_KEY"));
    let mut swapped = STRIPE.to_vec();
    swapped[2].1 = "sk_test_portico";
    assert!(refused_start(&swapped).contains("PORTICO_STRIPE_PUBLISHABLE_KEY"));
    for (name, value) in [
        ("PORTICO_STRIPE_API_BASE", "http://api.stripe.com"),
        (
            "PORTICO_STRIPE_JS_URL",
            "https://js.stripe.com'; script-src *",
        ),
    ] {
        let mut env = STRIPE.to_vec();
        env.push((name, value));
        assert!(refused_start(&env).contains(name));
    }
}

#[test]
fn stripe_unreachable_stops_the_start_saying_where() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api_base = format!("http://127.0.0.1:{port}");
    let mut env = STRIPE.to_vec();
    env.push(("PORTICO_STRIPE_API_BASE", &api_base));
    let line = refused_start(&env);
    assert!(
        line.starts_with(&format!(
            "portico: Stripe cannot be reached at {api_base}: "
        )),
        "{line}"
    );
    assert!(!line.contains("sk_test_portico"), "{line}");
}

#[test]
fn a_secret_key_stripe_refuses_stops_the_start_naming_it() {
    let Ok(localstripe) = std::env::var("PORTICO_TEST_STRIPE_URL") else {
        eprintln!("skipped: PORTICO_TEST_STRIPE_URL is not set (scripts/localstripe.sh start)");
        return;
    };
    let mut env = STRIPE.to_vec();
    // localstripe refuses sk_ keys of five characters or fewer.
    env[1].1 = "sk_no";
    env.push(("PORTICO_STRIPE_API_BASE", &localstripe));
    assert_eq!(
        refused_start(&env),
        "portico: configuration error: PORTICO_STRIPE_SECRET_KEY: Stripe refused the key"
    );
}

#[test]
fn admin_create_refuses_a_malformed_email() {
    let output = portico(
        &["admin", "create", "--email", "not-an-email"],
        &[],
        "Orchid tramway 88 summits\n",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--email"));
}

async fn demo_generates_at_scale_and_bench_measures_it(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let env = [("DATABASE_URL", url.as_str())];
    // The schema (connecting migrates), and no demo data.
    portico::db::connect(&url).await.unwrap().close().await;

    let generated = portico(&["demo", "--customers", "6", "--invoices", "80"], &env, "");
    let stdout = String::from_utf8_lossy(&generated.stdout);
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    assert!(
        stdout.contains("added 6 customers, 80 invoices, 96 lines,")
            && stdout.contains("16 orders and quotations, 2 subscriptions"),
        "{stdout}"
    );
    let again = portico(&["demo", "--customers", "6", "--invoices", "40"], &env, "");
    assert!(String::from_utf8_lossy(&again.stdout).contains("added 0 customers, 40 invoices"));

    let documents = portico(&["bench", "--documents"], &env, "");
    let table = String::from_utf8_lossy(&documents.stdout);
    assert!(
        documents.status.success(),
        "{}",
        String::from_utf8_lossy(&documents.stderr)
    );
    assert!(
        table.contains("| request | rows | median ms | slowest ms |"),
        "{table}"
    );
    assert!(
        table.contains("| portal: overview (home tiles) | 1 |"),
        "{table}"
    );
    assert!(table.contains("| back office: first page |"), "{table}");

    let contacts = portico(&["bench", "--contacts", "300"], &env, "");
    let table = String::from_utf8_lossy(&contacts.stdout);
    assert!(contacts.status.success());
    assert!(table.contains("\n300 contacts, "), "{table}");
    assert!(table.contains("| first page | "), "{table}");
    assert_eq!(count_contacts(&url).await, 300);
}

/// The demo logins are written once, in `portico::demo::LOGINS`; the README,
/// the end-to-end suite and the Lighthouse script can't read Rust, so they
/// keep copies, which must say the same.
#[test]
fn the_copies_of_the_demo_logins_match_the_rust_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for copy in [
        "README.md",
        "end2end/tests/helpers.ts",
        "scripts/lighthouse.sh",
    ] {
        let text = std::fs::read_to_string(root.join(copy)).unwrap();
        for login in &portico::demo::LOGINS {
            // The Lighthouse script signs in as the customer and the
            // administrator only.
            if copy.ends_with(".sh") && login.email == portico::demo::STAFF.email {
                continue;
            }
            for value in [login.email, login.password]
                .into_iter()
                .chain(login.two_factor_key)
            {
                assert!(text.contains(value), "{copy} lacks {value:?}");
            }
        }
    }
}
