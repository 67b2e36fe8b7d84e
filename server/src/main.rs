//! `scrutiny-portal`: serves the portal, or manages accounts (`scrutiny-portal user --help`).

use app::backend::audit::{self, Verdict};
use app::backend::entities::user;
use app::backend::evidence::{self, FileCheck};
use app::backend::session_store::DbSessionStore;
use app::backend::{AppState, PortalConfig, accounts, db};
use app::error::AppError;
use clap::Parser;
use server::cli::{
    AuditCommand, BackupArgs, BackupCommand, Cli, Command, EvidenceCommand, StationsCommand,
    UserCommand,
};
use server::settings::{RouterSettings, ServeArgs};
use server::{router, seed};
use std::io::BufRead;
use std::process::ExitCode;
use tower_sessions::ExpiredDeletion;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        // Standard output is for what a command reports (and the portal's address).
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn describe(error: AppError) -> String {
    match error {
        AppError::Invalid(fields) => fields.to_string(),
        AppError::NotFound => "no account has that e-mail".to_owned(),
        other => other.to_string(),
    }
}

/// Reads a password without echo at a terminal, or one line from a pipe (for scripts).
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Password (12 to 128 characters): ")
            .map_err(|e| format!("reading the password: {e}"));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn account(state: &AppState, email: &str) -> Result<user::Model, String> {
    accounts::find_by_email(state, email)
        .await
        .map_err(describe)?
        .ok_or_else(|| format!("no account has the e-mail {email}"))
}

async fn run(cli: Cli) -> Result<(), String> {
    let url = cli
        .data
        .database_url()
        .map_err(|e| format!("creating the data directory: {e}"))?;
    // These two read no database of the portal's: restoring needs the data directory empty.
    match &cli.command {
        Some(Command::Restore { dir }) => {
            let sqlite = url.starts_with("sqlite:");
            if sqlite && cli.data.database_url.is_some() {
                return Err(format!(
                    "a SQLite database is restored where the portal keeps it by default, {}: restore without --database-url (DATABASE_URL)",
                    cli.data
                        .data_dir
                        .join(server::settings::DATABASE_FILE)
                        .display()
                ));
            }
            let manifest =
                server::backup::restore(dir, &cli.data.data_dir, &cli.data.evidence_dir(), sqlite)
                    .await?;
            println!(
                "Restored {} evidence files{} from a backup of {}; audit chain: {} entries, head {}",
                manifest.files.len(),
                if sqlite { " and the database" } else { "" },
                manifest.created_at.to_rfc3339(),
                manifest.audit_entries,
                manifest.audit_head
            );
            return Ok(());
        }
        Some(Command::Backup(BackupArgs {
            command: Some(BackupCommand::Verify { dir }),
            ..
        })) => return backup_verify(dir).await,
        Some(Command::DemoCode) => {
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default();
            println!("{}", seed::demo_code(now));
            return Ok(());
        }
        _ => {}
    }
    let config = PortalConfig {
        time_zone: cli.serve.time_zone,
        evidence_dir: cli.data.evidence_dir(),
        max_upload_bytes: cli.serve.max_upload_mib.saturating_mul(1 << 20),
        session_lifetime: chrono::Duration::hours(cli.serve.session_hours),
        ..PortalConfig::default()
    };
    let database = db::connect(&url)
        .await
        .map_err(|e| format!("opening the database: {e}"))?;
    let state = AppState::new(database, config);
    match cli.command {
        Some(Command::User(command)) => user_command(&state, command).await,
        Some(Command::Audit(AuditCommand::Verify)) => audit_verify(&state).await,
        Some(Command::Evidence(EvidenceCommand::Verify)) => evidence_verify(&state).await,
        Some(Command::Stations(StationsCommand::Import { file, election })) => {
            server::stations_cli::import(&state, &file, &election).await
        }
        Some(Command::Backup(BackupArgs { dir: Some(dir), .. })) => {
            backup_create(&state, &url, &cli.data.evidence_dir(), &dir).await
        }
        Some(Command::Backup(_)) => Err("name the backup's directory: backup DIR".to_owned()),
        Some(Command::Restore { .. } | Command::DemoCode) => Ok(()),
        None => serve(state, cli.serve).await,
    }
}

async fn user_command(state: &AppState, command: UserCommand) -> Result<(), String> {
    match command {
        UserCommand::Add { email, name, admin } => {
            let password = read_password()?;
            let user = accounts::create_user(state, None, &name, &email, &password, admin)
                .await
                .map_err(describe)?;
            println!(
                "Created {} <{}>{}",
                user.name,
                user.email,
                if admin { " (administrator)" } else { "" }
            );
        }
        UserCommand::SetPassword { email } => {
            let password = read_password()?;
            accounts::set_password(state, None, &email, &password)
                .await
                .map_err(describe)?;
            println!("Password changed for {email}");
        }
        UserCommand::Unlock { email } => {
            let user = account(state, &email).await?;
            accounts::unlock(state, None, user.id)
                .await
                .map_err(describe)?;
            println!("Unlocked {}", user.email);
        }
        UserCommand::ResetTwoFactor { email } => {
            let user = account(state, &email).await?;
            accounts::two_factor::reset(state, None, user.id)
                .await
                .map_err(describe)?;
            println!(
                "Two-factor sign-in reset for {}: its authenticator and recovery codes are forgotten, and its sessions ended",
                user.email
            );
        }
        UserCommand::RequireTwoFactor { email, off } => {
            let user = account(state, &email).await?;
            accounts::two_factor::set_required(state, None, user.id, !off)
                .await
                .map_err(describe)?;
            println!(
                "Two-factor sign-in {} for {}",
                if off {
                    "no longer required"
                } else {
                    "required"
                },
                user.email
            );
        }
    }
    Ok(())
}

async fn audit_verify(state: &AppState) -> Result<(), String> {
    let started = std::time::Instant::now();
    let verdict = audit::verify(&state.db).await.map_err(describe)?;
    println!("{verdict}");
    eprintln!("({:.2} s)", started.elapsed().as_secs_f64());
    match verdict {
        Verdict::Intact { .. } => Ok(()),
        Verdict::Broken { .. } => Err("the audit chain is broken".to_owned()),
    }
}

async fn backup_create(
    state: &AppState,
    url: &str,
    evidence_dir: &std::path::Path,
    dir: &std::path::Path,
) -> Result<(), String> {
    let started = std::time::Instant::now();
    let manifest = server::backup::create(&state.db, url, evidence_dir, dir).await?;
    println!(
        "Backed up {}{} evidence files ({} bytes in all) to {}; audit chain: {} entries, head {}",
        if manifest.database.is_some() {
            "the database and "
        } else {
            ""
        },
        manifest.files.len(),
        manifest.bytes(),
        dir.display(),
        manifest.audit_entries,
        manifest.audit_head
    );
    if manifest.database.is_none() {
        println!(
            "The PostgreSQL database is not in it: keep the pg_dump taken before this command beside it."
        );
    }
    eprintln!("({:.2} s)", started.elapsed().as_secs_f64());
    Ok(())
}

async fn backup_verify(dir: &std::path::Path) -> Result<(), String> {
    let (manifest, problems) = server::backup::verify(dir).await?;
    for problem in &problems {
        println!("{problem}");
    }
    if problems.is_empty() {
        println!(
            "OK: the backup of {} holds {}{} files as its manifest lists them; audit chain: {} entries, head {}",
            manifest.created_at.to_rfc3339(),
            if manifest.database.is_some() {
                "the database and "
            } else {
                ""
            },
            manifest.files.len(),
            manifest.audit_entries,
            manifest.audit_head
        );
        Ok(())
    } else {
        Err(format!("{} problems in the backup", problems.len()))
    }
}

async fn evidence_verify(state: &AppState) -> Result<(), String> {
    let report = evidence::verify_all(state).await.map_err(describe)?;
    for (case_id, code, name, sha256, check) in &report.problems {
        let what = match check {
            FileCheck::Missing => "MISSING".to_owned(),
            FileCheck::Changed { found } => format!("CHANGED (now {found})"),
            FileCheck::Intact => continue,
        };
        println!("{what}: case {case_id} {code} {name} (filed as {sha256})");
    }
    println!(
        "{} files checked ({} bytes), {} missing or changed",
        report.checked,
        report.bytes,
        report.problems.len()
    );
    if report.problems.is_empty() {
        Ok(())
    } else {
        Err("some evidence files are missing or changed".to_owned())
    }
}

async fn serve(state: AppState, args: ServeArgs) -> Result<(), String> {
    if !args.no_seed
        && !args.addr.ip().is_loopback()
        && seed::is_empty(&state).await.map_err(describe)?
    {
        return Err(format!(
            "refusing to create the demo accounts, whose password is published, on {}, which other \
             machines can reach. Start with --no-seed and create an administrator with \
             `scrutiny-portal user add --admin`, or serve the demo on 127.0.0.1.",
            args.addr
        ));
    }
    match state.storage().sweep_partial_uploads() {
        Ok(0) => {}
        Ok(n) => tracing::info!("removed {n} partial uploads left by an earlier run"),
        Err(e) => tracing::warn!("sweeping partial uploads: {e}"),
    }
    match app::backend::evidence::sweep_unrecorded(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            "removed {n} stored files that an earlier run put in place but was stopped before recording"
        ),
        Err(e) => tracing::warn!("sweeping unrecorded files: {e}"),
    }
    if !args.no_seed && seed::seed_if_empty(&state).await.map_err(describe)? {
        tracing::info!("added the demo case to the empty database");
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("listening on {}: {e}", args.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let settings = RouterSettings::from(&args);
    let sweeper = DbSessionStore::new(state.db.clone());
    let sweeper_state = state.clone();
    // Expired sessions and old failures hold nothing back; this only keeps the tables small.
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            if let Err(e) = sweeper.delete_expired().await {
                tracing::warn!("deleting expired sessions: {e}");
            }
            if let Err(e) = accounts::forget_stale_failures(&sweeper_state).await {
                tracing::warn!("forgetting old failed sign-ins: {e}");
            }
        }
    });
    let app = router::build(state, &settings);

    println!("\nScrutiny portal is running at http://{local}/");
    if !args.no_seed {
        println!("Demo logins (password for each: {}):", seed::DEMO_PASSWORD);
        for login in seed::logins() {
            println!("  {:<24} {}", login.email, login.what);
        }
        let exe = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "scrutiny-portal".to_owned());
        println!(
            "Court accounts (registrar, judge, officers) also ask for a code from an authenticator app.\n  Add the demo key {} to any authenticator app, or run: {exe} demo-code",
            seed::DEMO_TOTP_SECRET
        );
    }
    println!("Press Ctrl+C to stop.\n");
    axum::serve(router::without_delay(listener), app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("serving: {e}"))
}
