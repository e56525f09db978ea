//! The back office's document pages: the lists, a quotation's or invoice's
//! form with its lines (editable while draft), the state buttons, payments
//! received, and subscriptions.

use super::{
    admin_api::{
        document_customers, staff_invoice, staff_order, staff_subscription, InvoiceAction,
        OrderAction, RecordPayment, SaveInvoice, SaveOrder, SaveSubscription, SubscriptionAction,
        PAYMENT_METHODS,
    },
    api::{InvoiceView, Line, ListKind, OrderView, SubscriptionView},
    pages::{Area, DocumentList, InvoiceDetails, OrderDetails, SubscriptionDetails},
};
use crate::ui::resource;
use crate::{
    domain::{totals::plain_decimal, Currency},
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, FieldMessage, FormField, PageTitle, Skeleton},
};
use leptos::prelude::*;
use leptos::reactive::signal::MappedSignal;
use leptos_router::hooks::{use_params_map, use_query_map};

const CURRENCIES: [Currency; 4] = [Currency::Ron, Currency::Eur, Currency::Usd, Currency::Gbp];

/// `/admin/orders`: quotations and orders, one tab each.
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
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
            view! { <DocumentList kind area=Area::BackOffice base="/admin/orders"/> }
        }}
    }
}

/// `/admin/invoices`.
#[component]
pub fn AdminInvoicesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id="documents-invoices"/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, "documents-invoices")}</h1>
            <a class="btn btn-primary" href="/admin/invoices/new">{t!(i18n, "documents-new-invoice")}</a>
        </div>
        <DocumentList kind=ListKind::Invoices area=Area::BackOffice base="/admin/invoices"/>
    }
}

/// `/admin/subscriptions`.
#[component]
pub fn AdminSubscriptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id="documents-subscriptions"/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, "documents-subscriptions")}</h1>
            <a class="btn btn-primary" href="/admin/subscriptions/new">{t!(i18n, "documents-new-subscription")}</a>
        </div>
        <DocumentList kind=ListKind::Subscriptions area=Area::BackOffice base="/admin/subscriptions"/>
    }
}

/// The refusal of one field, from an action's last answer.
fn field_message(error: Signal<Option<AppError>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(&field).map(str::to_owned))
    })
}

fn last_error(value: MappedSignal<Option<Result<i64, AppError>>>) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(Result::err))
}

/// A general error (not tied to a field), or the "check the fields" banner.
#[component]
fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| match &error {
            AppError::Invalid(errors) => {
                let general = errors
                    .iter()
                    .find(|e| e.field == "state" || e.field == "action")
                    .map(|e| e.message.clone())
                    .unwrap_or_else(|| "error-invalid".to_owned());
                view! { <div class="alert alert-error" role="alert">{i18n.tr(&general)}</div> }
                    .into_any()
            }
            _ => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        })
    }
}

fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    })
}

/// What a quotation's or invoice's form starts with.
#[derive(Debug, Clone, Default)]
struct FormStart {
    customer_id: Option<i64>,
    date: String,
    until: String,
    currency: Option<Currency>,
    note: String,
    lines: Vec<Line>,
}

/// The customer, dates, currency, note and lines of a quotation or invoice.
/// Rows left blank are ignored; three blank rows are offered for more.
#[component]
fn DocumentFields(
    start: FormStart,
    customers: Vec<(i64, String)>,
    error: Signal<Option<AppError>>,
    date_label: &'static str,
    until_label: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let currency = start.currency.unwrap_or(Currency::Ron);
    let digits = currency.minor_digits();
    let mut rows: Vec<[String; 5]> = start
        .lines
        .iter()
        .map(|line| {
            [
                line.description.clone(),
                plain_decimal(line.terms.quantity_milli, 3),
                plain_decimal(line.terms.unit_price, digits),
                if line.terms.discount_bp == 0 {
                    String::new()
                } else {
                    plain_decimal(line.terms.discount_bp, 2)
                },
                plain_decimal(line.terms.tax_bp, 2),
            ]
        })
        .collect();
    rows.extend((0..3).map(|_| Default::default()));
    let customer_message = field_message(error, "customer_id".into());
    let currency_message = field_message(error, "currency".into());
    let lines_message = field_message(error, "lines".into());
    let selected_customer = start.customer_id;
    let line_rows = rows
        .into_iter()
        .enumerate()
        .map(|(row, [description, quantity, price, discount, tax])| {
            let cell = |name: &'static str, label: &'static str, value: String, wide: bool| {
                view! {
                    <FormField error name=format!("document[lines][{row}][{name}]") field=format!("lines.{row}.{name}") label value wide/>
                }
            };
            view! {
                <fieldset class="line-row">
                    <legend class="visually-hidden">{move || i18n.tr_with("documents-line-n", &[("n", (row + 1).to_string())])}</legend>
                    {cell("description", "documents-description", description, true)}
                    {cell("quantity", "documents-quantity", quantity, false)}
                    {cell("unit_price", "documents-unit-price", price, false)}
                    {cell("discount", "documents-discount-percent", discount, false)}
                    {cell("tax", "documents-tax-percent", tax, false)}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <div class="form-grid">
            <div class="field">
                <label for="f-customer_id">{t!(i18n, "field-customer")}</label>
                <select id="f-customer_id" name="document[customer_id]" aria-describedby="f-customer_id-error">
                    <option value="">{t!(i18n, "documents-choose-customer")}</option>
                    {customers.into_iter().map(|(id, name)| view! {
                        <option value=id selected=selected_customer == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
                <FieldMessage id="f-customer_id-error".to_owned() message=customer_message/>
            </div>
            <div class="field">
                <label for="f-currency">{t!(i18n, "documents-currency")}</label>
                <select id="f-currency" name="document[currency]" aria-describedby="f-currency-error">
                    {CURRENCIES.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                </select>
                <FieldMessage id="f-currency-error".to_owned() message=currency_message/>
            </div>
            <FormField error name="document[date]" field="date" label=date_label value=start.date kind="date"/>
            <FormField error name="document[until]" field="until" label=until_label value=start.until kind="date"/>
        </div>
        <h2 class="section-title">{t!(i18n, "documents-lines")}</h2>
        <p class="hint">{t!(i18n, "documents-lines-hint")}</p>
        <FieldMessage id="f-lines-error".to_owned() message=lines_message/>
        <div class="line-editor">{line_rows}</div>
        <div class="field field-wide">
            <label for="f-note">{t!(i18n, "documents-note")}</label>
            <textarea id="f-note" name="document[note]" rows="3">{start.note}</textarea>
        </div>
    }
}

/// A state button: a form of its own, with a confirmation first when it
/// cannot be undone.
#[component]
fn StateButton<A>(
    action: ServerAction<A>,
    id: i64,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] confirm: Option<&'static str>,
    #[prop(optional)] primary: bool,
) -> impl IntoView
where
// What `ActionForm` asks of its server function: one that answers an id.
    A: serde::de::DeserializeOwned
        + leptos::server_fn::ServerFn<
            Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, leptos::server_fn::codec::Json>,
            Output = i64,
            Error = AppError,
        > + Clone
        + Send
        + Sync
        + 'static,
    <<A::Client as leptos::server_fn::client::Client<AppError>>::Request as leptos::server_fn::request::ClientReq<
        AppError,
    >>::FormData: From<leptos::web_sys::FormData>,
    A::Client: leptos::server_fn::client::Client<AppError>,
{
    let i18n = use_i18n();
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="action" value=name/>
            <button
                type="submit"
                class=if primary { "btn btn-primary" } else if confirm.is_some() { "btn btn-danger" } else { "btn" }
                disabled=move || action.pending().get()
                on:click=move |ev| {
                    if let Some(question) = confirm {
                        if !window().confirm_with_message(&i18n.tr(question)).unwrap_or(false) {
                            ev.prevent_default();
                        }
                    }
                }
            >
                {t!(i18n, label)}
            </button>
        </ActionForm>
    }
}

/// `/admin/orders/new` and `/admin/orders/{id}`.
#[component]
pub fn AdminOrderPage() -> impl IntoView {
    let id = id_param();
    let save = ServerAction::<SaveOrder>::new();
    let act = ServerAction::<OrderAction>::new();
    let data = resource(
        move || (id.get(), save.version().get(), act.version().get()),
        |(id, _, _)| async move {
            let order = match id {
                Some(id) => Some(staff_order(id).await?),
                None => None,
            };
            Ok::<_, AppError>((order, document_customers().await?))
        },
    );
    view! {
        <PageTitle id="documents-order"/>
        <Transition fallback=Skeleton>
            {move || data.get().map(|result| match result {
                Ok((order, customers)) => view! { <OrderEditor order customers save act/> }.into_any(),
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn OrderEditor(
    order: Option<OrderView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveOrder>,
    act: ServerAction<OrderAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save_error = last_error(save.value());
    let act_error = last_error(act.value());
    let editable = order.as_ref().is_none_or(|o| o.state == "draft");
    let actions = order.as_ref().map(|o| {
        let id = o.id;
        let state = o.state.clone();
        let invoiced = !o.invoices.is_empty();
        view! {
            <div class="actions">
                {(state == "draft").then(|| view! { <StateButton action=act id name="send" label="documents-send"/> })}
                {(state == "draft" || state == "sent").then(|| view! { <StateButton action=act id name="confirm" label="documents-confirm" primary=true/> })}
                {(state == "confirmed" && !invoiced).then(|| view! { <StateButton action=act id name="invoice" label="documents-create-invoice" primary=true/> })}
                {(state != "cancelled").then(|| view! { <StateButton action=act id name="cancel" label="documents-cancel" confirm="documents-cancel-confirm"/> })}
            </div>
        }
    });
    let body = match (&order, editable) {
        (Some(order), false) => {
            view! { <OrderDetails order=order.clone() area=Area::BackOffice/> }.into_any()
        }
        _ => {
            let start = order
                .as_ref()
                .map(|o| FormStart {
                    customer_id: Some(o.customer.id),
                    date: o.order_date.clone(),
                    until: o.valid_until.clone().unwrap_or_default(),
                    currency: Some(o.currency),
                    note: o.note.clone(),
                    lines: o.lines.clone(),
                })
                .unwrap_or_else(|| FormStart {
                    date: today(),
                    ..Default::default()
                });
            let id = order.as_ref().map(|o| o.id);
            let title = order.as_ref().map_or_else(
                || i18n.tr("documents-new-quotation"),
                |o| {
                    i18n.tr_with(
                        "documents-quotation-title",
                        &[("reference", o.reference.clone())],
                    )
                },
            );
            view! {
                <DraftCard list="/admin/orders" list_label="documents-orders-admin" title error=save_error>
                    <ActionForm action=save attr:class="form">
                        {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                        <DocumentFields start customers error=save_error date_label="documents-order-date" until_label="documents-valid-until"/>
                        <SaveButton pending=save.pending()/>
                    </ActionForm>
                </DraftCard>
            }
            .into_any()
        }
    };
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
    }
}

/// The head and card of a record's form in the back office: the way back
/// to its list, its title (and state), the form's general refusal, and the
/// form itself.
#[component]
fn DraftCard(
    list: &'static str,
    list_label: &'static str,
    title: String,
    #[prop(default = None)] status: Option<super::api::Status>,
    error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href=list>{t!(i18n, list_label)}</a></p>
                <h1 class="page-title">{title}" "{status.map(|status| view! { <super::pages::StatusBadge status/> })}</h1>
            </div>
        </div>
        <FormAlert error/>
        <section class="card">{children()}</section>
    }
}

#[component]
fn SaveButton(#[prop(into)] pending: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{t!(i18n, "documents-save")}</button>
        </div>
    }
}

fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// `/admin/invoices/new` and `/admin/invoices/{id}`.
#[component]
pub fn AdminInvoicePage() -> impl IntoView {
    let id = id_param();
    let save = ServerAction::<SaveInvoice>::new();
    let act = ServerAction::<InvoiceAction>::new();
    let pay = ServerAction::<RecordPayment>::new();
    let data = resource(
        move || {
            (
                id.get(),
                save.version().get(),
                act.version().get(),
                pay.version().get(),
            )
        },
        |(id, _, _, _)| async move {
            let invoice = match id {
                Some(id) => Some(staff_invoice(id).await?),
                None => None,
            };
            Ok::<_, AppError>((invoice, document_customers().await?))
        },
    );
    view! {
        <PageTitle id="documents-invoice"/>
        <Transition fallback=Skeleton>
            {move || data.get().map(|result| match result {
                Ok((invoice, customers)) => view! { <InvoiceEditor invoice customers save act pay/> }.into_any(),
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn InvoiceEditor(
    invoice: Option<InvoiceView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveInvoice>,
    act: ServerAction<InvoiceAction>,
    pay: ServerAction<RecordPayment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save_error = last_error(save.value());
    let act_error = last_error(act.value());
    let pay_error = last_error(pay.value());
    // A payment recorded: the form starts again from the new amount due
    // (its inputs' defaults), not from what was typed.
    let pay_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(pay.value().get(), Some(Ok(_))) {
            if let Some(form) = pay_form.get() {
                form.reset();
            }
        }
    });
    let editable = invoice.as_ref().is_none_or(|i| i.state == "draft");
    let actions = invoice.as_ref().map(|invoice| {
        let id = invoice.id;
        let state = invoice.state.clone();
        let unpaid = invoice.paid == 0;
        view! {
            <div class="actions">
                {(state == "draft").then(|| view! { <StateButton action=act id name="post" label="documents-post" primary=true/> })}
                {(state != "cancelled" && unpaid).then(|| view! { <StateButton action=act id name="cancel" label="documents-cancel" confirm="documents-cancel-confirm"/> })}
            </div>
        }
    });
    let payment_form = invoice
        .as_ref()
        .filter(|i| i.state == "posted" && i.due > 0)
        .map(|invoice| {
            let id = invoice.id;
            let due = plain_decimal(invoice.due, invoice.currency.minor_digits());
            let method_message = field_message(pay_error, "method".into());
            view! {
                <section class="card" aria-labelledby="record-payment-title">
                    <h2 id="record-payment-title" class="card-title">{t!(i18n, "documents-record-payment")}</h2>
                    <FormAlert error=pay_error/>
                    <ActionForm action=pay node_ref=pay_form attr:class="form form-grid">
                        <input type="hidden" name="invoice_id" value=id/>
                        <FormField error=pay_error name="payment[amount]" field="amount" label="documents-amount" value=due/>
                        <div class="field">
                            <label for="f-method">{t!(i18n, "documents-method")}</label>
                            <select id="f-method" name="payment[method]" aria-describedby="f-method-error">
                                {PAYMENT_METHODS.into_iter().map(|m| {
                                    let label = format!("payment-method-{m}");
                                    view! { <option value=m>{t!(i18n, &label)}</option> }
                                }).collect_view()}
                            </select>
                            <FieldMessage id="f-method-error".to_owned() message=method_message/>
                        </div>
                        <FormField error=pay_error name="payment[received_on]" field="received_on" label="documents-received-on" value=today() kind="date"/>
                        <FormField error=pay_error name="payment[reference]" field="reference" label="documents-payment-reference" value=String::new()/>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || pay.pending().get()>{t!(i18n, "documents-record-payment")}</button>
                        </div>
                    </ActionForm>
                </section>
            }
        });
    let body = match (&invoice, editable) {
        (Some(invoice), false) => {
            view! { <InvoiceDetails invoice=invoice.clone() area=Area::BackOffice/> }.into_any()
        }
        _ => {
            let start = invoice
                .as_ref()
                .map(|i| FormStart {
                    customer_id: Some(i.customer.id),
                    date: i.invoice_date.clone(),
                    until: i.due_date.clone(),
                    currency: Some(i.currency),
                    note: i.note.clone(),
                    lines: i.lines.clone(),
                })
                .unwrap_or_else(|| FormStart {
                    date: today(),
                    ..Default::default()
                });
            let id = invoice.as_ref().map(|i| i.id);
            let title = invoice.as_ref().map_or_else(
                || i18n.tr("documents-new-invoice"),
                |i| i18n.tr_with("documents-invoice-title", &[("number", i.number.clone())]),
            );
            view! {
                <DraftCard list="/admin/invoices" list_label="documents-invoices" title error=save_error>
                    <ActionForm action=save attr:class="form">
                        {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                        <DocumentFields start customers error=save_error date_label="documents-invoice-date" until_label="documents-due-date"/>
                        <SaveButton pending=save.pending()/>
                    </ActionForm>
                </DraftCard>
            }
            .into_any()
        }
    };
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
        {payment_form}
    }
}

/// `/admin/subscriptions/new` and `/admin/subscriptions/{id}`.
#[component]
pub fn AdminSubscriptionPage() -> impl IntoView {
    let id = id_param();
    let save = ServerAction::<SaveSubscription>::new();
    let act = ServerAction::<SubscriptionAction>::new();
    let data = resource(
        move || (id.get(), save.version().get(), act.version().get()),
        |(id, _, _)| async move {
            let subscription = match id {
                Some(id) => Some(staff_subscription(id).await?),
                None => None,
            };
            Ok::<_, AppError>((subscription, document_customers().await?))
        },
    );
    view! {
        <PageTitle id="documents-subscription"/>
        <Transition fallback=Skeleton>
            {move || data.get().map(|result| match result {
                Ok((subscription, customers)) => view! { <SubscriptionEditor subscription customers save act/> }.into_any(),
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn SubscriptionEditor(
    subscription: Option<SubscriptionView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveSubscription>,
    act: ServerAction<SubscriptionAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save_error = last_error(save.value());
    let act_error = last_error(act.value());
    let closed = subscription.as_ref().is_some_and(|s| s.state == "closed");
    let actions = subscription.as_ref().map(|s| {
        let id = s.id;
        let state = s.state.clone();
        view! {
            <div class="actions">
                {(state == "active").then(|| view! { <StateButton action=act id name="pause" label="documents-pause"/> })}
                {(state == "paused" || state == "cancelling").then(|| view! { <StateButton action=act id name="resume" label="documents-resume"/> })}
                {(state == "active" || state == "paused").then(|| view! { <StateButton action=act id name="cancel" label="documents-cancel-at-end" confirm="documents-cancel-at-end-confirm"/> })}
                {(state != "closed").then(|| view! { <StateButton action=act id name="close" label="documents-close" confirm="documents-close-confirm"/> })}
            </div>
        }
    });
    let body = if let (Some(s), true) = (&subscription, closed) {
        view! { <SubscriptionDetails subscription=s.clone() area=Area::BackOffice/> }.into_any()
    } else {
        let id = subscription.as_ref().map(|s| s.id);
        let customer_id = subscription.as_ref().map(|s| s.customer.id);
        let currency = subscription
            .as_ref()
            .map_or(Currency::Ron, |s| s.amount.currency);
        let period = subscription
            .as_ref()
            .map_or_else(|| "month".to_owned(), |s| s.period.clone());
        let plan = subscription
            .as_ref()
            .map(|s| s.plan.clone())
            .unwrap_or_default();
        let amount = subscription
            .as_ref()
            .map(|s| plain_decimal(s.amount.minor, currency.minor_digits()))
            .unwrap_or_default();
        let start_date = subscription
            .as_ref()
            .map_or_else(today, |s| s.start_date.clone());
        let next = subscription
            .as_ref()
            .and_then(|s| s.next_invoice_date.clone())
            .unwrap_or_default();
        let title = subscription.as_ref().map_or_else(
            || i18n.tr("documents-new-subscription"),
            |s| format!("{} · {}", s.reference, s.plan),
        );
        let status = subscription.as_ref().map(|s| s.status);
        view! {
            <DraftCard list="/admin/subscriptions" list_label="documents-subscriptions" title status error=save_error>
                <ActionForm action=save attr:class="form form-grid">
                    {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                    <div class="field">
                        <label for="f-customer_id">{t!(i18n, "field-customer")}</label>
                        <select id="f-customer_id" name="subscription[customer_id]" aria-describedby="f-customer_id-error">
                            <option value="">{t!(i18n, "documents-choose-customer")}</option>
                            {customers.into_iter().map(|(cid, name)| view! {
                                <option value=cid selected=customer_id == Some(cid)>{name}</option>
                            }).collect_view()}
                        </select>
                        <FieldMessage id="f-customer_id-error".to_owned() message=field_message(save_error, "customer_id".into())/>
                    </div>
                    <FormField error=save_error name="subscription[plan]" field="plan" label="documents-plan" value=plan/>
                    <FormField error=save_error name="subscription[amount]" field="amount" label="documents-recurring" value=amount/>
                    <div class="field">
                        <label for="f-currency">{t!(i18n, "documents-currency")}</label>
                        <select id="f-currency" name="subscription[currency]">
                            {CURRENCIES.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-period">{t!(i18n, "documents-period")}</label>
                        <select id="f-period" name="subscription[period]">
                            <option value="month" selected=period == "month">{t!(i18n, "period-month")}</option>
                            <option value="year" selected=period == "year">{t!(i18n, "period-year")}</option>
                        </select>
                    </div>
                    <FormField error=save_error name="subscription[start_date]" field="start_date" label="documents-start-date" value=start_date kind="date"/>
                    <FormField error=save_error name="subscription[next_invoice_date]" field="next_invoice_date" label="documents-next-invoice" value=next kind="date"/>
                    <SaveButton pending=save.pending()/>
                </ActionForm>
            </DraftCard>
        }
        .into_any()
    };
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
    }
}
