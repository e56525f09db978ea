//! A quotation's or an order's PDF, in the reader's language.

use super::api::OrderView;
use crate::{
    db::{Pool, StoreResult},
    documents::{
        pdf::PrintDocument,
        routes::{columns, line_rows, party_lines, payment_rows, total_rows, Printable},
        store::Reader,
    },
    i18n::{format_day, translate, translate_with, Locale},
};
use std::future::Future;

impl Printable for OrderView {
    fn read(
        pool: &Pool,
        reader: Reader,
        id: i64,
    ) -> impl Future<Output = StoreResult<Self>> + Send {
        super::store::order(pool, reader, id)
    }

    fn file_name(&self) -> String {
        format!("{}.pdf", self.reference)
    }

    fn print(&self, seller: Vec<String>, locale: Locale) -> PrintDocument {
        print_order(self, seller, locale)
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
