//! The back office's forms as typed and their checks, shared by the kinds:
//! a quotation's or an invoice's fields and lines, a payment received, and
//! the checks a subscription's form uses too. Portal users can call none of
//! the server functions that take them (`Staff` in every declaration), so
//! no customer ever changes a document's terms.

use crate::{
    domain::{
        totals::{parse_decimal, LineTerms},
        Currency, FieldProblem, TextProblem,
    },
    error::{AppError, FieldErrors},
};
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

/// The customer chosen in a form's list.
pub fn customer_choice(raw: &str) -> Result<i64, DocumentProblem> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| DocumentProblem::Text(TextProblem::Required))
}

/// A currency chosen in a form's list.
pub fn currency_choice(raw: &str) -> Result<Currency, DocumentProblem> {
    Currency::parse(raw).ok_or(DocumentProblem::UnknownChoice)
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
        let customer_id = errors.check("customer_id", customer_choice(&input.customer_id));
        let date = errors.check("date", document_date(&input.date));
        let until = errors.optional("until", &input.until, document_date);
        if let (Some(date), Some(Some(until))) = (&date, &until) {
            if until < date {
                errors.add("until", &DocumentProblem::DueBeforeDate);
            }
        }
        let currency = errors.check("currency", currency_choice(&input.currency));
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
