//! CSV for scripts and spreadsheets: a document's records, with the formula-injection guard on
//! text cells.

use super::{Cell, Grid, Style};
use anyhow::Result;
use std::io::Write;

/// Writes the records of a document.
pub fn write(grid: &Grid, style: Style, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&grid.header)?;
    for row in &grid.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Text(s) if style.formula_guard => guard(s),
            other => other.render(),
        }))?;
    }
    w.flush()?;
    Ok(())
}

/// Prefixes text a spreadsheet would evaluate (`= + - @`, tab, CR, LF first) with `'`.
pub fn guard(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formula_guard_prefixes_what_a_spreadsheet_would_run() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("Answer FAQs"), "Answer FAQs");
    }
}
