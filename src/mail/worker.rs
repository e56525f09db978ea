//! The background sender: drains the outbox while the app runs.

use super::{store, transport::Outbound};
use crate::db::Pool;
use std::{sync::Arc, time::Duration};

/// How often the outbox is checked for due messages.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// Sends every due message once; returns how many were sent.
pub async fn deliver_due(pool: &Pool, outbound: &Outbound) -> usize {
    let due = match store::claim_due(pool, 20).await {
        Ok(due) => due,
        Err(error) => {
            tracing::error!(%error, "cannot read the mail outbox");
            return 0;
        }
    };
    let mut sent = 0;
    for mail in due {
        let outcome = outbound
            .send(
                &mail.to_address,
                &mail.subject,
                &mail.body_text,
                mail.body_html.as_deref(),
            )
            .await;
        let recorded = match &outcome {
            Ok(()) => {
                sent += 1;
                store::mark_sent(pool, mail.id).await
            }
            Err(error) => {
                tracing::warn!(mail_id = mail.id, %error, "sending mail failed; will retry");
                store::mark_attempt_failed(pool, &mail, error).await
            }
        };
        if let Err(error) = recorded {
            tracing::error!(mail_id = mail.id, %error, "cannot record the outcome of a mail");
        }
    }
    sent
}

pub fn spawn(pool: Pool, outbound: Arc<Outbound>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            deliver_due(&pool, &outbound).await;
        }
    })
}
