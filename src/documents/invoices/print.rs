//! An invoice's PDF, in the reader's language.

use super::api::InvoiceView;
use crate::{
    db::{Pool, StoreResult},
    documents::{
        pdf::PrintDocument,
        routes::{columns, line_rows, party_lines, payment_rows, total_rows, Printable},
        store::Reader,
    },
    domain::Money,
    i18n::{format_day, format_money, translate, translate_with, Locale},
};
use std::future::Future;

impl Printable for InvoiceView {
    fn read(
        pool: &Pool,
        reader: Reader,
        id: i64,
    ) -> impl Future<Output = StoreResult<Self>> + Send {
        super::store::invoice(pool, reader, id)
    }

    fn file_name(&self) -> String {
        format!("{}.pdf", self.number)
    }

    fn print(&self, seller: Vec<String>, locale: Locale) -> PrintDocument {
        print_invoice(self, seller, locale)
    }
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
        amount_due: invoice
            .amount_due()
            .map(|due| (translate(locale, "documents-amount-due"), money(due))),
        note: (!invoice.note.is_empty()).then(|| invoice.note.clone()),
        footer: invoice.number.clone(),
    }
}
