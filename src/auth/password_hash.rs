//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1
//! lane — the crate's defaults). Hashing runs on the blocking pool so a
//! burst of logins never stalls the async workers, and a request hashes
//! only through [`HashSlots`], which caps how many hashes run at once: each
//! holds 19 MiB, and without a cap a burst of anonymous logins would take
//! as much memory as the blocking pool has threads.

use argon2::{
    password_hash::{
        self, rand_core::OsRng, ParamsString, PasswordHash, PasswordHasher, Salt, SaltString,
    },
    Algorithm, Argon2, Block, Params, Version,
};
use std::cell::RefCell;
use std::{
    fmt,
    sync::{mpsc, Arc, Mutex, OnceLock},
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
/// every clone of the settings), and the threads that run them: as many
/// as there are slots, made at first need. Hashing on these few threads
/// rather than on the blocking pool also bounds what the allocator keeps
/// afterwards: each thread reuses its own 19 MiB, where hundreds of
/// blocking-pool threads would each keep theirs.
#[derive(Clone)]
pub struct HashSlots {
    slots: Arc<Semaphore>,
    size: usize,
    workers: Arc<OnceLock<Mutex<mpsc::Sender<Job>>>>,
}

type Job = Box<dyn FnOnce() + Send>;

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
            workers: Arc::default(),
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
        self.run(move || hash_on_kept_memory(&secret)).await?
    }

    /// Checks `secret` against `stored`, or against the decoy when there
    /// is no usable hash; either way one full argon2 computation is spent.
    pub async fn verify(&self, secret: Secret, stored: Option<String>) -> Result<bool, AppError> {
        self.run(move || verify_on_kept_memory(&secret, stored))
            .await?
    }

    /// Runs `work` on a hashing thread once a slot is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let slot = self.take().await?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            drop(slot);
            if let Ok(value) = outcome {
                let _ = answer.send(value);
            }
        });
        let sent = self
            .workers()
            .lock()
            .map_err(|_| AppError::ServerError)?
            .send(job);
        if sent.is_err() {
            tracing::error!("the password hashing threads are gone");
            return Err(AppError::ServerError);
        }
        answered.await.map_err(|_| {
            tracing::error!("password hashing failed on its thread");
            AppError::ServerError
        })
    }

    fn workers(&self) -> &Mutex<mpsc::Sender<Job>> {
        self.workers.get_or_init(|| {
            let (sender, receiver) = mpsc::channel::<Job>();
            let receiver = Arc::new(Mutex::new(receiver));
            for n in 0..self.size {
                let receiver = receiver.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("password-hash-{n}"))
                    .spawn(move || loop {
                        // The lock is held only while waiting for the next
                        // job; the threads end with the last sender.
                        let next = match receiver.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(_) => return,
                        };
                        match next {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    });
                if let Err(error) = spawned {
                    tracing::error!(%error, "cannot start a password hashing thread");
                }
            }
            Mutex::new(sender)
        })
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
        HashSlots::new(2).verify(secret, stored).await
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
