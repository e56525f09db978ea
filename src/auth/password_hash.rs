//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1
//! lane — the crate's defaults). Hashing runs on the blocking pool so a
//! burst of logins never stalls the async workers, and a request hashes
//! only through [`HashSlots`], which caps how many hashes run at once: each
//! holds 19 MiB, and without a cap a burst of anonymous logins would take
//! as much memory as the blocking pool has threads.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::{
    fmt,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
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

/// Hashes outside any request (the demo data at start, the command line):
/// requests go through [`HashSlots::hash`].
pub async fn hash(secret: Secret) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&secret)).await?
}

/// Memory one argon2 computation takes with our parameters.
const MEMORY_PER_HASH: u64 = 19 * 1024 * 1024;
/// How long a request waits for a free slot before it is answered 503.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(2);
/// What a refused request is told to wait, in seconds.
const RETRY_AFTER_SECS: i64 = 2;

/// The hashes that may run at once in this process (one set, shared by
/// every clone of the settings).
#[derive(Clone)]
pub struct HashSlots {
    slots: Arc<Semaphore>,
    size: usize,
}

impl fmt::Debug for HashSlots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HashSlots({})", self.size)
    }
}

impl HashSlots {
    pub fn new(size: usize) -> Self {
        let size = size.max(1);
        Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
        }
    }

    /// Two per core (at least two), and no more than half the memory
    /// available now can hold.
    pub fn sized_for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(default_size(cores, available_memory()))
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// A slot, waiting briefly for one; `Busy` (with `Retry-After`) when
    /// none frees up in time. Held until the permit is dropped.
    pub async fn take(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(WAIT_FOR_SLOT, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                super::throttle::answer_retry_after(RETRY_AFTER_SECS);
                Err(AppError::Busy)
            }
        }
    }

    pub async fn hash(&self, secret: Secret) -> Result<String, AppError> {
        let permit = self.take().await?;
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            hash_blocking(&secret)
        })
        .await?
    }

    /// Checks `secret` against `stored`, or against the decoy when there
    /// is no usable hash; either way one full argon2 computation is spent.
    pub async fn verify(&self, secret: Secret, stored: Option<String>) -> Result<bool, AppError> {
        let permit = self.take().await?;
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            verify_blocking(&secret, stored)
        })
        .await?
    }
}

fn default_size(cores: usize, available_memory: Option<u64>) -> usize {
    let by_cores = (cores * 2).max(2);
    match available_memory {
        Some(bytes) => by_cores.min(
            usize::try_from(bytes / 2 / MEMORY_PER_HASH)
                .unwrap_or(usize::MAX)
                .max(1),
        ),
        None => by_cores,
    }
}

/// `MemAvailable` of /proc/meminfo, where there is one.
fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
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

fn verify_blocking(secret: &Secret, stored: Option<String>) -> Result<bool, AppError> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn verify(secret: Secret, stored: Option<String>) -> Result<bool, AppError> {
        HashSlots::new(2).verify(secret, stored).await
    }

    #[test]
    fn slots_follow_the_cores_within_the_memory() {
        assert_eq!(default_size(1, None), 2);
        assert_eq!(default_size(8, None), 16);
        assert_eq!(default_size(8, Some(8 * 1024 * 1024 * 1024)), 16);
        assert_eq!(default_size(8, Some(100 * 1024 * 1024)), 2);
        assert_eq!(default_size(8, Some(0)), 1);
    }

    #[tokio::test]
    async fn a_request_beyond_the_slots_is_refused_after_a_short_wait() {
        let slots = HashSlots::new(1);
        let held = slots.take().await.expect("a free slot");
        let started = std::time::Instant::now();
        assert_eq!(slots.take().await.err(), Some(AppError::Busy));
        assert!(started.elapsed() >= WAIT_FOR_SLOT);
        drop(held);
        assert!(slots.take().await.is_ok());
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
