//! The language switch: a plain form before the WASM loads; afterwards a
//! change applies at once without reloading the page.

use super::api::SetLanguage;
use crate::ui::resource;
use crate::{
    i18n::{use_i18n, Locale},
    t,
};
use leptos::prelude::*;

/// Switches the language. Works as a plain form before the WASM loads;
/// afterwards a change applies at once without reloading the page.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let language_url = <SetLanguage as server_fn::ServerFn>::PATH;
    let apply = move |locale: Locale| {
        i18n.switch_to(locale);
        action.dispatch(SetLanguage {
            lang: locale.tag().to_owned(),
        });
    };
    // A language chosen while the client was still loading is applied once
    // it has started, not lost.
    let select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        let chosen = select
            .get()
            .and_then(|select| Locale::from_tag(&select.value()));
        if let Some(chosen) = chosen.filter(|chosen| *chosen != untrack(|| i18n.locale())) {
            apply(chosen);
        }
    });
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
                node_ref=select
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

/// Connection preferences on the security page: the language of pages and
/// emails, the time zone every date is shown in, and the optional emails.
/// Saving reloads the page, so that everything on it follows at once.
#[component]
pub fn PreferencesCard() -> impl IntoView {
    use super::api::{my_preferences, SavePreferences};
    use crate::{
        error::AppError,
        ui::{ErrorAlert, FieldMessage, Skeleton},
    };
    let i18n = use_i18n();
    let save = ServerAction::<SavePreferences>::new();
    let preferences = resource(|| (), |_| my_preferences());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            #[cfg(feature = "hydrate")]
            let _ = window().location().reload();
        }
    });
    view! {
        <section class="card" aria-labelledby="preferences-title">
            <h2 id="preferences-title" class="card-title">{t!(i18n, "preferences-title")}</h2>
            <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
            <Transition fallback=Skeleton>
                {move || preferences.get().map(|result| match result {
                    Ok(chosen) => {
                        let zone = chosen.time_zone.clone();
                        view! {
                            <ActionForm action=save attr:class="form">
                                <div class="field">
                                    <label for="preferences-lang">{t!(i18n, "preferences-language")}</label>
                                    <select id="preferences-lang" name="preferences[lang]" aria-describedby="preferences-lang-error">
                                        {Locale::ALL.into_iter().map(|locale| view! {
                                            <option value=locale.tag() selected=chosen.language == locale.tag()>{locale.native_name()}</option>
                                        }).collect_view()}
                                    </select>
                                    <FieldMessage id="preferences-lang-error".into() message=field_error("lang")/>
                                </div>
                                <div class="field">
                                    <label for="preferences-time-zone">{t!(i18n, "preferences-time-zone")}</label>
                                    <select
                                        id="preferences-time-zone"
                                        name="preferences[time_zone]"
                                        aria-describedby="preferences-time-zone-hint preferences-time-zone-error"
                                        aria-invalid=move || field_error("time_zone").get().map(|_| "true")
                                    >
                                        {chosen.time_zones.into_iter().map(|name| {
                                            let selected = name == zone;
                                            view! { <option value=name.clone() selected=selected>{name.replace('_', " ")}</option> }
                                        }).collect_view()}
                                    </select>
                                    <p id="preferences-time-zone-hint" class="field-hint">{t!(i18n, "preferences-time-zone-hint")}</p>
                                    <FieldMessage id="preferences-time-zone-error".into() message=field_error("time_zone")/>
                                </div>
                                <fieldset class="field">
                                    <legend>{t!(i18n, "preferences-emails")}</legend>
                                    <label class="check">
                                        <input type="checkbox" name="preferences[document_updates]" value="on" checked=chosen.document_updates/>
                                        <span>{t!(i18n, "preferences-document-updates")}</span>
                                    </label>
                                    <p class="field-hint">{t!(i18n, "preferences-security-always")}</p>
                                </fieldset>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, "preferences-save")}</button>
                                </div>
                            </ActionForm>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
