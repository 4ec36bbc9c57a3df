//! Markdown tables, for pasting into wikis, tickets and e-mails.

use super::{
    advice_text, path_heading, paths_human, plan_human, practised_text, roles_human, tasks_human,
    taxonomy_grid, tickets_human, Grid, Renderer, View,
};
use crate::analysis::Analysis;
use crate::error::sanitize;
use crate::taxonomy::Taxonomy;
use anyhow::Result;
use std::io::Write;

pub struct Markdown;

impl Renderer for Markdown {
    fn analysis(&self, a: &Analysis, view: View, out: &mut dyn Write) -> Result<()> {
        let grid = match view {
            View::Role => roles_human(a),
            View::Task => tasks_human(a),
        };
        write_grid(&grid, out)?;
        warnings(a, out)
    }

    fn tickets(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        write_grid(&tickets_human(a), out)?;
        warnings(a, out)
    }

    fn taxonomy(&self, t: &Taxonomy, out: &mut dyn Write) -> Result<()> {
        write_grid(&taxonomy_grid(t), out)
    }

    fn check(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        for section in super::plain::worker_answer(a) {
            writeln!(out, "## {}\n", escape(&section.heading))?;
            for line in &section.lines {
                writeln!(out, "- {}", escape(line))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn paths(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        for rp in a.paths.iter().flat_map(|p| &p.roles) {
            writeln!(out, "## {}\n", escape(&rp.role))?;
            writeln!(out, "{}\n", escape(&advice_text(rp)))?;
            writeln!(out, "{}\n", escape(&practised_text(rp)))?;
            write_grid(&paths_human(rp), out)?;
            for p in &rp.paths {
                writeln!(out, "\n### {}\n", escape(&path_heading(p)))?;
                let summary = super::paths::summary_text(p);
                if !summary.is_empty() {
                    writeln!(out, "{}\n", escape(&summary))?;
                }
                write_grid(&plan_human(p), out)?;
            }
            writeln!(out)?;
        }
        if !a.warnings.is_empty() {
            for w in &a.warnings {
                writeln!(out, "> warning: {}", escape(w))?;
            }
        }
        Ok(())
    }
}

fn warnings(a: &Analysis, out: &mut dyn Write) -> Result<()> {
    if !a.warnings.is_empty() {
        writeln!(out)?;
        for w in &a.warnings {
            writeln!(out, "> warning: {}", escape(w))?;
        }
    }
    Ok(())
}

fn write_grid(grid: &Grid, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "| {} |", grid.header.join(" | "))?;
    writeln!(
        out,
        "|{}",
        grid.header.iter().map(|_| "---|").collect::<String>()
    )?;
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.render())).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Table-safe text: control characters stripped, pipes escaped, line breaks as `<br>`.
fn escape(s: &str) -> String {
    s.split('\n')
        .map(|line| sanitize(line).replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("<br>")
}
