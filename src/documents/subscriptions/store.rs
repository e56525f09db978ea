//! Every SQL statement of subscriptions: the read both sides share, the
//! subscription saved, and its state changes (each one conditional
//! `UPDATE` whose guard is the subscription machine's).

use super::api::{SubscriptionDraft, SubscriptionView};
use crate::{
    contacts::store::{drop_follows_outside_scope, FollowsOf},
    db::{guard::push_guard, now, Pool, SqlBuilder, StoreResult},
    documents::{
        api::{Followable, Status},
        editing::{
            change_state, check_customer, map_foreign_key, next_number, push_customer,
            UNKNOWN_ACTION,
        },
        store::{currency, following, party, read_visible, stored, today, Reader},
    },
    domain::{
        states::{StateMachine, SubscriptionAction, SubscriptionState},
        Money,
    },
};
use sqlx::Row;

pub fn subscription_reference(number: i64) -> String {
    format!("SUB{number:05}")
}

/// The subscription machine's guard for `action` (its rules read nothing
/// but the state).
fn push_subscription_guard(query: &mut SqlBuilder<'_>, action: SubscriptionAction) {
    push_guard::<SubscriptionState>(query, action, "d.state", |_, fact| match fact {});
}

pub async fn subscription(pool: &Pool, reader: Reader, id: i64) -> StoreResult<SubscriptionView> {
    let row = read_visible(
        pool,
        reader,
        "SELECT id, reference, plan, amount, currency, period, start_date, next_invoice_date, ends_on, state, customer_id, contact_id, \
                (SELECT m.brand FROM payment_methods m WHERE m.id = subscriptions.payment_method_id), \
                (SELECT m.last4 FROM payment_methods m WHERE m.id = subscriptions.payment_method_id) \
         FROM subscriptions",
        id,
        false,
    )
    .await?;
    let state: SubscriptionState = stored(&row.try_get::<String, _>(9)?)?;
    Ok(SubscriptionView {
        id,
        reference: row.try_get(1)?,
        plan: row.try_get(2)?,
        amount: Money::new(row.try_get(3)?, currency(&row.try_get::<String, _>(4)?)?),
        period: row.try_get(5)?,
        start_date: row.try_get(6)?,
        next_invoice_date: row.try_get(7)?,
        ends_on: row.try_get(8)?,
        status: Status::of_subscription(state),
        state,
        customer: party(pool, row.try_get(10)?).await?,
        contact_id: row.try_get(11)?,
        renewed_with: row
            .try_get::<Option<String>, _>(12)?
            .zip(row.try_get::<Option<String>, _>(13)?),
        following: following(pool, reader, Followable::Subscription, id).await?,
    })
}

/// A new subscription, or one not yet closed changed. Given to another
/// customer, it keeps neither the old customer's renewing method nor its
/// followers outside the new customer.
pub async fn save_subscription(
    pool: &Pool,
    id: Option<i64>,
    draft: &SubscriptionDraft,
) -> StoreResult<i64> {
    let mut tx = crate::db::begin(pool).await?;
    let id = match id {
        Some(id) => {
            change_state(
                &mut tx,
                "subscriptions",
                id,
                |query| {
                    push_customer(query, draft.customer_id);
                    query
                        .push(", plan = ")
                        .push_bind(draft.plan.clone())
                        .push(", amount = ")
                        .push_bind(draft.amount.minor)
                        .push(", currency = ")
                        .push_bind(draft.amount.currency.code())
                        .push(", period = ")
                        .push_bind(draft.period)
                        .push(", start_date = ")
                        .push_bind(draft.start_date.clone())
                        .push(", next_invoice_date = ")
                        .push_bind(draft.next_invoice_date.clone())
                        // Given to another customer, it renews with none of
                        // the old customer's methods: the new one chooses.
                        .push(
                            ", payment_method_id = CASE WHEN payment_method_id IN \
                               (SELECT m.id FROM payment_methods m WHERE m.customer_id = ",
                        )
                        .push_bind(draft.customer_id)
                        .push(") THEN payment_method_id END");
                },
                |query| push_subscription_guard(query, SubscriptionAction::Edit),
            )
            .await?;
            drop_follows_outside_scope(
                &mut tx,
                FollowsOf::Document(Followable::Subscription.as_str(), id),
            )
            .await?;
            id
        }
        None => {
            let number = next_number(&mut tx, "subscription").await?;
            sqlx::query_scalar(
                "INSERT INTO subscriptions (reference, customer_id, contact_id, plan, currency, amount, period, start_date, \
                   next_invoice_date, state, created_at, updated_at) \
                 VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9) RETURNING id",
            )
            .bind(subscription_reference(number))
            .bind(draft.customer_id)
            .bind(draft.plan.as_str())
            .bind(draft.amount.currency.code())
            .bind(draft.amount.minor)
            .bind(draft.period)
            .bind(draft.start_date.as_str())
            .bind(draft.next_invoice_date.as_deref())
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(map_foreign_key)?
        }
    };
    check_customer(&mut tx, draft.customer_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Paused, resumed, cancelled at the end of its period (it ends on its next
/// invoice date), or closed.
pub async fn act(pool: &Pool, id: i64, action: SubscriptionAction) -> StoreResult<i64> {
    // An edit is saved through the form; the renewal is the customer's page.
    let next = SubscriptionState::target(action).ok_or(UNKNOWN_ACTION)?;
    let mut conn = pool.acquire().await?;
    change_state(
        &mut conn,
        "subscriptions",
        id,
        |query| {
            query.push(format!("state = '{}'", next.as_str()));
            match action {
                SubscriptionAction::Resume => {
                    query.push(", ends_on = NULL");
                }
                SubscriptionAction::Cancel => {
                    query
                        .push(", ends_on = COALESCE(next_invoice_date, ")
                        .push_bind(today())
                        .push(")");
                }
                SubscriptionAction::Close => {
                    query
                        .push(", next_invoice_date = NULL, ends_on = COALESCE(ends_on, ")
                        .push_bind(today())
                        .push(")");
                }
                _ => {}
            }
        },
        |query| push_subscription_guard(query, action),
    )
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscription_reference_reads_as_people_expect() {
        assert_eq!(subscription_reference(3), "SUB00003");
    }

    #[test]
    fn the_guard_of_each_button_is_the_machines() {
        let guard = |action| {
            let mut query = SqlBuilder::new("");
            push_subscription_guard(&mut query, action);
            query.sql().to_owned()
        };
        assert_eq!(
            guard(SubscriptionAction::Pause),
            "((d.state IN ('active')))"
        );
        assert_eq!(
            guard(SubscriptionAction::Close),
            "((d.state IN ('active', 'paused', 'cancelling')))"
        );
    }
}
