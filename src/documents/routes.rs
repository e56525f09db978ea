//! Downloads: an invoice's or an order's PDF, for the customer (within its
//! scope: another company's id is 404) and for staff, by one pair of
//! handlers for every kind that prints (`Printable`). Made on the server
//! in the reader's language, in a blocking task so rendering never stalls
//! the request loop. Also the table and totals rows every kind prints.

use super::{
    api::{Line, Party, PaymentLine},
    invoices::api::InvoiceView,
    orders::api::OrderView,
    pdf::{render, PrintDocument},
    store::Reader,
};
use crate::{
    access::level,
    context::{extract::Caller, AppState},
    db::{Pool, StoreResult},
    domain::{totals::Totals, Currency, Money},
    error::AppError,
    i18n::{
        format_day, format_money, format_percent, format_quantity, translate, translate_with,
        Locale, RequestLocale,
    },
};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
    Extension, Router,
};
use std::future::Future;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/my/invoices/{id}/pdf", get(portal_pdf::<InvoiceView>))
        .route("/my/orders/{id}/pdf", get(portal_pdf::<OrderView>))
        .route(
            "/admin/invoices/{id}/pdf",
            get(backoffice_pdf::<InvoiceView>),
        )
        .route("/admin/orders/{id}/pdf", get(backoffice_pdf::<OrderView>))
}

/// A kind of document that prints: how it is read, named and laid out.
pub trait Printable: Sized + Send + 'static {
    fn read(pool: &Pool, reader: Reader, id: i64)
        -> impl Future<Output = StoreResult<Self>> + Send;
    fn file_name(&self) -> String;
    fn print(&self, seller: Vec<String>, locale: Locale) -> PrintDocument;
}

/// An id from the address; anything else is the same 404 as a missing one.
fn document_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn portal_pdf<D: Printable>(
    Caller(customer): Caller<level::Customer>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let reader = Reader::Customer(customer.scope, customer.user.user_id);
    pdf::<D>(&state.pool, reader, document_id(&id)?, locale).await
}

async fn backoffice_pdf<D: Printable>(
    Caller(_staff): Caller<level::Staff>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    pdf::<D>(&state.pool, Reader::Staff, document_id(&id)?, locale).await
}

async fn pdf<D: Printable>(
    pool: &Pool,
    reader: Reader,
    id: i64,
    locale: Locale,
) -> Result<Response, AppError> {
    let document = D::read(pool, reader, id).await?;
    let seller = super::store::seller(pool).await?;
    pdf_response(document.print(seller, locale), &document.file_name()).await
}

/// A name safe in a `Content-Disposition` header on every system: letters,
/// digits, dot, dash and underscore; anything else becomes a dash.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "document.pdf".into()
    } else {
        trimmed.chars().take(100).collect()
    }
}

async fn pdf_response(document: PrintDocument, file: &str) -> Result<Response, AppError> {
    let bytes = tokio::task::spawn_blocking(move || render(&document))
        .await?
        .map_err(|error| {
            tracing::error!(%error, "PDF rendering failed");
            AppError::ServerError
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", safe_file_name(file)),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

pub fn party_lines(party: &Party) -> Vec<String> {
    std::iter::once(party.name.clone())
        .chain(party.lines.iter().cloned())
        .collect()
}

pub fn columns(locale: Locale) -> [String; 6] {
    [
        "documents-description",
        "documents-quantity",
        "documents-unit-price",
        "documents-discount",
        "documents-tax",
        "documents-amount",
    ]
    .map(|id| translate(locale, id))
}

pub fn line_rows(lines: &[Line], currency: Currency, locale: Locale) -> Vec<[String; 6]> {
    lines
        .iter()
        .map(|line| {
            let t = line.terms;
            [
                line.description.clone(),
                format_quantity(t.quantity_milli, locale),
                format_money(&Money::new(t.unit_price, currency), locale),
                if t.discount_bp > 0 {
                    format_percent(t.discount_bp, locale)
                } else {
                    String::new()
                },
                format_percent(t.tax_bp, locale),
                format_money(&Money::new(line.untaxed, currency), locale),
            ]
        })
        .collect()
}

pub fn total_rows(totals: &Totals, currency: Currency, locale: Locale) -> Vec<(String, String)> {
    let money = |minor| format_money(&Money::new(minor, currency), locale);
    std::iter::once((
        translate(locale, "documents-untaxed"),
        money(totals.untaxed),
    ))
    .chain(totals.taxes.iter().map(|group| {
        (
            translate_with(
                locale,
                "documents-tax-at",
                &[("rate", format_percent(group.tax_bp, locale))],
            ),
            money(group.amount),
        )
    }))
    .chain([(translate(locale, "documents-total"), money(totals.total))])
    .collect()
}

pub fn payment_rows(payments: &[PaymentLine], locale: Locale) -> Vec<(String, String)> {
    payments
        .iter()
        .map(|p| {
            let mut label = format!(
                "{} · {}",
                format_day(&p.received_on, locale),
                translate(locale, &format!("payment-method-{}", p.method))
            );
            if p.refunded > 0 {
                let refunded = format_money(&Money::new(p.refunded, p.amount.currency), locale);
                label.push_str(" · ");
                label.push_str(&translate_with(
                    locale,
                    "ledger-refunded",
                    &[("amount", refunded)],
                ));
            }
            (label, format_money(&p.amount, locale))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(safe_file_name("INV/2026/00012.pdf"), "INV-2026-00012.pdf");
        assert_eq!(safe_file_name("\"; rm -rf /\r\n.pdf"), "rm--rf----.pdf");
        assert_eq!(safe_file_name("///"), "document.pdf");
    }
}
