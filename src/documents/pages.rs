//! The pieces of document pages every kind and both areas share: the home
//! page's tiles, the lists (the portal's four list pages too), lines,
//! totals, payments, badges, following, and a document's page in the
//! portal. Each kind's own pages are in its `pages.rs`.

use super::api::{
    backoffice_documents, my_documents, my_overview, DocumentPage, DocumentRow, FollowDocument,
    Followable, InvoiceFilter, Line, ListKind, PaymentLine, SortBy, Status,
};
use crate::ui::resource;
use crate::{
    domain::{totals::Totals, Currency, Money},
    error::AppError,
    i18n::{format_day, format_money, format_percent, format_quantity, use_i18n, I18n},
    t,
    ui::{
        address_id, list_address, required_id, ErrorAlert, PageTitle, Pager, PortalPageHead,
        RecordError, Skeleton,
    },
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
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
    Backoffice,
}

impl Area {
    pub fn document_path(self, kind: ListKind, id: i64) -> String {
        match (self, kind) {
            (Self::Portal, _) => kind.portal_document_path(id),
            (Self::Backoffice, ListKind::Quotations | ListKind::Orders) => {
                format!("/admin/orders/{id}")
            }
            (Self::Backoffice, ListKind::Invoices) => format!("/admin/invoices/{id}"),
            (Self::Backoffice, ListKind::Subscriptions) => format!("/admin/subscriptions/{id}"),
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
                Area::Backoffice => {
                    backoffice_documents(kind.as_str().into(), sort, dir, filter, q, after, before)
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
    let staff = area == Area::Backoffice;
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

/// A document's page in the portal: the document by the address's id (a
/// bad id is a 404, like a missing one), shown by `details`; a 404 gets the
/// not-found page, with its status.
pub fn portal_record_page<V, F, Fut>(
    title: &'static str,
    fetch: F,
    details: fn(V) -> AnyView,
) -> impl IntoView
where
    V: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(i64) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = Result<V, AppError>> + Send + 'static,
{
    let id = address_id();
    let record = resource(
        move || id.get(),
        move |id| async move { fetch(required_id(id)?).await },
    );
    view! {
        <PageTitle id=title/>
        <Suspense fallback=Skeleton>
            {move || record.get().map(|result| match result {
                Ok(record) => details(record),
                Err(error) => view! { <RecordError error/> }.into_any(),
            })}
        </Suspense>
    }
}
