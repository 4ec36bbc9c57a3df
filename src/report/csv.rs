//! CSV for scripts and spreadsheets, with the formula-injection guard on text cells.

use super::{
    paths_full, roles_full, tasks_full, taxonomy_grid, tickets_full, Cell, Grid, Renderer, Style,
    View,
};
use crate::analysis::Analysis;
use crate::taxonomy::Taxonomy;
use anyhow::Result;
use std::io::Write;

pub struct Csv(pub Style);

impl Renderer for Csv {
    fn analysis(&self, a: &Analysis, view: View, out: &mut dyn Write) -> Result<()> {
        let grid = match view {
            View::Role => roles_full(a),
            View::Task => tasks_full(a),
        };
        self.grid(&grid, out)
    }

    fn taxonomy(&self, t: &Taxonomy, out: &mut dyn Write) -> Result<()> {
        self.grid(&taxonomy_grid(t), out)
    }

    fn tickets(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        self.grid(&tickets_full(a), out)
    }

    fn check(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        self.grid(&tasks_full(a), out)
    }

    fn paths(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        self.grid(&paths_full(a), out)
    }
}

impl Csv {
    fn grid(&self, grid: &Grid, out: &mut dyn Write) -> Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&grid.header)?;
        for row in &grid.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) if self.0.formula_guard => guard(s),
                other => other.render(),
            }))?;
        }
        w.flush()?;
        Ok(())
    }
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
    fn formula_guard() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("Answer FAQs"), "Answer FAQs");
    }
}
