//! One view per command: what it shows, built once as a [`Document`] that every format writes.

use super::grids::{
    roles_full, roles_human, tasks_full, tasks_human, taxonomy_grid, tickets_full, tickets_human,
};
use super::warnings::words;
use super::{
    advice_text, format_number, json, path_heading, paths_full, paths_human, plain, plan_human,
    practised_text, Block, By, Document,
};
use crate::analysis::Analysis;
use crate::taxonomy::Taxonomy;

/// `exposure analyze`: roles, or every task with `--by task`.
pub fn analysis(a: &Analysis, by: By) -> Document {
    let warnings = words(&a.warnings);
    let (human, records) = match by {
        By::Role => (roles_human(a), roles_full(a)),
        By::Task => (tasks_human(a), tasks_full(a)),
    };
    let unclassified = a.tasks.iter().filter(|t| t.assessment.unclassified).count();
    let blocks = vec![
        Block::Table(human),
        Block::Summary(format!(
            "{} roles, {} tasks ({} unclassified); taxonomy {}",
            a.roles.len(),
            a.tasks.len(),
            unclassified,
            a.taxonomy.name
        )),
    ];
    let doc = json::analysis_doc(a, &warnings);
    Document::new(blocks, records, &doc, warnings.clone())
}

/// `exposure tickets`: one row per role and category.
pub fn tickets(a: &Analysis) -> Document {
    let warnings = words(&a.warnings);
    let mut blocks = vec![Block::Table(tickets_human(a))];
    if let Some(t) = &a.tickets {
        let tickets: f64 = t.lines.iter().map(|l| l.tickets).sum();
        blocks.push(Block::Summary(format!(
            "{} tickets over {} weeks from {} rows{}; * = handle time estimated",
            format_number(tickets, 0),
            format_number(t.weeks, 1),
            t.notes.rows,
            if t.notes.event_rows {
                " (event rows: one ticket per id)"
            } else {
                ""
            }
        )));
        for u in &t.notes.handle_units {
            blocks.push(Block::Summary(format!("handle times: {u}")));
        }
    }
    let doc = json::tickets_doc(a, &warnings);
    Document::new(blocks, tickets_full(a), &doc, warnings.clone())
}

/// `exposure check`: a worker's answer in plain language.
pub fn check(a: &Analysis) -> Document {
    let warnings = words(&a.warnings);
    let mut blocks = Vec::new();
    for (i, section) in plain::worker_answer(a).into_iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Gap);
        }
        blocks.push(Block::Heading(2, section.heading));
        blocks.push(if i == 0 {
            Block::Lines(section.lines)
        } else {
            Block::Bullets(section.lines)
        });
    }
    let doc = json::analysis_doc(a, &warnings);
    Document::new(blocks, tasks_full(a), &doc, warnings.clone())
}

/// `exposure paths`: per role the advice, the paths and each path's plan.
pub fn paths(a: &Analysis) -> Document {
    let warnings = words(&a.warnings);
    let mut blocks = Vec::new();
    if let Some(found) = &a.paths {
        for rp in &found.roles {
            blocks.push(Block::Heading(1, rp.role.clone()));
            blocks.push(Block::Paragraph(advice_text(rp)));
            blocks.push(Block::Paragraph(practised_text(rp)));
            blocks.push(Block::Table(paths_human(rp)));
            for p in &rp.paths {
                blocks.push(Block::Gap);
                blocks.push(Block::Heading(3, path_heading(p)));
                let summary = super::paths::summary_text(p);
                if !summary.is_empty() {
                    blocks.push(Block::Paragraph(summary));
                }
                blocks.push(Block::Table(plan_human(p)));
            }
            blocks.push(Block::Gap);
        }
        blocks.push(Block::Summary(format!(
            "{} roles; catalog {}; taxonomy {}",
            found.roles.len(),
            found.catalog.name,
            a.taxonomy.name
        )));
    }
    let doc = json::paths_doc(a, &warnings);
    Document::new(blocks, paths_full(a), &doc, warnings.clone())
}

/// `exposure taxonomy`: the traits, their weights and seeds.
pub fn taxonomy(t: &Taxonomy) -> Document {
    let warnings = words(&t.warnings);
    let blocks = vec![
        Block::Table(taxonomy_grid(t)),
        Block::Summary(format!(
            "taxonomy {} ({}), sha256 {}",
            t.name,
            t.origin,
            &t.sha256[..12]
        )),
    ];
    let doc = json::taxonomy_doc(t, &warnings);
    Document::new(blocks, taxonomy_grid(t), &doc, warnings.clone())
}
