//! The state machines of `domain::states` as SQL: the `WHERE` guard of a
//! conditional `UPDATE` (or a `SELECT` asking "may this happen now?"),
//! derived from the machine's `next`, and the one expression that stores a
//! document's payment state. Nothing here decides a rule; it only writes
//! down what the domain decided, so the database and the pages agree.

use super::SqlBuilder;
use crate::domain::states::{guard, InvoicePaymentState, StateMachine};

/// A piece of a rendered guard: fixed text, or a fact for the caller to
/// write (a column test, or one with a bound value).
enum Piece<F> {
    Text(String),
    Fact(F),
}

fn render<M: StateMachine>(
    action: M::Action,
    state_column: &str,
    out: &mut impl FnMut(Piece<M::Fact>),
) {
    let clauses = guard::<M>(action);
    if clauses.is_empty() {
        out(Piece::Text("(1 = 0)".to_owned()));
        return;
    }
    out(Piece::Text("(".to_owned()));
    for (i, clause) in clauses.iter().enumerate() {
        let states: Vec<String> = clause
            .states
            .iter()
            .map(|state| format!("'{}'", state.as_str()))
            .collect();
        out(Piece::Text(format!(
            "{}({state_column} IN ({})",
            if i == 0 { "" } else { " OR " },
            states.join(", ")
        )));
        for &(fact, holds) in &clause.facts {
            out(Piece::Text(
                if holds { " AND (" } else { " AND NOT (" }.to_owned(),
            ));
            out(Piece::Fact(fact));
            out(Piece::Text(")".to_owned()));
        }
        out(Piece::Text(")".to_owned()));
    }
    out(Piece::Text(")".to_owned()));
}

/// The guard as text, for a fixed statement whose facts need no bound
/// value: `fact` gives each fact's SQL (e.g. `amount_paid <> 0`).
pub fn guard_sql<M: StateMachine>(
    action: M::Action,
    state_column: &str,
    fact: impl Fn(M::Fact) -> &'static str,
) -> String {
    let mut sql = String::new();
    render::<M>(action, state_column, &mut |piece| match piece {
        Piece::Text(text) => sql.push_str(&text),
        Piece::Fact(f) => sql.push_str(fact(f)),
    });
    sql
}

/// Pushes the guard into a query being built; `fact` writes each fact,
/// binding what it needs (today's date, an id) with `push_bind`.
pub fn push_guard<'args, M: StateMachine>(
    query: &mut SqlBuilder<'args>,
    action: M::Action,
    state_column: &str,
    mut fact: impl FnMut(&mut SqlBuilder<'args>, M::Fact),
) {
    render::<M>(action, state_column, &mut |piece| match piece {
        Piece::Text(text) => {
            query.push(text);
        }
        Piece::Fact(f) => fact(query, f),
    });
}

/// The SQL that stores a document's payment state from what is paid and
/// its total: [`InvoicePaymentState::of`] written for the database.
pub fn payment_state_sql(paid: &str, total: &str) -> String {
    use InvoicePaymentState as P;
    format!(
        "CASE WHEN {paid} <= 0 THEN '{not_paid}' WHEN {paid} >= {total} THEN '{paid_state}' ELSE '{partial}' END",
        not_paid = P::NotPaid.as_str(),
        paid_state = P::Paid.as_str(),
        partial = P::Partial.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::states::{
        InvoiceAction, InvoiceFact, InvoiceState, OrderAction, OrderFact, OrderState,
        SubscriptionAction, SubscriptionState,
    };

    fn order_fact(fact: OrderFact) -> &'static str {
        match fact {
            OrderFact::Paid => "amount_paid <> 0",
            OrderFact::Invoiced => "invoiced = 1",
            OrderFact::Expired => "expired = 1",
        }
    }

    /// One connection: each SQLite connection to `:memory:` is a database
    /// of its own.
    async fn memory_database() -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("memory database")
    }

    #[test]
    fn guards_read_as_the_rules() {
        assert_eq!(
            guard_sql::<SubscriptionState>(SubscriptionAction::Resume, "state", |_| ""),
            "((state IN ('paused', 'cancelling')))"
        );
        assert_eq!(
            guard_sql::<InvoiceState>(InvoiceAction::Cancel, "state", |f| match f {
                InvoiceFact::Paid => "amount_paid <> 0",
            }),
            "((state IN ('draft', 'posted') AND NOT (amount_paid <> 0)))"
        );
        assert_eq!(
            guard_sql::<OrderState>(OrderAction::Pay, "d.state", order_fact),
            "((d.state IN ('sent') AND NOT (invoiced = 1) AND NOT (expired = 1)) \
             OR (d.state IN ('confirmed') AND NOT (invoiced = 1)))"
        );
        assert_eq!(
            guard_sql::<SubscriptionState>(SubscriptionAction::Pause, "state", |_| ""),
            "((state IN ('active')))"
        );
    }

    /// Each guard, run by SQLite over every state and fact, lets through
    /// exactly what `next` allows.
    #[tokio::test]
    async fn sqlite_agrees_with_the_machines() {
        let pool = memory_database().await;
        sqlx::query(
            "CREATE TABLE t (state TEXT NOT NULL, amount_paid INTEGER NOT NULL, invoiced INTEGER NOT NULL, expired INTEGER NOT NULL)",
        )
        .execute(&pool)
        .await
        .expect("table");
        for &state in OrderState::STATES {
            for paid in [0, 1] {
                for invoiced in [0, 1] {
                    for expired in [0, 1] {
                        sqlx::query("INSERT INTO t VALUES ($1, $2, $3, $4)")
                            .bind(state.as_str())
                            .bind(paid)
                            .bind(invoiced)
                            .bind(expired)
                            .execute(&pool)
                            .await
                            .expect("row");
                    }
                }
            }
        }
        for &action in OrderState::ACTIONS {
            let sql = format!(
                "SELECT state, amount_paid, invoiced, expired FROM t WHERE {}",
                guard_sql::<OrderState>(action, "state", order_fact)
            );
            let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(&sql)
                .fetch_all(&pool)
                .await
                .expect("guard runs");
            let mut expected = 0;
            for &state in OrderState::STATES {
                for facts in crate::domain::states::Facts::<OrderFact>::every() {
                    if state.allows(action, facts) {
                        expected += 1;
                        assert!(rows.contains(&(
                            state.as_str().to_owned(),
                            i64::from(facts.has(OrderFact::Paid)),
                            i64::from(facts.has(OrderFact::Invoiced)),
                            i64::from(facts.has(OrderFact::Expired)),
                        )));
                    }
                }
            }
            assert_eq!(rows.len(), expected, "{action:?}");
        }
    }

    #[tokio::test]
    async fn stored_payment_state_is_the_domain_rule() {
        let pool = memory_database().await;
        for (paid, total) in [
            (0, 100),
            (-1, 100),
            (1, 100),
            (99, 100),
            (100, 100),
            (150, 100),
            (0, 0),
        ] {
            let sql = format!(
                "SELECT {}",
                payment_state_sql(&paid.to_string(), &total.to_string())
            );
            let stored: String = sqlx::query_scalar(&sql)
                .fetch_one(&pool)
                .await
                .expect("case");
            assert_eq!(
                stored,
                InvoicePaymentState::of(paid, total).as_str(),
                "{paid} of {total}"
            );
        }
    }
}
