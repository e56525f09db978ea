//! Every SQL statement of the demo data and of the generator: what the
//! features' own store functions do not do (the demo's saved methods come
//! from no provider call; generated rows go in by the thousand).

use super::DemoError;
use crate::db::{dialect, now, Pool};
use sqlx::Row;

/// The company printed on documents, as the demo sets it.
pub struct CompanyProfile {
    pub name: &'static str,
    pub address: &'static str,
    pub vat: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
}

pub async fn set_company_profile(pool: &Pool, profile: &CompanyProfile) -> Result<(), DemoError> {
    sqlx::query(
        "UPDATE company_profile SET name = $1, address = $2, vat = $3, email = $4, phone = $5, updated_at = $6 WHERE id = 1",
    )
    .bind(profile.name)
    .bind(profile.address)
    .bind(profile.vat)
    .bind(profile.email)
    .bind(profile.phone)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

/// A payment method as the demo provider would have tokenised it.
pub struct SavedMethod<'a> {
    pub customer: i64,
    pub kind: &'a str,
    pub brand: &'a str,
    pub last4: &'a str,
    /// Month and year.
    pub expiry: Option<(i64, i64)>,
    pub holder: &'a str,
    pub token: &'a str,
    pub is_default: i64,
}

pub async fn add_saved_method(pool: &Pool, method: &SavedMethod<'_>) -> Result<i64, DemoError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO payment_methods (customer_id, kind, brand, last4, exp_month, exp_year, holder, provider, token, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'demo', $8, $9, $10) RETURNING id",
    )
    .bind(method.customer)
    .bind(method.kind)
    .bind(method.brand)
    .bind(method.last4)
    .bind(method.expiry.map(|(m, _)| m))
    .bind(method.expiry.map(|(_, y)| y))
    .bind(method.holder)
    .bind(method.token)
    .bind(method.is_default)
    .bind(now())
    .fetch_one(pool)
    .await?)
}

/// Every subscription of `customer` renews with `method`.
pub async fn renew_subscriptions_with(
    pool: &Pool,
    customer: i64,
    method: i64,
) -> Result<(), DemoError> {
    sqlx::query("UPDATE subscriptions SET payment_method_id = $1 WHERE customer_id = $2")
        .bind(method)
        .bind(customer)
        .execute(pool)
        .await?;
    Ok(())
}

/// Moves a draft invoice made today back in time, as if made then.
pub async fn retime_invoice(pool: &Pool, id: i64, date: &str, due: &str) -> Result<(), DemoError> {
    sqlx::query(
        "UPDATE invoices SET invoice_date = $1, due_date = $2 WHERE id = $3 AND state = 'draft'",
    )
    .bind(date)
    .bind(due)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// An invoice's total as the payment form takes it ("1234.50").
pub async fn invoice_total(pool: &Pool, id: i64) -> Result<String, DemoError> {
    let total: i64 = sqlx::query_scalar("SELECT amount_total FROM invoices WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(crate::domain::totals::plain_decimal(total, 2))
}

pub async fn count_contacts(pool: &Pool) -> Result<i64, DemoError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
        .fetch_one(pool)
        .await?)
}

/// How many commercial entities (companies and private customers) exist,
/// and the highest contact id.
pub async fn commercial_entities(pool: &Pool) -> Result<(i64, i64), DemoError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE parent_id IS NULL")
        .fetch_one(pool)
        .await?;
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM contacts")
        .fetch_one(pool)
        .await?;
    Ok((count, last))
}

/// The demo's ACME when it is there, else the first company, else the
/// first commercial entity.
pub async fn heavy_customer(pool: &Pool) -> Result<Option<i64>, DemoError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM contacts WHERE parent_id IS NULL \
         ORDER BY CASE WHEN name = 'ACME Distribution SRL' THEN 0 WHEN kind = 'company' THEN 1 ELSE 2 END, id \
         LIMIT 1",
    )
    .fetch_optional(pool)
    .await?)
}

/// Every commercial entity but `heavy` that is not a staff member's own
/// contact, by id.
pub async fn other_customers(pool: &Pool, heavy: i64) -> Result<Vec<i64>, DemoError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM contacts WHERE parent_id IS NULL AND id <> $1 \
         AND id NOT IN (SELECT contact_id FROM users WHERE role IN ('admin', 'staff')) ORDER BY id",
    )
    .bind(heavy)
    .fetch_all(pool)
    .await?)
}

/// A connection of the generator's own, with (on SQLite) a cache that
/// holds most of the indexes the inserts land in at random.
pub async fn generator_connection(pool: &Pool) -> Result<sqlx::AnyConnection, DemoError> {
    let mut conn = pool.acquire().await?.detach();
    if conn.backend_name() == dialect::SQLITE {
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut conn)
            .await?;
    }
    Ok(conn)
}

/// Where a generated document's number counts from.
#[derive(Clone, Copy)]
pub enum Numbered {
    Invoices,
    Orders,
    Subscriptions,
}

/// The highest counter among numbers `prefix` + year? + counter of
/// `table`, counting from character `counter_from`, so a second run
/// continues after the first instead of colliding with it.
pub async fn last_counter(
    pool: &Pool,
    numbered: Numbered,
    prefix: &str,
    counter_from: usize,
) -> Result<i64, DemoError> {
    let (table, column) = match numbered {
        Numbered::Invoices => ("invoices", "number"),
        Numbered::Orders => ("sales_orders", "reference"),
        Numbered::Subscriptions => ("subscriptions", "reference"),
    };
    // The range reads the unique index on the number; the year (if any)
    // sits between the prefix and the counter, so MAX over the text would
    // not be the highest counter.
    let sql = format!(
        "SELECT MAX(CAST(SUBSTR({column}, {}) AS BIGINT)) FROM {table} \
         WHERE {column} >= $1 AND {column} < $2",
        counter_from + 1
    );
    let last: Option<i64> = sqlx::query_scalar(&sql)
        .bind(prefix)
        .bind(format!("{prefix}\u{10FFFF}"))
        .fetch_one(pool)
        .await?;
    Ok(last.unwrap_or(0))
}

/// Rows per `INSERT`: at most 15 columns × 500 rows = 7 500 bound values,
/// far under SQLite's 32 766 and PostgreSQL's 65 535.
pub const ROWS_PER_STATEMENT: usize = 500;

/// A value of a generated row, bound in placeholder order.
pub enum Value {
    Int(i64),
    Text(String),
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
}

/// One table's multi-row `INSERT`: the text for a full statement is made
/// once and reused (the driver prepares it once per connection); only a
/// last, shorter statement gets its own. Each constructor below names the
/// columns, in the order a row's values come.
pub struct BulkInsert {
    head: String,
    width: usize,
    tail: &'static str,
    /// Plain `?` placeholders instead of `$N`. On SQLite sqlx binds each
    /// `$N` by asking for its name, which SQLite finds by a linear search:
    /// 7 500 of them cost 7 500² steps per statement, four fifths of the
    /// whole run. A `?` has no name to look up. PostgreSQL needs `$N`.
    anonymous: bool,
    full: String,
}

impl BulkInsert {
    /// Answers `(id, number)` of each row.
    pub fn invoices(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "invoices",
            &[
                "number",
                "customer_id",
                "contact_id",
                "state",
                "payment_state",
                "invoice_date",
                "due_date",
                "currency",
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "amount_paid",
                "posted_at",
                "created_at",
                "updated_at",
            ],
            " RETURNING id, number",
        )
    }

    pub fn payments(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "payments",
            &[
                "customer_id",
                "invoice_id",
                "amount",
                "currency",
                "method",
                "reference",
                "received_on",
                "created_at",
            ],
            "",
        )
    }

    /// Answers `(id, reference)` of each row.
    pub fn orders(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "sales_orders",
            &[
                "reference",
                "customer_id",
                "contact_id",
                "kind",
                "state",
                "order_date",
                "valid_until",
                "currency",
                "amount_untaxed",
                "amount_tax",
                "amount_total",
                "created_at",
                "updated_at",
            ],
            " RETURNING id, reference",
        )
    }

    pub fn subscriptions(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "subscriptions",
            &[
                "reference",
                "customer_id",
                "contact_id",
                "plan",
                "currency",
                "amount",
                "period",
                "start_date",
                "next_invoice_date",
                "ends_on",
                "state",
                "created_at",
                "updated_at",
            ],
            "",
        )
    }

    pub fn invoice_lines(conn: &sqlx::AnyConnection) -> Self {
        Self::lines(conn, "invoice_id")
    }

    pub fn order_lines(conn: &sqlx::AnyConnection) -> Self {
        Self::lines(conn, "order_id")
    }

    /// A document's lines: the document's id first, then position,
    /// description, quantity (thousandths), unit price, discount and tax
    /// (basis points), untaxed amount, tax.
    fn lines(conn: &sqlx::AnyConnection, owner: &str) -> Self {
        Self::new(
            conn,
            "document_lines",
            &[
                owner,
                "position",
                "description",
                "quantity_milli",
                "unit_price",
                "discount_bp",
                "tax_bp",
                "amount_untaxed",
                "amount_tax",
            ],
            "",
        )
    }

    /// Answers `(id, name)` of each row.
    pub fn contacts(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "contacts",
            &[
                "kind",
                "name",
                "email",
                "country",
                "lang",
                "created_at",
                "updated_at",
                "name_key",
            ],
            " RETURNING id, name",
        )
    }

    pub fn contact_words(conn: &sqlx::AnyConnection) -> Self {
        Self::new(
            conn,
            "contact_words",
            &["word", "contact_id"],
            " ON CONFLICT DO NOTHING",
        )
    }

    fn new(conn: &sqlx::AnyConnection, table: &str, columns: &[&str], tail: &'static str) -> Self {
        let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut bulk = Self {
            head,
            width: columns.len(),
            tail,
            anonymous: conn.backend_name() == dialect::SQLITE,
            full: String::new(),
        };
        bulk.full = bulk.sql(ROWS_PER_STATEMENT);
        bulk
    }

    fn sql(&self, rows: usize) -> String {
        let mut sql = String::with_capacity(self.head.len() + rows * self.width * 7);
        sql.push_str(&self.head);
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for column in 0..self.width {
                if column > 0 {
                    sql.push_str(", ");
                }
                if self.anonymous {
                    sql.push('?');
                } else {
                    sql.push_str(&format!("${}", row * self.width + column + 1));
                }
            }
            sql.push(')');
        }
        sql.push_str(self.tail);
        sql
    }

    /// Inserts `values` (whole rows, in column order), a statement per
    /// [`ROWS_PER_STATEMENT`] rows; answers the `(id, text)` pairs that
    /// `RETURNING` gave back (none for a table without it).
    pub async fn run(
        &self,
        conn: &mut sqlx::AnyConnection,
        values: &[Value],
    ) -> Result<Vec<(i64, String)>, DemoError> {
        let mut returned = Vec::new();
        for chunk in values.chunks(self.width * ROWS_PER_STATEMENT) {
            let rows = chunk.len() / self.width;
            let own;
            let sql = if rows == ROWS_PER_STATEMENT {
                self.full.as_str()
            } else {
                own = self.sql(rows);
                own.as_str()
            };
            let mut query = sqlx::query(sql);
            for value in chunk {
                query = match value {
                    Value::Int(v) => query.bind(*v),
                    Value::Text(v) => query.bind(v.as_str()),
                    Value::MaybeInt(v) => query.bind(*v),
                    Value::MaybeText(v) => query.bind(v.as_deref()),
                };
            }
            for row in query.fetch_all(&mut *conn).await? {
                returned.push((row.try_get(0)?, row.try_get(1)?));
            }
        }
        Ok(returned)
    }
}
