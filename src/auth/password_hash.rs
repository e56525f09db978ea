//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1
//! lane — the crate's defaults). Hashing runs on the blocking pool so a
//! burst of logins never stalls the async workers.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::{fmt, sync::OnceLock};
use unicode_normalization::UnicodeNormalization;

use crate::error::AppError;

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

pub async fn hash(secret: Secret) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&secret)).await?
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

/// Checks `secret` against `stored`, or against the decoy when there is no
/// usable hash; either way one full argon2 computation is spent.
pub async fn verify(secret: Secret, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let usable = stored.is_some();
        let hash_text = stored.unwrap_or_else(|| decoy_hash().to_owned());
        let matches = match PasswordHash::new(&hash_text) {
            Ok(parsed) => hasher()
                .verify_password(secret.expose().as_bytes(), &parsed)
                .is_ok(),
            Err(error) => {
                tracing::error!(%error, "stored password hash is unreadable");
                false
            }
        };
        Ok(usable && matches)
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

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
