//! The root component and the routes: the SPEC's page addresses. Who may
//! open each is declared in `access::PAGE_RULES`.

use crate::{
    audit_log::AuditLogPage,
    auth::pages::{LoginPage, LogoutPage, ResetPasswordPage, ResetRequestPage, SecondStepPage},
    backoffice::{BackofficeHome, BackofficeLayout},
    contacts::{ContactPage, ContactsPage},
    documents::{
        api::ListKind, BackofficeInvoicePage, BackofficeInvoicesPage, BackofficeOrderPage,
        BackofficeOrdersPage, BackofficeSubscriptionPage, BackofficeSubscriptionsPage,
        MyDocumentsPage, MyInvoicePage, MyOrderPage, MySubscriptionPage,
    },
    i18n::provide_i18n,
    outgoing_mail::OutgoingMailPage,
    payments::{
        api::PaidDocument, BackofficePaymentsPage, PayPage, PaymentMethodsPage,
        SubscriptionRenewalPage, WalletPage,
    },
    portal::{AccountPage, AddressesPage, PortalHome, PortalLayout},
    portal_access::{AccessDialog, InvitationPage},
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
    path, Lazy, LazyRoute, SsrMode,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    // A page of a group not shown before waits for its chunks: a bar at the
    // top says the click was taken.
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <a class="skip-link" href="#main">{t!(i18n, "skip-to-content")}</a>
        <div
            class="route-progress"
            role="progressbar"
            aria-label=t!(i18n, "page-loading")
            hidden=move || !is_routing.get()
        ></div>
        <Router set_is_routing>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/login"/> }/>
                <Route path=path!("/login") view={Lazy::<LoginPageRoute>::new()}/>
                <Route path=path!("/login/two-factor") view={Lazy::<SecondStepPageRoute>::new()}/>
                <Route path=path!("/reset-password") view={Lazy::<ResetRequestPageRoute>::new()}/>
                <Route path=path!("/reset-password/:token") view={Lazy::<ResetPasswordPageRoute>::new()} ssr=SsrMode::InOrder/>
                <Route path=path!("/invite/:token") view={Lazy::<InvitationPageRoute>::new()} ssr=SsrMode::InOrder/>
                // Pages that load data stream in order, so that their content
                // is in the HTML itself and shows without JavaScript too. A
                // page of one record by its `:id` renders `Async`: the status
                // line and the `<title>` wait for the record, so that a missing
                // one answers 404 (`ui::RecordError`) and is titled as such.
                <Route path=path!("/logout") view={Lazy::<LogoutPageRoute>::new()} ssr=SsrMode::InOrder/>
                <ParentRoute path=path!("/my") view={Lazy::<PortalLayoutRoute>::new()} ssr=SsrMode::InOrder>
                    <Route path=path!("") view={Lazy::<PortalHomeRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("security") view={Lazy::<SecurityPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("account") view={Lazy::<AccountPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("addresses") view={Lazy::<AddressesPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("payment-methods") view={Lazy::<PaymentMethodsPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("wallet") view={Lazy::<WalletPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("quotes") view={Lazy::<MyQuotationsRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("orders") view={Lazy::<MyOrdersRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/:id") view={Lazy::<MyOrderPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("orders/:id/pay") view={Lazy::<PayOrderRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("invoices") view={Lazy::<MyInvoicesRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/:id") view={Lazy::<MyInvoicePageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("invoices/:id/pay") view={Lazy::<PayInvoiceRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("subscriptions") view={Lazy::<MySubscriptionsRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/:id") view={Lazy::<MySubscriptionPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("subscriptions/:id/renewal") view={Lazy::<SubscriptionRenewalPageRoute>::new()} ssr=SsrMode::Async/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view={Lazy::<BackofficeLayoutRoute>::new()} ssr=SsrMode::InOrder>
                    <Route path=path!("") view={Lazy::<BackofficeHomeRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts") view={Lazy::<ContactsPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts/new") view={Lazy::<ContactPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("contacts/:id") view={Lazy::<ContactPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("mail") view={Lazy::<OutgoingMailPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("audit") view={Lazy::<AuditLogPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("settings") view={Lazy::<SettingsPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("users") view={Lazy::<UsersPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("users/:id") view={Lazy::<UserDetailPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("security") view={Lazy::<SecurityPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("orders") view={Lazy::<BackofficeOrdersPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/new") view={Lazy::<BackofficeOrderPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("orders/:id") view={Lazy::<BackofficeOrderPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("invoices") view={Lazy::<BackofficeInvoicesPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/new") view={Lazy::<BackofficeInvoicePageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("invoices/:id") view={Lazy::<BackofficeInvoicePageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("subscriptions") view={Lazy::<BackofficeSubscriptionsPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/new") view={Lazy::<BackofficeSubscriptionPageRoute>::new()} ssr=SsrMode::InOrder/>
                    <Route path=path!("subscriptions/:id") view={Lazy::<BackofficeSubscriptionPageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("payments") view={Lazy::<BackofficePaymentsPageRoute>::new()} ssr=SsrMode::InOrder/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Pages are fetched in chunks: the first load of a page brings the shell
/// and its group's chunks (named in the page's head by
/// `announce_page_group`, requested with the shell by `ui::hydration`), and a customer
/// never downloads the back office. Each `chunks!` group is one `#[lazy]`
/// function, cut into its own WASM file by `cargo xtask build` (or
/// `cargo leptos --split`); pages of a group share one file, because every
/// lazily loaded function adds loader code and a chunk per combination of
/// functions that share code. A route names its group and its page.
macro_rules! chunks {
    ($(
        $group:ident, $preload:ident, $pages:ident {
            $($route:ident => $page:ident: $view:expr;)+
        }
    )*) => {$(
        #[derive(Clone, Copy)]
        enum $pages {
            $($page,)+
        }

        #[lazy]
        fn $group(page: $pages) -> AnyView {
            #[cfg(feature = "ssr")]
            crate::ui::hydration::announce_page_group(stringify!($group));
            match page {
                $($pages::$page => $view.into_any(),)+
            }
        }

        $(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(_route: Self) -> impl std::future::Future<Output = AnyView> {
                    $group($pages::$page)
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )+
    )*};
}

chunks! {
    sign_in, __preload_sign_in, SignInPages {
        LoginPageRoute => Login: view! { <LoginPage/> };
    }
    account_recovery, __preload_account_recovery, AccountRecoveryPages {
        SecondStepPageRoute => SecondStep: view! { <SecondStepPage/> };
        ResetRequestPageRoute => ResetRequest: view! { <ResetRequestPage/> };
        ResetPasswordPageRoute => ResetPassword: view! { <ResetPasswordPage/> };
        InvitationPageRoute => Invitation: view! { <InvitationPage/> };
        LogoutPageRoute => Logout: view! { <LogoutPage/> };
    }
    portal_home, __preload_portal_home, PortalHomePages {
        PortalLayoutRoute => Layout: view! { <PortalLayout/> };
        PortalHomeRoute => Home: view! { <PortalHome/> };
    }
    portal_documents, __preload_portal_documents, PortalDocumentsPages {
        MyQuotationsRoute => Quotations: view! { <MyDocumentsPage kind=ListKind::Quotations/> };
        MyOrdersRoute => Orders: view! { <MyDocumentsPage kind=ListKind::Orders/> };
        MyOrderPageRoute => Order: view! { <MyOrderPage/> };
        MyInvoicesRoute => Invoices: view! { <MyDocumentsPage kind=ListKind::Invoices/> };
        MyInvoicePageRoute => Invoice: view! { <MyInvoicePage/> };
        MySubscriptionsRoute => Subscriptions: view! { <MyDocumentsPage kind=ListKind::Subscriptions/> };
        MySubscriptionPageRoute => Subscription: view! { <MySubscriptionPage/> };
    }
    portal_payments, __preload_portal_payments, PortalPaymentsPages {
        PayOrderRoute => PayOrder: view! { <PayPage document=PaidDocument::Order/> };
        PayInvoiceRoute => PayInvoice: view! { <PayPage document=PaidDocument::Invoice/> };
        WalletPageRoute => Wallet: view! { <WalletPage/> };
        PaymentMethodsPageRoute => PaymentMethods: view! { <PaymentMethodsPage/> };
        SubscriptionRenewalPageRoute => Renewal: view! { <SubscriptionRenewalPage/> };
    }
    portal_account, __preload_portal_account, PortalAccountPages {
        AccountPageRoute => Account: view! { <AccountPage/> };
        AddressesPageRoute => Addresses: view! { <AddressesPage/> };
        SecurityPageRoute => Security: view! { <SecurityPage/> };
    }
    back_office_home, __preload_back_office_home, BackOfficeHomePages {
        BackofficeLayoutRoute => Layout: view! { <BackofficeLayout/> };
        BackofficeHomeRoute => Home: view! { <BackofficeHome/> };
    }
    back_office_documents, __preload_back_office_documents, BackOfficeDocumentsPages {
        BackofficeOrdersPageRoute => Orders: view! { <BackofficeOrdersPage/> };
        BackofficeOrderPageRoute => Order: view! { <BackofficeOrderPage/> };
        BackofficeInvoicesPageRoute => Invoices: view! { <BackofficeInvoicesPage/> };
        BackofficeInvoicePageRoute => Invoice: view! { <BackofficeInvoicePage/> };
        BackofficeSubscriptionsPageRoute => Subscriptions: view! { <BackofficeSubscriptionsPage/> };
        BackofficeSubscriptionPageRoute => Subscription: view! { <BackofficeSubscriptionPage/> };
    }
    back_office_people, __preload_back_office_people, BackOfficePeoplePages {
        ContactsPageRoute => Contacts: view! { <ContactsPage access_dialog=|| view! { <AccessDialog/> }/> };
        ContactPageRoute => Contact: view! { <ContactPage access_dialog=|| view! { <AccessDialog/> }/> };
        UsersPageRoute => Users: view! { <UsersPage/> };
        UserDetailPageRoute => User: view! { <UserDetailPage/> };
        OutgoingMailPageRoute => OutgoingMail: view! { <OutgoingMailPage/> };
        AuditLogPageRoute => AuditLog: view! { <AuditLogPage/> };
        SettingsPageRoute => Settings: view! { <SettingsPage/> };
    }
    back_office_payments, __preload_back_office_payments, BackOfficePaymentsPages {
        BackofficePaymentsPageRoute => Payments: view! { <BackofficePaymentsPage/> };
    }
}
