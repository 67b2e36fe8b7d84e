//! The server binary's command line: serving, and managing accounts from a shell.

use crate::settings::{DataArgs, ServeArgs};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "scrutiny-portal",
    version,
    about = "Petition scrutiny workflow portal"
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    /// Without a command the portal is served with these settings.
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the stored evidence files.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Manage the polling station registers.
    #[command(subcommand)]
    Stations(StationsCommand),
    /// Back up the database and every evidence file it records, while the portal runs, with
    /// a manifest of their hashes (`backup DIR`); or check a backup (`backup verify DIR`).
    ///
    /// With PostgreSQL (DATABASE_URL), dump the database first with
    /// `pg_dump --format=custom --file portal.dump "$DATABASE_URL"`, then run `backup DIR`,
    /// which copies the files: every file the dump records is among them.
    Backup(BackupArgs),
    /// Print the code an authenticator app holding the demo accounts' published key shows
    /// now (see the run command's list of demo logins). Reads no database.
    DemoCode,
    /// Restore a backup, once checked, into an empty data directory (--data-dir). With
    /// PostgreSQL only the files are restored: restore the dump with `pg_restore` first.
    Restore {
        /// The backup's directory.
        dir: std::path::PathBuf,
    },
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// A new or empty directory to hold the backup.
    pub dir: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Check a backup against its manifest: every file's hash and size, the copied
    /// database's audit chain, and that every file the database records is there. Prints
    /// each problem (and exits with status 1 if any).
    Verify {
        /// The backup's directory.
        dir: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum StationsCommand {
    /// Import an election's station register from a CSV file.
    ///
    /// The first line names the columns, in any order: code (the 15-digit polling station
    /// code: county 3, constituency 3, ward 4, centre 3, stream 2), county, constituency,
    /// ward, centre (the names of each level), name (the station's) and registered_voters.
    /// Other columns are ignored. Every row is checked first and problems are listed by
    /// line, in which case nothing is imported; otherwise new stations are added and
    /// changed ones updated, so importing the same file again changes nothing.
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
        /// The election the register is for (made if new), such as "Kenya general election 2022".
        #[arg(long)]
        election: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the chain from its first entry: prints OK with the length and head hash, or the
    /// first entry that does not match (and exits with status 1).
    Verify,
}

#[derive(Subcommand, Debug)]
pub enum EvidenceCommand {
    /// Re-hash every stored file: prints each one that is missing or changed (and exits
    /// with status 1 if any), and logs the result in each item's custody log.
    Verify,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input (one line).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make the account an administrator of the portal.
        #[arg(long)]
        admin: bool,
    },
    /// Set an account's password, read from standard input (one line).
    SetPassword {
        #[arg(long)]
        email: String,
    },
    /// Lift a login lock and forget past failed attempts.
    Unlock {
        #[arg(long)]
        email: String,
    },
    /// Forget an account's authenticator and recovery codes (a lost phone) and end its
    /// sessions. If two-factor sign-in is required of it, its owner enrols again at their
    /// next sign-in.
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// Require two-factor sign-in of an account (or, with --off, stop requiring it).
    RequireTwoFactor {
        #[arg(long)]
        email: String,
        #[arg(long)]
        off: bool,
    },
}
