//! The pieces every kind's back-office pages share: the list pages' head,
//! a record's page that loads it with the customers to choose from, the
//! form of a quotation or invoice with its lines, the state buttons, and
//! the form's refusals.

use super::{
    api::{document_customers, Line, ListKind, Party},
    pages::{Area, DocumentList},
};
use crate::ui::resource;
use crate::{
    domain::{totals::plain_decimal, Currency},
    error::AppError,
    i18n::{use_i18n, I18n},
    t,
    ui::{address_id, ErrorAlert, FieldMessage, FormField, PageTitle, RecordError, Skeleton},
};
use leptos::prelude::*;
use leptos::reactive::signal::MappedSignal;

pub const CURRENCIES: [Currency; 4] = [Currency::Ron, Currency::Eur, Currency::Usd, Currency::Gbp];

/// A back-office form's server function as `ActionForm` needs it: one
/// that answers an id. The bounds are written once, here, for every item
/// that takes such a form.
macro_rules! id_form {
    ($(#[$meta:meta])* pub fn $name:ident<A $(, $T:ident: $bound:path)*>($($params:tt)*) -> $ret:ty $body:block) => {
        $(#[$meta])*
        pub fn $name<A $(, $T: $bound)*>($($params)*) -> $ret
        where
            A: serde::de::DeserializeOwned
                + leptos::server_fn::ServerFn<
                    Protocol = leptos::server_fn::Http<
                        leptos::server_fn::codec::PostUrl,
                        leptos::server_fn::codec::Json,
                    >,
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
        $body
    };
}

/// A back-office list of one kind: its title, the button that starts a
/// new one, and the list.
#[component]
pub fn BackofficeList(
    kind: ListKind,
    title: &'static str,
    new_label: &'static str,
    base: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle id=title/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, title)}</h1>
            <a class="btn btn-primary" href=format!("{base}/new")>{t!(i18n, new_label)}</a>
        </div>
        <DocumentList kind area=Area::Backoffice base/>
    }
}

/// A record's page in the back office (`…/new` and `…/{id}`): the record
/// (none when new) and the customers to choose from, loaded again after
/// each answer of its forms (`changed` counts them), shown by `editor`.
pub fn record_page<V, F, Fut, E>(
    title: &'static str,
    fetch: F,
    changed: impl Fn() -> usize + Send + Sync + 'static,
    editor: E,
) -> impl IntoView
where
    V: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(i64) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = Result<V, AppError>> + Send + 'static,
    E: Fn(Option<V>, Vec<(i64, String)>) -> AnyView + Send + Sync + Copy + 'static,
{
    let id = address_id();
    let data = resource(
        move || (id.get(), changed()),
        move |(id, _)| async move {
            let record = match id? {
                Some(id) => Some(fetch(id).await?),
                None => None,
            };
            Ok::<_, AppError>((record, document_customers().await?))
        },
    );
    view! {
        <PageTitle id=title/>
        <Transition fallback=Skeleton>
            {move || data.get().map(|result| match result {
                Ok((record, customers)) => editor(record, customers),
                Err(error) => view! { <RecordError error/> }.into_any(),
            })}
        </Transition>
    }
}

/// The refusal of one field, from an action's last answer.
pub fn field_message(error: Signal<Option<AppError>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(&field).map(str::to_owned))
    })
}

pub fn last_error(value: MappedSignal<Option<Result<i64, AppError>>>) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(Result::err))
}

/// A general error (not tied to a field), or the "check the fields" banner.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
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

/// What a quotation's or invoice's form starts with.
#[derive(Debug, Clone, Default)]
pub struct FormStart {
    pub customer_id: Option<i64>,
    pub date: String,
    pub until: String,
    pub currency: Option<Currency>,
    pub note: String,
    pub lines: Vec<Line>,
}

/// The customer, dates, currency, note and lines of a quotation or invoice.
/// Rows left blank are ignored; three blank rows are offered for more.
#[component]
pub fn DocumentFields(
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

id_form! {
/// A state button: a form of its own, with a confirmation first when it
/// cannot be undone.
#[component]
    pub fn StateButton<A>(
    action: ServerAction<A>,
    id: i64,
    name: &'static str,
    label: &'static str,
    #[prop(default = None)] confirm: Option<&'static str>,
    #[prop(optional)] primary: bool,
) -> impl IntoView
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
}

/// The head and card of a record's form in the back office: the way back
/// to its list, its title (and state), the form's general refusal, and the
/// form itself.
#[component]
pub fn DraftCard(
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
pub fn SaveButton(#[prop(into)] pending: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{t!(i18n, "documents-save")}</button>
        </div>
    }
}

pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// A quotation or an invoice as its back-office page edits it: where its
/// list is, what its form is called, and what the form starts with.
pub trait DraftDocument: Clone + Send + Sync + 'static {
    /// The list's address and title.
    const LIST: (&'static str, &'static str);
    /// A new one's title; the labels of its date and of its second date
    /// (a quotation's expiry, an invoice's due date).
    const LABELS: [&'static str; 3];

    fn id(&self) -> i64;
    /// Whether its machine lets staff change it.
    fn editable(&self) -> bool;
    fn form_start(&self) -> FormStart;
    fn title(&self, i18n: I18n) -> String;
    /// Its read-only page body in the back office.
    fn details(&self) -> AnyView;
}

impl FormStart {
    /// A saved document's form: its customer, currency, note and lines,
    /// and its kind's two dates.
    pub fn of(
        customer: &Party,
        currency: Currency,
        note: &str,
        lines: &[Line],
        dates: (&str, Option<&str>),
    ) -> Self {
        Self {
            customer_id: Some(customer.id),
            date: dates.0.to_owned(),
            until: dates.1.unwrap_or_default().to_owned(),
            currency: Some(currency),
            note: note.to_owned(),
            lines: lines.to_vec(),
        }
    }
}

id_form! {
    /// A quotation's or invoice's page body in the back office: its form
    /// while its machine lets staff change it (or a new one's), otherwise
    /// its details.
    pub fn draft_body<A, V: DraftDocument>(
        document: Option<V>,
        save: ServerAction<A>,
        customers: Vec<(i64, String)>,
    ) -> AnyView {
        let i18n = use_i18n();
        match document {
            Some(document) if !document.editable() => document.details(),
            document => {
                let [new_title, date_label, until_label] = V::LABELS;
                let (list, list_label) = V::LIST;
                let start = document.as_ref().map_or_else(
                    || FormStart {
                        date: today(),
                        ..Default::default()
                    },
                    V::form_start,
                );
                let title = document
                    .as_ref()
                    .map_or_else(|| i18n.tr(new_title), |d| d.title(i18n));
                let id = document.as_ref().map(V::id);
                let save_error = last_error(save.value());
                view! {
                    <DraftCard list list_label title error=save_error>
                        <ActionForm action=save attr:class="form">
                            {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                            <DocumentFields start customers error=save_error date_label until_label/>
                            <SaveButton pending=save.pending()/>
                        </ActionForm>
                    </DraftCard>
                }
                .into_any()
            }
        }
    }
}
