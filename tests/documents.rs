//! Documents end to end: what the portal counts and lists for a customer,
//! how another company's documents (and drafts) answer, that customers
//! change nothing, the back office's quotation → order → invoice → payment
//! flow with its amounts, parallel payments, followers' emails, the PDF,
//! and keyset pages. Each scenario on SQLite and PostgreSQL.

mod common;

use common::*;
use portico::{
    documents::{
        editing::days_after,
        forms::DocumentDraft,
        invoices::store::{act as act_on_invoice, save_invoice},
        store::today,
    },
    domain::{states::InvoiceAction, totals::LineTerms, Currency},
};
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

// ---------------------------------------------------------------- helpers

type Form = Vec<(String, String)>;

fn pairs(form: &Form) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Calls a server function and expects 200; answers the JSON.
async fn ok(app: &TestApp, browser: &Client, path: &str, form: &[(&str, &str)]) -> Value {
    let (status, body) = app.post_as(browser, path, form).await;
    assert_eq!(status, StatusCode::OK, "{path} {form:?}: {body}");
    body
}

/// A server function's status and body, byte for byte.
async fn raw(
    app: &TestApp,
    browser: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = browser
        .post(app.url(path))
        .header(header::ORIGIN, &app.address)
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn get_raw(app: &TestApp, browser: &Client, path: &str) -> (StatusCode, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

fn ago(days: i64) -> String {
    days_after(&today(), -days)
}

/// A quotation or invoice form: lines are [description, quantity, unit
/// price, discount, tax].
fn document_form(
    id: Option<i64>,
    customer_id: i64,
    date: &str,
    until: &str,
    currency: &str,
    lines: &[[&str; 5]],
) -> Form {
    let mut form: Form = Vec::new();
    if let Some(id) = id {
        form.push(("id".into(), id.to_string()));
    }
    for (name, value) in [
        ("customer_id", customer_id.to_string()),
        ("date", date.to_owned()),
        ("until", until.to_owned()),
        ("currency", currency.to_owned()),
        ("note", String::new()),
    ] {
        form.push((format!("document[{name}]"), value));
    }
    for (row, line) in lines.iter().enumerate() {
        for (name, value) in ["description", "quantity", "unit_price", "discount", "tax"]
            .iter()
            .zip(line)
        {
            form.push((
                format!("document[lines][{row}][{name}]"),
                (*value).to_owned(),
            ));
        }
    }
    form
}

fn id_of(body: &Value) -> i64 {
    body.as_i64().unwrap_or_else(|| panic!("an id, not {body}"))
}

async fn new_order(
    app: &TestApp,
    staff: &Client,
    customer_id: i64,
    currency: &str,
    lines: &[[&str; 5]],
) -> i64 {
    let form = document_form(
        None,
        customer_id,
        &today(),
        &days_after(&today(), 30),
        currency,
        lines,
    );
    id_of(&ok(app, staff, "/api/admin/order/save", &pairs(&form)).await)
}

async fn new_invoice(
    app: &TestApp,
    staff: &Client,
    customer_id: i64,
    currency: &str,
    lines: &[[&str; 5]],
) -> i64 {
    let form = document_form(None, customer_id, &today(), "", currency, lines);
    id_of(&ok(app, staff, "/api/admin/invoice/save", &pairs(&form)).await)
}

/// `admin/<what>/act`; answers what the server answers (an id).
async fn act(app: &TestApp, staff: &Client, what: &str, id: i64, action: &str) -> i64 {
    let id = id.to_string();
    let body = ok(
        app,
        staff,
        &format!("/api/admin/{what}/act"),
        &[("id", &id), ("action", action)],
    )
    .await;
    id_of(&body)
}

async fn pay(app: &TestApp, staff: &Client, invoice_id: i64, amount: &str) -> (StatusCode, Value) {
    let id = invoice_id.to_string();
    let today = today();
    app.post_as(
        staff,
        "/api/admin/payment/record",
        &[
            ("invoice_id", id.as_str()),
            ("payment[amount]", amount),
            ("payment[method]", "bank_transfer"),
            ("payment[received_on]", today.as_str()),
            ("payment[reference]", "OP 42"),
        ],
    )
    .await
}

async fn staff_invoice(app: &TestApp, staff: &Client, id: i64) -> Value {
    ok(app, staff, "/api/admin/invoice", &[("id", &id.to_string())]).await
}

async fn staff_order(app: &TestApp, staff: &Client, id: i64) -> Value {
    ok(app, staff, "/api/admin/order", &[("id", &id.to_string())]).await
}

#[derive(Debug, Clone, Copy)]
struct ListArgs<'a> {
    kind: &'a str,
    sort: &'a str,
    direction: &'a str,
    filter: &'a str,
    search: &'a str,
}

fn list_of(kind: &str) -> ListArgs<'_> {
    ListArgs {
        kind,
        sort: "date",
        direction: "",
        filter: "all",
        search: "",
    }
}

/// One page of `my/documents` or `admin/documents`.
async fn list_page(
    app: &TestApp,
    browser: &Client,
    path: &str,
    args: ListArgs<'_>,
    after: &str,
    before: &str,
) -> Value {
    ok(
        app,
        browser,
        path,
        &[
            ("kind", args.kind),
            ("sort", args.sort),
            ("direction", args.direction),
            ("filter", args.filter),
            ("search", args.search),
            ("after", after),
            ("before", before),
        ],
    )
    .await
}

/// Every page of a list, following `next` from the first.
async fn walk(app: &TestApp, browser: &Client, path: &str, args: ListArgs<'_>) -> Vec<Value> {
    let mut pages = vec![list_page(app, browser, path, args, "", "").await];
    assert!(
        pages[0]["previous"].is_null(),
        "the first page has no previous: {}",
        pages[0]
    );
    while let Some(next) = pages.last().unwrap()["next"].as_str().map(str::to_owned) {
        pages.push(list_page(app, browser, path, args, &next, "").await);
        assert!(pages.len() < 50, "the pages never end");
    }
    pages
}

fn rows(pages: &[Value]) -> Vec<Value> {
    pages
        .iter()
        .flat_map(|p| p["rows"].as_array().unwrap().clone())
        .collect()
}

fn ids(pages: &[Value]) -> Vec<i64> {
    rows(pages)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Every reference a portal user sees, in all four lists.
async fn visible_references(app: &TestApp, browser: &Client) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for kind in ["quotations", "orders", "invoices", "subscriptions"] {
        for row in rows(&walk(app, browser, "/api/my/documents", list_of(kind)).await) {
            all.insert(row["reference"].as_str().unwrap().to_owned());
        }
    }
    all
}

async fn scalar_i64(app: &TestApp, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// An app with only what a scenario about ACME's documents needs: ACME
/// Distribution SRL, its portal user Maria Popescu and a member of staff
/// (the demo's logins, made by the test). Answers ACME's id.
async fn acme_and_staff(app: &TestApp) -> i64 {
    let acme = app.company("ACME Distribution SRL").create().await;
    app.person("Maria Popescu")
        .of(acme)
        .portal_user(CUSTOMER)
        .create()
        .await;
    app.person("Radu Stan").staff(STAFF).create().await;
    acme
}

async fn acme(app: &TestApp) -> i64 {
    app.contact_id("ACME Distribution SRL").await
}

// --------------------------------------------------------------- scenarios

async fn the_home_counts_match_the_demo_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let overview = ok(&app, &maria, "/api/my/overview", &[]).await;
    // demo::documents for ACME: quotations sent (website) and sent then
    // cancelled (shelves), one draft (security audit, hidden); two orders
    // confirmed and invoiced; invoices paid, partly paid and overdue,
    // overdue, not yet due, cancelled, and one draft (hidden); one
    // subscription; the main address and one delivery address; a Visa and
    // a Mastercard saved.
    assert_eq!(
        overview,
        json!({
            "quotations": 2,
            "orders": 2,
            "invoices": 5,
            "unpaid": 3,
            "overdue": 2,
            "subscriptions": 1,
            "addresses": 2,
            "payment_methods": 2,
            "wallet": {"minor": 0, "currency": "Ron"},
        })
    );

    for (kind, filter, tile) in [
        ("quotations", "all", "quotations"),
        ("orders", "all", "orders"),
        ("invoices", "all", "invoices"),
        ("invoices", "unpaid", "unpaid"),
        ("invoices", "overdue", "overdue"),
        ("subscriptions", "all", "subscriptions"),
    ] {
        let args = ListArgs {
            filter,
            ..list_of(kind)
        };
        let found = rows(&walk(&app, &maria, "/api/my/documents", args).await);
        assert_eq!(
            found.len() as i64,
            overview[tile].as_i64().unwrap(),
            "{kind} filtered by {filter} agrees with the {tile} tile: {found:?}"
        );
        assert!(found.iter().all(|r| r["status"] != "Draft"), "{found:?}");
    }
    let paid = rows(
        &walk(
            &app,
            &maria,
            "/api/my/documents",
            ListArgs {
                filter: "paid",
                ..list_of("invoices")
            },
        )
        .await,
    );
    assert_eq!(paid.len(), 1, "{paid:?}");
    assert_eq!(paid[0]["status"], "Paid");
    assert_eq!(paid[0]["due"]["minor"], 0);

    let mut statuses: Vec<String> =
        rows(&walk(&app, &maria, "/api/my/documents", list_of("invoices")).await)
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        ["Cancelled", "NotPaid", "Overdue", "Overdue", "Paid"]
    );
    let mut quotations: Vec<String> =
        rows(&walk(&app, &maria, "/api/my/documents", list_of("quotations")).await)
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .collect();
    quotations.sort();
    assert_eq!(quotations, ["Cancelled", "Sent"]);

    // The drafts exist: the back office sees them.
    let staff = app.login_from_new_browser(STAFF).await;
    for (kind, with_drafts) in [("quotations", 3), ("invoices", 6), ("orders", 2)] {
        let acme_rows = rows(&walk(&app, &staff, "/api/admin/documents", list_of(kind)).await)
            .into_iter()
            .filter(|r| r["customer"] == "ACME Distribution SRL")
            .count();
        assert_eq!(acme_rows, with_drafts, "ACME's {kind} in the back office");
    }
}

async fn another_companys_documents_answer_like_missing_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let iberia = app.add_other_company().await;
    let acme_id = acme(&app).await;
    let staff = app.login_from_new_browser(STAFF).await;

    let invoice = new_invoice(
        &app,
        &staff,
        iberia.company_id,
        "EUR",
        &[["Aceite de oliva (cajas)", "10", "8,50", "", "10"]],
    )
    .await;
    act(&app, &staff, "invoice", invoice, "post").await;
    let quote = new_order(
        &app,
        &staff,
        iberia.company_id,
        "EUR",
        &[["Cámara frigorífica", "1", "4200", "5", "21"]],
    )
    .await;
    act(&app, &staff, "order", quote, "send").await;
    let today = today();
    let subscription = id_of(
        &ok(
            &app,
            &staff,
            "/api/admin/subscription/save",
            &[
                ("subscription[customer_id]", &iberia.company_id.to_string()),
                ("subscription[plan]", "Mantenimiento mensual"),
                ("subscription[amount]", "99,00"),
                ("subscription[currency]", "EUR"),
                ("subscription[period]", "month"),
                ("subscription[start_date]", &today),
                ("subscription[next_invoice_date]", ""),
            ],
        )
        .await,
    );
    let iberia_refs: BTreeSet<String> = [
        staff_invoice(&app, &staff, invoice).await["number"]
            .as_str()
            .unwrap()
            .to_owned(),
        staff_order(&app, &staff, quote).await["reference"]
            .as_str()
            .unwrap()
            .to_owned(),
        ok(
            &app,
            &staff,
            "/api/admin/subscription",
            &[("id", &subscription.to_string())],
        )
        .await["reference"]
            .as_str()
            .unwrap()
            .to_owned(),
    ]
    .into();

    // Lucía sees exactly Iberia's three; Maria sees ACME's ten and none of them.
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    assert_eq!(visible_references(&app, &lucia).await, iberia_refs);
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let acme_refs = visible_references(&app, &maria).await;
    assert_eq!(acme_refs.len(), 2 + 2 + 5 + 1, "{acme_refs:?}");
    assert!(
        acme_refs.is_disjoint(&iberia_refs),
        "{acme_refs:?} vs {iberia_refs:?}"
    );
    let (status, _) = raw(
        &app,
        &lucia,
        "/api/my/invoice",
        &[("id", &invoice.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "Lucía reads her own invoice");

    let acme_draft_invoice = scalar_i64(
        &app,
        "SELECT id FROM invoices WHERE customer_id = $1 AND state = 'draft'",
        acme_id,
    )
    .await;
    let acme_draft_quote = scalar_i64(
        &app,
        "SELECT id FROM sales_orders WHERE customer_id = $1 AND state = 'draft'",
        acme_id,
    )
    .await;
    let own_invoice = scalar_i64(
        &app,
        "SELECT MAX(id) FROM invoices WHERE customer_id = $1 AND state = 'posted'",
        acme_id,
    )
    .await;
    let (status, _) = raw(
        &app,
        &maria,
        "/api/my/invoice",
        &[("id", &own_invoice.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "Maria reads her own posted invoice");

    let missing = 999_999_i64;
    let (status, missing_body) = raw(
        &app,
        &maria,
        "/api/my/invoice",
        &[("id", &missing.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (path, id) in [
        ("/api/my/invoice", invoice),
        ("/api/my/invoice", acme_draft_invoice),
        ("/api/my/order", quote),
        ("/api/my/order", acme_draft_quote),
        ("/api/my/order", missing),
        ("/api/my/subscription", subscription),
        ("/api/my/subscription", missing),
    ] {
        assert_eq!(
            raw(&app, &maria, path, &[("id", &id.to_string())]).await,
            (StatusCode::NOT_FOUND, missing_body.clone()),
            "{path} {id}"
        );
    }
    for (document, id) in [
        ("Order", quote),
        ("Order", acme_draft_quote),
        ("Order", missing),
        ("Invoice", invoice),
        ("Invoice", acme_draft_invoice),
        ("Invoice", missing),
        ("Subscription", subscription),
        ("Subscription", missing),
    ] {
        for follow in ["true", "false"] {
            assert_eq!(
                raw(
                    &app,
                    &maria,
                    "/api/my/follow",
                    &[
                        ("document", document),
                        ("id", &id.to_string()),
                        ("follow", follow)
                    ]
                )
                .await,
                (StatusCode::NOT_FOUND, missing_body.clone()),
                "follow={follow} {document} {id}"
            );
        }
    }
    assert_eq!(app.count("document_follows").await, 0);

    for path in [
        format!("/my/invoices/{invoice}/pdf"),
        format!("/my/invoices/{acme_draft_invoice}/pdf"),
        format!("/my/invoices/{missing}/pdf"),
        format!("/my/orders/{quote}/pdf"),
        format!("/my/orders/{acme_draft_quote}/pdf"),
        format!("/my/orders/{missing}/pdf"),
    ] {
        assert_eq!(
            get_raw(&app, &maria, &path).await,
            (StatusCode::NOT_FOUND, missing_body.clone()),
            "{path}"
        );
    }
    let own_pdf = maria
        .get(app.url(&format!("/my/invoices/{own_invoice}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(own_pdf.status(), StatusCode::OK);
}

async fn customers_cannot_change_documents(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let acme_id = acme(&app).await.to_string();
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let quote = scalar_i64(
        &app,
        "SELECT MIN(id) FROM sales_orders WHERE customer_id = $1 AND state = 'sent'",
        acme(&app).await,
    )
    .await
    .to_string();
    let invoice = scalar_i64(
        &app,
        "SELECT MAX(id) FROM invoices WHERE customer_id = $1 AND state = 'posted' AND payment_state <> 'paid'",
        acme(&app).await,
    )
    .await
    .to_string();
    let subscription = scalar_i64(
        &app,
        "SELECT MIN(id) FROM subscriptions WHERE customer_id = $1",
        acme(&app).await,
    )
    .await
    .to_string();
    let today = today();
    let document = document_form(
        None,
        acme(&app).await,
        &today,
        "",
        "RON",
        &[["Reducere", "1", "0", "", ""]],
    );
    let mut edit = document.clone();
    edit.push(("id".into(), quote.clone()));
    let list = [
        ("kind", "invoices"),
        ("sort", "date"),
        ("direction", ""),
        ("filter", "all"),
        ("search", ""),
        ("after", ""),
        ("before", ""),
    ];
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/admin/documents", list.to_vec()),
        ("/api/admin/order", vec![("id", &quote)]),
        ("/api/admin/invoice", vec![("id", &invoice)]),
        ("/api/admin/subscription", vec![("id", &subscription)]),
        ("/api/admin/document-customers", vec![]),
        ("/api/admin/payments", vec![("filter[view]", "")]),
        ("/api/admin/order/save", pairs(&document)),
        ("/api/admin/order/save", pairs(&edit)),
        ("/api/admin/invoice/save", pairs(&document)),
        (
            "/api/admin/order/act",
            vec![("id", &quote), ("action", "confirm")],
        ),
        (
            "/api/admin/order/act",
            vec![("id", &quote), ("action", "cancel")],
        ),
        (
            "/api/admin/invoice/act",
            vec![("id", &invoice), ("action", "cancel")],
        ),
        (
            "/api/admin/subscription/save",
            vec![
                ("subscription[customer_id]", &acme_id),
                ("subscription[plan]", "Gratuit"),
                ("subscription[amount]", "0"),
                ("subscription[currency]", "RON"),
                ("subscription[period]", "month"),
                ("subscription[start_date]", &today),
                ("subscription[next_invoice_date]", ""),
            ],
        ),
        (
            "/api/admin/subscription/act",
            vec![("id", &subscription), ("action", "cancel")],
        ),
        (
            "/api/admin/subscription/act",
            vec![("id", &subscription), ("action", "close")],
        ),
        (
            "/api/admin/payment/record",
            vec![
                ("invoice_id", &invoice),
                ("payment[amount]", "1"),
                ("payment[method]", "cash"),
                ("payment[received_on]", &today),
                ("payment[reference]", ""),
            ],
        ),
    ];
    let pdfs = [
        format!("/admin/invoices/{invoice}/pdf"),
        format!("/admin/orders/{quote}/pdf"),
    ];

    let before = app.snapshot().await;
    let anonymous = client();
    for (path, form) in &calls {
        let (status, body) = app.post_as(&maria, path, form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "Maria: {path}: {body}");
        let (status, body) = app.post_as(&anonymous, path, form).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous: {path}: {body}"
        );
    }
    for path in &pdfs {
        assert_eq!(
            get_raw(&app, &maria, path).await.0,
            StatusCode::FORBIDDEN,
            "Maria: {path}"
        );
        // The page guard in front of /admin sends an anonymous visitor to
        // log in and come back.
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "anonymous: {path}"
        );
        assert_eq!(
            location(&response),
            Some(format!("/login?next={}", path.replace('/', "%2F"))),
            "anonymous: {path}"
        );
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused call writes nothing"
    );

    // The same calls from staff do change things: the refusals above were
    // about the caller, not the arguments.
    let staff = app.login_from_new_browser(STAFF).await;
    let (status, body) = app
        .post_as(
            &staff,
            "/api/admin/order/act",
            &[("id", &quote), ("action", "confirm")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn staff_make_a_quotation_confirm_invoice_post_and_get_paid(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let acme_id = acme(&app).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let today = today();

    // A form with bad values names each of them, and writes nothing.
    let before = app.snapshot().await;
    let bad = document_form(
        None,
        acme_id,
        "2026-02-30",
        "",
        "RON",
        &[
            ["Piese", "abc", "x", "", "101"],
            ["", "", "", "", ""],
            ["Montaj", "1", "10", "-5", "19"],
        ],
    );
    let (status, body) = app
        .post_as(&staff, "/api/admin/order/save", &pairs(&bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for (field, message) in [
        ("date", "error-date"),
        ("lines.0.quantity", "error-quantity"),
        ("lines.0.unit_price", "error-amount"),
        ("lines.0.tax", "error-percentage"),
        ("lines.2.discount", "error-percentage"),
    ] {
        assert_eq!(
            field_message(&body, field).as_deref(),
            Some(message),
            "{field} in {body}"
        );
    }
    assert_eq!(
        field_message(&body, "lines.1.description"),
        None,
        "a blank row is dropped"
    );
    let due_before = document_form(
        None,
        acme_id,
        &today,
        &ago(1),
        "RON",
        &[["Piese", "1", "1", "", ""]],
    );
    let (status, body) = app
        .post_as(&staff, "/api/admin/invoice/save", &pairs(&due_before))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "until").as_deref(),
        Some("error-due-before-date")
    );
    let unknown_customer = document_form(
        None,
        987_654,
        &today,
        "",
        "RON",
        &[["Piese", "1", "1", "", ""]],
    );
    let (status, body) = app
        .post_as(&staff, "/api/admin/order/save", &pairs(&unknown_customer))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "customer_id").as_deref(),
        Some("error-choice")
    );
    assert_eq!(
        app.snapshot().await,
        before,
        "refused forms leave nothing behind"
    );

    // A draft quotation, then the draft changed.
    let quote = new_order(
        &app,
        &staff,
        acme_id,
        "RON",
        &[["Ciornă", "1", "1", "", ""]],
    )
    .await;
    let lines = [
        ["Șuruburi (cutii)", "3", "3,33", "", "19"],
        ["Manoperă", "2", "12,50", "10", "19"],
    ];
    let edited = document_form(
        Some(quote),
        acme_id,
        &today,
        &days_after(&today, 30),
        "RON",
        &lines,
    );
    assert_eq!(
        id_of(&ok(&app, &staff, "/api/admin/order/save", &pairs(&edited)).await),
        quote
    );
    // Per line: 3 × 3.33 = 9.99, tax 1.8981 → 1.90; 2 × 12.50 − 10 % =
    // 22.50, tax 4.275 → 4.28. Rounding the sum (32.49 × 19 % = 6.1731)
    // would give 6.17; per line it is 6.18.
    let expected_lines = json!([
        {"description": "Șuruburi (cutii)", "terms": {"quantity_milli": 3000, "unit_price": 333, "discount_bp": 0, "tax_bp": 1900}, "untaxed": 999, "tax": 190},
        {"description": "Manoperă", "terms": {"quantity_milli": 2000, "unit_price": 1250, "discount_bp": 1000, "tax_bp": 1900}, "untaxed": 2250, "tax": 428},
    ]);
    let expected_totals = json!({
        "untaxed": 3249, "tax": 618, "total": 3867,
        "taxes": [{"tax_bp": 1900, "base": 3249, "amount": 618}],
    });
    let order = staff_order(&app, &staff, quote).await;
    assert_eq!(order["lines"], expected_lines);
    assert_eq!(order["totals"], expected_totals);
    assert_eq!(order["state"], "draft");
    assert_eq!(order["is_quotation"], true);
    let stored: (i64, i64, i64) = sqlx::query_as(
        "SELECT amount_untaxed, amount_tax, amount_total FROM sales_orders WHERE id = $1",
    )
    .bind(quote)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, (3249, 618, 3867));

    // Sent: no longer editable.
    act(&app, &staff, "order", quote, "send").await;
    let (status, body) = app
        .post_as(&staff, "/api/admin/order/save", &pairs(&edited))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "state").as_deref(),
        Some("error-document-state")
    );
    let (status, body) = app
        .post_as(
            &staff,
            "/api/admin/order/act",
            &[("id", &quote.to_string()), ("action", "invoice")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a quotation is not invoiced: {body}"
    );

    // Confirmed, invoiced once, posted.
    act(&app, &staff, "order", quote, "confirm").await;
    let order = staff_order(&app, &staff, quote).await;
    assert_eq!(
        (order["state"].clone(), order["is_quotation"].clone()),
        (json!("confirmed"), json!(false))
    );
    let invoice = act(&app, &staff, "order", quote, "invoice").await;
    let (status, body) = app
        .post_as(
            &staff,
            "/api/admin/order/act",
            &[("id", &quote.to_string()), ("action", "invoice")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_message(&body, "state").as_deref(),
        Some("error-already-invoiced")
    );
    let draft = staff_invoice(&app, &staff, invoice).await;
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["lines"], expected_lines);
    assert_eq!(draft["totals"], expected_totals);
    assert_eq!(draft["order"][0], quote);
    let (status, body) = pay(&app, &staff, invoice, "1").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a draft is not paid: {body}"
    );
    assert_eq!(
        field_message(&body, "state").as_deref(),
        Some("error-document-state")
    );
    act(&app, &staff, "invoice", invoice, "post").await;
    let edit_invoice = document_form(Some(invoice), acme_id, &today, "", "RON", &lines);
    let (status, body) = app
        .post_as(&staff, "/api/admin/invoice/save", &pairs(&edit_invoice))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "state").as_deref(),
        Some("error-document-state")
    );

    // Paid in part: 10.00 of 38.67.
    let (status, body) = pay(&app, &staff, invoice, "10,00").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let partial = staff_invoice(&app, &staff, invoice).await;
    assert_eq!(partial["payment_state"], "partial");
    assert_eq!(
        (partial["paid"].clone(), partial["due"].clone()),
        (json!(1000), json!(2867))
    );
    assert_eq!(partial["status"], "Partial");
    // The customer reads the same.
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let seen = ok(
        &app,
        &maria,
        "/api/my/invoice",
        &[("id", &invoice.to_string())],
    )
    .await;
    assert_eq!(
        (seen["due"].clone(), seen["totals"].clone()),
        (json!(2867), expected_totals.clone())
    );
    let (status, body) = app
        .post_as(
            &staff,
            "/api/admin/invoice/act",
            &[("id", &invoice.to_string()), ("action", "cancel")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a paid-on invoice is not cancelled: {body}"
    );

    // More than is due: refused, nothing written.
    let before = app.snapshot().await;
    let (status, body) = pay(&app, &staff, invoice, "28.68").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_message(&body, "amount").as_deref(),
        Some("error-more-than-due")
    );
    for amount in ["0", "-1", "abc"] {
        let (status, body) = pay(&app, &staff, invoice, amount).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{amount}: {body}");
        assert_eq!(
            field_message(&body, "amount").as_deref(),
            Some("error-amount"),
            "{amount}"
        );
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused payment writes nothing"
    );

    // The rest: paid.
    let (status, body) = pay(&app, &staff, invoice, "28.67").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let paid = staff_invoice(&app, &staff, invoice).await;
    assert_eq!(paid["payment_state"], "paid");
    assert_eq!(paid["status"], "Paid");
    assert_eq!(
        (paid["paid"].clone(), paid["due"].clone()),
        (json!(3867), json!(0))
    );
    let amounts: Vec<i64> = paid["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"]["minor"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [1000, 2867]);
    let (status, _) = pay(&app, &staff, invoice, "0.01").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing more is due"
    );
    let page = ok(&app, &staff, "/api/admin/payments", &[("filter[view]", "")]).await;
    assert_eq!(page["payments"][0]["paid_for"][1], invoice);
    assert_eq!(
        page["payments"][0]["amount"],
        json!({"minor": 2867, "currency": "Ron"})
    );
    assert_eq!(page["payments"][0]["customer"], "ACME Distribution SRL");
}

async fn parallel_payments_never_exceed_the_total(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_and_staff(&app).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let invoice = new_invoice(
        &app,
        &staff,
        acme(&app).await,
        "RON",
        &[["Consultanță", "4", "25", "", ""]],
    )
    .await;
    act(&app, &staff, "invoice", invoice, "post").await;
    let total = staff_invoice(&app, &staff, invoice).await["totals"]["total"]
        .as_i64()
        .unwrap();
    assert_eq!(total, 10_000);

    let today = today();
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let browser = staff.clone();
            let url = app.url("/api/admin/payment/record");
            let origin = app.address.clone();
            let id = invoice.to_string();
            let today = today.clone();
            tokio::spawn(async move {
                let reference = format!("parallel {i}");
                browser
                    .post(url)
                    .header(header::ORIGIN, origin)
                    .form(&[
                        ("invoice_id", id.as_str()),
                        ("payment[amount]", "25.00"),
                        ("payment[method]", "card"),
                        ("payment[received_on]", today.as_str()),
                        ("payment[reference]", reference.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let accepted = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((accepted, refused), (4, 8), "{statuses:?}");
    let paid: i64 = scalar_i64(
        &app,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments WHERE invoice_id = $1",
        invoice,
    )
    .await;
    let rows: i64 = scalar_i64(
        &app,
        "SELECT COUNT(*) FROM payments WHERE invoice_id = $1",
        invoice,
    )
    .await;
    let (amount_paid, payment_state): (i64, String) =
        sqlx::query_as("SELECT amount_paid, payment_state FROM invoices WHERE id = $1")
            .bind(invoice)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (paid, rows, amount_paid, payment_state.as_str()),
        (total, 4, total, "paid")
    );
}

/// The follow button is a form that works before the client has started:
/// the page's HTML itself says which way it switches.
async fn the_follow_form_names_its_next_state_in_the_page(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    let acme = acme_and_staff(&app).await;
    let order = app
        .order_for(acme)
        .line("Transpalet manual 2,5 t", 2, 189_000)
        .confirmed()
        .await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let page = format!("/my/orders/{order}");
    let (status, html) = get_raw(&app, &maria, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="follow" value="true""#), "{html}");
    let (status, _) = raw(
        &app,
        &maria,
        "/api/my/follow",
        &[
            ("document", "Order"),
            ("id", &order.to_string()),
            ("follow", "true"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, html) = get_raw(&app, &maria, &page).await;
    assert!(html.contains(r#"name="follow" value="false""#), "{html}");
}

async fn followers_are_emailed_in_their_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = app.login_from_new_browser(STAFF).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let acme_id = acme(&app).await;
    // Maria's language as the emails read it: her own preference, else her
    // contact's. The demo gives her neither (ACME the company is 'ro', but
    // a follower's language is the person's), so English.
    let lang: Option<String> = sqlx::query_scalar(
        "SELECT COALESCE(u.lang, c.lang) FROM users u JOIN contacts c ON c.id = u.contact_id WHERE u.login = $1",
    )
    .bind(CUSTOMER.0)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(lang, None);
    let mails = || async {
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT to_address, subject, body_text FROM mail_outbox WHERE kind = 'document_update' ORDER BY id",
        )
        .fetch_all(&app.pool)
        .await
        .unwrap()
    };

    let order = new_order(
        &app,
        &staff,
        acme_id,
        "RON",
        &[["Cântar platformă", "1", "1234,5", "", "19"]],
    )
    .await;
    act(&app, &staff, "order", order, "send").await;
    let reference = staff_order(&app, &staff, order).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        ok(
            &app,
            &maria,
            "/api/my/follow",
            &[
                ("document", "Order"),
                ("id", &order.to_string()),
                ("follow", "true")
            ]
        )
        .await,
        json!(true)
    );
    assert_eq!(
        ok(&app, &maria, "/api/my/order", &[("id", &order.to_string())]).await["following"],
        true
    );
    act(&app, &staff, "order", order, "confirm").await;
    let sent = mails().await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, CUSTOMER.0);
    assert_eq!(sent[0].1, format!("Order {reference} confirmed"));
    // 1 234.50 + 19 % = 1 469.06
    assert!(sent[0].2.contains("RON 1,469.06"), "{}", sent[0].2);

    // Maria chooses Romanian: what follows reaches her in Romanian.
    ok(&app, &maria, "/api/i18n/language", &[("lang", "ro")]).await;
    let invoice = act(&app, &staff, "order", order, "invoice").await;
    assert_eq!(mails().await.len(), 1, "a draft invoice is not announced");
    act(&app, &staff, "invoice", invoice, "post").await;
    let number = staff_invoice(&app, &staff, invoice).await["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = mails().await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(
        (sent[1].0.as_str(), sent[1].1.clone()),
        (CUSTOMER.0, format!("Factură nouă {number}"))
    );
    assert!(sent[1].2.contains("1.469,06 RON"), "{}", sent[1].2);

    ok(
        &app,
        &maria,
        "/api/my/follow",
        &[
            ("document", "Invoice"),
            ("id", &invoice.to_string()),
            ("follow", "true"),
        ],
    )
    .await;
    let (status, body) = pay(&app, &staff, invoice, "100").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sent = mails().await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert_eq!(
        (sent[2].0.as_str(), sent[2].1.clone()),
        (CUSTOMER.0, format!("Plată primită pentru {number}"))
    );
    assert!(sent[2].2.contains("100,00 RON"), "{}", sent[2].2);

    // Connection preferences: document updates off, and nothing comes
    // while following; on again, and they come again.
    for (wanted, expected) in [(false, 3), (true, 4)] {
        let mut form = vec![
            ("preferences[lang]", "ro"),
            ("preferences[time_zone]", "Europe/Bucharest"),
        ];
        if wanted {
            form.push(("preferences[document_updates]", "on"));
        }
        let (status, body) = app.post_as(&maria, "/api/preferences/save", &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = pay(&app, &staff, invoice, "10").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            mails().await.len(),
            expected,
            "document updates wanted: {wanted}"
        );
    }

    // Unfollowed: no more mail.
    assert_eq!(
        ok(
            &app,
            &maria,
            "/api/my/follow",
            &[
                ("document", "Invoice"),
                ("id", &invoice.to_string()),
                ("follow", "false")
            ]
        )
        .await,
        json!(false)
    );
    assert_eq!(
        ok(
            &app,
            &maria,
            "/api/my/invoice",
            &[("id", &invoice.to_string())]
        )
        .await["following"],
        false
    );
    let (status, body) = pay(&app, &staff, invoice, "50").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        mails().await.len(),
        4,
        "an unfollowed invoice sends nothing"
    );
}

/// The text of a PDF, as `pdftotext -layout` reads it.
fn pdf_text(app: &TestApp, bytes: &[u8], name: &str) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = app.data_dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

async fn the_invoice_pdf_has_the_number_total_and_customer(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    let acme = acme_and_staff(&app).await;
    let own = app
        .invoice_for(acme)
        .line("Abonament suport", 1, 49_900)
        .posted()
        .await;
    let staff = app.login_from_new_browser(STAFF).await;
    let company = id_of(
        &ok(
            &app,
            &staff,
            "/api/admin/contacts/save",
            &[
                ("contact[kind]", "company"),
                ("contact[name]", "Țesătoria Mureș SRL"),
                ("contact[email]", "office@tesatoria.example"),
                ("contact[street]", "Strada Gheorghe Doja 5"),
                ("contact[city]", "Târgu Mureș"),
                ("contact[zip]", "540001"),
                ("contact[country]", "RO"),
            ],
        )
        .await,
    );
    // 1 037.45 + 19 % (197.1155 → 197.12) = 1 234.57
    let invoice = new_invoice(
        &app,
        &staff,
        company,
        "RON",
        &[["Consultanță și instalare", "1", "1037,45", "", "19"]],
    )
    .await;
    act(&app, &staff, "invoice", invoice, "post").await;
    let view = staff_invoice(&app, &staff, invoice).await;
    assert_eq!(view["totals"]["total"], 123_457);
    let number = view["number"].as_str().unwrap().to_owned();

    for (language, total) in [("ro", "1.234,57 RON"), ("en", "RON 1,234.57")] {
        let response = staff
            .get(app.url(&format!("/admin/invoices/{invoice}/pdf")))
            .header(header::ACCEPT_LANGUAGE, language)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
        let disposition = headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_owned();
        let file = disposition
            .strip_prefix("attachment; filename=\"")
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{disposition}"));
        assert_eq!(file, format!("{}.pdf", number.replace('/', "-")));
        assert!(file.starts_with("INV-") && file.ends_with(".pdf"), "{file}");
        assert!(
            file.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{file}"
        );
        let bytes = response.bytes().await.unwrap();
        let text = pdf_text(&app, &bytes, &format!("invoice-{language}.pdf"));
        for expected in [
            number.as_str(),
            total,
            "Țesătoria Mureș SRL",
            "Consultanță și instalare",
        ] {
            assert!(
                text.contains(expected),
                "{language}: {expected:?} in\n{text}"
            );
        }
    }

    // The customer's own invoice, from the portal.
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let own_number: String = sqlx::query_scalar("SELECT number FROM invoices WHERE id = $1")
        .bind(own)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let response = maria
        .get(app.url(&format!("/my/invoices/{own}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/pdf");
    let text = pdf_text(&app, &response.bytes().await.unwrap(), "own.pdf");
    assert!(text.contains("ACME Distribution SRL"), "{text}");
    assert!(text.contains(&own_number), "{own_number} in {text}");
    assert!(!text.contains("Țesătoria"), "{text}");
}

async fn lists_page_by_keyset_and_sort(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let acme_id = acme(&app).await;
    // 60 posted invoices over nine days with seven amounts: many ties, so
    // the id decides between equal keys.
    for i in 0..60_i64 {
        let draft = DocumentDraft {
            customer_id: acme_id,
            date: ago(i % 9),
            until: None,
            currency: Currency::Ron,
            note: String::new(),
            lines: vec![(
                format!("Paleți lot {i}"),
                LineTerms {
                    quantity_milli: 1_000,
                    unit_price: (i % 7 + 1) * 10_000,
                    discount_bp: 0,
                    tax_bp: 0,
                },
            )],
        };
        let id = save_invoice(&app.pool, None, &draft).await.unwrap();
        act_on_invoice(&app.pool, "", id, InvoiceAction::Post)
            .await
            .unwrap();
    }
    // What the portal must show: ACME's invoices that are not drafts.
    let visible: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, number, invoice_date, amount_total, payment_state FROM invoices WHERE customer_id = $1 AND state <> 'draft'",
    )
    .bind(acme_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(visible.len(), 65);
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let path = "/api/my/documents";

    let mut by_date = visible.clone();
    by_date.sort_by(|a, b| (&b.2, b.0).cmp(&(&a.2, a.0)));
    let mut by_amount = visible.clone();
    by_amount.sort_by_key(|a| (a.3, a.0));
    let mut by_reference = visible.clone();
    by_reference.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    // By state: the payment state, A to Z unless told otherwise.
    let mut by_state = visible.clone();
    by_state.sort_by(|a, b| (&a.4, a.0).cmp(&(&b.4, b.0)));
    for (sort, direction, expected) in [
        ("date", "desc", &by_date),
        ("date", "", &by_date),
        ("amount", "asc", &by_amount),
        ("reference", "asc", &by_reference),
        ("state", "", &by_state),
    ] {
        let args = ListArgs {
            sort,
            direction,
            ..list_of("invoices")
        };
        let pages = walk(&app, &maria, path, args).await;
        let expected_ids: Vec<i64> = expected.iter().map(|v| v.0).collect();
        assert_eq!(
            ids(&pages),
            expected_ids,
            "{sort} {direction}: every row once, in order"
        );
        assert_eq!(pages.len(), 3, "{sort}: 25 + 25 + 15");
        assert!(pages
            .iter()
            .all(|p| p["rows"].as_array().unwrap().len() <= 25));
        assert!(
            pages[1..].iter().all(|p| p["previous"].is_string()),
            "{sort}: later pages lead back"
        );

        // Back from the last page with `before`: the same pages.
        let mut index = pages.len() - 1;
        let mut cursor = pages[index]["previous"].as_str().unwrap().to_owned();
        loop {
            index -= 1;
            let page = list_page(&app, &maria, path, args, "", &cursor).await;
            assert_eq!(
                ids(std::slice::from_ref(&page)),
                ids(&[pages[index].clone()]),
                "{sort}: page {index} walking back"
            );
            assert!(
                page["next"].is_string(),
                "{sort}: a page walked back to leads forward"
            );
            match page["previous"].as_str() {
                Some(previous) => cursor = previous.to_owned(),
                None => break,
            }
        }
        assert_eq!(index, 0, "{sort}: walking back ends on the first page");
    }

    // Searching by the start of a number narrows; case does not matter.
    let sample = &by_reference[20].1;
    let prefix = &sample[..sample.len() - 1];
    let mut matching: Vec<i64> = visible
        .iter()
        .filter(|v| v.1.starts_with(prefix))
        .map(|v| v.0)
        .collect();
    matching.sort();
    assert!(
        !matching.is_empty() && matching.len() < visible.len(),
        "{prefix}: {matching:?}"
    );
    for search in [prefix.to_owned(), prefix.to_lowercase()] {
        let mut found = ids(&walk(
            &app,
            &maria,
            path,
            ListArgs {
                search: &search,
                sort: "reference",
                direction: "asc",
                ..list_of("invoices")
            },
        )
        .await);
        found.sort();
        assert_eq!(found, matching, "search {search:?}");
    }
    for (search, count) in [("INV/", 65), ("inv/", 65), ("INV/1999/", 0), ("S0", 0)] {
        let found = ids(&walk(
            &app,
            &maria,
            path,
            ListArgs {
                search,
                ..list_of("invoices")
            },
        )
        .await);
        assert_eq!(found.len(), count, "search {search:?}");
    }
}

/// The customer's Details form changes the contact's email, never the
/// login; addresses are the customer's own: another company's is 404, the
/// main one has no id to remove, and bad fields are named.
async fn details_and_addresses_stay_the_customers_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.add_other_company().await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let details = [
        ("details[name]", "Maria Popescu"),
        ("details[email]", "maria.popescu@acme.example"),
        ("details[phone]", "+40 722 000 111"),
        ("details[street]", "Strada Viitorului 5"),
        ("details[city]", "București"),
        ("details[zip]", "020000"),
        ("details[country]", "RO"),
    ];
    let (status, _) = app.post_as(&maria, "/api/my/details/save", &details).await;
    assert_eq!(status, StatusCode::OK);
    let (email, login): (String, String) = sqlx::query_as(
        "SELECT c.email, u.login FROM users u JOIN contacts c ON c.id = u.contact_id WHERE u.login = $1",
    )
    .bind(CUSTOMER.0)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(email, "maria.popescu@acme.example");
    assert_eq!(login, CUSTOMER.0, "the login stays");
    // Still logs in with the old address.
    app.login_from_new_browser(CUSTOMER).await;
    let before = app.snapshot().await;
    let (status, body) = app
        .post_as(
            &maria,
            "/api/my/details/save",
            &[("details[name]", ""), ("details[email]", "not-an-email")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&body, "name").is_some() && field_message(&body, "email").is_some());
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused form writes nothing"
    );

    let address = |name: &'static str, country: &'static str| {
        vec![
            ("address[kind]", "billing"),
            ("address[name]", name),
            ("address[street]", "Calle Mayor 1"),
            ("address[city]", "Madrid"),
            ("address[zip]", "28001"),
            ("address[country]", country),
        ]
    };
    let (status, body) = app
        .post_as(&maria, "/api/my/addresses/save", &address("Oficina", "XX"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_message(&body, "country").is_some());
    let mine = id_of(
        &ok(
            &app,
            &maria,
            "/api/my/addresses/save",
            &address("Oficina", "ES"),
        )
        .await,
    );
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    let theirs = id_of(
        &ok(
            &app,
            &lucia,
            "/api/my/addresses/save",
            &address("Almacén", "ES"),
        )
        .await,
    );
    let listed = ok(&app, &maria, "/api/my/addresses", &[]).await.to_string();
    assert!(listed.contains("Oficina") && !listed.contains("Almacén"));
    assert!(
        listed.contains("\"kind\":\"main\""),
        "the main address comes first"
    );
    let theirs_text = theirs.to_string();
    let missing = (StatusCode::NOT_FOUND, 999_999.to_string());
    for (path, id) in [
        ("/api/my/addresses/remove", &theirs_text),
        ("/api/my/addresses/remove", &missing.1),
    ] {
        let (status, _) = app.post_as(&maria, path, &[("id", id.as_str())]).await;
        assert_eq!(status, missing.0);
    }
    let mut change = address("Oficina nueva", "ES");
    change.push(("id", &theirs_text));
    let (status, _) = app.post_as(&maria, "/api/my/addresses/save", &change).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT COUNT(*) FROM addresses WHERE id = $1 AND name = 'Almacén'",
            theirs
        )
        .await,
        1
    );
    ok(
        &app,
        &maria,
        "/api/my/addresses/remove",
        &[("id", &mine.to_string())],
    )
    .await;
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM addresses WHERE id = $1", mine).await,
        0
    );
}

on_both_databases!(
    the_follow_form_names_its_next_state_in_the_page,
    the_home_counts_match_the_demo_history,
    another_companys_documents_answer_like_missing_ones,
    customers_cannot_change_documents,
    staff_make_a_quotation_confirm_invoice_post_and_get_paid,
    parallel_payments_never_exceed_the_total,
    followers_are_emailed_in_their_language,
    the_invoice_pdf_has_the_number_total_and_customer,
    lists_page_by_keyset_and_sort,
    details_and_addresses_stay_the_customers_own,
);
