//! A view: what one command shows, as data that every format can write. A command builds one
//! [`Document`]; the table and Markdown writers lay out its blocks, the CSV writer its records,
//! the JSON writer its typed document. Adding a command adds a view, not a method per format.

use super::{Chart, Grid};
use serde::Serialize;

/// Everything one command shows.
pub struct Document {
    /// What people read, in order (terminal table, Markdown).
    pub blocks: Vec<Block>,
    /// The machine table (CSV): every field, one row per record.
    pub records: Grid,
    /// The JSON document, serialised from the command's typed output struct.
    pub json: serde_json::Value,
    /// Warnings, worded (Markdown carries them; the command layer prints them on stderr).
    pub warnings: Vec<String>,
    /// The title of a document that stands alone (a report file); `None` for command output.
    pub title: Option<String>,
}

impl Document {
    /// A document whose JSON is serialised from `doc`.
    pub fn new(
        blocks: Vec<Block>,
        records: Grid,
        doc: &impl Serialize,
        warnings: Vec<String>,
    ) -> Document {
        Document {
            blocks,
            records,
            // Serialising plain structs of numbers and strings cannot fail.
            json: serde_json::to_value(doc).unwrap_or(serde_json::Value::Null),
            warnings,
            title: None,
        }
    }

    /// The same document with a title, for writers that make a page of it.
    pub fn titled(mut self, title: impl Into<String>) -> Document {
        self.title = Some(title.into());
        self
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
