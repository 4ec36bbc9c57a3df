//! A view: what one command shows, as data that every format can write. A command builds one
//! [`Document`]; the table and Markdown writers lay out its blocks, the CSV writer its records,
//! the JSON writer its typed document. Adding a command adds a view, not a method per format.

use super::{Chart, Grid};
use serde::Serialize;
use std::cell::{Cell, OnceCell};
use std::io::Write;

/// Writes a JSON document to `out`.
type JsonWriter<'a> = Box<dyn Fn(&mut dyn Write) -> serde_json::Result<()> + 'a>;

/// A part of a document, built when a writer first asks for it: a run writes one format, and
/// the others' parts of a large analysis (100,000 ticket lines) are never built.
struct Part<'a, T> {
    value: OnceCell<T>,
    make: Cell<Option<Box<dyn FnOnce() -> T + 'a>>>,
}

impl<'a, T: Default> Part<'a, T> {
    fn ready(value: T) -> Self {
        Part {
            value: OnceCell::from(value),
            make: Cell::new(None),
        }
    }

    fn later(make: impl FnOnce() -> T + 'a) -> Self {
        Part {
            value: OnceCell::new(),
            make: Cell::new(Some(Box::new(make))),
        }
    }

    fn get(&self) -> &T {
        self.value
            .get_or_init(|| self.make.take().map(|make| make()).unwrap_or_default())
    }
}

/// Everything one command shows.
pub struct Document<'a> {
    /// What people read, in order (terminal table, Markdown).
    blocks: Part<'a, Vec<Block>>,
    /// The machine table (CSV): every field, one row per record.
    records: Part<'a, Grid>,
    /// The JSON document, serialised from the command's typed output struct when it is
    /// written, straight to the output: an analysis of all of O*NET with upskilling paths is
    /// some 70 MB of JSON, never held in memory whole.
    json: JsonWriter<'a>,
    /// Warnings, worded (Markdown carries them; the command layer prints them on stderr).
    pub warnings: Vec<String>,
    /// The title of a document that stands alone (a report file); `None` for command output.
    pub title: Option<String>,
}

impl<'a> Document<'a> {
    /// A document whose JSON is serialised from `doc`, computed now.
    pub fn new(
        blocks: Vec<Block>,
        records: Grid,
        doc: &impl Serialize,
        warnings: Vec<String>,
    ) -> Document<'a> {
        // Serialising plain structs of numbers and strings cannot fail.
        let text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| "null".to_string());
        Document {
            blocks: Part::ready(blocks),
            records: Part::ready(records),
            json: Box::new(move |out| {
                out.write_all(text.as_bytes())
                    .map_err(serde_json::Error::io)
            }),
            warnings,
            title: None,
        }
    }

    /// A document whose every part is built only when a writer asks for it: the blocks for
    /// the table and Markdown, the records for CSV, the JSON as it is written.
    pub fn lazy(
        blocks: impl FnOnce() -> Vec<Block> + 'a,
        records: impl FnOnce() -> Grid + 'a,
        json: impl Fn(&mut dyn Write) -> serde_json::Result<()> + 'a,
        warnings: Vec<String>,
    ) -> Document<'a> {
        Document {
            blocks: Part::later(blocks),
            records: Part::later(records),
            json: Box::new(json),
            warnings,
            title: None,
        }
    }

    /// What people read, in order (terminal table, Markdown, HTML).
    pub fn blocks(&self) -> &[Block] {
        self.blocks.get()
    }

    /// The machine table (CSV).
    pub fn records(&self) -> &Grid {
        self.records.get()
    }

    /// The same document with a title, for writers that make a page of it.
    pub fn titled(mut self, title: impl Into<String>) -> Document<'a> {
        self.title = Some(title.into());
        self
    }

    /// Writes the JSON document, pretty-printed, and a final newline.
    pub fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        (self.json)(out)?;
        writeln!(out)
    }
}

/// One block of what people read.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading. Level 1 titles a role (a banner on a terminal), level 2 a section, level 3 a
    /// part of a section; on a terminal levels 2 and 3 are plain lines.
    Heading(u8, String),
    Paragraph(String),
    /// Lines indented on a terminal, a list in Markdown.
    Lines(Vec<String>),
    /// A bulleted list.
    Bullets(Vec<String>),
    Table(Grid),
    /// A chart: drawn in HTML, its figures as a table elsewhere.
    Chart(Chart),
    /// A closing line of figures for the terminal ("11 roles, 113 tasks ...").
    Summary(String),
    /// A blank line between sections.
    Gap,
}
