//! Logging in and out, as states: the attempt is counted, the credentials
//! are checked, and only then does a session begin — every write of a
//! successful login in one transaction, and the cookies set only once it
//! has committed.

use super::{
    devices::DeviceId,
    password_hash::Secret,
    session::{self, SessionToken},
    store,
    throttle::{self, AttemptKeys, ThrottleKey, Verdict},
    two_factor::CodeCheck,
};
use crate::{
    access::{landing_page, landing_page_for},
    audit::{self, AuditEntry, AuditKind},
    context::{self, AppState, ClientInfo},
    domain::{Email, Role},
    error::AppError,
    mail::{self, compose::compose, Notice},
    users,
};

/// The result of checking credentials: a state, not a flag. An accepted
/// password of a user with two-factor on is not yet a login: `log_in`
/// records a half-done login (a `login_challenges` row behind its own
/// cookie) that `pass_second_step` finishes.
enum CredentialCheck {
    Throttled { retry_after: i64 },
    Rejected { user_id: Option<i64> },
    Accepted { user_id: i64, role: Role },
}

async fn check_credentials(
    state: &AppState,
    keys: &AttemptKeys,
    email: &str,
    password: Secret,
) -> Result<CredentialCheck, AppError> {
    if let Verdict::Wait { seconds } = throttle::reserve(&state.pool, keys).await? {
        return Ok(CredentialCheck::Throttled {
            retry_after: seconds,
        });
    }
    let account = match Email::parse(email) {
        Ok(login) => users::store::find_for_login(&state.pool, &login).await?,
        Err(_) => None,
    };
    // Unknown, revoked and password-less accounts still pay for one full
    // hash, so that the answer's timing says nothing about the account.
    let usable_hash = account
        .as_ref()
        .filter(|a| !a.revoked)
        .and_then(|a| a.password_hash.clone());
    let matches =
        super::password_hash::verify_in(&state.settings.hash_slots, password, usable_hash).await?;
    Ok(match account {
        Some(account) if matches => CredentialCheck::Accepted {
            user_id: account.user_id,
            role: account.role,
        },
        other => CredentialCheck::Rejected {
            user_id: other.map(|a| a.user_id),
        },
    })
}

/// Checks the credentials, opens a fresh session and returns the page to land on.
pub async fn log_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let keys = attempt_keys(&state, &email, &client).await?;
    let (user_id, role) =
        match check_credentials(&state, &keys, &email, Secret::new(&password)).await? {
            CredentialCheck::Accepted { user_id, role } => (user_id, role),
            CredentialCheck::Throttled { retry_after } => {
                record_refusal(&state, AuditKind::LoginThrottled, None, &client).await?;
                throttle::answer_retry_after(retry_after);
                return Err(AppError::TooManyAttempts);
            }
            CredentialCheck::Rejected { user_id } => {
                record_refusal(&state, AuditKind::LoginFailed, user_id, &client).await?;
                return Err(AppError::InvalidCredentials);
            }
        };
    if store::two_factor_enabled(&state.pool, user_id).await? {
        let landing = landing_page(next.as_deref(), role);
        // The password was right: the attempt stays counted until the
        // second factor is passed too.
        let token = SessionToken::generate();
        let expires_at = crate::db::now() + CHALLENGE_SECS;
        store::open_login_challenge(&state.pool, &token, user_id, &landing, expires_at).await?;
        context::append_set_cookie(&crate::context::cookies::set(
            CHALLENGE_COOKIE,
            token.value(),
            None,
            &state.settings,
        ));
        return Ok(SECOND_STEP_PAGE.to_owned());
    }
    if store::password_needs_passkey(&state.pool, user_id, role).await? {
        // Their second factor is a passkey, which signs in by itself.
        return Err(AppError::invalid("password", "passkey-needed"));
    }
    let must_set_up = store::must_set_up_two_factor(&state.pool, user_id, role).await?;
    begin_session(&state, user_id, &client, Some(&keys)).await?;
    Ok(landing_page_for(next.as_deref(), role, must_set_up))
}

/// The throttle counters of a password typed for `login` by this request's
/// browser.
async fn attempt_keys(
    state: &AppState,
    login: &str,
    client: &ClientInfo,
) -> Result<AttemptKeys, AppError> {
    let headers = context::request_parts()?.headers;
    let device = DeviceId::presented(&headers, &state.settings);
    Ok(AttemptKeys::for_attempt(&state.pool, login, device.as_ref(), &client.ip).await?)
}

/// The half-done login's cookie, and how long it lasts.
pub const CHALLENGE_COOKIE: &str = "portico_login_step";
const CHALLENGE_SECS: i64 = 5 * 60;
/// Wrong codes one half-done login may try.
const CHALLENGE_ATTEMPTS: i64 = 5;
pub const SECOND_STEP_PAGE: &str = "/login/two-factor";

/// The second step of a login: a code from the authenticator app, or a
/// recovery code, for the half-done login this browser holds. Opens the
/// session and returns the page to land on.
pub async fn pass_second_step(code: &str) -> Result<String, AppError> {
    let state = context::app_state()?;
    let client = context::client_info();
    let headers = context::request_parts()?.headers;
    let token = crate::context::cookies::read_token(&headers, CHALLENGE_COOKIE, &state.settings)
        .map(SessionToken::from_value)
        .ok_or_else(|| AppError::invalid("code", "two-factor-expired"))?;
    // Each try is counted before the code is looked at: five at most.
    let at = crate::db::now();
    let Some(challenge) =
        store::try_login_challenge(&state.pool, &token, at, CHALLENGE_ATTEMPTS).await?
    else {
        return Err(AppError::invalid("code", "two-factor-expired"));
    };
    let user_id = challenge.user_id;
    // Wrong codes also count against the account, across its half-done
    // logins: a new password step gives no new guesses.
    let account_key = ThrottleKey::second_steps(user_id);
    if let Verdict::Wait { seconds } = throttle::reserve_one(&state.pool, &account_key).await? {
        record_refusal(&state, AuditKind::TwoFactorLimited, Some(user_id), &client).await?;
        throttle::answer_retry_after(seconds);
        return Err(AppError::TooManyAttempts);
    }
    let mut tx = crate::db::begin(&state.pool).await?;
    let checked =
        super::two_factor::check_code(&mut tx, &state.settings, user_id, code, false).await?;
    let passed = checked == CodeCheck::Accepted
        || super::two_factor::accept_recovery_code(&mut tx, user_id, code).await?;
    if !passed {
        tx.commit().await?;
        let kind = if checked == CodeCheck::Replayed {
            AuditKind::TwoFactorReplayed
        } else {
            AuditKind::LoginFailed
        };
        record_refusal(&state, kind, Some(user_id), &client).await?;
        return Err(AppError::invalid("code", "two-factor-wrong"));
    }
    if !store::use_login_challenge(&mut tx, challenge.id, at).await? {
        return Err(AppError::invalid("code", "two-factor-expired"));
    }
    // Only wrong codes stay counted against the account.
    store::give_back_attempt(&mut tx, &account_key).await?;
    tx.commit().await?;
    context::append_set_cookie(&crate::context::cookies::remove(
        CHALLENGE_COOKIE,
        &state.settings,
    ));
    // Both steps passed: the login is forgiven its counted attempt, as a
    // one-step login is.
    let login = users::store::contact_card(&state.pool, user_id)
        .await?
        .login;
    let keys = attempt_keys(&state, &login, &client).await?;
    begin_session(&state, user_id, &client, Some(&keys)).await?;
    Ok(challenge.next_page)
}

/// Opens a session for `user_id` after it proved itself with a link sent
/// to its address (an invitation), and returns its home page.
pub async fn sign_in_after_link(user_id: i64, role: Role) -> Result<String, AppError> {
    let state = context::app_state()?;
    let must_set_up = store::must_set_up_two_factor(&state.pool, user_id, role).await?;
    begin_session(&state, user_id, &context::client_info(), None).await?;
    Ok(landing_page_for(None, role, must_set_up))
}

/// Opens a session for `user_id` after one of its passkeys answered a
/// sign-in challenge, and returns the page to land on. A passkey is a
/// thing the user has, unlocked by what they know or are (user
/// verification): no second step follows it.
pub async fn sign_in_with_passkey(
    user_id: i64,
    role: Role,
    next: Option<&str>,
) -> Result<String, AppError> {
    let state = context::app_state()?;
    let must_set_up = store::must_set_up_two_factor(&state.pool, user_id, role).await?;
    begin_session(&state, user_id, &context::client_info(), None).await?;
    Ok(landing_page_for(next, role, must_set_up))
}

/// Opens the session of this request's browser and hands it its cookies.
async fn begin_session(
    state: &AppState,
    user_id: i64,
    client: &ClientInfo,
    keys: Option<&AttemptKeys>,
) -> Result<(), AppError> {
    let headers = context::request_parts()?.headers;
    let device = DeviceId::of_request(&headers, &state.settings);
    let token = open_session(
        state,
        SignIn {
            user_id,
            client,
            device: &device,
            previous: SessionToken::from_headers(&headers, &state.settings),
            keys,
        },
    )
    .await?;
    context::append_set_cookie(&token.set_cookie(&state.settings));
    context::append_set_cookie(&device.set_cookie(&state.settings));
    Ok(())
}

async fn record_refusal(
    state: &AppState,
    kind: AuditKind,
    user_id: Option<i64>,
    client: &ClientInfo,
) -> Result<(), AppError> {
    audit::record(
        &state.pool,
        kind,
        AuditEntry {
            subject_user_id: user_id,
            client_ip: Some(&client.ip),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

struct SignIn<'a> {
    user_id: i64,
    client: &'a ClientInfo,
    device: &'a DeviceId,
    /// A session from before the login is never carried over.
    previous: Option<SessionToken>,
    /// The throttle counters a password login forgives once it succeeds.
    keys: Option<&'a AttemptKeys>,
}

/// Everything a successful login changes, together or not at all. The
/// session row is written first: on SQLite a transaction that begins with
/// a write takes the write lock at once instead of failing to upgrade.
async fn open_session(state: &AppState, sign_in: SignIn<'_>) -> Result<SessionToken, AppError> {
    let user_id = sign_in.user_id;
    let mut tx = crate::db::begin(&state.pool).await?;
    let token = store::start_session(&mut tx, user_id, sign_in.client).await?;
    if let Some(previous) = &sign_in.previous {
        store::end_session(&mut *tx, previous).await?;
    }
    if store::record_sign_in(&mut tx, user_id, sign_in.device).await? {
        let card = users::store::contact_card(&mut *tx, user_id).await?;
        let notice = Notice::NewSignIn {
            name: card.name,
            at: crate::db::now(),
            time_zone: card.time_zone.clone(),
            client_ip: sign_in.client.ip.clone(),
            browser: sign_in
                .client
                .user_agent
                .as_deref()
                .unwrap_or("?")
                .chars()
                .take(160)
                .collect(),
        };
        let message = compose(&notice, card.locale.unwrap_or_default());
        mail::store::enqueue(&mut *tx, &card.login, &message).await?;
    }
    if let Some(keys) = sign_in.keys {
        store::forgive_attempts(&mut tx, keys.login.as_ref(), &keys.client).await?;
    }
    users::store::record_login(&mut *tx, user_id).await?;
    audit::record(
        &mut *tx,
        AuditKind::LoginSucceeded,
        AuditEntry {
            actor_user_id: Some(user_id),
            subject_user_id: Some(user_id),
            client_ip: Some(&sign_in.client.ip),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends the session on the server and clears the cookie.
pub async fn log_out(user_id: i64) -> Result<(), AppError> {
    let state = context::app_state()?;
    let parts = context::request_parts()?;
    let mut tx = crate::db::begin(&state.pool).await?;
    if let Some(token) = SessionToken::from_headers(&parts.headers, &state.settings) {
        store::end_session(&mut *tx, &token).await?;
    }
    audit::record(
        &mut *tx,
        AuditKind::LoggedOut,
        AuditEntry {
            actor_user_id: Some(user_id),
            subject_user_id: Some(user_id),
            client_ip: Some(&context::client_info().ip),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    context::append_set_cookie(&session::clear_cookie(&state.settings));
    Ok(())
}
