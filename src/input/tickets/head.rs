//! The head of an export: its column names and a sample of its first rows, from which the
//! formats of its handle times and dates are decided.

use super::{blocks, cannot_read, chunk, polars_error, SAMPLE_ROWS};
use crate::error::InputError;
use crate::input::{source, values};
use polars::prelude::*;
use std::io::Read;
use std::path::Path;

/// The first rows of an export: its column names and a sample of values as text.
pub(super) struct Head {
    /// Column names as written (trimmed), for matching and messages.
    pub(super) headers: Vec<String>,
    /// The names the columns get in polars frames: the headers, made unique.
    pub(super) columns: Vec<String>,
    pub(super) delimiter: u8,
    /// Up to `SAMPLE_ROWS` rows, every column as text.
    pub(super) sample: DataFrame,
    /// All the rows of the first 4 MB of a CSV export (the sample for a Parquet one), in which
    /// repeated ticket ids tell an export of event rows.
    pub(super) rows: DataFrame,
    /// The columns' types: text in CSV exports, as stored in Parquet ones.
    pub(super) dtypes: Vec<DataType>,
    /// The first bytes are UTF-8 (a UTF-8 byte-order mark included).
    pub(super) utf8: bool,
    /// The bytes those rows take in the file.
    pub(super) sample_bytes: usize,
    /// A Parquet export.
    pub(super) parquet: bool,
}

impl Head {
    /// The sampled values of a column, without the missing ones.
    pub(super) fn texts(&self, column: Option<usize>) -> Vec<String> {
        texts(&self.sample, column)
    }

    /// The spelling of a missing value the column uses most in the sample ("N/A", "?"), if any
    /// but the empty cell, which the parser reads as missing anyway.
    pub(super) fn missing_spelling(&self, column: Option<usize>) -> Option<String> {
        let values = column
            .and_then(|i| self.sample.columns().get(i))
            .and_then(|c| c.str().ok())?;
        let mut counts: std::collections::HashMap<&str, usize> = Default::default();
        for v in values.iter().flatten() {
            if !v.is_empty() && values::is_missing(v) {
                *counts.entry(v).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|(v, n)| (*n, std::cmp::Reverse(*v)))
            .map(|(v, _)| v.to_string())
    }

    /// True when a value of the column repeats in the head's rows.
    pub(super) fn repeats(&self, column: Option<usize>) -> bool {
        let mut seen = std::collections::HashSet::new();
        texts(&self.rows, column)
            .into_iter()
            .any(|v| !seen.insert(v))
    }
}

/// The values of a column, without the missing ones.
fn texts(frame: &DataFrame, column: Option<usize>) -> Vec<String> {
    column
        .and_then(|i| frame.columns().get(i))
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

/// Unique column names: a repeated header gets its position appended.
pub(super) fn unique_names(headers: &[String]) -> Vec<String> {
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
pub(super) fn csv_head(
    disk: &Path,
    compression: super::compressed::Compression,
    file: &str,
) -> Result<Head, InputError> {
    const HEAD_BYTES: u64 = 4 << 20;
    let mut bytes = Vec::new();
    super::compressed::open(disk, compression)
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
    let (text, _) = source::decode_text(file, &bytes);
    let first = text.lines().next().unwrap_or("");
    if !first.trim().is_empty() {
        source::ensure_text(file, &text)?;
    }
    if first.trim().is_empty() {
        return Err(InputError::in_file(file, "the file is empty")
            .hint("a ticket export needs a header row, then one row per ticket"));
    }
    let delimiter = source::sniff_delimiter(first);
    if whole {
        if let Some(line) = source::unterminated_quote(&text, delimiter) {
            return Err(crate::input::tasks::unterminated(file, line));
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
    let parsed = chunk::read_rows(body, delimiter, &schema, &all, body.len() / 64 + 16, None)
        .map_err(|e| polars_error(file, e))?;
    let sample = parsed.slice(0, SAMPLE_ROWS);
    // The sample's share of the bytes is its share of the rows.
    let sample_bytes = body.len() * sample.height() / parsed.height().max(1);
    Ok(Head {
        headers,
        columns,
        delimiter,
        dtypes: vec![DataType::String; sample.width()],
        sample,
        rows: parsed,
        utf8,
        sample_bytes,
        parquet: false,
    })
}

/// The column names and first rows of a Parquet export.
pub(super) fn parquet_head(disk: &Path) -> PolarsResult<Head> {
    // The first rows only, read at once (a lazy scan starts polars' streaming engine, which
    // costs more than reading them).
    let first = ParquetReader::new(std::fs::File::open(disk)?)
        .with_slice(Some((0, SAMPLE_ROWS)))
        .finish()?;
    let schema = first.schema().clone();
    let columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let sample = first
        .lazy()
        .select(
            columns
                .iter()
                .zip(schema.iter_values())
                .map(|(c, dtype)| match dtype {
                    // Stored dates and times are sampled as the numbers they are stored as:
                    // typed, they need no format, and polars writing them as text panics on a
                    // value out of chrono's range (a damaged file) and refuses a time zone
                    // (it is built without time zones; DuckDB's TIMESTAMPTZ reads as one).
                    d if d.is_temporal() => col(c.as_str()).to_physical().cast(DataType::String),
                    _ => col(c.as_str()).cast(DataType::String),
                })
                .collect::<Vec<_>>(),
        )
        .collect()?;
    Ok(Head {
        headers: columns.clone(),
        columns,
        delimiter: b',',
        rows: sample.clone(),
        sample,
        dtypes: schema.iter_values().cloned().collect(),
        utf8: true,
        sample_bytes: 0,
        parquet: true,
    })
}

pub(super) fn scan_parquet(disk: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::from(disk.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}

pub(super) fn header_fields(line: &str, delimiter: u8) -> Vec<String> {
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
