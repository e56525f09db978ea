//! A subscription's pages: the portal's, the back office's list, and the
//! back office's form (until it is closed) with the state buttons its
//! machine allows.

use super::api::{
    backoffice_subscription, my_subscription, ActOnSubscription, SaveSubscription, SubscriptionView,
};
use crate::{
    documents::{
        api::{ActionNames, Followable, ListKind},
        backoffice::{
            field_message, last_error, record_page, today, BackofficeList, DraftCard, FormAlert,
            SaveButton, StateButton, CURRENCIES,
        },
        pages::{day_text, money_text, portal_record_page, Area, FollowToggle, StatusBadge},
    },
    domain::{
        states::{SubscriptionAction, SubscriptionState},
        totals::plain_decimal,
        Currency,
    },
    i18n::use_i18n,
    t,
    ui::{Fact, FieldMessage, FormField},
};
use leptos::prelude::*;

/// `/admin/subscriptions`.
#[component]
pub fn BackofficeSubscriptionsPage() -> impl IntoView {
    view! {
        <BackofficeList kind=ListKind::Subscriptions title="documents-subscriptions"
            new_label="documents-new-subscription" base="/admin/subscriptions"/>
    }
}

/// `/my/subscriptions/{id}`.
#[component]
pub fn MySubscriptionPage() -> impl IntoView {
    portal_record_page("documents-subscription", my_subscription, |subscription| {
        view! { <SubscriptionDetails subscription area=Area::Portal/> }.into_any()
    })
}

/// A subscription's page body, for both areas.
#[component]
pub fn SubscriptionDetails(subscription: SubscriptionView, area: Area) -> impl IntoView {
    let i18n = use_i18n();
    let list = match area {
        Area::Portal => "/my/subscriptions",
        Area::Backoffice => "/admin/subscriptions",
    };
    let portal = area == Area::Portal;
    let period = format!("period-per-{}", subscription.period);
    let renewable = subscription.allows(SubscriptionAction::ChangeRenewal);
    // Back from the renewal page: `?renewal=changed` or `cancelled`.
    let query = leptos_router::hooks::use_query_map();
    let renewal_note = move || match query.read().get("renewal").as_deref() {
        Some("changed") => Some("renewal-changed"),
        Some("cancelled") => Some("renewal-cancelled"),
        _ => None,
    };
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href=list>{t!(i18n, "documents-subscriptions")}</a></p>
                <h1 class="page-title">{subscription.plan.clone()}" "<StatusBadge status=subscription.status/></h1>
                <p class="muted">{subscription.reference.clone()}</p>
            </div>
            <div class="actions">
                {(portal && renewable).then(|| view! {
                    <a class="btn" href=format!("/my/subscriptions/{}/renewal", subscription.id)>{t!(i18n, "renewal-manage")}</a>
                })}
                {portal.then(|| view! { <FollowToggle document=Followable::Subscription id=subscription.id following=subscription.following/> })}
            </div>
        </div>
        {move || portal.then(|| renewal_note()).flatten().map(|id| view! {
            <div class="alert alert-success" role="status">{t!(i18n, id)}</div>
        })}
        <section class="card">
            <dl class="facts">
                <Fact label="field-customer">{subscription.customer.name.clone()}</Fact>
                <Fact label="documents-plan">{subscription.plan.clone()}</Fact>
                <Fact label="renewal-method">
                    {match subscription.renewed_with.clone() {
                        Some((brand, last4)) => format!("{} •••• {last4}", i18n.tr(&format!("payment-brand-{brand}"))),
                        None => i18n.tr("renewal-no-method"),
                    }}
                </Fact>
                <Fact label="documents-recurring">{money_text(i18n, subscription.amount.clone())}" "{t!(i18n, &period)}</Fact>
                <Fact label="documents-start-date">{day_text(i18n, subscription.start_date.clone())}</Fact>
                {subscription.next_invoice_date.clone().map(|day| view! { <Fact label="documents-next-invoice">{day_text(i18n, day)}</Fact> })}
                {subscription.ends_on.clone().map(|day| view! { <Fact label="documents-ends-on">{day_text(i18n, day)}</Fact> })}
            </dl>
        </section>
    }
}

/// `/admin/subscriptions/new` and `/admin/subscriptions/{id}`.
#[component]
pub fn BackofficeSubscriptionPage() -> impl IntoView {
    let save = ServerAction::<SaveSubscription>::new();
    let act = ServerAction::<ActOnSubscription>::new();
    record_page(
        "documents-subscription",
        backoffice_subscription,
        move || save.version().get() + act.version().get(),
        move |subscription, customers| {
            view! { <SubscriptionEditor subscription customers save act/> }.into_any()
        },
    )
}

#[component]
fn SubscriptionEditor(
    subscription: Option<SubscriptionView>,
    customers: Vec<(i64, String)>,
    save: ServerAction<SaveSubscription>,
    act: ServerAction<ActOnSubscription>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save_error = last_error(save.value());
    let act_error = last_error(act.value());
    let closed = subscription
        .as_ref()
        .is_some_and(|s| !s.allows(SubscriptionAction::Edit));
    let actions = subscription.as_ref().map(|s| {
        let id = s.id;
        let button = move |action: SubscriptionAction, label: &'static str, confirm: Option<&'static str>| {
            s.allows(action).then(|| view! {
                <StateButton action=act id name=SubscriptionState::action_name(action) label confirm/>
            })
        };
        view! {
            <div class="actions">
                {button(SubscriptionAction::Pause, "documents-pause", None)}
                {button(SubscriptionAction::Resume, "documents-resume", None)}
                {button(SubscriptionAction::Cancel, "documents-cancel-at-end", Some("documents-cancel-at-end-confirm"))}
                {button(SubscriptionAction::Close, "documents-close", Some("documents-close-confirm"))}
            </div>
        }
    });
    let body = if let (Some(s), true) = (&subscription, closed) {
        view! { <SubscriptionDetails subscription=s.clone() area=Area::Backoffice/> }.into_any()
    } else {
        let id = subscription.as_ref().map(|s| s.id);
        let customer_id = subscription.as_ref().map(|s| s.customer.id);
        let currency = subscription
            .as_ref()
            .map_or(Currency::Ron, |s| s.amount.currency);
        let period = subscription
            .as_ref()
            .map_or_else(|| "month".to_owned(), |s| s.period.clone());
        let plan = subscription
            .as_ref()
            .map(|s| s.plan.clone())
            .unwrap_or_default();
        let amount = subscription
            .as_ref()
            .map(|s| plain_decimal(s.amount.minor, currency.minor_digits()))
            .unwrap_or_default();
        let start_date = subscription
            .as_ref()
            .map_or_else(today, |s| s.start_date.clone());
        let next = subscription
            .as_ref()
            .and_then(|s| s.next_invoice_date.clone())
            .unwrap_or_default();
        let title = subscription.as_ref().map_or_else(
            || i18n.tr("documents-new-subscription"),
            |s| format!("{} · {}", s.reference, s.plan),
        );
        let status = subscription.as_ref().map(|s| s.status);
        view! {
            <DraftCard list="/admin/subscriptions" list_label="documents-subscriptions" title status error=save_error>
                <ActionForm action=save attr:class="form form-grid">
                    {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                    <div class="field">
                        <label for="f-customer_id">{t!(i18n, "field-customer")}</label>
                        <select id="f-customer_id" name="subscription[customer_id]" aria-describedby="f-customer_id-error">
                            <option value="">{t!(i18n, "documents-choose-customer")}</option>
                            {customers.into_iter().map(|(cid, name)| view! {
                                <option value=cid selected=customer_id == Some(cid)>{name}</option>
                            }).collect_view()}
                        </select>
                        <FieldMessage id="f-customer_id-error".to_owned() message=field_message(save_error, "customer_id".into())/>
                    </div>
                    <FormField error=save_error name="subscription[plan]" field="plan" label="documents-plan" value=plan/>
                    <FormField error=save_error name="subscription[amount]" field="amount" label="documents-recurring" value=amount/>
                    <div class="field">
                        <label for="f-currency">{t!(i18n, "documents-currency")}</label>
                        <select id="f-currency" name="subscription[currency]">
                            {CURRENCIES.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-period">{t!(i18n, "documents-period")}</label>
                        <select id="f-period" name="subscription[period]">
                            <option value="month" selected=period == "month">{t!(i18n, "period-month")}</option>
                            <option value="year" selected=period == "year">{t!(i18n, "period-year")}</option>
                        </select>
                    </div>
                    <FormField error=save_error name="subscription[start_date]" field="start_date" label="documents-start-date" value=start_date kind="date"/>
                    <FormField error=save_error name="subscription[next_invoice_date]" field="next_invoice_date" label="documents-next-invoice" value=next kind="date"/>
                    <SaveButton pending=save.pending()/>
                </ActionForm>
            </DraftCard>
        }
        .into_any()
    };
    view! {
        {body}
        <FormAlert error=act_error/>
        {actions}
    }
}
