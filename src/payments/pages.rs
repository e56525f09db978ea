//! `/my/payment-methods`: the saved methods as cards (default, expiring
//! soon, what they renew), **Make default**, the trash icon that asks
//! **Confirm deletion** in a dialog, and the Add form for the kinds the
//! company offers. No way to edit a method: delete it and add it again.

use super::api::{
    my_payment_methods, AddPaymentMethod, MakeDefaultPaymentMethod, PaidDocument,
    RemovePaymentMethod, SavedMethod,
};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::{use_i18n, I18n},
    t,
    ui::{ErrorAlert, FormField, ModalDialog, PageTitle, PortalPageHead, Skeleton},
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_query_map;

/// "Visa •••• 4242", in the page's language.
fn method_name(i18n: I18n, method: &SavedMethod) -> String {
    format!(
        "{} •••• {}",
        i18n.tr(&format!("payment-brand-{}", method.brand)),
        method.last4
    )
}

#[component]
pub fn PaymentMethodsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddPaymentMethod>::new();
    let remove = ServerAction::<RemovePaymentMethod>::new();
    let make_default = ServerAction::<MakeDefaultPaymentMethod>::new();
    // Loaded again after each change that went through (the form is then
    // drawn anew, empty); a refusal keeps what the customer typed.
    let changes = (successes(add), successes(remove), successes(make_default));
    let methods = resource(
        move || (changes.0.get(), changes.1.get(), changes.2.get()),
        |_| my_payment_methods(),
    );
    let param = move |name: &str| query.read().get(name);
    // A refusal that names no field of a form: the method renews a
    // subscription, or is not there.
    let refusal = Signal::derive(move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| make_default.value().get().and_then(Result::err))
    });
    let add_error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <PortalPageHead title="methods-title"/>
        {move || (param("added").is_some() && add.value().get().is_none_or(|r| r.is_ok())).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "methods-added")}</div>
        })}
        {move || (param("removed").is_some() && refusal.get().is_none()).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "methods-removed")}</div>
        })}
        {move || refusal.get().map(|error| {
            let text = error
                .field_message("id")
                .map(|id| i18n.tr(id))
                .unwrap_or_else(|| i18n.tr(error.message_id()));
            view! { <div class="alert alert-error" role="alert">{text}</div> }
        })}
        <Transition fallback=Skeleton>
            {move || methods.get().map(|result| match result {
                Ok(view) => {
                    let removing = param("remove")
                        .and_then(|id| id.parse::<i64>().ok())
                        .and_then(|id| view.methods.iter().find(|m| m.id == id).cloned());
                    let list = if view.methods.is_empty() {
                        view! { <p class="card empty">{t!(i18n, "methods-none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list methods">
                                {view.methods.into_iter().map(|method| view! { <MethodCard method make_default/> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    };
                    view! {
                        {list}
                        {removing.map(|method| view! { <RemoveDialog method remove/> })}
                        <AddMethodForm offered=view.offered test_mode=view.test_mode add error=add_error/>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn MethodCard(
    method: SavedMethod,
    make_default: ServerAction<MakeDefaultPaymentMethod>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = method_name(i18n, &method);
    let delete_label = i18n.tr_with("methods-delete-named", &[("method", name.clone())]);
    let expiry = method.expiry.map(|(month, year)| {
        i18n.tr_with("methods-expires", &[("date", format!("{month:02}/{year}"))])
    });
    view! {
        <li class="card method">
            <div class="method-head">
                <p class="method-name">{name.clone()}</p>
                <p class="badges">
                    {method.is_default.then(|| view! { <span class="badge badge-ok">{t!(i18n, "methods-default")}</span> })}
                    {if method.expired {
                        Some(view! { <span class="badge badge-danger">{t!(i18n, "methods-expired")}</span> })
                    } else {
                        None
                    }}
                    {(method.expires_soon && !method.expired).then(|| view! { <span class="badge badge-warning">{t!(i18n, "methods-expires-soon")}</span> })}
                </p>
            </div>
            <p class="muted">{method.holder.clone()}{expiry.map(|e| format!(" · {e}"))}</p>
            {method.renews.first().cloned().map(|reference| view! {
                <p class="muted small">{move || i18n.tr_with("methods-renews", &[("subscription", reference.clone())])}</p>
            })}
            <div class="actions">
                {(!method.is_default).then(|| view! {
                    <ActionForm action=make_default attr:class="inline-form">
                        <input type="hidden" name="id" value=method.id/>
                        <button type="submit" class="btn btn-small">{t!(i18n, "methods-make-default")}</button>
                    </ActionForm>
                })}
                <a
                    class="btn btn-small btn-icon btn-danger-quiet"
                    href=format!("/my/payment-methods?remove={}", method.id)
                    aria-label=delete_label.clone()
                    title=delete_label
                >
                    <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                        <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6"/>
                    </svg>
                </a>
            </div>
        </li>
    }
}

/// Asks before deleting. Drawn open by the server, so it works before the
/// WASM loads; once live it becomes modal (focus stays in it, Escape closes).
#[component]
fn RemoveDialog(method: SavedMethod, remove: ServerAction<RemovePaymentMethod>) -> impl IntoView {
    let i18n = use_i18n();
    let name = method_name(i18n, &method);
    let navigate = leptos_router::hooks::use_navigate();
    // Refused (it renews a subscription): close, so the page's message shows.
    let opened_at = remove.version().get_untracked();
    Effect::new(move |_| {
        if remove.version().get() > opened_at && matches!(remove.value().get(), Some(Err(_))) {
            navigate("/my/payment-methods", Default::default());
        }
    });
    view! {
        <ModalDialog labelledby="remove-method-title" back="/my/payment-methods".to_owned()>
            <h2 id="remove-method-title">{t!(i18n, "methods-delete-title")}</h2>
            <p>{move || i18n.tr_with("methods-delete-body", &[("method", name.clone())])}</p>
            <ActionForm action=remove attr:class="form-actions">
                <input type="hidden" name="id" value=method.id/>
                <button type="submit" class="btn btn-danger" disabled=move || remove.pending().get()>{t!(i18n, "methods-confirm-delete")}</button>
                <a class="btn" href="/my/payment-methods">{t!(i18n, "dialog-cancel")}</a>
            </ActionForm>
        </ModalDialog>
    }
}

/// The Add form: a link per kind the company offers (so it works without
/// JavaScript), then that kind's fields. Drawn anew after each save, so
/// nothing typed stays in the page.
#[component]
fn AddMethodForm(
    offered: Vec<String>,
    test_mode: bool,
    add: ServerAction<AddPaymentMethod>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let first = offered.first().cloned();
    let kinds = offered.clone();
    let chosen = move || {
        query
            .read()
            .get("add")
            .filter(|kind| offered.contains(kind))
            .or_else(|| first.clone())
    };
    let general = Signal::derive(move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid(_)) || e.field_message("kind").is_some())
    });
    view! {
        <section class="card" id="add-method" aria-labelledby="add-method-title">
            <h2 id="add-method-title" class="card-title">{t!(i18n, "methods-add")}</h2>
            {move || match chosen() {
                None => view! { <p class="muted">{t!(i18n, "methods-none-offered")}</p> }.into_any(),
                Some(kind) => {
                    view! {
                        <nav class="chips" aria-label=t!(i18n, "methods-kind")>
                            <KindLinks offered=kinds.clone() chosen=kind.clone()/>
                        </nav>
                        <ErrorAlert error=general/>
                        <ActionForm action=add attr:class="form form-grid">
                            <input type="hidden" name="method[kind]" value=kind.clone()/>
                            {if kind == "card" {
                                view! {
                                    <FormField error name="method[holder]" field="holder" label="methods-holder" value=String::new() autocomplete="cc-name" wide=true/>
                                    <FormField error name="method[number]" field="number" label="methods-number" value=String::new() autocomplete="cc-number" wide=true hint=if test_mode { "methods-test-cards" } else { "methods-number-hint" }/>
                                    <FormField error name="method[expiry]" field="expiry" label="methods-expiry" value=String::new() autocomplete="cc-exp" hint="methods-expiry-hint"/>
                                    <FormField error name="method[cvc]" field="cvc" label="methods-cvc" value=String::new() autocomplete="cc-csc"/>
                                }.into_any()
                            } else {
                                view! {
                                    <FormField error name="method[holder]" field="holder" label="methods-account-holder" value=String::new() autocomplete="name" wide=true/>
                                    <FormField error name="method[iban]" field="iban" label="methods-iban" value=String::new() wide=true hint="methods-iban-hint"/>
                                }.into_any()
                            }}
                            <div class="field field-wide">
                                <label class="check">
                                    <input type="checkbox" name="method[make_default]" value="on"/>
                                    <span>{t!(i18n, "methods-use-as-default")}</span>
                                </label>
                            </div>
                            <div class="form-actions">
                                <button type="submit" class="btn btn-primary" disabled=move || add.pending().get()>{t!(i18n, "methods-save")}</button>
                            </div>
                        </ActionForm>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn KindLinks(offered: Vec<String>, chosen: String) -> impl IntoView {
    let i18n = use_i18n();
    offered
        .into_iter()
        .map(|kind| {
            let current = (kind == chosen).then_some("page");
            let label = if kind == "card" { "methods-kind-card" } else { "methods-kind-sepa" };
            view! {
                <a class="chip" href=format!("/my/payment-methods?add={kind}#add-method") aria-current=current>
                    {t!(i18n, label)}
                </a>
            }
        })
        .collect_view()
}

/// The idempotency key a payment form sends, and whether a new one is on
/// its way. A refused try used the page's key, so the next try needs a new
/// one: `reload` fetches the page's data again for it (and keeps its key) while the form stays
/// as the payer left it (drawn anew, it would lose what they typed), and
/// the submit button waits. After a payment the page loads again with its
/// own new key.
fn renewed_key<A, F, Fut>(
    action: ServerAction<A>,
    reload: F,
) -> (RwSignal<Option<String>>, RwSignal<bool>)
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<String, AppError>> + 'static,
{
    let key = RwSignal::new(None::<String>);
    let renewing = RwSignal::new(false);
    let answer = move || {
        action
            .value()
            .with(|value| value.as_ref().map(Result::is_ok))
    };
    Effect::new(move |_| match answer() {
        Some(true) => key.set(None),
        Some(false) => {
            renewing.set(true);
            leptos::task::spawn_local(async move {
                // Should this fail too, the old key gets the refusal again:
                // nothing is charged twice either way.
                if let Ok(new_key) = reload().await {
                    key.set(Some(new_key));
                }
                renewing.set(false);
            });
        }
        None => {}
    });
    (key, renewing)
}

/// Counts the answers of `action` that went through: data keyed on it
/// loads again after a success (its form then starts empty), never after a
/// refusal, which keeps what was typed.
fn successes<A>(action: ServerAction<A>) -> ReadSignal<usize>
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if action.value().with(|value| matches!(value, Some(Ok(_)))) {
            count.update(|n| *n += 1);
        }
    });
    count.read_only()
}

/// `/my/invoices/{id}/pay` and `/my/orders/{id}/pay`: all that is due or a part of it (the remaining
/// balance shown while typing), with a saved method or a new card (saved
/// if ticked). The form carries its idempotency key: a double click, a
/// retry or a second tab charges once.
#[component]
pub fn PayPage(document: PaidDocument) -> impl IntoView {
    use super::api::{pay_options, PayDocument};

    use crate::{
        domain::{totals::parse_decimal, Money},
        i18n::{format_amount_input, format_money},
        ui::FieldMessage,
    };
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let pay = ServerAction::<PayDocument>::new();
    let paid = successes(pay);
    let options = resource(
        move || (id(), paid.get()),
        move |(id, _)| pay_options(document, id),
    );
    let (renewed, renewing) = renewed_key(pay, move || async move {
        pay_options(document, untrack(id))
            .await
            .map(|page| page.key)
    });
    let error = Signal::derive(move || pay.value().get().and_then(Result::err));
    // What the payer typed, for the remaining balance; after a payment the
    // form starts again from what is due.
    let typed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = pay.value().get() {
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
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="breadcrumb"><a href=invoice_href.clone()>{number.clone()}</a></p>
                                <h1 class="page-title">{move || i18n.tr_with(match document { PaidDocument::Invoice => "pay-title-number", PaidDocument::Order => "pay-title-order" }, &[("number", number.clone())])}</h1>
                            </div>
                        </div>
                        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
                        <section class="card">
                            <ActionForm action=pay attr:class="form pay-form">
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
                                    test_mode=page.test_mode
                                    error
                                />
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || pay.pending().get() || renewing.get()>
                                        {move || if pay.pending().get() { i18n.tr("pay-paying") } else { i18n.tr("pay-submit") }}
                                    </button>
                                    <a class="btn" href=invoice_href.clone()>{t!(i18n, "dialog-cancel")}</a>
                                </div>
                            </ActionForm>
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

/// `/my/subscriptions/{id}/renewal`: the saved method that renews the
/// subscription (chosen among the company's), and cancelling at the end of
/// the period, after a confirmation that says when it ends.
#[component]
pub fn SubscriptionRenewalPage() -> impl IntoView {
    use super::api::{subscription_renewal, CancelMySubscription, SetRenewalMethod};
    use crate::domain::states::{Facts, StateMachine, SubscriptionAction};
    use crate::{i18n::format_day, ui::FieldMessage};
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let renewal = resource(id, subscription_renewal);
    let set = ServerAction::<SetRenewalMethod>::new();
    let cancel = ServerAction::<CancelMySubscription>::new();
    let set_error = Signal::derive(move || {
        set.value().get().and_then(Result::err).map(|e| {
            e.field_message("method_id")
                .map(str::to_owned)
                .unwrap_or_else(|| e.message_id().to_owned())
        })
    });
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
            let _ = dialog.show_modal();
        }
    });
    view! {
        <PageTitle id="renewal-title"/>
        <ErrorAlert error=Signal::derive(move || cancel.value().get().and_then(Result::err))/>
        <Suspense fallback=Skeleton>
            {move || renewal.get().map(|result| match result {
                Ok(page) => {
                    let back = format!("/my/subscriptions/{}", page.id);
                    let open = page.state.allows(SubscriptionAction::ChangeRenewal, Facts::none());
                    let ends = page
                        .period_ends
                        .clone()
                        .map(|day| format_day(&day, i18n.locale()))
                        .unwrap_or_else(|| i18n.tr("renewal-today"));
                    let plan = page.plan.clone();
                    let confirming = open && query.read().get("cancel").is_some();
                    view! {
                        <div class="page-head">
                            <div>
                                <p class="breadcrumb"><a href=back.clone()>{page.reference.clone()}</a></p>
                                <h1 class="page-title">{move || i18n.tr_with("renewal-heading", &[("plan", plan.clone())])}</h1>
                            </div>
                        </div>
                        {if open {
                            view! {
                                <section class="card" aria-labelledby="renewal-method-title">
                                    <h2 id="renewal-method-title" class="card-title">{t!(i18n, "renewal-method")}</h2>
                                    {if page.methods.is_empty() {
                                        view! {
                                            <p class="muted">{t!(i18n, "renewal-no-saved-method")}</p>
                                            <a class="btn" href="/my/payment-methods#add-method">{t!(i18n, "methods-add")}</a>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=set attr:class="form">
                                                <input type="hidden" name="id" value=page.id/>
                                                <fieldset class="field" aria-describedby="renewal-method-error">
                                                    <legend class="visually-hidden">{t!(i18n, "renewal-method")}</legend>
                                                    {page.methods.iter().map(|method| view! {
                                                        <label class="check">
                                                            <input type="radio" name="method_id" value=method.id checked=page.method_id == Some(method.id)/>
                                                            <span>{method_name(i18n, method)}</span>
                                                        </label>
                                                    }).collect_view()}
                                                    <FieldMessage id="renewal-method-error".into() message=set_error/>
                                                </fieldset>
                                                <div class="form-actions">
                                                    <button type="submit" class="btn btn-primary" disabled=move || set.pending().get()>{t!(i18n, "renewal-save")}</button>
                                                </div>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </section>
                                <section class="card" aria-labelledby="renewal-cancel-title">
                                    <h2 id="renewal-cancel-title" class="card-title">{t!(i18n, "renewal-cancel-title")}</h2>
                                    <p>{
                                        let ends = ends.clone();
                                        move || i18n.tr_with("renewal-cancel-lead", &[("date", ends.clone())])
                                    }</p>
                                    <a class="btn btn-danger" href=format!("/my/subscriptions/{}/renewal?cancel=1", page.id)>{t!(i18n, "renewal-cancel")}</a>
                                </section>
                                {confirming.then(|| view! {
                                    <dialog node_ref=dialog open class="dialog" aria-labelledby="renewal-confirm-title">
                                        <h2 id="renewal-confirm-title">{t!(i18n, "renewal-confirm-title")}</h2>
                                        <p>{
                                            let ends = ends.clone();
                                            move || i18n.tr_with("renewal-confirm-body", &[("date", ends.clone())])
                                        }</p>
                                        <ActionForm action=cancel attr:class="form-actions">
                                            <input type="hidden" name="id" value=page.id/>
                                            <button type="submit" class="btn btn-danger" disabled=move || cancel.pending().get()>{t!(i18n, "renewal-confirm")}</button>
                                            <a class="btn" href=format!("/my/subscriptions/{}/renewal", page.id)>{t!(i18n, "renewal-keep")}</a>
                                        </ActionForm>
                                    </dialog>
                                })}
                            }.into_any()
                        } else {
                            view! {
                                <section class="card">
                                    <p>{move || i18n.tr_with("renewal-ending", &[("date", ends.clone())])}</p>
                                    <a class="btn" href=back.clone()>{t!(i18n, "renewal-back")}</a>
                                </section>
                            }.into_any()
                        }}
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The payment-method choice of a pay or top-up form: the saved methods
/// (the default chosen), optionally the eWallet, and a new card whose
/// fields show when it is chosen (CSS only, so it works before the WASM).
#[component]
fn MethodChoice(
    /// The form's field prefix: `payment` or `funds`.
    form: &'static str,
    methods: Vec<SavedMethod>,
    /// The eWallet's balance, when it may pay.
    #[prop(default = None)]
    wallet: Option<String>,
    offers_cards: bool,
    test_mode: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    use crate::ui::FieldMessage;
    let i18n = use_i18n();
    let default_method = methods
        .iter()
        .find(|m| m.is_default)
        .or(methods.first())
        .map(|m| m.id);
    let method_error = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message("method").map(str::to_owned))
    });
    let name = format!("{form}[method]");
    let field = move |part: &str| format!("{form}[{part}]");
    view! {
        <fieldset class="field pay-methods" aria-describedby=format!("{form}-method-error")>
            <legend>{t!(i18n, "pay-with")}</legend>
            {wallet.map(|balance| view! {
                <label class="check">
                    <input type="radio" name=name.clone() value="wallet"/>
                    <span>{move || i18n.tr_with("pay-wallet", &[("balance", balance.clone())])}</span>
                </label>
            })}
            {methods.iter().map(|method| view! {
                <label class="check">
                    <input type="radio" name=name.clone() value=method.id checked=default_method == Some(method.id)/>
                    <span>{method_name(i18n, method)}</span>
                </label>
            }).collect_view()}
            {offers_cards.then(|| view! {
                <label class="check">
                    <input type="radio" name=name.clone() value="new" checked=default_method.is_none()/>
                    <span>{t!(i18n, "pay-new-card")}</span>
                </label>
            })}
            <FieldMessage id=format!("{form}-method-error") message=method_error/>
        </fieldset>
        {offers_cards.then(|| view! {
            <div class="form-grid new-card">
                <FormField error name=field("holder") field="holder" label="methods-holder" value=String::new() autocomplete="cc-name" wide=true/>
                <FormField error name=field("number") field="number" label="methods-number" value=String::new() autocomplete="cc-number" wide=true hint=if test_mode { "methods-test-cards" } else { "methods-number-hint" }/>
                <FormField error name=field("expiry") field="expiry" label="methods-expiry" value=String::new() autocomplete="cc-exp" hint="methods-expiry-hint"/>
                <FormField error name=field("cvc") field="cvc" label="methods-cvc" value=String::new() autocomplete="cc-csc"/>
                <div class="field field-wide">
                    <label class="check">
                        <input type="checkbox" name=field("save") value="on"/>
                        <span>{t!(i18n, "pay-save-card")}</span>
                    </label>
                </div>
            </div>
        })}
    }
}

/// `/my/wallet`: the balance, **Add funds** through a payment method, and
/// the history with the balance after each entry.
#[component]
pub fn WalletPage() -> impl IntoView {
    use super::api::{my_wallet, AddFunds};
    use crate::{domain::Money, i18n::format_money};
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddFunds>::new();
    let added = successes(add);
    let wallet = resource(move || added.get(), |_| my_wallet());
    let (renewed, renewing) =
        renewed_key(add, || async { my_wallet().await.map(|wallet| wallet.key) });
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let money = move |m: &Money| format_money(m, i18n.locale());
    view! {
        <PortalPageHead title="wallet-title"/>
        {move || (query.read().get("added").is_some() && add.value().get().is_none_or(|r| r.is_ok())).then(|| view! {
            <div class="alert alert-success" role="status">{t!(i18n, "wallet-added")}</div>
        })}
        <ErrorAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))/>
        <Transition fallback=Skeleton>
            {move || wallet.get().map(|result| match result {
                Ok(view) => {
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
                            <ActionForm action=add attr:class="form pay-form">
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
                                <MethodChoice form="funds" methods=view.methods.clone() offers_cards=view.offers_cards test_mode=view.test_mode error/>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-primary" disabled=move || add.pending().get() || renewing.get()>{t!(i18n, "wallet-add-submit")}</button>
                                </div>
                            </ActionForm>
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
