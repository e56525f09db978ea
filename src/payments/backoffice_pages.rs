//! `/admin/payments`: payments (with their refunds) and eWallet entries,
//! filtered in the address (bookmarkable, working before the WASM), and
//! the refund dialog (`?refund=<payment>`).

use super::backoffice_api::{
    backoffice_ledger, refund_options, LedgerFilter, PaidFor, PaymentRow, ProviderFlag,
    RefundPayment, WalletRow, METHODS, STATES, WALLET_KINDS,
};
use crate::ui::resource;
use crate::{
    documents::pages::money_text,
    domain::states::{ChargeState, StateMachine},
    domain::Money,
    i18n::{format_amount_input, use_i18n, I18n},
    t,
    ui::{ErrorAlert, FieldMessage, ModalDialog, PageTitle, Pager, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn paid_for_link(paid_for: PaidFor) -> impl IntoView {
    paid_for.map(|(kind, id, number)| {
        let href = if kind == "invoice" {
            format!("/admin/invoices/{id}")
        } else {
            format!("/admin/orders/{id}")
        };
        view! { <a href=href>{number}</a> }
    })
}

/// A flag's badge: a dispute is money at risk, a refund made elsewhere
/// only needs checking.
fn flag_badge_class(flag: ProviderFlag) -> &'static str {
    match flag {
        ProviderFlag::Disputed => "badge badge-danger provider-flag",
        ProviderFlag::RefundedElsewhere => "badge badge-warning provider-flag",
    }
}

fn state_badge(i18n: I18n, state: &str) -> impl IntoView {
    let tone = match state {
        "succeeded" => "badge badge-ok",
        "failed" => "badge badge-danger",
        _ => "badge badge-warning",
    };
    let label = format!("ledger-state-{state}");
    view! { <span class=tone>{move || i18n.tr(&label)}</span> }
}

#[component]
pub fn BackofficePaymentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let filter = move || LedgerFilter {
        view: param("view"),
        customer: param("customer"),
        method: param("method"),
        state: param("state"),
        from: param("from"),
        to: param("to"),
        before: param("before").parse().ok(),
    };
    let refund = ServerAction::<RefundPayment>::new();
    let page = resource(
        move || (filter(), refund.version().get()),
        |(f, _)| backoffice_ledger(f),
    );
    let wallet_view = move || param("view") == "wallet";
    let address = move |changes: &[(&'static str, Option<String>)]| {
        let mut next = query.get_untracked();
        for (name, value) in changes {
            next.remove(name);
            if let Some(value) = value {
                next.insert(*name, value.clone());
            }
        }
        format!("/admin/payments{}", next.to_query_string())
    };
    let tab = move |wallet: bool, label: &'static str| {
        let href = if wallet {
            "/admin/payments?view=wallet"
        } else {
            "/admin/payments"
        };
        view! {
            <li>
                <a class="chip" href=href aria-current=move || (wallet_view() == wallet).then_some("page")>{t!(i18n, label)}</a>
            </li>
        }
    };
    view! {
        <PageTitle id="documents-payments-admin"/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, "documents-payments-admin")}</h1>
        </div>
        <ul class="chips tabs" aria-label=t!(i18n, "documents-payments-admin")>
            {tab(false, "ledger-payments")}
            {tab(true, "ledger-wallet")}
        </ul>
        {move || query.read().get("refunded").map(|_| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "refund-done")}</div>
        })}
        <Transition fallback=Skeleton>
            {move || page.get().map(|result| match result {
                Ok(page) => {
                    let older = page.older.map(|id| address(&[("before", Some(id.to_string())), ("refund", None), ("refunded", None)]));
                    let customers = page.customers.clone();
                    let wallet = wallet_view();
                    let kinds: &'static [&'static str] = if wallet { &WALLET_KINDS } else { &METHODS };
                    let filter_form = view! {
                        <form class="card form filter-form" method="get" action="/admin/payments">
                            {wallet.then(|| view! { <input type="hidden" name="view" value="wallet"/> })}
                            <div class="field">
                                <label for="ledger-customer">{t!(i18n, "field-customer")}</label>
                                <select id="ledger-customer" name="customer">
                                    <option value="">{t!(i18n, "ledger-all-customers")}</option>
                                    {customers.into_iter().map(|(id, name)| {
                                        let value = id.to_string();
                                        let selected = param("customer") == value;
                                        view! { <option value=value selected=selected>{name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="ledger-method">{t!(i18n, if wallet { "ledger-kind" } else { "documents-method" })}</label>
                                <select id="ledger-method" name="method">
                                    <option value="">{t!(i18n, "ledger-all")}</option>
                                    {kinds.iter().map(|kind| {
                                        let label = if wallet { format!("wallet-kind-{kind}") } else { format!("payment-method-{kind}") };
                                        view! { <option value=*kind selected=param("method") == *kind>{move || i18n.tr(&label)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            {(!wallet).then(|| view! {
                                <div class="field">
                                    <label for="ledger-state">{t!(i18n, "ledger-state")}</label>
                                    <select id="ledger-state" name="state">
                                        <option value="">{t!(i18n, "ledger-all")}</option>
                                        {STATES.iter().map(|state| {
                                            let label = format!("ledger-state-{state}");
                                            view! { <option value=*state selected=param("state") == *state>{move || i18n.tr(&label)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                            })}
                            <div class="field">
                                <label for="ledger-from">{t!(i18n, "audit-from")}</label>
                                <input id="ledger-from" name="from" type="date" value=param("from")/>
                            </div>
                            <div class="field">
                                <label for="ledger-to">{t!(i18n, "audit-to")}</label>
                                <input id="ledger-to" name="to" type="date" value=param("to")/>
                            </div>
                            <div class="form-actions">
                                <button type="submit" class="btn btn-primary">{t!(i18n, "audit-apply")}</button>
                                <a class="btn btn-quiet" href=if wallet { "/admin/payments?view=wallet" } else { "/admin/payments" }>{t!(i18n, "audit-clear")}</a>
                            </div>
                        </form>
                    };
                    let list = if wallet {
                        view! { <WalletTable rows=page.wallet/> }.into_any()
                    } else {
                        let refund_href = move |id: i64| address(&[("refund", Some(id.to_string())), ("refunded", None)]);
                        view! { <PaymentsTable rows=page.payments refund_href/> }.into_any()
                    };
                    view! {
                        {filter_form}
                        {list}
                        <Pager previous=None next=older next_label="pager-older"/>
                    }.into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
        {move || query.read().get("refund").and_then(|id| id.parse::<i64>().ok()).map(|payment| {
            let back = address(&[("refund", None)]);
            view! { <RefundDialog payment back refund/> }
        })}
    }
}

#[component]
fn PaymentsTable(
    rows: Vec<PaymentRow>,
    refund_href: impl Fn(i64) -> String + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, "ledger-none")}</p> }.into_any();
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let method = format!("payment-method-{}", row.method);
            let refundable = row.state == ChargeState::Succeeded && row.refunded < row.amount.minor;
            let refunded = (row.refunded > 0).then(|| {
                let money = Money::new(row.refunded, row.amount.currency);
                view! { <span class="muted small cell-note">{move || i18n.tr_with("ledger-refunded", &[("amount", money_text(i18n, money.clone())())])}</span> }
            });
            let failure = row.failure.clone().map(|id| view! { <span class="muted small cell-note">{move || i18n.tr(&id)}</span> });
            let flag = row.flag.map(|flag| view! { <span class=flag_badge_class(flag)>{t!(i18n, flag.message_id())}</span> });
            let label = i18n.tr_with("ledger-refund-named", &[("payment", row.id.to_string())]);
            view! {
                <tr>
                    <td class="primary" data-label=t!(i18n, "ledger-when")>{i18n.moment(row.at)}</td>
                    <td data-label=t!(i18n, "field-customer")>{row.customer}</td>
                    <td data-label=t!(i18n, "ledger-for")>{paid_for_link(row.paid_for)}</td>
                    <td data-label=t!(i18n, "documents-method")>
                        {t!(i18n, &method)}
                        {(!row.reference.is_empty()).then(|| view! { <span class="muted small cell-note reference">{row.reference.clone()}</span> })}
                    </td>
                    <td data-label=t!(i18n, "ledger-state")>{state_badge(i18n, row.state.as_str())}{flag}{failure}</td>
                    <td class="number" data-label=t!(i18n, "documents-amount")>{money_text(i18n, row.amount)}{refunded}</td>
                    <td class="actions-cell">
                        {refundable.then(|| view! {
                            <a class="btn btn-small" href=refund_href(row.id) aria-label=label>{t!(i18n, "ledger-refund")}</a>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data cards">
                <thead><tr>
                    <th scope="col">{t!(i18n, "ledger-when")}</th>
                    <th scope="col">{t!(i18n, "field-customer")}</th>
                    <th scope="col">{t!(i18n, "ledger-for")}</th>
                    <th scope="col">{t!(i18n, "documents-method")}</th>
                    <th scope="col">{t!(i18n, "ledger-state")}</th>
                    <th scope="col" class="number">{t!(i18n, "documents-amount")}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, "access-actions")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn WalletTable(rows: Vec<WalletRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, "ledger-none")}</p> }.into_any();
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let kind = format!("wallet-kind-{}", row.kind);
            view! {
                <tr>
                    <td class="primary" data-label=t!(i18n, "ledger-when")>{i18n.moment(row.at)}</td>
                    <td data-label=t!(i18n, "field-customer")>{row.customer}</td>
                    <td data-label=t!(i18n, "ledger-kind")>{t!(i18n, &kind)}</td>
                    <td data-label=t!(i18n, "ledger-for")>{paid_for_link(row.paid_for)}</td>
                    <td class="number" data-label=t!(i18n, "documents-amount")>{money_text(i18n, row.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data cards">
                <thead><tr>
                    <th scope="col">{t!(i18n, "ledger-when")}</th>
                    <th scope="col">{t!(i18n, "field-customer")}</th>
                    <th scope="col">{t!(i18n, "ledger-kind")}</th>
                    <th scope="col">{t!(i18n, "ledger-for")}</th>
                    <th scope="col" class="number">{t!(i18n, "documents-amount")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Refund all or part of a payment: to the eWallet, or back through the
/// provider when it charged it. Confirmed in a dialog; the form carries
/// its key, so a double click refunds once.
#[component]
fn RefundDialog(payment: i64, back: String, refund: ServerAction<RefundPayment>) -> impl IntoView {
    let i18n = use_i18n();
    let options = resource(move || payment, refund_options);
    let error = Signal::derive(move || refund.value().get().and_then(Result::err));
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_message(name).map(str::to_owned))
        })
    };
    let cancel = back.clone();
    view! {
        <ModalDialog labelledby="refund-title" back>
            <h2 id="refund-title">{t!(i18n, "refund-title")}</h2>
            <Transition fallback=Skeleton>
                {
                    let cancel = cancel.clone();
                    move || options.get().map(|result| {
                        let cancel = cancel.clone();
                        match result {
                        Ok(options) => {
                            let currency = options.amount.currency;
                            let refundable = Money::new(options.refundable, currency);
                            let method = format!("payment-method-{}", options.method);
                            view! {
                                <p>
                                    {options.customer.clone()}" · "{paid_for_link(options.paid_for.clone())}" · "{t!(i18n, &method)}" · "
                                    {money_text(i18n, options.amount.clone())}
                                </p>
                                <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid(_))))/>
                                <ActionForm action=refund attr:class="form">
                                    <input type="hidden" name="payment" value=options.payment_id/>
                                    <input type="hidden" name="refund[key]" value=options.key.clone()/>
                                    <div class="field">
                                        <label for="refund-amount">{t!(i18n, "refund-amount")}</label>
                                        <input id="refund-amount" name="refund[amount]" inputmode="decimal" autocomplete="off"
                                            value=format_amount_input(options.refundable, currency.minor_digits(), i18n.locale())
                                            aria-describedby="refund-amount-hint refund-amount-error"
                                            aria-invalid=move || field("amount").get().map(|_| "true")/>
                                        <p id="refund-amount-hint" class="field-hint">
                                            {move || i18n.tr_with("refund-at-most", &[("amount", money_text(i18n, refundable.clone())())])}
                                        </p>
                                        <FieldMessage id="refund-amount-error".into() message=field("amount")/>
                                    </div>
                                    <fieldset class="field pay-methods">
                                        <legend>{t!(i18n, "refund-destination")}</legend>
                                        {options.via_provider.then(|| view! {
                                            <label class="check">
                                                <input type="radio" name="refund[destination]" value="provider" checked/>
                                                <span>{t!(i18n, "refund-to-provider")}</span>
                                            </label>
                                        })}
                                        <label class="check">
                                            <input type="radio" name="refund[destination]" value="ewallet" checked=!options.via_provider/>
                                            <span>{t!(i18n, "refund-to-wallet")}</span>
                                        </label>
                                        <FieldMessage id="refund-destination-error".into() message=field("destination")/>
                                    </fieldset>
                                    <div class="field">
                                        <label for="refund-reason">{t!(i18n, "refund-reason")}</label>
                                        <input id="refund-reason" name="refund[reason]" maxlength="200" autocomplete="off"
                                            aria-describedby="refund-reason-error"/>
                                        <FieldMessage id="refund-reason-error".into() message=field("reason")/>
                                    </div>
                                    <div class="form-actions">
                                        <button type="submit" class="btn btn-danger" disabled=move || refund.pending().get()>
                                            {move || if refund.pending().get() { i18n.tr("refund-sending") } else { i18n.tr("refund-confirm") }}
                                        </button>
                                        <a class="btn" href=cancel.clone()>{t!(i18n, "dialog-cancel")}</a>
                                    </div>
                                </ActionForm>
                            }.into_any()
                        }
                        Err(error) => view! {
                            <ErrorAlert error=Some(error)/>
                            <a class="btn" href=cancel.clone()>{t!(i18n, "dialog-close")}</a>
                        }.into_any(),
                    }})
                }
            </Transition>
        </ModalDialog>
    }
}
