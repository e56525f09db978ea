//! Every SQL statement about users.

use crate::{
    db::{now, Pool, SqlBuilder, StoreError, StoreResult},
    domain::{Email, Locale, Role},
};
use sqlx::{Any, Executor};

/// What the login step needs to know about an account.
#[derive(Debug, Clone)]
pub struct LoginAccount {
    pub user_id: i64,
    pub password_hash: Option<String>,
    pub revoked: bool,
    pub role: Role,
}

pub async fn find_for_login(pool: &Pool, login: &Email) -> StoreResult<Option<LoginAccount>> {
    let row: Option<(i64, Option<String>, Option<i64>, String)> =
        sqlx::query_as("SELECT id, password_hash, revoked_at, role FROM users WHERE login = $1")
            .bind(login.as_str())
            .fetch_optional(pool)
            .await?;
    row.map(|(user_id, password_hash, revoked_at, role)| {
        Ok(LoginAccount {
            user_id,
            password_hash,
            revoked: revoked_at.is_some(),
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("role of user {user_id}")))?,
        })
    })
    .transpose()
}

pub struct NewUser<'a> {
    pub contact_id: i64,
    pub login: &'a Email,
    pub role: Role,
    pub password_hash: Option<String>,
}

pub async fn insert<'e>(
    executor: impl Executor<'e, Database = Any>,
    user: NewUser<'_>,
) -> StoreResult<i64> {
    let at = now();
    // Granted portal access starts as payer, as the reference product behaves.
    let company_role = (user.role == Role::Customer).then_some("payer");
    sqlx::query_scalar(
        "INSERT INTO users (contact_id, login, role, company_role, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(user.contact_id)
    .bind(user.login.as_str())
    .bind(user.role.as_str())
    .bind(company_role)
    .bind(user.password_hash)
    .bind(at)
    .fetch_one(executor)
    .await
    .map_err(|e| StoreError::unique_as(e, "email"))
}

pub async fn record_login<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now())
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn set_language(pool: &Pool, user_id: i64, locale: Locale) -> StoreResult<()> {
    sqlx::query("UPDATE users SET lang = $1, updated_at = $2 WHERE id = $3")
        .bind(locale.tag())
        .bind(now())
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn count(pool: &Pool) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// Who a user is, for writing to them.
pub struct ContactCard {
    pub name: String,
    pub login: String,
    pub locale: Option<Locale>,
    /// The IANA time zone their dates are written in; `None` is UTC.
    pub time_zone: Option<String>,
}

pub async fn contact_card<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
) -> StoreResult<ContactCard> {
    let (name, login, lang, time_zone): (String, String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT c.name, u.login, u.lang, u.time_zone FROM users u JOIN contacts c ON c.id = u.contact_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(ContactCard {
        name,
        login,
        locale: lang.as_deref().and_then(Locale::from_tag),
        time_zone,
    })
}

use super::api::{Condition, FilterField, UserPage, UserSummary, PAGE_SIZE};
use sqlx::AnyConnection;

type SummaryRow = (i64, i64, String, String, String, Option<i64>, Option<i64>);

const SUMMARY_SELECT: &str =
    "SELECT u.id, u.contact_id, c.name, u.login, u.role, u.revoked_at, u.last_login_at \
     FROM users u JOIN contacts c ON c.id = u.contact_id";

fn summary_of(row: SummaryRow) -> StoreResult<UserSummary> {
    let (id, contact_id, name, login, role, revoked_at, last_login_at) = row;
    Ok(UserSummary {
        id,
        contact_id,
        name,
        login,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("role of user {id}")))?,
        revoked: revoked_at.is_some(),
        last_login_at,
    })
}

/// `LIKE` pattern for "contains", with the wildcards escaped.
fn contains_pattern(value: &str) -> String {
    let escaped = value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Users matching every condition, by id, a page at a time. Each condition
/// comes from a whitelist (`Condition::parse`) and its value is bound.
pub async fn list(
    pool: &Pool,
    conditions: &[Condition],
    after: Option<i64>,
) -> StoreResult<UserPage> {
    let (sql, arguments) = list_statement(conditions, after)?.finish()?;
    let query = sqlx::query_as_with::<_, SummaryRow, _>(&sql, arguments);
    let rows = query.fetch_all(pool).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let users = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(summary_of)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(UserPage {
        next: more.then(|| users.last().map(|u| u.id)).flatten(),
        users,
    })
}

/// The statement [`list`] runs: apart from the values it binds, its text
/// depends only on which fields and operators the conditions use.
fn list_statement(
    conditions: &[Condition],
    after: Option<i64>,
) -> StoreResult<SqlBuilder<'static>> {
    let mut sql = SqlBuilder::new(SUMMARY_SELECT);
    sql.push(" WHERE u.id > ").push_bind(after.unwrap_or(0));
    for condition in conditions {
        sql.push(" AND ");
        match (
            condition.field,
            condition.operator,
            condition.value.as_str(),
        ) {
            (FilterField::Groups, _, group) => {
                let roles: &[Role] = match group {
                    "portal" => &[Role::Customer],
                    "internal" => &[Role::Staff, Role::Administrator],
                    "administrator" => &[Role::Administrator],
                    _ => &[Role::Staff],
                };
                sql.push("u.role IN (")
                    .push_bind_list(roles.iter().map(|role| role.as_str()))
                    .push(")");
            }
            (FilterField::Login, _, value) => {
                sql.push("u.login LIKE ")
                    .push_bind(contains_pattern(value))
                    .push(" ESCAPE '\\'");
            }
            (FilterField::Active, _, "yes") => {
                sql.push("u.revoked_at IS NULL");
            }
            (FilterField::Active, _, _) => {
                sql.push("u.revoked_at IS NOT NULL");
            }
            (FilterField::LatestLogin, operator, day) => {
                let start = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc().timestamp())
                    .ok_or(StoreError::Invalid("conditions", "error-malformed"))?;
                let op = if operator == "before" { "<" } else { ">=" };
                sql.push(&format!("u.last_login_at {op} ")).push_bind(start);
            }
        }
    }
    sql.push(&format!(" ORDER BY u.id LIMIT {}", PAGE_SIZE + 1));
    Ok(sql)
}

pub async fn summary(pool: &Pool, user_id: i64) -> StoreResult<UserSummary> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE u.id = $1"))
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    summary_of(row)
}

/// Sets a user's login; returns the one it replaces (`None`: no such user).
/// A login another user has is `Unique("login")`.
pub async fn set_login(
    conn: &mut AnyConnection,
    user_id: i64,
    login: &Email,
) -> StoreResult<Option<String>> {
    let old: Option<String> = sqlx::query_scalar("SELECT login FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(old) = old else { return Ok(None) };
    sqlx::query("UPDATE users SET login = $1, updated_at = $2 WHERE id = $3")
        .bind(login.as_str())
        .bind(now())
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::unique_as(e, "login"))?;
    Ok(Some(old))
}

/// Sets the password of a user that is still active (not revoked); false
/// when it is not.
pub async fn set_password_hash(
    conn: &mut AnyConnection,
    user_id: i64,
    password_hash: &str,
) -> StoreResult<bool> {
    Ok(sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(password_hash)
    .bind(now())
    .bind(user_id)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Ends every session of a user but `keep` (after a password change, a
/// revoke, a login change). Here, below `auth`, because everything that
/// changes what a user may sign in with ends their sessions.
pub async fn end_sessions_of_user<'e>(
    executor: impl Executor<'e, Database = Any>,
    user_id: i64,
    keep: Option<i64>,
) -> StoreResult<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(0))
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::{prelude::*, test_runner::TestRunner};
    use sqlx::Arguments;

    /// The `$N` of a statement's text, in order.
    fn placeholders(sql: &str) -> Vec<usize> {
        sql.split('$')
            .skip(1)
            .map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().unwrap_or(0)
            })
            .collect()
    }

    /// The same conditions with other values of the same kind.
    fn with_other_values(conditions: &[Condition]) -> Vec<Condition> {
        conditions
            .iter()
            .map(|condition| Condition {
                value: match condition.field {
                    FilterField::Login => "x".to_owned(),
                    FilterField::LatestLogin => "2000-01-01".to_owned(),
                    _ => condition.value.clone(),
                },
                ..condition.clone()
            })
            .collect()
    }

    /// The users the list is tried on: logins with `LIKE`'s wildcards and
    /// escape, a quote, non-ASCII; every role; revoked or not; logged in
    /// long ago, recently or never.
    const SEEDS: [(&str, Role, bool, Option<i64>); 8] = [
        (
            "ana@acme.example",
            Role::Customer,
            false,
            Some(1_790_000_000),
        ),
        ("a_b@acme.example", Role::Customer, true, None),
        ("a%b@acme.example", Role::Staff, false, Some(0)),
        (
            "back\\slash@acme.example",
            Role::Administrator,
            false,
            Some(-86_400),
        ),
        (
            "ion.popescu@firm.example",
            Role::Staff,
            true,
            Some(1_600_000_000),
        ),
        (
            "ștefan@acme.example",
            Role::Customer,
            false,
            Some(1_800_000_000),
        ),
        ("maria@x_y.example", Role::Administrator, true, None),
        (
            "o'brien@acme.example",
            Role::Customer,
            false,
            Some(1_000_000_000),
        ),
    ];

    /// Whether a seeded user meets a condition, decided here without SQL.
    fn meets(seed: &(&str, Role, bool, Option<i64>), condition: &Condition) -> bool {
        let (login, role, revoked, last_login) = *seed;
        match condition.field {
            FilterField::Groups => match condition.value.as_str() {
                "portal" => role == Role::Customer,
                "internal" => role != Role::Customer,
                "administrator" => role == Role::Administrator,
                _ => role == Role::Staff,
            },
            FilterField::Login => login.contains(condition.value.as_str()),
            FilterField::Active => revoked == (condition.value == "no"),
            FilterField::LatestLogin => {
                let start = chrono::NaiveDate::parse_from_str(&condition.value, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
                    .map(|at| at.and_utc().timestamp());
                match (last_login, start) {
                    (Some(at), Some(start)) if condition.operator == "before" => at < start,
                    (Some(at), Some(start)) => at >= start,
                    _ => false,
                }
            }
        }
    }

    /// A condition as an administrator might type it into the address:
    /// fields and operators in and out of the whitelist, values of every
    /// kind (pieces of the seeded logins, wildcards, dates well and badly
    /// written), and any text at all.
    fn typed_condition() -> impl Strategy<Value = String> {
        let whitelisted = prop::sample::select(vec![
            ("groups", "contains"),
            ("login", "contains"),
            ("active", "is"),
            ("latest_login", "before"),
            ("latest_login", "after"),
        ]);
        let field = prop::sample::select(vec!["groups", "login", "password_hash", "LOGIN", ""]);
        let operator = prop::sample::select(vec!["contains", "is", "after", "equals", ""]);
        let field_and_operator = prop_oneof![3 => whitelisted, 1 => (field, operator)];
        let login_piece = (0..SEEDS.len(), 0usize..30, 1usize..12).prop_map(|(seed, from, len)| {
            SEEDS[seed]
                .0
                .chars()
                .skip(from)
                .take(len)
                .collect::<String>()
        });
        let day = (-300_000i32..300_000, 0u32..14, 0u32..33, any::<bool>()).prop_map(
            |(year, month, day, padded)| {
                if padded {
                    format!("{year:04}-{month:02}-{day:02}")
                } else {
                    format!("{year}-{month}-{day}")
                }
            },
        );
        let value = prop_oneof![
            prop::sample::select(vec![
                "portal",
                "internal",
                "administrator",
                "staff",
                "yes",
                "no",
                "%",
                "_",
                "\\",
                "a_b",
                "a%",
                "'",
                "' OR 1=1 --",
                "$1",
                "?",
                "ACME",
            ])
            .prop_map(str::to_owned),
            login_piece,
            day,
            "[a-z0-9%_\\\\'\".@ $?-]{0,12}",
            any::<String>(),
        ];
        prop_oneof![
            4 => (field_and_operator, value).prop_map(|((f, o), v)| format!("{f}.{o}.{v}")),
            1 => any::<String>(),
        ]
    }

    #[test]
    fn any_filter_binds_every_value_and_lists_exactly_the_users_it_describes() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let folder = tempfile::tempdir().expect("a folder");
        let url = format!(
            "sqlite://{}?mode=rwc",
            folder.path().join("users.sqlite3").display()
        );
        let pool = runtime.block_on(async {
            let pool = crate::db::connect(&url).await.expect("the database");
            for (at, (login, role, revoked, last_login)) in SEEDS.iter().enumerate() {
                let id = at as i64 + 1;
                sqlx::query(
                    "INSERT INTO contacts (id, kind, name, created_at, updated_at) \
                     VALUES ($1, 'individual', $2, 0, 0)",
                )
                .bind(id)
                .bind(*login)
                .execute(&pool)
                .await
                .expect("a contact");
                sqlx::query(
                    "INSERT INTO users (id, contact_id, login, role, revoked_at, last_login_at, \
                     created_at, updated_at) VALUES ($1, $1, $2, $3, $4, $5, 0, 0)",
                )
                .bind(id)
                .bind(*login)
                .bind(role.as_str())
                .bind(revoked.then_some(1_i64))
                .bind(*last_login)
                .execute(&pool)
                .await
                .expect("a user");
            }
            pool
        });

        // Cases: PROPTEST_CASES, 256 unless set.
        let config = ProptestConfig {
            source_file: Some(file!()),
            ..ProptestConfig::default()
        };
        let input = (
            prop::collection::vec(typed_condition(), 0..6),
            prop::option::of(-2i64..10),
        );
        let mut runner = TestRunner::new(config);
        let outcome = runner.run(&input, |(typed, after)| {
            let conditions: Vec<Condition> = typed
                .iter()
                .filter_map(|text| Condition::parse(text))
                .collect();
            let statement = list_statement(&conditions, after)
                .map_err(|e| TestCaseError::fail(format!("{conditions:?}: {e}")))?;
            let text = statement.sql().to_owned();
            let (_, arguments) = statement
                .finish()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let numbers = placeholders(&text);
            prop_assert_eq!(
                &numbers,
                &(1..=arguments.len()).collect::<Vec<_>>(),
                "{}",
                text
            );
            let other = list_statement(&with_other_values(&conditions), after)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(other.sql(), text.as_str(), "a value reached the text");

            let listed = runtime
                .block_on(list(&pool, &conditions, after))
                .map_err(|e| TestCaseError::fail(format!("{conditions:?}: {e}")))?;
            let listed: Vec<i64> = listed.users.iter().map(|user| user.id).collect();
            let expected: Vec<i64> = SEEDS
                .iter()
                .enumerate()
                .map(|(at, seed)| (at as i64 + 1, seed))
                .filter(|(id, seed)| {
                    *id > after.unwrap_or(0) && conditions.iter().all(|c| meets(seed, c))
                })
                .map(|(id, _)| id)
                .collect();
            prop_assert_eq!(listed, expected, "{:?}", conditions);
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
    }
}
