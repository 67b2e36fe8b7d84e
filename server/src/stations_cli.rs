//! `scrutiny-portal stations import`: a register from CSV, with a progress bar on a
//! terminal and every problem listed by line.

use app::backend::AppState;
use app::backend::stations::{self, ImportProgress};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::time::Instant;

/// Problems listed before the rest are only counted.
const SHOWN: usize = 100;

pub async fn import(state: &AppState, file: &Path, election: &str) -> Result<(), String> {
    let started = Instant::now();
    let input =
        std::fs::File::open(file).map_err(|e| format!("opening {}: {e}", file.display()))?;
    // Hidden by indicatif itself when standard error is not a terminal.
    let bar = ProgressBar::new_spinner();
    bar.set_message("checking rows");
    let mut on_progress = |p: ImportProgress| match p {
        ImportProgress::Checked(rows) => bar.set_position(rows),
        ImportProgress::Written { done, total } => {
            if bar.length() != Some(total) {
                bar.set_style(
                    ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_length(total);
                bar.set_message("writing stations");
            }
            bar.set_position(done);
        }
    };
    let records = match stations::check_register(std::io::BufReader::new(input), &mut on_progress) {
        Ok(records) => records,
        Err(problems) => {
            bar.finish_and_clear();
            for p in problems.iter().take(SHOWN) {
                println!("line {}: {}", p.line, p.message);
            }
            if problems.len() > SHOWN {
                println!("… and {} more problems", problems.len() - SHOWN);
            }
            return Err(format!(
                "{} problems in {}; nothing was imported",
                problems.len(),
                file.display()
            ));
        }
    };
    let report = stations::store_register(state, None, election, records, &mut on_progress)
        .await
        .map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    println!(
        "{} stations in the file for “{}”: {} added, {} changed, {} unchanged ({:.1} s)",
        report.rows,
        election.trim(),
        report.added,
        report.changed,
        report.unchanged,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
