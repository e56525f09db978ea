//! A fixed number of threads for password hashing (argon2 takes 19 MiB
//! and a few dozen milliseconds of a core each time), with a short wait for
//! a free one. The number is a setting (`config`); `auth::password_hash`
//! runs its work here. Without a cap, a burst of anonymous logins takes as
//! much memory as the blocking pool has threads; on these few threads the
//! memory also stays bounded after the burst, each reusing its own.

use crate::error::AppError;
use std::{
    fmt,
    sync::{mpsc, Arc, Mutex, OnceLock},
    time::Duration,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Memory one argon2 computation takes with our parameters.
const MEMORY_PER_HASH: u64 = 19 * 1024 * 1024;
/// How long a request waits for a free slot before it is answered 503.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(2);
/// What a refused request is told to wait, in seconds.
pub const RETRY_AFTER_SECS: i64 = 2;

/// The hashes that may run at once in this process (one set, shared by
/// every clone of the settings), and the threads that run them: as many
/// as there are slots, made at first need.
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

    /// A slot, waiting briefly for one; `Busy` when none frees up in time.
    /// Held until the permit is dropped.
    pub async fn take(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(WAIT_FOR_SLOT, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(AppError::Busy),
        }
    }

    /// Runs `work` on a hashing thread once a slot is free.
    pub async fn run<T: Send + 'static>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(slots.run(|| 6 * 7).await, Ok(42));
    }
}
