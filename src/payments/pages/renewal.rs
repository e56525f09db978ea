//! A subscription's renewal: its method, and cancelling at the end of the period.

use super::method_name;
use crate::ui::resource;
use crate::{
    i18n::use_i18n,
    t,
    ui::{address_id, required_id, ErrorAlert, PageTitle, RecordError, Skeleton},
};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_query_map;

/// `/my/subscriptions/{id}/renewal`: the saved method that renews the
/// subscription (chosen among the company's), and cancelling at the end of
/// the period, after a confirmation that says when it ends.
#[component]
pub fn SubscriptionRenewalPage() -> impl IntoView {
    use crate::domain::states::{Facts, StateMachine, SubscriptionAction};
    use crate::payments::api::{subscription_renewal, CancelMySubscription, SetRenewalMethod};
    use crate::{i18n::format_day, ui::FieldMessage};
    let i18n = use_i18n();
    let query = use_query_map();
    let id = address_id();
    let renewal = resource(
        move || id.get(),
        |id| async move { subscription_renewal(required_id(id)?).await },
    );
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
                                    <super::PaymentsNotice payments=page.payments/>
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
                Err(error) => view! { <RecordError error/> }.into_any(),
            })}
        </Suspense>
    }
}
