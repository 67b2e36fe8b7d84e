//! Evidence files on disk: stored once each under their SHA-256, never under a name a
//! person chose.
//!
//! Uploads stream through a bounded channel to a writer thread that hashes and writes as
//! the bytes arrive, so memory stays flat whatever the size and the network, hashing and
//! disk work overlap on separate cores. A file is written under `tmp/` first and moved into
//! place only once complete; anything unfinished is deleted.

use crate::backend::db::OrInternal;
use crate::error::{AppError, AppResult};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How much of the start of a file is kept for recognising its type.
const SNIFF_BYTES: usize = 8 * 1024;
/// Chunks in flight between the network and the writer: bounds memory at a few MiB.
const CHANNEL_DEPTH: usize = 32;

/// Where evidence files live.
#[derive(Clone, Debug)]
pub struct Storage {
    root: PathBuf,
}

/// Why an upload was not received.
#[derive(Debug)]
pub enum ReceiveError {
    /// The content passed `limit` bytes; nothing was kept.
    TooLarge { limit: u64 },
    /// The client's stream failed (it disconnected, or sent a malformed body).
    Interrupted(String),
    /// The disk failed us.
    Io(std::io::Error),
}

impl From<ReceiveError> for AppError {
    fn from(e: ReceiveError) -> Self {
        match e {
            ReceiveError::TooLarge { limit } => AppError::TooLarge { limit_bytes: limit },
            ReceiveError::Interrupted(why) => {
                tracing::info!("upload interrupted: {why}");
                AppError::BadRequest
            }
            ReceiveError::Io(e) => crate::backend::db::internal(e),
        }
    }
}

/// A file received in full but not yet put in place. Dropping it deletes it.
#[derive(Debug)]
pub struct Incoming {
    temp: Option<PathBuf>,
    pub sha256: String,
    pub size: u64,
    /// The media type recognised from the content.
    pub sniffed_type: String,
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if let Some(path) = self.temp.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Deletes a partly written file unless defused.
struct PartFile(Option<PathBuf>);

impl Drop for PartFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The media type of content starting with `head`, as far as its bytes tell.
pub fn sniff(head: &[u8]) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_owned();
    }
    match std::str::from_utf8(head) {
        Ok(_) => "text/plain".to_owned(),
        // A multi-byte character cut at the end of the sample is still text.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > head.len() => {
            "text/plain".to_owned()
        }
        Err(_) => "application/octet-stream".to_owned(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes).as_slice())
}

impl Storage {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Storage { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where content with this hash lives: `blobs/ab/abcdef…`.
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        let fan = sha256.get(..2).unwrap_or("00");
        self.root.join("blobs").join(fan).join(sha256)
    }

    /// Streams `chunks` to a temporary file, hashing as it goes, refusing more than `limit`
    /// bytes. On any failure nothing is left on disk.
    pub async fn receive<S, B, E>(
        &self,
        mut chunks: S,
        limit: u64,
    ) -> Result<Incoming, ReceiveError>
    where
        S: futures_util::Stream<Item = Result<B, E>> + Unpin,
        B: AsRef<[u8]> + Send + 'static,
        E: std::fmt::Display,
    {
        use futures_util::StreamExt;
        let tmp = self.root.join("tmp");
        tokio::fs::create_dir_all(&tmp)
            .await
            .map_err(ReceiveError::Io)?;
        let path = tmp.join(format!("{:032x}.part", rand::random::<u128>()));
        // Created here, so that however this future ends (even dropped mid-upload) the
        // guard removes a file that exists.
        let file = std::fs::File::create(&path).map_err(ReceiveError::Io)?;
        let guard = PartFile(Some(path));
        let (sender, receiver) = tokio::sync::mpsc::channel::<B>(CHANNEL_DEPTH);
        let writer = tokio::task::spawn_blocking(move || write_and_hash(file, receiver));

        let mut size: u64 = 0;
        let mut failure = None;
        while let Some(chunk) = chunks.next().await {
            match chunk {
                Ok(bytes) => {
                    size += bytes.as_ref().len() as u64;
                    if size > limit {
                        failure = Some(ReceiveError::TooLarge { limit });
                        break;
                    }
                    if sender.send(bytes).await.is_err() {
                        // The writer stopped: its own error says why.
                        break;
                    }
                }
                Err(e) => {
                    failure = Some(ReceiveError::Interrupted(e.to_string()));
                    break;
                }
            }
        }
        drop(sender);
        let written = writer
            .await
            .map_err(|e| ReceiveError::Io(std::io::Error::other(e)))?;
        if let Some(failure) = failure {
            return Err(failure);
        }
        let (sha256, written_size, head) = written.map_err(ReceiveError::Io)?;
        if written_size != size {
            return Err(ReceiveError::Io(std::io::Error::other(
                "the writer stopped before the end of the upload",
            )));
        }
        let mut guard = guard;
        Ok(Incoming {
            temp: guard.0.take(),
            sha256,
            size,
            sniffed_type: sniff(&head),
        })
    }

    /// Moves a received file into place under its hash. Returns whether this call put it
    /// there (false when the same content was already held).
    pub async fn keep(&self, mut incoming: Incoming) -> AppResult<bool> {
        let target = self.blob_path(&incoming.sha256);
        if tokio::fs::try_exists(&target).await.or_internal()? {
            return Ok(false);
        }
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.or_internal()?;
        }
        let Some(temp) = incoming.temp.take() else {
            return Err(AppError::Internal);
        };
        // Until the record is committed (`settled`), a marker says this content was put in
        // place unrecorded, so that a start after a kill in between can remove it.
        if let Err(e) = tokio::fs::write(self.placing_marker(&incoming.sha256), b"").await {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(crate::backend::db::internal(e));
        }
        if let Err(e) = tokio::fs::rename(&temp, &target).await {
            let _ = tokio::fs::remove_file(&temp).await;
            self.settled(&incoming.sha256).await;
            return Err(crate::backend::db::internal(e));
        }
        Ok(true)
    }

    fn placing_marker(&self, sha256: &str) -> PathBuf {
        self.root.join("tmp").join(format!("{sha256}.placing"))
    }

    /// Forgets the marker `keep` left: the content's record was committed, or the content
    /// was removed.
    pub async fn settled(&self, sha256: &str) {
        let _ = tokio::fs::remove_file(self.placing_marker(sha256)).await;
    }

    /// The content put in place by `keep` and never `settled`: an earlier process stopped
    /// between placing it and committing (or giving up) its record.
    pub fn unsettled(&self) -> std::io::Result<Vec<String>> {
        let mut found = Vec::new();
        for path in self.in_tmp()? {
            if path.extension().is_some_and(|x| x == "placing")
                && let Some(sha256) = path.file_stem().and_then(|s| s.to_str())
                && sha256.len() == 64
                && sha256.bytes().all(|b| b.is_ascii_hexdigit())
            {
                found.push(sha256.to_owned());
            }
        }
        Ok(found)
    }

    /// Removes content placed without a record: just now, when the database did not take
    /// the record, or by an earlier process stopped in between. Content already gone is
    /// no error.
    pub async fn forget(&self, sha256: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.blob_path(sha256)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The paths in `tmp/`; none when it does not exist yet.
    fn in_tmp(&self) -> std::io::Result<Vec<PathBuf>> {
        let entries = match std::fs::read_dir(self.root.join("tmp")) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        entries.map(|entry| Ok(entry?.path())).collect()
    }

    /// Removes partial uploads left by a process that stopped mid-upload. Run at start,
    /// before any upload can be in flight.
    pub fn sweep_partial_uploads(&self) -> std::io::Result<usize> {
        let mut removed = 0;
        for path in self.in_tmp()? {
            if path.extension().is_some_and(|x| x == "part") {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Re-hashes stored content. `None` when the file is missing.
    pub async fn rehash(&self, sha256: &str) -> std::io::Result<Option<(String, u64)>> {
        let path = self.blob_path(sha256);
        tokio::task::spawn_blocking(move || {
            let mut file = match std::fs::File::open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let mut hasher = Sha256::new();
            let size = std::io::copy(&mut file, &mut HashWriter(&mut hasher))?;
            Ok(Some((hex::encode(hasher.finalize().as_slice()), size)))
        })
        .await
        .map_err(std::io::Error::other)?
    }
}

/// Feeds whatever is written to it into a hasher.
struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The writer thread: hashes and writes each chunk, then makes the file durable.
fn write_and_hash<B: AsRef<[u8]>>(
    file: std::fs::File,
    mut chunks: tokio::sync::mpsc::Receiver<B>,
) -> std::io::Result<(String, u64, Vec<u8>)> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let mut size = 0u64;
    while let Some(chunk) = chunks.blocking_recv() {
        let bytes = chunk.as_ref();
        if head.len() < SNIFF_BYTES {
            let take = (SNIFF_BYTES - head.len()).min(bytes.len());
            head.extend_from_slice(&bytes[..take]);
        }
        hasher.update(bytes);
        out.write_all(bytes)?;
        size += bytes.len() as u64;
    }
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_data()?;
    Ok((hex::encode(hasher.finalize().as_slice()), size, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), "application/pdf");
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
            "image/png"
        );
        assert_eq!(sniff("Form 34A — Kilgoris".as_bytes()), "text/plain");
        assert_eq!(
            sniff(&[0, 159, 146, 150, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            "application/octet-stream"
        );
    }

    #[test]
    fn blobs_fan_out_by_the_first_two_hex_digits() {
        let storage = Storage::new("/data/evidence");
        assert_eq!(
            storage.blob_path("abcdef"),
            PathBuf::from("/data/evidence/blobs/ab/abcdef")
        );
    }
}
