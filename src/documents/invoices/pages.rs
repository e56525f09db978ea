//! An invoice's pages: the portal's, the back office's list, and the back
//! office's form (while a draft) with the state buttons its machine allows
//! and the form that records a payment received.

use super::api::{
    backoffice_invoice, my_invoice, ActOnInvoice, InvoiceView, RecordPayment, SaveInvoice,
};
use crate::{
    documents::{
        api::{ActionNames, Followable, ListKind},
        backoffice::{
            draft_body, field_message, last_error, record_page, today, BackofficeList,
            DraftDocument, FormAlert, FormStart, StateButton,
        },
        forms::PAYMENT_METHODS,
        pages::{
            day_text, money_text, portal_record_page, Area, FollowToggle, LinesTable, PaymentsList,
            StatusBadge, TotalsBlock,
        },
    },
    domain::{
        states::{InvoiceAction, InvoiceState},
        totals::plain_decimal,
        Money,
    },
    i18n::{use_i18n, I18n},
    t,
    ui::{Fact, FieldMessage, FormField},
};
use leptos::prelude::*;

/// `/admin/invoices`.
#[component]
pub fn BackofficeInvoicesPage() -> impl IntoView {
    view! {
        <BackofficeList kind=ListKind::Invoices title="documents-invoices"
            new_label="documents-new-invoice" base="/admin/invoices"/>
    }
}

/// `/my/invoices/{id}`.
#[component]
pub fn MyInvoicePage() -> impl IntoView {
    portal_record_page("documents-invoice", my_invoice, |invoice| {
        view! { <InvoiceDetails invoice area=Area::Portal/> }.into_any()
    })
}

/// An invoice's page body, for both areas.
#[component]
pub fn InvoiceDetails(invoice: InvoiceView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let list = match area {
        Area::Portal => "/my/invoices",
        Area::Backoffice => "/admin/invoices",
    };
    let number = invoice.number.clone();
    let heading = move || i18n.tr_with("documents-invoice-title", &[("number", number.clone())]);
    let portal = area == Area::Portal;
    let pdf = format!("{}/pdf", area.document_path(ListKind::Invoices, invoice.id));
    let due = invoice.amount_due();
    let payable = invoice.payable();
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
                {(portal && payable).then(|| view! {
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

/// `/admin/invoices/new` and `/admin/invoices/{id}`.
#[component]
pub fn BackofficeInvoicePage() -> impl IntoView {
    let save = ServerAction::<SaveInvoice>::new();
    let act = ServerAction::<ActOnInvoice>::new();
    let pay = ServerAction::<RecordPayment>::new();
    record_page(
        "documents-invoice",
        backoffice_invoice,
        move || save.version().get() + act.version().get() + pay.version().get(),
        move |invoice, customers| {
            view! { <InvoiceEditor invoice customers save act pay/> }.into_any()
        },
    )
}

#[component]
fn InvoiceEditor(
    invoice: Option<InvoiceView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveInvoice>,
    act: ServerAction<ActOnInvoice>,
    pay: ServerAction<RecordPayment>,
) -> impl IntoView {
    let i18n = use_i18n();
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
    let actions = invoice.as_ref().map(|invoice| {
        let id = invoice.id;
        let button = move |action: InvoiceAction, label: &'static str, primary: bool, confirm: Option<&'static str>| {
            invoice.allows(action).then(|| view! {
                <StateButton action=act id name=InvoiceState::action_name(action) label primary confirm/>
            })
        };
        view! {
            <div class="actions">
                {button(InvoiceAction::Post, "documents-post", true, None)}
                {button(InvoiceAction::Cancel, "documents-cancel", false, Some("documents-cancel-confirm"))}
            </div>
        }
    });
    let payment_form = invoice
        .as_ref()
        .filter(|i| i.payable())
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
    let body = draft_body(invoice.clone(), save, customers);
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
        {payment_form}
    }
}

impl DraftDocument for InvoiceView {
    const LIST: (&'static str, &'static str) = ("/admin/invoices", "documents-invoices");
    const LABELS: [&'static str; 3] = [
        "documents-new-invoice",
        "documents-invoice-date",
        "documents-due-date",
    ];

    fn id(&self) -> i64 {
        self.id
    }

    fn editable(&self) -> bool {
        self.allows(InvoiceAction::Edit)
    }

    fn form_start(&self) -> FormStart {
        let dates = (self.invoice_date.as_str(), Some(self.due_date.as_str()));
        FormStart::of(
            &self.customer,
            self.currency,
            &self.note,
            &self.lines,
            dates,
        )
    }

    fn title(&self, i18n: I18n) -> String {
        i18n.tr_with(
            "documents-invoice-title",
            &[("number", self.number.clone())],
        )
    }

    fn details(&self) -> AnyView {
        view! { <InvoiceDetails invoice=self.clone() area=Area::Backoffice/> }.into_any()
    }
}
