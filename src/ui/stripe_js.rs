//! Stripe.js in our forms: the card field is Stripe's own element inside
//! Portico's labelled field, and the browser hands card numbers and IBANs
//! to Stripe directly, so that only Stripe's tokens and intents' ids reach
//! Portico's server (issue 23).
//!
//! The script comes from the address the page data gives (Stripe's, or
//! localstripe's stand-in in tests) and is inserted once, when a form
//! first needs it: `document.currentScript` then names that address, which
//! localstripe's script reads to find its API. Without the WASM client
//! (the server's render) nothing here runs: the field is drawn empty and
//! every call answers [`StripeError::unavailable`].

use crate::{domain::Locale, i18n::use_i18n, t, ui::FieldMessage};
use leptos::prelude::*;

/// What Stripe.js answered instead of a result: its `error.code`, the
/// card issuer's `decline_code` and its own `message`, kept for the
/// browser's console; the payer reads [`StripeError::message_id`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripeError {
    pub code: Option<String>,
    pub decline_code: Option<String>,
    pub message: Option<String>,
}

impl StripeError {
    /// The script could not be loaded or has no such call (blocked,
    /// offline, or no client at all).
    pub fn unavailable() -> Self {
        Self {
            code: Some("portico_stripe_unavailable".into()),
            ..Self::default()
        }
    }

    pub fn is_unavailable(&self) -> bool {
        self.code.as_deref() == Some("portico_stripe_unavailable")
    }

    /// Our message for it, a catalogue id. The issuer's reason comes
    /// first; reasons that hint at fraud (lost, stolen) are told as a plain
    /// decline, as Stripe advises.
    pub fn message_id(&self) -> &'static str {
        let decline = match self.decline_code.as_deref() {
            Some("insufficient_funds") => Some("payment-insufficient-funds"),
            Some("expired_card") => Some("payment-card-expired"),
            Some("incorrect_cvc" | "invalid_cvc") => Some("payment-incorrect-cvc"),
            Some("incorrect_number" | "invalid_number") => Some("card-number-invalid"),
            Some(_) => Some("payment-declined"),
            None => None,
        };
        decline.unwrap_or(match self.code.as_deref() {
            Some("card_declined") => "payment-declined",
            Some("expired_card") => "payment-card-expired",
            Some("incorrect_cvc") => "payment-incorrect-cvc",
            Some("invalid_cvc" | "incomplete_cvc") => "card-cvc-invalid",
            Some("incorrect_number" | "invalid_number" | "incomplete_number") => {
                "card-number-invalid"
            }
            Some(
                "invalid_expiry_month"
                | "invalid_expiry_year"
                | "incomplete_expiry"
                | "invalid_expiry_month_past"
                | "invalid_expiry_year_past",
            ) => "card-expiry-invalid",
            Some("invalid_iban" | "incomplete_iban" | "invalid_iban_country_code") => {
                "iban-invalid"
            }
            Some(
                "payment_intent_authentication_failure" | "setup_intent_authentication_failure",
            ) => "payment-authentication-failed",
            Some("portico_stripe_unavailable") => "stripe-unavailable",
            _ => "stripe-refused",
        })
    }
}

impl Default for StripeJs {
    fn default() -> Self {
        Self::new()
    }
}

/// One form's link to Stripe.js: the keys the page data gave, the
/// `Stripe` object once the script is there, the mounted card element,
/// and what the card field says. Cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct StripeJs {
    #[cfg(feature = "hydrate")]
    keys: StoredValue<Option<StripeKeys>>,
    /// The card field's refusal, a catalogue id: set by the element while
    /// the payer types, and by a refused token.
    card_error: RwSignal<Option<String>>,
    #[cfg(feature = "hydrate")]
    live: StoredValue<browser::Live, LocalStorage>,
}

#[cfg(feature = "hydrate")]
#[derive(Clone)]
struct StripeKeys {
    publishable_key: String,
    script_url: String,
    locale: Locale,
}

impl StripeJs {
    /// Nothing loads yet: the script comes with the first card field or
    /// the first call, once [`StripeJs::use_script`] said which.
    pub fn new() -> Self {
        Self {
            #[cfg(feature = "hydrate")]
            keys: StoredValue::new(None),
            card_error: RwSignal::new(None),
            #[cfg(feature = "hydrate")]
            live: StoredValue::new_local(browser::Live::default()),
        }
    }

    /// The script and key the page data gave, and the page's language for
    /// Stripe's own texts.
    pub fn use_script(&self, script_url: &str, publishable_key: &str, locale: Locale) {
        #[cfg(feature = "hydrate")]
        self.keys.set_value(Some(StripeKeys {
            publishable_key: publishable_key.to_owned(),
            script_url: script_url.to_owned(),
            locale,
        }));
        #[cfg(not(feature = "hydrate"))]
        let _ = (script_url, publishable_key, locale);
    }

    /// The card field's current refusal, a catalogue id.
    pub fn card_error(&self) -> Signal<Option<String>> {
        self.card_error.into()
    }

    /// Turns the card typed in the card field into a token (`tok_…`), the
    /// only thing of the card that reaches Portico.
    pub async fn create_token(self, holder: &str) -> Result<String, StripeError> {
        #[cfg(feature = "hydrate")]
        let answer = match self.ready().await {
            Ok(ready) => ready.create_token(holder).await,
            Err(error) => Err(error),
        };
        #[cfg(not(feature = "hydrate"))]
        let answer = Err(unavailable(holder));
        self.told(answer)
    }

    /// Confirms a PaymentIntent whose card asks for more (3-D Secure: its
    /// challenge shows); answers the intent's status. Portico's server
    /// still asks Stripe itself before it counts the payment.
    pub async fn confirm_card_payment(self, client_secret: &str) -> Result<String, StripeError> {
        #[cfg(feature = "hydrate")]
        return self
            .ready()
            .await?
            .confirm_card_payment(client_secret)
            .await;
        #[cfg(not(feature = "hydrate"))]
        Err(unavailable(client_secret))
    }

    /// Saves the card of the card field through a SetupIntent.
    pub async fn confirm_card_setup(
        self,
        client_secret: &str,
        holder: &str,
    ) -> Result<(), StripeError> {
        #[cfg(feature = "hydrate")]
        let answer = match self.ready().await {
            Ok(ready) => ready.confirm_card_setup(client_secret, holder).await,
            Err(error) => Err(error),
        };
        #[cfg(not(feature = "hydrate"))]
        let answer = Err(unavailable((client_secret, holder)));
        self.told(answer)
    }

    /// Sets up a SEPA Direct Debit mandate: the IBAN goes from our input
    /// to Stripe, never to Portico.
    pub async fn confirm_sepa_debit_setup(
        self,
        client_secret: &str,
        iban: &str,
        holder: &str,
        email: &str,
    ) -> Result<(), StripeError> {
        #[cfg(feature = "hydrate")]
        return self
            .ready()
            .await?
            .confirm_sepa_debit_setup(client_secret, iban, holder, email)
            .await;
        #[cfg(not(feature = "hydrate"))]
        Err(unavailable((client_secret, iban, holder, email)))
    }

    /// A refusal of what was typed in the card field shows under it.
    fn told<T>(self, answer: Result<T, StripeError>) -> Result<T, StripeError> {
        self.card_error.set(
            answer
                .as_ref()
                .err()
                .map(|error| error.message_id().to_owned()),
        );
        answer
    }
}

/// Without the client there is no Stripe.js to ask.
#[cfg(not(feature = "hydrate"))]
fn unavailable<T>(_arguments: T) -> StripeError {
    StripeError::unavailable()
}

/// Stripe's card element inside our own labelled field, with its refusal
/// under it (read aloud when it changes). Mounted once the client runs,
/// destroyed with the field.
#[component]
pub fn StripeCardField(
    stripe: StripeJs,
    /// The field's id, also the stem of its label's and message's ids.
    #[prop(into)]
    id: String,
    label: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| {
            if let Some(div) = node.get() {
                stripe.mount_card(div.into());
            }
        });
        on_cleanup(move || stripe.destroy_card());
    }
    let label_id = format!("{id}-label");
    let error_id = format!("{id}-error");
    view! {
        <div class="field field-wide stripe-card">
            <label id=label_id.clone()>{t!(i18n, label)}</label>
            <div
                id=id
                class="stripe-card-input"
                role="group"
                aria-labelledby=label_id
                aria-describedby=error_id.clone()
                node_ref=node
            ></div>
            <FieldMessage id=error_id message=stripe.card_error()/>
        </div>
    }
}

#[cfg(feature = "hydrate")]
impl StripeJs {
    /// The `Stripe` object, made once, after the script.
    async fn ready(self) -> Result<browser::Ready, StripeError> {
        if let Some(ready) = self.live.try_with_value(|live| live.ready()).flatten() {
            return Ok(ready);
        }
        let keys = self
            .keys
            .try_get_value()
            .flatten()
            .ok_or_else(StripeError::unavailable)?;
        browser::load_script(&keys.script_url).await?;
        let stripe = browser::stripe(&keys.publishable_key, keys.locale)?;
        // Two callers may both have waited for the script: the first
        // `Stripe` object stays, so the card element and the calls share it.
        Ok(self
            .live
            .try_update_value(|live| live.keep(stripe))
            .ok_or_else(StripeError::unavailable)?)
    }

    fn mount_card(self, node: wasm_bindgen::JsValue) {
        leptos::task::spawn_local(async move {
            let mounted = match self.ready().await {
                Ok(ready) => ready.mount_card(&node, self.card_error),
                Err(error) => Err(error),
            };
            match mounted {
                Ok(card) => {
                    let mut card = Some(card);
                    self.live.try_update_value(|live| live.hold_card(&mut card));
                    // The field went while the script loaded, or holds one.
                    if let Some(card) = card {
                        card.destroy();
                    }
                }
                Err(error) => self.card_error.set(Some(error.message_id().to_owned())),
            }
        });
    }

    fn destroy_card(self) {
        self.live.try_update_value(browser::Live::destroy_card);
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The calls into Stripe.js. Each of its calls answers a promise of
    //! `{ error }` or of its result, which [`answer`] turns into a `Result`.

    use super::StripeError;
    use crate::domain::Locale;
    use js_sys::{Function, Object, Promise, Reflect};
    use leptos::prelude::{RwSignal, Set};
    use std::cell::RefCell;
    use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        #[derive(Clone)]
        pub type Stripe;
        #[wasm_bindgen(js_name = Stripe, catch)]
        fn new_stripe(key: &str, options: &JsValue) -> Result<Stripe, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn elements(this: &Stripe) -> Result<Elements, JsValue>;
        #[wasm_bindgen(method, js_name = createToken)]
        fn create_token(this: &Stripe, card: &CardElement, data: &JsValue) -> Promise;
        #[wasm_bindgen(method, js_name = confirmCardPayment)]
        fn confirm_card_payment(this: &Stripe, client_secret: &str) -> Promise;
        #[wasm_bindgen(method, js_name = confirmCardSetup)]
        fn confirm_card_setup(this: &Stripe, client_secret: &str, data: &JsValue) -> Promise;
        #[wasm_bindgen(method, js_name = confirmSepaDebitSetup)]
        fn confirm_sepa_debit_setup(this: &Stripe, client_secret: &str, data: &JsValue) -> Promise;

        type Elements;
        #[wasm_bindgen(method, catch)]
        fn create(this: &Elements, kind: &str, options: &JsValue) -> Result<CardElement, JsValue>;

        #[derive(Clone)]
        pub type CardElement;
        #[wasm_bindgen(method, catch)]
        fn mount(this: &CardElement, node: &JsValue) -> Result<(), JsValue>;
        #[wasm_bindgen(method, catch)]
        fn destroy(this: &CardElement) -> Result<(), JsValue>;
        #[wasm_bindgen(method)]
        fn on(this: &CardElement, event: &str, handler: &Function);
    }

    /// A mounted card element and its change listener, which must live as
    /// long as the element calls it.
    pub struct MountedCard {
        element: CardElement,
        _on_change: Closure<dyn FnMut(JsValue)>,
    }

    impl MountedCard {
        pub fn destroy(self) {
            let _ = self.element.destroy();
        }
    }

    /// What a form holds of Stripe.js.
    #[derive(Default)]
    pub struct Live {
        stripe: Option<Stripe>,
        card: Option<MountedCard>,
    }

    impl Live {
        pub fn ready(&self) -> Option<Ready> {
            Some(Ready {
                stripe: self.stripe.clone()?,
                card: self.card.as_ref().map(|card| card.element.clone()),
            })
        }

        pub fn keep(&mut self, stripe: Stripe) -> Ready {
            let stripe = self.stripe.get_or_insert(stripe);
            Ready {
                stripe: stripe.clone(),
                card: self.card.as_ref().map(|card| card.element.clone()),
            }
        }

        /// Takes `card` unless one is held already.
        pub fn hold_card(&mut self, card: &mut Option<MountedCard>) {
            if self.card.is_none() {
                self.card = card.take();
            }
        }

        pub fn destroy_card(&mut self) {
            if let Some(card) = self.card.take() {
                card.destroy();
            }
        }
    }

    /// The `Stripe` object and the card element, if one is mounted.
    pub struct Ready {
        stripe: Stripe,
        card: Option<CardElement>,
    }

    /// The element's text and colours follow our inputs (style/main.css:
    /// `--font`, 1rem, `--text`, `--muted` placeholders, `--danger`); its
    /// frame is our `.stripe-card-input`, drawn like an input.
    const CARD_STYLE: &str = r##"{"style":{"base":{"color":"#1a2330","fontFamily":"system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", \"Noto Sans\", \"Liberation Sans\", Arial, sans-serif","fontSize":"16px","lineHeight":"24px","::placeholder":{"color":"#5a6573"}},"invalid":{"color":"#b42318","iconColor":"#b42318"}}}"##;

    impl Ready {
        pub fn mount_card(
            &self,
            node: &JsValue,
            card_error: RwSignal<Option<String>>,
        ) -> Result<MountedCard, StripeError> {
            let options = js_sys::JSON::parse(CARD_STYLE).map_err(thrown)?;
            let element = self
                .stripe
                .elements()
                .and_then(|elements| elements.create("card", &options))
                .map_err(thrown)?;
            element.mount(node).map_err(thrown)?;
            // Stripe's own change event carries `error` while the typed
            // card can't be right; it clears once it can.
            let on_change = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let error = Reflect::get(&event, &"error".into()).unwrap_or(JsValue::UNDEFINED);
                card_error.set(
                    (!error.is_undefined() && !error.is_null())
                        .then(|| refusal(&error).message_id().to_owned()),
                );
            });
            element.on("change", on_change.as_ref().unchecked_ref());
            Ok(MountedCard {
                element,
                _on_change: on_change,
            })
        }

        fn card(&self) -> Result<&CardElement, StripeError> {
            self.card.as_ref().ok_or_else(StripeError::unavailable)
        }

        pub async fn create_token(self, holder: &str) -> Result<String, StripeError> {
            let data = object(&[("name", holder.into())]);
            let token = answer(self.stripe.create_token(self.card()?, &data), "token").await?;
            text(&token, "id")
        }

        pub async fn confirm_card_payment(
            self,
            client_secret: &str,
        ) -> Result<String, StripeError> {
            let promise = self.stripe.confirm_card_payment(client_secret);
            let intent = answer(promise, "paymentIntent").await?;
            text(&intent, "status")
        }

        pub async fn confirm_card_setup(
            self,
            client_secret: &str,
            holder: &str,
        ) -> Result<(), StripeError> {
            let method = object(&[
                ("card", JsValue::from(self.card()?.clone())),
                ("billing_details", object(&[("name", holder.into())])),
            ]);
            let data = object(&[("payment_method", method)]);
            let promise = self.stripe.confirm_card_setup(client_secret, &data);
            answer(promise, "setupIntent").await.map(|_| ())
        }

        pub async fn confirm_sepa_debit_setup(
            self,
            client_secret: &str,
            iban: &str,
            holder: &str,
            email: &str,
        ) -> Result<(), StripeError> {
            let method = object(&[
                ("sepa_debit", object(&[("iban", iban.into())])),
                (
                    "billing_details",
                    object(&[("name", holder.into()), ("email", email.into())]),
                ),
            ]);
            let data = object(&[("payment_method", method)]);
            let promise = self.stripe.confirm_sepa_debit_setup(client_secret, &data);
            answer(promise, "setupIntent").await.map(|_| ())
        }
    }

    /// `Stripe(key, { locale })`: Stripe's own texts (the element's
    /// placeholders, its challenge) in the page's language.
    pub fn stripe(publishable_key: &str, locale: Locale) -> Result<Stripe, StripeError> {
        let options = object(&[("locale", locale.tag().into())]);
        new_stripe(publishable_key, &options).map_err(thrown)
    }

    thread_local! {
        /// The script's loading, shared by every form of the page.
        static SCRIPT: RefCell<Option<Promise>> = const { RefCell::new(None) };
    }

    /// Inserts `<script src=url>` once and waits for it; a failed load is
    /// forgotten, so the next form tries again.
    pub async fn load_script(url: &str) -> Result<(), StripeError> {
        let loaded = Reflect::has(&js_sys::global(), &"Stripe".into()).unwrap_or(false);
        if loaded {
            return Ok(());
        }
        let loading = SCRIPT.with(|slot| {
            slot.borrow_mut()
                .get_or_insert_with(|| insert_script(url))
                .clone()
        });
        if JsFuture::from(loading).await.is_err() {
            SCRIPT.with(|slot| slot.borrow_mut().take());
            return Err(StripeError::unavailable());
        }
        Ok(())
    }

    fn insert_script(url: &str) -> Promise {
        Promise::new(&mut |resolve, reject| {
            let document = leptos::prelude::document();
            let inserted = document.create_element("script").and_then(|script| {
                script.set_attribute("src", url)?;
                script.add_event_listener_with_callback("load", &resolve)?;
                script.add_event_listener_with_callback("error", &reject)?;
                document
                    .body()
                    .ok_or_else(|| JsValue::from_str("no body"))?
                    .append_child(&script)
            });
            if let Err(error) = inserted {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        })
    }

    /// Waits for a Stripe.js promise: its `error` becomes the `Err`, its
    /// `result` field the `Ok`.
    async fn answer(promise: Promise, result: &str) -> Result<JsValue, StripeError> {
        let value = JsFuture::from(promise)
            .await
            .map_err(|error| refusal(&error))?;
        let error = Reflect::get(&value, &"error".into()).unwrap_or(JsValue::UNDEFINED);
        if !error.is_undefined() && !error.is_null() {
            return Err(refusal(&error));
        }
        Reflect::get(&value, &result.into())
            .ok()
            .filter(|value| value.is_object())
            .ok_or_else(StripeError::default)
    }

    /// Stripe's `{ code, decline_code, message }`, or a thrown `Error`.
    fn refusal(error: &JsValue) -> StripeError {
        let field = |name: &str| {
            Reflect::get(error, &name.into())
                .ok()
                .and_then(|value| value.as_string())
        };
        StripeError {
            code: field("code"),
            decline_code: field("decline_code"),
            message: field("message").or_else(|| error.as_string()),
        }
    }

    fn thrown(error: JsValue) -> StripeError {
        refusal(&error)
    }

    fn text(value: &JsValue, name: &str) -> Result<String, StripeError> {
        Reflect::get(value, &name.into())
            .ok()
            .and_then(|value| value.as_string())
            .ok_or_else(StripeError::default)
    }

    fn object(fields: &[(&str, JsValue)]) -> JsValue {
        let object = Object::new();
        for (name, value) in fields {
            let _ = Reflect::set(&object, &(*name).into(), value);
        }
        object.into()
    }
}

#[cfg(test)]
mod tests {
    use super::StripeError;

    fn error(code: Option<&str>, decline_code: Option<&str>) -> StripeError {
        StripeError {
            code: code.map(str::to_owned),
            decline_code: decline_code.map(str::to_owned),
            message: Some("Stripe's own words".into()),
        }
    }

    #[test]
    fn the_issuers_reason_wins_over_the_general_code() {
        let lacking = error(Some("card_declined"), Some("insufficient_funds"));
        assert_eq!(lacking.message_id(), "payment-insufficient-funds");
        let expired = error(Some("card_declined"), Some("expired_card"));
        assert_eq!(expired.message_id(), "payment-card-expired");
    }

    #[test]
    fn reasons_that_hint_at_fraud_read_as_a_plain_decline() {
        for reason in ["stolen_card", "lost_card", "fraudulent", "pickup_card"] {
            assert_eq!(
                error(Some("card_declined"), Some(reason)).message_id(),
                "payment-declined"
            );
        }
    }

    #[test]
    fn what_the_card_field_refuses_names_the_part() {
        assert_eq!(
            error(Some("incomplete_number"), None).message_id(),
            "card-number-invalid"
        );
        assert_eq!(
            error(Some("invalid_expiry_year_past"), None).message_id(),
            "card-expiry-invalid"
        );
        assert_eq!(
            error(Some("incomplete_cvc"), None).message_id(),
            "card-cvc-invalid"
        );
        assert_eq!(
            error(Some("invalid_iban"), None).message_id(),
            "iban-invalid"
        );
    }

    #[test]
    fn a_failed_challenge_and_an_unknown_code_have_messages_of_their_own() {
        assert_eq!(
            error(Some("payment_intent_authentication_failure"), None).message_id(),
            "payment-authentication-failed"
        );
        assert_eq!(error(None, None).message_id(), "stripe-refused");
        assert_eq!(
            StripeError::unavailable().message_id(),
            "stripe-unavailable"
        );
    }
}
