//! The SQL that reads what every kind of document shares: lists, the home
//! page's counts, parties, lines, payments, followers. A portal read takes
//! the customer's scope and filters by it in SQL, and never shows a draft:
//! a document of another customer, or one not yet sent, is `NotFound`.
//! Each kind's own read is in its `store.rs`, built on `read_visible` and
//! `document_body`.

pub mod editing;

use crate::documents::api::{
    DocumentPage, DocumentRow, Followable, InvoiceFilter, Line, ListKind, ListQuery, Overview,
    Party, PaymentLine, SortBy, Status,
};
use crate::{
    access::CustomerScope,
    db::{Pool, SqlBuilder, StoreError, StoreResult},
    domain::{
        states::{InvoicePaymentState, InvoiceState, StateMachine, SubscriptionState},
        totals::{totals, LineTerms, Totals},
        Currency, Money,
    },
};
use sqlx::{any::AnyRow, Any, AnyConnection, Executor, Row};

pub const PAGE_SIZE: usize = 25;

/// Who reads a document: a customer within its scope (drafts hidden), or
/// the back office (everything).
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    Customer(CustomerScope, i64),
    Staff,
}

impl Reader {
    pub fn scope(self) -> Option<CustomerScope> {
        match self {
            Self::Customer(scope, _) => Some(scope),
            Self::Staff => None,
        }
    }
}

/// Today's date, 'YYYY-MM-DD', in UTC: what "overdue" is measured against.
pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

pub(crate) fn currency(code: &str) -> StoreResult<Currency> {
    Currency::parse(code).ok_or_else(|| StoreError::Corrupt(format!("currency {code}")))
}

/// The eWallet's balance for the home tile: in the currency it holds most
/// entries in (RON before the first top-up).
async fn wallet_balance(pool: &Pool, scope: CustomerScope) -> StoreResult<Money> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT currency, CAST(SUM(amount) AS BIGINT) FROM wallet_entries WHERE customer_id = $1 \
         GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1",
    )
    .bind(scope.commercial_entity_id())
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((code, minor)) => Money::new(minor, currency(&code)?),
        None => Money::new(0, Currency::Ron),
    })
}

/// The home page's counts, in one statement; every count is served by an
/// index that starts with the customer.
pub async fn overview(pool: &Pool, scope: CustomerScope, today: &str) -> StoreResult<Overview> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM sales_orders WHERE customer_id = $1 AND kind = 'quotation' AND state <> 'draft'), \
           (SELECT COUNT(*) FROM sales_orders WHERE customer_id = $1 AND kind = 'order' AND state <> 'draft'), \
           (SELECT COUNT(*) FROM invoices WHERE customer_id = $1 AND state <> 'draft'), \
           (SELECT COUNT(*) FROM invoices WHERE customer_id = $1 AND state = 'posted' AND payment_state <> 'paid'), \
           (SELECT COUNT(*) FROM invoices WHERE customer_id = $1 AND state = 'posted' AND payment_state <> 'paid' AND due_date < $2), \
           (SELECT COUNT(*) FROM subscriptions WHERE customer_id = $1), \
           (SELECT COUNT(*) FROM addresses WHERE customer_id = $1), \
           (SELECT COUNT(*) FROM payment_methods WHERE customer_id = $1 AND removed_at IS NULL)",
    )
    .bind(scope.commercial_entity_id())
    .bind(today)
    .fetch_one(pool)
    .await?;
    let count = |i: usize| row.try_get::<i64, _>(i);
    Ok(Overview {
        quotations: count(0)?,
        orders: count(1)?,
        invoices: count(2)?,
        unpaid: count(3)?,
        overdue: count(4)?,
        subscriptions: count(5)?,
        // The main address (the contact's own) always counts.
        addresses: count(6)? + 1,
        payment_methods: count(7)?,
        wallet: wallet_balance(pool, scope).await?,
    })
}

/// The columns a list reads, per kind; all of them static text.
struct ListShape {
    table: &'static str,
    reference: &'static str,
    date: &'static str,
    amount: &'static str,
    state: &'static str,
    /// Due date, paid amount, state, period (subscriptions), payment state (invoices).
    extra: &'static str,
    kind: Option<&'static str>,
}

fn shape(kind: ListKind) -> ListShape {
    match kind {
        ListKind::Quotations | ListKind::Orders => ListShape {
            table: "sales_orders",
            reference: "reference",
            date: "order_date",
            amount: "amount_total",
            state: "state",
            extra: "NULL, d.amount_paid, d.state, NULL, NULL",
            kind: Some(if kind == ListKind::Quotations {
                "quotation"
            } else {
                "order"
            }),
        },
        ListKind::Invoices => ListShape {
            table: "invoices",
            reference: "number",
            date: "invoice_date",
            amount: "amount_total",
            // Sorting by state groups what is paid from what is not.
            state: "payment_state",
            extra: "d.due_date, d.amount_paid, d.state, NULL, d.payment_state",
            kind: None,
        },
        ListKind::Subscriptions => ListShape {
            table: "subscriptions",
            reference: "reference",
            date: "start_date",
            amount: "amount",
            state: "state",
            extra: "NULL, CAST(0 AS BIGINT), d.state, d.period, NULL",
            kind: None,
        },
    }
}

/// The upper end of the keys that start with `prefix`.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// One page of a list, by keyset: `(sort column, id)` compared as a row
/// value against an index that starts with the customer (portal) or with
/// the kind (back office), so a deep page costs what the first does.
pub async fn list(
    pool: &Pool,
    kind: ListKind,
    scope: Option<CustomerScope>,
    query: &ListQuery,
) -> StoreResult<DocumentPage> {
    let shape = shape(kind);
    let today = today();
    let sort_column = match query.sort {
        SortBy::Date => shape.date,
        SortBy::Reference => shape.reference,
        SortBy::Amount => shape.amount,
        SortBy::State => shape.state,
    };
    let customer = if scope.is_some() {
        "NULL"
    } else {
        "(SELECT name FROM contacts c WHERE c.id = d.customer_id)"
    };
    // Column and table names come from `shape` (static text); every value
    // is bound.
    let mut sql = SqlBuilder::new(format!(
        "SELECT d.id, d.{reference}, d.{date}, {customer}, d.{amount}, d.currency, {extra}, d.{sort_column} \
         FROM {table} d WHERE 1 = 1",
        reference = shape.reference,
        date = shape.date,
        amount = shape.amount,
        extra = shape.extra,
        table = shape.table,
    ));
    if let Some(scope) = scope {
        sql.push(" AND d.customer_id = ")
            .push_bind(scope.commercial_entity_id());
        if shape.table != "subscriptions" {
            sql.push(" AND d.state <> 'draft'");
        }
    }
    if let Some(kind) = shape.kind {
        sql.push(" AND d.kind = ").push_bind(kind);
    }
    if kind == ListKind::Invoices {
        match query.filter {
            InvoiceFilter::All => {}
            InvoiceFilter::Unpaid => {
                sql.push(" AND d.state = 'posted' AND d.payment_state <> 'paid'");
            }
            InvoiceFilter::Overdue => {
                sql.push(" AND d.state = 'posted' AND d.payment_state <> 'paid' AND d.due_date < ")
                    .push_bind(today.clone());
            }
            InvoiceFilter::Paid => {
                sql.push(" AND d.payment_state = 'paid'");
            }
        }
    }
    let search = query.search.to_uppercase();
    if !search.is_empty() {
        sql.push(format!(" AND d.{} >= ", shape.reference))
            .push_bind(search.clone())
            .push(format!(" AND d.{} < ", shape.reference))
            .push_bind(prefix_end(&search));
    }
    let backwards = query.before.is_some() && query.after.is_none();
    let descending = query.descending != backwards;
    let (op, order) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(cursor) = query.after.as_ref().or(query.before.as_ref()) {
        sql.push(format!(" AND (d.{sort_column}, d.id) {op} ("));
        if query.sort == SortBy::Amount {
            sql.push_bind(cursor.value.parse::<i64>().unwrap_or(0));
        } else {
            sql.push_bind(cursor.value.clone());
        }
        sql.push(", ").push_bind(cursor.id).push(")");
    }
    sql.push(format!(
        " ORDER BY d.{sort_column} {order}, d.id {order} LIMIT {}",
        PAGE_SIZE + 1
    ));
    let mut found = sql.build().fetch_all(pool).await?;
    let more = found.len() > PAGE_SIZE;
    found.truncate(PAGE_SIZE);
    if backwards {
        found.reverse();
    }
    let cursor_of = |row: &AnyRow| -> Option<String> {
        let id: i64 = row.try_get(0).ok()?;
        let value = if query.sort == SortBy::Amount {
            row.try_get::<i64, _>(11).ok()?.to_string()
        } else {
            row.try_get::<String, _>(11).ok()?
        };
        Some(crate::documents::api::Cursor { value, id }.encode())
    };
    let (has_next, has_previous) = if backwards {
        (true, more)
    } else {
        (more, query.after.is_some())
    };
    let next = has_next.then(|| found.last().and_then(cursor_of)).flatten();
    let previous = has_previous
        .then(|| found.first().and_then(cursor_of))
        .flatten();
    let rows = found
        .iter()
        .map(|row| document_row(kind, row, &today))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(DocumentPage {
        rows,
        previous,
        next,
    })
}

fn document_row(kind: ListKind, row: &AnyRow, today: &str) -> StoreResult<DocumentRow> {
    let id: i64 = row.try_get(0)?;
    let currency = currency(&row.try_get::<String, _>(5)?)?;
    let total: i64 = row.try_get(4)?;
    let paid: i64 = row.try_get(7)?;
    let state: String = row.try_get(8)?;
    let due_date: Option<String> = row.try_get(6)?;
    let mut due = None;
    let status = match kind {
        ListKind::Quotations | ListKind::Orders => Status::of_order(stored(&state)?),
        ListKind::Invoices => {
            let state: InvoiceState = stored(&state)?;
            let payment_state = row.try_get::<Option<String>, _>(10)?.unwrap_or_default();
            if state == InvoiceState::Posted {
                due = Some(Money::new(total - paid, currency));
            }
            Status::of_invoice(
                state,
                stored_payment_state(&payment_state)?,
                due_date.as_deref().unwrap_or(""),
                today,
            )
        }
        ListKind::Subscriptions => Status::of_subscription(stored::<SubscriptionState>(&state)?),
    };
    Ok(DocumentRow {
        id,
        reference: row.try_get(1)?,
        date: row.try_get(2)?,
        due_date,
        customer: row.try_get(3)?,
        total: Money::new(total, currency),
        due,
        status,
        period: row.try_get(9)?,
    })
}

/// A contact as a document prints it: its name, then its address.
pub async fn party<'e>(executor: impl Executor<'e, Database = Any>, id: i64) -> StoreResult<Party> {
    let row = sqlx::query(
        "SELECT name, street, street2, zip, city, state, country, vat FROM contacts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    let mut lines = Vec::new();
    for i in [1, 2] {
        if let Some(line) = row.try_get::<Option<String>, _>(i)? {
            lines.push(line);
        }
    }
    let place = [3, 4]
        .iter()
        .filter_map(|i| row.try_get::<Option<String>, _>(*i).ok().flatten())
        .collect::<Vec<_>>()
        .join(" ");
    if !place.is_empty() {
        lines.push(place);
    }
    for i in [5, 6] {
        if let Some(line) = row.try_get::<Option<String>, _>(i)? {
            lines.push(line);
        }
    }
    if let Some(vat) = row.try_get::<Option<String>, _>(7)? {
        lines.push(vat);
    }
    Ok(Party {
        id,
        name: row.try_get(0)?,
        lines,
    })
}

async fn lines(pool: &Pool, column: &'static str, id: i64) -> StoreResult<Vec<Line>> {
    let rows = sqlx::query(&format!(
        "SELECT description, quantity_milli, unit_price, discount_bp, tax_bp, amount_untaxed, amount_tax \
         FROM document_lines WHERE {column} = $1 ORDER BY position, id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Line {
                description: row.try_get(0)?,
                terms: LineTerms {
                    quantity_milli: row.try_get(1)?,
                    unit_price: row.try_get(2)?,
                    discount_bp: row.try_get(3)?,
                    tax_bp: row.try_get(4)?,
                },
                untaxed: row.try_get(5)?,
                tax: row.try_get(6)?,
            })
        })
        .collect()
}

async fn payments(pool: &Pool, column: &'static str, id: i64) -> StoreResult<Vec<PaymentLine>> {
    let rows = sqlx::query(&format!(
        "SELECT id, received_on, amount, currency, method, reference, \
                (SELECT CAST(COALESCE(SUM(r.amount), 0) AS BIGINT) FROM refunds r WHERE r.payment_id = payments.id AND r.state = 'succeeded') \
         FROM payments WHERE {column} = $1 AND state = 'succeeded' ORDER BY received_on, id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PaymentLine {
                id: row.try_get(0)?,
                received_on: row.try_get(1)?,
                amount: Money::new(row.try_get(2)?, currency(&row.try_get::<String, _>(3)?)?),
                method: row.try_get(4)?,
                reference: row.try_get(5)?,
                refunded: row.try_get(6)?,
            })
        })
        .collect()
}

pub async fn following(
    pool: &Pool,
    reader: Reader,
    document: Followable,
    id: i64,
) -> StoreResult<bool> {
    let Reader::Customer(_, user_id) = reader else {
        return Ok(false);
    };
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM document_follows WHERE user_id = $1 AND document = $2 AND document_id = $3",
    )
    .bind(user_id)
    .bind(document.as_str())
    .bind(id)
    .fetch_one(pool)
    .await?
        > 0)
}

/// A state as stored; anything else is a corrupt row.
pub fn stored<M: StateMachine>(name: &str) -> StoreResult<M> {
    M::parse(name).ok_or_else(|| StoreError::Corrupt(format!("state {name}")))
}

pub fn stored_payment_state(name: &str) -> StoreResult<InvoicePaymentState> {
    InvoicePaymentState::parse(name)
        .ok_or_else(|| StoreError::Corrupt(format!("payment state {name}")))
}

/// One document's row (`select` names the columns and the table), if
/// `reader` may see it: a customer sees its own entity's documents, and
/// not their drafts where the kind has them. Anything else is `NotFound`.
pub async fn read_visible(
    pool: &Pool,
    reader: Reader,
    select: &str,
    id: i64,
    drafts_hidden: bool,
) -> StoreResult<AnyRow> {
    let mut query = SqlBuilder::new(select);
    query.push(" WHERE id = ").push_bind(id);
    if let Some(scope) = reader.scope() {
        query
            .push(" AND customer_id = ")
            .push_bind(scope.commercial_entity_id());
        if drafts_hidden {
            query.push(" AND state <> 'draft'");
        }
    }
    Ok(query
        .build()
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?)
}

/// What an order's and an invoice's page show alike: the customer's
/// party, the lines and their totals, the payments, and whether the reader
/// follows it.
pub struct DocumentBody {
    pub customer: Party,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub payments: Vec<PaymentLine>,
    pub following: bool,
}

pub async fn document_body(
    pool: &Pool,
    reader: Reader,
    document: Followable,
    id: i64,
    customer_id: i64,
) -> StoreResult<DocumentBody> {
    let column = match document {
        Followable::Order => "order_id",
        Followable::Invoice => "invoice_id",
        Followable::Subscription => {
            return Err(StoreError::Corrupt("a subscription has no lines".into()))
        }
    };
    let lines = lines(pool, column, id).await?;
    let terms: Vec<LineTerms> = lines.iter().map(|l| l.terms).collect();
    Ok(DocumentBody {
        customer: party(pool, customer_id).await?,
        totals: totals(&terms)
            .ok_or_else(|| StoreError::Corrupt(format!("totals of {} {id}", document.as_str())))?,
        lines,
        payments: payments(pool, column, id).await?,
        following: following(pool, reader, document, id).await?,
    })
}

/// The seller's block: the company's details as the back office keeps them.
pub async fn seller(pool: &Pool) -> StoreResult<Vec<String>> {
    let (name, address, vat, email, phone): (String, String, String, String, String) =
        sqlx::query_as("SELECT name, address, vat, email, phone FROM company_profile WHERE id = 1")
            .fetch_one(pool)
            .await?;
    Ok(std::iter::once(name)
        .chain(address.lines().map(str::to_owned))
        .chain([vat, email, phone])
        .filter(|line| !line.trim().is_empty())
        .collect())
}

/// Follows or unfollows a document the customer may see; another
/// customer's document is `NotFound`.
pub async fn set_following(
    pool: &Pool,
    scope: CustomerScope,
    user_id: i64,
    document: Followable,
    id: i64,
    follow: bool,
) -> StoreResult<()> {
    let (table, drafts) = match document {
        Followable::Order => ("sales_orders", " AND state <> 'draft'"),
        Followable::Invoice => ("invoices", " AND state <> 'draft'"),
        Followable::Subscription => ("subscriptions", ""),
    };
    let visible: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE id = $1 AND customer_id = $2{drafts}"
    ))
    .bind(id)
    .bind(scope.commercial_entity_id())
    .fetch_one(pool)
    .await?;
    if visible == 0 {
        return Err(StoreError::NotFound);
    }
    let at = crate::db::now();
    if follow {
        sqlx::query(
            "INSERT INTO document_follows (user_id, document, document_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, document, document_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(document.as_str())
        .bind(id)
        .bind(at)
        .execute(pool)
        .await?;
    } else {
        sqlx::query(
            "DELETE FROM document_follows WHERE user_id = $1 AND document = $2 AND document_id = $3",
        )
        .bind(user_id)
        .bind(document.as_str())
        .bind(id)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Who gets an email about a followed document (address, name, language):
/// its followers whose access stands and who still want these emails
/// (connection preferences).
pub async fn followers(
    conn: &mut AnyConnection,
    document: Followable,
    id: i64,
) -> StoreResult<Vec<(String, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.login, c.name, COALESCE(u.lang, c.lang) FROM document_follows f \
         JOIN users u ON u.id = f.user_id JOIN contacts c ON c.id = u.contact_id \
         WHERE f.document = $1 AND f.document_id = $2 AND u.revoked_at IS NULL \
           AND u.mail_document_updates = 1 ORDER BY u.id",
    )
    .bind(document.as_str())
    .bind(id)
    .fetch_all(conn)
    .await?)
}
