//! Shared components: page frames, navigation, alerts, the language switch.

pub mod shell;

pub use shell::{AppShell, NavItem, WithUser};

use crate::{
    error::AppError,
    i18n::{api::SetLanguage, use_i18n, Locale},
    t,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page title, translated: "<title> · Portico".
#[component]
pub fn PageTitle(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("{} · Portico", i18n.tr(id))/> }
}

/// The frame of the pages anonymous visitors see (login, logout, passwords).
#[component]
pub fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
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
                <div class="auth-footer">
                    <LanguageSwitch/>
                </div>
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
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            view! { <div class="alert alert-error" role="alert">{i18n.tr(error.message_id())}</div> }
        })
    }
}

/// Switches the language. Works as a plain form before the WASM loads;
/// afterwards a change applies at once without reloading the page.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let language_url = <SetLanguage as server_fn::ServerFn>::PATH;
    let apply = move |locale: Locale| {
        i18n.set_locale(locale);
        #[cfg(feature = "hydrate")]
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.tag());
        }
        action.dispatch(SetLanguage {
            lang: locale.tag().to_owned(),
        });
    };
    view! {
        <form
            class="lang-switch"
            method="post"
            action=language_url
            on:submit=move |ev| {
                ev.prevent_default();
            }
        >
            <label class="visually-hidden" for="language-select">
                {t!(i18n, "language-label")}
            </label>
            <select
                id="language-select"
                name="lang"
                on:change=move |ev| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                        apply(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option value=locale.tag() selected=move || i18n.locale() == locale>
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <noscript>
                <button type="submit" class="btn btn-small">{t!(i18n, "language-apply")}</button>
            </noscript>
        </form>
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
