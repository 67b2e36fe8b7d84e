//! Run-time settings, from flags or environment variables.

use chrono_tz::Tz;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The embedded database's file in the data directory (and in a backup of it).
pub const DATABASE_FILE: &str = "portal.sqlite";

/// Where the data lives; shared by the server and the account commands.
#[derive(Args, Clone, Debug)]
pub struct DataArgs {
    /// Directory for the embedded database and the evidence files (`evidence/`).
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL; PostgreSQL (`postgres://…`) for scale. Default: SQLite in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DataArgs {
    pub fn evidence_dir(&self) -> PathBuf {
        self.data_dir.join("evidence")
    }

    pub fn database_url(&self) -> std::io::Result<String> {
        match self
            .database_url
            .as_deref()
            .filter(|url| !url.trim().is_empty())
        {
            Some(url) => Ok(url.to_owned()),
            None => {
                std::fs::create_dir_all(&self.data_dir)?;
                let path = self.data_dir.join(DATABASE_FILE);
                Ok(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }
}

#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Directory holding the built front end (`pkg/` with the wasm, script and style sheet).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "site")]
    pub site_root: PathBuf,
    /// Do not add the demo case to an empty database.
    #[arg(long)]
    pub no_seed: bool,
    /// Mark the session cookie Secure; set when the portal is served over HTTPS.
    #[arg(long, env = "PORTAL_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// The portal's public origin (`https://portal.example.org`) when behind a proxy; by
    /// default a request's own Host is trusted as the origin.
    #[arg(long, env = "PORTAL_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "PORTAL_IDLE_MINUTES", default_value_t = 480)]
    pub idle_minutes: i64,
    /// Hours a sign-in lasts however busy its session; its owner then signs in again.
    #[arg(long, env = "PORTAL_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(i64).range(1..=720))]
    pub session_hours: i64,
    /// The largest evidence file accepted, in MiB.
    #[arg(long, env = "PORTAL_MAX_UPLOAD_MIB", default_value_t = 4096)]
    pub max_upload_mib: u64,
    /// The court's time zone, in which dates and times are shown.
    #[arg(long, env = "PORTAL_TIME_ZONE", default_value = "Africa/Nairobi")]
    pub time_zone: Tz,
}

/// What the router needs to know, separate from the flags so tests can build one directly.
#[derive(Clone, Debug)]
pub struct RouterSettings {
    pub site_root: PathBuf,
    pub secure_cookies: bool,
    pub public_origin: Option<String>,
    pub idle_minutes: i64,
    pub addr: SocketAddr,
}

impl From<&ServeArgs> for RouterSettings {
    fn from(args: &ServeArgs) -> Self {
        RouterSettings {
            site_root: args.site_root.clone(),
            secure_cookies: args.secure_cookies,
            public_origin: args.public_origin.clone(),
            idle_minutes: args.idle_minutes,
            addr: args.addr,
        }
    }
}
