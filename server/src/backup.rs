//! Backups while the portal runs: a consistent copy of the database and of every evidence
//! file it records, with a manifest of their hashes; checking a backup; restoring one into
//! an empty data directory.
//!
//! Consistency comes from the order. The database is copied first, as one snapshot (SQLite's
//! `VACUUM INTO` reads a single transaction's view while others write). Evidence files are
//! stored once under their hash, put in place before the row that records them is
//! committed, and never changed, so every file the snapshot records is on disk when the
//! files are copied afterwards. Files uploaded meanwhile are left for the next backup.
//!
//! With PostgreSQL the database is dumped with PostgreSQL's own tools (`pg_dump`) first, and
//! this then copies the files that the database records, which include all the dump's.

use crate::settings::DATABASE_FILE;
use app::backend::audit::{self, Verdict};
use app::backend::entities::blob;
use app::backend::storage::Storage;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The manifest's name in a backup directory. It is written last: a directory without it
/// holds an unfinished backup.
pub const MANIFEST: &str = "manifest.json";
/// This manifest's layout, for a later portal that reads older backups.
const FORMAT: u32 = 1;

/// One file of a backup: where it is under the backup directory, and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// What a backup holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub portal_version: String,
    /// The SQLite database; none for a PostgreSQL portal, whose dump is kept apart.
    pub database: Option<FileEntry>,
    /// The audit chain in the copied database: its length and head hash.
    pub audit_entries: i64,
    pub audit_head: String,
    /// Every evidence file the database records.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    pub fn bytes(&self) -> u64 {
        self.database
            .iter()
            .chain(&self.files)
            .map(|f| f.size)
            .sum()
    }
}

/// Takes a backup of the portal at `database_url`, whose evidence files are in
/// `evidence_dir`, into `dir`, which must be new or empty.
pub async fn create(
    db: &DatabaseConnection,
    database_url: &str,
    evidence_dir: &Path,
    dir: &Path,
) -> Result<Manifest, String> {
    prepare_empty(dir)?;
    let sqlite = database_url.starts_with("sqlite:");
    let (database, snapshot) = if sqlite {
        let target = dir.join(DATABASE_FILE);
        let quoted = target.to_string_lossy().replace('\'', "''");
        db.execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
            .await
            .map_err(|e| format!("copying the database: {e}"))?;
        let entry = hashed_entry(dir, DATABASE_FILE)?;
        (Some(entry), open_read_only(&target).await?)
    } else {
        (None, db.clone())
    };

    let verdict = audit::verify(&snapshot)
        .await
        .map_err(|e| format!("walking the audit chain: {e}"))?;
    let (audit_entries, audit_head) = match verdict {
        Verdict::Intact { length, head } => (length, head),
        broken @ Verdict::Broken { .. } => {
            return Err(format!(
                "the audit chain is broken, so no backup was taken: {broken}"
            ));
        }
    };

    let recorded = blob::Entity::find()
        .order_by_asc(blob::Column::Sha256)
        .all(&snapshot)
        .await
        .map_err(|e| format!("listing the evidence files: {e}"))?;
    if sqlite {
        snapshot.close().await.ok();
    }
    let live = Storage::new(evidence_dir);
    let copy = Storage::new(dir.join("evidence"));
    let mut files = Vec::with_capacity(recorded.len());
    for row in recorded {
        let (from, to) = (live.blob_path(&row.sha256), copy.blob_path(&row.sha256));
        let sha256 = row.sha256.clone();
        let size = tokio::task::spawn_blocking(move || copy_checked(&from, &to, &sha256))
            .await
            .map_err(|e| format!("copying a file: {e}"))??;
        files.push(FileEntry {
            path: relative(dir, &copy.blob_path(&row.sha256))?,
            sha256: row.sha256,
            size,
        });
    }

    let manifest = Manifest {
        format: FORMAT,
        created_at: chrono::Utc::now(),
        portal_version: env!("CARGO_PKG_VERSION").to_owned(),
        database,
        audit_entries,
        audit_head,
        files,
    };
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    let partial = dir.join(format!("{MANIFEST}.part"));
    std::fs::write(&partial, text).map_err(|e| format!("writing the manifest: {e}"))?;
    sync_file(&partial)?;
    std::fs::rename(&partial, dir.join(MANIFEST))
        .map_err(|e| format!("writing the manifest: {e}"))?;
    Ok(manifest)
}

/// Checks a backup against its manifest: every file present with the hash and size it
/// lists, the database's audit chain intact and ending where the manifest says, and every
/// evidence file the database records among the files. Gives the problems found, if any.
pub async fn verify(dir: &Path) -> Result<(Manifest, Vec<String>), String> {
    let manifest = read_manifest(dir)?;
    let mut problems = Vec::new();
    if manifest.format != FORMAT {
        return Err(format!(
            "this backup's manifest is format {}; this portal reads format {FORMAT}",
            manifest.format
        ));
    }
    for entry in manifest.database.iter().chain(&manifest.files) {
        let path = inside(dir, &entry.path)?;
        let check = tokio::task::spawn_blocking(move || hash_file(&path))
            .await
            .map_err(|e| e.to_string())?;
        match check {
            Ok((sha256, size)) if sha256 == entry.sha256 && size == entry.size => {}
            Ok((sha256, size)) => problems.push(format!(
                "CHANGED: {} is {size} bytes with SHA-256 {sha256}; the manifest says {} bytes, {}",
                entry.path, entry.size, entry.sha256
            )),
            Err(e) => problems.push(format!("MISSING: {} ({e})", entry.path)),
        }
    }
    if let Some(database) = &manifest.database
        && problems.is_empty()
    {
        let snapshot = open_read_only(&inside(dir, &database.path)?).await?;
        match audit::verify(&snapshot).await {
            Ok(Verdict::Intact { length, head })
                if length == manifest.audit_entries && head == manifest.audit_head => {}
            Ok(verdict) => problems.push(format!(
                "AUDIT: the copied database's chain reads \"{verdict}\"; the manifest says {} entries, head {}",
                manifest.audit_entries, manifest.audit_head
            )),
            Err(e) => problems.push(format!("AUDIT: the chain could not be read: {e}")),
        }
        let listed: std::collections::HashSet<&str> =
            manifest.files.iter().map(|f| f.sha256.as_str()).collect();
        let recorded = blob::Entity::find()
            .all(&snapshot)
            .await
            .map_err(|e| format!("listing the evidence files: {e}"))?;
        for row in recorded {
            if !listed.contains(row.sha256.as_str()) {
                problems.push(format!(
                    "UNLISTED: the database records file {} but the backup does not hold it",
                    row.sha256
                ));
            }
        }
        snapshot.close().await.ok();
    }
    Ok((manifest, problems))
}

/// Restores a checked backup into a data directory that holds no database and no evidence
/// files yet. With a PostgreSQL database only the files are restored: the dump is restored
/// with `pg_restore`, before the portal starts.
pub async fn restore(
    dir: &Path,
    data_dir: &Path,
    evidence_dir: &Path,
    sqlite: bool,
) -> Result<Manifest, String> {
    let (manifest, problems) = verify(dir).await?;
    if !problems.is_empty() {
        return Err(format!(
            "the backup does not match its manifest, so nothing was restored:\n{}",
            problems.join("\n")
        ));
    }
    let database_target = data_dir.join(DATABASE_FILE);
    match (&manifest.database, sqlite) {
        (Some(_), false) => {
            return Err("this backup holds a SQLite database, but the portal is set to use PostgreSQL (DATABASE_URL); restore it without DATABASE_URL".to_owned());
        }
        (None, true) => {
            return Err("this backup was taken from a PostgreSQL portal and holds no database: restore its dump with pg_restore and run restore with DATABASE_URL set".to_owned());
        }
        _ => {}
    }
    if sqlite && database_target.exists() {
        return Err(format!(
            "{} already exists: restore into an empty data directory",
            database_target.display()
        ));
    }
    let blobs = evidence_dir.join("blobs");
    if std::fs::read_dir(&blobs).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{} already holds files: restore into an empty data directory",
            blobs.display()
        ));
    }
    let storage = Storage::new(evidence_dir);
    for entry in &manifest.files {
        let (from, to) = (inside(dir, &entry.path)?, storage.blob_path(&entry.sha256));
        let sha256 = entry.sha256.clone();
        tokio::task::spawn_blocking(move || copy_checked(&from, &to, &sha256))
            .await
            .map_err(|e| e.to_string())??;
    }
    if let Some(database) = &manifest.database {
        // Copied under another name and renamed, so a portal started meanwhile never
        // opens half a database.
        let partial = data_dir.join(format!("{DATABASE_FILE}.part"));
        let from = inside(dir, &database.path)?;
        let sha256 = database.sha256.clone();
        let to = partial.clone();
        tokio::task::spawn_blocking(move || copy_checked(&from, &to, &sha256))
            .await
            .map_err(|e| e.to_string())??;
        std::fs::rename(&partial, &database_target)
            .map_err(|e| format!("putting the database in place: {e}"))?;
    }
    Ok(manifest)
}

fn read_manifest(dir: &Path) -> Result<Manifest, String> {
    let text = std::fs::read(dir.join(MANIFEST)).map_err(|e| {
        format!(
            "{} has no readable {MANIFEST} ({e}): it is not a backup, or one that did not finish",
            dir.display()
        )
    })?;
    serde_json::from_slice(&text).map_err(|e| format!("{MANIFEST} cannot be read: {e}"))
}

/// Makes `dir` if needed; refuses one that already holds anything.
fn prepare_empty(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let mut entries =
        std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    if entries.next().is_some() {
        return Err(format!(
            "{} is not empty: back up into a new directory",
            dir.display()
        ));
    }
    Ok(())
}

/// A path the manifest names, which must stay inside the backup directory.
fn inside(dir: &Path, relative: &str) -> Result<PathBuf, String> {
    let path = Path::new(relative);
    let plain = path
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain {
        return Err(format!(
            "the manifest names a path outside the backup: {relative}"
        ));
    }
    Ok(dir.join(path))
}

fn relative(dir: &Path, path: &Path) -> Result<String, String> {
    path.strip_prefix(dir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|_| format!("{} is outside {}", path.display(), dir.display()))
}

async fn open_read_only(path: &Path) -> Result<DatabaseConnection, String> {
    let url = format!("sqlite://{}?mode=ro", path.display());
    Database::connect(url.as_str())
        .await
        .map_err(|e| format!("opening {}: {e}", path.display()))
}

fn hashed_entry(dir: &Path, name: &str) -> Result<FileEntry, String> {
    let (sha256, size) =
        hash_file(&dir.join(name)).map_err(|e| format!("reading the copied {name}: {e}"))?;
    Ok(FileEntry {
        path: name.to_owned(),
        sha256,
        size,
    })
}

fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    hash_through(&mut std::fs::File::open(path)?, &mut std::io::sink())
}

/// Reads `source` to its end, writing it to `sink` and hashing it as it goes: its SHA-256
/// and size.
fn hash_through(source: &mut impl Read, sink: &mut impl Write) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let read = source.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        sink.write_all(&buffer[..read])?;
        size += read as u64;
    }
    Ok((hex::encode(hasher.finalize().as_slice()), size))
}

/// Copies `from` to `to`, hashing as it goes, and fails (leaving nothing at `to`) unless
/// the content's SHA-256 is `sha256`. Gives the size.
fn copy_checked(from: &Path, to: &Path, sha256: &str) -> Result<u64, String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    let copy = || -> std::io::Result<(String, u64)> {
        let mut target = std::fs::File::create(to)?;
        let found = hash_through(&mut std::fs::File::open(from)?, &mut target)?;
        target.sync_all()?;
        Ok(found)
    };
    match copy() {
        Ok((found, size)) if found == sha256 => Ok(size),
        Ok((found, _)) => {
            let _ = std::fs::remove_file(to);
            Err(format!(
                "{} does not hold what it is filed as: its SHA-256 is {found}, not {sha256} (run `evidence verify`)",
                from.display()
            ))
        }
        Err(e) => {
            let _ = std::fs::remove_file(to);
            Err(format!("copying {}: {e}", from.display()))
        }
    }
}

fn sync_file(path: &Path) -> Result<(), String> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("writing {}: {e}", path.display()))
}
