//! The eWallet: an append-only ledger per customer and currency. The
//! balance is the sum of the entries; every write first touches the
//! customer's `wallets` row in its transaction, so that writes queue
//! behind one another and a debit reads the balance after the last of
//! them: the balance never goes below zero.

use super::api::{TopUpInput, WalletLine, WalletView};
use super::idempotency::{self, Fingerprint};
use super::store::{
    self,
    wallet::{Entry, NewTopUp, TopUpNotWritten},
    Outcome,
};
use crate::{
    context::Customer,
    domain::{states::ChargeState, Currency, Money},
    error::AppError,
    payment_provider::MethodKind,
};
use sqlx::AnyConnection;

/// The largest single top-up, in minor units.
const MOST_PER_TOP_UP: i64 = 100_000_000;

/// Debits `amount` for a payment, in the caller's transaction (after
/// `store::wallet::lock`); refused when the balance is short.
pub async fn debit(
    tx: &mut AnyConnection,
    customer: &Customer,
    money: &Money,
    payment_id: i64,
) -> Result<(), AppError> {
    let customer_id = customer.scope.commercial_entity_id();
    if store::wallet::balance(tx, customer_id, money.currency).await? < money.minor {
        return Err(AppError::invalid("method", "wallet-insufficient"));
    }
    let entry = Entry {
        customer_id,
        amount: -money.minor,
        currency: money.currency,
        kind: "payment",
        payment_id: Some(payment_id),
        top_up: None,
        created_by: Some(customer.user.user_id),
    };
    store::wallet::append(tx, entry).await?;
    Ok(())
}

/// Credits a refund of `payment_id` to the customer's eWallet, in the
/// caller's transaction.
pub async fn credit_refund(
    tx: &mut AnyConnection,
    customer_id: i64,
    money: &Money,
    payment_id: i64,
    staff_id: i64,
) -> Result<(), AppError> {
    store::wallet::lock(tx, customer_id, money.currency).await?;
    let entry = Entry {
        customer_id,
        amount: money.minor,
        currency: money.currency,
        kind: "refund",
        payment_id: Some(payment_id),
        top_up: None,
        created_by: Some(staff_id),
    };
    store::wallet::append(tx, entry).await?;
    Ok(())
}

/// A form's key: new with each form drawn (after every answer too), so a
/// double click, a retry or a replay of one form acts once.
pub fn form_key() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

pub async fn view(customer: &Customer) -> Result<WalletView, AppError> {
    let state = crate::context::app_state()?;
    let customer_id = customer.scope.commercial_entity_id();
    let mut balances: Vec<Money> = Vec::new();
    let mut lines = Vec::new();
    for line in store::wallet::history(&state.pool, customer_id).await? {
        // Newest first: the first line of a currency carries its balance.
        if !balances.iter().any(|m| m.currency == line.balance.currency) {
            balances.push(line.balance.clone());
        }
        lines.push(WalletLine {
            id: line.id,
            at: line.at,
            kind: line.kind,
            amount: line.amount,
            balance: line.balance,
            invoice: line.invoice,
        });
    }
    let today = chrono::Utc::now().date_naive();
    let offered = store::methods::offered(&state.pool).await?;
    Ok(WalletView {
        balances,
        lines,
        key: form_key(),
        methods: store::methods::methods(&state.pool, customer.scope, today).await?,
        offers_cards: offered.contains(&MethodKind::Card),
        payments: state.payments_mode(),
        limits: store::wallet::top_up_limits(&state.pool).await?,
    })
}

/// Adds funds through a payment method, once per form key (the same key
/// asking another amount, currency or method is refused: `idempotency`): the top-up is
/// written `pending` under its key with the token it is charged to, the
/// provider charges under the same key (a retried charge is the same
/// charge), then the credit is written (or the top-up marked failed). A
/// stop in between is finished at start-up (`recovery`).
pub async fn top_up(customer: &Customer, mut input: TopUpInput) -> Result<(), AppError> {
    let state = crate::context::app_state()?;
    // Before anything is written: the charge needs one.
    state.provider()?;
    let pool = &state.pool;
    let key = super::paying::checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    if let Some(answer) = earlier_top_up(pool, &stored_key, &input).await? {
        return answer;
    }
    let currency = Currency::parse(&input.currency)
        .ok_or_else(|| AppError::invalid("currency", "error-choice"))?;
    let amount = crate::domain::totals::parse_decimal(&input.amount, currency.minor_digits())
        .filter(|amount| (1..=MOST_PER_TOP_UP).contains(amount))
        .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    let fingerprint = Fingerprint::top_up(&Money::new(amount, currency), &input.method);
    let (token, _, _, new_card) = super::paying::token_for(&state, customer_id, &mut input).await?;
    let new = NewTopUp {
        customer_id,
        money: Money::new(amount, currency),
        stored_key: &stored_key,
        fingerprint: fingerprint.as_str(),
        token: &token,
        created_by: customer.user.user_id,
    };
    let id = match store::wallet::insert_top_up(pool, new).await {
        Ok(id) => id,
        Err(TopUpNotWritten::OverMost) => {
            return Err(AppError::invalid("amount", "wallet-over-top-up-limit"))
        }
        Err(TopUpNotWritten::OverDailyMost) => {
            return Err(AppError::invalid("amount", "wallet-over-daily-limit"))
        }
        // The same form, a moment earlier, in another request.
        Err(TopUpNotWritten::KeyUsed) => {
            return earlier_top_up(pool, &stored_key, &input)
                .await?
                .unwrap_or(Err(AppError::ServerError))
        }
        Err(TopUpNotWritten::Failed(error)) => {
            return earlier_top_up(pool, &stored_key, &input)
                .await?
                .unwrap_or_else(|| Err(error.into()))
        }
    };
    let pending = store::wallet::PendingTopUp {
        id,
        customer_id,
        money: Money::new(amount, currency),
        token,
        stored_key,
        added_by: Some(customer.user.user_id),
    };
    let save = match (&new_card, &input.save) {
        (Some(card), Some(_)) => Some((customer, card)),
        _ => None,
    };
    settle_top_up(&state, &pending, save)
        .await?
        .map_err(|refusal| refusal.into_app_error("method"))
}

/// What a top-up key already used answers: its first result when `input`
/// asks the same, else the refusal of `idempotency::same_request`.
async fn earlier_top_up(
    pool: &crate::db::Pool,
    stored_key: &str,
    input: &TopUpInput,
) -> Result<Option<Result<(), AppError>>, AppError> {
    let Some(found) = store::wallet::top_up_by_key(pool, stored_key).await? else {
        return Ok(None);
    };
    let asked = Currency::parse(&input.currency)
        .filter(|currency| *currency == found.currency)
        .and_then(|currency| idempotency::asked_money(&input.amount, currency))
        .map(|money| Fingerprint::top_up(&money, &input.method));
    idempotency::same_request(found.fingerprint.as_deref(), asked.as_ref())?;
    Ok(Some(match found.state {
        ChargeState::Succeeded => Ok(()),
        state => Err(super::paying::unsuccessful_answer(
            state,
            found.failure.as_deref(),
        )),
    }))
}

/// Charges a pending top-up under its key and settles it: the credit
/// written (and `save` run) in the transaction that marks it succeeded, or
/// marked failed. Answers the provider's answer.
pub(super) async fn settle_top_up(
    state: &crate::context::AppState,
    pending: &store::wallet::PendingTopUp,
    save: Option<(&Customer, &crate::payment_provider::Tokenised)>,
) -> Result<Result<(), crate::payment_provider::Refusal>, AppError> {
    let provider = state.provider()?;
    let charged = provider
        .charge(&pending.token, &pending.money, &pending.stored_key)
        .await;
    let mut tx = store::begin(&state.pool).await?;
    let answer = match charged {
        Ok(receipt) => {
            let outcome = Outcome::Succeeded(&receipt.reference);
            if store::wallet::settle_top_up(&mut tx, pending.id, outcome).await? {
                store::wallet::lock(&mut tx, pending.customer_id, pending.money.currency).await?;
                let entry = Entry {
                    customer_id: pending.customer_id,
                    amount: pending.money.minor,
                    currency: pending.money.currency,
                    kind: "top_up",
                    payment_id: None,
                    top_up: Some((&pending.stored_key, &receipt.reference)),
                    created_by: pending.added_by,
                };
                store::wallet::append(&mut tx, entry).await?;
                // Charged already: at the limit of saved methods the top-up
                // stands all the same, without the card being kept.
                if let Some((customer, card)) = save {
                    store::methods::insert_method(&mut tx, customer, card, provider.name()).await?;
                }
            }
            Ok(())
        }
        Err(refusal) => {
            let outcome = Outcome::Failed(refusal.message_id());
            store::wallet::settle_top_up(&mut tx, pending.id, outcome).await?;
            Err(refusal)
        }
    };
    store::commit(tx).await?;
    Ok(answer)
}
