//! One view per command: what it shows, built once as a [`Document`] that every format writes.

use super::grids::{
    roles_full, roles_human, tasks_full, tasks_human, taxonomy_grid, tickets_full, tickets_human,
};
use super::warnings::words;
use super::{
    advice_text, format_number, json, path_heading, paths_full, paths_human, plain, plan_human,
    practised_text, Block, By, Document,
};
use super::{percent, Cell, Grid};
use crate::analysis::Analysis;
use crate::reconcile::{Mode, Reconciliation};
use crate::taxonomy::Taxonomy;

/// `exposure analyze`: roles, or every task with `--by task`.
pub fn analysis(a: &Analysis, by: By) -> Document<'_> {
    let warnings = words(&a.warnings);
    let for_json = warnings.clone();
    Document::lazy(
        move || analysis_blocks(a, by),
        move || match by {
            By::Role => roles_full(a),
            By::Task => tasks_full(a),
        },
        move |out| json::write_analysis(out, a, &for_json),
        warnings,
    )
}

/// What people read of an analysis: the roles' or tasks' table, a summary line, and how
/// tickets and the inventory were made one week.
fn analysis_blocks(a: &Analysis, by: By) -> Vec<Block> {
    let human = match by {
        By::Role => roles_human(a),
        By::Task => tasks_human(a),
    };
    let unclassified = a.tasks.iter().filter(|t| t.assessment.unclassified).count();
    let mut blocks = vec![
        Block::Table(human),
        Block::Summary(format!(
            "{} roles, {} tasks ({} unclassified); taxonomy {}",
            a.roles.len(),
            a.tasks.len(),
            unclassified,
            a.taxonomy.name
        )),
    ];
    let reconciled: Vec<&Reconciliation> = a
        .roles
        .iter()
        .filter_map(|r| a.reconciliation(&r.info.role))
        .collect();
    if by == By::Role && !reconciled.is_empty() {
        blocks.push(Block::Gap);
        blocks.push(Block::Heading(
            2,
            format!(
                "Tickets and the inventory as one week (--reconcile {}), hours a person",
                mode_name(reconciled[0].mode)
            ),
        ));
        blocks.push(Block::Table(reconciliation_grid(&reconciled)));
    }
    blocks
}

/// Text cut to `max` characters with an ellipsis, for a cell that lists several tasks.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Replace => "replace",
        Mode::Scale => "scale",
        Mode::Add => "add",
    }
}

/// Per reconciled role: the week before and after, the tickets' hours and the tasks they touch.
fn reconciliation_grid(rs: &[&Reconciliation]) -> Grid {
    let rows = rs
        .iter()
        .map(|r| {
            let tasks: Vec<String> = r
                .replaced
                .iter()
                .map(|t| {
                    format!(
                        "{}{} ({} → {} h)",
                        t.id.as_deref().map(|i| format!("{i} ")).unwrap_or_default(),
                        short(&t.task, 48),
                        format_number(t.hours_before, 1),
                        format_number(t.hours_after, 1)
                    )
                })
                .collect();
            vec![
                Cell::Text(r.role.clone()),
                Cell::Number(r.hours_before, 1),
                Cell::Number(r.ticket_hours, 1),
                Cell::Number(r.queue_hours, 1),
                Cell::Number(r.hours_after, 1),
                Cell::Text(percent(r.occupancy)),
                Cell::Text(tasks.join("\n")),
            ]
        })
        .collect();
    Grid {
        header: vec![
            "Role",
            "Week before",
            "Tickets h",
            "Queue time h",
            "Week after",
            "Occupancy",
            "Inventory tasks for the same work",
        ],
        rows,
    }
}

/// `exposure tickets`: one row per role and category.
pub fn tickets(a: &Analysis) -> Document<'_> {
    let warnings = words(&a.warnings);
    let for_json = warnings.clone();
    Document::lazy(
        move || tickets_blocks(a),
        move || tickets_full(a),
        move |out| serde_json::to_writer_pretty(out, &json::tickets_doc(a, &for_json)),
        warnings,
    )
}

/// What people read of the tickets: each line, each queue, and a summary of the export.
fn tickets_blocks(a: &Analysis) -> Vec<Block> {
    let mut blocks = vec![Block::Table(tickets_human(a))];
    let queues = json::queue_summaries(a);
    if !queues.is_empty() {
        blocks.push(Block::Gap);
        blocks.push(Block::Heading(
            2,
            "Per queue: what is automatable, and what bots already resolve".into(),
        ));
        blocks.push(Block::Table(queues_grid(&queues)));
    }
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
        for c in &t.notes.finer_categories {
            blocks.push(Block::Summary(match &c.instead_of {
                Some(coarse) => format!(
                    "categories: {}: the finer column \"{}\" is classified, not \"{}\"",
                    c.file, c.used, coarse
                ),
                None => format!("categories: {}: from the column \"{}\"", c.file, c.used),
            }));
        }
    }
    blocks
}

/// Per queue (or the role it maps to): volume, hours, and the automatable and bot-resolved shares.
fn queues_grid(queues: &[json::QueueSummary]) -> Grid {
    let pct = |x: Option<f64>| x.map(percent).map(Cell::Text).unwrap_or(Cell::Empty);
    Grid {
        header: vec![
            "Queue",
            "Tickets",
            "Share",
            "Hours/wk",
            "Automatable (volume)",
            "Automatable (handle time)",
            "Bots resolve",
        ],
        rows: queues
            .iter()
            .map(|q| {
                vec![
                    Cell::Text(q.role.clone()),
                    Cell::Number(q.tickets, 0),
                    Cell::Text(percent(q.share)),
                    q.hours_per_week.map_or(Cell::Empty, |h| Cell::Number(h, 1)),
                    Cell::Text(percent(q.automatable_volume_share)),
                    pct(q.automatable_time_share),
                    pct(q.observed_automation),
                ]
            })
            .collect(),
    }
}

/// `exposure simulate`: FTE per role and agents per live queue, before and after automation.
pub fn simulate(a: &Analysis, s: &crate::simulate::Simulation) -> Document<'static> {
    use super::simulate as sim;
    let warnings = words(&a.warnings);
    let mut blocks = vec![
        Block::Heading(2, format!("Staffing per role, {}", sim::scenario_words(s))),
        Block::Table(sim::roles_grid(s)),
    ];
    if !s.live.is_empty() {
        let o = &s.options;
        blocks.push(Block::Gap);
        blocks.push(Block::Heading(
            2,
            format!(
                "Live queues at their busiest half-hour of the typical week ({}, {} {}, occupancy at most {}, shrinkage {})",
                if o.patience_seconds.is_some() { "Erlang A" } else { "Erlang C" },
                "service level",
                o.target,
                percent(o.max_occupancy),
                percent(o.shrinkage)
            ),
        ));
        blocks.push(Block::Table(sim::live_grid(s)));
        blocks.extend(sim::economies_of_scale(s));
    }
    if !s.quarters.is_empty() {
        blocks.push(Block::Gap);
        blocks.push(Block::Heading(
            2,
            "By quarter, adoption along an S-curve to the rates above".into(),
        ));
        blocks.push(Block::Table(sim::quarters_grid(s)));
    }
    let t = sim::total(&s.roles);
    blocks.push(Block::Summary(format!(
        "{} roles: {} FTE before, {} after, {} freed; {} live queues",
        s.roles.len(),
        format_number(t.fte_before, 1),
        format_number(t.fte_after, 1),
        format_number(t.fte_freed(), 1),
        s.live.len()
    )));
    let doc = sim::doc(a, s, &warnings);
    Document::new(blocks, sim::roles_grid(s), &doc, warnings.clone())
}

/// `exposure check`: a worker's answer in plain language.
pub fn check(a: &Analysis) -> Document<'_> {
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
    let for_json = warnings.clone();
    Document::lazy(
        move || blocks,
        move || tasks_full(a),
        move |out| json::write_analysis(out, a, &for_json),
        warnings,
    )
}

/// `exposure paths`: per role the advice, the paths and each path's plan.
pub fn paths(a: &Analysis) -> Document<'_> {
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
pub fn taxonomy(t: &Taxonomy) -> Document<'_> {
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

/// `exposure report`: the summary, charts, roles and method leadership reads, as one document
/// (`report_view.rs`).
pub fn report(a: &Analysis) -> Document<'_> {
    super::report_view::report(a)
}
