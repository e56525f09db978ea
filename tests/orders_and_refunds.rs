//! Paying a quotation from its page (it becomes a confirmed order, and the
//! invoice made from it shows it paid); the back office's ledger with its
//! filters; refunds to the eWallet and back through the provider, never
//! more than was paid, once per form key, with the ledger, the invoice and
//! the audit log in step. On SQLite and PostgreSQL.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// For a document: its total, amount paid, and the amount its payments
/// make (succeeded payments less their succeeded refunds), which must be
/// the amount paid.
async fn money_of(app: &TestApp, table: &str, id: i64) -> (i64, i64) {
    let column = if table == "invoices" {
        "invoice_id"
    } else {
        "order_id"
    };
    let (total, paid): (i64, i64) = sqlx::query_as(&format!(
        "SELECT amount_total, amount_paid FROM {table} WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let made: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) - COALESCE((SELECT SUM(r.amount) FROM refunds r JOIN payments q ON q.id = r.payment_id \
                 WHERE q.{column} = $1 AND r.state = 'succeeded'), 0) AS BIGINT) \
         FROM payments p WHERE p.{column} = $1 AND p.state = 'succeeded'"
    ))
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        made, paid,
        "{table} {id}: paid = its payments less their refunds"
    );
    assert!(paid <= total);
    (total, paid)
}

async fn pay(
    app: &TestApp,
    browser: &reqwest::Client,
    document: &str,
    id: i64,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let id = id.to_string();
    let mut fields = vec![("document", document), ("id", id.as_str())];
    fields.extend_from_slice(form);
    app.post_as(browser, "/api/my/pay", &fields).await
}

async fn options(
    app: &TestApp,
    browser: &reqwest::Client,
    document: &str,
    id: i64,
) -> (StatusCode, Value) {
    app.post_as(
        browser,
        "/api/my/pay-options",
        &[("document", document), ("id", &id.to_string())],
    )
    .await
}

/// Pays `minor` of a document with `method`, from a form drawn just now.
async fn pay_fresh(
    app: &TestApp,
    browser: &reqwest::Client,
    document: &str,
    id: i64,
    minor: i64,
    method: &str,
) -> (StatusCode, Value) {
    let (_, form) = options(app, browser, document, id).await;
    let amount = format!("{}.{:02}", minor / 100, minor % 100);
    pay(
        app,
        browser,
        document,
        id,
        &[
            ("payment[key]", form["key"].as_str().unwrap()),
            ("payment[amount]", &amount),
            ("payment[method]", method),
        ],
    )
    .await
}

async fn mails_to_maria(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'maria@acme.example'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn paying_a_quotation_confirms_it_and_its_invoice_shows_it_paid(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let (quotation, total): (i64, i64) = sqlx::query_as(
        "SELECT id, amount_total FROM sales_orders WHERE kind = 'quotation' AND state = 'sent' \
           AND customer_id = (SELECT id FROM contacts WHERE name = 'ACME Distribution SRL') ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (_, page) = app
        .post_as(&maria, "/api/my/order", &[("id", &quotation.to_string())])
        .await;
    assert_eq!(page["payable"], true, "{page}");

    // Another company's quotation, or a draft, answers like a missing one.
    app.add_other_company().await;
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    assert_eq!(
        options(&app, &lucia, "order", quotation).await.0,
        StatusCode::NOT_FOUND
    );
    let draft: i64 =
        sqlx::query_scalar("SELECT id FROM sales_orders WHERE state = 'draft' ORDER BY id LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        options(&app, &maria, "order", draft).await.0,
        StatusCode::NOT_FOUND
    );

    // A part with the saved Visa: the quotation becomes a confirmed order.
    let mails_before = mails_to_maria(&app).await;
    let (status, form) = options(&app, &maria, "order", quotation).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(form["due"], total);
    let key = form["key"].as_str().unwrap().to_owned();
    let visa = form["methods"][0]["id"].as_i64().unwrap().to_string();
    let part = total / 2;
    let part_text = format!("{}.{:02}", part / 100, part % 100);
    let answer = pay(
        &app,
        &maria,
        "order",
        quotation,
        &[
            ("payment[key]", &key),
            ("payment[amount]", &part_text),
            ("payment[method]", &visa),
        ],
    )
    .await;
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    let replay = pay(
        &app,
        &maria,
        "order",
        quotation,
        &[
            ("payment[key]", &key),
            ("payment[amount]", &part_text),
            ("payment[method]", &visa),
        ],
    )
    .await;
    assert_eq!(replay, answer, "a replay answers the first result");
    let (kind, state): (String, String) =
        sqlx::query_as("SELECT kind, state FROM sales_orders WHERE id = $1")
            .bind(quotation)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((kind.as_str(), state.as_str()), ("order", "confirmed"));
    assert_eq!(money_of(&app, "sales_orders", quotation).await.1, part);
    assert_eq!(
        mails_to_maria(&app).await,
        mails_before + 1,
        "one receipt is queued (a replay sends none)"
    );

    // More than is left is refused, and changes nothing.
    let (status, body) = pay_fresh(&app, &maria, "order", quotation, total - part + 1, &visa).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "amount").as_deref(),
        Some("pay-more-than-due")
    );
    assert_eq!(money_of(&app, "sales_orders", quotation).await.1, part);

    // Staff invoice the order: the invoice carries what was paid and its payment.
    let (status, _) = app
        .post_as(
            &staff,
            "/api/admin/order/act",
            &[("id", &quotation.to_string()), ("action", "invoice")],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let invoice: i64 = sqlx::query_scalar("SELECT id FROM invoices WHERE order_id = $1")
        .bind(quotation)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (status, _) = app
        .post_as(
            &staff,
            "/api/admin/invoice/act",
            &[("id", &invoice.to_string()), ("action", "post")],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let (_, paid) = money_of(&app, "invoices", invoice).await;
    assert_eq!(paid, part);
    let (_, shown) = app
        .post_as(&maria, "/api/my/invoice", &[("id", &invoice.to_string())])
        .await;
    assert_eq!(shown["payment_state"], "partial", "{shown}");
    assert_eq!(shown["payments"].as_array().unwrap().len(), 1);

    // The order is now paid through its invoice: the order's form says so.
    assert_eq!(
        options(&app, &maria, "order", quotation).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, page) = app
        .post_as(&maria, "/api/my/order", &[("id", &quotation.to_string())])
        .await;
    assert_eq!(page["payable"], false);

    // The rest on the invoice: paid in full.
    let rest = options(&app, &maria, "invoice", invoice).await.1["due"]
        .as_i64()
        .unwrap();
    let (status, body) = pay_fresh(&app, &maria, "invoice", invoice, rest, &visa).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, shown) = app
        .post_as(&maria, "/api/my/invoice", &[("id", &invoice.to_string())])
        .await;
    assert_eq!(shown["payment_state"], "paid");
    assert_eq!(money_of(&app, "invoices", invoice).await.1, total);
}

/// ACME's Visa payment of `amount` on its largest unpaid invoice: the
/// invoice and the payment.
async fn card_payment(app: &TestApp, maria: &reqwest::Client, amount: i64) -> (i64, i64) {
    app.exec("UPDATE portal_settings SET minimum_part_percent = 0")
        .await;
    let (invoice, _) = app.acme_unpaid_invoice().await;
    let (_, form) = options(app, maria, "invoice", invoice).await;
    let visa = form["methods"][0]["id"].as_i64().unwrap().to_string();
    let (status, body) = pay_fresh(app, maria, "invoice", invoice, amount, &visa).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (invoice, body["payment_id"].as_i64().unwrap())
}

async fn refund(
    app: &TestApp,
    staff: &reqwest::Client,
    payment: i64,
    key: &str,
    amount: &str,
    destination: &str,
) -> (StatusCode, Value) {
    app.post_as(
        staff,
        "/api/admin/payment/refund",
        &[
            ("payment", &payment.to_string()),
            ("refund[key]", key),
            ("refund[amount]", amount),
            ("refund[destination]", destination),
            ("refund[reason]", "Returned goods"),
        ],
    )
    .await
}

async fn refunds_keep_the_ledger_and_the_invoice_in_step(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let (invoice, payment) = card_payment(&app, &maria, 10_000).await;
    let (_, paid_before) = money_of(&app, "invoices", invoice).await;
    let wallet_before = app.acme_wallet_balance("").await;
    let audited_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE kind = 'refund_recorded'")
            .fetch_one(&app.pool)
            .await
            .unwrap();

    // Customers can't refund, or see the ledger.
    let before = app.snapshot().await;
    assert_eq!(
        refund(
            &app,
            &maria,
            payment,
            "customer-tries-0001",
            "10.00",
            "ewallet"
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_as(&maria, "/api/admin/payments", &[("filter[view]", "")])
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // Refused: more than was paid, an unknown destination, a missing payment.
    let (status, body) = refund(
        &app,
        &staff,
        payment,
        "too-much-key-0001",
        "100.01",
        "ewallet",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "amount").as_deref(),
        Some("refund-more-than-paid")
    );
    let (status, _) = refund(&app, &staff, payment, "elsewhere-key-0001", "1.00", "cash").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refund(
            &app,
            &staff,
            987_654,
            "missing-key-00001",
            "1.00",
            "ewallet"
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.snapshot().await, before, "refusals change nothing");

    // 30.00 to the eWallet, sent twice with one key: refunded once.
    let (_, refund_form) = app
        .post_as(
            &staff,
            "/api/admin/payment/refund-options",
            &[("payment", &payment.to_string())],
        )
        .await;
    assert_eq!(refund_form["refundable"], 10_000);
    assert_eq!(refund_form["via_provider"], true);
    let key = refund_form["key"].as_str().unwrap().to_owned();
    let first = refund(&app, &staff, payment, &key, "30.00", "ewallet").await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(
        refund(&app, &staff, payment, &key, "30.00", "ewallet").await,
        first
    );
    assert_eq!(app.acme_wallet_balance("").await, wallet_before + 3_000);
    assert_eq!(
        money_of(&app, "invoices", invoice).await.1,
        paid_before - 3_000
    );
    let state: String = sqlx::query_scalar("SELECT payment_state FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(state, "paid");

    // Ten refunds of 30.00 at once, each its own key: of the 70.00 left, two go through.
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let staff = staff.clone();
            let url = app.url("/api/admin/payment/refund");
            let origin = app.address.clone();
            let form = vec![
                ("payment".to_owned(), payment.to_string()),
                ("refund[key]".to_owned(), format!("parallel-refund-{n:04}")),
                ("refund[amount]".to_owned(), "30.00".to_owned()),
                (
                    "refund[destination]".to_owned(),
                    if n % 2 == 0 { "provider" } else { "ewallet" }.to_owned(),
                ),
            ];
            tokio::spawn(async move {
                staff
                    .post(url)
                    .header(reqwest::header::ORIGIN, origin)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut succeeded = 0;
    for task in tasks {
        if task.await.unwrap() == StatusCode::OK {
            succeeded += 1;
        }
    }
    assert_eq!(succeeded, 2);
    let refunded: i64 = sqlx::query_scalar("SELECT amount_refunded FROM payments WHERE id = $1")
        .bind(payment)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(refunded, 9_000);
    assert_eq!(
        money_of(&app, "invoices", invoice).await.1,
        paid_before - 9_000
    );
    let provider_refunds: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM refunds WHERE payment_id = $1 AND destination = 'provider' AND state = 'succeeded' AND provider_reference LIKE 'demo_re_%'",
    )
    .bind(payment)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let wallet_refunds: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM wallet_entries WHERE payment_id = $1 AND kind = 'refund'",
    )
    .bind(payment)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(provider_refunds + wallet_refunds, 3);
    assert_eq!(
        app.acme_wallet_balance("").await,
        wallet_before + wallet_refunds * 3_000
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE kind = 'refund_recorded'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, audited_before + 3, "every refund is audited");

    // A payment from the eWallet can only go back to it.
    let (status, body) = pay_fresh(&app, &maria, "invoice", invoice, 1_000, "wallet").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let from_wallet = body["payment_id"].as_i64().unwrap();
    let (status, body) = refund(
        &app,
        &staff,
        from_wallet,
        "wallet-to-provider-1",
        "10.00",
        "provider",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "destination").as_deref(),
        Some("refund-provider-unavailable")
    );

    // The ledger: filtered by customer, method, state and date.
    let acme = app.contact_id("ACME Distribution SRL").await.to_string();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let list = |filter: Vec<(&'static str, String)>| {
        let staff = staff.clone();
        let app = &app;
        async move {
            let mut form: Vec<(&str, &str)> =
                filter.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if !filter.iter().any(|(k, _)| *k == "filter[view]") {
                form.push(("filter[view]", ""));
            }
            let (status, page) = app.post_as(&staff, "/api/admin/payments", &form).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            page
        }
    };
    let page = list(vec![
        ("filter[customer]", acme.clone()),
        ("filter[method]", "card".into()),
        ("filter[state]", "refunded".into()),
        ("filter[from]", today.clone()),
        ("filter[to]", today.clone()),
    ])
    .await;
    let rows = page["payments"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{page}");
    assert_eq!(rows[0]["id"], payment);
    assert_eq!(rows[0]["refunded"], 9_000);
    assert_eq!(rows[0]["state"], "succeeded");
    let page = list(vec![("filter[method]", "ewallet".into())]).await;
    assert!(page["payments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["method"] == "ewallet"));
    assert!(page["payments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == from_wallet));
    let page = list(vec![("filter[state]", "succeeded".into())]).await;
    let rows = page["payments"].as_array().unwrap();
    assert!(rows.iter().all(|p| p["state"] == "succeeded"), "{page}");
    assert!(rows.iter().any(|p| p["id"] == payment), "{page}");
    let page = list(vec![("filter[to]", "2000-01-01".into())]).await;
    assert!(page["payments"].as_array().unwrap().is_empty());
    let page = list(vec![
        ("filter[view]", "wallet".into()),
        ("filter[method]", "refund".into()),
        ("filter[customer]", acme),
    ])
    .await;
    assert_eq!(
        page["wallet"].as_array().unwrap().len() as i64,
        wallet_refunds
    );
    assert!(page["wallet"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] == "refund"));
    let (status, _) = app
        .post_as(&staff, "/api/admin/payments", &[("filter[method]", "gold")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post_as(
            &staff,
            "/api/admin/payments",
            &[("filter[from]", "24.11.2026")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_databases!(
    paying_a_quotation_confirms_it_and_its_invoice_shows_it_paid,
    refunds_keep_the_ledger_and_the_invoice_in_step,
);
