//! Statements whose conditions depend on the request (a list's filters, a
//! state guard) are built here, with each value bound, never written into
//! the text. sqlx's own `QueryBuilder` writes `?` for every value when the
//! database is `Any`, which PostgreSQL refuses; this one writes the `$N`
//! both databases accept, numbered as values are added, so adding a
//! condition never shifts another's number.

use super::{StoreError, StoreResult};
use sqlx::{
    any::AnyArguments,
    query::{Query, QueryAs, QueryScalar},
    Any, Arguments, Encode, FromRow, Type,
};
use std::fmt::Write;

pub struct SqlBuilder<'args> {
    sql: String,
    arguments: AnyArguments<'args>,
    /// The first value that could not be bound, answered by `finish`.
    refused: Option<sqlx::error::BoxDynError>,
}

impl<'args> SqlBuilder<'args> {
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            arguments: AnyArguments::default(),
            refused: None,
        }
    }

    /// Adds SQL text: fixed words, or names the code chose (a column, an
    /// alias), never a value a user sent.
    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        // Writing into a String cannot fail.
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// Adds a bound value and its `$N`.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any>,
    {
        // A value that cannot encode itself is left out and kept: `finish`
        // answers it; `build` sends one value fewer than placeholders,
        // which the database refuses.
        if let Err(error) = self.arguments.add(value) {
            self.refused.get_or_insert(error);
        }
        let _ = write!(self.sql, "${}", self.arguments.len());
        self
    }

    /// Binds each value, written as `$a, $b, …`.
    pub fn push_bind_list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any>,
    {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// The text and its values, for `sqlx::query_as_with(&sql, arguments)`.
    pub fn finish(self) -> StoreResult<(String, AnyArguments<'args>)> {
        match self.refused {
            Some(error) => Err(StoreError::Database(sqlx::Error::Encode(error))),
            None => Ok((self.sql, self.arguments)),
        }
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn build(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.sql, std::mem::take(&mut self.arguments))
    }

    pub fn build_query_as<T>(&mut self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.sql, std::mem::take(&mut self.arguments))
    }

    pub fn build_query_scalar<T>(&mut self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_scalar_with(&self.sql, std::mem::take(&mut self.arguments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numbered_in_order() {
        let mut query = SqlBuilder::new("SELECT id FROM invoices WHERE customer_id = ");
        query
            .push_bind(7_i64)
            .push(" AND state = ")
            .push_bind("posted");
        query
            .push(" AND due_date < ")
            .push_bind("2026-12-07".to_owned());
        query
            .push(" AND id IN (")
            .push_bind_list([3_i64, 5, 8])
            .push(")");
        assert_eq!(
            query.sql(),
            "SELECT id FROM invoices WHERE customer_id = $1 AND state = $2 AND due_date < $3 \
             AND id IN ($4, $5, $6)"
        );
        let (_, arguments) = query.finish().expect("every value binds");
        assert_eq!(arguments.len(), 6);
    }
}
