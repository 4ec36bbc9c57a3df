//! One file per command: its arguments and `run`. Shared here: output flags and how output is
//! opened, warnings printed and the colour decided.

pub mod analyze;
pub mod check;
pub mod completions;
pub mod paths;
pub mod report;
pub mod simulate;
pub mod taxonomy;
pub mod tickets;

use crate::cli::ColorChoice;
use anyhow::Result;
use clap::Args;
use exposure::error::InputError;
use exposure::report::{Document, Format, Style};
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

/// What to read: the inputs `analyze` and `paths` share.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Task inventory CSV (one row per role and task); - reads standard input.
    #[arg(value_name = "TASKS")]
    pub tasks: Option<String>,

    /// O*NET "Task Statements" file (tab-separated); each occupation becomes a role. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub onet: Vec<String>,

    /// With --onet: keep only this occupation (SOC code or title); repeatable.
    #[arg(long, value_name = "CODE|TITLE")]
    pub occupation: Vec<String>,

    /// Ticket exports (CSV or Parquet) whose workload joins each role's hours. Repeatable.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub tickets: Vec<String>,

    /// Put every ticket in this role (for exports without a queue column).
    #[arg(long, value_name = "NAME")]
    pub tickets_role: Option<String>,

    #[command(flatten)]
    pub ticket_args: TicketArgs,

    /// How ticket workload joins the inventory: replace the tasks that describe the same work,
    /// scale those tasks to the measured hours, or add it (which may count work twice).
    #[arg(long, value_enum, value_name = "MODE", default_value_t = exposure::reconcile::Mode::Replace)]
    pub reconcile: exposure::reconcile::Mode,

    /// Keep only this role (name or code); repeatable.
    #[arg(long, value_name = "NAME")]
    pub role: Vec<String>,

    /// Use COLUMN for KEY (role, task, hours_per_week, share, headcount, department, frequency, automatable, id, code; for tickets id, category, subject, count, handle_minutes, created, resolved, channel, automated); repeatable.
    #[arg(long, value_name = "KEY=COLUMN")]
    pub map: Vec<String>,

    /// Replace the embedded taxonomy with this TOML file.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<String>,

    /// Hours in a working week, for roles given as shares, frequencies or nothing.
    #[arg(long, value_name = "HOURS", default_value_t = exposure::analysis::DEFAULT_WEEK_HOURS)]
    pub week_hours: f64,
}

impl InputArgs {
    /// The analysis options these flags ask for, checked.
    pub fn options(
        &self,
        paths: &paths::PathArgs,
        ctx: &Context,
    ) -> Result<exposure::analysis::Options, InputError> {
        check_week_hours(self.week_hours)?;
        Ok(exposure::analysis::Options {
            tasks: self.tasks.clone(),
            onet: self.onet.clone(),
            occupations: self.occupation.clone(),
            maps: self.map.clone(),
            taxonomy: self.taxonomy.clone(),
            week_hours: self.week_hours,
            roles: self.role.clone(),
            tickets: self.tickets.clone(),
            ticket_options: exposure::analysis::TicketOptions {
                reconcile: self.reconcile,
                ..self.ticket_args.options(self.tickets_role.clone(), ctx)?
            },
            inventory: None,
            catalog: paths.catalog.clone(),
            thresholds: paths.thresholds(),
            paths: true,
        })
    }
}

/// How ticket exports become workload; shared by `analyze --tickets` and `tickets`.
#[derive(Debug, Args)]
pub struct TicketArgs {
    /// Map queues to roles with a CSV of queue,role pairs.
    #[arg(long, value_name = "FILE")]
    pub queue_map: Option<String>,

    /// Average handle time in minutes for tickets without one.
    #[arg(long, value_name = "MINUTES")]
    pub aht: Option<f64>,

    /// Weeks the exports cover [default: from the first to the last created date]
    #[arg(long, value_name = "WEEKS")]
    pub weeks: Option<f64>,

    /// Also give each export's SHA-256 in the report's inputs (BLAKE3 is always given; SHA-256
    /// adds about a fifth to the time of reading a large export)
    #[arg(long)]
    pub sha256: bool,
}

impl TicketArgs {
    pub fn options(
        &self,
        role: Option<String>,
        ctx: &Context,
    ) -> Result<exposure::analysis::TicketOptions, InputError> {
        if let Some(a) = self.aht.filter(|a| !(*a > 0.0 && *a <= 24.0 * 60.0)) {
            return Err(
                InputError::new(format!("--aht {a} is not a handle time in minutes"))
                    .hint("for example --aht 6.5"),
            );
        }
        if let Some(w) = self.weeks.filter(|w| w.is_nan() || *w <= 0.0) {
            return Err(InputError::new(format!("--weeks {w} is not a period"))
                .hint("for example --weeks 4"));
        }
        Ok(exposure::analysis::TicketOptions {
            role,
            queue_map: self.queue_map.clone(),
            aht: self.aht,
            weeks: self.weeks,
            progress: !ctx.quiet && std::io::stderr().is_terminal(),
            sha256: self.sha256,
            reconcile: exposure::reconcile::Mode::default(),
        })
    }
}

/// What every command gets from the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub color: ColorChoice,
    pub quiet: bool,
}

/// What a command asks `main` to exit with, when it did not fail.
pub type Code = crate::exit_codes::Exit;

impl OutputArgs {
    /// The format asked for, or the one that fits where the output goes.
    pub fn format(&self) -> Format {
        if let Some(f) = self.format {
            return f;
        }
        if let Some(path) = &self.output {
            return match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
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
            ColorChoice::Auto => {
                to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        Style {
            formula_guard: !self.no_formula_guard,
            color,
            width,
        }
    }

    /// Writes a view in the format asked for, to the file or to stdout, then its warnings on
    /// stderr (unless --quiet).
    pub fn show(&self, ctx: &Context, doc: &Document) -> Result<()> {
        let (format, style) = (self.format(), self.style(ctx));
        self.emit(|w| exposure::report::write(format, style, doc, w))?;
        print_warnings(ctx, &doc.warnings);
        Ok(())
    }

    /// Sends what `write` produces to the file or to stdout.
    pub fn emit(&self, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
        match &self.output {
            Some(path) => {
                if path.is_dir() {
                    return Err(
                        InputError::new(format!("-o {}: is a folder", path.display()))
                            .hint("give a file name, such as -o report.csv")
                            .into(),
                    );
                }
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    if !parent.is_dir() {
                        return Err(InputError::new(format!(
                            "-o {}: the folder {} does not exist",
                            path.display(),
                            parent.display()
                        ))
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
    Err(
        InputError::new(format!("--week-hours {hours} is not a working week"))
            .hint("give the hours of a full week, such as 40"),
    )
}

/// Prints warnings on stderr, unless --quiet.
pub fn print_warnings(ctx: &Context, warnings: &[String]) {
    if ctx.quiet {
        return;
    }
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {}", exposure::error::shorten(w, 4000));
    }
}
