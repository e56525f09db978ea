//! A customer sees its own commercial entity and nothing else: through the
//! portal's server functions, through the storage functions every portal
//! query uses, and through plain routes guarded by `context::extract::Caller`.
//! Two companies, made by the test itself, on SQLite and PostgreSQL.

mod common;

use axum::{
    extract::{Path, State},
    routing::get,
    Json, Router,
};
use common::*;
use portico::{
    access::{level, CustomerScope},
    contacts::{store, ContactDetails},
    context::{extract::Caller, AppState},
    error::AppError,
};
use reqwest::{header, StatusCode};

/// ACME Distribution SRL with two of its people: Maria Popescu, who signs
/// in to the portal, and Ion Vasilescu, who does not. Answers ACME's id.
async fn acme_with_maria_and_ion(app: &TestApp) -> i64 {
    let acme = app.company("ACME Distribution SRL").create().await;
    app.person("Maria Popescu")
        .of(acme)
        .portal_user(CUSTOMER)
        .create()
        .await;
    app.person("Ion Vasilescu").of(acme).create().await;
    acme
}

async fn each_customer_reads_only_its_own_details(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_with_maria_and_ion(&app).await;
    app.add_other_company().await;
    app.login_ok(CUSTOMER).await;
    let maria: ContactDetails = app.call("/api/my/details", &[]).await.json().await.unwrap();
    assert_eq!(maria.name, "Maria Popescu");
    assert_eq!(maria.company.as_deref(), Some("ACME Distribution SRL"));

    let other = app.login_from_new_browser(OTHER_CUSTOMER).await;
    let body = other
        .post(app.url("/api/my/details"))
        .header(header::ORIGIN, &app.address)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Lucía García") && body.contains("Iberia Foods SL"));
    assert!(!body.contains("ACME") && !body.contains("Maria"));
}

async fn another_companys_contact_is_not_found_like_a_missing_one(backend: Backend) {
    let app = TestApp::spawn_empty(backend).await;
    acme_with_maria_and_ion(&app).await;
    // A private customer: her own entity, outside ACME's.
    app.person("Ana Ionescu").create().await;
    let other = app.add_other_company().await;
    let acme_id = app.contact_id("ACME Distribution SRL").await;
    let acme = CustomerScope::of_commercial_entity(
        store::commercial_entity_of(&app.pool, app.contact_id("Maria Popescu").await)
            .await
            .unwrap(),
    );
    assert_eq!(
        acme.commercial_entity_id(),
        acme_id,
        "a person's entity is its company"
    );
    assert_eq!(
        store::commercial_entity_of(&app.pool, acme_id)
            .await
            .unwrap(),
        acme_id,
        "a company is its own entity"
    );

    // Inside the scope: the company, and each of its people.
    for name in ["ACME Distribution SRL", "Maria Popescu", "Ion Vasilescu"] {
        let id = app.contact_id(name).await;
        assert_eq!(
            store::find_in_scope(&app.pool, acme, id)
                .await
                .unwrap()
                .name,
            name
        );
    }
    // Outside it: exactly what a missing id answers.
    for id in [
        other.company_id,
        other.person_id,
        app.contact_id("Ana Ionescu").await,
        987_654,
    ] {
        let refused = store::find_in_scope(&app.pool, acme, id).await.unwrap_err();
        assert_eq!(AppError::from(refused), AppError::NotFound, "contact {id}");
    }
}

/// A download in the shape every plain route takes: the caller admitted at
/// its level, the row read through the caller's scope.
async fn contact_card(
    Caller(customer): Caller<level::Customer>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ContactDetails>, AppError> {
    Ok(Json(
        store::find_in_scope(&state.pool, customer.scope, id).await?,
    ))
}

async fn staff_only(Caller(user): Caller<level::Staff>) -> String {
    user.name
}

fn guarded_routes() -> Router<AppState> {
    Router::new()
        .route("/downloads/contacts/{id}", get(contact_card))
        .route("/downloads/staff", get(staff_only))
}

async fn plain_routes_apply_the_same_access_and_scope(backend: Backend) {
    let app = TestApp::spawn_empty_with_routes(backend, guarded_routes()).await;
    acme_with_maria_and_ion(&app).await;
    app.person("Radu Stan").staff(STAFF).create().await;
    let other = app.add_other_company().await;
    let ion = app.contact_id("Ion Vasilescu").await;
    let card = |id: i64| format!("/downloads/contacts/{id}");

    // Anonymous: a browser is sent to log in and back; a script gets 401.
    let browser_visit = app
        .client
        .get(app.url(&card(ion)))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(browser_visit.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&browser_visit),
        Some(format!("/login?next=%2Fdownloads%2Fcontacts%2F{ion}"))
    );
    let fetched = app.get(&card(ion)).await;
    assert_eq!(fetched.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(fetched.text().await.unwrap(), "\"Unauthenticated\"");

    // The wrong role: 403, either way round.
    app.login_ok(CUSTOMER).await;
    let refused = app.get("/downloads/staff").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let staff = app.login_from_new_browser(STAFF).await;
    let staff_card = staff.get(app.url(&card(ion))).send().await.unwrap();
    assert_eq!(staff_card.status(), StatusCode::FORBIDDEN);
    let staff_page = staff.get(app.url("/downloads/staff")).send().await.unwrap();
    assert_eq!(staff_page.text().await.unwrap(), "Radu Stan");

    // The customer's own company: found. Another company's: 404, word for
    // word what a missing id answers.
    let own = app.get(&card(ion)).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.text().await.unwrap().contains("Ion Vasilescu"));
    let missing = app.get(&card(987_654)).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing_body = missing.text().await.unwrap();
    for id in [other.company_id, other.person_id] {
        let theirs = app.get(&card(id)).await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        let body = theirs.text().await.unwrap();
        assert_eq!(body, missing_body);
        assert!(!body.contains("Iberia"));
    }
}

on_both_databases!(
    each_customer_reads_only_its_own_details,
    another_companys_contact_is_not_found_like_a_missing_one,
    plain_routes_apply_the_same_access_and_scope,
);
