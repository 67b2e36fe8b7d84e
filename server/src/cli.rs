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
