//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1
//! lane — the crate's defaults). Hashing runs on the blocking pool so a
//! burst of logins never stalls the async workers, and a request hashes
//! only through [`HashSlots`] (`hash_in`, `verify_in`), which caps how many
//! hashes run at once: each holds 19 MiB, and without a cap a burst of
//! anonymous logins would take as much memory as the blocking pool has
//! threads. Each hashing thread reuses its argon2 memory.

use argon2::{
    password_hash::{
        self, rand_core::OsRng, ParamsString, PasswordHash, PasswordHasher, Salt, SaltString,
    },
    Algorithm, Argon2, Block, Params, Version,
};
use std::cell::RefCell;
use std::{fmt, sync::OnceLock};
use unicode_normalization::UnicodeNormalization;

use crate::{error::AppError, hash_slots::HashSlots};

/// A password as typed. Never printed, never logged.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Normalises to NFKC, so the same password typed on any keyboard matches.
    pub fn new(raw: &str) -> Self {
        Self(raw.nfkc().collect())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

fn hasher() -> Argon2<'static> {
    Argon2::default()
}

pub fn hash_blocking(secret: &Secret) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(secret.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            AppError::ServerError
        })
}

/// Hashes outside any request (the demo data at start, the command line):
/// requests go through [`HashSlots::hash`].
pub async fn hash(secret: Secret) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&secret)).await?
}

/// Hashes `secret` for a request, on a hashing thread once a slot is free
/// (`Busy`, with `Retry-After`, when none frees up in time).
pub async fn hash_in(slots: &HashSlots, secret: Secret) -> Result<String, AppError> {
    busy_means_retry(slots.run(move || hash_on_kept_memory(&secret)).await)?
}

/// Checks `secret` against `stored` for a request, or against the decoy
/// when there is no usable hash; either way one full argon2 computation is
/// spent, on a hashing thread once a slot is free.
pub async fn verify_in(
    slots: &HashSlots,
    secret: Secret,
    stored: Option<String>,
) -> Result<bool, AppError> {
    busy_means_retry(
        slots
            .run(move || verify_on_kept_memory(&secret, stored))
            .await,
    )?
}

fn busy_means_retry<T>(ran: Result<T, AppError>) -> Result<T, AppError> {
    if ran.as_ref().is_err_and(|e| *e == AppError::Busy) {
        super::throttle::answer_retry_after(crate::hash_slots::RETRY_AFTER_SECS);
    }
    ran
}

/// A hash of a random password, verified against when the account does not
/// exist or cannot log in, so that every failure costs the same time.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let random = hex::encode(rand::random::<[u8; 16]>());
        hash_blocking(&Secret::new(&random)).unwrap_or_default()
    })
}

/// Computes the decoy hash ahead of the first login.
pub fn warm_up() {
    let _ = decoy_hash();
}

thread_local! {
    /// The argon2 memory of a hashing thread, made once and reused: the
    /// allocator would otherwise keep a growing share of every 19 MiB freed.
    static KEPT_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// One argon2 computation with this thread's kept memory.
fn argon2_output(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'_>,
    output_len: usize,
) -> password_hash::Result<password_hash::Output> {
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    password_hash::Output::init_with(output_len, |out| {
        KEPT_MEMORY.with(|kept| {
            let mut blocks = kept.borrow_mut();
            blocks.resize(argon.params().block_count(), Block::default());
            Ok(argon.hash_password_into_with_memory(password, salt_bytes, out, &mut blocks[..])?)
        })
    })
}

/// What `hash_blocking` makes, on the hashing thread's kept memory.
fn hash_on_kept_memory(secret: &Secret) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let argon = hasher();
    let made = argon2_output(
        &argon,
        secret.expose().as_bytes(),
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
    )
    .and_then(|output| {
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(argon.params())?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        }
        .to_string())
    });
    made.map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::ServerError
    })
}

/// Checks `secret` against `stored`, or against the decoy when there is no
/// usable hash (one full computation either way), on the kept memory.
fn verify_on_kept_memory(secret: &Secret, stored: Option<String>) -> Result<bool, AppError> {
    let usable = stored.is_some();
    let hash_text = stored.unwrap_or_else(|| decoy_hash().to_owned());
    let matches = PasswordHash::new(&hash_text).and_then(|parsed| {
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Ok(false);
        };
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let argon = Argon2::new(
            Algorithm::try_from(parsed.algorithm)?,
            version,
            Params::try_from(&parsed)?,
        );
        // `Output` compares in constant time.
        Ok(argon2_output(&argon, secret.expose().as_bytes(), salt, expected.len())? == expected)
    });
    match matches {
        Ok(matches) => Ok(usable && matches),
        Err(error) => {
            tracing::error!(%error, "stored password hash is unreadable");
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordVerifier;

    async fn verify(secret: Secret, stored: Option<String>) -> Result<bool, AppError> {
        verify_in(&HashSlots::new(2), secret, stored).await
    }

    #[test]
    fn kept_memory_hashes_match_the_crates_own() {
        let secret = Secret::new("Velvet compass 63 meadows");
        let standard = hash_blocking(&secret).unwrap();
        let kept = hash_on_kept_memory(&secret).unwrap();
        assert!(kept.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_on_kept_memory(&secret, Some(standard.clone())).unwrap());
        let parsed = PasswordHash::new(&kept).unwrap();
        assert!(hasher()
            .verify_password(secret.expose().as_bytes(), &parsed)
            .is_ok());
        let other = Secret::new("Velvet compass 63 meadow");
        assert!(!verify_on_kept_memory(&other, Some(standard)).unwrap());
        assert!(!verify_on_kept_memory(&other, Some(kept)).unwrap());
        assert!(!verify_on_kept_memory(&secret, Some("garbage".into())).unwrap());
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let stored = hash(Secret::new("Velvet compass 63 meadows"))
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(
            Secret::new("Velvet compass 63 meadows"),
            Some(stored.clone())
        )
        .await
        .unwrap());
        assert!(
            !verify(Secret::new("Velvet compass 63 meadow"), Some(stored))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn no_stored_hash_never_matches() {
        assert!(!verify(Secret::new(""), None).await.unwrap());
    }

    #[tokio::test]
    async fn compatibility_forms_of_a_character_match_after_nfkc() {
        // U+FB01 "ﬁ" is NFKC-equivalent to "fi".
        let stored = hash(Secret::new("ﬁne harbour lanterns")).await.unwrap();
        assert!(verify(Secret::new("fine harbour lanterns"), Some(stored))
            .await
            .unwrap());
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(
            format!("{:?}", Secret::new("hunter2hunter2")),
            "Secret(***)"
        );
    }
}
