//! The customer's paying pages: saved payment methods (`methods`),
//! paying a document (`pay`), a subscription's renewal (`renewal`) and the
//! eWallet (`wallet`), with what their forms share: a method's name, the
//! method choice, and the idempotency key renewed after a refusal.

mod methods;
mod pay;
mod renewal;
mod stripe;
mod wallet;

pub use methods::PaymentMethodsPage;
pub use pay::PayPage;
pub use renewal::SubscriptionRenewalPage;
pub use wallet::WalletPage;

use crate::payments::api::SavedMethod;
use crate::{
    domain::PaymentsMode,
    error::AppError,
    i18n::{use_i18n, I18n},
    t,
    ui::FormField,
};
use leptos::prelude::*;

/// "Visa •••• 4242", in the page's language.
fn method_name(i18n: I18n, method: &SavedMethod) -> String {
    format!(
        "{} •••• {}",
        i18n.tr(&format!("payment-brand-{}", method.brand)),
        method.last4
    )
}

/// What every pay, top-up and payment-method form says of who moves the
/// money: with the demo provider, that no money moves (above the form);
/// with none, that payments are not set up (instead of the form). A note,
/// not an alert: it belongs to the page, it is not news.
#[component]
fn PaymentsNotice(payments: PaymentsMode) -> impl IntoView {
    let i18n = use_i18n();
    let said = match payments {
        PaymentsMode::Demo => Some(("payments-demo-notice", "alert alert-info payments-demo")),
        PaymentsMode::NotSetUp => Some(("payments-not-set-up", "alert alert-info payments-off")),
        PaymentsMode::Live(_) => None,
    };
    said.map(|(message, class)| view! { <p class=class role="note">{t!(i18n, message)}</p> })
}

/// The idempotency key a payment form sends, and whether a new one is on
/// its way. A refused try used the page's key, so the next try needs a new
/// one: `reload` fetches the page's data again for it (and keeps its key) while the form stays
/// as the payer left it (drawn anew, it would lose what they typed), and
/// the submit button waits. After a payment the page loads again with its
/// own new key. `outcome` is how the last try ended: went through
/// (`Some(true)`), refused (`Some(false)`), or not yet.
fn renewed_key<F, Fut>(
    outcome: impl Fn() -> Option<bool> + 'static,
    reload: F,
) -> (RwSignal<Option<String>>, RwSignal<bool>)
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<String, AppError>> + 'static,
{
    let key = RwSignal::new(None::<String>);
    let renewing = RwSignal::new(false);
    Effect::new(move |_| match outcome() {
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

/// Counts the answers that went through (`went_through` turning true):
/// data keyed on it loads again after a success (its form then starts
/// empty), never after a refusal, which keeps what was typed.
fn successes(went_through: impl Fn() -> bool + 'static) -> ReadSignal<usize> {
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if went_through() {
            count.update(|n| *n += 1);
        }
    });
    count.read_only()
}

/// Whether the last answer of `action` went through.
fn went_through<A>(action: ServerAction<A>) -> impl Fn() -> bool + Copy + 'static
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    move || action.value().with(|value| matches!(value, Some(Ok(_))))
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
    payments: PaymentsMode,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// With Stripe: the new card is Stripe's element, turned into a token
    /// before the form posts.
    #[prop(default = None)]
    stripe: Option<stripe::CardTokenFirst>,
) -> impl IntoView {
    use crate::ui::{FieldMessage, StripeCardField};
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
                {match stripe {
                    Some(stripe) => view! {
                        {stripe.token_input()}
                        <StripeCardField stripe=stripe.stripe id=format!("{form}-card") label="stripe-card"/>
                        <p class="field-hint field-wide">{t!(i18n, "stripe-card-hint")}</p>
                    }.into_any(),
                    None => view! {
                        <FormField error name=field("number") field="number" label="methods-number" value=String::new() autocomplete="cc-number" wide=true hint=if payments.is_demo() { "methods-test-cards" } else { "methods-number-hint" }/>
                        <FormField error name=field("expiry") field="expiry" label="methods-expiry" value=String::new() autocomplete="cc-exp" hint="methods-expiry-hint"/>
                        <FormField error name=field("cvc") field="cvc" label="methods-cvc" value=String::new() autocomplete="cc-csc"/>
                    }.into_any(),
                }}
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
