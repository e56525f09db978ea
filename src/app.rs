//! The root component and the routes: the SPEC's page addresses. Who may
//! open each is declared in `access::PAGE_RULES`.

use crate::{
    audit_log::AuditLogPage,
    auth::pages::{LoginPage, LogoutPage, ResetPasswordPage, ResetRequestPage, SecondStepPage},
    backoffice::{BackOfficeHome, BackOfficeLayout},
    contacts::{ContactPage, ContactsPage},
    documents::{
        api::ListKind, AdminInvoicePage, AdminInvoicesPage, AdminOrderPage, AdminOrdersPage,
        AdminSubscriptionPage, AdminSubscriptionsPage, MyDocumentsPage, MyInvoicePage, MyOrderPage,
        MySubscriptionPage,
    },
    i18n::provide_i18n,
    outgoing_mail::OutgoingMailPage,
    payments::{
        api::PaidDocument, AdminPaymentsPage, PayPage, PaymentMethodsPage, SubscriptionRenewalPage,
        WalletPage,
    },
    portal::{AccountPage, AddressesPage, PortalHome, PortalLayout},
    portal_access::InvitationPage,
    security::SecurityPage,
    settings::SettingsPage,
    t,
    ui::NotFound,
    users::{UserDetailPage, UsersPage},
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, "skip-to-content")}</a>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/login"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/login/two-factor") view=SecondStepPage/>
                <Route path=path!("/reset-password") view=ResetRequestPage/>
                <Route path=path!("/reset-password/:token") view=ResetPasswordPage ssr=SsrMode::InOrder/>
                <Route path=path!("/invite/:token") view=InvitationPage ssr=SsrMode::InOrder/>
                // Pages that load data stream in order, so that their content
                // is in the HTML itself and shows without JavaScript too.
                <Route path=path!("/logout") view=LogoutPage ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("/my") view=PortalLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=PortalHome ssr=SsrMode::InOrder/>
                    <Route path=path!("security") view=SecurityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("account") view=AccountPage ssr=SsrMode::InOrder/>
                    <Route path=path!("addresses") view=AddressesPage ssr=SsrMode::InOrder/>
                    <Route path=path!("payment-methods") view=PaymentMethodsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("wallet") view=WalletPage ssr=SsrMode::InOrder/>
                    <Route path=path!("quotes") view=|| view! { <MyDocumentsPage kind=ListKind::Quotations/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("orders") view=|| view! { <MyDocumentsPage kind=ListKind::Orders/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/:id") view=MyOrderPage ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/:id/pay") view=|| view! { <PayPage document=PaidDocument::Order/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices") view=|| view! { <MyDocumentsPage kind=ListKind::Invoices/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/:id") view=MyInvoicePage ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/:id/pay") view=|| view! { <PayPage document=PaidDocument::Invoice/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions") view=|| view! { <MyDocumentsPage kind=ListKind::Subscriptions/> } ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/:id") view=MySubscriptionPage ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/:id/renewal") view=SubscriptionRenewalPage ssr=SsrMode::InOrder/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=BackOfficeLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=BackOfficeHome ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts") view=ContactsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts/new") view=ContactPage ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts/:id") view=ContactPage ssr=SsrMode::InOrder/>
                    <Route path=path!("mail") view=OutgoingMailPage ssr=SsrMode::InOrder/>
                    <Route path=path!("audit") view=AuditLogPage ssr=SsrMode::InOrder/>
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("users") view=UsersPage ssr=SsrMode::InOrder/>
                    <Route path=path!("users/:id") view=UserDetailPage ssr=SsrMode::InOrder/>
                    <Route path=path!("security") view=SecurityPage ssr=SsrMode::InOrder/>
                    <Route path=path!("orders") view=AdminOrdersPage ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/new") view=AdminOrderPage ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/:id") view=AdminOrderPage ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices") view=AdminInvoicesPage ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/new") view=AdminInvoicePage ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/:id") view=AdminInvoicePage ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions") view=AdminSubscriptionsPage ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/new") view=AdminSubscriptionPage ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/:id") view=AdminSubscriptionPage ssr=SsrMode::InOrder/>
                    <Route path=path!("payments") view=AdminPaymentsPage ssr=SsrMode::InOrder/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
