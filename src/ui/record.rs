//! A page that shows one record named by the `:id` in its address (a
//! document, a contact, a user): reading that id, and what the page draws
//! when the record can't be shown. The answer's status follows what is
//! drawn, which is why those routes render `SsrMode::Async` in `app.rs`:
//! the status line waits for the record.

use super::{ErrorAlert, NotFoundInFrame, PageTitle};
use crate::{error::AppError, i18n::use_i18n, t};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The record the address's `:id` names: `Ok(None)` on an address without
/// one (`…/new`). Text that is not a number names no record: a 404, like a
/// missing one (never the empty form of `…/new`).
pub fn address_id() -> Memo<Result<Option<i64>, AppError>> {
    let params = use_params_map();
    Memo::new(move |_| match params.read().get("id") {
        None => Ok(None),
        Some(id) => id.parse().map(Some).map_err(|_| AppError::NotFound),
    })
}

/// The id of a page that always names a record.
pub fn required_id(id: Result<Option<i64>, AppError>) -> Result<i64, AppError> {
    id?.ok_or(AppError::NotFound)
}

/// What a record's page draws when its record could not be loaded: a
/// record that is not there (or not the reader's) gets the not-found page,
/// one the reader may not open the access-denied page, each inside the
/// frame and with its status; anything else an alert on the page.
#[component]
pub fn RecordError(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound => view! { <NotFoundInFrame/> }.into_any(),
        AppError::Forbidden => view! { <ForbiddenInFrame/> }.into_any(),
        other => view! { <ErrorAlert error=Some(other)/> }.into_any(),
    }
}

/// A 403 inside an area's frame: the words of `Forbidden`, without a
/// second `<main>`.
#[component]
fn ForbiddenInFrame() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle id="forbidden-title"/>
        <section class="error-page in-frame">
            <p class="error-code">"403"</p>
            <h1>{t!(i18n, "forbidden-title")}</h1>
            <p>{t!(i18n, "forbidden-text")}</p>
        </section>
    }
}
