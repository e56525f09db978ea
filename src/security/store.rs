//! The user's sessions and sign-ins, always filtered by the user, so that
//! another user's session is simply not found.

use super::api::{SecurityOverview, SessionLine, SignInLine};
use crate::{
    audit::AuditKind,
    auth::session::is_live,
    config::Settings,
    db::{now, Pool, StoreError, StoreResult},
};

/// Browser and operating system of a user agent, for people to recognise.
pub fn browser_and_system(user_agent: Option<&str>) -> (String, String) {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    match parsed {
        Some(result) => {
            let name = |text: &str| {
                if text == "UNKNOWN" {
                    String::new()
                } else {
                    text.to_owned()
                }
            };
            (name(result.name), name(result.os))
        }
        None => (String::new(), String::new()),
    }
}

pub async fn overview(
    pool: &Pool,
    settings: &Settings,
    user_id: i64,
    current: i64,
) -> StoreResult<SecurityOverview> {
    let rows: Vec<(i64, i64, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, created_at, last_seen_at, client_ip, user_agent FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    let at = now();
    let sessions = rows
        .into_iter()
        .filter(|(_, created_at, last_seen_at, _, _)| {
            is_live(*created_at, *last_seen_at, at, settings)
        })
        .map(|(id, started_at, last_seen_at, address, user_agent)| {
            let (browser, system) = browser_and_system(user_agent.as_deref());
            SessionLine {
                id,
                browser,
                system,
                address,
                started_at,
                last_seen_at,
                current: id == current,
            }
        })
        .collect();
    let history: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT at, kind, client_ip FROM audit_events WHERE subject_user_id = $1 AND kind IN ($2, $3) \
         ORDER BY id DESC LIMIT 20",
    )
    .bind(user_id)
    .bind(AuditKind::LoginSucceeded.as_str())
    .bind(AuditKind::LoginFailed.as_str())
    .fetch_all(pool)
    .await?;
    Ok(SecurityOverview {
        sessions,
        history: history
            .into_iter()
            .map(|(at, kind, address)| SignInLine { at, kind, address })
            .collect(),
    })
}

pub async fn end_one(pool: &Pool, user_id: i64, session_id: i64) -> StoreResult<()> {
    let ended = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(session_id)
        .bind(user_id)
        .execute(pool)
        .await?
        .rows_affected();
    if ended == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_recognise_their_browser_and_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(
            browser_and_system(Some(firefox)),
            ("Firefox".into(), "Linux".into())
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        let (browser, system) = browser_and_system(Some(iphone));
        assert_eq!(browser, "Safari");
        assert_eq!(system, "iPhone");
        assert_eq!(browser_and_system(None), (String::new(), String::new()));
        assert_eq!(browser_and_system(Some("curl/8.0")).1, "");
    }
}
