//! Shared components: page frames, navigation, alerts, error pages. They
//! never import a feature: what a frame holds is passed in by its caller.

pub mod shell;

pub use shell::{AppFrame, NavItem, NavLinks};

use crate::{error::AppError, i18n::use_i18n, t};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page title, translated: "<title> · Portico".
#[component]
pub fn PageTitle(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("{} · Portico", i18n.tr(id))/> }
}

/// A placeholder while something loads.
#[component]
pub fn Skeleton() -> impl IntoView {
    view! { <div class="skeleton" aria-busy="true"></div> }
}

/// The frame of the pages anonymous visitors see (login, logout, passwords).
#[component]
pub fn AuthCard(
    title: &'static str,
    /// Under the card's content: the language switch.
    #[prop(into)]
    footer: ViewFn,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id=title/>
        <main id="main" class="auth-page">
            <div class="auth-card">
                <a class="brand" href="/login">
                    <img src="/icons/icon.svg" alt="" width="28" height="28"/>
                    <span>"Portico"</span>
                </a>
                <h1 class="auth-title">{t!(i18n, title)}</h1>
                {children()}
                <div class="auth-footer">{footer.run()}</div>
            </div>
        </main>
    }
}

/// One labelled value in a `<dl class="facts">`: the label is a translation id.
#[component]
pub fn Fact(label: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div>
            <dt>{t!(i18n, label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

/// Shows an error in the reader's language, announced to screen readers.
/// An ended session is not shown but acted on: to the login page, and back
/// here afterwards (an access revoked or a session expired while the page
/// was open).
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    move || {
        error.get().map(|error| {
            if error == AppError::Unauthenticated {
                let next = location.pathname.get_untracked();
                return view! { <leptos_router::components::Redirect path=format!("/login?next={next}")/> }
                    .into_any();
            }
            view! { <div class="alert alert-error" role="alert">{i18n.tr(error.message_id())}</div> }
                .into_any()
        })
    }
}

/// The message under a form field, in the reader's language; its `id` is
/// what the field's `aria-describedby` names.
#[component]
pub fn FieldMessage(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p id=id class="field-error" role="alert" aria-live="polite">
            // In a <span>: an empty text node would not survive the HTML
            // parser, and hydration would miss it.
            {move || message.get().map(|id| view! { <span>{i18n.tr(&id)}</span> })}
        </p>
    }
}

/// Any address the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <ErrorPage code="404" title="not-found-title" text="not-found-text"/> }
}

/// A 404 inside an area's frame (a document that is not there, or not
/// the reader's): the same words, without a second `<main>`.
#[component]
pub fn NotFoundInFrame() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle id="not-found-title"/>
        <section class="error-page in-frame">
            <p class="error-code">"404"</p>
            <h1>{t!(i18n, "not-found-title")}</h1>
            <p>{t!(i18n, "not-found-text")}</p>
        </section>
    }
}

/// A page the user's role does not allow (the server already answered 403).
#[component]
pub fn Forbidden() -> impl IntoView {
    view! { <ErrorPage code="403" title="forbidden-title" text="forbidden-text"/> }
}

#[component]
fn ErrorPage(code: &'static str, title: &'static str, text: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id=title/>
        <main id="main" class="error-page">
            <p class="error-code">{code}</p>
            <h1>{t!(i18n, title)}</h1>
            <p>{t!(i18n, text)}</p>
            <p>
                <a href="/">{t!(i18n, "go-home")}</a>
            </p>
        </main>
    }
}
