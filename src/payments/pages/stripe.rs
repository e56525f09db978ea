//! What the pay and top-up forms do differently when Stripe moves the
//! money: a new card is typed into Stripe's element and turned into a
//! token in the browser before the form posts, so the form carries
//! `card_token` and never a card number; and when the customer's bank
//! asks them to authenticate (3-D Secure), Stripe.js runs its challenge
//! and the server is asked how the charge ended.

use crate::payments::api::PayAnswer;
use crate::{error::AppError, ui::StripeJs};
use leptos::{ev::MouseEvent, prelude::*};

type Answer<T> = Option<Result<PayAnswer<T>, AppError>>;

/// A pay or top-up form's try, from its answer through the bank's check:
/// what to tell the payer, whether it went through, and whether the
/// check is running (the submit button waits).
#[derive(Clone, Copy)]
pub struct ChargeFlow {
    pub error: Signal<Option<AppError>>,
    pub done: Signal<bool>,
    pub confirming: Signal<bool>,
}

impl ChargeFlow {
    /// `answer` is the form action's, `finished` the finish call's, which
    /// `finish` starts with the charge's id once Stripe.js is done. Without
    /// Stripe the form's answer is the whole story.
    pub fn new<T>(
        answer: MappedSignal<Answer<T>>,
        finished: MappedSignal<Answer<T>>,
        finishing: Signal<bool>,
        finish: impl Fn(i64) + Copy + 'static,
        stripe: StripeJs,
    ) -> Self
    where
        T: Clone + Send + Sync + 'static,
    {
        // A refusal of our own: the script could not run the check.
        let note = RwSignal::new(None::<AppError>);
        let checking = RwSignal::new(false);
        Effect::new(move |_| {
            let Some(Ok(PayAnswer::Authenticate {
                charge_id,
                client_secret,
            })) = answer.get()
            else {
                return;
            };
            finished.set(None);
            note.set(None);
            checking.set(true);
            leptos::task::spawn_local(async move {
                let confirmed = stripe.confirm_card_payment(&client_secret).await;
                checking.set(false);
                match confirmed {
                    // The challenge never showed: the charge waits as it is.
                    Err(refusal) if refusal.is_unavailable() => {
                        note.set(Some(AppError::invalid("method", refusal.message_id())));
                    }
                    // Passed, failed or cancelled: the server asks Stripe.
                    _ => finish(charge_id),
                }
            });
        });
        let in_progress = || Some(AppError::invalid("method", "payment-in-progress"));
        let error = Signal::derive(move || match answer.get()? {
            Err(error) => Some(error),
            Ok(PayAnswer::Done(_)) => None,
            Ok(PayAnswer::InProgress { .. }) => in_progress(),
            Ok(PayAnswer::Authenticate { .. }) => note.get().or_else(|| match finished.get()? {
                Err(error) => Some(error),
                Ok(PayAnswer::Done(_)) => None,
                Ok(_) => in_progress(),
            }),
        });
        let done = Signal::derive(move || {
            let done = |answer: Answer<T>| matches!(answer, Some(Ok(PayAnswer::Done(_))));
            done(answer.get()) || done(finished.get())
        });
        Self {
            error,
            done,
            confirming: Signal::derive(move || checking.get() || finishing.get()),
        }
    }

    /// How the last try ended, as [`super::renewed_key`] reads it.
    pub fn outcome(self) -> impl Fn() -> Option<bool> + Copy + 'static {
        move || {
            if self.error.get().is_some() {
                Some(false)
            } else if self.done.get() {
                Some(true)
            } else {
                None
            }
        }
    }
}

/// The form's part that asks for a token first: the hidden `card_token`
/// input the token goes into, and whether a token is being made.
#[derive(Clone, Copy)]
pub struct CardTokenFirst {
    pub stripe: StripeJs,
    /// The form's field prefix: `payment` or `funds`.
    form_prefix: &'static str,
    form: NodeRef<leptos::html::Form>,
    token: NodeRef<leptos::html::Input>,
    making: RwSignal<bool>,
}

impl CardTokenFirst {
    pub fn new(
        stripe: StripeJs,
        form_prefix: &'static str,
        form: NodeRef<leptos::html::Form>,
    ) -> Self {
        Self {
            stripe,
            form_prefix,
            form,
            token: NodeRef::new(),
            making: RwSignal::new(false),
        }
    }

    /// Whether a token is being made: the submit button waits.
    pub fn making(&self) -> Signal<bool> {
        self.making.into()
    }

    /// The hidden input the token goes into.
    pub fn token_input(self) -> impl IntoView {
        let name = format!("{}[card_token]", self.form_prefix);
        view! { <input type="hidden" name=name value="" node_ref=self.token/> }
    }

    /// The submit button's click (also Enter in a field, which clicks it):
    /// with a new card chosen, the click is held, the card becomes a token,
    /// and the form is submitted with it; a refusal shows under the card
    /// field and nothing posts. With a saved method the click goes on.
    pub fn on_submit_click(self) -> impl Fn(MouseEvent) + Copy + 'static {
        move |ev: MouseEvent| {
            #[cfg(feature = "hydrate")]
            {
                let Some(form) = self.form.get_untracked() else {
                    return;
                };
                let method = format!("{}[method]", self.form_prefix);
                let new_card = form
                    .query_selector(&format!("input[name='{method}'][value='new']:checked"))
                    .ok()
                    .flatten()
                    .is_some();
                if !new_card {
                    return;
                }
                ev.prevent_default();
                if self.making.get_untracked() {
                    return;
                }
                let holder = field_value(&form, &format!("{}[holder]", self.form_prefix));
                self.making.set(true);
                leptos::task::spawn_local(async move {
                    let token = self.stripe.create_token(&holder).await;
                    self.making.set(false);
                    if let (Ok(token), Some(input)) = (token, self.token.get_untracked()) {
                        input.set_value(&token);
                        // Not a click: the button is still drawn disabled.
                        let _ = form.request_submit();
                        // A token pays once: the next try makes its own.
                        input.set_value("");
                    }
                });
            }
            // The server's render draws the button; only the client clicks.
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, self.form);
        }
    }
}

/// The value of the form's field `name`.
#[cfg(feature = "hydrate")]
fn field_value(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form.query_selector(&format!("[name='{name}']"))
        .ok()
        .flatten()
        .and_then(|field| js_sys::Reflect::get(&field, &"value".into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// A card or a SEPA mandate as typed in the Add form with Stripe: the
/// card stays in Stripe's element, the IBAN and email go to Stripe.js only.
#[derive(Clone)]
pub struct TypedMethod {
    /// "card" or "sepa_debit".
    pub kind: String,
    pub holder: String,
    pub iban: String,
    pub email: String,
    pub make_default: bool,
}

/// Saves a method through a SetupIntent: the server starts it, Stripe.js
/// confirms it with what was typed (a card's challenge included), and the
/// server keeps the method once Stripe says it succeeded.
pub async fn save_method(stripe: StripeJs, typed: TypedMethod) -> Result<(), AppError> {
    use crate::payments::api::{finish_method_setup, start_method_setup};
    let setup = start_method_setup(typed.kind.clone()).await?;
    let confirmed = if typed.kind == "card" {
        stripe
            .confirm_card_setup(&setup.client_secret, &typed.holder)
            .await
    } else {
        stripe
            .confirm_sepa_debit_setup(
                &setup.client_secret,
                &typed.iban,
                &typed.holder,
                &typed.email,
            )
            .await
    };
    if let Err(refusal) = confirmed {
        // A card's refusal shows under Stripe's element already.
        let field = if typed.kind == "card" { "card" } else { "iban" };
        return Err(AppError::invalid(field, refusal.message_id()));
    }
    finish_method_setup(setup.setup_id, typed.make_default.then(|| "on".to_owned())).await
}
