//! Statements whose conditions depend on the request (a list's filters, its
//! search, its page): each value is bound where it is written and gets the
//! next `$N` then, so adding a condition never renumbers the others.
//!
//! sqlx's `QueryBuilder` does the same for one database, but for the `Any`
//! driver it writes `?` placeholders, which PostgreSQL refuses; the `$N`
//! written here both databases accept.

use super::{StoreError, StoreResult};
use sqlx::{any::AnyArguments, Any, Arguments, Encode, Type};
use std::fmt::Write;

pub struct Statement<'q> {
    sql: String,
    arguments: AnyArguments<'q>,
    /// The first value that could not be bound, answered by `finish`.
    refused: Option<sqlx::error::BoxDynError>,
}

impl<'q> Statement<'q> {
    pub fn new(start: &str) -> Self {
        Self {
            sql: start.to_owned(),
            arguments: AnyArguments::default(),
            refused: None,
        }
    }

    /// Appends SQL text; values never go here.
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Binds `value` and writes its placeholder.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        if let Err(error) = self.arguments.add(value) {
            self.refused.get_or_insert(error);
        }
        // Writing to a String cannot fail.
        let _ = write!(self.sql, "${}", self.arguments.len());
        self
    }

    /// Binds each value, written as `$a, $b, …`.
    pub fn push_bind_list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
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
    pub fn finish(self) -> StoreResult<(String, AnyArguments<'q>)> {
        match self.refused {
            Some(error) => Err(StoreError::Database(sqlx::Error::Encode(error))),
            None => Ok((self.sql, self.arguments)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_as_values_are_bound() {
        let mut statement = Statement::new("SELECT id FROM contacts WHERE kind = ");
        statement.push_bind("company").push(" AND id IN (");
        statement.push_bind_list([3_i64, 5, 8]).push(")");
        let (sql, arguments) = statement.finish().expect("binds");
        assert_eq!(
            sql,
            "SELECT id FROM contacts WHERE kind = $1 AND id IN ($2, $3, $4)"
        );
        assert_eq!(arguments.len(), 4);
    }
}
