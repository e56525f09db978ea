//! The login and logout pages.

use super::api::{whoami, Login, Logout};
use crate::{
    i18n::use_i18n,
    t,
    ui::{AuthCard, ErrorAlert},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <AuthCard title="login-title">
            <p class="auth-lead">{t!(i18n, "login-lead")}</p>
            <ErrorAlert error=error/>
            <ActionForm action=login attr:class="form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="email">{t!(i18n, "field-email")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required autofocus/>
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, "field-password")}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        maxlength="1024"
                    />
                </div>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || login.pending().get()>
                    {t!(i18n, "login-submit")}
                </button>
            </ActionForm>
        </AuthCard>
    }
}

/// `/logout`: asks to confirm when logged in, confirms when done.
#[component]
pub fn LogoutPage() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let session = Resource::new(move || logout.version().get(), |_| whoami());
    view! {
        <AuthCard title="logout-title">
            <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || {
                    session.get().map(|result| match result {
                        Ok(user) => view! {
                            <p class="auth-lead">{i18n.tr_with("logout-confirm", &[("name", user.name)])}</p>
                            <ActionForm action=logout attr:class="form">
                                <button type="submit" class="btn btn-primary btn-block">
                                    {t!(i18n, "logout-submit")}
                                </button>
                            </ActionForm>
                        }
                        .into_any(),
                        Err(_) => view! {
                            <div class="alert alert-success" role="status">{t!(i18n, "logout-done")}</div>
                            <a class="btn btn-primary btn-block" href="/login">{t!(i18n, "login-again")}</a>
                        }
                        .into_any(),
                    })
                }}
            </Transition>
        </AuthCard>
    }
}
