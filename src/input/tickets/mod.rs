//! Ticket exports (DESIGN section 3): one row per ticket, per ticket event, or per aggregated
//! group; CSV or Parquet; read with polars (lazy scan, projection of the needed columns only,
//! streaming engine) and aggregated per role and category.
//!
//! Only categories and figures leave this module: ticket text, subjects, names and e-mail
//! addresses are never returned, so no renderer can print them.

mod blocks;
mod formats;

use super::columns::{self, Key};
use super::source;
use super::values;
use super::InputInfo;
use crate::error::{quote_cell, InputError};
use formats::{
    common_width, describe, detect_date_format, detect_duration, parse_millis, Duration,
};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Handle times above this many minutes (a whole day) are absurd and excluded from averages.
pub const MAX_HANDLE_MINUTES: f64 = 24.0 * 60.0;

/// Rows read to detect formats (durations, dates, events).
const SAMPLE_ROWS: usize = 10_000;

/// Spellings of "yes, automation resolved it" (compared lowercased).
const TRUE_WORDS: &[&str] = &[
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
];
const FALSE_WORDS: &[&str] = &["false", "no", "n", "0", "f", "human", "agent"];

pub const KEYS: &[Key] = &[
    Key {
        name: "id",
        what: "the ticket id (rows with one id are one ticket)",
        synonyms: &[
            "ticketid",
            "ticket",
            "ticketnumber",
            "ticketno",
            "number",
            "casenumber",
            "caseid",
            "incidentid",
            "incidentnumber",
            "conversationid",
            "requestid",
        ],
    },
    Key {
        name: "category",
        what: "the ticket category",
        synonyms: &[
            "type",
            "tickettype",
            "intent",
            "topic",
            "reason",
            "issuetype",
            "subcategory",
            "casetype",
            "contactreason",
            "disposition",
            "casereason",
            "requesttype",
        ],
    },
    Key {
        name: "subject",
        what: "the ticket subject (classified only when there is no category)",
        synonyms: &["title", "summary", "shortdescription", "subjectline"],
    },
    Key {
        name: "role",
        what: "the queue or group that works the ticket",
        synonyms: &[
            "queue",
            "queuename",
            "group",
            "assignmentgroup",
            "groupname",
            "team",
            "assigneerole",
            "skill",
            "skillgroup",
        ],
    },
    Key {
        name: "count",
        what: "the number of tickets in an aggregated row",
        synonyms: &[
            "tickets",
            "volume",
            "n",
            "numberoftickets",
            "ticketcount",
            "contacts",
        ],
    },
    Key {
        name: "handle_minutes",
        what: "the handle time",
        synonyms: &[
            "handletime",
            "aht",
            "averagehandletime",
            "handlingtime",
            "timespent",
            "timeworked",
            "talktime",
            "worktime",
            "handleseconds",
            "handlesecs",
            "duration",
        ],
    },
    Key {
        name: "created",
        what: "when the ticket was opened",
        synonyms: &[
            "createdat",
            "created",
            "createddate",
            "creationdate",
            "datecreated",
            "openedat",
            "opened",
            "opendate",
            "createdon",
        ],
    },
    Key {
        name: "resolved",
        what: "when the ticket was closed",
        synonyms: &[
            "resolvedat",
            "resolveddate",
            "closedat",
            "closed",
            "closeddate",
            "solvedat",
            "resolvedon",
            "closedon",
        ],
    },
    Key {
        name: "channel",
        what: "the contact channel",
        synonyms: &["medium", "source", "contacttype", "via"],
    },
    Key {
        name: "automated",
        what: "whether automation resolved the ticket",
        synonyms: &[
            "resolvedbybot",
            "botresolved",
            "deflected",
            "contained",
            "selfservice",
            "automation",
            "botcontained",
            "isautomated",
        ],
    },
];

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
    pub warnings: Vec<String>,
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
            out.warnings.push(
                "the exports have no usable created or resolved dates: they are taken to cover one week (give --weeks)"
                    .to_string(),
            );
            1.0
        }
    };
    let n = &out.notes;
    let mut said = Vec::new();
    if n.excluded_negative > 0 {
        said.push(format!("{} negative", n.excluded_negative));
    }
    if n.excluded_absurd > 0 {
        said.push(format!("{} over 24 hours", n.excluded_absurd));
    }
    if n.unreadable > 0 {
        said.push(format!("{} unreadable", n.unreadable));
    }
    if !said.is_empty() {
        out.warnings.push(format!(
            "handle times excluded from the averages: {} (those tickets still count in volume)",
            said.join(", ")
        ));
    }
    if out.groups.iter().all(|g| g.handle_tickets == 0.0) {
        match opts.default_aht {
            Some(_) => out.default_aht_used = true,
            None => {
                return Err(
                    InputError::new("the ticket exports have no usable handle times")
                        .hint("give the average handle time with --aht MINUTES"),
                )
            }
        }
    }
    Ok(out)
}

/// A bar of the bytes read over all the files, or a spinner when one is standard input.
fn progress_bar(paths: &[String]) -> indicatif::ProgressBar {
    let sizes: Option<Vec<u64>> = paths
        .iter()
        .map(|p| (p != "-").then(|| std::fs::metadata(p).ok().map(|m| m.len()))?)
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
    let parquet = is_parquet(&disk);
    let polars_err = |e: PolarsError| polars_error(&file, e);

    let head = if parquet {
        parquet_head(&disk).map_err(polars_err)?
    } else {
        csv_head(&disk, &file)?
    };
    let headers = &head.headers;
    let mut required: Vec<&str> = Vec::new();
    if opts.role.is_none() {
        required.push("role");
    }
    let map = columns::resolve(&file, headers, KEYS, &required, &opts.maps, &mut out.warnings).map_err(|e| {
        if opts.role.is_none() && e.message.contains("\"role\"") {
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
    let (sha, totals) = if parquet || !head.utf8 {
        scan_whole(&disk, &file, &head, &plan, bar, &mut out.warnings)?
    } else {
        match blocks::run(&disk, head.delimiter, bar, |rows| plan.block(rows)) {
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
                scan_whole(&disk, &file, &head, &plan, bar, &mut out.warnings)?
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

/// The first rows of an export: its column names and a sample of values as text.
struct Head {
    /// Column names as written (trimmed), for matching and messages.
    headers: Vec<String>,
    /// The names the columns get in polars frames: the headers, made unique.
    columns: Vec<String>,
    delimiter: u8,
    /// Up to `SAMPLE_ROWS` rows, every column as text.
    sample: DataFrame,
    /// The first bytes are UTF-8 (a UTF-8 byte-order mark included).
    utf8: bool,
    /// The bytes those rows take in the file.
    sample_bytes: usize,
}

impl Head {
    /// The sampled values of a column, without the missing ones.
    fn texts(&self, column: Option<usize>) -> Vec<String> {
        column
            .and_then(|i| self.sample.columns().get(i))
            .and_then(|c| c.str().ok())
            .map(|s| {
                s.iter()
                    .flatten()
                    .filter(|v| !values::is_missing(v))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Unique column names: a repeated header gets its position appended.
fn unique_names(headers: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let name = if h.is_empty() || seen.contains(h.as_str()) {
                format!("{h} (column {})", i + 1)
            } else {
                h.clone()
            };
            seen.insert(h.as_str());
            name
        })
        .collect()
}

/// Reads the header and the first rows of a CSV export (a few megabytes at most).
/// Text that is not UTF-8 is decoded here for the sample; the warning comes with the whole
/// file's re-encoding (`prepare`).
fn csv_head(disk: &Path, file: &str) -> Result<Head, InputError> {
    const HEAD_BYTES: u64 = 4 << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(disk)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut bytes))
        .map_err(|e| cannot_read(file, e))?;
    let whole = (bytes.len() as u64) < HEAD_BYTES;
    if !whole {
        // Whole lines only, so that no character is cut.
        if let Some(end) = memchr::memrchr(b'\n', &bytes) {
            bytes.truncate(end + 1);
        }
    }
    let utf8 = std::str::from_utf8(&bytes).is_ok();
    let text = source::decode(file.to_string(), &bytes).text;
    let first = text.lines().next().unwrap_or("");
    if first.trim().is_empty() {
        return Err(InputError::in_file(file, "the file is empty")
            .hint("a ticket export needs a header row, then one row per ticket"));
    }
    let delimiter = source::sniff_delimiter(first);
    if whole {
        if let Some(line) = source::unterminated_quote(&text, delimiter) {
            return Err(super::tasks::unterminated(file, line));
        }
    }
    let headers = header_fields(first, delimiter);
    let columns = unique_names(&headers);
    // The rows after the header, up to the last one that ends in this text.
    let rows = blocks::scan(text.as_bytes(), delimiter);
    let start = rows.first_end.unwrap_or(text.len());
    let end = if whole {
        text.len()
    } else {
        rows.last_end.unwrap_or(start).max(start)
    };
    let body = &text.as_bytes()[start..end];
    let schema: Schema = columns
        .iter()
        .map(|c| Field::new(c.as_str().into(), DataType::String))
        .collect();
    let all: Vec<usize> = (0..columns.len()).collect();
    let parsed = read_rows(body, delimiter, &schema, &all, SAMPLE_ROWS)
        .map_err(|e| polars_error(file, e))?;
    let sample = parsed.slice(0, SAMPLE_ROWS);
    // The sample's share of the bytes is its share of the rows.
    let sample_bytes = body.len() * sample.height() / parsed.height().max(1);
    Ok(Head {
        headers,
        columns,
        delimiter,
        sample,
        utf8,
        sample_bytes,
    })
}

/// Parses whole CSV rows (no header) with polars' chunk parser: the columns of `projection`
/// (in file order), typed by `schema`.
fn read_rows(
    rows: &[u8],
    delimiter: u8,
    schema: &Schema,
    projection: &[usize],
    capacity: usize,
) -> PolarsResult<DataFrame> {
    use polars::io::csv::read::_csv_read_internal::read_chunk;
    let options = CsvParseOptions::default()
        .with_separator(delimiter)
        .with_truncate_ragged_lines(true)
        .with_missing_is_null(true);
    read_chunk(
        rows,
        &options,
        schema,
        false,
        projection,
        0,
        capacity,
        None,
        usize::MAX,
        rows.len(),
        Some(0),
    )
}

/// The column names and first rows of a Parquet export.
fn parquet_head(disk: &Path) -> PolarsResult<Head> {
    let lf = scan_parquet(disk)?;
    let schema = lf.clone().collect_schema()?;
    let columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let sample = lf
        .select(
            columns
                .iter()
                .map(|c| col(c.as_str()).cast(DataType::String))
                .collect::<Vec<_>>(),
        )
        .limit(SAMPLE_ROWS as IdxSize)
        .collect()?;
    Ok(Head {
        headers: columns.clone(),
        columns,
        delimiter: b',',
        sample,
        utf8: true,
        sample_bytes: 0,
    })
}

fn scan_parquet(disk: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::from(disk.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}

/// How the rows of one export become role, category, weight, minutes and flags, decided from
/// its sample.
struct Plan {
    role: Expr,
    category: Expr,
    /// The category column holds subjects (free text, replaced later by matched phrases).
    subjects: bool,
    id: Expr,
    /// Tickets per row, in aggregated exports.
    weight: Option<Expr>,
    /// The timestamp that gives the period covered: created, or resolved when there is none.
    date: Expr,
    /// The date column as written, when dates are compared as text.
    raw_date: Option<Expr>,
    /// Their width.
    date_width: usize,
    automated: Expr,
    automated_col: Option<String>,
    /// The handle-time column and how it is written.
    handle: Option<(String, Duration)>,
    /// Sampled handle times are plain numbers: the parser reads them as numbers (a block
    /// where that fails is read again as text).
    numeric_handle: bool,
    /// Several rows per ticket id.
    events: bool,
    /// The format of dates compared as text (ISO, one width), parsed after aggregation; dates
    /// in other forms are parsed per row into milliseconds.
    text_dates: Option<&'static str>,
    delimiter: u8,
    columns: Vec<String>,
    /// The columns read, in file order.
    needed: Vec<usize>,
    handle_index: Option<usize>,
    /// Average bytes per row in the sample, to size the parser's buffers.
    bytes_per_row: f64,
}

impl Plan {
    fn new(
        file: &str,
        head: &Head,
        map: &columns::ColumnMap,
        opts: &Options,
        notes: &mut Notes,
    ) -> Result<Plan, InputError> {
        let name = |key: &str| map.get(key).map(|i| head.columns[i].clone());
        let texts = |key: &str| head.texts(map.get(key));
        let handle_col = name("handle_minutes");
        let handle_texts = texts("handle_minutes");
        let handle = handle_col
            .as_ref()
            .map(|h| (h.clone(), detect_duration(h, &handle_texts)));
        if let Some((h, d)) = &handle {
            notes.handle_units.push(format!(
                "{file}: {} read as {}",
                quote_cell(&head.headers[map.get("handle_minutes").unwrap_or(0)]),
                describe(*d, h)
            ));
        }
        let numeric_handle = matches!(handle, Some((_, Duration::Number(_))))
            && handle_texts.iter().all(|v| plain_number(v));
        let events = name("count").is_none() && {
            let mut seen = std::collections::HashSet::new();
            texts("id").iter().any(|i| !seen.insert(i.clone()))
        };
        notes.event_rows |= events;
        // The period covered is when tickets came in; exports without a created date give
        // it from their resolved dates.
        // With --weeks the dates are not needed, and not read.
        let date_key = ["created", "resolved"]
            .into_iter()
            .find(|k| opts.weeks.is_none() && map.get(k).is_some());
        let date_col = date_key.and_then(name);
        let date_texts = date_key.map(texts).unwrap_or_default();
        let date_format = match (date_key, date_texts.first()) {
            (Some(key), Some(example)) => {
                Some(detect_date_format(&date_texts).ok_or_else(|| {
                    InputError::in_file(
                        file,
                        format!(
                            "the {key} dates are in a form not recognised, such as {}",
                            quote_cell(example)
                        ),
                    )
                    .at_column(
                        map.get(key).map(|i| i + 1).unwrap_or(0),
                        map.get(key)
                            .map(|i| head.headers[i].clone())
                            .unwrap_or_default(),
                    )
                    .hint("use ISO dates (2026-03-31 14:05) or day-first ones (31/03/2026 14:05)")
                })?)
            }
            _ => None,
        };
        // ISO timestamps of one width order as text: their first and last need no parsing
        // per row, only the two that come out of the aggregation.
        let width = date_format
            .filter(|f| f.starts_with("%Y-%m-%d"))
            .and_then(|_| common_width(&date_texts));
        let date = match (&date_col, date_format, width) {
            (Some(c), Some(_), Some(w)) => {
                // Values of another width are not dates ("N/A", blanks): left out.
                let text = col(c.as_str()).cast(DataType::String);
                when(text.clone().str().len_bytes().eq(lit(w as u32)))
                    .then(text)
                    .otherwise(lit(NULL).cast(DataType::String))
            }
            (Some(c), Some(f), None) => col(c.as_str())
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL))
                .str()
                .to_datetime(
                    Some(TimeUnit::Milliseconds),
                    None,
                    StrptimeOptions {
                        format: Some(f.into()),
                        strict: false,
                        exact: true,
                        cache: true,
                    },
                    lit("raise"),
                )
                .cast(DataType::Int64),
            _ => lit(NULL).cast(DataType::Int64),
        };
        let category_col = name("category");
        let mut used = vec!["role", "category", "count", "handle_minutes", "automated"];
        used.extend(date_key);
        if category_col.is_none() {
            used.push("subject");
        }
        if events {
            used.push("id");
        }
        let mut needed: Vec<usize> = used.iter().filter_map(|k| map.get(k)).collect();
        needed.sort_unstable();
        needed.dedup();
        let bytes_per_row =
            (head.sample_bytes as f64 / head.sample.height().max(1) as f64).max(8.0);
        Ok(Plan {
            role: match (&opts.role, name("role")) {
                (Some(r), _) => lit(r.as_str()),
                (None, Some(c)) => col(c.as_str()),
                (None, None) => lit(NULL).cast(DataType::String),
            },
            subjects: category_col.is_none(),
            category: col(category_col
                .or(name("subject"))
                .unwrap_or_default()
                .as_str()),
            id: match name("id") {
                Some(i) => col(i.as_str()).cast(DataType::String),
                None => lit(NULL).cast(DataType::String),
            },
            weight: name("count")
                .map(|c| col(c.as_str()).cast(DataType::Float64).fill_null(lit(0.0))),
            date,
            automated: match name("automated") {
                Some(a) => col(a.as_str()),
                None => lit(NULL).cast(DataType::String),
            },
            automated_col: name("automated"),
            text_dates: width.and(date_format),
            raw_date: match (&date_col, width) {
                (Some(c), Some(_)) => Some(col(c.as_str()).cast(DataType::String)),
                _ => None,
            },
            date_width: width.unwrap_or(0),
            handle,
            numeric_handle,
            events,
            delimiter: head.delimiter,
            columns: head.columns.clone(),
            handle_index: map.get("handle_minutes"),
            needed,
            bytes_per_row,
        })
    }

    /// Handle minutes and whether a value was written, per row.
    fn minutes(&self, numeric: bool) -> (Expr, Expr) {
        let Some((h, d)) = &self.handle else {
            return (lit(NULL).cast(DataType::Float64), lit(false));
        };
        let raw = col(h.as_str());
        // "nan" is a missing value, not a number above every other.
        let number = |e: Expr| e.fill_nan(lit(NULL).cast(DataType::Float64));
        match d {
            Duration::Number(f) if numeric => (number(raw.clone() * lit(*f)), raw.is_not_null()),
            Duration::Number(f) => {
                let s = raw
                    .clone()
                    .cast(DataType::String)
                    .str()
                    .strip_chars(lit(NULL));
                (
                    number(s.clone().cast(DataType::Float64) * lit(*f)),
                    raw.is_not_null().and(spelled(s, values::MISSING).not()),
                )
            }
            Duration::Clock => {
                let s = raw
                    .clone()
                    .cast(DataType::String)
                    .str()
                    .strip_chars(lit(NULL));
                let re = r"^(-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$";
                let part = |i: usize| s.clone().str().extract(lit(re), i);
                let number = |i: usize| part(i).cast(DataType::Float64);
                let sign = when(part(1).is_not_null())
                    .then(lit(-1.0))
                    .otherwise(lit(1.0));
                (
                    sign * (number(2).fill_null(lit(0.0)) * lit(60.0)
                        + number(3)
                        + number(4) / lit(60.0)),
                    raw.is_not_null().and(spelled(s, values::MISSING).not()),
                )
            }
        }
    }

    /// The columns a row contributes: role, category, automated flag (as written), handle
    /// minutes `m` (and `present`, whether one was written, when they are read as text), the
    /// weight `w` of aggregated rows, the ticket `id` of event rows, and with `dates` the date.
    fn rows(&self, lf: LazyFrame, numeric: bool, dates: bool) -> LazyFrame {
        let (minutes, present) = self.minutes(numeric);
        let mut columns = vec![
            self.role.clone().alias("role"),
            self.category.clone().alias("category"),
            self.automated.clone().alias("auto_raw"),
            minutes.alias("m"),
        ];
        if !numeric {
            columns.push(present.alias("present"));
        }
        if let Some(w) = &self.weight {
            columns.push(w.clone().alias("w"));
        }
        if self.events {
            columns.push(self.id.clone().alias("id"));
        }
        if dates {
            columns.push(self.date.clone().alias("first"));
            columns.push(self.date.clone().alias("last"));
        }
        lf.select(columns)
    }

    /// Rows to totals per role, category and automated flag (as written); with `dates`, also
    /// each group's first and last date.
    fn aggregate(&self, lf: LazyFrame, numeric: bool, dates: bool) -> LazyFrame {
        let rows = self.rows(lf, numeric, dates);
        if self.events {
            return per_group(self.per_ticket(rows, numeric, dates, None), dates);
        }
        let weighted = |e: Expr| match &self.weight {
            Some(_) => e * col("w"),
            None => e,
        };
        let m = Measures::new(numeric);
        let mut totals = vec![
            match &self.weight {
                Some(_) => col("w").sum(),
                None => len().cast(DataType::Float64),
            }
            .alias("tickets"),
            weighted(m.timed_minutes).sum().alias("minutes"),
            weighted(m.timed).sum().alias("timed"),
            m.negative.sum().alias("neg"),
            m.absurd.sum().alias("absurd"),
            m.unreadable.sum().alias("unreadable"),
            len().cast(DataType::UInt64).alias("rows"),
        ];
        if dates {
            totals.push(col("first").min());
            totals.push(col("last").max());
        }
        rows.group_by([col("role"), col("category"), col("auto_raw")])
            .agg(totals)
    }

    /// Event rows to one row per ticket: several rows with one id are one ticket, its events'
    /// times add up, and it counts as automated when any of its events says so. `spellings`
    /// are the automated flag's values that mean yes and no, as written, when they are known;
    /// otherwise every row's flag is lowercased and compared (slower).
    fn per_ticket(
        &self,
        rows: LazyFrame,
        numeric: bool,
        dates: bool,
        spellings: Option<&Spellings>,
    ) -> LazyFrame {
        let m = Measures::new(numeric);
        let auto = col("auto_raw").cast(DataType::String);
        let (yes, no) = match spellings {
            Some(s) => (written(auto.clone(), &s.yes), written(auto, &s.no)),
            None => (
                spelled(auto.clone(), TRUE_WORDS),
                spelled(auto, FALSE_WORDS),
            ),
        };
        let mut per_ticket = vec![
            col("role").first(),
            col("category").first(),
            // Narrow types: an export of millions of tickets keeps this row for each.
            m.timed_minutes.sum().alias("minutes"),
            m.timed.max().cast(DataType::Boolean).alias("timed"),
            m.negative.sum().cast(DataType::UInt32).alias("neg"),
            m.absurd.sum().cast(DataType::UInt32).alias("absurd"),
            m.unreadable
                .sum()
                .cast(DataType::UInt32)
                .alias("unreadable"),
            yes.max().alias("auto"),
            no.max().alias("auto_no"),
            len().cast(DataType::UInt32).alias("rows"),
        ];
        if dates {
            per_ticket.push(col("first").min());
            per_ticket.push(col("last").max());
        }
        rows.group_by([col("id")]).agg(per_ticket)
    }

    /// The automated flag's spellings in a frame that mean yes and no: a handful of distinct
    /// values, classified once instead of once per row.
    fn spellings(&self, frame: &DataFrame) -> PolarsResult<Spellings> {
        let mut out = Spellings::default();
        let Some(name) = &self.automated_col else {
            return Ok(out);
        };
        let distinct = frame.column(name)?.cast(&DataType::String)?.unique()?;
        for value in distinct.str()?.iter().flatten() {
            let flag = Some(value.trim().to_lowercase());
            if said(&flag, TRUE_WORDS) {
                out.yes.push(value.to_string());
            } else if said(&flag, FALSE_WORDS) {
                out.no.push(value.to_string());
            }
        }
        Ok(out)
    }

    /// The schema rows are parsed with: text, or the handle time as a number.
    fn schema(&self, numeric: bool) -> Schema {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let dtype = if numeric && Some(i) == self.handle_index {
                    DataType::Float64
                } else {
                    DataType::String
                };
                Field::new(c.as_str().into(), dtype)
            })
            .collect()
    }

    fn parse(&self, rows: &[u8], numeric: bool) -> PolarsResult<DataFrame> {
        let capacity = (rows.len() as f64 / self.bytes_per_row * 1.1) as usize + 16;
        read_rows(
            rows,
            self.delimiter,
            &self.schema(numeric),
            &self.needed,
            capacity,
        )
    }

    /// Parses and aggregates one block of whole rows.
    fn block(&self, rows: &[u8]) -> PolarsResult<Totals> {
        let numeric = self.numeric_handle;
        let (frame, numeric) = match self.parse(rows, numeric) {
            Ok(frame) => (frame, numeric),
            // A value the number parser refuses ("12 min", "?"): this block is read as text.
            Err(_) if numeric => (self.parse(rows, false)?, false),
            Err(e) => return Err(e),
        };
        let spellings = if self.events {
            Some(self.spellings(&frame)?)
        } else {
            None
        };
        // One pass of reductions first: the rows with no value in any column read (blank
        // lines, lines of bare delimiters), which are not tickets and rare enough to be counted
        // before anything is filtered, and the smallest and largest date as written.
        let mut probes = vec![self.not_blank().not().sum().alias("blank")];
        if let Some(raw) = &self.raw_date {
            probes.push(raw.clone().min().alias("first"));
            probes.push(raw.clone().max().alias("last"));
        }
        let probe = frame.clone().lazy().select(probes).collect()?;
        let mut lf = frame.lazy();
        if probe.column("blank")?.get(0)?.extract::<u64>() != Some(0) {
            lf = lf.filter(self.not_blank());
        }
        // The block's totals are kept until the end: their text is copied out of the block's
        // buffers, which would otherwise stay in memory with them.
        let groups = if self.events {
            // A ticket's events may fall in several blocks: one row per ticket here, and the
            // tickets of all blocks are merged at the end.
            detach(
                self.per_ticket(
                    self.rows(lf.clone(), numeric, false),
                    numeric,
                    false,
                    spellings.as_ref(),
                )
                .collect()?,
                !self.subjects,
            )?
        } else {
            detach(self.aggregate(lf.clone(), numeric, false).collect()?, false)?
        };
        let (first, last) = self.span(lf, &probe)?;
        Ok(Totals {
            groups,
            first,
            last,
        })
    }

    /// The first and last date of a block's rows, in milliseconds; `probe` holds the smallest
    /// and largest date as written, when dates are compared as text.
    fn span(&self, lf: LazyFrame, probe: &DataFrame) -> PolarsResult<(Option<i64>, Option<i64>)> {
        let ends = |date: &Expr| {
            lf.clone()
                .select([
                    date.clone().min().alias("first"),
                    date.clone().max().alias("last"),
                ])
                .collect()
        };
        let millis = |ends: &DataFrame, c: &str| -> PolarsResult<Option<i64>> {
            let value = ends.column(c)?.get(0)?;
            Ok(match (value, self.text_dates) {
                (AnyValue::String(v), Some(f)) => parse_millis(v, f),
                (AnyValue::StringOwned(v), Some(f)) => parse_millis(&v, f),
                (v, _) => v.extract::<i64>(),
            })
        };
        if let (Some(_), Some(f)) = (&self.raw_date, self.text_dates) {
            // The smallest and largest text, when both are dates, are the first and last date:
            // no per-row test of the width is needed. (Blank rows have no date.)
            let text = |c: &str| -> PolarsResult<Option<String>> {
                Ok(probe.column(c)?.str()?.get(0).map(str::to_string))
            };
            let (a, b) = (text("first")?, text("last")?);
            let dated = |v: &Option<String>| {
                v.as_deref()
                    .is_none_or(|v| v.len() == self.date_width && parse_millis(v, f).is_some())
            };
            if dated(&a) && dated(&b) {
                return Ok((millis(probe, "first")?, millis(probe, "last")?));
            }
        }
        let ends = ends(&self.date)?;
        Ok((millis(&ends, "first")?, millis(&ends, "last")?))
    }

    /// False for a row with no value in any column read: a blank line, not a ticket.
    fn not_blank(&self) -> Expr {
        self.needed
            .iter()
            .map(|&i| col(self.columns[i].as_str()).is_not_null())
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(true))
    }

    /// Milliseconds since the epoch of the dates in an aggregated column.
    fn millis(&self, grouped: &DataFrame, c: &str) -> PolarsResult<Vec<Option<i64>>> {
        let s = grouped.column(c)?;
        match self.text_dates {
            Some(f) => Ok(s
                .str()?
                .iter()
                .map(|v| v.and_then(|v| parse_millis(v, f)))
                .collect()),
            None => Ok(s.cast(&DataType::Int64)?.i64()?.iter().collect()),
        }
    }
}

/// What a row says of its handle time, per row of `Plan::rows`.
struct Measures {
    /// The handle minutes when they are valid (0 to 24 hours), else 0.
    timed_minutes: Expr,
    /// 1 when the handle time is valid.
    timed: Expr,
    negative: Expr,
    absurd: Expr,
    /// Written, but not a time.
    unreadable: Expr,
}

impl Measures {
    fn new(numeric: bool) -> Measures {
        let m = || col("m");
        let valid = m().gt_eq(lit(0.0)).and(m().lt_eq(lit(MAX_HANDLE_MINUTES)));
        Measures {
            timed_minutes: when(valid.clone()).then(m()).otherwise(lit(0.0)),
            timed: valid.fill_null(lit(false)).cast(DataType::Float64),
            negative: m().lt(lit(0.0)).cast(DataType::UInt64),
            absurd: m().gt(lit(MAX_HANDLE_MINUTES)).cast(DataType::UInt64),
            // Read as numbers, every value parsed, or the block would have been read as text.
            unreadable: if numeric {
                lit(0u64).cast(DataType::UInt64)
            } else {
                col("present").and(m().is_null()).cast(DataType::UInt64)
            },
        }
    }
}

/// One row per ticket, from the per-ticket rows of several blocks: a ticket's events may
/// fall in different blocks. The first block's queue and category count.
fn merge_tickets(tickets: LazyFrame) -> LazyFrame {
    let count = |c: &str| col(c).sum().cast(DataType::UInt32);
    tickets.group_by([col("id")]).agg([
        col("role").first(),
        col("category").first(),
        col("minutes").sum(),
        col("timed").max(),
        count("neg"),
        count("absurd"),
        count("unreadable"),
        col("auto").max(),
        col("auto_no").max(),
        count("rows"),
    ])
}

/// Tickets to totals per role, category and automated flag.
fn per_group(tickets: LazyFrame, dates: bool) -> LazyFrame {
    let count = |c: &str| col(c).cast(DataType::UInt64).sum();
    let mut totals = vec![
        len().cast(DataType::Float64).alias("tickets"),
        col("minutes").sum(),
        col("timed").cast(DataType::Float64).sum(),
        count("neg"),
        count("absurd"),
        count("unreadable"),
        count("rows"),
    ];
    if dates {
        totals.push(col("first").min());
        totals.push(col("last").max());
    }
    tickets
        .with_column(
            when(col("auto"))
                .then(lit("true"))
                .when(col("auto_no"))
                .then(lit("false"))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias("auto_raw"),
        )
        .group_by([col("role"), col("category"), col("auto_raw")])
        .agg(totals)
}

/// Totals per role, category and automated flag, and the first and last date.
struct Totals {
    groups: DataFrame,
    first: Option<i64>,
    last: Option<i64>,
}

/// Makes a frame independent of the block it was computed from: its text is copied into
/// buffers of its own, so that it no longer holds on to the block's larger buffers. With
/// `categorical`, queues and categories (a few values over millions of tickets) become
/// categoricals instead.
fn detach(frame: DataFrame, categorical: bool) -> PolarsResult<DataFrame> {
    let height = frame.height();
    let columns = frame
        .columns()
        .iter()
        .map(|c| match c.dtype() {
            DataType::String
                if categorical && ["role", "category"].contains(&c.name().as_str()) =>
            {
                c.cast(&DataType::from_categories(Categories::global()))
            }
            DataType::String => Ok(StringChunked::from_chunk_iter(
                c.name().clone(),
                c.str()?.downcast_iter().map(|a| a.clone().gc()),
            )
            .into_column()),
            _ => Ok(c.clone()),
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(height, columns)
}

/// True for what the CSV parser reads as a number: digits with an optional sign, point and
/// exponent, and nothing around them.
fn plain_number(v: &str) -> bool {
    !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && v.parse::<f64>().is_ok()
}

/// Adds up the totals of the blocks: groups with their first and last dates.
fn merge(parts: Vec<Totals>, events: bool) -> PolarsResult<Totals> {
    let first = parts.iter().filter_map(|p| p.first).min();
    let last = parts.iter().filter_map(|p| p.last).max();
    let mut frames = parts.into_iter().map(|p| p.groups);
    let Some(mut all) = frames.next() else {
        return Ok(Totals {
            groups: DataFrame::empty(),
            first,
            last,
        });
    };
    // Blocks read as numbers or as text give the same columns; their order and types are made
    // the same before they are stacked.
    let schema = all.schema().clone();
    for frame in frames {
        let same = frame
            .lazy()
            .select(
                schema
                    .iter()
                    .map(|(name, dtype)| col(name.clone()).cast(dtype.clone()))
                    .collect::<Vec<_>>(),
            )
            .collect()?;
        all.vstack_mut(&same)?;
    }
    let groups = if events {
        per_group(merge_tickets(all.lazy()), false)
    } else {
        all.lazy()
            .group_by([col("role"), col("category"), col("auto_raw")])
            .agg([
                col("tickets").sum(),
                col("minutes").sum(),
                col("timed").sum(),
                col("neg").sum(),
                col("absurd").sum(),
                col("unreadable").sum(),
                col("rows").sum(),
            ])
    }
    .collect()?;
    Ok(Totals {
        groups,
        first,
        last,
    })
}

/// The whole-file way, for Parquet, event rows and text the block reader stopped on: polars
/// scans the file (re-encoded to UTF-8 first when it is not) with its streaming engine.
fn scan_whole(
    disk: &Path,
    file: &str,
    head: &Head,
    plan: &Plan,
    bar: Option<&indicatif::ProgressBar>,
    warnings: &mut Vec<String>,
) -> Result<(String, Totals), InputError> {
    let polars_err = |e: PolarsError| polars_error(file, e);
    let (sha, copy) = prepare(disk, file, bar, warnings)?;
    if let Some(bar) = bar {
        bar.set_message(format!("aggregating {file}"));
    }
    let scan_path = copy
        .as_ref()
        .map(|t| t.path().to_path_buf())
        .unwrap_or_else(|| disk.to_path_buf());
    let lf = if is_parquet(disk) {
        scan_parquet(&scan_path).map_err(polars_err)?
    } else {
        LazyCsvReader::new(PlRefPath::from(scan_path.to_string_lossy().as_ref()))
            .with_separator(head.delimiter)
            .with_has_header(true)
            .with_schema(Some(Arc::new(plan.schema(false))))
            .with_missing_is_null(true)
            .with_truncate_ragged_lines(true)
            .finish()
            .map_err(polars_err)?
    };
    let grouped = plan
        .aggregate(lf.filter(plan.not_blank()), false, true)
        .collect_with_engine(Engine::Streaming)
        .map_err(polars_err)?
        .unwrap_single();
    let first = plan.millis(&grouped, "first").map_err(polars_err)?;
    let last = plan.millis(&grouped, "last").map_err(polars_err)?;
    Ok((
        sha,
        Totals {
            groups: grouped,
            first: first.into_iter().flatten().min(),
            last: last.into_iter().flatten().max(),
        },
    ))
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
        let known = said(&auto_raw[i], TRUE_WORDS) || said(&auto_raw[i], FALSE_WORDS);
        let group = Group {
            role,
            category,
            tickets: tickets[i],
            handle_minutes: minutes[i],
            handle_tickets: timed[i],
            automated: if said(&auto_raw[i], TRUE_WORDS) {
                tickets[i]
            } else {
                0.0
            },
            automated_known: if known { tickets[i] } else { 0.0 },
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
            out.warnings.push(format!(
                "{file}: queues not in the queue map keep their own name as role: {}",
                unmapped
                    .iter()
                    .take(8)
                    .map(|q| quote_cell(q))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if plan.subjects {
        out.warnings.push(format!("{file}: no category column; ticket subjects were classified instead (only the matched phrases are reported, never the subjects)"));
    }
    Ok(file_rows)
}

/// True when the flag, lowercased, is one of `words`.
fn said(flag: &Option<String>, words: &[&str]) -> bool {
    flag.as_deref().is_some_and(|f| words.contains(&f))
}

/// Spellings of the automated flag, as written, that mean yes and no.
#[derive(Debug, Default)]
struct Spellings {
    yes: Vec<String>,
    no: Vec<String>,
}

/// A per-row test of a text against exact spellings.
fn written(flag: Expr, spellings: &[String]) -> Expr {
    spellings
        .iter()
        .map(|w| flag.clone().eq(lit(w.as_str())))
        .reduce(|x, y| x.or(y))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
}

/// A per-row test of a text's spelling against lowercased words.
fn spelled(flag: Expr, words: &[&str]) -> Expr {
    let low = flag.str().strip_chars(lit(NULL)).str().to_lowercase();
    words
        .iter()
        .map(|w| low.clone().eq(lit(*w)))
        .reduce(|x, y| x.or(y))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
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

/// Checks a file before polars scans it whole: an unterminated quote is an error naming its
/// line, and text that is not UTF-8 is re-encoded from Windows-1252 into a temporary copy.
/// Returns the SHA-256 and the copy.
fn prepare(
    disk: &Path,
    name: &str,
    bar: Option<&indicatif::ProgressBar>,
    warnings: &mut Vec<String>,
) -> Result<(String, Option<tempfile::NamedTempFile>), InputError> {
    use sha2::Digest;
    let cannot = |e: std::io::Error| cannot_read(name, e);
    let mut reader = std::fs::File::open(disk).map_err(cannot)?;
    let parquet_magic = is_parquet(disk);
    // Hashing runs on the second core while this one checks the text: the pass costs the
    // slower of the two instead of their sum.
    let (send, receive) = std::sync::mpsc::sync_channel::<std::sync::Arc<Vec<u8>>>(4);
    let hashing = std::thread::spawn(move || {
        let mut hasher = sha2::Sha256::new();
        for block in receive {
            hasher.update(block.as_slice());
        }
        hasher.finalize()
    });
    let mut carry: Vec<u8> = Vec::new();
    let (mut quotes, mut utf8) = (0u64, true);
    loop {
        let mut buf = vec![0u8; 1 << 20];
        let n = reader.read(&mut buf).map_err(cannot)?;
        if n == 0 {
            break;
        }
        buf.truncate(n);
        if let Some(bar) = bar {
            bar.inc(n as u64);
        }
        let block = std::sync::Arc::new(buf);
        // The hashing thread only ends when this sender is dropped, so a send cannot fail.
        let _ = send.send(block.clone());
        if parquet_magic {
            continue;
        }
        let chunk = block.as_slice();
        quotes += memchr::memchr_iter(b'"', chunk).count() as u64;
        if utf8 {
            let text: &[u8] = if carry.is_empty() {
                chunk
            } else {
                carry.extend_from_slice(chunk);
                &carry
            };
            match std::str::from_utf8(text) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() => {
                    // A character cut at the block boundary: keep its start for the next block.
                    carry = text[e.valid_up_to()..].to_vec();
                }
                Err(_) => utf8 = false,
            }
        }
    }
    drop(send);
    let digest = hashing
        .join()
        .map_err(|_| InputError::in_file(name, "cannot hash the file"))?;
    let sha = source::hex(&digest);
    if parquet_magic {
        return Ok((sha, None));
    }
    if !carry.is_empty() {
        utf8 = false;
    }
    if quotes % 2 == 1 || !utf8 {
        // Rare paths (odd quote count, other encodings) read the whole file.
        let bytes = std::fs::read(disk).map_err(cannot)?;
        let src = source::decode(name.to_string(), &bytes);
        let delimiter = source::sniff_delimiter(src.text.lines().next().unwrap_or(""));
        if let Some(line) = source::unterminated_quote(&src.text, delimiter) {
            return Err(super::tasks::unterminated(name, line));
        }
        if !utf8 {
            warnings.extend(src.warnings);
            let mut t = tempfile::NamedTempFile::new().map_err(cannot)?;
            t.as_file_mut()
                .write_all(src.text.as_bytes())
                .map_err(cannot)?;
            return Ok((sha, Some(t)));
        }
    }
    Ok((sha, None))
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

fn header_fields(line: &str, delimiter: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
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
