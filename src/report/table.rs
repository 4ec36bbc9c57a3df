//! Terminal tables (comfy-table), with the band and class coloured when colour is on.

use super::{
    advice_text, path_heading, paths_human, plan_human, practised_text, roles_human, tasks_human,
    taxonomy_grid, tickets_human, Cell, Grid, Renderer, Style, View,
};
use crate::analysis::Analysis;
use crate::error::sanitize;
use crate::taxonomy::Taxonomy;
use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Color, ContentArrangement};
use std::io::Write;

pub struct Table(pub Style);

impl Renderer for Table {
    fn analysis(&self, a: &Analysis, view: View, out: &mut dyn Write) -> Result<()> {
        let grid = match view {
            View::Role => roles_human(a),
            View::Task => tasks_human(a),
        };
        writeln!(out, "{}", self.build(&grid))?;
        let tasks = a.tasks.len();
        let unclassified = a.tasks.iter().filter(|t| t.assessment.unclassified).count();
        writeln!(
            out,
            "{} roles, {} tasks ({} unclassified); taxonomy {}",
            a.roles.len(),
            tasks,
            unclassified,
            a.taxonomy.name
        )?;
        Ok(())
    }

    fn tickets(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "{}", self.build(&tickets_human(a)))?;
        if let Some(t) = &a.tickets {
            let tickets: f64 = t.lines.iter().map(|l| l.tickets).sum();
            writeln!(
                out,
                "{} tickets over {} weeks from {} rows{}; * = handle time estimated",
                super::format_number(tickets, 0),
                super::format_number(t.weeks, 1),
                t.notes.rows,
                if t.notes.event_rows {
                    " (event rows: one ticket per id)"
                } else {
                    ""
                }
            )?;
            for u in &t.notes.handle_units {
                writeln!(out, "handle times: {}", sanitize(u))?;
            }
        }
        Ok(())
    }

    fn check(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        for (i, section) in super::plain::worker_answer(a).iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{}", sanitize(&section.heading))?;
            for line in &section.lines {
                let bullet = if i == 0 { "  " } else { "  • " };
                writeln!(out, "{bullet}{}", sanitize(line))?;
            }
        }
        Ok(())
    }

    fn taxonomy(&self, t: &Taxonomy, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "{}", self.build(&taxonomy_grid(t)))?;
        writeln!(
            out,
            "taxonomy {} ({}), sha256 {}",
            t.name,
            t.origin,
            &t.sha256[..12]
        )?;
        Ok(())
    }

    fn paths(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        let Some(found) = &a.paths else { return Ok(()) };
        for rp in &found.roles {
            writeln!(out, "== {} ==", sanitize(&rp.role))?;
            writeln!(out, "{}", sanitize(&advice_text(rp)))?;
            writeln!(out, "{}", sanitize(&practised_text(rp)))?;
            writeln!(out, "{}", self.build(&paths_human(rp)))?;
            for p in &rp.paths {
                writeln!(out, "\n{}", sanitize(&path_heading(p)))?;
                let summary = super::paths::summary_text(p);
                if !summary.is_empty() {
                    writeln!(out, "{}", sanitize(&summary))?;
                }
                writeln!(out, "{}", self.build(&plan_human(p)))?;
            }
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} roles; catalog {}; taxonomy {}",
            found.roles.len(),
            found.catalog.name,
            a.taxonomy.name
        )?;
        Ok(())
    }
}

impl Table {
    fn build(&self, grid: &Grid) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.0.width {
            table.set_width(w);
        }
        if self.0.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(grid.header.iter().map(comfy_table::Cell::new));
        for row in &grid.rows {
            table.add_row(row.iter().map(|c| {
                // Line breaks are layout (lists in one cell); everything else is sanitised.
                let text = c
                    .render()
                    .split('\n')
                    .map(sanitize)
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut cell = comfy_table::Cell::new(&text);
                if matches!(c, Cell::Number(..)) {
                    cell = cell.set_alignment(CellAlignment::Right);
                }
                if self.0.color {
                    if let Some(color) = colour_of(&text) {
                        cell = cell.fg(color);
                    }
                }
                cell
            }));
        }
        table
    }
}

fn colour_of(text: &str) -> Option<Color> {
    match text {
        "high" | "automate" => Some(Color::Red),
        "medium" | "augment" => Some(Color::Yellow),
        "low" | "retain" => Some(Color::Green),
        _ => None,
    }
}
