//! Markdown, for pasting into wikis, tickets and e-mails: a document's blocks, then its warnings.

use super::{Block, Document, Grid};
use crate::error::shorten;
use anyhow::Result;
use std::io::Write;

/// Writes the blocks of `doc`, never two blank lines in a row, then the warnings as quotes.
pub fn write(doc: &Document, out: &mut dyn Write) -> Result<()> {
    let mut s = String::new();
    if let Some(title) = &doc.title {
        s.push_str(&format!("# {}\n\n", escape(title)));
    }
    for block in doc.blocks() {
        match block {
            Block::Heading(level, text) => {
                // A role's title and a section are `##`, a part of a section `###`.
                let marks = if *level <= 2 { "##" } else { "###" };
                s.push_str(&format!("{marks} {}\n\n", escape(text)));
            }
            Block::Paragraph(text) => s.push_str(&format!("{}\n\n", escape(text))),
            Block::Lines(items) | Block::Bullets(items) => {
                for item in items {
                    s.push_str(&format!("- {}\n", escape(item)));
                }
                s.push('\n');
            }
            Block::Table(grid) => grid_text(grid, &mut s),
            Block::Chart(chart) => {
                s.push_str(&format!("**{}**\n\n", escape(chart.title())));
                grid_text(&chart.grid(), &mut s);
                s.push('\n');
                let omitted = chart.omitted_text();
                if !omitted.is_empty() {
                    s.push_str(&format!("{}\n\n", escape(&omitted)));
                }
            }
            // The closing line of figures is for the terminal.
            Block::Summary(_) => {}
            Block::Gap => {
                if !s.is_empty() && !s.ends_with("\n\n") {
                    s.push('\n');
                }
            }
        }
    }
    if !doc.warnings.is_empty() {
        if !s.is_empty() && !s.ends_with("\n\n") {
            s.push('\n');
        }
        for w in &doc.warnings {
            s.push_str(&format!("> warning: {}\n", escape(w)));
        }
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

fn grid_text(grid: &Grid, s: &mut String) {
    s.push_str(&format!("| {} |\n|", grid.header.join(" | ")));
    for _ in &grid.header {
        s.push_str("---|");
    }
    s.push('\n');
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.render())).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

/// Table-safe text: control characters replaced, each line cut to a readable length, pipes
/// escaped, line breaks as `<br>`.
fn escape(s: &str) -> String {
    s.split('\n')
        .map(|line| shorten(line, super::table::LINE_CHARS).replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("<br>")
}
