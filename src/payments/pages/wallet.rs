//! The eWallet page.

use super::stripe::{CardTokenFirst, ChargeFlow};
use super::{renewed_key, successes, MethodChoice, PaymentsNotice};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, FormField, PortalPageHead, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/my/wallet`: the balance, **Add funds** through a payment method, and
/// the history with the balance after each entry. With Stripe, the pay
/// page's new card and bank's check (`super::stripe`).
#[component]
pub fn WalletPage() -> impl IntoView {
    use crate::payments::api::{my_wallet, AddFunds, FinishTopUp};
    use crate::{domain::Money, i18n::format_money};
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddFunds>::new();
    let finish = ServerAction::<FinishTopUp>::new();
    let stripe = crate::ui::StripeJs::new();
    let flow = ChargeFlow::new(
        add.value(),
        finish.value(),
        finish.pending().into(),
        move |top_up_id| {
            finish.dispatch(FinishTopUp { top_up_id });
        },
        stripe,
    );
    let added = successes(move || flow.done.get());
    let wallet = resource(move || added.get(), |_| my_wallet());
    let (renewed, renewing) = renewed_key(flow.outcome(), || async {
        my_wallet().await.map(|wallet| wallet.key)
    });
    let error = flow.error;
    let form = NodeRef::new();
    let money = move |m: &Money| format_money(m, i18n.locale());
    view! {
        <PortalPageHead title="wallet-title"/>
        {move || (query.read().get("added").is_some() && error.get().is_none()).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "wallet-added")}</div>
        })}
        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
        <Transition fallback=Skeleton>
            {move || wallet.get().map(|result| match result {
                Ok(view) => {
                    let payments = view.payments.clone();
                    let card_token = payments.script().map(|script| {
                        stripe.use_script(&script.url, &script.publishable_key, i18n.locale());
                        CardTokenFirst::new(stripe, "funds", form)
                    });
                    let busy = move || {
                        add.pending().get()
                            || flow.confirming.get()
                            || card_token.is_some_and(|card| card.making().get())
                    };
                    let balance = if view.balances.is_empty() {
                        money(&Money::new(0, crate::domain::Currency::Ron))
                    } else {
                        view.balances.iter().map(money).collect::<Vec<_>>().join(" · ")
                    };
                    let history = view.lines.iter().map(|line| {
                        let kind = format!("wallet-kind-{}", line.kind);
                        view! {
                            <tr>
                                <td class="primary">
                                    {t!(i18n, &kind)}
                                    {line.invoice.clone().map(|(id, number)| view! { " " <a href=format!("/my/invoices/{id}")>{number}</a> })}
                                </td>
                                <td data-label=t!(i18n, "audit-when")>{i18n.moment(line.at)}</td>
                                <td class="num" data-label=t!(i18n, "wallet-amount")>{money(&line.amount)}</td>
                                <td class="num" data-label=t!(i18n, "wallet-balance")>{money(&line.balance)}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <section class="card">
                            <p class="wallet-balance">{t!(i18n, "wallet-balance")}": "<strong>{balance}</strong></p>
                        </section>
                        <section class="card" aria-labelledby="wallet-add-title">
                            <h2 id="wallet-add-title" class="card-title">{t!(i18n, "wallet-add")}</h2>
                            <PaymentsNotice payments=payments.clone()/>
                            {payments.is_set_up().then(move || view! {
                            <ActionForm action=add node_ref=form attr:class="form pay-form">
                                <input type="hidden" name="funds[key]" value=move || renewed.get().unwrap_or_else(|| view.key.clone())/>
                                <div class="form-grid">
                                    <FormField error name="funds[amount]" field="amount" label="wallet-amount" value=String::new() kind="text"/>
                                    <div class="field">
                                        <label for="funds-currency">{t!(i18n, "wallet-currency")}</label>
                                        <select id="funds-currency" name="funds[currency]">
                                            <option value="RON">"RON"</option>
                                            <option value="EUR">"EUR"</option>
                                        </select>
                                    </div>
                                </div>
                                <p class="field-hint wallet-limits">{
                                    let (most, daily) = view.limits;
                                    let amount = move |minor: i64| crate::i18n::format_amount_input(minor, 2, i18n.locale());
                                    move || i18n.tr_with("wallet-limits", &[("per_top_up", amount(most)), ("per_day", amount(daily))])
                                }</p>
                                <MethodChoice form="funds" methods=view.methods.clone() offers_cards=view.offers_cards payments=payments.clone() error stripe=card_token/>
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
                                        {move || i18n.tr(if flow.confirming.get() { "stripe-confirming" } else { "wallet-add-submit" })}
                                    </button>
                                </div>
                            </ActionForm>
                            })}
                        </section>
                        <section class="card" aria-labelledby="wallet-history-title">
                            <h2 id="wallet-history-title" class="card-title">{t!(i18n, "wallet-history")}</h2>
                            {if view.lines.is_empty() {
                                view! { <p class="empty">{t!(i18n, "wallet-empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data cards">
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t!(i18n, "audit-event")}</th>
                                                    <th scope="col">{t!(i18n, "audit-when")}</th>
                                                    <th scope="col" class="num">{t!(i18n, "wallet-amount")}</th>
                                                    <th scope="col" class="num">{t!(i18n, "wallet-balance")}</th>
                                                </tr>
                                            </thead>
                                            <tbody>{history}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}
