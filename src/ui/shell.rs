//! The frame of logged-in pages: top bar, navigation, main column.

use super::{ErrorAlert, Forbidden, LanguageSwitch};
use crate::{
    auth::{
        api::{whoami, Logout},
        CurrentUser,
    },
    error::AppError,
    i18n::use_i18n,
    t,
};
use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, Redirect},
    hooks::use_location,
};

/// One entry of an area's navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

/// The logged-in user, for the pages inside a shell.
pub type UserResource = Resource<Result<CurrentUser, AppError>>;

#[component]
pub fn AppShell(
    /// The translation id of the area's name ("Back office"); none for the portal.
    area_label: Option<&'static str>,
    home: &'static str,
    nav: Vec<NavItem>,
    /// Whether `user` may be in this area; the server enforces the same rule.
    allows: fn(&CurrentUser) -> bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let user: UserResource = Resource::new(|| (), |_| whoami());
    provide_context(user);
    let location = use_location();
    let logout = ServerAction::<Logout>::new();

    let frame = move |current: CurrentUser| {
        let nav_links = nav
            .iter()
            .copied()
            .map(|item| {
                let current = move || {
                    let path = location.pathname.get();
                    (path == item.href || (item.href != home && path.starts_with(item.href)))
                        .then_some("page")
                };
                view! {
                    <li>
                        <a href=item.href aria-current=current>
                            {t!(i18n, item.label)}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="app">
                <header class="topbar">
                    <a class="brand" href=home>
                        <img src="/icons/icon.svg" alt="" width="28" height="28"/>
                        <span>"Portico"</span>
                    </a>
                    {area_label.map(|label| view! { <span class="area-label">{t!(i18n, label)}</span> })}
                    <div class="topbar-end">
                        <LanguageSwitch/>
                        <span class="user-name">{current.name}</span>
                        <ActionForm action=logout attr:class="logout-form">
                            <button type="submit" class="btn btn-quiet">{t!(i18n, "logout-submit")}</button>
                        </ActionForm>
                    </div>
                </header>
                <nav class="primary-nav" aria-label=t!(i18n, "nav-label")>
                    <ul>{nav_links}</ul>
                </nav>
                <main id="main" class="page">
                    <Outlet/>
                </main>
                <footer class="footer">
                    <span class="muted">{t!(i18n, "footer-text")}</span>
                </footer>
            </div>
        }
    };

    // Only a user allowed in this area sees its frame; anyone else gets a
    // plain page (the server answers the same: 303 to log in, or 403).
    view! {
        <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
            {move || {
                user.get().map(|result| match result {
                    Ok(current) if allows(&current) => frame(current).into_any(),
                    Ok(_) => view! { <Forbidden/> }.into_any(),
                    Err(AppError::Unauthenticated) => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}")/> }.into_any()
                    }
                    Err(error) => view! {
                        <main id="main" class="error-page">
                            <ErrorAlert error=Some(error)/>
                        </main>
                    }
                    .into_any(),
                })
            }}
        </Transition>
    }
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
        <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
            {move || user.get().and_then(Result::ok).map(&content)}
        </Transition>
    }
}
