//! One block of whole rows parsed and aggregated into totals, and the totals of all blocks
//! merged: the work the block reader runs in parallel, and what it keeps of each block.

use super::aggregate::{merge_tickets, per_group};
use super::chunk::read_rows;
use super::formats::parse_millis;
use super::plan::Plan;
use polars::prelude::*;

impl Plan {
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

    /// Parses a block of whole rows into a frame of the columns read; with `numeric`, handle
    /// times are parsed as numbers, which fails on a value that is not one.
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

    /// Parses and aggregates one block of whole rows: by the direct reader when it can.
    pub(super) fn block(&self, rows: &[u8]) -> PolarsResult<Totals> {
        if let Some(Ok(totals)) = self.direct.as_ref().map(|d| d.block(rows)) {
            return totals;
        }
        self.parsed_block(rows)
    }

    /// Parses a block with polars' parser and aggregates it: every case the direct reader
    /// leaves.
    pub(super) fn parsed_block(&self, rows: &[u8]) -> PolarsResult<Totals> {
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
