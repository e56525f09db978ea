//! The login and logout pages, and the shell of every signed-in area.

use super::api::{whoami, Login, Logout};
use crate::{
    access::{may_open, CurrentUser},
    error::AppError,
    i18n::use_i18n,
    preferences::LanguageSwitch,
    t,
    ui::{AppFrame, AuthCard, ErrorAlert, Forbidden, NavItem, NavLinks, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn language_footer() -> impl IntoView {
    view! { <LanguageSwitch/> }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <AuthCard title="login-title" footer=language_footer>
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
        <AuthCard title="logout-title" footer=language_footer>
            <Transition fallback=Skeleton>
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

/// The logged-in user, for the pages inside a shell.
pub type UserResource = Resource<Result<CurrentUser, AppError>>;

/// The frame of an area (`/my`, `/admin`), with the navigation entries the
/// user may open (`access::PAGE_RULES`, the rules the server enforces: the
/// server already refused the page itself to anyone else). Only the parts
/// that name the user wait for them; the page renders at once.
#[component]
pub fn SignedInShell(
    /// The translation id of the area's name; none for the portal.
    area_label: Option<&'static str>,
    home: &'static str,
    nav: &'static [NavItem],
) -> impl IntoView {
    let i18n = use_i18n();
    // The server refused this page to this user (403) while routing the
    // request; the page says so instead of showing the area's frame. Decided
    // once on the server and handed to the client, so both render alike.
    let location = leptos_router::hooks::use_location();
    let forbidden = leptos::server::SharedValue::new(move || {
        #[cfg(feature = "ssr")]
        {
            let path = location.pathname.get_untracked();
            crate::context::current_user().is_some_and(|user| !may_open(&path, &user))
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = location;
            false
        }
    })
    .into_inner();
    if forbidden {
        return view! { <Forbidden/> }.into_any();
    }
    let user: UserResource = Resource::new(|| (), |_| whoami());
    provide_context(user);
    let logout = ServerAction::<Logout>::new();

    let entries = move || {
        user.get().map(|result| {
            result.ok().map(|current| {
                let items = nav
                    .iter()
                    .copied()
                    .filter(|item| may_open(item.href, &current))
                    .collect::<Vec<_>>();
                view! { <NavLinks items home/> }
            })
        })
    };
    let toolbar = move || {
        user.get().map(|result| match result {
            Ok(current) => view! {
                <LanguageSwitch/>
                <span class="user-name">{current.name}</span>
                <ActionForm action=logout attr:class="logout-form">
                    <button type="submit" class="btn btn-quiet">{t!(i18n, "logout-submit")}</button>
                </ActionForm>
            }
            .into_any(),
            Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        })
    };
    view! {
        <AppFrame
            area_label
            home
            nav=move || view! { <Transition fallback=|| ()>{entries}</Transition> }
            toolbar=move || view! { <Transition fallback=|| ()>{toolbar}</Transition> }
        />
    }
    .into_any()
}

/// Shows `content` for the logged-in user once the shell has loaded them.
#[component]
pub fn WithUser<F, V>(content: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let user = expect_context::<UserResource>();
    view! {
        <Transition fallback=Skeleton>
            {move || user.get().and_then(Result::ok).map(&content)}
        </Transition>
    }
}
