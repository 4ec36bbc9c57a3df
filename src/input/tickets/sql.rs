//! `exposure tickets --emit-sql DIALECT`: the query that turns a raw ticket table into the
//! aggregated export this module reads (ARCHITECTURE section 3, "Ticket exports"), for a warehouse
//! to run. The columns are those the reader would use: the export given is opened like any other
//! (its header and first rows only), `--map` and the synonyms resolve its columns, and its
//! sample decides the handle-time unit and whether rows are ticket events.
//!
//! The result has one pair of rows per queue, category and automated flag: the tickets with a
//! valid handle time, at their average handle time and with the group's first date, and the
//! others, without a handle time and with the group's last date. Read back, they give each
//! group's tickets, handle minutes, timed tickets and automated counts, and the period covered,
//! as the raw rows would.

use super::export::{open, Opened};
use super::formats::{detect_date_format, detect_duration, Duration};
use super::{Notes, Options, AUTOMATED, MAX_HANDLE_MINUTES};
use crate::error::{quote_cell, InputError};
use crate::input::values;
use crate::warning::Warning;

/// The SQL dialects `--emit-sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    Duckdb,
    Postgres,
    Spark,
    Bigquery,
    Snowflake,
}

impl Dialect {
    /// The dialect's name, as `--emit-sql` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
        }
    }

    /// A column name, quoted.
    fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal.
    fn string(self, s: &str) -> String {
        match self {
            // Both read backslash escapes in string literals.
            Dialect::Spark | Dialect::Bigquery => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    fn text(self) -> &'static str {
        match self {
            Dialect::Postgres => "TEXT",
            Dialect::Spark | Dialect::Bigquery => "STRING",
            Dialect::Duckdb | Dialect::Snowflake => "VARCHAR",
        }
    }

    fn double(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    /// An expression as text, trimmed.
    fn as_text(self, e: &str) -> String {
        format!("TRIM(CAST({e} AS {}))", self.text())
    }

    /// A value read as a number: null when its text is not one.
    fn number(self, e: &str) -> String {
        let text = self.as_text(e);
        match self {
            Dialect::Postgres => format!(
                "CASE WHEN {text} ~ '^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$' THEN CAST({text} AS {}) END",
                self.double()
            ),
            Dialect::Bigquery => format!("SAFE_CAST({text} AS {})", self.double()),
            _ => format!("TRY_CAST({text} AS {})", self.double()),
        }
    }

    /// A list of string literals for `IN (...)`.
    fn strings(self, words: &[&str]) -> String {
        words
            .iter()
            .map(|w| self.string(w))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The query, and what matching the columns found worth a warning.
pub struct Query {
    pub sql: String,
    pub warnings: Vec<Warning>,
}

/// The columns of the raw table that the query reads, resolved from an export's header.
struct Source {
    role: Option<String>,
    /// The category column, or the subject column when there is no category (`subjects`).
    category: String,
    subjects: bool,
    count: Option<String>,
    /// The handle-time column and the factor that makes its numbers minutes.
    handle: Option<(String, f64)>,
    date: Option<String>,
    automated: Option<String>,
    /// The ticket id, when rows are ticket events.
    events_id: Option<String>,
}

/// Writes the query for `dialect` over `table`, with the columns of the export at `path` (its
/// header and first rows are read, as the reader reads them).
pub fn emit_sql(
    path: &str,
    opts: &Options,
    dialect: Dialect,
    table: &str,
) -> Result<Query, InputError> {
    check_table(table)?;
    let mut warnings = Vec::new();
    let mut notes = Notes::default();
    let opened = open(path, opts, &mut notes, &mut warnings)?;
    let source = Source::of(&opened, opts)?;
    let sql = Writer {
        dialect,
        source: &source,
        opts,
    }
    .query(path, table);
    Ok(Query { sql, warnings })
}

/// A table name: one to three identifiers joined by dots, each plain or quoted, nothing that
/// would end the statement or start another.
fn check_table(table: &str) -> Result<(), InputError> {
    let ok = !table.trim().is_empty()
        && !table.contains([';', '\'', '\n', '\r'])
        && !table.contains("--")
        && !table.contains("/*");
    if ok {
        return Ok(());
    }
    Err(
        InputError::new(format!("--table {}: not a table name", quote_cell(table))).hint(
            "give the table as the warehouse names it, such as --table analytics.support.tickets",
        ),
    )
}

impl Source {
    /// The columns the reader would use, from the opened export.
    fn of(o: &Opened, opts: &Options) -> Result<Source, InputError> {
        let name = |key: &str| o.map.get(key).map(|i| o.head.headers[i].clone());
        let category = name("category");
        let subjects = category.is_none();
        let events = name("count").is_none() && o.head.repeats(o.map.get("id"));
        let handle = match o.map.get("handle_minutes") {
            None => None,
            Some(i) => match detect_duration(&o.head.headers[i], &o.head.texts(Some(i))) {
                Duration::Number(f) => Some((o.head.headers[i].clone(), f)),
                Duration::Clock => {
                    return Err(unsupported(
                        o,
                        i,
                        "handle times written as hh:mm:ss are not turned into minutes in SQL",
                        "convert them to seconds or minutes in the table first, or run exposure on the export itself",
                    ))
                }
            },
        };
        let date_key = ["created", "resolved"]
            .into_iter()
            .find(|k| opts.weeks.is_none() && o.map.get(k).is_some());
        if let Some(i) = date_key.and_then(|k| o.map.get(k)) {
            let texts = o.head.texts(Some(i));
            let typed = o.head.dtypes[i].is_temporal();
            let iso = detect_date_format(&texts).is_none_or(|f| f.starts_with("%Y-%m-%d"));
            if !typed && !iso {
                return Err(unsupported(
                    o,
                    i,
                    "dates that are not ISO (2026-03-31 14:05) do not order as text in SQL",
                    "give the weeks covered with --weeks N, or store the dates as timestamps",
                ));
            }
        }
        Ok(Source {
            role: name("role"),
            category: category.or(name("subject")).unwrap_or_default(),
            subjects,
            count: name("count"),
            handle,
            date: date_key.and_then(name),
            automated: name("automated"),
            events_id: if events { name("id") } else { None },
        })
    }
}

/// A column the query cannot read as the reader does.
fn unsupported(o: &Opened, column: usize, what: &str, hint: &str) -> InputError {
    InputError::in_file(&o.file, format!("--emit-sql: {what}"))
        .at_column(column + 1, o.head.headers[column].clone())
        .hint(hint)
}

/// Writes the query's parts for one dialect.
struct Writer<'a> {
    dialect: Dialect,
    source: &'a Source,
    opts: &'a Options,
}

/// Event rows: one ticket per id first (its events' valid minutes add up, it is timed and
/// automated when any event says so, its queue and category are the smallest of its events'),
/// then tickets per group.
fn per_ticket_groups(valid: &str) -> String {
    let flag = "CASE WHEN said_yes = 1 THEN 'true' WHEN said_no = 1 THEN 'false' END";
    format!(
        "per_ticket AS (\n  SELECT ticket_id,\n    MIN(queue) AS queue,\n    MIN(category) AS category,\n    \
         SUM(CASE WHEN {valid} THEN m ELSE 0 END) AS handle_sum,\n    \
         MAX(CASE WHEN {valid} THEN 1 ELSE 0 END) AS timed,\n    \
         MAX(CASE WHEN automated = 'true' THEN 1 ELSE 0 END) AS said_yes,\n    \
         MAX(CASE WHEN automated = 'false' THEN 1 ELSE 0 END) AS said_no,\n    \
         MIN(d) AS first_date,\n    MAX(d) AS last_date\n  FROM ticket_rows\n  GROUP BY ticket_id\n),\n\
         ticket_groups AS (\n  SELECT queue, category,\n    {flag} AS automated,\n    \
         COUNT(*) AS ticket_count,\n    SUM(timed) AS timed_count,\n    \
         SUM(CASE WHEN timed = 1 THEN handle_sum ELSE 0 END) AS handle_sum,\n    \
         MIN(first_date) AS first_date,\n    MAX(last_date) AS last_date\n  FROM per_ticket\n  \
         GROUP BY queue, category, {flag}\n)"
    )
}

impl Writer<'_> {
    fn query(&self, path: &str, table: &str) -> String {
        let s = self.source;
        let valid = format!("m >= 0 AND m <= {MAX_HANDLE_MINUTES:.1}");
        let grouped = match &s.events_id {
            Some(_) => per_ticket_groups(&valid),
            None => format!(
                "ticket_groups AS (\n  SELECT queue, category, automated,\n    SUM(w) AS ticket_count,\n    \
                 SUM(CASE WHEN {valid} THEN w ELSE 0 END) AS timed_count,\n    \
                 SUM(CASE WHEN {valid} THEN m * w ELSE 0 END) AS handle_sum,\n    \
                 MIN(d) AS first_date,\n    MAX(d) AS last_date\n  FROM ticket_rows\n  \
                 GROUP BY queue, category, automated\n)"
            ),
        };
        format!(
            "{}WITH ticket_rows AS (\n{}\n),\n{grouped}\n{}",
            self.preamble(path),
            self.rows(table),
            self.result()
        )
    }

    /// What the query is and how its result is read back.
    fn preamble(&self, path: &str) -> String {
        let weeks = self
            .opts
            .weeks
            .map(|w| format!(" --weeks {w}"))
            .unwrap_or_default();
        format!(
            "-- exposure tickets --emit-sql {}: the ticket table aggregated per queue, category and\n\
             -- automated flag, with the columns of {}.\n\
             -- Export the result as CSV or Parquet and read it with: exposure tickets RESULT{weeks}\n",
            self.dialect.name(),
            quote_cell(path)
        )
    }

    /// One row per raw row: queue, category, automated flag, tickets, handle minutes, date.
    fn rows(&self, table: &str) -> String {
        let (s, d) = (self.source, self.dialect);
        let col = |c: &String| d.ident(c);
        let text = |e: String| format!("CAST({e} AS {})", d.text());
        let role = match (&self.opts.role, &s.role) {
            (Some(r), _) => d.string(r),
            (None, Some(c)) => text(col(c)),
            (None, None) => format!("CAST(NULL AS {})", d.text()),
        };
        let automated = match &s.automated {
            Some(a) => format!(
                "CASE WHEN LOWER({t}) IN ({}) THEN 'true' WHEN LOWER({t}) IN ({}) THEN 'false' END",
                d.strings(AUTOMATED.yes),
                d.strings(AUTOMATED.no),
                t = d.as_text(&col(a)),
            ),
            None => format!("CAST(NULL AS {})", d.text()),
        };
        let weight = match &s.count {
            Some(c) => format!("COALESCE({}, 0)", d.number(&col(c))),
            None => "1".to_string(),
        };
        let minutes = match &s.handle {
            Some((h, f)) => scaled(&d.number(&col(h)), *f, d),
            None => format!("CAST(NULL AS {})", d.double()),
        };
        let date = match &s.date {
            Some(c) => format!(
                "CASE WHEN LOWER({}) IN ({}) THEN NULL ELSE {} END",
                d.as_text(&col(c)),
                d.strings(values::MISSING),
                col(c)
            ),
            None => format!("CAST(NULL AS {})", d.text()),
        };
        let mut fields = vec![
            format!("{role} AS queue"),
            format!("{} AS category", text(col(&s.category))),
            format!("{automated} AS automated"),
            format!("{weight} AS w"),
            format!("{minutes} AS m"),
            format!("{date} AS d"),
        ];
        if let Some(id) = &s.events_id {
            fields.push(format!("{} AS ticket_id", col(id)));
        }
        format!(
            "  SELECT\n    {}\n  FROM {table}\n  WHERE {}",
            fields.join(",\n    "),
            self.not_blank()
        )
    }

    /// Rows with a value in some column read: blank lines are not tickets.
    fn not_blank(&self) -> String {
        let s = self.source;
        let mut used: Vec<&String> = [&s.role, &s.count, &s.automated, &s.date, &s.events_id]
            .into_iter()
            .flatten()
            .collect();
        used.push(&s.category);
        used.extend(s.handle.as_ref().map(|(h, _)| h));
        used.sort();
        used.dedup();
        used.iter()
            .map(|c| format!("{} IS NOT NULL", self.dialect.ident(c)))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// The rows per group that the reader reads back: the timed tickets but one at their
    /// average handle time, the last one at what makes their sum exact (the reader multiplies
    /// and adds back the very sum computed here), and the tickets without a valid handle time.
    fn result(&self) -> String {
        let s = self.source;
        let d = self.dialect;
        let category = if s.subjects { "subject" } else { "category" };
        let keys = format!("queue, category AS {category}, automated");
        let average = "handle_sum / NULLIF(timed_count, 0)";
        let mut parts = Vec::new();
        if s.handle.is_some() {
            let date = if s.date.is_some() {
                ", first_date AS created"
            } else {
                ""
            };
            parts.push(format!(
                "SELECT {keys}, CASE WHEN timed_count > 0 THEN timed_count - 1 ELSE 0 END AS tickets, \
                 {average} AS handle_minutes{date}"
            ));
            parts.push(format!(
                "SELECT {keys}, CASE WHEN timed_count > 0 THEN 1 ELSE 0 END AS tickets, \
                 handle_sum - (timed_count - 1) * ({average}) AS handle_minutes{date}"
            ));
        }
        let (handle, date) = (
            if s.handle.is_some() {
                format!(", CAST(NULL AS {}) AS handle_minutes", d.double())
            } else {
                String::new()
            },
            match (&s.date, s.handle.is_some()) {
                (Some(_), true) => ", last_date AS created",
                (Some(_), false) => ", first_date AS created",
                (None, _) => "",
            },
        );
        parts.push(format!(
            "SELECT {keys}, ticket_count - timed_count AS tickets{handle}{date}"
        ));
        if s.date.is_some() && s.handle.is_none() {
            // Without handle times, a second row of no tickets carries the last date.
            parts.push(format!("SELECT {keys}, 0 AS tickets, last_date AS created"));
        }
        let union = parts
            .iter()
            .map(|p| format!("{p}\nFROM ticket_groups"))
            .collect::<Vec<_>>()
            .join("\nUNION ALL\n");
        format!("{union}\nORDER BY queue, {category}, automated\n")
    }
}

/// Handle times in minutes: the number times the unit's minutes, the factor written as the
/// reader's own double (a text cast, exact in every dialect) so that both compute alike.
fn scaled(number: &str, factor: f64, dialect: Dialect) -> String {
    if factor == 1.0 {
        number.to_string()
    } else {
        format!("{number} * CAST('{factor:?}' AS {})", dialect.double())
    }
}
