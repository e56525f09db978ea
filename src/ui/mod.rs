//! Shared components: page frames, navigation, alerts, error pages. They
//! never import a feature: what a frame holds is passed in by its caller.

pub mod hydration;
pub mod record;
pub mod resource;
pub mod shell;
pub mod stripe_js;

pub use record::{address_id, required_id, RecordError};
pub use resource::{resource, Resource};
pub use shell::{AppFrame, NavItem, NavLinks};
pub use stripe_js::{StripeCardField, StripeError, StripeJs};

use crate::{error::AppError, i18n::use_i18n, t};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page title, translated: "<title> · Portico".
#[component]
pub fn PageTitle(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || format!("{} · Portico", i18n.tr(id));
    // The server writes <head> once the body is done, outside the reactive
    // owner: a closure reading the language there panicked now and then
    // under parallel requests (`SsrMode::Async` pages, "no Arena is
    // active"). The language can't change during one answer, so the server
    // takes the text now; the browser keeps it live for the language switch.
    #[cfg(feature = "ssr")]
    let text = text();
    view! { <Title text=text/> }
}

/// The head of a portal page one step below home: the document title, the
/// way back to home, and the page's heading, all from one translation id.
#[component]
pub fn PortalPageHead(title: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id=title/>
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/my">{t!(i18n, "nav-portal-home")}</a></p>
                <h1 class="page-title">{t!(i18n, title)}</h1>
            </div>
        </div>
    }
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

/// The previous and next pages of a list; a missing link is not drawn.
#[component]
pub fn Pager(
    previous: Option<String>,
    next: Option<String>,
    /// The next link's label ("Next", or "Older" for newest-first logs).
    #[prop(default = "pager-next")]
    next_label: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label=t!(i18n, "pager-label")>
            {previous.map(|href| view! { <a class="btn" href=href rel="prev">{t!(i18n, "pager-previous")}</a> })}
            {next.map(|href| view! { <a class="btn" href=href rel="next">{t!(i18n, next_label)}</a> })}
        </nav>
    }
}

/// A list's address with `changes` applied to its query: the list keeps
/// its state in the address (bookmarkable, and working before the WASM),
/// and a page cursor never survives a change of search, sort or filter.
pub fn list_address(
    base: &str,
    query: &leptos_router::params::ParamsMap,
    changes: &[(&'static str, String)],
) -> String {
    let mut next = query.clone();
    for key in ["after", "before"] {
        next.remove(key);
    }
    for (key, value) in changes {
        next.remove(key);
        if !value.is_empty() {
            next.insert(*key, value.clone());
        }
    }
    format!("{base}{}", next.to_query_string())
}

/// A labelled text input (or several lines) with its refusal (and an optional hint) under it:
/// every form's field. `name` is what the form sends (`record[field]`),
/// `field` what a refusal names.
#[component]
pub fn FormField(
    /// The last answer of the form's action, as an error.
    #[prop(into)]
    error: Signal<Option<AppError>>,
    #[prop(into)] name: String,
    #[prop(into)] field: String,
    label: &'static str,
    value: String,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// Spans the whole row of a form grid.
    #[prop(optional)]
    wide: bool,
    /// Several lines (a `<textarea>` of this many rows) instead of one.
    #[prop(optional)]
    lines: Option<u8>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{}", field.replace(['.', '[', ']'], "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(&field).map(str::to_owned))
    });
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class=if wide { "field field-wide" } else { "field" }>
            <label for=id.clone()>{t!(i18n, label)}</label>
            {match lines {
                Some(rows) => view! {
                    <textarea
                        id=id
                        name=name
                        rows=rows
                        autocomplete=autocomplete.unwrap_or("off")
                        aria-invalid=move || message.get().map(|_| "true")
                        aria-describedby=described
                    >{value}</textarea>
                }.into_any(),
                None => view! {
                    <input
                        id=id
                        name=name
                        type=kind.unwrap_or("text")
                        value=value
                        autocomplete=autocomplete.unwrap_or("off")
                        aria-invalid=move || message.get().map(|_| "true")
                        aria-describedby=described
                    />
                }.into_any(),
            }}
            {hint.map(|hint| view! { <p id=hint_id class="field-hint">{t!(i18n, hint)}</p> })}
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// The strength hint under the new-password field `input_id`, updated
/// while typing by `/password-strength.js` (before and after the WASM
/// loads): a bar and a sentence, in the page's language. Its level lives in
/// `data-level`, which only the script writes: left out of the view, so
/// that hydration never resets it.
#[component]
pub fn PasswordStrength(input_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p
            class="strength"
            data-strength-for=input_id
            // The script puts the number of missing characters in place of {count}.
            data-short=move || i18n.tr_with("password-strength-short", &[("count", "{count}".to_owned())])
            data-fair=move || i18n.tr("password-strength-fair")
            data-good=move || i18n.tr("password-strength-good")
            data-strong=move || i18n.tr("password-strength-strong")
            aria-live="polite"
        >
            <span class="strength-bar" aria-hidden="true"></span>
            <span class="strength-text"></span>
        </p>
    }
}

/// The two fields that choose a new password (invitation, reset): the
/// product's rules in the hint, each refusal on its field, autocomplete
/// that password managers understand.
#[component]
pub fn NewPasswordFields(
    /// The last answer of the form's action, as an error.
    #[prop(into)]
    error: Signal<Option<AppError>>,
    /// The login, shown (read-only) for password managers to pair with.
    login: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    view! {
        <div class="field">
            <label for="new-login">{t!(i18n, "field-login")}</label>
            <input id="new-login" type="email" autocomplete="username" value=login readonly/>
        </div>
        <div class="field">
            <label for="new-password">{t!(i18n, "field-new-password")}</label>
            <input
                id="new-password"
                name="password"
                type="password"
                autocomplete="new-password"
                required
                minlength="12"
                maxlength="1024"
                aria-describedby="new-password-hint new-password-error"
            />
            <p id="new-password-hint" class="hint">{t!(i18n, "password-hint")}</p>
            <PasswordStrength input_id="new-password"/>
            <FieldMessage id="new-password-error".to_owned() message=message("password")/>
        </div>
        <div class="field">
            <label for="new-password-again">{t!(i18n, "field-new-password-again")}</label>
            <input
                id="new-password-again"
                name="password_again"
                type="password"
                autocomplete="new-password"
                required
                maxlength="1024"
                aria-describedby="new-password-again-error"
            />
            <FieldMessage id="new-password-again-error".to_owned() message=message("password_again")/>
        </div>
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

/// A dialog drawn open by the server, so it works before the WASM loads;
/// once live it becomes modal (focus stays in it) and Escape goes `back`.
#[component]
pub fn ModalDialog(labelledby: &'static str, back: String, children: Children) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
            let _ = dialog.show_modal();
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    view! {
        <dialog
            node_ref=dialog
            open
            class="dialog"
            aria-labelledby=labelledby
            on:cancel=move |_: leptos::ev::Event| navigate(&back, Default::default())
        >
            {children()}
        </dialog>
    }
}
