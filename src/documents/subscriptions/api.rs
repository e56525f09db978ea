//! A subscription as both sides read it, its form, and its server
//! functions: the portal's and the back office's read, and the back
//! office's save and state changes.

use crate::{
    declare_access,
    documents::{
        api::{stored_state, Party, Status},
        forms::{
            currency_choice, customer_choice, document_amount, document_date, document_text,
            DocumentProblem,
        },
    },
    domain::{
        states::{Facts, StateMachine, SubscriptionAction, SubscriptionState},
        Money,
    },
    error::{AppError, FieldErrors},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A subscription, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub id: i64,
    pub reference: String,
    pub plan: String,
    pub amount: Money,
    pub period: String,
    pub start_date: String,
    pub next_invoice_date: Option<String>,
    pub ends_on: Option<String>,
    #[serde(with = "stored_state")]
    pub state: SubscriptionState,
    pub status: Status,
    pub customer: Party,
    pub contact_id: i64,
    /// The saved method that renews it: brand and last four digits.
    pub renewed_with: Option<(String, String)>,
    pub following: bool,
}

impl SubscriptionView {
    pub fn allows(&self, action: SubscriptionAction) -> bool {
        self.state.allows(action, Facts::none())
    }
}

/// A subscription form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionInput {
    pub customer_id: String,
    pub plan: String,
    pub amount: String,
    pub currency: String,
    pub period: String,
    pub start_date: String,
    pub next_invoice_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionDraft {
    pub customer_id: i64,
    pub plan: String,
    pub amount: Money,
    pub period: &'static str,
    pub start_date: String,
    pub next_invoice_date: Option<String>,
}

impl SubscriptionDraft {
    pub fn parse(input: &SubscriptionInput) -> Result<Self, AppError> {
        let mut errors = FieldErrors::default();
        let customer_id = errors.check("customer_id", customer_choice(&input.customer_id));
        let plan = errors.check("plan", document_text(&input.plan, 200));
        let currency = errors.check("currency", currency_choice(&input.currency));
        let amount = currency.and_then(|currency| {
            errors
                .check("amount", document_amount(&input.amount, currency))
                .map(|minor| Money::new(minor, currency))
        });
        let period = errors.check(
            "period",
            match input.period.trim() {
                "month" => Ok("month"),
                "year" => Ok("year"),
                _ => Err(DocumentProblem::UnknownChoice),
            },
        );
        let start_date = errors.check("start_date", document_date(&input.start_date));
        let next_invoice_date =
            errors.optional("next_invoice_date", &input.next_invoice_date, document_date);
        errors.finish()?;
        let missing = || AppError::ServerError;
        Ok(Self {
            customer_id: customer_id.ok_or_else(missing)?,
            plan: plan.ok_or_else(missing)?,
            amount: amount.ok_or_else(missing)?,
            period: period.ok_or_else(missing)?,
            start_date: start_date.ok_or_else(missing)?,
            next_invoice_date: next_invoice_date.ok_or_else(missing)?,
        })
    }
}

document_reads!(
    SubscriptionView, crate::documents::subscriptions::store::subscription,
    portal: my_subscription, MySubscription, "my/subscription",
    backoffice: backoffice_subscription, BackofficeSubscription, "admin/subscription",
);

#[server(endpoint = "admin/subscription/save")]
pub async fn save_subscription(
    id: Option<i64>,
    subscription: SubscriptionInput,
) -> Result<i64, AppError> {
    crate::context::authorize::<SaveSubscription>()?;
    let state = crate::context::app_state()?;
    let draft = SubscriptionDraft::parse(&subscription)?;
    let id = super::store::save_subscription(&state.pool, id, &draft).await?;
    leptos_axum::redirect(&format!("/admin/subscriptions/{id}"));
    Ok(id)
}
declare_access!(SaveSubscription: Staff);

/// `pause`, `resume`, `cancel` (at the end of the period) or `close`.
#[server(endpoint = "admin/subscription/act")]
pub async fn act_on_subscription(id: i64, action: String) -> Result<i64, AppError> {
    use crate::documents::api::ActionNames;
    crate::context::authorize::<ActOnSubscription>()?;
    let state = crate::context::app_state()?;
    let action = SubscriptionState::action_named(&action)
        .ok_or(crate::documents::editing::UNKNOWN_ACTION)?;
    let id = super::store::act(&state.pool, id, action).await?;
    leptos_axum::redirect(&format!("/admin/subscriptions/{id}"));
    Ok(id)
}
declare_access!(ActOnSubscription: Staff);
