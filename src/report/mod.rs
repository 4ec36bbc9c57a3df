//! The render layer. Each command builds one view, a [`Document`] (see [`views`]), and each
//! output format writes any document: [`table`] and [`markdown`] lay out its blocks, [`csv`] its
//! records, [`json`] its typed document. All user-facing wording of figures and warnings lives
//! in this layer; the core returns data.

pub mod chart;
mod csv;
pub use self::csv::guard as csv_formula_guard;
pub mod document;
mod grids;
mod html;
pub mod json;
mod json_paths;
mod json_tickets;
mod markdown;
mod paths;
pub mod plain;
mod pretty;
mod report_method;
mod report_paths;
mod report_view;
pub mod simulate;
mod svg;
mod table;
pub mod views;
pub mod warnings;

pub use chart::Chart;
pub use document::{Block, Document};
pub use grids::{evidence_compact, evidence_words};
pub use paths::{advice_text, path_heading, paths_full, paths_human, plan_human, practised_text};

use crate::score::{Band, Class};
use anyhow::Result;
use std::io::Write;

/// An output format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    /// One self-contained HTML page (inline CSS and SVG); written by `exposure report`.
    #[value(skip)]
    Html,
}

/// What an analysis report lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row per role.
    Role,
    /// One row per task, with the traits and phrases that decided it.
    Task,
}

/// Settings every writer may use.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Prefix CSV text cells that a spreadsheet would run as a formula.
    pub formula_guard: bool,
    pub color: bool,
    /// Table width in columns; `None` lets the table size itself.
    pub width: Option<u16>,
}

/// Writes `doc` in `format`.
pub fn write(format: Format, style: Style, doc: &Document, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Table => table::write(doc, style, out),
        Format::Csv => csv::write(doc.records(), style, out),
        Format::Json => Ok(doc.write_json(out)?),
        Format::Markdown => markdown::write(doc, out),
        Format::Html => html::write(doc, out),
    }
}

/// A cell of a table: text, a number with its decimals, or a typed value that a terminal
/// colours (a band, a class).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64, usize),
    Band(Band),
    Class(Class),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt(v: Option<f64>, decimals: usize) -> Cell {
        v.map(|x| Cell::Number(x, decimals)).unwrap_or(Cell::Empty)
    }

    /// The cell as plain text (numbers rounded to their decimals).
    pub fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x, d) => format_number(*x, *d),
            Cell::Band(b) => b.as_str().to_string(),
            Cell::Class(c) => c.as_str().to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A table: a header and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Rounds without printing `-0`.
pub fn format_number(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Rounds a figure for machine output, so that files are stable and readable.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A share as a whole percentage: 0.834 -> "83%".
pub fn percent(x: f64) -> String {
    format!("{}%", format_number(x * 100.0, 0))
}
