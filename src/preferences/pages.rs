//! The language switch: a plain form before the WASM loads; afterwards a
//! change applies at once without reloading the page.

use super::api::SetLanguage;
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
