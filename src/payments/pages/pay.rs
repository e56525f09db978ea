//! Paying an invoice, a quotation or an order.

use super::stripe::{CardTokenFirst, ChargeFlow};
use super::{renewed_key, successes, MethodChoice, PaymentsNotice};
use crate::payments::api::PaidDocument;
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{address_id, required_id, ErrorAlert, PageTitle, RecordError, Skeleton},
};
use leptos::prelude::*;

/// `/my/invoices/{id}/pay` and `/my/orders/{id}/pay`: all that is due or a part of it (the remaining
/// balance shown while typing), with a saved method or a new card (saved
/// if ticked). The form carries its idempotency key: a double click, a
/// retry or a second tab charges once. With Stripe, a new card is its
/// element's token, and a charge the customer's bank asks to authenticate
/// runs its challenge here before the server says how it ended.
#[component]
pub fn PayPage(document: PaidDocument) -> impl IntoView {
    use crate::payments::api::{pay_options, FinishPayment, PayDocument};

    use crate::{
        domain::{totals::parse_decimal, Money},
        i18n::{format_amount_input, format_money},
        ui::FieldMessage,
    };
    let i18n = use_i18n();
    let id = address_id();
    let pay = ServerAction::<PayDocument>::new();
    let finish = ServerAction::<FinishPayment>::new();
    let stripe = crate::ui::StripeJs::new();
    let flow = ChargeFlow::new(
        pay.value(),
        finish.value(),
        finish.pending().into(),
        move |payment_id| {
            finish.dispatch(FinishPayment { payment_id });
        },
        stripe,
    );
    let paid = successes(move || flow.done.get());
    let options = resource(
        move || (id.get(), paid.get()),
        move |(id, _)| async move { pay_options(document, required_id(id)?).await },
    );
    let (renewed, renewing) = renewed_key(flow.outcome(), move || async move {
        pay_options(document, required_id(id.get_untracked())?)
            .await
            .map(|page| page.key)
    });
    let error = flow.error;
    let form = NodeRef::new();
    // What the payer typed, for the remaining balance; after a payment the
    // form starts again from what is due.
    let typed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if flow.done.get() {
            typed.set(None);
        }
    });
    view! {
        <PageTitle id="pay-title"/>
        <Transition fallback=Skeleton>
            {move || options.get().map(|result| match result {
                Ok(page) => {
                    let currency = page.currency;
                    let digits = currency.minor_digits();
                    let due = page.due;
                    let money = move |minor: i64| format_money(&Money::new(minor, currency), i18n.locale());
                    let remaining = move || {
                        let amount = typed
                            .get()
                            .map_or(Some(due), |text| parse_decimal(&text, digits));
                        amount.filter(|a| *a > 0 && *a <= due).map(|a| money(due - a))
                    };
                    let number = page.number.clone();
                    let invoice_href = document.page(page.id);
                    let payments = page.payments.clone();
                    let card_token = payments.script().map(|script| {
                        stripe.use_script(&script.url, &script.publishable_key, i18n.locale());
                        CardTokenFirst::new(stripe, "payment", form)
                    });
                    let busy = move || {
                        pay.pending().get()
                            || flow.confirming.get()
                            || card_token.is_some_and(|card| card.making().get())
                    };
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="breadcrumb"><a href=invoice_href.clone()>{number.clone()}</a></p>
                                <h1 class="page-title">{move || i18n.tr_with(match document { PaidDocument::Invoice => "pay-title-number", PaidDocument::Order => "pay-title-order" }, &[("number", number.clone())])}</h1>
                            </div>
                        </div>
                        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                        <section class="card">
                            <PaymentsNotice payments=payments.clone()/>
                            {payments.is_set_up().then(move || view! {
                            <ActionForm action=pay node_ref=form attr:class="form pay-form">
                                <input type="hidden" name="document" value=document.as_str()/>
                                <input type="hidden" name="id" value=page.id/>
                                <input type="hidden" name="payment[key]" value=move || renewed.get().unwrap_or_else(|| page.key.clone())/>
                                <p class="pay-due">{t!(i18n, "documents-amount-due")}": "<strong>{money(due)}</strong></p>
                                <div class="field">
                                    <label for="f-amount">{t!(i18n, "pay-amount")}</label>
                                    <input
                                        id="f-amount"
                                        name="payment[amount]"
                                        inputmode="decimal"
                                        autocomplete="off"
                                        value=typed.get_untracked().unwrap_or_else(|| format_amount_input(due, digits, i18n.locale()))
                                        aria-describedby="f-amount-hint f-amount-error"
                                        aria-invalid=move || error.get().and_then(|e| e.field_message("amount").map(|_| "true"))
                                        on:input=move |ev| typed.set(Some(event_target_value(&ev)))
                                    />
                                    <p id="f-amount-hint" class="field-hint">
                                        {move || i18n.tr_with("pay-amount-hint", &[("minimum", money(page.minimum.min(due))), ("due", money(due))])}
                                    </p>
                                    <p class="pay-remaining" aria-live="polite">
                                        {move || remaining().map(|rest| i18n.tr_with("pay-remaining", &[("amount", rest)]))}
                                    </p>
                                    <FieldMessage id="f-amount-error".into() message=Signal::derive(move || error.get().and_then(|e| e.field_message("amount").map(str::to_owned)))/>
                                </div>
                                <MethodChoice
                                    form="payment"
                                    methods=page.methods.clone()
                                    wallet=(page.wallet > 0).then(|| money(page.wallet))
                                    offers_cards=page.offers_cards
                                    payments=payments.clone()
                                    error
                                    stripe=card_token
                                />
                                {card_token.map(|_| view! {
                                    <p class="visually-hidden" aria-live="polite">{move || flow.confirming.get().then(|| i18n.tr("stripe-confirming"))}</p>
                                })}
                                <div class="form-actions">
                                    <button
                                        type="submit"
                                        class="btn btn-primary"
                                        disabled=move || busy() || renewing.get()
                                        on:click=move |ev| if let Some(card) = card_token { card.on_submit_click()(ev) }
                                    >
                                        {move || if flow.confirming.get() { i18n.tr("stripe-confirming") } else if busy() { i18n.tr("pay-paying") } else { i18n.tr("pay-submit") }}
                                    </button>
                                    <a class="btn" href=invoice_href.clone()>{t!(i18n, "dialog-cancel")}</a>
                                </div>
                            </ActionForm>
                            })}
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <RecordError error/> }.into_any(),
            })}
        </Transition>
    }
}
