//! Password hashing: argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane),
//! always on threads of its own at low priority, so that a login never stalls other requests.

use crate::error::AppError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock, Mutex};

fn hasher() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(19_456, 2, 1, None).map_err(|e| {
        tracing::error!("argon2 parameters: {e}");
        AppError::Internal
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(password: &str) -> Result<String, AppError> {
    hasher()?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!("hashing a password: {e}");
            AppError::Internal
        })
}

/// A hash of a password nobody knows, checked when the e-mail is unknown so that a failed
/// login takes as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking("no account has this password, it only takes time").unwrap_or_default()
});

/// Each hash holds 19 MiB for tens of milliseconds, so hashes run on a few threads of their
/// own, one fewer than the cores (at most 4), and a flood of logins queues for them rather
/// than exhausting memory or the blocking thread pool.
///
/// The threads run at the lowest scheduling priority (nice 19): a sign-in waits a little
/// while pages are being served, instead of pages waiting on sign-ins. With one core left
/// free alone, 50 sign-ins at once still took readers' p99 to 2.3 times idle on this 2-core
/// machine (`scripts/load.sh`). Where the priority cannot be lowered, hashing still works.
static HASHERS: LazyLock<std::sync::mpsc::Sender<Job>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (sender, jobs) = std::sync::mpsc::channel::<Job>();
    let jobs = Arc::new(Mutex::new(jobs));
    for n in 0..cores.saturating_sub(1).clamp(1, 4) {
        let jobs = jobs.clone();
        let started = std::thread::Builder::new()
            .name(format!("password-hasher-{n}"))
            .spawn(move || hasher_thread(&jobs));
        if let Err(e) = started {
            tracing::error!("starting a password hashing thread: {e}");
        }
    }
    sender
});

type Job = Box<dyn FnOnce() + Send>;

fn hasher_thread(jobs: &Mutex<std::sync::mpsc::Receiver<Job>>) {
    lower_priority();
    loop {
        // The lock is held only while waiting for the next job, not while hashing.
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        match job {
            // A job that panics loses its answer (the caller sees an error), not the thread.
            Ok(job) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

/// Lowers the calling thread's priority: on Linux `setpriority` with no pid applies to the
/// calling thread alone.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(None, 19) {
        tracing::warn!("password hashing runs at normal priority: {e}");
    }
}

/// Runs `work` on a hashing thread and waits for its answer.
async fn on_hasher<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    // A sign-in given up on (its connection closed) costs no hash when its turn comes.
    let job: Job = Box::new(move || {
        if !answer.is_closed() {
            let _ = answer.send(work());
        }
    });
    HASHERS.send(job).map_err(|e| {
        tracing::error!("no password hashing thread: {e}");
        AppError::Internal
    })?;
    answered.await.map_err(|e| {
        tracing::error!("password hashing stopped: {e}");
        AppError::Internal
    })?
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_hasher(move || hash_blocking(&password)).await
}

/// Checks `password` against `stored`, or against the dummy hash when there is no account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_hasher(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored).map_err(|e| {
            tracing::error!("stored password hash is malformed: {e}");
            AppError::Internal
        })?;
        let matches = hasher()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_their_own_password() {
        let stored = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery".to_owned(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".to_owned(), Some(stored))
                .await
                .unwrap()
        );
        assert!(!verify("anything at all".to_owned(), None).await.unwrap());
    }
}
