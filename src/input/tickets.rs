//! Ticket exports (DESIGN section 3): one row per ticket, per ticket event, or per aggregated
//! group; CSV or Parquet; read with polars (lazy scan, projection of the needed columns only,
//! streaming engine) and aggregated per role and category.
//!
//! Only categories and figures leave this module: ticket text, subjects, names and e-mail
//! addresses are never returned, so no renderer can print them.

use super::columns::{self, Key};
use super::source;
use super::values;
use super::InputInfo;
use crate::error::{quote_cell, InputError};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::Path;

/// Handle times above this many minutes (a whole day) are absurd and excluded from averages.
pub const MAX_HANDLE_MINUTES: f64 = 24.0 * 60.0;

/// Rows read to detect formats (durations, dates, events).
const SAMPLE_ROWS: usize = 10_000;

/// Spellings of "no value" that exports use; polars reads them as null.
const NULLS: &[&str] = &[
    "", "?", "N/A", "n/a", "NA", "na", "null", "NULL", "Null", "None", "none", "-", "#N/A", "nan",
    "NaN",
];

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
    /// Show a spinner on stderr (the command layer decides: only on a terminal).
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

/// How a duration column is written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Duration {
    /// A number, in minutes times this factor.
    Number(f64),
    /// `hh:mm:ss` or `mm:ss`.
    Clock,
}

/// Reads and aggregates ticket exports.
pub fn read(paths: &[String], opts: &Options) -> Result<Tickets, InputError> {
    let mut acc: BTreeMap<(String, String), Group> = BTreeMap::new();
    let mut out = Tickets::default();
    let spinner = opts.progress.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    for path in paths {
        if let Some(bar) = &spinner {
            bar.set_message(format!("reading {path}"));
        }
        read_one(path, opts, &mut acc, &mut out)?;
    }
    if let Some(bar) = spinner {
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

fn read_one(
    path: &str,
    opts: &Options,
    acc: &mut BTreeMap<(String, String), Group>,
    out: &mut Tickets,
) -> Result<(), InputError> {
    // stdin and files that are not UTF-8 go through a temporary UTF-8 copy polars can scan.
    let (file, sha, _tmp) = prepare(path, &mut out.warnings)?;
    let scan_path = _tmp
        .as_ref()
        .map(|t| t.path().to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    let parquet = is_parquet(&scan_path);
    let polars_err = |e: PolarsError| polars_error(&file, e);

    let (parquet_lf, headers, delimiter) = if parquet {
        let lf = LazyFrame::scan_parquet(
            PlRefPath::from(scan_path.as_str()),
            ScanArgsParquet::default(),
        )
        .map_err(polars_err)?;
        let schema = lf.clone().collect_schema().map_err(polars_err)?;
        let headers: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        (Some(lf), headers, None)
    } else {
        let head = first_line(&scan_path).map_err(|e| {
            InputError::in_file(&file, format!("cannot read: {}", source::io_reason(&e)))
        })?;
        if head.trim().is_empty() {
            return Err(InputError::in_file(&file, "the file is empty")
                .hint("a ticket export needs a header row, then one row per ticket"));
        }
        let delimiter = source::sniff_delimiter(&head);
        (None, header_fields(&head, delimiter), Some(delimiter))
    };

    let mut required: Vec<&str> = Vec::new();
    if opts.role.is_none() {
        required.push("role");
    }
    let map = columns::resolve(&file, &headers, KEYS, &required, &opts.maps, &mut out.warnings).map_err(|e| {
        if opts.role.is_none() && e.message.contains("\"role\"") {
            e.hint("name the queue column with --map role=COLUMN, or put every ticket in one role with --role NAME")
        } else {
            e
        }
    })?;
    let name = |key: &str| map.get(key).map(|i| headers[i].clone());
    let lf = match (parquet_lf, delimiter) {
        (Some(lf), _) => lf,
        (None, delimiter) => {
            // Queues, categories and the automated flag repeat a few values over millions of
            // rows: read as categoricals, they group by integer codes instead of strings.
            let categorical = DataType::from_categories(Categories::global());
            let keys: Vec<Field> = ["role", "category", "subject", "automated"]
                .iter()
                .filter_map(|k| name(k))
                .map(|c| Field::new(c.as_str().into(), categorical.clone()))
                .collect();
            LazyCsvReader::new(PlRefPath::from(scan_path.as_str()))
                .with_separator(delimiter.unwrap_or(b','))
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .with_dtype_overwrite(Some(Arc::new(Schema::from_iter(keys))))
                .with_null_values(Some(NullValues::AllColumns(
                    NULLS.iter().map(|s| PlSmallStr::from(*s)).collect(),
                )))
                .with_missing_is_null(true)
                .with_truncate_ragged_lines(true)
                .finish()
                .map_err(polars_err)?
        }
    };
    let category_col = name("category");
    let subject_col = name("subject");
    if category_col.is_none() && subject_col.is_none() {
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

    // A sample of rows, as text, decides formats.
    let needed: Vec<String> = KEYS.iter().filter_map(|k| name(k.name)).collect();
    let sample = lf
        .clone()
        .select(
            needed
                .iter()
                .map(|c| col(c.as_str()).cast(DataType::String))
                .collect::<Vec<_>>(),
        )
        .limit(SAMPLE_ROWS as IdxSize)
        .collect()
        .map_err(polars_err)?;
    let texts = |c: &Option<String>| -> Vec<String> {
        c.as_ref()
            .and_then(|c| sample.column(c).ok())
            .and_then(|s| {
                s.str()
                    .ok()
                    .map(|s| s.iter().flatten().map(str::to_string).collect())
            })
            .unwrap_or_default()
    };
    let handle_col = name("handle_minutes");
    let duration = handle_col
        .as_ref()
        .map(|h| detect_duration(h, &texts(&handle_col)));
    if let (Some(h), Some(d)) = (&handle_col, duration) {
        out.notes.handle_units.push(format!(
            "{file}: {} read as {}",
            quote_cell(h),
            describe(d, h)
        ));
    }
    let id_col = name("id");
    let count_col = name("count");
    let events = count_col.is_none() && {
        let ids = texts(&id_col);
        let mut seen = std::collections::HashSet::new();
        ids.iter().any(|i| !seen.insert(i))
    };
    out.notes.event_rows |= events;
    let created_col = name("created");
    let resolved_col = name("resolved");
    let date_format = |c: &Option<String>, key: &str| -> Result<Option<&'static str>, InputError> {
        let values = texts(c);
        if c.is_none() || values.is_empty() {
            return Ok(None);
        }
        detect_date_format(&values).map(Some).ok_or_else(|| {
            InputError::in_file(
                &file,
                format!(
                    "the {key} dates are in a form not recognised, such as {}",
                    quote_cell(&values[0])
                ),
            )
            .at_column(
                map.get(key).map(|i| i + 1).unwrap_or(0),
                c.clone().unwrap_or_default(),
            )
            .hint("use ISO dates (2026-03-31 14:05) or day-first ones (31/03/2026 14:05)")
        })
    };
    let created_fmt = date_format(&created_col, "created")?;
    let resolved_fmt = date_format(&resolved_col, "resolved")?;

    // Row-level expressions: everything becomes role, category, weight, minutes and flags.
    let role_expr = match (&opts.role, name("role")) {
        (Some(r), _) => lit(r.as_str()),
        (None, Some(c)) => col(c.as_str()),
        (None, None) => lit("(no queue)"),
    };
    let cat_source = category_col
        .clone()
        .or(subject_col.clone())
        .unwrap_or_default();
    let cat_expr = col(cat_source.as_str());
    let weight = match &count_col {
        Some(c) => col(c.as_str()).cast(DataType::Float64).fill_null(lit(0.0)),
        None => lit(1.0),
    };
    let minutes = match (&handle_col, duration) {
        (Some(h), Some(Duration::Number(f))) => {
            col(h.as_str())
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL))
                .cast(DataType::Float64)
                * lit(f)
        }
        (Some(h), Some(Duration::Clock)) => {
            let s = col(h.as_str())
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL));
            let re = r"^(-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$";
            let part = |i: usize| s.clone().str().extract(lit(re), i);
            let number = |i: usize| part(i).cast(DataType::Float64);
            let sign = when(part(1).is_not_null())
                .then(lit(-1.0))
                .otherwise(lit(1.0));
            sign * (number(2).fill_null(lit(0.0)) * lit(60.0) + number(3) + number(4) / lit(60.0))
        }
        _ => lit(NULL).cast(DataType::Float64),
    };
    let raw_present = match &handle_col {
        Some(h) => col(h.as_str()).is_not_null(),
        None => lit(false),
    };
    // The automated flag is grouped on as written (exports use a handful of spellings) and
    // read after the group-by: far cheaper than lowercasing and comparing every row.
    let automated_col = name("automated");
    let auto_raw = match &automated_col {
        Some(a) => col(a.as_str()),
        None => lit(NULL).cast(DataType::String),
    };
    // ISO timestamps of one width order as text, so their first and last need no parsing per
    // row; other forms are parsed by polars.
    let iso = |c: &Option<String>, fmt: Option<&'static str>| {
        fmt.is_some_and(|f| f.starts_with("%Y-%m-%d")) && same_width(&texts(c))
    };
    let text_dates = iso(&created_col, created_fmt)
        && (resolved_col.is_none() || iso(&resolved_col, resolved_fmt));
    let date = |c: &Option<String>, fmt: Option<&'static str>| match (c, fmt) {
        (Some(c), Some(_)) if text_dates => col(c.as_str()).cast(DataType::String),
        (Some(c), Some(f)) => col(c.as_str())
            .cast(DataType::String)
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
        _ if text_dates => lit(NULL).cast(DataType::String),
        _ => lit(NULL).cast(DataType::Int64),
    };
    let mut rows = lf.select([
        role_expr.alias("role"),
        cat_expr.alias("category"),
        match &id_col {
            Some(i) => col(i.as_str()).cast(DataType::String),
            None => lit(NULL).cast(DataType::String),
        }
        .alias("id"),
        weight.alias("w"),
        minutes.alias("m"),
        raw_present.alias("present"),
        auto_raw.alias("auto_raw"),
        date(&created_col, created_fmt).alias("created"),
        date(&resolved_col, resolved_fmt).alias("resolved"),
    ]);
    let valid = col("m")
        .is_not_null()
        .and(col("m").gt_eq(lit(0.0)))
        .and(col("m").lt_eq(lit(MAX_HANDLE_MINUTES)));
    rows = rows.with_columns([
        when(valid.clone())
            .then(col("m"))
            .otherwise(lit(0.0))
            .alias("mv"),
        valid.cast(DataType::Float64).alias("ok"),
        col("m")
            .lt(lit(0.0))
            .fill_null(lit(false))
            .cast(DataType::UInt64)
            .alias("neg"),
        col("m")
            .gt(lit(MAX_HANDLE_MINUTES))
            .fill_null(lit(false))
            .cast(DataType::UInt64)
            .alias("absurd"),
        col("present")
            .and(col("m").is_null())
            .cast(DataType::UInt64)
            .alias("unreadable"),
    ]);
    if events {
        // Several rows with one id are one ticket: its events' times add up.
        rows = rows.group_by([col("id")]).agg([
            col("role").first(),
            col("category").first(),
            lit(1.0).alias("w"),
            col("mv").sum().alias("mv"),
            col("ok").max().alias("ok"),
            col("neg").sum(),
            col("absurd").sum(),
            col("unreadable").sum(),
            // A ticket counts as automated when any of its events says so.
            spelled(col("auto_raw").cast(DataType::String), TRUE_WORDS)
                .max()
                .alias("auto"),
            spelled(col("auto_raw").cast(DataType::String), FALSE_WORDS)
                .max()
                .alias("auto_no"),
            col("created").min(),
            col("resolved").max(),
            len().cast(DataType::UInt64).alias("rows"),
        ]);
        rows = rows.with_column(
            when(col("auto"))
                .then(lit("true"))
                .when(col("auto_no"))
                .then(lit("false"))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias("auto_raw"),
        );
    } else {
        rows = rows.with_columns([
            (col("mv") * col("w")).alias("mv"),
            (col("ok") * col("w")).alias("ok"),
            lit(1u64).alias("rows"),
        ]);
    }
    let grouped = rows
        .group_by([col("role"), col("category"), col("auto_raw")])
        .agg([
            col("w").sum().alias("tickets"),
            col("mv").sum().alias("minutes"),
            col("ok").sum().alias("timed"),
            col("neg").sum().alias("neg"),
            col("absurd").sum().alias("absurd"),
            col("unreadable").sum().alias("unreadable"),
            col("created").min().alias("first"),
            col("created").max().alias("last_created"),
            col("resolved").max().alias("last_resolved"),
            col("rows").sum().alias("rows"),
        ])
        .collect_with_engine(Engine::Streaming)
        .map_err(polars_err)?
        .unwrap_single();

    let f64s = |c: &str| -> Result<Vec<f64>, InputError> {
        let s = grouped
            .column(c)
            .and_then(|s| s.cast(&DataType::Float64))
            .map_err(polars_err)?;
        Ok(s.f64()
            .map_err(polars_err)?
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .collect())
    };
    // Milliseconds since the epoch, from parsed dates or from ISO text.
    let millis = |c: &str, fmt: Option<&'static str>| -> Result<Vec<Option<i64>>, InputError> {
        let s = grouped.column(c).map_err(polars_err)?;
        if text_dates {
            let f = fmt.unwrap_or("%Y-%m-%d");
            return Ok(s
                .str()
                .map_err(polars_err)?
                .iter()
                .map(|v| v.and_then(|v| parse_millis(v, f)))
                .collect());
        }
        let s = s.cast(&DataType::Int64).map_err(polars_err)?;
        Ok(s.i64().map_err(polars_err)?.iter().collect())
    };
    // Key columns come back as categoricals or text; nulls get a name that says what is missing.
    let strs = |c: &str, missing: &str| -> Result<Vec<String>, InputError> {
        let s = grouped
            .column(c)
            .and_then(|s| s.cast(&DataType::String))
            .map_err(polars_err)?;
        Ok(s.str()
            .map_err(polars_err)?
            .iter()
            .map(|v| v.unwrap_or(missing).to_string())
            .collect())
    };
    let (roles, cats) = (
        strs("role", "(no queue)")?,
        strs("category", "(no category)")?,
    );
    let (tickets, minutes, timed) = (f64s("tickets")?, f64s("minutes")?, f64s("timed")?);
    let auto_raw: Vec<Option<String>> = grouped
        .column("auto_raw")
        .and_then(|s| s.cast(&DataType::String))
        .map_err(polars_err)?
        .str()
        .map_err(polars_err)?
        .iter()
        .map(|v| v.map(|v| v.trim().to_lowercase()))
        .collect();
    let (neg, absurd, unreadable, nrows) = (
        f64s("neg")?,
        f64s("absurd")?,
        f64s("unreadable")?,
        f64s("rows")?,
    );
    let (first, last_c, last_r) = (
        millis("first", created_fmt)?,
        millis("last_created", created_fmt)?,
        millis("last_resolved", resolved_fmt)?,
    );
    let mut file_rows = 0u64;
    let mut categories: Vec<Group> = Vec::new();
    for i in 0..grouped.height() {
        let role = match &opts.queue_map {
            Some(m) => m
                .get(&roles[i])
                .cloned()
                .unwrap_or_else(|| roles[i].clone()),
            None => roles[i].clone(),
        };
        categories.push(Group {
            role,
            // Subjects are free text: marked here, replaced by the phrases they match in
            // `workload`, so that no subject reaches an output.
            category: if category_col.is_none() {
                format!("subject:{}", cats[i])
            } else {
                cats[i].clone()
            },
            tickets: tickets[i],
            handle_minutes: minutes[i],
            handle_tickets: timed[i],
            automated: if said(&auto_raw[i], TRUE_WORDS) {
                tickets[i]
            } else {
                0.0
            },
            automated_known: if said(&auto_raw[i], TRUE_WORDS) || said(&auto_raw[i], FALSE_WORDS) {
                tickets[i]
            } else {
                0.0
            },
        });
        out.notes.excluded_negative += neg[i] as u64;
        out.notes.excluded_absurd += absurd[i] as u64;
        out.notes.unreadable += unreadable[i] as u64;
        file_rows += nrows[i] as u64;
        for v in [first[i]].into_iter().flatten() {
            out.notes.from_ms = Some(out.notes.from_ms.map_or(v, |x| x.min(v)));
        }
        for v in [last_c[i], last_r[i]].into_iter().flatten() {
            out.notes.to_ms = Some(out.notes.to_ms.map_or(v, |x| x.max(v)));
        }
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
    if category_col.is_none() {
        out.warnings.push(format!("{file}: no category column; ticket subjects were classified instead (only the matched phrases are reported, never the subjects)"));
    }
    for g in categories {
        acc.entry((g.role.clone(), g.category.clone()))
            .or_insert_with(|| Group::new(&g.role, &g.category))
            .add(&g);
    }
    out.notes.rows += file_rows;
    out.inputs.push(InputInfo {
        path: file,
        sha256: sha,
        rows: file_rows,
    });
    Ok(())
}

/// True when the flag, lowercased, is one of `words`.
fn said(flag: &Option<String>, words: &[&str]) -> bool {
    flag.as_deref().is_some_and(|f| words.contains(&f))
}

/// A per-row test of the flag's spelling (event rows only, where a ticket's events combine).
fn spelled(flag: Expr, words: &[&str]) -> Expr {
    let low = flag.str().strip_chars(lit(NULL)).str().to_lowercase();
    words
        .iter()
        .map(|w| low.clone().eq(lit(*w)))
        .reduce(|x, y| x.or(y))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
}

/// All sampled values have one width, so text order is time order.
fn same_width(values: &[String]) -> bool {
    let mut widths = values.iter().map(|v| v.trim().len());
    widths.next().is_none_or(|w| widths.all(|x| x == w))
}

/// Milliseconds since the epoch of a timestamp in the given format.
fn parse_millis(v: &str, fmt: &str) -> Option<i64> {
    use chrono::{NaiveDate, NaiveDateTime};
    let v = v.trim();
    let t = if fmt.contains("%H") {
        NaiveDateTime::parse_from_str(v, fmt).ok()?
    } else {
        NaiveDate::parse_from_str(v, fmt)
            .ok()?
            .and_hms_opt(0, 0, 0)?
    };
    Some(t.and_utc().timestamp_millis())
}

/// Checks a file before polars scans it: stdin is copied to a temporary file, an unterminated
/// quote is an error naming its line, and text that is not UTF-8 is re-encoded from
/// Windows-1252 into a temporary copy. Returns the display name, the SHA-256 and the copy.
fn prepare(
    path: &str,
    warnings: &mut Vec<String>,
) -> Result<(String, String, Option<tempfile::NamedTempFile>), InputError> {
    use sha2::Digest;
    let name = if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    };
    let cannot = |e: std::io::Error| {
        let err = InputError::in_file(&name, format!("cannot read: {}", source::io_reason(&e)));
        if e.kind() == std::io::ErrorKind::NotFound {
            err.hint("check the path; use - to read from standard input")
        } else {
            err
        }
    };
    let mut tmp: Option<tempfile::NamedTempFile> = None;
    let mut reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(cannot)?)
    };
    if path == "-" {
        let mut t = tempfile::NamedTempFile::new().map_err(cannot)?;
        std::io::copy(&mut reader, t.as_file_mut()).map_err(cannot)?;
        reader = Box::new(std::fs::File::open(t.path()).map_err(cannot)?);
        tmp = Some(t);
    }
    let parquet_magic = is_parquet(path);
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
        let block = std::sync::Arc::new(buf);
        // The hashing thread only ends when this sender is dropped, so a send cannot fail.
        let _ = send.send(block.clone());
        if parquet_magic {
            continue;
        }
        let chunk = block.as_slice();
        quotes += chunk.iter().filter(|&&b| b == b'"').count() as u64;
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
        .map_err(|_| InputError::in_file(&name, "cannot hash the file"))?;
    let sha = source::hex(&digest);
    if parquet_magic {
        return Ok((name, sha, tmp));
    }
    if !carry.is_empty() {
        utf8 = false;
    }
    let on_disk = tmp
        .as_ref()
        .map(|t| t.path().to_path_buf())
        .unwrap_or_else(|| Path::new(path).to_path_buf());
    if quotes % 2 == 1 || !utf8 {
        // Rare paths (odd quote count, other encodings) read the whole file.
        let bytes = std::fs::read(&on_disk).map_err(cannot)?;
        let src = source::decode(name.clone(), &bytes);
        let delimiter = source::sniff_delimiter(src.text.lines().next().unwrap_or(""));
        if let Some(line) = source::unterminated_quote(&src.text, delimiter) {
            return Err(super::tasks::unterminated(&name, line));
        }
        if !utf8 {
            warnings.extend(src.warnings);
            let mut t = tempfile::NamedTempFile::new().map_err(cannot)?;
            t.as_file_mut()
                .write_all(src.text.as_bytes())
                .map_err(cannot)?;
            tmp = Some(t);
        }
    }
    Ok((name, sha, tmp))
}

fn is_parquet(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".parquet") || lower.ends_with(".pq") {
        return true;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"PAR1"
}

fn first_line(path: &str) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    let n = f.read(&mut buf)?;
    let text = String::from_utf8_lossy(&buf[..n]);
    let text = text.trim_start_matches('\u{feff}');
    Ok(text.lines().next().unwrap_or("").to_string())
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

/// Minutes per unit from the header ("handle time (sec)") or, failing that, from the values:
/// clock forms are `hh:mm:ss`; plain numbers with a median above 120 are taken as seconds.
fn detect_duration(header: &str, values: &[String]) -> Duration {
    if values
        .iter()
        .filter(|v| !values::is_missing(v))
        .take(200)
        .any(|v| v.contains(':'))
    {
        return Duration::Clock;
    }
    let h = header.to_ascii_lowercase();
    if h.contains("sec") || h.ends_with("(s)") || h.ends_with("_s") {
        return Duration::Number(1.0 / 60.0);
    }
    if h.contains("hour") || h.contains("hrs") || h.ends_with("(h)") {
        return Duration::Number(60.0);
    }
    if h.contains("min") {
        return Duration::Number(1.0);
    }
    let mut nums: Vec<f64> = values
        .iter()
        .filter_map(|v| values::parse_number(v))
        .map(|n| n.value)
        .filter(|v| *v >= 0.0)
        .collect();
    nums.sort_by(f64::total_cmp);
    match nums.get(nums.len() / 2) {
        Some(m) if *m > 120.0 => Duration::Number(1.0 / 60.0),
        _ => Duration::Number(1.0),
    }
}

fn describe(d: Duration, header: &str) -> String {
    let from_header = {
        let h = header.to_ascii_lowercase();
        h.contains("sec") || h.contains("min") || h.contains("hour")
    };
    let how = if from_header {
        "from the header"
    } else {
        "from the values"
    };
    match d {
        Duration::Clock => "hh:mm:ss".to_string(),
        Duration::Number(f) if (f - 1.0 / 60.0).abs() < 1e-12 => format!("seconds ({how})"),
        Duration::Number(f) if (f - 60.0).abs() < 1e-12 => format!("hours ({how})"),
        Duration::Number(_) => format!("minutes ({how})"),
    }
}

/// The strftime format that reads the sampled dates: ISO forms, then day-first ones.
/// Month-first (US) dates are recognised only when a day above 12 proves it.
fn detect_date_format(values: &[String]) -> Option<&'static str> {
    const FORMATS: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y",
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
    ];
    let sample: Vec<&str> = values
        .iter()
        .map(|s| s.trim())
        .filter(|s| !values::is_missing(s))
        .take(500)
        .collect();
    FORMATS
        .iter()
        .copied()
        .find(|f| sample.iter().all(|v| chrono_parse(v, f)))
}

fn chrono_parse(v: &str, f: &str) -> bool {
    use chrono::{NaiveDate, NaiveDateTime};
    if f.contains("%H") {
        NaiveDateTime::parse_from_str(v, f).is_ok()
    } else {
        NaiveDate::parse_from_str(v, f).is_ok()
    }
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
