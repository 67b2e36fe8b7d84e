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
}
