//! What every request handler shares.

use crate::backend::clock;
use crate::backend::db::Write;
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Settings that change behaviour at run time (the server's config fills them in).
#[derive(Clone, Debug)]
pub struct PortalConfig {
    /// Dates and times are shown in the court's time zone (stored in UTC).
    pub time_zone: Tz,
    /// Login throttling: failures allowed before each further attempt must wait.
    pub throttle_after: i32,
    /// Failures that lock the account.
    pub lock_after: i32,
    pub lock_minutes: i64,
    /// Where evidence files are stored (under the data directory).
    pub evidence_dir: std::path::PathBuf,
    /// The largest evidence file accepted, in bytes.
    pub max_upload_bytes: u64,
    /// How long a sign-in lasts however busy its session: after it, the session ends and
    /// its owner signs in again (besides the idle expiry, which the session layer keeps).
    pub session_lifetime: chrono::Duration,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            time_zone: chrono_tz::Africa::Nairobi,
            throttle_after: 3,
            lock_after: 8,
            lock_minutes: 15,
            evidence_dir: std::path::PathBuf::from("data/evidence"),
            max_upload_bytes: 4 << 30,
            session_lifetime: chrono::Duration::hours(12),
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<PortalConfig>,
    /// SQLite allows one writer; taking this before a write transaction queues writers in
    /// the portal instead of failing with SQLITE_BUSY. PostgreSQL needs no such queue.
    writer: Arc<Mutex<()>>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: PortalConfig) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            writer: Arc::new(Mutex::new(())),
        }
    }

    pub fn storage(&self) -> crate::backend::storage::Storage {
        crate::backend::storage::Storage::new(self.config.evidence_dir.clone())
    }

    /// Begins a write: the SQLite writer lock and a transaction, held together until
    /// `commit` or drop.
    #[track_caller]
    pub fn write(&self) -> impl Future<Output = AppResult<Write>> + '_ {
        Write::begin(&self.db, self.writer.clone())
    }

    /// A UTC instant as the court reads it, e.g. "30 Aug 2022, 14:00 EAT".
    pub fn format_time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.config.time_zone)
            .format("%-d %b %Y, %H:%M %Z")
            .to_string()
    }

    /// The error for a lock that ends at `until`, with the court's offset at that moment.
    pub fn locked_until(&self, until: DateTime<Utc>) -> crate::error::AppError {
        use chrono::Offset;
        crate::error::AppError::Locked {
            until: until.timestamp(),
            utc_offset: until
                .with_timezone(&self.config.time_zone)
                .offset()
                .fix()
                .local_minus_utc(),
        }
    }

    /// A time typed into a form (`<input type="datetime-local">`, "2022-08-30T14:00") read
    /// as the court's local time. `None` for an empty field.
    pub fn parse_court_time(
        &self,
        field: &str,
        label: &str,
        raw: &str,
    ) -> Result<Option<DateTime<Utc>>, domain::FieldError> {
        use chrono::{NaiveDateTime, TimeZone};
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let bad = || {
            domain::FieldError::new(
                field,
                format!("{label} must be a date and time such as 2022-08-30 14:00."),
            )
        };
        let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
            .ok_or_else(bad)?;
        // A time that a clock change skips does not exist in the court's zone; one it
        // repeats is read as the earlier of the two.
        let at = self
            .config
            .time_zone
            .from_local_datetime(&local)
            .earliest()
            .ok_or_else(bad)?;
        Ok(Some(at.with_timezone(&Utc)))
    }

    /// When the court or a party acted, typed into a form in the court's time: `None` for
    /// an empty field (the act is the recording itself). An act cannot be in the future,
    /// nor before `earliest` (what it follows, named in the error).
    pub fn act_time(
        &self,
        field: &str,
        label: &str,
        raw: &str,
        earliest: Option<(DateTime<Utc>, &str)>,
    ) -> Result<Option<DateTime<Utc>>, domain::FieldError> {
        let Some(at) = self.parse_court_time(field, label, raw)? else {
            return Ok(None);
        };
        if at > clock::now() {
            return Err(domain::FieldError::new(
                field,
                format!("{label} cannot be in the future."),
            ));
        }
        if let Some((earliest, what)) = earliest
            && at < earliest
        {
            return Err(domain::FieldError::new(
                field,
                format!(
                    "{label} cannot be before {what} ({}).",
                    self.format_time(earliest)
                ),
            ));
        }
        Ok(Some(at))
    }

    /// "ruled 11 Sep 2017, 10:00 EAT, recorded 2 Dec 2026, 09:12 EAT": the act and its
    /// recording, or the recording alone when they are the same moment.
    pub fn act_and_record(
        &self,
        verb: &str,
        acted: Option<DateTime<Utc>>,
        recorded: DateTime<Utc>,
    ) -> String {
        match acted {
            Some(acted) if (recorded - acted).num_minutes().abs() >= 1 => format!(
                "{verb} {}, recorded {}",
                self.format_time(acted),
                self.format_time(recorded)
            ),
            _ => format!("{verb} {}", self.format_time(recorded)),
        }
    }

    /// A stored instant as a `datetime-local` input's value, in the court's time zone.
    pub fn input_time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.config.time_zone)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    }

    pub fn format_date(&self, date: NaiveDate) -> String {
        date.format("%-d %b %Y").to_string()
    }
}
