//! The portal's document pages — the home page's tiles, the four lists, an
//! order's, an invoice's and a subscription's page — and the pieces the
//! back office's pages share with them (the list, lines, totals, badges).

use super::api::{
    my_documents, my_invoice, my_order, my_overview, my_subscription, DocumentPage, DocumentRow,
    FollowDocument, Followable, InvoiceFilter, InvoiceView, Line, ListKind, OrderView, PaymentLine,
    SortBy, Status, SubscriptionView,
};
use crate::ui::{resource, Resource};
use crate::{
    domain::{totals::Totals, Currency, Money},
    error::AppError,
    i18n::{format_day, format_money, format_percent, format_quantity, use_i18n, I18n},
    t,
    ui::{list_address, ErrorAlert, Fact, PageTitle, Pager, PortalPageHead, Skeleton},
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};

/// Money in the reader's language, following a change of language.
pub fn money_text(i18n: I18n, money: Money) -> impl Fn() -> String + Send + Sync + 'static {
    move || format_money(&money, i18n.locale())
}

pub fn day_text(i18n: I18n, day: String) -> impl Fn() -> String + Send + Sync + 'static {
    move || format_day(&day, i18n.locale())
}

/// A state as a badge: its text always, colour only beside it.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=status.tone()>{t!(i18n, status.label())}</span> }
}

/// The home page's tiles: one per kind of document with its count, loaded
/// after the page (one query for all of them).
#[component]
pub fn OverviewTiles() -> impl IntoView {
    let i18n = use_i18n();
    let overview = resource(|| (), |_| my_overview());
    view! {
        <section aria-labelledby="documents-title">
            <h2 id="documents-title" class="section-title">{t!(i18n, "documents-title")}</h2>
            <Suspense fallback=Skeleton>
                {move || overview.get().map(|result| match result {
                    Ok(o) => {
                        let invoices_note = i18n.tr_with(
                            "documents-invoices-note",
                            &[("unpaid", o.unpaid.to_string()), ("overdue", o.overdue.to_string())],
                        );
                        let overdue_link = (o.overdue > 0).then(|| view! {
                            <a class="tile-note" href="/my/invoices?filter=overdue">{invoices_note.clone()}</a>
                        });
                        let wallet = o.wallet.clone();
                        view! {
                            <ul class="tiles">
                                <Tile href="/my/quotes" label="documents-quotations" count=o.quotations.to_string()/>
                                <Tile href="/my/orders" label="documents-orders" count=o.orders.to_string()/>
                                <li class="tile">
                                    <div>
                                        <a class="tile-link" href="/my/invoices">
                                            <span class="tile-label">{t!(i18n, "documents-invoices")}</span>
                                            <span class="tile-count">{o.invoices}</span>
                                        </a>
                                        {overdue_link.unwrap_or_else(|| view! {
                                            <a class="tile-note" href="/my/invoices?filter=unpaid">{invoices_note}</a>
                                        })}
                                    </div>
                                </li>
                                <Tile href="/my/subscriptions" label="documents-subscriptions" count=o.subscriptions.to_string()/>
                                <Tile href="/my/addresses" label="documents-addresses" count=o.addresses.to_string()/>
                                <Tile href="/my/payment-methods" label="documents-payment-methods" count=o.payment_methods.to_string()/>
                                <li class="tile">
                                    <div>
                                        <a class="tile-link" href="/my/wallet">
                                            <span class="tile-label">{t!(i18n, "documents-wallet")}</span>
                                            <span class="tile-count tile-amount">{money_text(i18n, wallet)}</span>
                                        </a>
                                    </div>
                                </li>
                            </ul>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Tile(href: &'static str, label: &'static str, count: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="tile">
            <a href=href>
                <span class="tile-label">{t!(i18n, label)}</span>
                <span class="tile-count">{count}</span>
            </a>
        </li>
    }
}

/// Where a list's rows lead and whose data it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Portal,
    BackOffice,
}

impl Area {
    pub fn document_path(self, kind: ListKind, id: i64) -> String {
        match (self, kind) {
            (Self::Portal, _) => kind.portal_document_path(id),
            (Self::BackOffice, ListKind::Quotations | ListKind::Orders) => {
                format!("/admin/orders/{id}")
            }
            (Self::BackOffice, ListKind::Invoices) => format!("/admin/invoices/{id}"),
            (Self::BackOffice, ListKind::Subscriptions) => format!("/admin/subscriptions/{id}"),
        }
    }
}

/// A list of documents with search by reference, sorting, the invoices'
/// filters and keyset pages; a table on wide screens, cards on phones.
#[component]
pub fn DocumentList(kind: ListKind, area: Area, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = resource(
        move || {
            (
                param("sort"),
                param("dir"),
                param("filter"),
                param("q"),
                param("after"),
                param("before"),
            )
        },
        move |(sort, dir, filter, q, after, before)| async move {
            match area {
                Area::Portal => {
                    my_documents(kind.as_str().into(), sort, dir, filter, q, after, before).await
                }
                Area::BackOffice => {
                    super::admin_api::staff_documents(
                        kind.as_str().into(),
                        sort,
                        dir,
                        filter,
                        q,
                        after,
                        before,
                    )
                    .await
                }
            }
        },
    );
    let go = move |address: String| {
        navigate(
            &address,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        )
    };
    let sort_go = go.clone();
    let filters = move || {
        (kind == ListKind::Invoices).then(|| {
            let current = InvoiceFilter::parse(&param("filter"));
            let chips = InvoiceFilter::ALL
                .into_iter()
                .map(|filter| {
                    let href = list_address(base, &query.read(), &[("filter", filter.as_str().to_owned())]);
                    view! {
                        <li>
                            <a class="chip" href=href aria-current=(filter == current).then_some("page")>
                                {t!(i18n, filter.label())}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="chips" aria-label=t!(i18n, "documents-filters")>{chips}</ul> }
        })
    };
    let search_id = format!("search-{}", kind.as_str());
    let sort_id = format!("sort-{}", kind.as_str());
    view! {
        <div class="list-controls">
            <form class="toolbar" method="get" action=base role="search">
                <label class="visually-hidden" for=search_id.clone()>{t!(i18n, "documents-search")}</label>
                <input
                    id=search_id
                    class="search"
                    type="search"
                    name="q"
                    autocomplete="off"
                    placeholder=t!(i18n, "documents-search-hint")
                    value=untrack(move || param("q"))
                    prop:value=move || param("q")
                />
                <input type="hidden" name="filter" value=move || param("filter")/>
                <input type="hidden" name="sort" value=move || param("sort")/>
                <button type="submit" class="btn">{t!(i18n, "documents-search")}</button>
            </form>
            <div class="sort">
                <label for=sort_id.clone()>{t!(i18n, "documents-sort")}</label>
                <select
                    id=sort_id
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let (sort, dir) = value.split_once(':').unwrap_or((value.as_str(), ""));
                        sort_go(list_address(base, &query.get_untracked(), &[("sort", sort.to_owned()), ("dir", dir.to_owned())]));
                    }
                >
                    {SortBy::ALL
                        .into_iter()
                        .flat_map(|sort| [(sort, "desc"), (sort, "asc")])
                        .map(|(sort, dir)| {
                            let value = format!("{}:{dir}", sort.as_str());
                            let label = format!("{}-{dir}", sort.label());
                            let chosen = value.clone();
                            view! {
                                <option value=value selected=move || {
                                    let q = super::api::ListQuery::parse(&param("sort"), &param("dir"), "", &param("q"), "", "");
                                    format!("{}:{}", q.sort.as_str(), if q.descending { "desc" } else { "asc" }) == chosen
                                }>{move || i18n.tr(&label)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {filters}
        </div>
        <Transition fallback=Skeleton>
            {move || page.get().map(|result| match result {
                Ok(page) => {
                    let DocumentPage { rows, previous, next } = page;
                    let previous = previous.map(|c| list_address(base, &query.read(), &[("before", c)]));
                    let next = next.map(|c| list_address(base, &query.read(), &[("after", c)]));
                    view! {
                        <DocumentTable kind area rows/>
                        <Pager previous next/>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn DocumentTable(kind: ListKind, area: Area, rows: Vec<DocumentRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, kind.empty())}</p> }.into_any();
    }
    let staff = area == Area::BackOffice;
    let invoices = kind == ListKind::Invoices;
    let date_label = match kind {
        ListKind::Invoices => "documents-invoice-date",
        ListKind::Subscriptions => "documents-start-date",
        _ => "documents-order-date",
    };
    let amount_label = if kind == ListKind::Subscriptions {
        "documents-recurring"
    } else {
        "documents-total"
    };
    let body = rows
        .into_iter()
        .map(|row| {
            let href = area.document_path(kind, row.id);
            let period = row.period.clone().map(|p| i18n.tr(&format!("period-per-{p}")));
            view! {
                <tr>
                    <td class="primary" data-label=t!(i18n, "documents-reference")>
                        <a href=href>{row.reference}</a>
                    </td>
                    {staff.then(|| view! { <td data-label=t!(i18n, "field-customer")>{row.customer.clone()}</td> })}
                    <td data-label=t!(i18n, date_label)>{day_text(i18n, row.date)}</td>
                    {invoices.then(|| {
                        let due = row.due_date.clone().unwrap_or_default();
                        view! { <td data-label=t!(i18n, "documents-due-date")>{day_text(i18n, due)}</td> }
                    })}
                    <td class="number" data-label=t!(i18n, amount_label)>
                        {money_text(i18n, row.total)}
                        {period.map(|p| view! { <span class="muted small">" "{p}</span> })}
                    </td>
                    {invoices.then(|| {
                        let due = row.due.clone();
                        view! {
                            <td class="number" data-label=t!(i18n, "documents-amount-due")>
                                {due.map(|due| money_text(i18n, due))}
                            </td>
                        }
                    })}
                    <td data-label=t!(i18n, "documents-state")><StatusBadge status=row.status/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data cards">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, "documents-reference")}</th>
                        {staff.then(|| view! { <th scope="col">{t!(i18n, "field-customer")}</th> })}
                        <th scope="col">{t!(i18n, date_label)}</th>
                        {invoices.then(|| view! { <th scope="col">{t!(i18n, "documents-due-date")}</th> })}
                        <th scope="col" class="number">{t!(i18n, amount_label)}</th>
                        {invoices.then(|| view! { <th scope="col" class="number">{t!(i18n, "documents-amount-due")}</th> })}
                        <th scope="col">{t!(i18n, "documents-state")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/my/quotes`, `/my/orders`, `/my/invoices`, `/my/subscriptions`.
#[component]
pub fn MyDocumentsPage(kind: ListKind) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PortalPageHead title=kind.title()/>
        {matches!(kind, ListKind::Quotations | ListKind::Orders).then(|| {
            let tab = move |tab: ListKind| view! {
                <li>
                    <a class="chip" href=tab.portal_path() aria-current=(tab == kind).then_some("page")>{t!(i18n, tab.title())}</a>
                </li>
            };
            view! {
                <ul class="chips tabs" aria-label=t!(i18n, "documents-orders-admin")>
                    {tab(ListKind::Quotations)}
                    {tab(ListKind::Orders)}
                </ul>
            }
        })}
        <DocumentList kind area=Area::Portal base=kind.portal_path()/>
    }
}

/// The lines of an order or invoice: a table, cards on phones.
#[component]
pub fn LinesTable(lines: Vec<Line>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let rows = lines
        .into_iter()
        .map(|line| {
            let terms = line.terms;
            view! {
                <tr>
                    <td class="primary" data-label=t!(i18n, "documents-description")>{line.description}</td>
                    <td class="number" data-label=t!(i18n, "documents-quantity")>{move || format_quantity(terms.quantity_milli, i18n.locale())}</td>
                    <td class="number" data-label=t!(i18n, "documents-unit-price")>{money_text(i18n, Money::new(terms.unit_price, currency))}</td>
                    <td class="number" data-label=t!(i18n, "documents-discount")>{move || (terms.discount_bp > 0).then(|| format_percent(terms.discount_bp, i18n.locale()))}</td>
                    <td class="number" data-label=t!(i18n, "documents-tax")>{move || format_percent(terms.tax_bp, i18n.locale())}</td>
                    <td class="number" data-label=t!(i18n, "documents-amount")>{money_text(i18n, Money::new(line.untaxed, currency))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data cards lines">
                <caption class="visually-hidden">{t!(i18n, "documents-lines")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, "documents-description")}</th>
                        <th scope="col" class="number">{t!(i18n, "documents-quantity")}</th>
                        <th scope="col" class="number">{t!(i18n, "documents-unit-price")}</th>
                        <th scope="col" class="number">{t!(i18n, "documents-discount")}</th>
                        <th scope="col" class="number">{t!(i18n, "documents-tax")}</th>
                        <th scope="col" class="number">{t!(i18n, "documents-amount")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Untaxed amount, tax per rate, total, payments and what is still due.
#[component]
pub fn TotalsBlock(
    totals: Totals,
    currency: Currency,
    paid: i64,
    /// Shown (and emphasised) for posted invoices.
    due: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |minor: i64| money_text(i18n, Money::new(minor, currency));
    let taxes = totals
        .taxes
        .iter()
        .map(|group| {
            let rate = group.tax_bp;
            let amount = group.amount;
            view! {
                <div>
                    <dt>{move || i18n.tr_with("documents-tax-at", &[("rate", format_percent(rate, i18n.locale()))])}</dt>
                    <dd>{money(amount)}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="totals">
            <div><dt>{t!(i18n, "documents-untaxed")}</dt><dd>{money(totals.untaxed)}</dd></div>
            {taxes}
            <div class="grand"><dt>{t!(i18n, "documents-total")}</dt><dd>{money(totals.total)}</dd></div>
            {(paid > 0).then(|| view! { <div><dt>{t!(i18n, "documents-paid")}</dt><dd>{money(paid)}</dd></div> })}
            {due.map(|due| view! { <div class="due"><dt>{t!(i18n, "documents-amount-due")}</dt><dd>{money(due)}</dd></div> })}
        </dl>
    }
}

#[component]
pub fn PaymentsList(payments: Vec<PaymentLine>) -> impl IntoView {
    let i18n = use_i18n();
    if payments.is_empty() {
        return view! { <p class="muted">{t!(i18n, "documents-no-payments")}</p> }.into_any();
    }
    let rows = payments
        .into_iter()
        .map(|payment| {
            let method = format!("payment-method-{}", payment.method);
            let refunded = (payment.refunded > 0).then(|| {
                let money = Money::new(payment.refunded, payment.amount.currency);
                view! { <span class="muted">" · "{move || i18n.tr_with("ledger-refunded", &[("amount", money_text(i18n, money.clone())())])}</span> }
            });
            view! {
                <li>
                    <span>{day_text(i18n, payment.received_on)}" · "{t!(i18n, &method)}
                        {(!payment.reference.is_empty()).then(|| view! { <span class="muted">" · "{payment.reference.clone()}</span> })}
                        {refunded}
                    </span>
                    <strong>{money_text(i18n, payment.amount)}</strong>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="payments">{rows}</ul> }.into_any()
}

/// Follow (emails about this document) or stop; a form, so it works
/// before the WASM has loaded.
#[component]
pub fn FollowToggle(document: Followable, id: i64, following: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<FollowDocument>::new();
    let on = RwSignal::new(following);
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            on.set(now);
        }
    });
    view! {
        <ActionForm action=action attr:class="inline-form follow">
            <input type="hidden" name="document" value=format!("{document:?}")/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="follow" value=move || (!on.get()).to_string()/>
            <button type="submit" class="btn" aria-pressed=move || on.get().to_string() disabled=move || action.pending().get()>
                {move || if on.get() { i18n.tr("documents-following") } else { i18n.tr("documents-follow") }}
            </button>
        </ActionForm>
        <p class="muted small follow-hint">{t!(i18n, "documents-follow-hint")}</p>
        {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorAlert error=Some(error)/> })}
    }
}

fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}

/// Loads a document by the address's id; a bad id is a 404, like a
/// missing one.
fn load<T, F, Fut>(fetch: F) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(i64) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let id = id_param();
    resource(id, move |id| async move {
        match id {
            Some(id) => fetch(id).await,
            None => Err(AppError::NotFound),
        }
    })
}

/// An error on a document's page: 404 gets the not-found page.
fn document_error(error: AppError) -> AnyView {
    if error == AppError::NotFound {
        view! { <crate::ui::NotFoundInFrame/> }.into_any()
    } else {
        view! { <ErrorAlert error=Some(error)/> }.into_any()
    }
}

/// `/my/orders/{id}`: a quotation or an order.
#[component]
pub fn MyOrderPage() -> impl IntoView {
    let order = load(my_order);
    view! {
        <PageTitle id="documents-order"/>
        <Suspense fallback=Skeleton>
            {move || order.get().map(|result| match result {
                Ok(order) => view! { <OrderDetails order area=Area::Portal/> }.into_any(),
                Err(error) => document_error(error),
            })}
        </Suspense>
    }
}

/// An order's page body, for both areas.
#[component]
pub fn OrderDetails(order: OrderView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let (list, list_label) = match (area, order.is_quotation) {
        (Area::Portal, true) => ("/my/quotes", "documents-quotations"),
        (Area::Portal, false) => ("/my/orders", "documents-orders"),
        (Area::BackOffice, _) => ("/admin/orders", "documents-orders-admin"),
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

/// `/my/invoices/{id}`.
#[component]
pub fn MyInvoicePage() -> impl IntoView {
    let invoice = load(my_invoice);
    view! {
        <PageTitle id="documents-invoice"/>
        <Suspense fallback=Skeleton>
            {move || invoice.get().map(|result| match result {
                Ok(invoice) => view! { <InvoiceDetails invoice area=Area::Portal/> }.into_any(),
                Err(error) => document_error(error),
            })}
        </Suspense>
    }
}

/// An invoice's page body, for both areas.
#[component]
pub fn InvoiceDetails(invoice: InvoiceView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let list = match area {
        Area::Portal => "/my/invoices",
        Area::BackOffice => "/admin/invoices",
    };
    let number = invoice.number.clone();
    let heading = move || i18n.tr_with("documents-invoice-title", &[("number", number.clone())]);
    let portal = area == Area::Portal;
    let pdf = format!("{}/pdf", area.document_path(ListKind::Invoices, invoice.id));
    let due = (invoice.state == "posted").then_some(invoice.due);
    let overdue = invoice.overdue;
    // Back from paying: `?paid=<payment>`.
    let query = leptos_router::hooks::use_query_map();
    let paid_now = move || query.read().get("paid").is_some();
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href=list>{t!(i18n, "documents-invoices")}</a></p>
                <h1 class="page-title">{heading}" "<StatusBadge status=invoice.status/></h1>
            </div>
            <div class="actions">
                {(portal && due.is_some_and(|due| due > 0)).then(|| view! {
                    <a class="btn btn-primary" href=format!("/my/invoices/{}/pay", invoice.id)>{t!(i18n, "pay-invoice")}</a>
                })}
                <a class="btn" href=pdf rel="external" download>{t!(i18n, "documents-download-pdf")}</a>
                {portal.then(|| view! { <FollowToggle document=Followable::Invoice id=invoice.id following=invoice.following/> })}
            </div>
        </div>
        {move || (portal && paid_now()).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "pay-done")}</div>
        })}
        <section class="card">
            <dl class="facts">
                <Fact label="field-customer">{invoice.customer.name.clone()}</Fact>
                <Fact label="documents-invoice-date">{day_text(i18n, invoice.invoice_date.clone())}</Fact>
                <Fact label="documents-due-date">
                    {day_text(i18n, invoice.due_date.clone())}
                    {overdue.then(|| view! { " " <span class="badge badge-danger">{t!(i18n, "status-overdue")}</span> })}
                </Fact>
                {due.map(|due| view! { <Fact label="documents-amount-due"><strong>{money_text(i18n, Money::new(due, invoice.currency))}</strong></Fact> })}
                {invoice.order.clone().map(|(id, reference)| view! {
                    <Fact label="documents-from-order"><a href=area.document_path(ListKind::Orders, id)>{reference}</a></Fact>
                })}
            </dl>
        </section>
        <section class="card" aria-labelledby="lines-title">
            <h2 id="lines-title" class="card-title">{t!(i18n, "documents-lines")}</h2>
            <LinesTable lines=invoice.lines currency=invoice.currency/>
            <TotalsBlock totals=invoice.totals currency=invoice.currency paid=invoice.paid due/>
        </section>
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title" class="card-title">{t!(i18n, "documents-payments")}</h2>
            <PaymentsList payments=invoice.payments/>
        </section>
        {(!invoice.note.is_empty()).then(|| view! { <section class="card"><p class="note">{invoice.note.clone()}</p></section> })}
    }
}

/// `/my/subscriptions/{id}`.
#[component]
pub fn MySubscriptionPage() -> impl IntoView {
    let subscription = load(my_subscription);
    view! {
        <PageTitle id="documents-subscription"/>
        <Suspense fallback=Skeleton>
            {move || subscription.get().map(|result| match result {
                Ok(subscription) => view! { <SubscriptionDetails subscription area=Area::Portal/> }.into_any(),
                Err(error) => document_error(error),
            })}
        </Suspense>
    }
}

#[component]
pub fn SubscriptionDetails(subscription: SubscriptionView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let list = match area {
        Area::Portal => "/my/subscriptions",
        Area::BackOffice => "/admin/subscriptions",
    };
    let portal = area == Area::Portal;
    let period = format!("period-per-{}", subscription.period);
    let renewable = matches!(subscription.state.as_str(), "active" | "paused");
    // Back from the renewal page: `?renewal=changed` or `cancelled`.
    let query = leptos_router::hooks::use_query_map();
    let renewal_note = move || match query.read().get("renewal").as_deref() {
        Some("changed") => Some("renewal-changed"),
        Some("cancelled") => Some("renewal-cancelled"),
        _ => None,
    };
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href=list>{t!(i18n, "documents-subscriptions")}</a></p>
                <h1 class="page-title">{subscription.plan.clone()}" "<StatusBadge status=subscription.status/></h1>
                <p class="muted">{subscription.reference.clone()}</p>
            </div>
            <div class="actions">
                {(portal && renewable).then(|| view! {
                    <a class="btn" href=format!("/my/subscriptions/{}/renewal", subscription.id)>{t!(i18n, "renewal-manage")}</a>
                })}
                {portal.then(|| view! { <FollowToggle document=Followable::Subscription id=subscription.id following=subscription.following/> })}
            </div>
        </div>
        {move || portal.then(|| renewal_note()).flatten().map(|id| view! {
            <div class="alert alert-success" role="status">{t!(i18n, id)}</div>
        })}
        <section class="card">
            <dl class="facts">
                <Fact label="field-customer">{subscription.customer.name.clone()}</Fact>
                <Fact label="documents-plan">{subscription.plan.clone()}</Fact>
                <Fact label="renewal-method">
                    {match subscription.renewed_with.clone() {
                        Some((brand, last4)) => format!("{} •••• {last4}", i18n.tr(&format!("payment-brand-{brand}"))),
                        None => i18n.tr("renewal-no-method"),
                    }}
                </Fact>
                <Fact label="documents-recurring">{money_text(i18n, subscription.amount.clone())}" "{t!(i18n, &period)}</Fact>
                <Fact label="documents-start-date">{day_text(i18n, subscription.start_date.clone())}</Fact>
                {subscription.next_invoice_date.clone().map(|day| view! { <Fact label="documents-next-invoice">{day_text(i18n, day)}</Fact> })}
                {subscription.ends_on.clone().map(|day| view! { <Fact label="documents-ends-on">{day_text(i18n, day)}</Fact> })}
            </dl>
        </section>
    }
}
