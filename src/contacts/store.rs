//! Every SQL statement about contacts.

use super::{
    api::{
        name_key, search_words, ContactFilter, ContactLine, ContactPage, ContactRecord,
        ContactSort, Cursor, PAGE_SIZE,
    },
    ContactDetails, ContactDraft, ContactInput, ContactKind,
};
use crate::{
    access::CustomerScope,
    db::{now, Pool, SqlBuilder, StoreError, StoreResult},
    domain::Role,
};
use sqlx::{any::AnyArguments, query::Query, Any, AnyConnection, Executor, Row};

/// Creates a contact and the words it is found by, in the caller's
/// connection or transaction.
pub async fn insert(conn: &mut AnyConnection, contact: &ContactDraft) -> StoreResult<i64> {
    let row = bind_columns(
        sqlx::query(
            "INSERT INTO contacts (kind, name, parent_id, email, phone, street, street2, city, state, zip, country, vat, lang, created_at, updated_at, name_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id",
        ),
        contact,
    )
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get(0)?;
    write_words(conn, id, contact.name.as_str()).await?;
    Ok(id)
}

/// Binds a contact's columns as `$1`…`$15`, in the order the insert and the
/// update both name them: kind, name, parent, the ten texts, the time of
/// the change, the name key.
fn bind_columns<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    contact: &ContactDraft,
) -> Query<'q, Any, AnyArguments<'q>> {
    let texts = [
        contact.email.as_ref().map(|v| v.as_str().to_owned()),
        contact.phone.as_ref().map(|v| v.as_str().to_owned()),
        contact.street.as_ref().map(|v| v.as_str().to_owned()),
        contact.street2.as_ref().map(|v| v.as_str().to_owned()),
        contact.city.as_ref().map(|v| v.as_str().to_owned()),
        contact.state.as_ref().map(|v| v.as_str().to_owned()),
        contact.zip.as_ref().map(|v| v.as_str().to_owned()),
        contact.country.as_ref().map(|v| v.as_str().to_owned()),
        contact.vat.as_ref().map(|v| v.as_str().to_owned()),
        contact.lang.map(|l| l.tag().to_owned()),
    ];
    let mut query = query
        .bind(contact.kind.as_str())
        .bind(contact.name.as_str().to_owned())
        .bind(contact.parent_id);
    for text in texts {
        query = query.bind(text);
    }
    query.bind(now()).bind(name_key(contact.name.as_str()))
}

/// Replaces the words contact `id` is found by with those of `name`.
async fn write_words(conn: &mut AnyConnection, id: i64, name: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM contact_words WHERE contact_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for word in search_words(name) {
        sqlx::query(
            "INSERT INTO contact_words (word, contact_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(word)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Gives the words to contacts that have none (those from before the word
/// index existed), a batch at a time; returns how many it indexed.
pub async fn index_missing_words(pool: &Pool) -> StoreResult<usize> {
    let mut indexed = 0;
    loop {
        let batch: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM contacts c WHERE NOT EXISTS \
               (SELECT 1 FROM contact_words w WHERE w.contact_id = c.id) ORDER BY id LIMIT 500",
        )
        .fetch_all(pool)
        .await?;
        if batch.is_empty() {
            return Ok(indexed);
        }
        let mut tx = crate::db::begin(pool).await?;
        for (id, name) in &batch {
            write_words(&mut tx, *id, name).await?;
        }
        tx.commit().await?;
        indexed += batch.len();
    }
}

/// The commercial entity of a contact: the company it belongs to, or
/// itself. The one statement of that rule; customers' scopes come from it.
pub async fn commercial_entity_of<'e>(
    executor: impl Executor<'e, Database = Any>,
    contact_id: i64,
) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COALESCE(parent_id, id) FROM contacts WHERE id = $1")
        .bind(contact_id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Takes the customer's row for the rest of the caller's transaction (an
/// `UPDATE` that changes nothing), so that transactions that count the
/// customer's rows before adding one take turns and a limit holds under
/// parallel requests: PostgreSQL holds the row until commit (it has no
/// other lock both databases share, `db::dialect`); SQLite's
/// `BEGIN IMMEDIATE` already lets one writer in at a time.
pub async fn take_customer(tx: &mut AnyConnection, customer_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE contacts SET updated_at = updated_at WHERE id = $1")
        .bind(customer_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// Whose follows `drop_follows_outside_scope` looks at.
#[derive(Debug, Clone, Copy)]
pub enum FollowsOf<'a> {
    /// Those of the users of one contact (the contact was moved).
    Contact(i64),
    /// Those of one document (`order`, `invoice`, `subscription`; the
    /// document was given to another customer).
    Document(&'a str, i64),
}

/// Drops the follows, among `of`'s, of documents outside their follower's
/// scope (the document's customer is not the follower's commercial
/// entity): moving a contact or a document leaves nobody hearing about
/// documents they can no longer see. In the caller's transaction, so the
/// move and the drop land together. Answers how many were dropped.
pub async fn drop_follows_outside_scope(
    conn: &mut AnyConnection,
    of: FollowsOf<'_>,
) -> StoreResult<u64> {
    let whose = match of {
        FollowsOf::Contact(_) => "user_id IN (SELECT id FROM users WHERE contact_id = $1)",
        FollowsOf::Document(..) => "document_id = $1 AND document = $2",
    };
    let sql = format!(
        "DELETE FROM document_follows WHERE {whose} AND NOT EXISTS ( \
           SELECT 1 FROM users u JOIN contacts c ON c.id = u.contact_id \
           WHERE u.id = document_follows.user_id AND COALESCE(c.parent_id, c.id) = \
             CASE document_follows.document \
               WHEN 'order' THEN (SELECT customer_id FROM sales_orders WHERE id = document_follows.document_id) \
               WHEN 'invoice' THEN (SELECT customer_id FROM invoices WHERE id = document_follows.document_id) \
               ELSE (SELECT customer_id FROM subscriptions WHERE id = document_follows.document_id) \
             END)"
    );
    let query = match of {
        FollowsOf::Contact(contact_id) => sqlx::query(&sql).bind(contact_id),
        FollowsOf::Document(document, id) => sqlx::query(&sql).bind(id).bind(document),
    };
    let dropped = query.execute(conn).await?;
    Ok(dropped.rows_affected())
}

type DetailsRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A contact a customer may see: one of its commercial entity (the company
/// itself or its people). Another customer's contact is `NotFound`, exactly
/// like one that does not exist.
pub async fn find_in_scope<'e>(
    executor: impl Executor<'e, Database = Any>,
    scope: CustomerScope,
    contact_id: i64,
) -> StoreResult<ContactDetails> {
    let row: Option<DetailsRow> = sqlx::query_as(
        "SELECT c.id, c.kind, c.name, p.name, c.email, c.phone, c.street, c.street2, c.city, c.zip, c.state, c.country, c.vat \
         FROM contacts c LEFT JOIN contacts p ON p.id = c.parent_id \
         WHERE c.id = $1 AND COALESCE(c.parent_id, c.id) = $2",
    )
    .bind(contact_id)
    .bind(scope.commercial_entity_id())
    .fetch_optional(executor)
    .await?;
    let (id, kind, name, company, email, phone, street, street2, city, zip, state, country, vat) =
        row.ok_or(StoreError::NotFound)?;
    Ok(ContactDetails {
        id,
        kind: ContactKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("kind of contact {id}")))?,
        name,
        company,
        email,
        phone,
        street,
        street2,
        city,
        zip,
        state,
        country,
        vat,
    })
}

/// What the back office's contact list asks for.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The start of a name, an email or a company's name, in lower case.
    pub prefix: String,
    pub filter: ContactFilter,
    pub sort: ContactSort,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

/// The upper end of the keys that start with `prefix`: every such key sorts
/// below `prefix` followed by the highest character.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// A page of contacts by name. Every condition is served by an index
/// (`contacts_name_key`, `contacts_kind_name_key`, `contacts_email`,
/// `contacts_parent`, `users.contact_id`); pages are found by keyset, so the
/// last page costs what the first does.
pub async fn list(pool: &Pool, search: &Search) -> StoreResult<ContactPage> {
    let customer = Role::Customer.as_str();
    let mut sql = SqlBuilder::new(
        "SELECT c.id, c.kind, c.name, p.name, c.email, c.name_key, \
           CAST(CASE WHEN u.id IS NOT NULL AND u.role = ",
    );
    sql.push_bind(customer).push(
        " AND u.revoked_at IS NULL THEN 1 ELSE 0 END AS BIGINT) \
         FROM contacts c LEFT JOIN contacts p ON p.id = c.parent_id LEFT JOIN users u ON u.contact_id = c.id \
         WHERE 1 = 1",
    );
    match search.filter {
        ContactFilter::All => {}
        ContactFilter::Companies => {
            sql.push(" AND c.kind = ")
                .push_bind(ContactKind::Company.as_str());
        }
        ContactFilter::Individuals => {
            sql.push(" AND c.kind = ")
                .push_bind(ContactKind::Individual.as_str());
        }
        ContactFilter::PortalUsers => {
            sql.push(" AND u.role = ")
                .push_bind(customer)
                .push(" AND u.revoked_at IS NULL");
        }
    }
    if !search.prefix.is_empty() {
        let from = search.prefix.as_str();
        let to = prefix_end(&search.prefix);
        // `column >= from AND column < to`: a range the column's index serves.
        let starts_with = |sql: &mut SqlBuilder<'_>, column: &str| {
            sql.push(column)
                .push(" >= ")
                .push_bind(from.to_owned())
                .push(" AND ")
                .push(column)
                .push(" < ")
                .push_bind(to.clone());
        };
        sql.push(" AND c.id IN (SELECT id FROM contacts WHERE ");
        starts_with(&mut sql, "name_key");
        sql.push(" UNION SELECT contact_id FROM contact_words WHERE ");
        starts_with(&mut sql, "word");
        sql.push(" UNION SELECT id FROM contacts WHERE ");
        starts_with(&mut sql, "email");
        sql.push(
            " UNION SELECT id FROM contacts WHERE parent_id IN \
               (SELECT id FROM contacts WHERE ",
        );
        starts_with(&mut sql, "name_key");
        sql.push(" UNION SELECT contact_id FROM contact_words WHERE ");
        starts_with(&mut sql, "word");
        sql.push("))");
    }
    let backwards = search.before.is_some() && search.after.is_none();
    // Walking back a page reads the other way, then turns the rows round.
    let ascending = search.sort.ascending() != backwards;
    let (op, order) = if ascending {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some(cursor) = search.after.as_ref().or(search.before.as_ref()) {
        if search.sort == ContactSort::Newest {
            sql.push(&format!(" AND c.id {op} ")).push_bind(cursor.id);
        } else {
            // A row value, which both databases compare by the (name_key, id) index.
            sql.push(&format!(" AND (c.name_key, c.id) {op} ("))
                .push_bind(cursor.name_key.clone())
                .push(", ")
                .push_bind(cursor.id)
                .push(")");
        }
    }
    let columns = if search.sort == ContactSort::Newest {
        format!("c.id {order}")
    } else {
        format!("c.name_key {order}, c.id {order}")
    };
    sql.push(&format!(" ORDER BY {columns} LIMIT {}", PAGE_SIZE + 1));
    let (sql, arguments) = sql.finish()?;
    let query = sqlx::query_as_with::<
        _,
        (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            i64,
        ),
        _,
    >(&sql, arguments);
    let mut found = query.fetch_all(pool).await?;
    let more = found.len() > PAGE_SIZE;
    found.truncate(PAGE_SIZE);
    if backwards {
        found.reverse();
    }
    let cursor_of = |row: &(
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        i64,
    )| {
        Cursor {
            name_key: row.5.clone(),
            id: row.0,
        }
        .encode()
    };
    let (has_next, has_previous) = if backwards {
        (true, more)
    } else {
        (more, search.after.is_some())
    };
    let next_cursor = has_next.then(|| found.last().map(cursor_of)).flatten();
    let previous_cursor = has_previous.then(|| found.first().map(cursor_of)).flatten();
    let lines = found
        .into_iter()
        .map(|(id, kind, name, company, email, _, portal)| {
            Ok(ContactLine {
                id,
                kind: ContactKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("kind of contact {id}")))?,
                name,
                company,
                email,
                portal_user: portal == 1,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ContactPage {
        lines,
        next: next_cursor,
        previous: previous_cursor,
    })
}

type RecordRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A contact for the back office's form, with its company's people.
pub async fn record(pool: &Pool, id: i64) -> StoreResult<ContactRecord> {
    let row: RecordRow = sqlx::query_as(
        "SELECT c.id, c.kind, c.name, c.parent_id, p.name, c.email, c.phone, c.street, c.street2, c.city, c.state, c.zip, c.country, c.vat, c.lang \
         FROM contacts c LEFT JOIN contacts p ON p.id = c.parent_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)?;
    let (
        id,
        kind,
        name,
        parent_id,
        parent_name,
        email,
        phone,
        street,
        street2,
        city,
        state,
        zip,
        country,
        vat,
        lang,
    ) = row;
    let text = |v: Option<String>| v.unwrap_or_default();
    let related: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT c.id, c.kind, c.name, c.email, \
           CAST(CASE WHEN u.id IS NOT NULL AND u.role = $1 AND u.revoked_at IS NULL THEN 1 ELSE 0 END AS BIGINT) \
         FROM contacts c LEFT JOIN users u ON u.contact_id = c.id \
         WHERE c.parent_id = $2 ORDER BY c.name_key, c.id LIMIT 500",
    )
    .bind(Role::Customer.as_str())
    .bind(id)
    .fetch_all(pool)
    .await?;
    let portal_user: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE contact_id = $1 AND role = $2 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(Role::Customer.as_str())
    .fetch_one(pool)
    .await?;
    Ok(ContactRecord {
        id,
        input: ContactInput {
            kind,
            name: name.clone(),
            parent_id,
            email: text(email),
            phone: text(phone),
            street: text(street),
            street2: text(street2),
            city: text(city),
            state: text(state),
            zip: text(zip),
            country: text(country),
            vat: text(vat),
            lang: text(lang),
        },
        company: parent_id.zip(parent_name),
        related: related
            .into_iter()
            .map(|(id, kind, name, email, portal)| ContactLine {
                id,
                kind: ContactKind::parse(&kind).unwrap_or(ContactKind::Individual),
                name: name.clone(),
                company: None,
                email,
                portal_user: portal == 1,
            })
            .collect(),
        portal_user: portal_user > 0,
    })
}

/// The companies a contact may belong to, by name (the first 500).
pub async fn company_choices(pool: &Pool) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM contacts WHERE kind = $1 ORDER BY name_key, id LIMIT 500",
    )
    .bind(ContactKind::Company.as_str())
    .fetch_all(pool)
    .await?)
}

/// Creates or updates a contact; its company must be a company.
pub async fn save(pool: &Pool, id: Option<i64>, contact: &ContactDraft) -> StoreResult<i64> {
    if let Some(parent) = contact.parent_id {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM contacts WHERE id = $1")
            .bind(parent)
            .fetch_optional(pool)
            .await?;
        if kind.as_deref() != Some(ContactKind::Company.as_str()) || Some(parent) == id {
            return Err(StoreError::Invalid(
                "parent_id",
                "contact-parent-not-company",
            ));
        }
    }
    let mut tx = crate::db::begin(pool).await?;
    let Some(id) = id else {
        let id = insert(&mut tx, contact).await?;
        tx.commit().await?;
        return Ok(id);
    };
    if contact.kind == ContactKind::Individual {
        let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE parent_id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?;
        if people > 0 {
            return Err(StoreError::Invalid("kind", "contact-company-has-people"));
        }
    }
    let updated = bind_columns(
        sqlx::query(
            "UPDATE contacts SET kind = $1, name = $2, parent_id = $3, email = $4, phone = $5, street = $6, street2 = $7, \
               city = $8, state = $9, zip = $10, country = $11, vat = $12, lang = $13, updated_at = $14, name_key = $15 \
             WHERE id = $16",
        ),
        contact,
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    write_words(&mut tx, id, contact.name.as_str()).await?;
    drop_follows_outside_scope(&mut tx, FollowsOf::Contact(id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deletes a contact nothing depends on: no user (current or revoked, whose
/// history stays) and no related contacts.
pub async fn delete(pool: &Pool, id: i64) -> StoreResult<()> {
    let deleted = sqlx::query(
        "DELETE FROM contacts WHERE id = $1 \
           AND NOT EXISTS (SELECT 1 FROM users WHERE contact_id = $1) \
           AND NOT EXISTS (SELECT 1 FROM contacts WHERE parent_id = $1)",
    )
    .bind(id)
    .execute(pool)
    .await?;
    if deleted.rows_affected() == 1 {
        return Ok(());
    }
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if exists == 0 {
        Err(StoreError::NotFound)
    } else {
        Err(StoreError::Invalid("contact", "contact-in-use"))
    }
}
