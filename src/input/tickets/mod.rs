//! Ticket exports (DESIGN section 3): one row per ticket, per ticket event, or per aggregated
//! group; CSV or Parquet; aggregated per role and category. Each export is read by `export` and
//! its totals become groups in `groups`. A CSV export is read once, in blocks of whole rows that
//! are aggregated in parallel (`blocks`; how, decided from the sample, in `plan`): by the direct
//! reader (`direct`), which splits and sums the rows in one pass, or by polars' parser and lazy
//! expressions (`aggregate`, `totals`) for what the direct reader leaves. Parquet and text the
//! block reader stops on are scanned whole by polars (`whole`).
//!
//! Only categories and figures leave this module: ticket text, subjects, names and e-mail
//! addresses are never returned, so no renderer can print them.

mod aggregate;
pub mod arrivals;
mod blocks;
mod chunk;
mod columnar;
mod compressed;
mod direct;
mod export;
mod formats;
mod groups;
mod head;
mod keys;
mod plan;
pub mod probe;
pub mod sql;
mod totals;
mod whole;

use crate::warning::Warning;
use compressed::Compression;
use export::read_one;
pub use keys::KEYS;

use super::columns;
use super::source;
use super::values;
use super::InputInfo;
use crate::error::InputError;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Handle times above this many minutes (a whole day) are absurd and excluded from averages.
pub const MAX_HANDLE_MINUTES: f64 = 24.0 * 60.0;

/// Rows read to detect formats (durations, dates, events).
const SAMPLE_ROWS: usize = 10_000;

/// Spellings of "yes, automation resolved it" and "no, a person did" in the automated column.
const AUTOMATED: values::YesNo = values::YesNo {
    yes: &[
        "true",
        "yes",
        "y",
        "1",
        "t",
        "bot",
        "automated",
        "deflected",
        "contained",
        "x",
    ],
    no: &["false", "no", "n", "0", "f", "human", "agent"],
};

/// How to read ticket exports.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub maps: Vec<(String, String)>,
    /// Every ticket goes to this role (`--role` on `tickets`).
    pub role: Option<String>,
    /// Queue -> role.
    pub queue_map: Option<HashMap<String, String>>,
    /// Average handle time when the export has none.
    pub default_aht: Option<f64>,
    /// Weeks covered, overriding the dates.
    pub weeks: Option<f64>,
    /// Show a progress bar of the bytes read on stderr (the command layer decides: only on a
    /// terminal).
    pub progress: bool,
    /// Compute each export's SHA-256 beside its BLAKE3 (`--sha256`).
    pub sha256: bool,
}

/// The hashes of an export's bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hashes {
    pub blake3: String,
    /// Only when asked for (`Options::sha256`).
    pub sha256: Option<String>,
}

/// One role and category, summed over the files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub role: String,
    pub category: String,
    pub tickets: f64,
    /// Sum of valid handle minutes and the tickets they cover.
    pub handle_minutes: f64,
    pub handle_tickets: f64,
    pub automated: f64,
    pub automated_known: f64,
}

impl Group {
    /// An empty group for a role and category.
    pub fn new(role: &str, category: &str) -> Group {
        Group {
            role: role.to_string(),
            category: category.to_string(),
            ..Group::default()
        }
    }

    /// Adds another group's figures to this one.
    pub fn add(&mut self, other: &Group) {
        self.tickets += other.tickets;
        self.handle_minutes += other.handle_minutes;
        self.handle_tickets += other.handle_tickets;
        self.automated += other.automated;
        self.automated_known += other.automated_known;
    }
}

/// What the reading found out, for the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// How handle times were read, per file ("seconds (from the header)", ...).
    pub handle_units: Vec<String>,
    pub excluded_negative: u64,
    pub excluded_absurd: u64,
    pub unreadable: u64,
    /// First and last timestamp seen (milliseconds since the epoch).
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub event_rows: bool,
    pub rows: u64,
    /// Per export whose categories came from a finer column than the category's.
    pub finer_categories: Vec<FinerCategory>,
}

/// An export whose finer column (an intent, a subcategory) was classified instead of its
/// category column.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FinerCategory {
    pub file: String,
    pub used: String,
    /// The coarser column left aside, if the export has one.
    pub instead_of: Option<String>,
}

/// The aggregated exports.
#[derive(Debug, Clone, Default)]
pub struct Tickets {
    pub groups: Vec<Group>,
    pub notes: Notes,
    pub inputs: Vec<InputInfo>,
    pub warnings: Vec<Warning>,
    /// Weeks the exports cover.
    pub weeks: f64,
    /// True when the handle time came from `--aht`.
    pub default_aht_used: bool,
}

/// Reads and aggregates ticket exports.
pub fn read(paths: &[String], opts: &Options) -> Result<Tickets, InputError> {
    let mut acc: BTreeMap<(String, String), Group> = BTreeMap::new();
    let mut out = Tickets::default();
    let bar = opts.progress.then(|| progress_bar(paths));
    for path in paths {
        if let Some(bar) = &bar {
            bar.set_message(format!("reading {path}"));
        }
        let read = read_one(path, opts, bar.as_ref(), &mut acc, &mut out);
        if let Some(bar) = bar.as_ref().filter(|_| read.is_err()) {
            bar.finish_and_clear();
        }
        read?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if acc.is_empty() {
        let message = "the ticket exports have no rows";
        return Err(match paths {
            [one] => InputError::in_file(one.as_str(), message),
            _ => InputError::new(message),
        }
        .hint("a ticket export needs a header row, then one row per ticket"));
    }
    out.groups = acc.into_values().collect();
    out.weeks = match (opts.weeks, out.notes.from_ms, out.notes.to_ms) {
        (Some(w), _, _) => w,
        (None, Some(a), Some(b)) if b > a => ((b - a) as f64 / (7.0 * 86_400_000.0)).max(1.0 / 7.0),
        _ => {
            out.warnings.push(Warning::NoTicketDates);
            1.0
        }
    };
    let n = &out.notes;
    if n.excluded_negative + n.excluded_absurd + n.unreadable > 0 {
        out.warnings.push(Warning::HandleTimesExcluded {
            negative: n.excluded_negative,
            over_24_hours: n.excluded_absurd,
            unreadable: n.unreadable,
        });
    }
    // Without handle times the workload has no hours; `--aht` gives them.
    if out.groups.iter().all(|g| g.handle_tickets == 0.0) && opts.default_aht.is_some() {
        out.default_aht_used = true;
    }
    Ok(out)
}

/// A bar of the bytes read over all the files, or a spinner when one is standard input.
fn progress_bar(paths: &[String]) -> indicatif::ProgressBar {
    let sizes: Option<Vec<u64>> = paths
        .iter()
        .map(|p| {
            // A compressed export's bytes read are not its size on disk: a spinner instead.
            let plain = compressed::detect(Path::new(p)).ok() == Some(Compression::None);
            (p != "-" && plain).then(|| std::fs::metadata(p).ok().map(|m| m.len()))?
        })
        .collect();
    let tick = std::time::Duration::from_millis(120);
    let Some(sizes) = sizes else {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(tick);
        return bar;
    };
    let bar = indicatif::ProgressBar::new(sizes.iter().sum());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} {wide_bar} {binary_bytes}/{binary_total_bytes}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(tick);
    bar
}

/// What an automated flag says: yes, no, or nothing known.
fn automated(flag: Option<&str>) -> Option<bool> {
    flag.and_then(|f| values::parse_yes_no(f, &AUTOMATED))
}

fn cannot_read(name: &str, e: std::io::Error) -> InputError {
    let err = InputError::in_file(name, format!("cannot read: {}", source::io_reason(&e)));
    if e.kind() == std::io::ErrorKind::NotFound {
        err.hint("check the path; use - to read from standard input")
    } else {
        err
    }
}

/// Runs polars on a Parquet file, with a panic made an error: polars panics on some damaged
/// files (a timestamp out of range, a column's bytes past the end of the file), which must not
/// stop the process. Its panic message, which would read as a crash, is not printed.
fn unpanicked<T>(read: impl FnOnce() -> PolarsResult<T>) -> PolarsResult<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Reads under way: a panic on any thread meanwhile is polars', and is made an error.
    static QUIET: AtomicUsize = AtomicUsize::new(0);
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.load(Ordering::SeqCst) == 0 {
                previous(info);
            }
        }));
    });
    QUIET.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    QUIET.fetch_sub(1, Ordering::SeqCst);
    result.unwrap_or_else(|_| {
        Err(polars_err!(ComputeError: "the Parquet file is damaged (polars stopped on it)"))
    })
}

/// A polars error as an input error on the file; polars names the line where it can.
fn polars_error(file: &str, e: PolarsError) -> InputError {
    let text = e.to_string();
    let first = without_quoted_values(text.lines().next().unwrap_or("").trim());
    InputError::in_file(file, format!("cannot read the export: {first}"))
        .hint("check that the file is a CSV or Parquet export with a header row")
}

/// A polars message with the values it quotes (in backticks or double quotes: cells, which may be
/// ticket text or a binary file's bytes) replaced by `…`, cut to 300 characters. Column names,
/// which polars quotes with single quotes, stay.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(300));
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => {
                out.push(q);
                open = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                out.push('…');
                open = Some(c);
            }
            None => out.push(c),
        }
    }
    crate::error::shorten(&out, 300)
}

/// Reads `--queue-map FILE`: two columns, queue and role (a header row is recognised by its names).
pub fn read_queue_map(path: &str) -> Result<HashMap<String, String>, InputError> {
    let src = source::read(path)?;
    let delimiter = source::sniff_delimiter(&src.text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(src.text.as_bytes());
    let mut map = HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| super::tasks::csv_error(&src.name, e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        let (q, r) = (
            rec.get(0).unwrap_or("").trim(),
            rec.get(1).unwrap_or("").trim(),
        );
        if i == 0 && columns::normalise(q) == "queue" && columns::normalise(r) == "role" {
            continue;
        }
        if q.is_empty() && r.is_empty() {
            continue;
        }
        if q.is_empty() || r.is_empty() {
            return Err(
                InputError::in_file(&src.name, "a queue map row needs a queue and a role")
                    .at_line(line)
                    .hint("write one queue,role pair per line"),
            );
        }
        map.insert(q.to_string(), r.to_string());
    }
    if map.is_empty() {
        return Err(InputError::in_file(&src.name, "the queue map is empty")
            .hint("write one queue,role pair per line"));
    }
    Ok(map)
}

#[cfg(test)]
mod quoting_tests {
    #[test]
    fn polars_messages_lose_the_values_they_quote() {
        assert_eq!(
            super::without_quoted_values(
                "could not parse `jane@x.org` as dtype `i64` at column 'Handle'"
            ),
            "could not parse `…` as dtype `…` at column 'Handle'"
        );
        assert_eq!(
            super::without_quoted_values("found \"\u{1}\u{2}abc"),
            "found \"…"
        );
    }
}
