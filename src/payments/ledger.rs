//! The back office's reading of the money: payments and eWallet entries,
//! newest first, 50 a page, by filter (checked here; the statements are in
//! `store::ledger`).

use super::backoffice_api::{
    LedgerFilter, LedgerPage, PaidFor, PaymentRow, RefundForm, WalletRow, METHODS, STATES,
    WALLET_KINDS,
};
use super::store::{self, ledger::LedgerQuery};
use crate::{db::Pool, error::AppError};

const PAGE: i64 = 50;

fn paid_for((invoice, order): store::ledger::Documents) -> PaidFor {
    invoice
        .map(|(id, number)| ("invoice".to_owned(), id, number))
        .or_else(|| order.map(|(id, reference)| ("order".to_owned(), id, reference)))
}

/// The filter checked, as the queries take it: a part left empty (or a
/// customer of 0) filters nothing.
fn checked(filter: &LedgerFilter) -> Result<LedgerQuery<'_>, AppError> {
    let customer = match filter.customer.trim() {
        "" => 0,
        id => id.parse().map_err(|_| AppError::BadRequest)?,
    };
    let wallet = filter.view == "wallet";
    let method = filter.method.as_str();
    let known: &[&str] = if wallet { &WALLET_KINDS } else { &METHODS };
    if !method.is_empty() && !known.contains(&method) {
        return Err(AppError::BadRequest);
    }
    let state = filter.state.as_str();
    if !state.is_empty() && !STATES.contains(&state) {
        return Err(AppError::BadRequest);
    }
    let from = crate::audit_log::api::day_start(&filter.from)?;
    let to = crate::audit_log::api::day_start(&filter.to)
        .map_err(|_| AppError::invalid("to", "error-malformed"))?
        .map(|start| start + 86_400);
    Ok(LedgerQuery {
        before: filter.before.unwrap_or(i64::MAX),
        customer: (customer != 0).then_some(customer),
        method: (!method.is_empty()).then_some(method),
        state: (!state.is_empty()).then_some(state),
        from: from.unwrap_or(i64::MIN),
        to: to.unwrap_or(i64::MAX),
        // One more than a page tells whether an older page exists.
        limit: PAGE + 1,
    })
}

fn payment_row(line: store::ledger::PaymentLine) -> PaymentRow {
    PaymentRow {
        id: line.id,
        at: line.at,
        customer: line.customer,
        paid_for: paid_for(line.documents),
        method: line.method,
        state: line.state,
        amount: line.amount,
        refunded: line.refunded,
        reference: line.reference,
        failure: line.failure,
        flag: line.flag,
    }
}

pub async fn page(pool: &Pool, filter: &LedgerFilter) -> Result<LedgerPage, AppError> {
    let query = checked(filter)?;
    let customers = crate::documents::editing::customers(pool).await?;
    if filter.view == "wallet" {
        let rows = store::ledger::wallet_entries(pool, &query).await?;
        let older = (rows.len() as i64 > PAGE).then(|| rows[PAGE as usize - 1].id);
        let wallet = rows
            .into_iter()
            .take(PAGE as usize)
            .map(|line| WalletRow {
                id: line.id,
                at: line.at,
                customer: line.customer,
                kind: line.kind,
                amount: line.amount,
                paid_for: paid_for(line.documents),
            })
            .collect();
        return Ok(LedgerPage {
            payments: Vec::new(),
            wallet,
            older,
            customers,
        });
    }
    let rows = store::ledger::payments(pool, &query).await?;
    let older = (rows.len() as i64 > PAGE).then(|| rows[PAGE as usize - 1].id);
    let payments = rows
        .into_iter()
        .take(PAGE as usize)
        .map(payment_row)
        .collect();
    Ok(LedgerPage {
        payments,
        wallet: Vec::new(),
        older,
        customers,
    })
}

pub async fn refund_options(pool: &Pool, payment_id: i64) -> Result<RefundForm, AppError> {
    let refundable = super::refunds::refundable(pool, payment_id).await?;
    let row = payment_row(store::ledger::payment(pool, payment_id).await?);
    Ok(RefundForm {
        payment_id,
        customer: row.customer,
        paid_for: row.paid_for,
        method: row.method,
        amount: row.amount,
        refundable: refundable.refundable,
        via_provider: refundable.charge.is_some(),
        key: super::wallet::form_key(),
    })
}
