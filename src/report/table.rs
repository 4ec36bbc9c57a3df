//! Terminal tables (comfy-table) and text, with bands and classes coloured when colour is on.

use super::{Block, Cell, Document, Grid, Style};
use crate::error::shorten;
use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Color, ContentArrangement};
use std::io::Write;

/// The most characters a table cell line shows: a longer one is cut with an ellipsis, so the
/// table's layout work stays linear in the size of the input.
pub const CELL_CHARS: usize = 1000;

/// The most characters a line of text shows.
pub const LINE_CHARS: usize = 2000;

fn text_line(text: &str) -> String {
    shorten(text, LINE_CHARS)
}

/// Writes the blocks of `doc` for a terminal. Warnings go to stderr from the command layer.
pub fn write(doc: &Document, style: Style, out: &mut dyn Write) -> Result<()> {
    for block in doc.blocks() {
        match block {
            Block::Heading(1, text) => writeln!(out, "== {} ==", text_line(text))?,
            Block::Heading(_, text) | Block::Paragraph(text) | Block::Summary(text) => {
                writeln!(out, "{}", text_line(text))?
            }
            Block::Lines(lines) => {
                for line in lines {
                    writeln!(out, "  {}", text_line(line))?;
                }
            }
            Block::Bullets(lines) => {
                for line in lines {
                    writeln!(out, "  • {}", text_line(line))?;
                }
            }
            Block::Table(grid) => writeln!(out, "{}", build(grid, style))?,
            Block::Chart(chart) => {
                writeln!(out, "{}", text_line(chart.title()))?;
                writeln!(out, "{}", build(&chart.grid(), style))?;
            }
            Block::Gap => writeln!(out)?,
        }
    }
    Ok(())
}

fn build(grid: &Grid, style: Style) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = style.width {
        table.set_width(w);
    }
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(
        grid.header
            .iter()
            .map(|h| comfy_table::Cell::new(shorten(h, CELL_CHARS))),
    );
    for row in &grid.rows {
        table.add_row(row.iter().map(|c| {
            // Line breaks are layout (lists in one cell); everything else is sanitised and cut.
            let text = c
                .render()
                .split('\n')
                .map(|l| shorten(l, CELL_CHARS))
                .collect::<Vec<_>>()
                .join("\n");
            let mut cell = comfy_table::Cell::new(&text);
            if matches!(c, Cell::Number(..)) {
                cell = cell.set_alignment(CellAlignment::Right);
            }
            if style.color {
                if let Some(color) = colour_of(c) {
                    cell = cell.fg(color);
                }
            }
            cell
        }));
    }
    table
}

/// Red for what automation takes over, yellow for what it strengthens, green for what stays.
fn colour_of(cell: &Cell) -> Option<Color> {
    use crate::score::{Band, Class};
    match cell {
        Cell::Band(Band::High) | Cell::Class(Class::Automate) => Some(Color::Red),
        Cell::Band(Band::Medium) | Cell::Class(Class::Augment) => Some(Color::Yellow),
        Cell::Band(Band::Low) | Cell::Class(Class::Retain) => Some(Color::Green),
        _ => None,
    }
}
