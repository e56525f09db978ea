//! Downloads: an invoice's or an order's PDF, for the customer (within its
//! scope: another company's id is 404) and for staff. Made on the server in
//! the reader's language, in a blocking task so rendering never stalls the
//! request loop.

use super::{
    api::{InvoiceView, Line, OrderView, Party, PaymentLine},
    pdf::{render, PrintDocument},
    store::{self, Reader},
};
use crate::{
    access::level,
    context::{extract::Caller, AppState},
    db::Pool,
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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/my/invoices/{id}/pdf", get(my_invoice_pdf))
        .route("/my/orders/{id}/pdf", get(my_order_pdf))
        .route("/admin/invoices/{id}/pdf", get(staff_invoice_pdf))
        .route("/admin/orders/{id}/pdf", get(staff_order_pdf))
}

/// An id from the address; anything else is the same 404 as a missing one.
fn document_id(raw: &str) -> Result<i64, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn my_invoice_pdf(
    Caller(customer): Caller<level::Customer>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let reader = Reader::Customer(customer.scope, customer.user.user_id);
    invoice_pdf(&state.pool, reader, document_id(&id)?, locale).await
}

async fn staff_invoice_pdf(
    Caller(_staff): Caller<level::Staff>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    invoice_pdf(&state.pool, Reader::Staff, document_id(&id)?, locale).await
}

async fn my_order_pdf(
    Caller(customer): Caller<level::Customer>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let reader = Reader::Customer(customer.scope, customer.user.user_id);
    order_pdf(&state.pool, reader, document_id(&id)?, locale).await
}

async fn staff_order_pdf(
    Caller(_staff): Caller<level::Staff>,
    State(state): State<AppState>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    order_pdf(&state.pool, Reader::Staff, document_id(&id)?, locale).await
}

async fn invoice_pdf(
    pool: &Pool,
    reader: Reader,
    id: i64,
    locale: Locale,
) -> Result<Response, AppError> {
    let invoice = store::invoice(pool, reader, id).await?;
    let seller = seller(pool).await?;
    let file = format!("{}.pdf", invoice.number);
    let document = print_invoice(&invoice, seller, locale);
    pdf_response(document, &file).await
}

async fn order_pdf(
    pool: &Pool,
    reader: Reader,
    id: i64,
    locale: Locale,
) -> Result<Response, AppError> {
    let order = store::order(pool, reader, id).await?;
    let seller = seller(pool).await?;
    let file = format!("{}.pdf", order.reference);
    let document = print_order(&order, seller, locale);
    pdf_response(document, &file).await
}

/// The seller's block: the company's details as the back office keeps them.
async fn seller(pool: &Pool) -> Result<Vec<String>, AppError> {
    let (name, address, vat, email, phone): (String, String, String, String, String) =
        sqlx::query_as("SELECT name, address, vat, email, phone FROM company_profile WHERE id = 1")
            .fetch_one(pool)
            .await?;
    Ok(std::iter::once(name)
        .chain(address.lines().map(str::to_owned))
        .chain([vat, email, phone])
        .filter(|line| !line.trim().is_empty())
        .collect())
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

fn party_lines(party: &Party) -> Vec<String> {
    std::iter::once(party.name.clone())
        .chain(party.lines.iter().cloned())
        .collect()
}

fn columns(locale: Locale) -> [String; 6] {
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

fn line_rows(lines: &[Line], currency: Currency, locale: Locale) -> Vec<[String; 6]> {
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

fn total_rows(totals: &Totals, currency: Currency, locale: Locale) -> Vec<(String, String)> {
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

fn payment_rows(payments: &[PaymentLine], locale: Locale) -> Vec<(String, String)> {
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

pub fn print_invoice(invoice: &InvoiceView, seller: Vec<String>, locale: Locale) -> PrintDocument {
    let mut facts = vec![
        (
            translate(locale, "documents-invoice-date"),
            format_day(&invoice.invoice_date, locale),
        ),
        (
            translate(locale, "documents-due-date"),
            format_day(&invoice.due_date, locale),
        ),
        (
            translate(locale, "documents-state"),
            translate(locale, invoice.status.label()),
        ),
    ];
    if let Some((_, reference)) = &invoice.order {
        facts.push((translate(locale, "documents-from-order"), reference.clone()));
    }
    let money = |minor| format_money(&Money::new(minor, invoice.currency), locale);
    PrintDocument {
        title: translate_with(
            locale,
            "documents-invoice-title",
            &[("number", invoice.number.clone())],
        ),
        seller,
        customer_heading: translate(locale, "documents-bill-to"),
        customer: party_lines(&invoice.customer),
        facts,
        columns: columns(locale),
        lines: line_rows(&invoice.lines, invoice.currency, locale),
        totals: total_rows(&invoice.totals, invoice.currency, locale),
        payments_heading: translate(locale, "documents-payments"),
        payments: payment_rows(&invoice.payments, locale),
        amount_due: (invoice.state == "posted").then(|| {
            (
                translate(locale, "documents-amount-due"),
                money(invoice.due),
            )
        }),
        note: (!invoice.note.is_empty()).then(|| invoice.note.clone()),
        footer: invoice.number.clone(),
    }
}

pub fn print_order(order: &OrderView, seller: Vec<String>, locale: Locale) -> PrintDocument {
    let title = if order.is_quotation {
        "documents-quotation-title"
    } else {
        "documents-order-title"
    };
    let mut facts = vec![
        (
            translate(locale, "documents-order-date"),
            format_day(&order.order_date, locale),
        ),
        (
            translate(locale, "documents-state"),
            translate(locale, order.status.label()),
        ),
    ];
    if let Some(until) = &order.valid_until {
        facts.insert(
            1,
            (
                translate(locale, "documents-valid-until"),
                format_day(until, locale),
            ),
        );
    }
    PrintDocument {
        title: translate_with(locale, title, &[("reference", order.reference.clone())]),
        seller,
        customer_heading: translate(locale, "documents-customer-heading"),
        customer: party_lines(&order.customer),
        facts,
        columns: columns(locale),
        lines: line_rows(&order.lines, order.currency, locale),
        totals: total_rows(&order.totals, order.currency, locale),
        payments_heading: translate(locale, "documents-payments"),
        payments: payment_rows(&order.payments, locale),
        amount_due: None,
        note: (!order.note.is_empty()).then(|| order.note.clone()),
        footer: order.reference.clone(),
    }
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
