//! What the pay and top-up forms do differently when Stripe moves the
//! money: a new card is typed into Stripe's element and turned into a
//! token in the browser before the form posts, so the form carries
//! `card_token` and never a card number.

use crate::ui::StripeJs;
use leptos::{ev::MouseEvent, prelude::*};

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
    pub fn new(stripe: StripeJs, form_prefix: &'static str) -> Self {
        Self {
            stripe,
            form_prefix,
            form: NodeRef::new(),
            token: NodeRef::new(),
            making: RwSignal::new(false),
        }
    }

    /// The form element, for `node_ref`.
    pub fn form(&self) -> NodeRef<leptos::html::Form> {
        self.form
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
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
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
