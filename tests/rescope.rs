//! What follows a scope when staff move things between customers: a
//! person moved to another company stops following the old company's
//! documents; a subscription given to another customer keeps neither the
//! old customer's renewing method nor followers outside the new customer.
//! On SQLite and PostgreSQL, through the back office's own forms.

mod common;

use common::*;
use reqwest::{Client, StatusCode};

struct Scene {
    app: TestApp,
    staff: Client,
    maria: Client,
    acme: i64,
    maria_id: i64,
    iberia: OtherCompany,
}

/// ACME with Maria (portal user), Iberia with Lucía, and a member of staff.
async fn scene(backend: Backend) -> Scene {
    let app = TestApp::spawn_empty(backend).await;
    let acme = app.acme_with_maria().await;
    let maria_id = app.contact_id("Maria Popescu").await;
    let iberia = app.add_other_company().await;
    app.person("Sorin Stan").staff(STAFF).create().await;
    let staff = app.login_from_new_browser(STAFF).await;
    let maria = app.login_from_new_browser(CUSTOMER).await;
    Scene {
        app,
        staff,
        maria,
        acme,
        maria_id,
        iberia,
    }
}

async fn follow(scene: &Scene, document: &str, id: i64) {
    let (status, body) = scene
        .app
        .post_as(
            &scene.maria,
            "/api/my/follow",
            &[
                ("document", document),
                ("id", &id.to_string()),
                ("follow", "true"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn follows_of_maria(scene: &Scene) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT f.document, f.document_id FROM document_follows f JOIN users u ON u.id = f.user_id \
         WHERE u.login = $1 ORDER BY 1, 2",
    )
    .bind(CUSTOMER.0)
    .fetch_all(&scene.app.pool)
    .await
    .unwrap()
}

/// Saves Maria's contact as staff would, in company `company`.
async fn save_maria_in(scene: &Scene, company: i64) {
    let (status, body) = scene
        .app
        .post_as(
            &scene.staff,
            "/api/admin/contacts/save",
            &[
                ("id", &scene.maria_id.to_string()),
                ("contact[kind]", "individual"),
                ("contact[name]", "Maria Popescu"),
                ("contact[parent_id]", &company.to_string()),
                ("contact[email]", CUSTOMER.0),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Saves a monthly subscription for `customer` (new without `id`).
async fn save_subscription(scene: &Scene, id: Option<i64>, customer: i64) -> i64 {
    let id_text = id.map(|id| id.to_string()).unwrap_or_default();
    let mut form = vec![
        ("subscription[customer_id]", customer.to_string()),
        ("subscription[plan]", "Mentenanță lunară".to_owned()),
        ("subscription[amount]", "99,00".to_owned()),
        ("subscription[currency]", "RON".to_owned()),
        ("subscription[period]", "month".to_owned()),
        (
            "subscription[start_date]",
            portico::documents::store::today(),
        ),
        ("subscription[next_invoice_date]", String::new()),
    ];
    if id.is_some() {
        form.push(("id", id_text));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = scene
        .app
        .post_as(&scene.staff, "/api/admin/subscription/save", &form)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_i64().expect("the subscription's id")
}

async fn renewing_method(scene: &Scene, subscription: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT payment_method_id FROM subscriptions WHERE id = $1")
        .bind(subscription)
        .fetch_one(&scene.app.pool)
        .await
        .unwrap()
}

async fn a_person_moved_to_another_company_stops_following_the_old_ones_documents(
    backend: Backend,
) {
    let scene = scene(backend).await;
    let invoice = scene
        .app
        .invoice_for(scene.acme)
        .line("Consultanță", 4, 2_500)
        .posted()
        .await;
    let subscription = save_subscription(&scene, None, scene.acme).await;
    follow(&scene, "Invoice", invoice).await;
    follow(&scene, "Subscription", subscription).await;
    let followed = vec![
        ("invoice".to_owned(), invoice),
        ("subscription".to_owned(), subscription),
    ];

    // Saved in the same company, she keeps what she follows.
    save_maria_in(&scene, scene.acme).await;
    assert_eq!(follows_of_maria(&scene).await, followed);

    // Moved to Iberia, she follows nothing of ACME's (whose emails go to
    // followers only).
    save_maria_in(&scene, scene.iberia.company_id).await;
    assert_eq!(follows_of_maria(&scene).await, []);
}

async fn a_subscription_given_to_another_customer_drops_the_old_ones_method_and_followers(
    backend: Backend,
) {
    let scene = scene(backend).await;
    let subscription = save_subscription(&scene, None, scene.acme).await;
    let visa = scene.app.payment_method_for(&scene.maria).add().await;
    let (status, body) = scene
        .app
        .post_as(
            &scene.maria,
            "/api/my/subscription/renewal/method",
            &[
                ("id", &subscription.to_string()),
                ("method_id", &visa.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    follow(&scene, "Subscription", subscription).await;

    // Saved for the same customer, the renewal and the followers stay.
    save_subscription(&scene, Some(subscription), scene.acme).await;
    assert_eq!(renewing_method(&scene, subscription).await, Some(visa));
    assert_eq!(follows_of_maria(&scene).await.len(), 1);

    save_subscription(&scene, Some(subscription), scene.iberia.company_id).await;
    assert_eq!(renewing_method(&scene, subscription).await, None);
    assert_eq!(follows_of_maria(&scene).await, []);
    // ACME's card may go now that nothing of ACME's renews with it.
    let (status, body) = scene
        .app
        .post_as(
            &scene.maria,
            "/api/my/payment-methods/remove",
            &[("id", &visa.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

on_both_databases!(
    a_person_moved_to_another_company_stops_following_the_old_ones_documents,
    a_subscription_given_to_another_customer_drops_the_old_ones_method_and_followers,
);
