//! Crash safety: the server is killed (`kill -9`) while customers'
//! payments and eWallet top-ups are being charged, then started again.
//! Every payment and top-up it acknowledged is there, none twice, nothing
//! is left half-way, each top-up that went through is credited once, and
//! for every invoice the amount paid is the sum of its payments and never
//! more than its total; and no card number paid with is in the server's
//! log. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::{header, Client, StatusCode};
use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// `portico serve --demo` on `database_url`, with a provider that takes
/// `delay_ms` to answer; answers the child and its address.
fn serve(database_url: &str, data_dir: &std::path::Path, delay_ms: u64) -> (Child, String) {
    let delay = [("PORTICO_DEMO_PROVIDER_DELAY_MS", delay_ms.to_string())];
    serve_with(database_url, data_dir, &["serve", "--demo"], &delay)
}

/// `portico serve` against the localstripe at `stripe`, as a deployment
/// configures Stripe (its webhooks are not registered: only start-up
/// settles what a stop left).
fn serve_with_stripe(
    database_url: &str,
    data_dir: &std::path::Path,
    stripe: &str,
) -> (Child, String) {
    let settings = [
        ("PORTICO_PAYMENT_PROVIDER", "stripe".to_owned()),
        ("PORTICO_STRIPE_SECRET_KEY", "sk_test_portico".to_owned()),
        (
            "PORTICO_STRIPE_PUBLISHABLE_KEY",
            STRIPE_PUBLISHABLE_KEY.to_owned(),
        ),
        (
            "PORTICO_STRIPE_WEBHOOK_SECRET",
            STRIPE_WEBHOOK_SECRET.to_owned(),
        ),
        ("PORTICO_STRIPE_API_BASE", stripe.to_owned()),
        (
            "PORTICO_STRIPE_JS_URL",
            format!("{stripe}/js.stripe.com/v3/"),
        ),
    ];
    serve_with(database_url, data_dir, &["serve"], &settings)
}

/// The real binary run with `args` and the environment `settings`;
/// answers the child and its address.
fn serve_with(
    database_url: &str,
    data_dir: &std::path::Path,
    args: &[&str],
    settings: &[(&str, String)],
) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("PORTICO_DATA_DIR", data_dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .envs(settings.iter().map(|(name, value)| (name, value)))
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(data_dir.join("server.log"))
                .unwrap(),
        )
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    // Keep what it prints beside its log, and never let it block on a full pipe.
    let mut printed = std::fs::OpenOptions::new()
        .append(true)
        .open(data_dir.join("server.log"))
        .unwrap();
    let address = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .unwrap();
        std::io::Write::write_all(&mut printed, format!("{line}\n").as_bytes()).unwrap();
        if let Some(address) = line.strip_prefix("Portico is listening on ") {
            break address.trim().to_owned();
        }
    };
    std::thread::spawn(move || {
        use std::io::Write;
        for line in lines.map_while(Result::ok) {
            let _ = writeln!(printed, "{line}");
        }
    });
    (child, address)
}

async fn post(
    browser: &Client,
    address: &str,
    path: &str,
    form: &[(String, String)],
) -> (StatusCode, serde_json::Value) {
    match browser
        .post(format!("{address}{path}"))
        .header(header::ORIGIN, address)
        .form(form)
        .send()
        .await
    {
        Ok(response) => {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            )
        }
        // Killed before it answered: not acknowledged.
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, serde_json::Value::Null),
    }
}

fn pairs(form: &[(&str, &str)]) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Payments and top-ups left half-way.
const PENDING: &str = "SELECT (SELECT COUNT(*) FROM payments WHERE state = 'pending') \
                            + (SELECT COUNT(*) FROM wallet_top_ups WHERE state = 'pending')";

async fn count(pool: &portico::db::Pool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn a_killed_server_loses_no_acknowledged_payment(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    let (mut server, address) = serve(&url, dir.path(), 300);
    let pool = portico::db::connect(&url).await.unwrap();
    sqlx::query("UPDATE portal_settings SET minimum_part_percent = 0")
        .execute(&pool)
        .await
        .unwrap();
    let maria = client();
    let (status, _) = post(
        &maria,
        &address,
        "/api/auth/login",
        &pairs(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ]),
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let invoices: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM invoices WHERE customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') \
           AND state = 'posted' AND amount_total - amount_paid >= 2000 ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(invoices.len() >= 2, "ACME has unpaid invoices");
    let (_, form) = post(
        &maria,
        &address,
        "/api/my/pay-options",
        &pairs(&[("document", "invoice"), ("id", &invoices[0].0.to_string())]),
    )
    .await;
    let visa = form["methods"][0]["id"].as_i64().unwrap().to_string();

    // Forty payments of 1.00 over the invoices, each its own key, with the
    // saved card or a new one; the server killed while they are charged.
    // Every fourth request adds funds to the eWallet instead.
    let requests: Vec<(&str, Vec<(String, String)>)> = (0..40)
        .map(|n| {
            let invoice = invoices[n % invoices.len()].0.to_string();
            let key = format!("crash-test-key-{n:04}");
            let method = if n % 3 == 0 { "new" } else { visa.as_str() };
            if n % 4 == 3 {
                return (
                    "/api/my/wallet/add",
                    pairs(&[
                        ("funds[key]", &key),
                        ("funds[amount]", "1.00"),
                        ("funds[currency]", "RON"),
                        ("funds[method]", visa.as_str()),
                    ]),
                );
            }
            let form = pairs(&[
                ("document", "invoice"),
                ("id", &invoice),
                ("payment[key]", &key),
                ("payment[amount]", "1.00"),
                ("payment[method]", method),
                ("payment[holder]", "Maria Popescu"),
                ("payment[number]", "4242 4242 4242 4242"),
                ("payment[expiry]", "12/39"),
                ("payment[cvc]", "123"),
            ]);
            ("/api/my/pay", form)
        })
        .collect();
    let answered_top_ups = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tasks: Vec<_> = requests
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, (path, form))| {
            let maria = maria.clone();
            let address = address.clone();
            let answered_top_ups = answered_top_ups.clone();
            tokio::spawn(async move {
                // In waves, so that some are answered before the kill.
                tokio::time::sleep(Duration::from_millis(40 * n as u64)).await;
                let answer = post(&maria, &address, path, &form).await;
                if path.ends_with("/wallet/add") && answer.0 == StatusCode::OK {
                    answered_top_ups.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                answer
            })
        })
        .collect();
    // Kill once some payments went through and others wait for the provider.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let succeeded = count(&pool, "SELECT COUNT(*) FROM payments WHERE idempotency_key LIKE '%crash-test-key-%' AND state = 'succeeded'").await;
        let pending = count(
            &pool,
            "SELECT COUNT(*) FROM payments WHERE state = 'pending'",
        )
        .await;
        let topped_up = answered_top_ups.load(std::sync::atomic::Ordering::SeqCst);
        if succeeded >= 3 && topped_up >= 1 && pending >= 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "payments were never under way together"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let mut acknowledged = Vec::new();
    let mut acknowledged_top_ups = Vec::new();
    for (n, task) in tasks.into_iter().enumerate() {
        let (status, body) = task.await.unwrap();
        if status == StatusCode::OK {
            match body["payment_id"].as_i64() {
                Some(payment) => acknowledged.push((n, payment)),
                None => acknowledged_top_ups.push(n),
            }
        }
    }
    assert!(!acknowledged.is_empty());
    assert!(!acknowledged_top_ups.is_empty());
    let left_pending = count(&pool, PENDING).await;
    assert!(left_pending > 0, "the kill left payments half-way");

    // Started again: what was half-way is finished.
    let (mut server, address) = serve(&url, dir.path(), 0);
    assert_eq!(count(&pool, PENDING).await, 0);
    for n in &acknowledged_top_ups {
        let key = format!("%:crash-test-key-{n:04}");
        let credits: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM wallet_entries WHERE idempotency_key LIKE $1 AND kind = 'top_up'",
        )
        .bind(&key)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(credits, 1, "acknowledged top-up {n}");
    }
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM wallet_top_ups t WHERE \
               (SELECT COUNT(*) FROM wallet_entries e WHERE e.idempotency_key = t.idempotency_key) \
               <> CASE WHEN t.state = 'succeeded' THEN 1 ELSE 0 END"
        )
        .await,
        0,
        "one credit for each top-up that went through, none for the others"
    );
    for (_, payment) in &acknowledged {
        let state: String = sqlx::query_scalar("SELECT state FROM payments WHERE id = $1")
            .bind(payment)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(state, "succeeded", "acknowledged payment {payment}");
    }
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM payments WHERE idempotency_key LIKE '%crash-test-key-%'").await,
        count(&pool, "SELECT COUNT(DISTINCT idempotency_key) FROM payments WHERE idempotency_key LIKE '%crash-test-key-%'").await,
        "no key paid twice"
    );
    let broken: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT i.id, i.amount_total, i.amount_paid, \
                CAST(COALESCE((SELECT SUM(p.amount - p.amount_refunded) FROM payments p WHERE p.invoice_id = i.id AND p.state = 'succeeded'), 0) AS BIGINT) \
         FROM invoices i",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .filter(|(_, total, paid, sum)| paid != sum || paid > total)
    .collect();
    assert!(
        broken.is_empty(),
        "paid = the sum of the payments ≤ the total: {broken:?}"
    );

    // Asked again with the same keys, the server answers with the first
    // results: an acknowledged payment is never charged again.
    let maria = client();
    let (status, _) = post(
        &maria,
        &address,
        "/api/auth/login",
        &pairs(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ]),
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let rows = "SELECT (SELECT COUNT(*) FROM payments) + (SELECT COUNT(*) FROM wallet_entries)";
    let before = count(&pool, rows).await;
    for (n, payment) in &acknowledged {
        let (path, form) = &requests[*n];
        let (status, body) = post(&maria, &address, path, form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["payment_id"], *payment);
    }
    for n in &acknowledged_top_ups {
        let (path, form) = &requests[*n];
        let (status, body) = post(&maria, &address, path, form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(count(&pool, rows).await, before);
    server.kill().unwrap();
    server.wait().unwrap();
    pool.close().await;

    // New cards paid above: their number is in no line the server wrote.
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(log.contains("Portico is listening on"), "the log was kept");
    for number in ["4242424242424242", "4242 4242 4242 4242"] {
        assert!(!log.contains(number), "a card number in the server's log");
    }
}

async fn login(browser: &Client, address: &str) {
    let (status, _) = post(
        browser,
        address,
        "/api/auth/login",
        &pairs(&[
            ("email", CUSTOMER.0),
            ("password", CUSTOMER.1),
            ("next", ""),
        ]),
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
}

async fn a_killed_server_cancels_the_payments_waiting_for_the_bank(backend: Backend) {
    let Some(stripe) = stripe_url() else {
        eprintln!("PORTICO_TEST_STRIPE_URL is not set: skipped (scripts/test.sh sets it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(backend, dir.path()).await;
    // The demo data, as `serve --demo` loads it; then a deployment with Stripe.
    let (mut demo, _) = serve(&url, dir.path(), 0);
    demo.kill().unwrap();
    demo.wait().unwrap();
    let (mut server, address) = serve_with_stripe(&url, dir.path(), &stripe);
    let pool = portico::db::connect(&url).await.unwrap();
    sqlx::query("UPDATE portal_settings SET minimum_part_percent = 0")
        .execute(&pool)
        .await
        .unwrap();
    let maria = client();
    login(&maria, &address).await;

    // A card saved through a SetupIntent, as the payment-methods page does.
    let (status, setup) = post(
        &maria,
        &address,
        "/api/my/payment-methods/setup",
        &pairs(&[("kind", "card")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let setup_id = setup["setup_id"].as_str().unwrap();
    let secret = setup["client_secret"].as_str().unwrap();
    confirm_setup(setup_id, secret, card_data(CARD_VISA)).await;
    let (status, _) = post(
        &maria,
        &address,
        "/api/my/payment-methods/setup/finish",
        &pairs(&[("setup_id", setup_id)]),
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let visa: i64 = sqlx::query_scalar(
        "SELECT id FROM payment_methods WHERE provider = 'stripe' AND removed_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let customer: String =
        sqlx::query_scalar("SELECT reference FROM provider_customers WHERE provider = 'stripe'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let invoices: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM invoices WHERE customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') \
           AND state = 'posted' AND amount_total - amount_paid >= 2000 ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(invoices.len() >= 2, "ACME has unpaid invoices");

    // Twelve payments of 1.00, each its own key, at once: every other one
    // with a new card whose bank asks for 3-D Secure, the others with the
    // saved card. Each is answered: paid, or waiting for the challenge.
    let mut requests = Vec::new();
    for n in 0..12 {
        let invoice = invoices[n % invoices.len()].0.to_string();
        let key = format!("stripe-crash-key-{n:04}");
        let mut form = vec![
            ("document", "invoice".to_owned()),
            ("id", invoice),
            ("payment[key]", key),
            ("payment[amount]", "1.00".to_owned()),
        ];
        if n % 2 == 0 {
            form.push(("payment[method]", "new".to_owned()));
            form.push(("payment[card_token]", browser_token(CARD_3DS).await));
            if n % 4 == 0 {
                form.push(("payment[save]", "on".to_owned()));
            }
        } else {
            form.push(("payment[method]", visa.to_string()));
        }
        let form: Vec<(String, String)> = form
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        requests.push(form);
    }
    let tasks: Vec<_> = requests
        .iter()
        .cloned()
        .map(|form| {
            let (maria, address) = (maria.clone(), address.clone());
            tokio::spawn(async move { post(&maria, &address, "/api/my/pay", &form).await })
        })
        .collect();
    let mut paid = Vec::new();
    let mut waiting = Vec::new();
    for (n, task) in tasks.into_iter().enumerate() {
        let (status, answer) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{answer}");
        match answer["status"].as_str() {
            Some("done") => paid.push((n, answer["payment_id"].as_i64().unwrap())),
            Some("authenticate") => waiting.push((
                answer["charge_id"].as_i64().unwrap(),
                answer["client_secret"].as_str().unwrap().to_owned(),
            )),
            _ => panic!("{answer}"),
        }
    }
    assert_eq!((paid.len(), waiting.len()), (6, 6));
    assert_eq!(count(&pool, PENDING).await, 6, "waiting for the bank");
    // Killed before any challenge was completed.
    server.kill().unwrap();
    server.wait().unwrap();

    // Started again: nobody is there to answer the bank, so what waited is
    // cancelled with Stripe and fails; what was paid stays paid.
    let (mut server, address) = serve_with_stripe(&url, dir.path(), &stripe);
    assert_eq!(count(&pool, PENDING).await, 0, "nothing is left pending");
    let reference = |payment: i64| {
        let pool = pool.clone();
        async move {
            let row: (String, Option<String>) =
                sqlx::query_as("SELECT state, provider_reference FROM payments WHERE id = $1")
                    .bind(payment)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            (row.0, row.1.expect("a PaymentIntent"))
        }
    };
    for (payment, secret) in &waiting {
        let (state, intent) = reference(*payment).await;
        assert_eq!(state, "failed", "payment {payment}");
        let in_stripe = stripe_get(&format!("/v1/payment_intents/{intent}")).await;
        assert_eq!(in_stripe["status"], "canceled", "{in_stripe}");
        // The challenge completed late can't charge it any more.
        assert_ne!(authenticate(&intent, secret, true).await, 200);
    }
    for (_, payment) in &paid {
        let (state, intent) = reference(*payment).await;
        assert_eq!(state, "succeeded", "acknowledged payment {payment}");
        let in_stripe = stripe_get(&format!("/v1/payment_intents/{intent}")).await;
        assert_eq!(in_stripe["status"], "succeeded", "{in_stripe}");
    }
    // One PaymentIntent per payment, none sent again at start-up; charged
    // exactly what Portico counts as paid.
    let intents = payment_intents_of(&customer).await;
    assert_eq!(intents.len(), 12, "{intents:?}");
    let named: std::collections::BTreeSet<_> = intents
        .iter()
        .map(|intent| intent["metadata"]["portico_payment"].to_string())
        .collect();
    assert_eq!(named.len(), 12);
    let charged: i64 = succeeded_charges_of(&customer)
        .await
        .iter()
        .map(|charge| charge["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(
        charged,
        count(
            &pool,
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments \
             WHERE state = 'succeeded' AND provider_reference LIKE 'pi_%'"
        )
        .await
    );
    assert_eq!(charged, 600);
    let broken: i64 = count(
        &pool,
        "SELECT COUNT(*) FROM invoices i WHERE i.amount_paid <> \
           CAST(COALESCE((SELECT SUM(p.amount - p.amount_refunded) FROM payments p \
                          WHERE p.invoice_id = i.id AND p.state = 'succeeded'), 0) AS BIGINT) \
           OR i.amount_paid > i.amount_total",
    )
    .await;
    assert_eq!(broken, 0, "paid = the sum of the payments ≤ the total");
    // Cards asked to be kept were not: their payments failed.
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM payment_methods WHERE provider = 'stripe'"
        )
        .await,
        1
    );

    // The browser coming back late hears how it ended; the same forms
    // again answer the first payments, and Stripe is not asked again.
    let maria = client();
    login(&maria, &address).await;
    let (payment, _) = &waiting[0];
    let (status, late) = post(
        &maria,
        &address,
        "/api/my/pay/finish",
        &pairs(&[("payment_id", &payment.to_string())]),
    )
    .await;
    assert!(status.is_client_error(), "{status} {late}");
    assert_eq!(
        field_message(&late, "method").as_deref(),
        Some("payment-authentication-failed"),
        "{late}"
    );
    for (n, payment) in &paid {
        let (status, body) = post(&maria, &address, "/api/my/pay", &requests[*n]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["payment_id"], *payment);
    }
    assert_eq!(payment_intents_of(&customer).await.len(), 12);
    server.kill().unwrap();
    server.wait().unwrap();
    pool.close().await;
}

on_both_databases!(
    a_killed_server_loses_no_acknowledged_payment,
    a_killed_server_cancels_the_payments_waiting_for_the_bank,
);
