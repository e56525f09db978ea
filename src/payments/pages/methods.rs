//! `/my/payment-methods`: the saved methods as cards (default, expiring
//! soon, what they renew), **Make default**, the trash icon that asks
//! **Confirm deletion** in a dialog, and the Add form for the kinds the
//! company offers. No way to edit a method: delete it and add it again.

use super::stripe::{save_method, TypedMethod};
use super::{method_name, successes, went_through};
use crate::payments::api::{
    my_payment_methods, AddPaymentMethod, MakeDefaultPaymentMethod, RemovePaymentMethod,
    SavedMethod,
};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, FormField, ModalDialog, PortalPageHead, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PaymentMethodsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let add = ServerAction::<AddPaymentMethod>::new();
    let remove = ServerAction::<RemovePaymentMethod>::new();
    let make_default = ServerAction::<MakeDefaultPaymentMethod>::new();
    // With Stripe, a method is saved through Stripe.js (`save_method`).
    let stripe = crate::ui::StripeJs::new();
    let save = Action::new_unsync(move |typed: &TypedMethod| save_method(stripe, typed.clone()));
    // Loaded again after each change that went through (the form is then
    // drawn anew, empty); a refusal keeps what the customer typed.
    let changes = (
        successes(went_through(add)),
        successes(went_through(remove)),
        successes(went_through(make_default)),
        successes(move || save.value().with(|value| matches!(value, Some(Ok(_))))),
    );
    let methods = resource(
        move || {
            (
                changes.0.get(),
                changes.1.get(),
                changes.2.get(),
                changes.3.get(),
            )
        },
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
    let add_error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| save.value().get().and_then(Result::err))
    });
    view! {
        <PortalPageHead title="methods-title"/>
        {move || (param("added").is_some() && add_error.get().is_none()).then(|| view! {
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
                        <AddMethodForm offered=view.offered payments=view.payments add save stripe error=add_error/>
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
    payments: crate::domain::PaymentsMode,
    add: ServerAction<AddPaymentMethod>,
    /// With Stripe, the form's save instead of `add`.
    save: Action<TypedMethod, Result<(), AppError>>,
    stripe: crate::ui::StripeJs,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (set_up, demo) = (payments.is_set_up(), payments.is_demo());
    if let Some(script) = payments.script() {
        stripe.use_script(&script.url, &script.publishable_key, i18n.locale());
    }
    let with_stripe = payments.script().is_some();
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
            <super::PaymentsNotice payments=payments.clone()/>
            {move || match chosen() {
                _ if !set_up => ().into_any(),
                None => view! { <p class="muted">{t!(i18n, "methods-none-offered")}</p> }.into_any(),
                Some(kind) => {
                    view! {
                        <nav class="chips" aria-label=t!(i18n, "methods-kind")>
                            <KindLinks offered=kinds.clone() chosen=kind.clone()/>
                        </nav>
                        <ErrorAlert error=general/>
                        {move || error.get().and_then(|error| {
                            // A refusal of the whole method (the limit) says why.
                            let text = i18n.tr(error.field_message("method")?);
                            Some(view! { <div class="alert alert-error" role="alert">{text}</div> })
                        })}
                        {if with_stripe {
                            view! { <StripeMethodForm kind=kind.clone() save stripe error/> }.into_any()
                        } else {
                            view! {
                        <ActionForm action=add attr:class="form form-grid">
                            <input type="hidden" name="method[kind]" value=kind.clone()/>
                            {if kind == "card" {
                                view! {
                                    <FormField error name="method[holder]" field="holder" label="methods-holder" value=String::new() autocomplete="cc-name" wide=true/>
                                    <FormField error name="method[number]" field="number" label="methods-number" value=String::new() autocomplete="cc-number" wide=true hint=if demo { "methods-test-cards" } else { "methods-number-hint" }/>
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
                            }.into_any()
                        }}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The Add form with Stripe: a card in Stripe's element, or an IBAN and
/// the email Stripe sends the mandate's notices to, both in inputs without
/// a name, so no form post could carry them. Saved through a SetupIntent.
#[component]
fn StripeMethodForm(
    kind: String,
    save: Action<TypedMethod, Result<(), AppError>>,
    stripe: crate::ui::StripeJs,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    use crate::ui::{FieldMessage, StripeCardField};
    let i18n = use_i18n();
    let card = kind == "card";
    let input = NodeRef::<leptos::html::Input>::new;
    let (holder, iban, email, make_default) = (input(), input(), input(), input());
    let value = |field: NodeRef<leptos::html::Input>| {
        field
            .get_untracked()
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        save.dispatch(TypedMethod {
            kind: kind.clone(),
            holder: value(holder),
            iban: value(iban),
            email: value(email),
            make_default: make_default
                .get_untracked()
                .is_some_and(|input| input.checked()),
        });
    };
    let message = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    let holder_label = if card {
        "methods-holder"
    } else {
        "methods-account-holder"
    };
    view! {
        <form class="form form-grid" on:submit=on_submit>
            <div class="field field-wide">
                <label for="f-holder">{t!(i18n, holder_label)}</label>
                <input id="f-holder" node_ref=holder required autocomplete=if card { "cc-name" } else { "name" }/>
            </div>
            {if card {
                view! { <StripeCardField stripe id="method-card" label="stripe-card"/> }.into_any()
            } else {
                view! {
                    <div class="field field-wide">
                        <label for="f-iban">{t!(i18n, "methods-iban")}</label>
                        <input id="f-iban" node_ref=iban required autocomplete="off" aria-describedby="f-iban-hint f-iban-error" aria-invalid=move || message("iban").get().map(|_| "true")/>
                        <p id="f-iban-hint" class="field-hint">{t!(i18n, "methods-iban-hint")}</p>
                        <FieldMessage id="f-iban-error".into() message=message("iban")/>
                    </div>
                    <div class="field field-wide">
                        <label for="f-email">{t!(i18n, "field-email")}</label>
                        <input id="f-email" type="email" node_ref=email required autocomplete="email" aria-describedby="f-email-hint"/>
                        <p id="f-email-hint" class="field-hint">{t!(i18n, "stripe-sepa-email-hint")}</p>
                    </div>
                    <p class="field-hint field-wide">{t!(i18n, "stripe-sepa-mandate")}</p>
                }.into_any()
            }}
            <div class="field field-wide">
                <label class="check">
                    <input type="checkbox" node_ref=make_default/>
                    <span>{t!(i18n, "methods-use-as-default")}</span>
                </label>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { i18n.tr("stripe-confirming") } else { i18n.tr("methods-save") }}
                </button>
            </div>
        </form>
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
