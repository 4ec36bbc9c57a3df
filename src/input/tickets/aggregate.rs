//! The expressions that turn an export's rows into totals per role, category and automated
//! flag: what each row contributes, what it says of its handle time, event rows folded into one
//! row per ticket, and tickets summed into groups. They are lazy polars expressions, so that the
//! block reader and the whole-file scan aggregate the same way.

use super::plan::Plan;
use super::{automated, AUTOMATED, MAX_HANDLE_MINUTES};
use polars::prelude::*;

impl Plan {
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
