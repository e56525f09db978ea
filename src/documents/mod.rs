//! Documents customers see — quotations, sales orders, invoices,
//! subscriptions, payments received — and the back office that makes them,
//! one folder per kind of document beside what every kind shares.
//!
//! Each kind (`orders/`, `invoices/`, `subscriptions/`) holds, for both the
//! portal and the back office: `api.rs` (its view, forms and server
//! functions), `pages.rs` (its pages), `store.rs` (its SQL, server only)
//! and, for what prints, `print.rs` (its PDF, server only). Its state and
//! the actions allowed in it are the machine of `domain::states`.
//!
//! Shared by every kind:
//! - `api.rs`: list, sort and filter types, badges, lines, parties,
//!   followers, and the server functions that serve every kind (lists,
//!   the home page's counts, following, the customers to choose from).
//! - `forms.rs`: the back office's forms as typed and their checks.
//! - `pages.rs` / `backoffice.rs`: the pieces the portal's and the back
//!   office's pages share (list, lines, totals, state buttons, forms).
//! - `store/` (server only): the shared reads (`store/mod.rs`) and writes
//!   (`store/editing.rs`: numbering, lines, drafts saved, state changes,
//!   followers' emails); `payable.rs`: what a customer may pay and the one
//!   reservation of an amount; `routes.rs` + `pdf.rs`: downloads and the
//!   PDF layout.

/// A kind's two reads of one document: the portal's (through the
/// customer's scope, drafts hidden) and the back office's (everything).
/// The endpoints and their declared access are given here, once per kind.
macro_rules! document_reads {
    (
        $view:ident, $read:path,
        portal: $portal:ident, $portal_access:ident, $portal_endpoint:tt,
        backoffice: $backoffice:ident, $backoffice_access:ident, $backoffice_endpoint:tt $(,)?
    ) => {
        #[leptos::server(endpoint = $portal_endpoint)]
        pub async fn $portal(id: i64) -> Result<$view, crate::error::AppError> {
            let customer = crate::context::authorize::<$portal_access>()?;
            let state = crate::context::app_state()?;
            let reader =
                crate::documents::store::Reader::Customer(customer.scope, customer.user.user_id);
            Ok($read(&state.pool, reader, id).await?)
        }
        crate::declare_access!($portal_access: Customer);

        #[leptos::server(endpoint = $backoffice_endpoint)]
        pub async fn $backoffice(id: i64) -> Result<$view, crate::error::AppError> {
            crate::context::authorize::<$backoffice_access>()?;
            let state = crate::context::app_state()?;
            Ok($read(&state.pool, crate::documents::store::Reader::Staff, id).await?)
        }
        crate::declare_access!($backoffice_access: Staff);
    };
}

/// A quotation's or an invoice's two back-office writes: the draft saved
/// (a new one without `id`), and a state button's action by its name (an
/// unknown name is refused). Both answer the id of the page to show next,
/// which `$page` gives from the action taken (none for a save).
macro_rules! draft_writes {
    (
        save: $save:ident, $save_access:ident, $save_endpoint:tt, $save_store:path;
        act: $act:ident, $act_access:ident, $act_endpoint:tt, $machine:ident, $act_store:path;
        page: $page:path $(,)?
    ) => {
        #[leptos::server(endpoint = $save_endpoint)]
        pub async fn $save(
            id: Option<i64>,
            document: crate::documents::forms::DocumentInput,
        ) -> Result<i64, crate::error::AppError> {
            crate::context::authorize::<$save_access>()?;
            let state = crate::context::app_state()?;
            let draft = crate::documents::forms::DocumentDraft::parse(&document)?;
            let id = $save_store(&state.pool, id, &draft).await?;
            leptos_axum::redirect(&$page(None, id));
            Ok(id)
        }
        crate::declare_access!($save_access: Staff);

        #[leptos::server(endpoint = $act_endpoint)]
        pub async fn $act(id: i64, action: String) -> Result<i64, crate::error::AppError> {
            use crate::documents::api::ActionNames;
            crate::context::authorize::<$act_access>()?;
            let state = crate::context::app_state()?;
            let action = <$machine>::action_named(&action)
                .ok_or(crate::documents::editing::UNKNOWN_ACTION)?;
            let next = $act_store(&state.pool, &state.settings.public_url, id, action).await?;
            leptos_axum::redirect(&$page(Some(action), next));
            Ok(next)
        }
        crate::declare_access!($act_access: Staff);
    };
}

pub mod api;
pub mod backoffice;
pub mod forms;
pub mod invoices;
pub mod orders;
pub mod pages;
pub mod payable;
pub mod subscriptions;

#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub use store::editing;

pub use invoices::{BackofficeInvoicePage, BackofficeInvoicesPage, MyInvoicePage};
pub use orders::{BackofficeOrderPage, BackofficeOrdersPage, MyOrderPage};
pub use pages::{MyDocumentsPage, OverviewTiles};
pub use payable::PaidDocument;
pub use subscriptions::{
    BackofficeSubscriptionPage, BackofficeSubscriptionsPage, MySubscriptionPage,
};
