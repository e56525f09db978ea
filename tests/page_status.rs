//! Pages answer the status they show (issue 22, point 12): a page that
//! draws "not found" answers 404, whether the record is missing, another
//! company's or named by something that is not an id, and a page that
//! shows its record answers 200; the `<title>` says the same thing on
//! every request. Monitoring, crawlers and scripts read the status.

mod common;

use common::*;
use reqwest::{Client, StatusCode};

/// Every page address with an `:id`, in the router's own spelling. The
/// list was built from `generate_route_list(App)`, the listing the server
/// mounts its pages from; `every_page_with_an_id_is_checked` fails when a
/// route with a parameter is added to `src/app.rs` and not here.
const PORTAL_PAGES: &[&str] = &[
    "/my/orders/{id}",
    "/my/orders/{id}/pay",
    "/my/invoices/{id}",
    "/my/invoices/{id}/pay",
    "/my/subscriptions/{id}",
    "/my/subscriptions/{id}/renewal",
];
const BACKOFFICE_PAGES: &[&str] = &[
    "/admin/contacts/{id}",
    "/admin/users/{id}",
    "/admin/orders/{id}",
    "/admin/invoices/{id}",
    "/admin/subscriptions/{id}",
];
/// Addresses whose parameter is an emailed link's token, not a record's
/// id: an unknown token is an answer of the form on the page (the link
/// expired), tested in tests/reset.rs and tests/portal_access.rs.
const TOKEN_PAGES: &[&str] = &["/reset-password/{token}", "/invite/{token}"];

const NOT_FOUND_TITLE: &str = "Page not found · Portico";
/// Far above any id the tests make.
const MISSING: &str = "987654321";

/// Every page with a parameter in `src/app.rs` is in this file's lists.
fn every_page_with_an_id_is_checked() {
    let mut with_parameter: Vec<String> = leptos_axum::generate_route_list(portico::app::App)
        .iter()
        .map(|route| route.path().to_owned())
        .filter(|path| path.contains('{'))
        .collect();
    with_parameter.sort();
    let mut checked: Vec<String> = PORTAL_PAGES
        .iter()
        .chain(BACKOFFICE_PAGES)
        .chain(TOKEN_PAGES)
        .map(|path| (*path).to_owned())
        .collect();
    checked.sort();
    assert_eq!(
        with_parameter, checked,
        "a page with a parameter in src/app.rs must be in this file's lists"
    );
}

/// The text of the page's `<title>`.
fn title_of(html: &str) -> Option<&str> {
    let start = html.find("<title")?;
    let text = &html[start..];
    let text = &text[text.find('>')? + 1..];
    Some(&text[..text.find("</title>")?])
}

/// The page's content, for a failure's message.
fn main_of(html: &str) -> &str {
    html.find("<main").map_or(html, |start| &html[start..])
}

/// Opens `path` from `browser` five times: every answer has `status` and
/// the title `title`.
async fn expect_page(app: &TestApp, browser: &Client, path: &str, status: StatusCode, title: &str) {
    for attempt in 1..=5 {
        let response = browser.get(app.url(path)).send().await.unwrap();
        let got = response.status();
        let html = response.text().await.unwrap();
        assert_eq!(
            (got, title_of(&html)),
            (status, Some(title)),
            "{path} (request {attempt})"
        );
        if status == StatusCode::NOT_FOUND {
            assert!(
                html.contains("<h1>Page not found"),
                "{path} answers 404 and must say so: {}",
                main_of(&html)
            );
        } else {
            assert!(!html.contains("Page not found"), "{path} answers {status}");
        }
    }
}

/// A page of the record `id`: the pattern with its `{id}` filled in.
fn page(pattern: &str, id: impl ToString) -> String {
    pattern.replace("{id}", &id.to_string())
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

/// ACME's (the demo customer's) documents, one of each page's kind: an
/// order and an invoice with something left to pay, and its subscription.
async fn acme_documents(app: &TestApp) -> [(&'static str, i64); 3] {
    let acme = app.contact_id("ACME Distribution SRL").await;
    let order = app
        .order_for(acme)
        .line("Pallet wrap", 3, 12_000)
        .confirmed()
        .await;
    let invoice = app
        .invoice_for(acme)
        .line("Pallet wrap", 3, 12_000)
        .posted()
        .await;
    let subscription = scalar(
        app,
        &format!("SELECT MIN(id) FROM subscriptions WHERE customer_id = {acme}"),
    )
    .await;
    [
        ("/my/orders/", order),
        ("/my/invoices/", invoice),
        ("/my/subscriptions/", subscription),
    ]
}

/// The title each portal page shows with its record.
fn portal_title(pattern: &str) -> &'static str {
    match pattern {
        "/my/orders/{id}" => "Order · Portico",
        "/my/invoices/{id}" => "Invoice · Portico",
        "/my/subscriptions/{id}" => "Subscription · Portico",
        "/my/orders/{id}/pay" | "/my/invoices/{id}/pay" => "Pay an invoice · Portico",
        "/my/subscriptions/{id}/renewal" => "Subscription renewal · Portico",
        other => panic!("no title known for {other}"),
    }
}

async fn portal_pages_answer_the_status_they_show(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.add_other_company().await;
    let documents = acme_documents(&app).await;
    let id_of = |pattern: &str| {
        documents
            .iter()
            .find(|(prefix, _)| pattern.starts_with(prefix))
            .map(|(_, id)| *id)
            .unwrap()
    };
    let maria = app.login_from_new_browser(CUSTOMER).await;
    let lucia = app.login_from_new_browser(OTHER_CUSTOMER).await;
    for pattern in PORTAL_PAGES {
        let own = page(pattern, id_of(pattern));
        expect_page(&app, &maria, &own, StatusCode::OK, portal_title(pattern)).await;
        // Another company's document answers like a missing one.
        expect_page(&app, &lucia, &own, StatusCode::NOT_FOUND, NOT_FOUND_TITLE).await;
        for id in [MISSING, "abc", "0", "-1"] {
            let path = page(pattern, id);
            expect_page(&app, &maria, &path, StatusCode::NOT_FOUND, NOT_FOUND_TITLE).await;
        }
    }
}

/// The title each back-office page shows with its record.
fn backoffice_title(pattern: &str) -> &'static str {
    match pattern {
        "/admin/contacts/{id}" => "Contact · Portico",
        "/admin/users/{id}" => "User · Portico",
        "/admin/orders/{id}" => "Order · Portico",
        "/admin/invoices/{id}" => "Invoice · Portico",
        "/admin/subscriptions/{id}" => "Subscription · Portico",
        other => panic!("no title known for {other}"),
    }
}

async fn backoffice_pages_answer_the_status_they_show(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let [(_, order), (_, invoice), (_, subscription)] = acme_documents(&app).await;
    let contact = app.contact_id("ACME Distribution SRL").await;
    let user = scalar(
        &app,
        &format!("SELECT id FROM users WHERE login = '{}'", STAFF.0),
    )
    .await;
    let admin = app.login_from_new_browser(ADMIN).await;
    for pattern in BACKOFFICE_PAGES {
        let id = match *pattern {
            "/admin/contacts/{id}" => contact,
            "/admin/users/{id}" => user,
            "/admin/orders/{id}" => order,
            "/admin/invoices/{id}" => invoice,
            _ => subscription,
        };
        let title = backoffice_title(pattern);
        expect_page(&app, &admin, &page(pattern, id), StatusCode::OK, title).await;
        for id in [MISSING, "abc", "0", "-1"] {
            let path = page(pattern, id);
            expect_page(&app, &admin, &path, StatusCode::NOT_FOUND, NOT_FOUND_TITLE).await;
        }
    }
    // `…/new` is no id: the empty form.
    for new in [
        "/admin/contacts/new",
        "/admin/orders/new",
        "/admin/invoices/new",
        "/admin/subscriptions/new",
    ] {
        let response = admin.get(app.url(new)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{new}");
    }
}

async fn an_address_no_route_knows_answers_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    for path in ["/nowhere", "/my/nowhere", "/my/invoices/1/nowhere"] {
        let response = maria.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = response.text().await.unwrap();
        assert_eq!(title_of(&html), Some(NOT_FOUND_TITLE), "{path}");
    }
}

/// One test, its scenarios one after the other on one runtime, as the
/// server runs: as parallel tests (a runtime each, in one process) a page
/// rendered `Async` now and then never answered (4 runs in 10 hung, on
/// either database; 0 in 10 with one runtime; a real server took 1 800
/// parallel requests to these pages without one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_the_status_they_show() {
    every_page_with_an_id_is_checked();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        portal_pages_answer_the_status_they_show(backend).await;
        backoffice_pages_answer_the_status_they_show(backend).await;
        an_address_no_route_knows_answers_404(backend).await;
    }
}
