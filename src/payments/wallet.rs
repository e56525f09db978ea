//! The eWallet: an append-only ledger per customer and currency. The
//! balance is the sum of the entries; every write first touches the
//! customer's `wallets` row in its transaction, so that writes queue
//! behind one another and a debit reads the balance after the last of
//! them: the balance never goes below zero.

use super::api::{PayAnswer, TopUpInput, WalletLine, WalletView};
use super::idempotency::{self, Fingerprint};
use super::paying::Settled;
use super::store::{
    self,
    wallet::{Entry, NewTopUp, TopUpNotWritten},
    Outcome,
};
use crate::{
    context::Customer,
    domain::{states::ChargeState, Currency, Money},
    error::AppError,
    payment_provider::{Charge, ChargeRequest, MethodKind, Refusal, Tokenised},
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
pub async fn top_up(customer: &Customer, mut input: TopUpInput) -> Result<PayAnswer<()>, AppError> {
    let state = crate::context::app_state()?;
    // Before anything is written: the charge needs one.
    state.provider()?;
    let pool = &state.pool;
    let key = super::paying::checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    if let Some(answer) = earlier_top_up(pool, &stored_key, &input).await? {
        return answer.map(PayAnswer::Done);
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
                .map(PayAnswer::Done)
        }
        Err(TopUpNotWritten::Failed(error)) => {
            return earlier_top_up(pool, &stored_key, &input)
                .await?
                .unwrap_or_else(|| Err(error.into()))
                .map(PayAnswer::Done)
        }
    };
    let pending = store::wallet::PendingTopUp {
        id,
        customer_id,
        money: Money::new(amount, currency),
        token,
        stored_key,
        added_by: Some(customer.user.user_id),
        reference: None,
        keep_method: new_card.is_some() && input.save.is_some(),
        created_at: crate::db::now(),
    };
    charge_top_up(&state, &pending, new_card.as_ref(), true)
        .await?
        .answer(id, || ())
}

/// The browser came back from the customer's bank: the top-up is settled
/// from the provider's word. One a webhook settled first answers as it
/// ended.
pub async fn finish(customer: &Customer, top_up_id: i64) -> Result<PayAnswer<()>, AppError> {
    let state = crate::context::app_state()?;
    let provider = state.provider()?;
    let customer_id = customer.scope.commercial_entity_id();
    let Some((state_now, failure)) =
        store::wallet::top_up_state(&state.pool, top_up_id, customer_id).await?
    else {
        return Err(AppError::NotFound);
    };
    match state_now {
        ChargeState::Succeeded => return Ok(PayAnswer::Done(())),
        ChargeState::Pending => {}
        other => {
            return Err(super::paying::unsuccessful_answer(
                other,
                failure.as_deref(),
            ))
        }
    }
    let pending = store::wallet::pending_top_ups(&state.pool, Some(top_up_id))
        .await?
        .into_iter()
        .next();
    let Some((reference, pending)) =
        pending.and_then(|pending| Some((pending.reference.clone()?, pending)))
    else {
        return Err(AppError::invalid("method", "payment-in-progress"));
    };
    let status = provider.charge_status(&reference).await;
    settle_top_up(&state, &pending, status, None)
        .await?
        .answer(top_up_id, || ())
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

/// Charges a pending top-up under its key (off-session at start-up) and
/// settles what the provider answered.
pub(super) async fn charge_top_up(
    state: &crate::context::AppState,
    pending: &store::wallet::PendingTopUp,
    new_card: Option<&Tokenised>,
    customer_present: bool,
) -> Result<Settled, AppError> {
    let provider = state.provider()?;
    let provider_customer = super::methods::provider_customer(state, pending.customer_id).await?;
    let metadata = [("portico_top_up", pending.id.to_string())];
    let charged = provider
        .charge(ChargeRequest {
            token: &pending.token,
            money: &pending.money,
            customer: provider_customer.as_deref(),
            idempotency_key: &pending.stored_key,
            metadata: &metadata,
            customer_present,
        })
        .await;
    settle_top_up(state, pending, charged, new_card).await
}

/// Settles a pending top-up from what the provider says of it: the credit
/// written (and the new card kept when asked) in the transaction that
/// marks it succeeded, or marked failed, or its reference noted while it
/// waits. The one place a top-up's charge ends.
pub(super) async fn settle_top_up(
    state: &crate::context::AppState,
    pending: &store::wallet::PendingTopUp,
    charged: Result<Charge, Refusal>,
    new_card: Option<&Tokenised>,
) -> Result<Settled, AppError> {
    let provider = state.provider()?;
    let receipt = match charged {
        Ok(Charge::Succeeded(receipt)) => receipt,
        Ok(waiting @ (Charge::NeedsAuthentication { .. } | Charge::Processing { .. })) => {
            let mut conn = store::acquire(&state.pool).await?;
            store::note_reference(
                &mut conn,
                store::Charge::TopUp,
                pending.id,
                waiting.reference(),
                pending.keep_method,
            )
            .await?;
            return Ok(match waiting {
                Charge::NeedsAuthentication { client_secret, .. } => {
                    Settled::Authenticate { client_secret }
                }
                _ => Settled::InProgress,
            });
        }
        Err(Refusal::Unavailable) => return Ok(Settled::Unknown),
        Err(refusal) => {
            let mut tx = store::begin(&state.pool).await?;
            let outcome = Outcome::Failed(refusal.message_id());
            store::wallet::settle_top_up(&mut tx, pending.id, outcome).await?;
            store::commit(tx).await?;
            super::methods::let_go_unless_kept(state, pending.customer_id, &pending.token).await?;
            return Ok(Settled::Refused(refusal));
        }
    };
    let card = super::methods::card_to_keep(
        state,
        (pending.customer_id, &pending.token),
        pending.keep_method,
        new_card,
    )
    .await?;
    let mut tx = store::begin(&state.pool).await?;
    let outcome = Outcome::Succeeded(&receipt.reference);
    let moved = store::wallet::settle_top_up(&mut tx, pending.id, outcome).await?;
    if moved {
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
        if let (Some(card), true) = (&card, pending.keep_method) {
            let who = (pending.customer_id, pending.added_by);
            store::methods::insert_method(&mut tx, who, card, provider.name()).await?;
        }
    }
    store::commit(tx).await?;
    if moved {
        super::methods::let_go_unless_kept(state, pending.customer_id, &pending.token).await?;
    }
    Ok(Settled::Succeeded)
}
