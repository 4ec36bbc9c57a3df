//! Ticket exports (DESIGN section 3): one row per ticket, per ticket event, or per aggregated
//! group; CSV or Parquet; aggregated per role and category with polars. A CSV export is read
//! once, in blocks of whole rows that are parsed and aggregated in parallel (`blocks`, `plan`);
//! Parquet and text the block reader stops on are scanned whole (`whole`).
//!
//! Only categories and figures leave this module: ticket text, subjects, names and e-mail
//! addresses are never returned, so no renderer can print them.

pub mod arrivals;
mod blocks;
mod chunk;
mod compressed;
mod formats;
mod head;
mod keys;
mod plan;
mod whole;

use crate::warning::Warning;
use compressed::Compression;
use head::{csv_head, parquet_head};
pub use keys::KEYS;
use plan::{merge, Plan};
use whole::scan_whole;

use super::columns;
use super::source;
use super::values;
use super::InputInfo;
use crate::error::{quote_cell, ErrorKind, InputError};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

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
        return Err(InputError::new("the ticket exports have no rows"));
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

fn read_one(
    path: &str,
    opts: &Options,
    bar: Option<&indicatif::ProgressBar>,
    acc: &mut BTreeMap<(String, String), Group>,
    out: &mut Tickets,
) -> Result<(), InputError> {
    let file = if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    };
    // Standard input is copied to a temporary file: an export is read twice (a sample, then
    // all of it).
    let stdin_copy = if path == "-" {
        Some(copy_stdin(&file)?)
    } else {
        None
    };
    let disk = stdin_copy
        .as_ref()
        .map(|t| t.path().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(path));
    std::fs::File::open(&disk).map_err(|e| cannot_read(&file, e))?;
    let compression = compressed::detect(&disk).map_err(|e| cannot_read(&file, e))?;
    let parquet = compression == Compression::None && is_parquet(&disk);
    let polars_err = |e: PolarsError| polars_error(&file, e);

    let head = if parquet {
        parquet_head(&disk).map_err(polars_err)?
    } else {
        csv_head(&disk, compression, &file)?
    };
    let headers = &head.headers;
    let mut required: Vec<&str> = Vec::new();
    if opts.role.is_none() {
        required.push("role");
    }
    let map = columns::resolve(&file, headers, KEYS, &required, &opts.maps, &mut out.warnings).map_err(|e| {
        if opts.role.is_none() && e.kind == ErrorKind::MissingColumn("role".into()) {
            e.hint("name the queue column with --map role=COLUMN, or put every ticket in one role with --role NAME")
        } else {
            e
        }
    })?;
    if map.get("category").is_none() && map.get("subject").is_none() {
        return Err(InputError::in_file(
            &file,
            format!(
                "no column for the ticket category or subject; the columns found are {}",
                headers
                    .iter()
                    .map(|h| quote_cell(h))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .at_line(1)
        .hint("name it with --map category=COLUMN"));
    }
    let plan = Plan::new(&file, &head, &map, opts, &mut out.notes)?;

    let start = bar.map(|b| b.position());
    // Parquet is read by polars directly; text in another encoding (UTF-16, Windows-1252 in
    // the header) is re-encoded first.
    // Polars' whole-file scan reads plain files only: a compressed export that needs it is
    // decompressed to a temporary file first.
    let whole = |out: &mut Tickets| {
        let plain = (compression != Compression::None)
            .then(|| compressed::to_temp(&disk, compression))
            .transpose()
            .map_err(|e| cannot_read(&file, e))?;
        let path = plain.as_ref().map_or(disk.as_path(), |t| t.path());
        scan_whole(path, parquet, &file, &head, &plan, bar, &mut out.warnings)
    };
    let (sha, totals) = if parquet || !head.utf8 {
        whole(out)?
    } else {
        match blocks::run(&disk, compression, head.delimiter, bar, |rows| {
            plan.block(rows)
        }) {
            Ok(pass) => (
                pass.sha256,
                merge(pass.results, plan.events).map_err(polars_err)?,
            ),
            Err(blocks::Stop::Work(e)) => return Err(polars_err(e)),
            Err(blocks::Stop::Io(e)) => return Err(cannot_read(&file, e)),
            // Text that is not UTF-8 and quotes that do not close take the slower way, which
            // re-encodes the text or names the line of the quote.
            // A panic in the parser, which should not happen, gets the same second chance.
            Err(blocks::Stop::NotUtf8 | blocks::Stop::Unterminated | blocks::Stop::Panicked) => {
                if let (Some(bar), Some(start)) = (bar, start) {
                    bar.set_position(start);
                }
                whole(out)?
            }
        }
    };
    if let Some(v) = totals.first {
        out.notes.from_ms = Some(out.notes.from_ms.map_or(v, |x| x.min(v)));
    }
    if let Some(v) = totals.last {
        out.notes.to_ms = Some(out.notes.to_ms.map_or(v, |x| x.max(v)));
    }
    let file_rows =
        collect_groups(&totals.groups, &plan, opts, &file, acc, out).map_err(polars_err)?;
    out.notes.rows += file_rows;
    out.inputs.push(InputInfo {
        path: file,
        sha256: sha,
        rows: file_rows,
    });
    Ok(())
}

/// Turns the totals of one export into groups per role and category; returns its rows.
fn collect_groups(
    grouped: &DataFrame,
    plan: &Plan,
    opts: &Options,
    file: &str,
    acc: &mut BTreeMap<(String, String), Group>,
    out: &mut Tickets,
) -> PolarsResult<u64> {
    if grouped.height() == 0 {
        return Ok(0);
    }
    let f64s = |c: &str| -> PolarsResult<Vec<f64>> {
        let s = grouped.column(c)?.cast(&DataType::Float64)?;
        Ok(s.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
    };
    // Missing keys, written as nulls or as "N/A" and the like, get a name that says so.
    let strs = |c: &str, missing: &str| -> PolarsResult<Vec<String>> {
        let s = grouped.column(c)?.cast(&DataType::String)?;
        Ok(s.str()?
            .iter()
            .map(|v| match v {
                Some(v) if !values::is_missing(v) => v.to_string(),
                _ => missing.to_string(),
            })
            .collect())
    };
    let (roles, cats) = (
        strs("role", "(no queue)")?,
        strs("category", "(no category)")?,
    );
    let (tickets, minutes, timed) = (f64s("tickets")?, f64s("minutes")?, f64s("timed")?);
    let auto_raw: Vec<Option<String>> = grouped
        .column("auto_raw")?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|v| v.map(|v| v.trim().to_lowercase()))
        .collect();
    let (neg, absurd, unreadable, nrows) = (
        f64s("neg")?,
        f64s("absurd")?,
        f64s("unreadable")?,
        f64s("rows")?,
    );
    let mut file_rows = 0u64;
    for i in 0..grouped.height() {
        let role = match &opts.queue_map {
            Some(m) => m
                .get(&roles[i])
                .cloned()
                .unwrap_or_else(|| roles[i].clone()),
            None => roles[i].clone(),
        };
        // Subjects are free text: marked here, replaced by the phrases they match in
        // `workload`, so that no subject reaches an output.
        let category = if plan.subjects {
            format!("subject:{}", cats[i])
        } else {
            cats[i].clone()
        };
        let flag = automated(auto_raw[i].as_deref());
        let group = Group {
            role,
            category,
            tickets: tickets[i],
            handle_minutes: minutes[i],
            handle_tickets: timed[i],
            automated: if flag == Some(true) { tickets[i] } else { 0.0 },
            automated_known: if flag.is_some() { tickets[i] } else { 0.0 },
        };
        acc.entry((group.role.clone(), group.category.clone()))
            .or_insert_with(|| Group::new(&group.role, &group.category))
            .add(&group);
        out.notes.excluded_negative += neg[i] as u64;
        out.notes.excluded_absurd += absurd[i] as u64;
        out.notes.unreadable += unreadable[i] as u64;
        file_rows += nrows[i] as u64;
    }
    if let Some(m) = &opts.queue_map {
        let mut unmapped: Vec<&String> = roles.iter().filter(|q| !m.contains_key(*q)).collect();
        unmapped.sort();
        unmapped.dedup();
        if !unmapped.is_empty() {
            out.warnings.push(Warning::UnmappedQueues {
                file: file.to_string(),
                queues: unmapped.iter().take(8).map(|q| q.to_string()).collect(),
            });
        }
    }
    if plan.subjects {
        out.warnings.push(Warning::SubjectsClassified {
            file: file.to_string(),
        });
    }
    Ok(file_rows)
}

/// True when the flag, lowercased, is one of `words`.
/// What an automated flag says: yes, no, or nothing known.
fn automated(flag: Option<&str>) -> Option<bool> {
    flag.and_then(|f| values::parse_yes_no(f, &AUTOMATED))
}

/// Copies standard input to a temporary file.
fn copy_stdin(name: &str) -> Result<tempfile::NamedTempFile, InputError> {
    let mut copy = tempfile::NamedTempFile::new().map_err(|e| cannot_read(name, e))?;
    std::io::copy(&mut std::io::stdin().lock(), copy.as_file_mut())
        .map_err(|e| cannot_read(name, e))?;
    Ok(copy)
}

fn cannot_read(name: &str, e: std::io::Error) -> InputError {
    let err = InputError::in_file(name, format!("cannot read: {}", source::io_reason(&e)));
    if e.kind() == std::io::ErrorKind::NotFound {
        err.hint("check the path; use - to read from standard input")
    } else {
        err
    }
}

fn is_parquet(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".parquet") || lower.ends_with(".pq") {
        return true;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"PAR1"
}

/// A polars error as an input error on the file; polars names the line where it can.
fn polars_error(file: &str, e: PolarsError) -> InputError {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("").trim().to_string();
    InputError::in_file(file, format!("cannot read the export: {first}"))
        .hint("check that the file is a CSV or Parquet export with a header row")
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
