//! The back office's side of documents: forms as typed, their checks, and
//! the staff's server functions (lists, drafts, state changes, payments
//! received). Portal users can call none of them (`Staff` in every
//! declaration), so no customer ever changes a document's terms.

use super::api::{DocumentPage, InvoiceView, OrderView, SubscriptionView};
use crate::{
    declare_access,
    domain::{
        totals::{parse_decimal, LineTerms},
        Currency, FieldProblem, Money, TextProblem,
    },
    error::{AppError, FieldErrors},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Why a document's field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentProblem {
    Text(TextProblem),
    NotAnAmount,
    NotAQuantity,
    NotAPercentage,
    NotADate,
    DueBeforeDate,
    NoLines,
    UnknownChoice,
    MoreThanDue,
}

impl FieldProblem for DocumentProblem {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Text(problem) => problem.message_id(),
            Self::NotAnAmount => "error-amount",
            Self::NotAQuantity => "error-quantity",
            Self::NotAPercentage => "error-percentage",
            Self::NotADate => "error-date",
            Self::DueBeforeDate => "error-due-before-date",
            Self::NoLines => "error-no-lines",
            Self::UnknownChoice => "error-choice",
            Self::MoreThanDue => "error-more-than-due",
        }
    }
}

/// Trimmed, non-empty, at most `max` characters, no control characters.
pub fn document_text(raw: &str, max: usize) -> Result<String, DocumentProblem> {
    let text = raw.trim();
    if text.is_empty() {
        Err(DocumentProblem::Text(TextProblem::Required))
    } else if text.chars().count() > max {
        Err(DocumentProblem::Text(TextProblem::TooLong))
    } else if text.chars().any(char::is_control) {
        Err(DocumentProblem::Text(TextProblem::ControlCharacters))
    } else {
        Ok(text.to_owned())
    }
}

/// A calendar date as an `<input type="date">` sends it.
pub fn document_date(raw: &str) -> Result<String, DocumentProblem> {
    chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map(|date| date.format("%Y-%m-%d").to_string())
        .map_err(|_| {
            if raw.trim().is_empty() {
                DocumentProblem::Text(TextProblem::Required)
            } else {
                DocumentProblem::NotADate
            }
        })
}

/// An amount in the currency's minor units, zero or more.
pub fn document_amount(raw: &str, currency: Currency) -> Result<i64, DocumentProblem> {
    if raw.trim().is_empty() {
        return Err(DocumentProblem::Text(TextProblem::Required));
    }
    parse_decimal(raw, currency.minor_digits()).ok_or(DocumentProblem::NotAnAmount)
}

/// A percentage from 0 to 100 with up to two decimals, in basis points;
/// empty is 0.
fn percentage(raw: &str) -> Result<i64, DocumentProblem> {
    if raw.trim().is_empty() {
        return Ok(0);
    }
    parse_decimal(raw.trim_end_matches('%'), 2)
        .filter(|bp| *bp <= 10_000)
        .ok_or(DocumentProblem::NotAPercentage)
}

/// One line of an order or invoice form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineInput {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
    pub tax: String,
}

impl LineInput {
    fn is_blank(&self) -> bool {
        [
            &self.description,
            &self.quantity,
            &self.unit_price,
            &self.discount,
            &self.tax,
        ]
        .iter()
        .all(|field| field.trim().is_empty())
    }
}

/// A quotation or invoice form as typed. `until` is a quotation's
/// expiry or an invoice's due date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentInput {
    pub customer_id: String,
    pub date: String,
    pub until: String,
    pub currency: String,
    pub note: String,
    pub lines: Vec<LineInput>,
}

/// A document form whose every field passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentDraft {
    pub customer_id: i64,
    pub date: String,
    pub until: Option<String>,
    pub currency: Currency,
    pub note: String,
    pub lines: Vec<(String, LineTerms)>,
}

pub const MAX_LINES: usize = 200;

impl DocumentDraft {
    /// Checks every field at once. Rows left entirely blank are dropped;
    /// a line's field is named `lines.<row>.<field>`.
    pub fn parse(input: &DocumentInput) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let customer_id = errors.check(
            "customer_id",
            input
                .customer_id
                .trim()
                .parse::<i64>()
                .map_err(|_| DocumentProblem::Text(TextProblem::Required)),
        );
        let date = errors.check("date", document_date(&input.date));
        let until = errors.optional("until", &input.until, document_date);
        if let (Some(date), Some(Some(until))) = (&date, &until) {
            if until < date {
                errors.add("until", &DocumentProblem::DueBeforeDate);
            }
        }
        let currency = errors.check(
            "currency",
            Currency::parse(&input.currency).ok_or(DocumentProblem::UnknownChoice),
        );
        let note = if input.note.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check("note", document_text(&input.note, 2_000))
        };
        let mut lines = Vec::new();
        let digits = currency.map_or(2, Currency::minor_digits);
        for (row, line) in input.lines.iter().enumerate().take(MAX_LINES) {
            if line.is_blank() {
                continue;
            }
            let field = |name: &str| format!("lines.{row}.{name}");
            let description =
                errors.check(&field("description"), document_text(&line.description, 500));
            let quantity = errors.check(
                &field("quantity"),
                parse_decimal(&line.quantity, 3)
                    .filter(|q| *q > 0)
                    .ok_or(DocumentProblem::NotAQuantity),
            );
            let unit_price = errors.check(
                &field("unit_price"),
                parse_decimal(&line.unit_price, digits).ok_or(DocumentProblem::NotAnAmount),
            );
            let discount = errors.check(&field("discount"), percentage(&line.discount));
            let tax = errors.check(&field("tax"), percentage(&line.tax));
            if let (
                Some(description),
                Some(quantity_milli),
                Some(unit_price),
                Some(discount_bp),
                Some(tax_bp),
            ) = (description, quantity, unit_price, discount, tax)
            {
                let terms = LineTerms {
                    quantity_milli,
                    unit_price,
                    discount_bp,
                    tax_bp,
                };
                if terms.amounts().is_none() {
                    errors.add(&field("unit_price"), &DocumentProblem::NotAnAmount);
                }
                lines.push((description, terms));
            }
        }
        if input.lines.iter().all(LineInput::is_blank) {
            errors.add("lines", &DocumentProblem::NoLines);
        }
        if crate::domain::totals::totals(&lines.iter().map(|(_, t)| *t).collect::<Vec<_>>())
            .is_none()
        {
            errors.add("lines", &DocumentProblem::NotAnAmount);
        }
        errors.finish()?;
        let missing = || AppError::ServerError;
        Ok(Self {
            customer_id: customer_id.ok_or_else(missing)?,
            date: date.ok_or_else(missing)?,
            until: until.ok_or_else(missing)?,
            currency: currency.ok_or_else(missing)?,
            note: note.ok_or_else(missing)?,
            lines,
        })
    }
}

/// A subscription form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionInput {
    pub customer_id: String,
    pub plan: String,
    pub amount: String,
    pub currency: String,
    pub period: String,
    pub start_date: String,
    pub next_invoice_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionDraft {
    pub customer_id: i64,
    pub plan: String,
    pub amount: Money,
    pub period: &'static str,
    pub start_date: String,
    pub next_invoice_date: Option<String>,
}

impl SubscriptionDraft {
    pub fn parse(input: &SubscriptionInput) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let customer_id = errors.check(
            "customer_id",
            input
                .customer_id
                .trim()
                .parse::<i64>()
                .map_err(|_| DocumentProblem::Text(TextProblem::Required)),
        );
        let plan = errors.check("plan", document_text(&input.plan, 200));
        let currency = errors.check(
            "currency",
            Currency::parse(&input.currency).ok_or(DocumentProblem::UnknownChoice),
        );
        let amount = currency.and_then(|currency| {
            errors
                .check("amount", document_amount(&input.amount, currency))
                .map(|minor| Money::new(minor, currency))
        });
        let period = errors.check(
            "period",
            match input.period.trim() {
                "month" => Ok("month"),
                "year" => Ok("year"),
                _ => Err(DocumentProblem::UnknownChoice),
            },
        );
        let start_date = errors.check("start_date", document_date(&input.start_date));
        let next_invoice_date =
            errors.optional("next_invoice_date", &input.next_invoice_date, document_date);
        errors.finish()?;
        let missing = || AppError::ServerError;
        Ok(Self {
            customer_id: customer_id.ok_or_else(missing)?,
            plan: plan.ok_or_else(missing)?,
            amount: amount.ok_or_else(missing)?,
            period: period.ok_or_else(missing)?,
            start_date: start_date.ok_or_else(missing)?,
            next_invoice_date: next_invoice_date.ok_or_else(missing)?,
        })
    }
}

/// The ways staff record money received.
pub const PAYMENT_METHODS: [&str; 4] = ["bank_transfer", "card", "sepa_debit", "cash"];

/// A payment received, as typed on an invoice's page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentInput {
    pub amount: String,
    pub method: String,
    pub received_on: String,
    pub reference: String,
}

/// One page of a back-office list (every customer's documents, drafts too).
#[server(endpoint = "admin/documents")]
pub async fn staff_documents(
    kind: String,
    sort: String,
    direction: String,
    filter: String,
    search: String,
    after: String,
    before: String,
) -> Result<DocumentPage, AppError> {
    crate::context::authorize::<StaffDocuments>()?;
    let state = crate::context::app_state()?;
    let kind = super::api::ListKind::parse(&kind).ok_or(AppError::BadRequest)?;
    let query = super::api::ListQuery::parse(&sort, &direction, &filter, &search, &after, &before);
    Ok(super::store::list(&state.pool, kind, None, &query).await?)
}
declare_access!(StaffDocuments: Staff);

#[server(endpoint = "admin/order")]
pub async fn staff_order(id: i64) -> Result<OrderView, AppError> {
    crate::context::authorize::<StaffOrder>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::order(&state.pool, super::store::Reader::Staff, id).await?)
}
declare_access!(StaffOrder: Staff);

#[server(endpoint = "admin/invoice")]
pub async fn staff_invoice(id: i64) -> Result<InvoiceView, AppError> {
    crate::context::authorize::<StaffInvoice>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::invoice(&state.pool, super::store::Reader::Staff, id).await?)
}
declare_access!(StaffInvoice: Staff);

#[server(endpoint = "admin/subscription")]
pub async fn staff_subscription(id: i64) -> Result<SubscriptionView, AppError> {
    crate::context::authorize::<StaffSubscription>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::subscription(&state.pool, super::store::Reader::Staff, id).await?)
}
declare_access!(StaffSubscription: Staff);

/// The customers a document can be made for: companies, and people who
/// belong to none.
#[server(endpoint = "admin/document-customers")]
pub async fn document_customers() -> Result<Vec<(i64, String)>, AppError> {
    crate::context::authorize::<DocumentCustomers>()?;
    let state = crate::context::app_state()?;
    Ok(super::editing::customers(&state.pool).await?)
}
declare_access!(DocumentCustomers: Staff);

/// Creates a quotation (no `id`) or changes a draft one; answers its id.
#[server(endpoint = "admin/order/save")]
pub async fn save_order(id: Option<i64>, document: DocumentInput) -> Result<i64, AppError> {
    crate::context::authorize::<SaveOrder>()?;
    let state = crate::context::app_state()?;
    let draft = DocumentDraft::parse(&document)?;
    let id = super::editing::save_order(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/orders/{id}"));
    Ok(id)
}
declare_access!(SaveOrder: Staff);

/// Creates an invoice by hand or changes a draft one; answers its id.
#[server(endpoint = "admin/invoice/save")]
pub async fn save_invoice(id: Option<i64>, document: DocumentInput) -> Result<i64, AppError> {
    crate::context::authorize::<SaveInvoice>()?;
    let state = crate::context::app_state()?;
    let draft = DocumentDraft::parse(&document)?;
    let id = super::editing::save_invoice(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/invoices/{id}"));
    Ok(id)
}
declare_access!(SaveInvoice: Staff);

/// `send`, `confirm`, `cancel`, or `invoice` (make its invoice); answers
/// the id of the page to show next.
#[server(endpoint = "admin/order/act")]
pub async fn order_action(id: i64, action: String) -> Result<i64, AppError> {
    crate::context::authorize::<OrderAction>()?;
    let state = crate::context::app_state()?;
    let next =
        super::editing::order_action(&state.pool, &state.settings.public_url, id, &action).await?;
    let list = if action == "invoice" {
        "invoices"
    } else {
        "orders"
    };
    leptos_axum::redirect(&format!("/admin/{list}/{next}"));
    Ok(next)
}
declare_access!(OrderAction: Staff);

/// `post` or `cancel`.
#[server(endpoint = "admin/invoice/act")]
pub async fn invoice_action(id: i64, action: String) -> Result<i64, AppError> {
    crate::context::authorize::<InvoiceAction>()?;
    let state = crate::context::app_state()?;
    let id = super::editing::invoice_action(&state.pool, &state.settings.public_url, id, &action)
        .await?;
    leptos_axum::redirect(&format!("/admin/invoices/{id}"));
    Ok(id)
}
declare_access!(InvoiceAction: Staff);

#[server(endpoint = "admin/subscription/save")]
pub async fn save_subscription(
    id: Option<i64>,
    subscription: SubscriptionInput,
) -> Result<i64, AppError> {
    crate::context::authorize::<SaveSubscription>()?;
    let state = crate::context::app_state()?;
    let draft = SubscriptionDraft::parse(&subscription)?;
    let id = super::editing::save_subscription(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/subscriptions/{id}"));
    Ok(id)
}
declare_access!(SaveSubscription: Staff);

/// `pause`, `resume`, `cancel` (at the end of the period) or `close`.
#[server(endpoint = "admin/subscription/act")]
pub async fn subscription_action(id: i64, action: String) -> Result<i64, AppError> {
    crate::context::authorize::<SubscriptionAction>()?;
    let state = crate::context::app_state()?;
    let id = super::editing::subscription_action(&state.pool, id, &action).await?;
    leptos_axum::redirect(&format!("/admin/subscriptions/{id}"));
    Ok(id)
}
declare_access!(SubscriptionAction: Staff);

/// Records money received against a posted invoice; never more than is due.
#[server(endpoint = "admin/payment/record")]
pub async fn record_payment(invoice_id: i64, payment: PaymentInput) -> Result<i64, AppError> {
    let staff = crate::context::authorize::<RecordPayment>()?;
    let state = crate::context::app_state()?;
    let payment_id = super::editing::record_payment(
        &state.pool,
        &state.settings.public_url,
        Some(staff.user_id),
        invoice_id,
        &payment,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/invoices/{invoice_id}"));
    Ok(payment_id)
}
declare_access!(RecordPayment: Staff);

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        description: &str,
        quantity: &str,
        price: &str,
        discount: &str,
        tax: &str,
    ) -> LineInput {
        LineInput {
            description: description.into(),
            quantity: quantity.into(),
            unit_price: price.into(),
            discount: discount.into(),
            tax: tax.into(),
        }
    }

    #[test]
    fn a_document_form_is_read_field_by_field_and_blank_rows_are_dropped() {
        let input = DocumentInput {
            customer_id: "7".into(),
            date: "2026-11-03".into(),
            until: "2026-12-03".into(),
            currency: "RON".into(),
            note: String::new(),
            lines: vec![
                line("Consultanță", "1,5", "1.200,00", "10", "19"),
                LineInput::default(),
            ],
        };
        let draft = DocumentDraft::parse(&input).expect("valid");
        assert_eq!(draft.lines.len(), 1);
        assert_eq!(
            draft.lines[0].1,
            LineTerms {
                quantity_milli: 1_500,
                unit_price: 120_000,
                discount_bp: 1_000,
                tax_bp: 1_900
            }
        );
        assert_eq!(draft.until.as_deref(), Some("2026-12-03"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = DocumentInput {
            customer_id: "x".into(),
            date: "2026-13-40".into(),
            until: "2026-01-01".into(),
            currency: "XYZ".into(),
            note: String::new(),
            lines: vec![line("", "0", "-3", "101", "abc")],
        };
        let AppError::Invalid(errors) = DocumentDraft::parse(&input).unwrap_err() else {
            panic!("a field error");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "customer_id",
            "date",
            "currency",
            "lines.0.description",
            "lines.0.quantity",
            "lines.0.unit_price",
            "lines.0.discount",
            "lines.0.tax",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
        let empty = DocumentInput {
            customer_id: "1".into(),
            date: "2026-11-03".into(),
            currency: "EUR".into(),
            ..Default::default()
        };
        let error = DocumentDraft::parse(&empty).unwrap_err();
        assert_eq!(error.field_message("lines"), Some("error-no-lines"));
        let due_before = DocumentInput {
            until: "2026-11-02".into(),
            lines: vec![line("x", "1", "1", "", "")],
            ..empty
        };
        assert_eq!(
            DocumentDraft::parse(&due_before)
                .unwrap_err()
                .field_message("until"),
            Some("error-due-before-date")
        );
    }
}
