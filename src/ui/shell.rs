//! The frame of logged-in pages: top bar, navigation, main column. Purely
//! presentational: who may see it and what the top bar holds is decided
//! by the caller (`auth::pages::SignedInShell`).

use crate::{i18n::use_i18n, t};
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

/// One entry of an area's navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavItem {
    pub href: &'static str,
    /// Translation id of the entry's text.
    pub label: &'static str,
}

/// The links of an area's navigation, the current page marked.
#[component]
pub fn NavLinks(
    /// The entries this user may open.
    items: Vec<NavItem>,
    home: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let link = move |item: NavItem| {
        let current = move || {
            let path = location.pathname.get();
            (path == item.href || (item.href != home && path.starts_with(item.href)))
                .then_some("page")
        };
        view! {
            <a href=item.href aria-current=current>
                {t!(i18n, item.label)}
            </a>
        }
    };
    // On a phone the bar holds the first entries and a "More" menu with the
    // rest (CSS shows one or the other); a wide screen lists them all.
    let overflow: Vec<NavItem> = items.iter().skip(PHONE_BAR_ENTRIES).copied().collect();
    let more = (!overflow.is_empty()).then(|| {
        let hidden = overflow.clone();
        let current = move || {
            let path = location.pathname.get();
            hidden
                .iter()
                .any(|item| path.starts_with(item.href))
                .then_some("true")
        };
        let menu = NodeRef::<leptos::html::Details>::new();
        // A choice closes the menu, as the page under it changes.
        let close = move |_| {
            if let Some(details) = menu.get() {
                let _ = details.remove_attribute("open");
            }
        };
        view! {
            <li class="nav-more">
                <details node_ref=menu>
                    <summary data-current=current>{t!(i18n, "nav-more")}</summary>
                    <ul on:click=close>
                        {overflow.into_iter().map(|item| view! { <li>{link(item)}</li> }).collect_view()}
                    </ul>
                </details>
            </li>
        }
    });
    view! {
        {items.into_iter().map(|item| view! { <li>{link(item)}</li> }).collect_view()}
        {more}
    }
}

/// How many entries fit a phone's bottom bar before "More".
pub const PHONE_BAR_ENTRIES: usize = 3;

/// The frame: top bar, navigation, and the page (`<Outlet/>`). The page is
/// rendered once, outside any suspense of the frame, so its own data loads
/// start at once and are never started twice.
#[component]
pub fn AppFrame(
    /// The translation id of the area's name ("Back office"); none for the portal.
    area_label: Option<&'static str>,
    home: &'static str,
    /// The navigation's entries (`NavLinks`), once the user is known.
    #[prop(into)]
    nav: ViewFn,
    /// The end of the top bar: language, the user, logging out.
    #[prop(into)]
    toolbar: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="app">
            <header class="topbar">
                <a class="brand" href=home>
                    <img src="/icons/icon.svg" alt="" width="28" height="28"/>
                    <span>"Portico"</span>
                </a>
                {area_label.map(|label| view! { <span class="area-label">{t!(i18n, label)}</span> })}
                <div class="topbar-end">{toolbar.run()}</div>
            </header>
            <nav class="primary-nav" aria-label=t!(i18n, "nav-label")>
                <ul>{nav.run()}</ul>
            </nav>
            <main id="main" class="page">
                <Outlet/>
            </main>
            <footer class="footer">
                <span class="muted">{t!(i18n, "footer-text")}</span>
            </footer>
        </div>
    }
}
