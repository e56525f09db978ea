//! A quotation's or an order's pages: the portal's, the back office's
//! list with a tab per kind, and the back office's form (while a draft)
//! with the state buttons its machine allows.

use super::api::{backoffice_order, my_order, ActOnOrder, OrderView, SaveOrder};
use crate::{
    documents::{
        api::{ActionNames, Followable, ListKind},
        backoffice::{
            draft_body, last_error, record_page, DraftDocument, FormAlert, FormStart, StateButton,
        },
        pages::{
            day_text, portal_record_page, Area, DocumentList, FollowToggle, LinesTable,
            PaymentsList, StatusBadge, TotalsBlock,
        },
    },
    domain::states::{OrderAction, OrderState},
    i18n::{use_i18n, I18n},
    t,
    ui::{Fact, PageTitle},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/orders`: quotations and orders, one tab each.
#[component]
pub fn BackofficeOrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = Memo::new(move |_| {
        if query.read().get("kind").as_deref() == Some("orders") {
            ListKind::Orders
        } else {
            ListKind::Quotations
        }
    });
    let tab = move |tab: ListKind, label: &'static str| {
        view! {
            <li>
                <a class="chip" href=format!("/admin/orders?kind={}", tab.as_str()) aria-current=move || (kind.get() == tab).then_some("page")>
                    {t!(i18n, label)}
                </a>
            </li>
        }
    };
    view! {
        <PageTitle id="documents-orders-admin"/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, "documents-orders-admin")}</h1>
            <a class="btn btn-primary" href="/admin/orders/new">{t!(i18n, "documents-new-quotation")}</a>
        </div>
        <ul class="chips tabs" aria-label=t!(i18n, "documents-orders-admin")>
            {tab(ListKind::Quotations, "documents-quotations")}
            {tab(ListKind::Orders, "documents-orders")}
        </ul>
        {move || {
            let kind = kind.get();
            view! { <DocumentList kind area=Area::Backoffice base="/admin/orders"/> }
        }}
    }
}

/// `/my/orders/{id}`: a quotation or an order.
#[component]
pub fn MyOrderPage() -> impl IntoView {
    portal_record_page("documents-order", my_order, |order| {
        view! { <OrderDetails order area=Area::Portal/> }.into_any()
    })
}

/// An order's page body, for both areas.
#[component]
pub fn OrderDetails(order: OrderView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let (list, list_label) = match (area, order.is_quotation) {
        (Area::Portal, true) => ("/my/quotes", "documents-quotations"),
        (Area::Portal, false) => ("/my/orders", "documents-orders"),
        (Area::Backoffice, _) => ("/admin/orders", "documents-orders-admin"),
    };
    let title = if order.is_quotation {
        "documents-quotation-title"
    } else {
        "documents-order-title"
    };
    let reference = order.reference.clone();
    let heading = move || i18n.tr_with(title, &[("reference", reference.clone())]);
    let portal = area == Area::Portal;
    let pdf = format!("{}/pdf", area.document_path(ListKind::Orders, order.id));
    let invoices = order.invoices.clone();
    // Back from paying: `?paid=<payment>`.
    let query = leptos_router::hooks::use_query_map();
    let paid_now = move || query.read().get("paid").is_some();
    let payments = order.payments.clone();
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href=list>{t!(i18n, list_label)}</a></p>
                <h1 class="page-title">{heading}" "<StatusBadge status=order.status/></h1>
            </div>
            <div class="actions">
                {(portal && order.payable).then(|| view! {
                    <a class="btn btn-primary" href=format!("/my/orders/{}/pay", order.id)>
                        {t!(i18n, if order.is_quotation { "pay-quotation" } else { "pay-order" })}
                    </a>
                })}
                <a class="btn" href=pdf rel="external" download>{t!(i18n, "documents-download-pdf")}</a>
                {portal.then(|| view! { <FollowToggle document=Followable::Order id=order.id following=order.following/> })}
            </div>
        </div>
        {move || (portal && paid_now()).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "pay-done")}</div>
        })}
        <section class="card">
            <dl class="facts">
                <Fact label="field-customer">{order.customer.name.clone()}</Fact>
                <Fact label="documents-order-date">{day_text(i18n, order.order_date.clone())}</Fact>
                {order.valid_until.clone().map(|until| view! { <Fact label="documents-valid-until">{day_text(i18n, until)}</Fact> })}
                <Fact label="documents-currency">{order.currency.code()}</Fact>
                {(!invoices.is_empty()).then(|| view! {
                    <Fact label="documents-invoices">
                        {invoices.into_iter().map(|(id, number)| view! {
                            <a class="line" href=area.document_path(ListKind::Invoices, id)>{number}</a>
                        }).collect_view()}
                    </Fact>
                })}
            </dl>
        </section>
        <section class="card" aria-labelledby="lines-title">
            <h2 id="lines-title" class="card-title">{t!(i18n, "documents-lines")}</h2>
            <LinesTable lines=order.lines currency=order.currency/>
            <TotalsBlock totals=order.totals currency=order.currency paid=order.paid due=None/>
        </section>
        {(!payments.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="payments-title">
                <h2 id="payments-title" class="card-title">{t!(i18n, "documents-payments")}</h2>
                <PaymentsList payments/>
            </section>
        })}
        {(!order.note.is_empty()).then(|| view! { <section class="card"><p class="note">{order.note.clone()}</p></section> })}
    }
}

/// `/admin/orders/new` and `/admin/orders/{id}`.
#[component]
pub fn BackofficeOrderPage() -> impl IntoView {
    let save = ServerAction::<SaveOrder>::new();
    let act = ServerAction::<ActOnOrder>::new();
    record_page(
        "documents-order",
        backoffice_order,
        move || save.version().get() + act.version().get(),
        move |order, customers| view! { <OrderEditor order customers save act/> }.into_any(),
    )
}

#[component]
fn OrderEditor(
    order: Option<OrderView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveOrder>,
    act: ServerAction<ActOnOrder>,
) -> impl IntoView {
    let act_error = last_error(act.value());
    let actions = order.as_ref().map(|o| {
        let id = o.id;
        let button = move |action: OrderAction, label: &'static str, primary: bool, confirm: Option<&'static str>| {
            o.allows(action).then(|| view! {
                <StateButton action=act id name=OrderState::action_name(action) label primary confirm/>
            })
        };
        view! {
            <div class="actions">
                {button(OrderAction::Send, "documents-send", false, None)}
                {button(OrderAction::Confirm, "documents-confirm", true, None)}
                {button(OrderAction::Invoice, "documents-create-invoice", true, None)}
                {button(OrderAction::Cancel, "documents-cancel", false, Some("documents-cancel-confirm"))}
            </div>
        }
    });
    let body = draft_body(order, save, customers);
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
    }
}

impl DraftDocument for OrderView {
    const LIST: (&'static str, &'static str) = ("/admin/orders", "documents-orders-admin");
    const LABELS: [&'static str; 3] = [
        "documents-new-quotation",
        "documents-order-date",
        "documents-valid-until",
    ];

    fn id(&self) -> i64 {
        self.id
    }

    fn editable(&self) -> bool {
        self.allows(OrderAction::Edit)
    }

    fn form_start(&self) -> FormStart {
        let dates = (self.order_date.as_str(), self.valid_until.as_deref());
        FormStart::of(
            &self.customer,
            self.currency,
            &self.note,
            &self.lines,
            dates,
        )
    }

    fn title(&self, i18n: I18n) -> String {
        let reference = [("reference", self.reference.clone())];
        i18n.tr_with("documents-quotation-title", &reference)
    }

    fn details(&self) -> AnyView {
        view! { <OrderDetails order=self.clone() area=Area::Backoffice/> }.into_any()
    }
}
