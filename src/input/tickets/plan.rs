//! How the rows of an export become totals per role, category and automated flag: the
//! expressions decided from the sample, the per-block parse and aggregation, and the merge of
//! the blocks' totals.

use super::chunk::read_rows;
use super::formats::{
    common_width, describe, detect_date_format, detect_duration, parse_millis, Duration,
};
use super::head::Head;
use super::{automated, Notes, Options, AUTOMATED, MAX_HANDLE_MINUTES};
use crate::error::{quote_cell, InputError};
use crate::input::{columns, values};
use polars::prelude::*;

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
}

impl Plan {
    pub(super) fn new(
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
        // Handle times stored as numbers (Parquet) are read as they are.
        let typed_handle = map
            .get("handle_minutes")
            .is_some_and(|i| head.dtypes[i].is_primitive_numeric());
        let numeric_handle = matches!(handle, Some((_, Duration::Number(_))))
            && handle_texts.iter().all(|v| plain_number(v));
        let events = name("count").is_none() && head.repeats(map.get("id"));
        notes.event_rows |= events;
        // The period covered is when tickets came in; exports without a created date give
        // it from their resolved dates.
        // With --weeks the dates are not needed, and not read.
        let date_key = ["created", "resolved"]
            .into_iter()
            .find(|k| opts.weeks.is_none() && map.get(k).is_some());
        let date_col = date_key.and_then(name);
        // Typed dates (Parquet) need no format: they are read as milliseconds.
        let typed_dates = date_key
            .and_then(|k| map.get(k))
            .is_some_and(|i| head.dtypes[i].is_temporal());
        let date_texts = date_key
            .filter(|_| !typed_dates)
            .map(texts)
            .unwrap_or_default();
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
            (Some(c), _, _) if typed_dates => col(c.as_str())
                .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
                .cast(DataType::Int64),
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
            handle_null: head.missing_spelling(map.get("handle_minutes")),
            typed_handle,
            events,
            delimiter: head.delimiter,
            columns: head.columns.clone(),
            handle_index: map.get("handle_minutes"),
            needed,
            bytes_per_row,
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

    /// The columns a row contributes: role, category, automated flag (as written), handle
    /// minutes `m` (and `present`, whether one was written, when they are read as text), the
    /// weight `w` of aggregated rows, the ticket `id` of event rows, and with `dates` the date.
    pub(super) fn rows(&self, lf: LazyFrame, numeric: bool, dates: bool) -> LazyFrame {
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
    pub(super) fn aggregate(&self, lf: LazyFrame, numeric: bool, dates: bool) -> LazyFrame {
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
    pub(super) fn per_ticket(
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
                spelled(auto.clone(), AUTOMATED.yes),
                spelled(auto, AUTOMATED.no),
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
    pub(super) fn spellings(&self, frame: &DataFrame) -> PolarsResult<Spellings> {
        let mut out = Spellings::default();
        let Some(name) = &self.automated_col else {
            return Ok(out);
        };
        let distinct = frame.column(name)?.cast(&DataType::String)?.unique()?;
        for value in distinct.str()?.iter().flatten() {
            match automated(Some(value)) {
                Some(true) => out.yes.push(value.to_string()),
                Some(false) => out.no.push(value.to_string()),
                None => {}
            }
        }
        Ok(out)
    }

    /// The schema rows are parsed with: text, or the handle time as a number.
    pub(super) fn schema(&self, numeric: bool) -> Schema {
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

    pub(super) fn parse(&self, rows: &[u8], numeric: bool) -> PolarsResult<DataFrame> {
        let capacity = (rows.len() as f64 / self.bytes_per_row * 1.1) as usize + 16;
        let schema = self.schema(numeric);
        // Read as numbers, the handle times' usual spelling of a missing value ("N/A" where a
        // bot resolved the ticket) is a null to the parser, not a reason to read the block as
        // text.
        let nulls = match (&self.handle_null, &self.handle) {
            (Some(spelling), Some((column, _))) if numeric => Some(NullValues::Named(vec![(
                column.as_str().into(),
                spelling.as_str().into(),
            )])),
            _ => None,
        };
        read_rows(rows, self.delimiter, &schema, &self.needed, capacity, nulls)
    }

    /// Parses and aggregates one block of whole rows.
    pub(super) fn block(&self, rows: &[u8]) -> PolarsResult<Totals> {
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
        let ends = lf
            .select([
                self.date.clone().min().alias("first"),
                self.date.clone().max().alias("last"),
            ])
            .collect()?;
        Ok((millis(&ends, "first")?, millis(&ends, "last")?))
    }

    /// False for a row with no value in any column read: a blank line, not a ticket.
    pub(super) fn not_blank(&self) -> Expr {
        self.needed
            .iter()
            .map(|&i| col(self.columns[i].as_str()).is_not_null())
            .reduce(|a, b| a.or(b))
            .unwrap_or(lit(true))
    }

    /// Milliseconds since the epoch of the dates in an aggregated column.
    pub(super) fn millis(&self, grouped: &DataFrame, c: &str) -> PolarsResult<Vec<Option<i64>>> {
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
pub(super) struct Measures {
    /// The handle minutes when they are valid (0 to 24 hours), else 0.
    pub(super) timed_minutes: Expr,
    /// 1 when the handle time is valid.
    pub(super) timed: Expr,
    pub(super) negative: Expr,
    pub(super) absurd: Expr,
    /// Written, but not a time.
    pub(super) unreadable: Expr,
}

impl Measures {
    pub(super) fn new(numeric: bool) -> Measures {
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
pub(super) fn merge_tickets(tickets: LazyFrame) -> LazyFrame {
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
pub(super) fn per_group(tickets: LazyFrame, dates: bool) -> LazyFrame {
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
pub(super) struct Totals {
    pub(super) groups: DataFrame,
    pub(super) first: Option<i64>,
    pub(super) last: Option<i64>,
}

/// Makes a frame independent of the block it was computed from: its text is copied into
/// buffers of its own, so that it no longer holds on to the block's larger buffers. With
/// `categorical`, queues and categories (a few values over millions of tickets) become
/// categoricals instead.
pub(super) fn detach(frame: DataFrame, categorical: bool) -> PolarsResult<DataFrame> {
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
pub(super) fn plain_number(v: &str) -> bool {
    !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && v.parse::<f64>().is_ok()
}

/// Adds up the totals of the blocks: groups with their first and last dates.
pub(super) fn merge(parts: Vec<Totals>, events: bool) -> PolarsResult<Totals> {
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

/// Spellings of the automated flag, as written, that mean yes and no.
#[derive(Debug, Default)]
pub(super) struct Spellings {
    pub(super) yes: Vec<String>,
    pub(super) no: Vec<String>,
}

/// A per-row test of a text against exact spellings.
pub(super) fn written(flag: Expr, spellings: &[String]) -> Expr {
    spellings
        .iter()
        .map(|w| flag.clone().eq(lit(w.as_str())))
        .reduce(|x, y| x.or(y))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
}

/// A per-row test of a text's spelling against lowercased words.
pub(super) fn spelled(flag: Expr, words: &[&str]) -> Expr {
    let low = flag.str().strip_chars(lit(NULL)).str().to_lowercase();
    words
        .iter()
        .map(|w| low.clone().eq(lit(*w)))
        .reduce(|x, y| x.or(y))
        .unwrap_or(lit(false))
        .fill_null(lit(false))
}
