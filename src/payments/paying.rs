//! A customer paying an invoice, or a quotation or order, exactly once per
//! key and never more than is due:
//!
//! 1. A key already used answers with its first result, when it asks the
//!    same (`idempotency`); asking something else, it is refused.
//! 2. One conditional `UPDATE` reserves the amount on the document (it
//!    can't pass the total, whatever runs in parallel) and the payment is
//!    written `pending` under its unique key, with the token it is charged
//!    to, in one transaction.
//! 3. The provider charges the token with the same key (a retried charge
//!    is the same charge).
//! 4. Success: the payment is `succeeded`, audited, the receipt and the
//!    followers' emails queued; a quotation paid becomes a confirmed order.
//!    Refusal: the payment is `failed` and the reservation given back.
//!
//! A stop between 2 and 4 leaves a `pending` payment: start-up
//! (`recovery`) charges it again under its key and settles it the same way.

use super::api::{PaidDocument, PayAnswer, PayInput, PayPage, PaymentDone};
use super::idempotency::{self, Fingerprint};
use super::store::{self, payments::PayableRow, Outcome};
use crate::documents::payable::{release, reserve as reserve_on_document};
use crate::{
    audit::{self, AuditEntry, AuditKind},
    context::{AppState, Customer},
    db::StoreError,
    documents::api::Followable,
    domain::{states::ChargeState, Money},
    error::AppError,
    payment_provider::{Charge, ChargeRequest, MethodDetails, Refusal, Tokenised},
};
use sha2::{Digest, Sha256};

/// The document as the customer may pay it: theirs, open for payment
/// (the machines' `Pay` action), with something due.
async fn payable(
    pool: &crate::db::Pool,
    customer: &Customer,
    document: PaidDocument,
    id: i64,
) -> Result<PayableRow, AppError> {
    let payable = store::payments::payable(
        pool,
        (document, id),
        customer.scope.commercial_entity_id(),
        crate::documents::store::today(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    if payable.paid >= payable.total {
        return Err(AppError::invalid("amount", "pay-nothing-due"));
    }
    Ok(payable)
}

/// The smallest part: a share of the total, rounded up, at least one minor unit.
fn minimum_part(total: i64, percent: i64) -> i64 {
    ((total * percent + 99) / 100).max(1)
}

/// The form's key: the same for every tab showing this document as it is
/// now (who pays, what is paid, how many payments), new after each payment.
fn form_key(user_id: i64, document: PaidDocument, id: i64, payable: &PayableRow) -> String {
    let seed = format!(
        "pay:{user_id}:{}:{id}:{}:{}",
        document.as_str(),
        payable.paid,
        payable.payments
    );
    hex::encode(&Sha256::digest(seed.as_bytes())[..16])
}

pub async fn options(
    customer: &Customer,
    document: PaidDocument,
    id: i64,
) -> Result<PayPage, AppError> {
    let state = crate::context::app_state()?;
    let payable = payable(&state.pool, customer, document, id).await?;
    let today = chrono::Utc::now().date_naive();
    let offered = store::methods::offered(&state.pool).await?;
    let currency = payable.currency;
    Ok(PayPage {
        document,
        id,
        key: form_key(customer.user.user_id, document, id, &payable),
        number: payable.number,
        currency,
        due: payable.total - payable.paid,
        minimum: minimum_part(
            payable.total,
            store::payments::minimum_part_percent(&state.pool).await?,
        ),
        methods: store::methods::methods(&state.pool, customer.scope, today).await?,
        offers_cards: offered.contains(&crate::payment_provider::MethodKind::Card),
        payments: state.payments_mode(),
        wallet: {
            let mut conn = store::acquire(&state.pool).await?;
            store::wallet::balance(&mut conn, customer.scope.commercial_entity_id(), currency)
                .await?
        },
    })
}

/// A form's idempotency key as sent: 16 to 64 letters, digits or dashes.
pub fn checked_key(raw: &str) -> Result<&str, AppError> {
    let key = raw.trim();
    if (16..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(key)
    } else {
        Err(AppError::BadRequest)
    }
}

/// The token, kind and id of the customer's live saved method `method`
/// (its id as typed); anyone else's answers "choose a method".
pub async fn saved_token(
    pool: &crate::db::Pool,
    customer_id: i64,
    method: &str,
) -> Result<(String, &'static str, i64), AppError> {
    let id: i64 = method
        .parse()
        .map_err(|_| AppError::invalid("method", "pay-choose-method"))?;
    let (token, kind) = store::methods::token_of(pool, customer_id, id)
        .await?
        .ok_or_else(|| AppError::invalid("method", "pay-choose-method"))?;
    Ok((
        token,
        if kind == "card" { "card" } else { "sepa_debit" },
        id,
    ))
}

/// How a payment is made, as `reserve` writes it.
struct Via<'a> {
    /// The `payments.method` value: "card", "sepa_debit" or "ewallet".
    method: &'a str,
    /// Pending until the provider answers; succeeded from the eWallet.
    state: ChargeState,
    method_id: Option<i64>,
    /// The provider's token to charge (none from the eWallet).
    token: Option<&'a str>,
}

/// Reserves `money` on the document (`documents::payable::reserve`, one
/// conditional `UPDATE` that can't pass the total) and writes the payment
/// under its key, in `tx`. The inner error is the insert's: the key was
/// used a moment earlier.
async fn reserve(
    tx: &mut sqlx::AnyConnection,
    customer: &Customer,
    (document, id): (PaidDocument, i64),
    money: &Money,
    (stored_key, fingerprint): (&str, &Fingerprint),
    via: Via<'_>,
) -> Result<Result<i64, sqlx::Error>, AppError> {
    let reserved = reserve_on_document(
        &mut *tx,
        (document, id),
        Some(customer.scope.commercial_entity_id()),
        money.minor,
        crate::documents::store::today(),
    )
    .await?;
    if !reserved {
        return Err(AppError::invalid("amount", "pay-more-than-due"));
    }
    // Asked after the order's row is ours: an invoice made a moment
    // earlier is seen, and one made later waits and counts this payment.
    if document == PaidDocument::Order && store::payments::order_invoiced(&mut *tx, id).await? {
        return Err(AppError::invalid("amount", "pay-order-invoiced"));
    }
    let payment = store::payments::NewPayment {
        customer_id: customer.scope.commercial_entity_id(),
        target: (document, id),
        money,
        method: via.method,
        state: via.state,
        stored_key,
        fingerprint: fingerprint.as_str(),
        method_id: via.method_id,
        paid_by: customer.user.user_id,
        token: via.token,
        received_on: crate::documents::store::today(),
    };
    Ok(store::payments::insert(&mut *tx, payment).await)
}

/// Gives back a payment's `amount` on the invoice and the order it was
/// counted on (a refused charge, or a refund), in `tx`.
pub(super) async fn give_back(
    tx: &mut sqlx::AnyConnection,
    payment_id: i64,
    amount: i64,
) -> Result<(), AppError> {
    let (invoice_id, order_id) = store::payments::documents_of(&mut *tx, payment_id).await?;
    if let Some(invoice_id) = invoice_id {
        release(&mut *tx, (PaidDocument::Invoice, invoice_id), amount).await?;
    }
    if let Some(order_id) = order_id {
        release(&mut *tx, (PaidDocument::Order, order_id), amount).await?;
    }
    Ok(())
}

/// A payment that went through: the audit entry, a quotation confirmed,
/// the receipt and the followers' emails, in `tx`.
async fn record_success(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    paid_by: i64,
    (document, id): (PaidDocument, i64),
    number: &str,
    money: &Money,
    how: &str,
) -> Result<(), AppError> {
    let detail = format!(
        "{number} {} {} paid by the customer{how}",
        money.minor,
        money.currency.code()
    );
    audit::record(
        &mut *tx,
        AuditKind::PaymentRecorded,
        AuditEntry {
            actor_user_id: Some(paid_by),
            detail: Some(&detail),
            ..Default::default()
        },
    )
    .await?;
    let public_url = &state.settings.public_url;
    let followable = match document {
        PaidDocument::Invoice => Followable::Invoice,
        PaidDocument::Order => {
            if store::payments::confirm_quotation(&mut *tx, id).await? {
                crate::documents::editing::announce_confirmation(tx, public_url, id).await?;
            }
            Followable::Order
        }
    };
    crate::documents::editing::announce_payment(tx, public_url, followable, id, money, paid_by)
        .await?;
    Ok(())
}

/// The token to charge: a saved method of this customer (its id as typed),
/// or a new card: tokenised now from the form's fields (the demo), or, when
/// the provider's script took it in the browser, adopted from the one-time
/// token it made (the form then carries no card number or CVC, and one
/// that does is refused unread). Answers the token, the payment's method,
/// the saved method's id, and the new card (to save if asked).
pub async fn token_for(
    state: &AppState,
    customer_id: i64,
    input: &mut PayInput,
) -> Result<(String, &'static str, Option<i64>, Option<Tokenised>), AppError> {
    let method = input.method.as_str();
    if method != "new" {
        let (token, kind, id) = saved_token(&state.pool, customer_id, method).await?;
        return Ok((token, kind, Some(id), None));
    }
    if !store::methods::offered(&state.pool)
        .await?
        .contains(&crate::payment_provider::MethodKind::Card)
    {
        return Err(AppError::invalid("method", "payment-kind-not-offered"));
    }
    let provider = state.provider()?;
    if provider.browser().is_some() {
        if !(input.number.is_empty() && input.expiry.is_empty() && input.cvc.is_empty()) {
            return Err(AppError::BadRequest);
        }
        let browser_token = input.card_token.trim();
        if browser_token.is_empty() {
            return Err(AppError::invalid("method", "pay-card-missing"));
        }
        if browser_token.len() > 255 {
            return Err(AppError::BadRequest);
        }
        let provider_customer = super::methods::provider_customer(state, customer_id).await?;
        let adopted = provider
            .adopt(provider_customer.as_deref(), browser_token)
            .await
            .map_err(|refusal| refusal.into_app_error("method"))?;
        let card = super::methods::named(state, customer_id, adopted, &input.holder).await?;
        return Ok((card.token.clone(), "card", None, Some(card)));
    }
    // Taken out of the form, so the card's number lives only as long as
    // the provider needs it.
    let card = MethodDetails::Card {
        holder: std::mem::take(&mut input.holder),
        number: std::mem::take(&mut input.number),
        expiry: std::mem::take(&mut input.expiry),
        cvc: std::mem::take(&mut input.cvc),
    };
    let tokenised = provider
        .tokenise(&card)
        .await
        .map_err(|refusal| refusal.into_app_error("method"))?;
    Ok((tokenised.token.clone(), "card", None, Some(tokenised)))
}

/// Pays from the eWallet: the wallet taken, the amount reserved on the
/// document, the payment written and the wallet debited (refused when the
/// balance is short), all in one transaction; no provider involved.
async fn pay_from_wallet(
    state: &AppState,
    customer: &Customer,
    target: (PaidDocument, i64),
    payable: &PayableRow,
    money: &Money,
    asked: &Asked<'_>,
) -> Result<PaymentDone, AppError> {
    let stored_key = asked.stored_key;
    let mut tx = store::begin(&state.pool).await?;
    store::wallet::lock(
        &mut tx,
        customer.scope.commercial_entity_id(),
        payable.currency,
    )
    .await?;
    let via = Via {
        method: "ewallet",
        state: ChargeState::Succeeded,
        method_id: None,
        token: None,
    };
    let fingerprint = Fingerprint::payment(target, money, asked.method);
    let key = (stored_key, &fingerprint);
    let payment_id = match reserve(&mut tx, customer, target, money, key, via).await? {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            if let Some(answer) = earlier_answer(&state.pool, asked, target).await? {
                return answer;
            }
            return Err(StoreError::from(error).into());
        }
    };
    super::wallet::debit(&mut tx, customer, money, payment_id).await?;
    record_success(
        &mut tx,
        state,
        customer.user.user_id,
        target,
        &payable.number,
        money,
        " from the eWallet",
    )
    .await?;
    store::commit(tx).await?;
    Ok(PaymentDone {
        document: target.0,
        id: target.1,
        payment_id,
        amount: money.minor,
        remaining: payable.total - payable.paid - money.minor,
    })
}

/// A payment request as its key is checked: the key as stored, and the
/// amount and method as the form sent them.
struct Asked<'a> {
    stored_key: &'a str,
    amount: &'a str,
    method: &'a str,
}

/// What a key already used answers: the first result when this request
/// asks the same, else the refusal of `idempotency::same_request`.
async fn earlier_answer(
    pool: &crate::db::Pool,
    asked: &Asked<'_>,
    (document, id): (PaidDocument, i64),
) -> Result<Option<Result<PaymentDone, AppError>>, AppError> {
    let Some(payment) = store::payments::by_key(pool, asked.stored_key).await? else {
        return Ok(None);
    };
    if payment.paid(document) != Some(id) {
        return Err(AppError::BadRequest);
    }
    let fingerprint = idempotency::asked_money(asked.amount, payment.money.currency)
        .map(|money| Fingerprint::payment((document, id), &money, asked.method));
    idempotency::same_request(payment.fingerprint.as_deref(), fingerprint.as_ref())?;
    let (total, paid) = store::payments::totals(pool, (document, id)).await?;
    Ok(Some(match payment.state {
        ChargeState::Succeeded => Ok(PaymentDone {
            document,
            id,
            payment_id: payment.id,
            amount: payment.money.minor,
            remaining: total - paid,
        }),
        state => Err(unsuccessful_answer(state, payment.failure.as_deref())),
    }))
}

/// What a replayed form hears when its charge did not succeed, the same as
/// the first answer: still in progress, or the reason the provider gave.
pub(super) fn unsuccessful_answer(state: ChargeState, failure: Option<&str>) -> AppError {
    if state == ChargeState::Pending {
        return AppError::invalid("method", "payment-in-progress");
    }
    Refusal::from_message_id(failure.unwrap_or_default()).into_app_error("method")
}

/// A payment written `pending`, to charge and settle.
pub(super) struct Pending {
    pub payment_id: i64,
    /// The commercial entity that pays.
    pub customer_id: i64,
    pub target: (PaidDocument, i64),
    pub number: String,
    pub money: Money,
    pub token: String,
    pub stored_key: String,
    pub paid_by: i64,
    /// The new card it is charged to is kept once it succeeds.
    pub keep_method: bool,
}

impl Pending {
    /// A pending payment as the store keeps it; `None` when it can't be
    /// charged (it never reached the provider).
    pub fn from_store(payment: store::payments::PendingPayment) -> Option<Self> {
        // Paid from the order's page, unless the order was not involved.
        let target = match (payment.order_id, payment.invoice_id) {
            (Some(order), _) => (PaidDocument::Order, order),
            (None, Some(invoice)) => (PaidDocument::Invoice, invoice),
            (None, None) => return None,
        };
        Some(Self {
            payment_id: payment.id,
            customer_id: payment.customer_id,
            target,
            number: payment.number.unwrap_or_default(),
            money: payment.money,
            token: payment.token?,
            stored_key: payment.stored_key?,
            paid_by: payment.paid_by?,
            keep_method: payment.keep_method,
        })
    }
}

/// How a charge stands for whoever asked: the answer of a pay form, of the
/// browser's return, of a webhook, of start-up.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Settled {
    Succeeded,
    /// Waiting for the customer's bank (3-D Secure).
    Authenticate {
        client_secret: String,
    },
    /// Accepted; the money arrives later.
    InProgress,
    /// The provider could not say: still pending.
    Unknown,
    Refused(Refusal),
}

impl Settled {
    /// What the pay form hears of anything but a success.
    pub fn unfinished<T>(self, charge_id: i64) -> Option<Result<PayAnswer<T>, AppError>> {
        match self {
            Self::Succeeded => None,
            Self::Authenticate { client_secret } => Some(Ok(PayAnswer::Authenticate {
                charge_id,
                client_secret,
            })),
            Self::InProgress => Some(Ok(PayAnswer::InProgress { charge_id })),
            Self::Unknown => Some(Err(Refusal::Unavailable.into_app_error("method"))),
            Self::Refused(refusal) => Some(Err(refusal.into_app_error("method"))),
        }
    }

    /// What the pay form hears; `done` is the success's answer.
    pub fn answer<T>(
        self,
        charge_id: i64,
        done: impl FnOnce() -> T,
    ) -> Result<PayAnswer<T>, AppError> {
        self.unfinished(charge_id)
            .unwrap_or_else(|| Ok(PayAnswer::Done(done())))
    }
}

/// Charges a pending payment under its key: the customer at the page
/// (`customer_present`) can be asked to authenticate; start-up charges
/// off-session. Settles what the provider answered (`settle`).
pub(super) async fn charge_and_settle(
    state: &AppState,
    pending: &Pending,
    new_card: Option<&Tokenised>,
    customer_present: bool,
) -> Result<Settled, AppError> {
    let provider = state.provider()?;
    let provider_customer = super::methods::provider_customer(state, pending.customer_id).await?;
    let metadata = [
        ("portico_payment", pending.payment_id.to_string()),
        ("document", pending.number.clone()),
    ];
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
    settle(state, pending, charged, new_card).await
}

/// Settles a pending payment from what the provider says of it (its answer
/// to the charge, its word after the browser came back, a webhook): the one
/// place a payment's charge ends. Success: `succeeded`, the card kept when
/// asked (`new_card`, or described by the provider when the success came
/// later), audited and announced. Refusal: `failed`, the reservation given
/// back. Waiting: the provider's reference noted.
pub(super) async fn settle(
    state: &AppState,
    pending: &Pending,
    charged: Result<Charge, Refusal>,
    new_card: Option<&Tokenised>,
) -> Result<Settled, AppError> {
    let provider = state.provider()?;
    let receipt = match charged {
        Ok(Charge::Succeeded(receipt)) => receipt,
        Ok(Charge::NeedsAuthentication {
            reference,
            client_secret,
        }) => {
            let mut conn = store::acquire(&state.pool).await?;
            store::note_reference(
                &mut conn,
                store::Charge::Payment,
                pending.payment_id,
                &reference,
                pending.keep_method,
            )
            .await?;
            return Ok(Settled::Authenticate { client_secret });
        }
        Ok(Charge::Processing { reference }) => {
            let mut conn = store::acquire(&state.pool).await?;
            store::note_reference(
                &mut conn,
                store::Charge::Payment,
                pending.payment_id,
                &reference,
                pending.keep_method,
            )
            .await?;
            return Ok(Settled::InProgress);
        }
        Err(Refusal::Unavailable) => return Ok(Settled::Unknown),
        Err(refusal) => {
            let mut tx = store::begin(&state.pool).await?;
            fail(
                &mut tx,
                pending.payment_id,
                refusal.message_id(),
                pending.money.minor,
            )
            .await?;
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
    // Charged already: a customer at the limit of saved methods pays all
    // the same, without the card being kept.
    let saved_method = match (&card, pending.keep_method) {
        (Some(card), true) => {
            let who = (pending.customer_id, Some(pending.paid_by));
            store::methods::insert_method(&mut tx, who, card, provider.name()).await?
        }
        _ => None,
    };
    let outcome = Outcome::Succeeded(&receipt.reference);
    let moved = store::payments::settle(&mut tx, pending.payment_id, outcome, saved_method).await?;
    if moved {
        record_success(
            &mut tx,
            state,
            pending.paid_by,
            pending.target,
            &pending.number,
            &pending.money,
            "",
        )
        .await?;
    }
    store::commit(tx).await?;
    if moved {
        super::methods::let_go_unless_kept(state, pending.customer_id, &pending.token).await?;
    }
    Ok(Settled::Succeeded)
}

/// A pending payment that will not be charged (refused, or interrupted
/// before it reached the provider): `failed`, its reservation given back,
/// in `tx`.
pub(super) async fn fail(
    tx: &mut sqlx::AnyConnection,
    payment_id: i64,
    failure: &str,
    amount: i64,
) -> Result<(), AppError> {
    if store::payments::settle(&mut *tx, payment_id, Outcome::Failed(failure), None).await? {
        give_back(tx, payment_id, amount).await?;
    }
    Ok(())
}

pub async fn pay(
    customer: &Customer,
    target: (PaidDocument, i64),
    mut input: PayInput,
) -> Result<PayAnswer<PaymentDone>, AppError> {
    let state = crate::context::app_state()?;
    // Asked before anything is written, whichever method pays: a portal
    // without a provider takes no payments, the eWallet's included.
    state.provider()?;
    let pool = &state.pool;
    let key = checked_key(&input.key)?;
    let customer_id = customer.scope.commercial_entity_id();
    let stored_key = format!("{customer_id}:{key}");
    // Copied out of the form: `token_for` takes the card's fields away.
    let (amount_sent, method_sent) = (input.amount.clone(), input.method.clone());
    let asked = Asked {
        stored_key: &stored_key,
        amount: &amount_sent,
        method: &method_sent,
    };
    if let Some(answer) = earlier_answer(pool, &asked, target).await? {
        return answer.map(PayAnswer::Done);
    }
    let payable = payable(pool, customer, target.0, target.1).await?;
    let due = payable.total - payable.paid;
    let amount =
        crate::domain::totals::parse_decimal(&input.amount, payable.currency.minor_digits())
            .filter(|amount| *amount > 0)
            .ok_or_else(|| AppError::invalid("amount", "pay-amount-invalid"))?;
    if amount > due {
        return Err(AppError::invalid("amount", "pay-more-than-due"));
    }
    let minimum = minimum_part(
        payable.total,
        store::payments::minimum_part_percent(pool).await?,
    );
    if amount < due && amount < minimum {
        return Err(AppError::invalid("amount", "pay-below-minimum"));
    }
    let money = Money::new(amount, payable.currency);
    if input.method == "wallet" {
        return pay_from_wallet(&state, customer, target, &payable, &money, &asked)
            .await
            .map(PayAnswer::Done);
    }
    // The method: a saved one of this customer, or a new card.
    let (token, kind, method_id, new_card) = token_for(&state, customer_id, &mut input).await?;

    // Reserve, and write the payment under its key.
    let fingerprint = Fingerprint::payment(target, &money, &method_sent);
    let mut tx = store::begin(pool).await?;
    let via = Via {
        method: kind,
        state: ChargeState::Pending,
        method_id,
        token: Some(&token),
    };
    let key = (stored_key.as_str(), &fingerprint);
    let payment_id = match reserve(&mut tx, customer, target, &money, key, via).await? {
        Ok(id) => id,
        Err(error) => {
            drop(tx);
            // The same key, a moment earlier, in another request.
            if let Some(answer) = earlier_answer(pool, &asked, target).await? {
                return answer.map(PayAnswer::Done);
            }
            return Err(StoreError::from(error).into());
        }
    };
    store::commit(tx).await?;

    let pending = Pending {
        payment_id,
        customer_id,
        target,
        number: payable.number,
        money,
        token,
        stored_key,
        paid_by: customer.user.user_id,
        // Kept only once charged, and only a new card asked to be kept.
        keep_method: new_card.is_some() && input.save.is_some(),
    };
    charge_and_settle(&state, &pending, new_card.as_ref(), true)
        .await?
        .answer(payment_id, || PaymentDone {
            document: target.0,
            id: target.1,
            payment_id,
            amount,
            remaining: due - amount,
        })
}

/// The browser came back from the customer's bank (3-D Secure): the
/// payment is settled from the provider's word, never the browser's. A
/// payment a webhook settled first answers as it ended.
pub async fn finish(
    customer: &Customer,
    payment_id: i64,
) -> Result<PayAnswer<PaymentDone>, AppError> {
    let state = crate::context::app_state()?;
    let provider = state.provider()?;
    let customer_id = customer.scope.commercial_entity_id();
    let Some(found) = store::payments::by_id(&state.pool, payment_id, customer_id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(document) = [PaidDocument::Order, PaidDocument::Invoice]
        .into_iter()
        .find(|document| found.paid(*document).is_some())
    else {
        return Err(AppError::NotFound);
    };
    let target = (document, found.paid(document).unwrap_or_default());
    if found.state == ChargeState::Pending {
        let pending = store::payments::pending(&state.pool, Some(payment_id))
            .await?
            .into_iter()
            .next()
            .and_then(|payment| {
                let reference = payment.reference.clone()?;
                Some((reference, Pending::from_store(payment)?))
            });
        let Some((reference, pending)) = pending else {
            return Err(AppError::invalid("method", "payment-in-progress"));
        };
        let status = provider.charge_status(&reference).await;
        if let Some(answer) = settle(&state, &pending, status, None)
            .await?
            .unfinished(payment_id)
        {
            return answer;
        }
    } else if found.state != ChargeState::Succeeded {
        return Err(unsuccessful_answer(found.state, found.failure.as_deref()));
    }
    let (total, paid) = store::payments::totals(&state.pool, target).await?;
    Ok(PayAnswer::Done(PaymentDone {
        document: target.0,
        id: target.1,
        payment_id,
        amount: found.money.minor,
        remaining: total - paid,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_part_is_a_share_of_the_total_rounded_up() {
        assert_eq!(minimum_part(10_000, 10), 1_000);
        assert_eq!(minimum_part(10_001, 10), 1_001);
        assert_eq!(minimum_part(5, 10), 1);
        assert_eq!(minimum_part(10_000, 0), 1);
    }
}
