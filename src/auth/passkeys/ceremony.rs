//! The WebAuthn ceremonies (webauthn-rs): registering a passkey for a
//! signed-in user, and signing in with one. Each ceremony's state is kept
//! in the database under a random token the browser holds (never the state
//! itself), taken once (`store::take_ceremony`) and refused after
//! [`CEREMONY_SECS`]; a replayed answer therefore finds no ceremony.

use super::store::{self, NewPasskey};
use crate::{
    access::CurrentUser,
    auth::session::SessionToken,
    config::Settings,
    db::{now, Pool, StoreError},
    error::AppError,
};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid,
    Webauthn, WebauthnBuilder,
};
use webauthn_rs_proto::ResidentKeyRequirement;

/// How long the browser has to answer a challenge.
pub const CEREMONY_SECS: i64 = 5 * 60;
const REGISTER: &str = "register";
const SIGN_IN: &str = "sign_in";
/// The longest passkey name kept.
pub const NAME_MAX_CHARS: usize = 60;

/// The relying party's id and origin: the host of `PORTICO_PUBLIC_URL`, and
/// the URL itself. Browsers take no IP address as an id (use `localhost`
/// on one machine) and offer WebAuthn only over https or on localhost.
pub fn relying_party_of(public_url: &str) -> Result<(String, Url), AppError> {
    let origin = Url::parse(public_url).map_err(|error| {
        tracing::error!(%error, "PORTICO_PUBLIC_URL is not a URL: no passkeys");
        AppError::ServerError
    })?;
    let id = origin
        .host_str()
        .filter(|host| !host.is_empty())
        .ok_or_else(|| {
            tracing::error!("PORTICO_PUBLIC_URL has no host: no passkeys");
            AppError::ServerError
        })?
        .to_owned();
    Ok((id, origin))
}

fn relying_party(settings: &Settings) -> Result<Webauthn, AppError> {
    let (id, origin) = relying_party_of(&settings.public_url)?;
    WebauthnBuilder::new(&id, &origin)
        .and_then(|builder| {
            builder
                .rp_name("Portico")
                .timeout(std::time::Duration::from_secs(CEREMONY_SECS as u64))
                .build()
        })
        .map_err(|error| {
            tracing::error!(%error, rp_id = %id, "cannot set up WebAuthn: no passkeys");
            AppError::ServerError
        })
}

/// The name a passkey is saved under: what the user typed, trimmed and cut
/// short, or `default` when they typed nothing.
pub fn passkey_name(typed: &str, default: impl FnOnce() -> String) -> String {
    let typed: String = typed
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(NAME_MAX_CHARS)
        .collect();
    if typed.is_empty() {
        default()
    } else {
        typed.trim_end().to_owned()
    }
}

/// A credential id as stored and looked up.
fn credential_key(id: &[u8]) -> String {
    hex::encode(id)
}

fn corrupt(what: &str) -> impl FnOnce(serde_json::Error) -> AppError + '_ {
    move |error| {
        tracing::error!(%error, "{what} does not read back");
        AppError::from(StoreError::Corrupt(what.to_owned()))
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|error| {
        tracing::error!(%error, "cannot write a passkey ceremony's state");
        AppError::ServerError
    })
}

/// A registration waiting for the browser: webauthn-rs' state, and the
/// user handle it was started with.
#[derive(Serialize, Deserialize)]
struct PendingRegistration {
    user_handle: Uuid,
    registration: PasskeyRegistration,
}

/// Sign-ins one client may have open at once: nobody needs more than a
/// few, and anonymous starts must not fill the table.
pub const OPEN_SIGN_INS_PER_CLIENT: i64 = 20;

/// Opens a ceremony: its token for the browser, its state for the database.
/// A client at its bound of open sign-ins waits (429, `Retry-After`) until
/// one is answered or expires.
async fn open(
    pool: &Pool,
    purpose: &str,
    user_id: Option<i64>,
    client_key: Option<&str>,
    state: &str,
) -> Result<String, AppError> {
    let token = SessionToken::generate();
    let ceremony = store::NewCeremony {
        token_hash: &token.digest(),
        purpose,
        user_id,
        client_key,
        state,
        expires_at: now() + CEREMONY_SECS,
    };
    if !store::open_ceremony(pool, ceremony, OPEN_SIGN_INS_PER_CLIENT).await? {
        crate::auth::throttle::answer_retry_after(CEREMONY_SECS);
        return Err(AppError::TooManyAttempts);
    }
    Ok(token.value().to_owned())
}

/// Takes the ceremony `token` names, or refuses: unknown, used, expired or
/// somebody else's all answer alike.
async fn take(
    pool: &Pool,
    token: &str,
    purpose: &str,
    user_id: Option<i64>,
) -> Result<String, AppError> {
    let digest = SessionToken::from_value(token.to_owned()).digest();
    store::take_ceremony(pool, &digest, purpose, user_id)
        .await?
        .ok_or_else(|| AppError::invalid("passkey", "passkey-expired"))
}

/// Starts registering a passkey for `user`: the options for
/// `navigator.credentials.create`, and the ceremony's token.
pub async fn begin_registration(
    pool: &Pool,
    settings: &Settings,
    user: &CurrentUser,
) -> Result<(String, CreationChallengeResponse), AppError> {
    let webauthn = relying_party(settings)?;
    let (stored, handle) = store::credentials_of_user(pool, user.user_id).await?;
    let existing = stored
        .iter()
        .map(|json| serde_json::from_str::<Passkey>(json))
        .collect::<Result<Vec<_>, _>>()
        .map_err(corrupt("a stored passkey"))?;
    let user_handle = match handle {
        Some(handle) => Uuid::parse_str(&handle).map_err(|_| {
            AppError::from(StoreError::Corrupt(format!(
                "passkey user handle of user {}",
                user.user_id
            )))
        })?,
        None => Uuid::from_bytes(rand::random()),
    };
    let exclude = existing.iter().map(|p| p.cred_id().clone()).collect();
    let (mut options, registration) = webauthn
        .start_passkey_registration(user_handle, &user.login, &user.name, Some(exclude))
        .map_err(|error| {
            tracing::error!(%error, "cannot start a passkey registration");
            AppError::ServerError
        })?;
    // Signing in names no account first: the authenticator must keep the
    // credential (a discoverable credential, or "resident key").
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    let state = to_json(&PendingRegistration {
        user_handle,
        registration,
    })?;
    let token = open(pool, REGISTER, Some(user.user_id), None, &state).await?;
    Ok((token, options))
}

/// A passkey just registered: its name, and what to store.
pub struct Registered {
    pub credential_id: String,
    pub user_handle: String,
    pub credential: String,
}

/// Checks the browser's answer to registration `token` of `user`.
pub async fn finish_registration(
    pool: &Pool,
    settings: &Settings,
    user: &CurrentUser,
    token: &str,
    answer: &str,
) -> Result<Registered, AppError> {
    let answer: RegisterPublicKeyCredential =
        serde_json::from_str(answer).map_err(|_| AppError::BadRequest)?;
    let pending = take(pool, token, REGISTER, Some(user.user_id)).await?;
    let pending: PendingRegistration =
        serde_json::from_str(&pending).map_err(corrupt("a passkey registration"))?;
    let passkey = relying_party(settings)?
        .finish_passkey_registration(&answer, &pending.registration)
        .map_err(|error| {
            tracing::info!(%error, user_id = user.user_id, "a passkey registration was refused");
            AppError::invalid("passkey", "passkey-refused")
        })?;
    Ok(Registered {
        credential_id: credential_key(passkey.cred_id()),
        user_handle: pending.user_handle.to_string(),
        credential: to_json(&passkey)?,
    })
}

/// Stores a passkey registered by `finish_registration`.
pub async fn save(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    name: &str,
    registered: &Registered,
) -> Result<(), AppError> {
    store::add(
        conn,
        NewPasskey {
            user_id,
            credential_id: &registered.credential_id,
            user_handle: &registered.user_handle,
            name,
            credential: &registered.credential,
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::Unique(_) => AppError::invalid("passkey", "passkey-known"),
        other => other.into(),
    })?;
    Ok(())
}

/// Starts a sign-in with any passkey of this site the browser can offer:
/// the options for `navigator.credentials.get`, and the ceremony's token.
pub async fn begin_sign_in(
    pool: &Pool,
    settings: &Settings,
    client_key: &str,
) -> Result<(String, RequestChallengeResponse), AppError> {
    let (mut options, authentication) = relying_party(settings)?
        .start_discoverable_authentication()
        .map_err(|error| {
            tracing::error!(%error, "cannot start a passkey sign-in");
            AppError::ServerError
        })?;
    // Asked for by a button, not offered in the address field's autofill.
    options.mediation = None;
    let token = open(
        pool,
        SIGN_IN,
        None,
        Some(client_key),
        &to_json(&authentication)?,
    )
    .await?;
    Ok((token, options))
}

/// The account a passkey proved.
pub struct SignedIn {
    pub user_id: i64,
    pub role: String,
    pub passkey_name: String,
}

/// Why a sign-in answer was refused (each answers the browser alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such ceremony: unknown, used already (a replay) or expired.
    NoCeremony,
    /// Not a passkey of this site, or of a revoked account.
    UnknownPasskey,
    /// The signature, the challenge, the origin or user verification.
    Rejected,
}

impl Refusal {
    pub fn detail(self) -> &'static str {
        match self {
            Self::NoCeremony => "passkey: no such challenge (used, expired or unknown)",
            Self::UnknownPasskey => "passkey: unknown credential",
            Self::Rejected => "passkey: assertion rejected",
        }
    }
}

/// Checks the browser's answer to sign-in `token`; keeps the passkey's
/// counter and backup flags, and when it was last used.
pub async fn finish_sign_in(
    pool: &Pool,
    settings: &Settings,
    token: &str,
    answer: &str,
) -> Result<Result<SignedIn, (Refusal, Option<i64>)>, AppError> {
    let answer: PublicKeyCredential =
        serde_json::from_str(answer).map_err(|_| AppError::BadRequest)?;
    let Ok(state) = take(pool, token, SIGN_IN, None).await else {
        return Ok(Err((Refusal::NoCeremony, None)));
    };
    let authentication: DiscoverableAuthentication =
        serde_json::from_str(&state).map_err(corrupt("a passkey sign-in"))?;
    let webauthn = relying_party(settings)?;
    let Ok((user_handle, credential_id)) = webauthn.identify_discoverable_authentication(&answer)
    else {
        return Ok(Err((Refusal::UnknownPasskey, None)));
    };
    let found = store::find_by_credential_id(pool, &credential_key(credential_id)).await?;
    let Some(found) = found.filter(|f| !f.revoked && f.user_handle == user_handle.to_string())
    else {
        return Ok(Err((Refusal::UnknownPasskey, None)));
    };
    let mut passkey: Passkey =
        serde_json::from_str(&found.credential).map_err(corrupt("a stored passkey"))?;
    let result =
        match webauthn.finish_discoverable_authentication_v2(&answer, authentication, &passkey) {
            Ok(result) => result,
            Err(error) => {
                tracing::info!(%error, user_id = found.user_id, "a passkey sign-in was refused");
                return Ok(Err((Refusal::Rejected, Some(found.user_id))));
            }
        };
    let updated = match passkey.update_credential(&result) {
        Some(true) => Some(to_json(&passkey)?),
        _ => None,
    };
    store::record_use(pool, found.id, updated.as_deref()).await?;
    Ok(Ok(SignedIn {
        user_id: found.user_id,
        role: found.role,
        passkey_name: found.name,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_the_public_urls_host() {
        let (id, origin) = relying_party_of("https://portal.example.com").unwrap();
        assert_eq!(id, "portal.example.com");
        assert_eq!(origin.as_str(), "https://portal.example.com/");
        let (id, _) = relying_party_of("http://localhost:3000").unwrap();
        assert_eq!(id, "localhost");
        assert!(relying_party_of("not a url").is_err());
    }

    #[test]
    fn webauthn_accepts_localhost_and_https_hosts() {
        for url in ["http://localhost:3000", "https://portal.example.com"] {
            let mut settings = Settings::from_lookup(|_| None).unwrap();
            settings.public_url = url.to_owned();
            assert!(relying_party(&settings).is_ok(), "{url}");
        }
    }

    #[test]
    fn a_passkey_name_is_trimmed_bounded_or_the_default() {
        let default = || "Passkey 7 Dec 2026".to_owned();
        assert_eq!(passkey_name("  Laptop  ", default), "Laptop");
        assert_eq!(passkey_name(" \t ", default), "Passkey 7 Dec 2026");
        assert_eq!(passkey_name("a\u{0}b", default), "ab");
        assert_eq!(
            passkey_name(&"x".repeat(500), default).chars().count(),
            NAME_MAX_CHARS
        );
    }

    #[test]
    fn a_credential_id_is_stored_as_hex() {
        assert_eq!(credential_key(&[0, 1, 254, 255]), "0001feff");
    }
}
