//! One file per command: its arguments and `run`. Shared here: output flags and how output is
//! opened, warnings printed and the colour decided.

pub mod analyze;
pub mod paths;
pub mod taxonomy;

use crate::cli::ColorChoice;
use anyhow::Result;
use clap::Args;
use exposure::error::InputError;
use exposure::report::{Format, Style};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Flags every command that prints a report takes.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: table on a terminal, csv when piped, or from the -o extension]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Write to FILE instead of standard output (atomically: no partial file on failure).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not prefix CSV cells starting with = + - @ with a quote.
    #[arg(long)]
    pub no_formula_guard: bool,
}

/// What every command gets from the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub color: ColorChoice,
    pub quiet: bool,
}

/// What a command asks `main` to exit with, when it did not fail.
pub type Code = u8;

impl OutputArgs {
    /// The format asked for, or the one that fits where the output goes.
    pub fn format(&self) -> Format {
        if let Some(f) = self.format {
            return f;
        }
        if let Some(path) = &self.output {
            return match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("json") => Format::Json,
                Some("md" | "markdown") => Format::Markdown,
                Some("txt") => Format::Table,
                _ => Format::Csv,
            };
        }
        if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Csv
        }
    }

    pub fn style(&self, ctx: &Context) -> Style {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let color = match ctx.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        Style { formula_guard: !self.no_formula_guard, color, width }
    }

    /// Sends what `write` produces to the file or to stdout.
    pub fn emit(&self, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        match &self.output {
            Some(path) => {
                if path.is_dir() {
                    return Err(InputError::new(format!("-o {}: is a folder", path.display()))
                        .hint("give a file name, such as -o report.csv")
                        .into());
                }
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    if !parent.is_dir() {
                        return Err(InputError::new(format!("-o {}: the folder {} does not exist", path.display(), parent.display()))
                            .into());
                    }
                }
                exposure::output::write_atomically(path, write)
            }
            None => {
                let stdout = std::io::stdout();
                let mut lock = std::io::BufWriter::new(stdout.lock());
                write(&mut lock)?;
                lock.flush()?;
                Ok(())
            }
        }
    }
}

/// `--week-hours` must be a plausible working week.
pub fn check_week_hours(hours: f64) -> Result<(), InputError> {
    if hours > 0.0 && hours <= 168.0 {
        return Ok(());
    }
    Err(InputError::new(format!("--week-hours {hours} is not a working week")).hint("give the hours of a full week, such as 40"))
}

/// Prints warnings on stderr, unless --quiet.
pub fn print_warnings(ctx: &Context, warnings: &[String]) {
    if ctx.quiet {
        return;
    }
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {}", exposure::error::sanitize(w).replace(" \u{0}", ""));
    }
}
