//! How the rows of one export are to be read, decided from its header and sample: which
//! columns give the role, category, weight and flags, how handle times are written and parsed,
//! which dates give the period covered, and whether rows are ticket events. The expressions that
//! aggregate rows are in `aggregate`, the per-block parse and the merge of blocks in `totals`.

use super::aggregate::spelled;
use super::columnar::Columnar;
use super::direct::Direct;
use super::formats::{common_width, describe, detect_date_format, detect_duration, Duration};
use super::head::Head;
use super::{Notes, Options};
use crate::error::{quote_cell, InputError};
use crate::input::{columns, values};
use polars::prelude::*;
use readers::{columnar_reader, direct_reader, Decided};

mod readers;

/// How the rows of one export become role, category, weight, minutes and flags, decided from
/// its sample.
pub(super) struct Plan {
    pub(super) role: Expr,
    pub(super) category: Expr,
    /// The category column holds subjects (free text, replaced later by matched phrases).
    pub(super) subjects: bool,
    pub(super) id: Expr,
    /// Tickets per row, in aggregated exports.
    pub(super) weight: Option<Expr>,
    /// The timestamp that gives the period covered: created, or resolved when there is none.
    pub(super) date: Expr,
    /// The date column as written, when dates are compared as text.
    pub(super) raw_date: Option<Expr>,
    /// Their width.
    pub(super) date_width: usize,
    pub(super) automated: Expr,
    pub(super) automated_col: Option<String>,
    /// The handle-time column and how it is written.
    pub(super) handle: Option<(String, Duration)>,
    /// Sampled handle times are plain numbers: the parser reads them as numbers (a block
    /// where that fails is read again as text).
    pub(super) numeric_handle: bool,
    /// The handle times' usual spelling of a missing value in the sample ("N/A").
    pub(super) handle_null: Option<String>,
    /// Handle times are stored as numbers (Parquet): no text to parse.
    pub(super) typed_handle: bool,
    /// Several rows per ticket id.
    pub(super) events: bool,
    /// The format of dates compared as text (ISO, one width), parsed after aggregation; dates
    /// in other forms are parsed per row into milliseconds.
    pub(super) text_dates: Option<&'static str>,
    pub(super) delimiter: u8,
    pub(super) columns: Vec<String>,
    /// The columns read, in file order.
    pub(super) needed: Vec<usize>,
    pub(super) handle_index: Option<usize>,
    /// Average bytes per row in the sample, to size the parser's buffers.
    pub(super) bytes_per_row: f64,
    /// How blocks are read without polars' parser, when the export's columns allow it.
    pub(super) direct: Option<Direct>,
    /// How a Parquet export is read without polars' scan, when its columns allow it.
    pub(super) columnar: Option<Columnar>,
}

impl Plan {
    /// Decides how an export's rows are read from its header and sample; the handle-time
    /// spelling found is noted for the report. Dates in a form not recognised are an error
    /// naming the column, since the period covered depends on them.
    pub(super) fn new(
        file: &str,
        head: &Head,
        map: &columns::ColumnMap,
        opts: &Options,
        notes: &mut Notes,
    ) -> Result<Plan, InputError> {
        let name = |key: &str| map.get(key).map(|i| head.columns[i].clone());
        let handle = HandleTimes::detect(file, head, map, notes)?;
        let events = name("count").is_none() && head.repeats(map.get("id"));
        notes.event_rows |= events;
        let dates = Dates::detect(file, head, map, opts)?;
        let category_col = name("category");
        let subjects = category_col.is_none();
        let needed = needed_columns(map, dates.key, subjects, events);
        let bytes_per_row =
            (head.sample_bytes as f64 / head.sample.height().max(1) as f64).max(8.0);
        let decided = Decided {
            head,
            map,
            opts,
            events,
            handle: &handle,
            dates: &dates,
        };
        let direct = direct_reader(&decided)
            // The direct reader reads exactly the columns polars' parser reads, so that both
            // call the same rows blank (two keys mapped to one column, for one, are not read).
            .filter(|d| {
                let mut read: Vec<usize> = d.columns().into_iter().flatten().collect();
                read.sort_unstable();
                read == needed
            });
        let columnar = columnar_reader(&decided)
            // The same columns as polars' scan, so that both call the same rows blank.
            .filter(|c| {
                let mut read: Vec<usize> = c
                    .sources
                    .iter()
                    .flatten()
                    .filter_map(|s| head.columns.iter().position(|n| *n == s.name))
                    .collect();
                read.sort_unstable();
                read == needed
            });
        Ok(Plan {
            role: match (&opts.role, name("role")) {
                (Some(r), _) => lit(r.as_str()),
                (None, Some(c)) => col(c.as_str()),
                (None, None) => lit(NULL).cast(DataType::String),
            },
            subjects,
            category: col(category_col
                .or(name("subject"))
                .unwrap_or_default()
                .as_str()),
            id: match name("id") {
                Some(i) => col(i.as_str()).cast(DataType::String),
                None => lit(NULL).cast(DataType::String),
            },
            weight: name("count").map(|c| finite_or_zero(col(c.as_str()).cast(DataType::Float64))),
            date: dates.expr,
            automated: match name("automated") {
                Some(a) => col(a.as_str()),
                None => lit(NULL).cast(DataType::String),
            },
            automated_col: name("automated"),
            text_dates: dates.text_format,
            raw_date: dates.raw,
            date_width: dates.width,
            handle: handle.column,
            numeric_handle: handle.numeric,
            handle_null: handle.null,
            typed_handle: handle.typed,
            events,
            delimiter: head.delimiter,
            columns: head.columns.clone(),
            handle_index: handle.index,
            needed,
            bytes_per_row,
            direct,
            columnar,
        })
    }

    /// Handle minutes and whether a value was written, per row.
    pub(super) fn minutes(&self, numeric: bool) -> (Expr, Expr) {
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
}

/// A count as a number, 0 where it is missing or not finite ("nan", "inf", `1e999`): a ticket
/// count that is not a number adds no tickets.
fn finite_or_zero(count: Expr) -> Expr {
    let finite = count
        .clone()
        .lt(lit(f64::INFINITY))
        .and(count.clone().gt(lit(f64::NEG_INFINITY)));
    when(finite).then(count).otherwise(lit(0.0))
}

/// The number in what the CSV parser reads as one: digits with an optional sign, point and
/// exponent, and nothing around them.
pub(super) fn plain_number(v: &str) -> Option<f64> {
    let plain = v
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    plain.then(|| v.parse().ok()).flatten()
}

/// The handle-time column and how its values are written, decided from the sample (the fields
/// of `Plan` of the same names).
struct HandleTimes {
    column: Option<(String, Duration)>,
    numeric: bool,
    null: Option<String>,
    typed: bool,
    index: Option<usize>,
}

impl HandleTimes {
    /// Detects the unit or clock form of the handle times and notes it for the report, since
    /// a unit guessed from the values is worth telling the user.
    fn detect(
        file: &str,
        head: &Head,
        map: &columns::ColumnMap,
        notes: &mut Notes,
    ) -> Result<HandleTimes, InputError> {
        let index = map.get("handle_minutes");
        if let Some(i) = index {
            ambiguous_handle_time(file, head, i)?;
        }
        let texts = head.texts(index);
        let column = index.map(|i| head.columns[i].clone()).map(|h| {
            let d = detect_duration(&h, &texts);
            (h, d)
        });
        if let Some((h, d)) = &column {
            notes.handle_units.push(format!(
                "{file}: {} read as {}",
                quote_cell(&head.headers[index.unwrap_or(0)]),
                describe(*d, h)
            ));
        }
        // Handle times stored as numbers (Parquet) are read as they are.
        let typed = index.is_some_and(|i| head.dtypes[i].is_primitive_numeric());
        let numeric = matches!(column, Some((_, Duration::Number(_))))
            && texts.iter().all(|v| plain_number(v).is_some());
        Ok(HandleTimes {
            column,
            numeric,
            null: head.missing_spelling(index),
            typed,
            index,
        })
    }
}

/// An error for the first handle time in the sample written like `1.200` or `1,200`, which is
/// 1.2 or 1200 depending on the export's locale: a guess would be wrong a thousandfold. Handle
/// times are figures, not ticket text, so the cell may be quoted.
fn ambiguous_handle_time(file: &str, head: &Head, i: usize) -> Result<(), InputError> {
    let Some(values) = head.sample.columns().get(i).and_then(|c| c.str().ok()) else {
        return Ok(());
    };
    let Some((row, v)) = values.iter().enumerate().find_map(|(row, v)| {
        v.filter(|v| values::ambiguous_grouping(v))
            .map(|v| (row, v))
    }) else {
        return Ok(());
    };
    Err(InputError::in_file(
        file,
        format!(
            "handle time {} in row {} is ambiguous: a decimal or a thousands separator",
            quote_cell(v),
            row + 1
        ),
    )
    .at_column(i + 1, head.headers[i].clone())
    .hint("export handle times without thousands separators, or with a decimal point and fewer than three decimals"))
}

/// The timestamp that gives the period covered and how it is read (the `date`, `raw_date`,
/// `date_width` and `text_dates` of `Plan`).
struct Dates {
    /// The key of the date column read, if any.
    key: Option<&'static str>,
    expr: Expr,
    raw: Option<Expr>,
    width: usize,
    text_format: Option<&'static str>,
}

impl Dates {
    /// Chooses the date column and how to read it: typed (Parquet), ISO text of one width
    /// (compared as text, parsed only after aggregation), or text parsed per row.
    fn detect(
        file: &str,
        head: &Head,
        map: &columns::ColumnMap,
        opts: &Options,
    ) -> Result<Dates, InputError> {
        // The period covered is when tickets came in; exports without a created date give
        // it from their resolved dates.
        // With --weeks the dates are not needed, and not read.
        let key = ["created", "resolved"]
            .into_iter()
            .find(|k| opts.weeks.is_none() && map.get(k).is_some());
        let column = key
            .and_then(|k| map.get(k))
            .map(|i| head.columns[i].clone());
        // Typed dates (Parquet) need no format: they are read as milliseconds.
        let typed = key
            .and_then(|k| map.get(k))
            .is_some_and(|i| head.dtypes[i].is_temporal());
        let texts = key
            .filter(|_| !typed)
            .map(|k| head.texts(map.get(k)))
            .unwrap_or_default();
        let format = date_format(file, head, map, key, &texts)?;
        // ISO timestamps of one width order as text: their first and last need no parsing
        // per row, only the two that come out of the aggregation.
        let width = format
            .filter(|f| f.starts_with("%Y-%m-%d"))
            .and_then(|_| common_width(&texts));
        Ok(Dates {
            key,
            expr: date_expr(column.as_deref(), typed, format, width),
            raw: match (&column, width) {
                (Some(c), Some(_)) => Some(col(c.as_str()).cast(DataType::String)),
                _ => None,
            },
            width: width.unwrap_or(0),
            text_format: width.and(format),
        })
    }
}

/// The format of the sampled dates of column `key`; none when no dates are read as text. A
/// form not recognised is an error naming the column and an example.
fn date_format(
    file: &str,
    head: &Head,
    map: &columns::ColumnMap,
    key: Option<&str>,
    texts: &[String],
) -> Result<Option<&'static str>, InputError> {
    let (Some(key), Some(example)) = (key, texts.first()) else {
        return Ok(None);
    };
    detect_date_format(texts).map(Some).ok_or_else(|| {
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
    })
}

/// A row's date: milliseconds since the epoch, or the text itself for ISO dates of one width
/// (values of another width are left out); null without a date column.
fn date_expr(
    column: Option<&str>,
    typed: bool,
    format: Option<&'static str>,
    width: Option<usize>,
) -> Expr {
    match (column, format, width) {
        (Some(c), _, _) if typed => col(c)
            .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
            .cast(DataType::Int64),
        (Some(c), Some(_), Some(w)) => {
            // Values of another width are not dates ("N/A", blanks): left out.
            let text = col(c).cast(DataType::String);
            when(text.clone().str().len_bytes().eq(lit(w as u32)))
                .then(text)
                .otherwise(lit(NULL).cast(DataType::String))
        }
        (Some(c), Some(f), None) => col(c)
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
    }
}

/// The columns read, in file order: the parser skips the others, which in a wide export are
/// most of its bytes.
fn needed_columns(
    map: &columns::ColumnMap,
    date_key: Option<&'static str>,
    subjects: bool,
    events: bool,
) -> Vec<usize> {
    let mut used = vec!["role", "category", "count", "handle_minutes", "automated"];
    used.extend(date_key);
    if subjects {
        used.push("subject");
    }
    if events {
        used.push("id");
    }
    let mut needed: Vec<usize> = used.iter().filter_map(|k| map.get(k)).collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}
