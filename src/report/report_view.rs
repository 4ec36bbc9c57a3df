//! `exposure report`: the view leadership reads, built from the same [`Analysis`] as every other
//! command: a summary with the roll-up by department, the charts, each role's tasks, skills and
//! upskilling paths, and the method (`report_method.rs`). The HTML writer makes a page of it,
//! Markdown a document; the charts' figures reach Markdown as tables.

use super::chart::{Chart, ExposureBar, ExposureChart, TicketBar, TicketChart};
use super::grids::{roles_human, ticket_rows};
use super::report_paths::{path_blocks, Detail};
use super::warnings::words;
use super::{format_number, percent, Block, Cell, Document, Grid};
use crate::analysis::Analysis;
use crate::score::{AssessedTask, Class, RoleExposure};
use std::collections::HashMap;

/// Roles drawn in the exposure chart: the most and the least exposed halves of this many.
const CHART_ROLES: usize = 40;
/// Ticket categories drawn, the largest first.
const CHART_CATEGORIES: usize = 20;
/// Above this many roles, each role's part is compact (see [`Detail`]).
const FULL_DETAIL_ROLES: usize = 40;

/// The whole report.
pub fn report(a: &Analysis) -> Document<'_> {
    let warnings = words(&a.warnings);
    let mut blocks = summary(a);
    blocks.push(Block::Heading(1, "Charts".into()));
    blocks.push(Block::Chart(exposure_chart(a)));
    if let Some(c) = ticket_chart(a) {
        blocks.push(Block::Chart(c));
    }
    blocks.push(Block::Heading(1, "Roles".into()));
    let detail = if a.roles.len() > FULL_DETAIL_ROLES {
        blocks.push(Block::Paragraph(format!(
            "With more than {FULL_DETAIL_ROLES} roles each role is shown compactly: five tasks per class, and the plan of its first path. `exposure paths --role NAME` prints every path's plan step by step."
        )));
        Detail::Compact
    } else {
        blocks.push(Block::Paragraph(
            "Each plan names the skills a phase builds; `exposure paths --role NAME` prints its learning steps one by one.".into(),
        ));
        Detail::Full
    };
    // Each role's tasks, found in one pass: a large organisation has thousands of roles.
    let mut by_role: HashMap<&str, Vec<&AssessedTask>> = HashMap::new();
    for t in &a.tasks {
        by_role.entry(t.record.role.as_str()).or_default().push(t);
    }
    for r in &a.roles {
        let tasks = by_role.get(r.info.role.as_str()).map_or(&[][..], |v| v);
        role_blocks(a, r, tasks, detail, &mut blocks);
    }
    blocks.extend(super::report_method::method(a));
    // The report has no JSON of its own (`analyze --format json` is that document); serialising
    // every task of a large organisation only to drop it would cost as much as the page.
    let doc = serde_json::Value::Null;
    let title = "Automation exposure report";
    Document::new(blocks, super::grids::roles_full(a), &doc, warnings.clone()).titled(title)
}

/// People a role counts for in organisation-wide figures: its headcount, or one person.
fn people(r: &RoleExposure) -> f64 {
    r.info.headcount.filter(|h| *h > 0.0).unwrap_or(1.0)
}

/// Exposure, range, hours by class, FTEs and unclassified share of a group of roles, weighted
/// by each role's hours times its people.
struct Rollup {
    roles: usize,
    people: f64,
    hours: f64,
    exposure: f64,
    low: f64,
    high: f64,
    automate: f64,
    augment: f64,
    retain: f64,
    unclassified: f64,
    fte: f64,
}

fn rollup<'a>(roles: impl Iterator<Item = &'a RoleExposure>) -> Rollup {
    let mut t = Rollup {
        roles: 0,
        people: 0.0,
        hours: 0.0,
        exposure: 0.0,
        low: 0.0,
        high: 0.0,
        automate: 0.0,
        augment: 0.0,
        retain: 0.0,
        unclassified: 0.0,
        fte: 0.0,
    };
    for r in roles {
        let (p, w) = (people(r), people(r) * r.hours_per_week);
        t.roles += 1;
        t.people += p;
        t.hours += w;
        t.exposure += w * r.exposure;
        t.low += w * r.exposure_low;
        t.high += w * r.exposure_high;
        t.automate += p * r.hours.automate;
        t.augment += p * r.hours.augment;
        t.retain += p * r.hours.retain;
        t.unclassified += w * r.unclassified_share;
        t.fte += r.fte_exposed.unwrap_or(0.0);
    }
    if t.hours > 0.0 {
        for x in [
            &mut t.exposure,
            &mut t.low,
            &mut t.high,
            &mut t.unclassified,
        ] {
            *x /= t.hours;
        }
    }
    t
}

fn summary(a: &Analysis) -> Vec<Block> {
    let org = rollup(a.roles.iter());
    let class_total = (org.automate + org.augment + org.retain).max(f64::MIN_POSITIVE);
    let share = |h: f64| percent(h / class_total);
    let names = |rs: &mut dyn Iterator<Item = &RoleExposure>| {
        rs.map(|r| format!("{} ({})", r.info.role, percent(r.exposure)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let n = a.roles.len().min(3);
    let mut lines = vec![
        format!(
            "Organisation-wide exposure: {} of working hours (range {}–{}), over {} roles and {} people, each role weighted by its hours and headcount.",
            percent(org.exposure), percent(org.low), percent(org.high), org.roles, format_number(org.people, 0)
        ),
        format!(
            "Hours a week by class, all people: automate {} h ({}), augment {} h ({}), retain {} h ({}).",
            format_number(org.automate, 0), share(org.automate),
            format_number(org.augment, 0), share(org.augment),
            format_number(org.retain, 0), share(org.retain)
        ),
        format!(
            "FTEs at stake: {} (each role's exposure times its headcount, where the headcount is known).",
            format_number(org.fte, 1)
        ),
        format!("Most exposed: {}.", names(&mut a.roles.iter().take(n))),
        format!("Least exposed: {}.", names(&mut a.roles.iter().rev().take(n))),
        format!(
            "Unclassified: {} of working hours are in tasks no trait recognised; they count as 0.5 with the widest range.",
            percent(org.unclassified)
        ),
    ];
    lines.extend(tickets_line(a));
    let mut blocks = vec![Block::Heading(1, "Summary".into()), Block::Bullets(lines)];
    blocks.push(Block::Heading(2, "By department".into()));
    blocks.push(Block::Table(departments(a)));
    blocks.push(Block::Heading(2, "By role".into()));
    blocks.push(Block::Table(roles_human(a)));
    blocks
}

fn tickets_line(a: &Analysis) -> Option<String> {
    let t = a.tickets.as_ref()?;
    let total: f64 = t.lines.iter().map(|l| l.tickets).sum();
    let observed: Vec<_> = t
        .lines
        .iter()
        .filter_map(|l| l.observed_automation.map(|o| (o, l.tickets)))
        .collect();
    let seen: f64 = observed.iter().map(|(_, n)| n).sum();
    let bots = if seen > 0.0 {
        let resolved: f64 = observed.iter().map(|(o, n)| o * n).sum();
        format!(
            "; bots already resolve {} of them",
            percent(resolved / seen)
        )
    } else {
        String::new()
    };
    Some(format!(
        "Ticket queue: {} tickets over {} weeks in {} categories{bots}.",
        format_number(total, 0),
        format_number(t.weeks, 1),
        t.lines.len()
    ))
}

/// The roll-up by department, the roles without one together.
fn departments(a: &Analysis) -> Grid {
    let mut names: Vec<Option<&str>> = Vec::new();
    for r in &a.roles {
        let d = r.info.department.as_deref();
        if !names.contains(&d) {
            names.push(d);
        }
    }
    let mut rows: Vec<(Rollup, String)> = names
        .into_iter()
        .map(|d| {
            let group = a.roles.iter().filter(|r| r.info.department.as_deref() == d);
            (rollup(group), d.unwrap_or("(no department)").to_string())
        })
        .collect();
    rows.sort_by(|x, y| y.0.exposure.total_cmp(&x.0.exposure).then(x.1.cmp(&y.1)));
    Grid {
        header: vec![
            "Department",
            "Roles",
            "People",
            "Exposure",
            "Range",
            "Automate h",
            "Augment h",
            "Retain h",
            "FTE exposed",
        ],
        rows: rows
            .into_iter()
            .map(|(t, name)| {
                vec![
                    Cell::Text(name),
                    Cell::Number(t.roles as f64, 0),
                    Cell::Number(t.people, 0),
                    Cell::Text(percent(t.exposure)),
                    Cell::Text(format!("{}–{}", percent(t.low), percent(t.high))),
                    Cell::Number(t.automate, 0),
                    Cell::Number(t.augment, 0),
                    Cell::Number(t.retain, 0),
                    Cell::Number(t.fte, 1),
                ]
            })
            .collect(),
    }
}

fn exposure_chart(a: &Analysis) -> Chart {
    let bar = |r: &RoleExposure| {
        let total = (r.hours.automate + r.hours.augment + r.hours.retain).max(f64::MIN_POSITIVE);
        ExposureBar {
            label: r.info.role.clone(),
            automate: r.hours.automate / total,
            augment: r.hours.augment / total,
            retain: r.hours.retain / total,
            exposure: r.exposure,
            low: r.exposure_low,
            high: r.exposure_high,
        }
    };
    let n = a.roles.len();
    let (bars, omitted) = if n <= CHART_ROLES {
        (a.roles.iter().map(bar).collect(), 0)
    } else {
        let half = CHART_ROLES / 2;
        let ends = a.roles[..half].iter().chain(&a.roles[n - half..]);
        (ends.map(bar).collect(), n - CHART_ROLES)
    };
    Chart::Exposure(ExposureChart {
        title: "Exposure per role: the week's hours by class, with exposure and its range".into(),
        bars,
        omitted,
    })
}

fn ticket_chart(a: &Analysis) -> Option<Chart> {
    let mut rows = ticket_rows(a);
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|x, y| y.line.tickets.total_cmp(&x.line.tickets));
    let omitted = rows.len().saturating_sub(CHART_CATEGORIES);
    let bars = rows
        .iter()
        .take(CHART_CATEGORIES)
        .map(|r| {
            let s = r.task.map(|t| t.assessment);
            let known = s.filter(|s| !s.unclassified);
            TicketBar {
                label: format!("{} · {}", r.line.category, r.line.role),
                tickets: r.line.tickets,
                class: known.map(|s| s.class),
                modelled: known.map(|s| s.automatability),
                observed: r.line.observed_automation,
            }
        })
        .collect();
    Some(Chart::Tickets(TicketChart {
        title: "Ticket volume by category and queue, coloured by class: modelled automatability beside what bots resolve".into(),
        bars,
        omitted,
    }))
}

fn role_blocks(
    a: &Analysis,
    r: &RoleExposure,
    tasks: &[&AssessedTask],
    detail: Detail,
    blocks: &mut Vec<Block>,
) {
    blocks.push(Block::Heading(2, r.info.role.clone()));
    blocks.push(Block::Paragraph(role_facts(r)));
    let max = if detail == Detail::Full { 8 } else { 5 };
    for (class, heading, none) in [
        (
            Class::Automate,
            "Tasks that move to automation",
            "No task is classed automate.",
        ),
        (
            Class::Augment,
            "Tasks AI strengthens",
            "No task is classed augment.",
        ),
        (
            Class::Retain,
            "The human core",
            "No task is classed retain: every hour is exposed to some degree.",
        ),
    ] {
        if class == Class::Augment && detail == Detail::Compact {
            continue;
        }
        blocks.push(Block::Heading(3, heading.into()));
        let listed = task_lines(tasks, class, max);
        blocks.push(if listed.is_empty() {
            Block::Paragraph(none.into())
        } else {
            Block::Bullets(listed)
        });
    }
    if let Some(rp) = a.paths.as_ref().and_then(|p| p.of_role(&r.info.role)) {
        path_blocks(rp, detail, blocks);
    }
}

fn role_facts(r: &RoleExposure) -> String {
    let mut who = Vec::new();
    if let Some(d) = &r.info.department {
        who.push(format!("department {d}"));
    }
    if let Some(h) = r.info.headcount {
        who.push(format!("{} people", format_number(h, 0)));
    }
    let who = if who.is_empty() {
        String::new()
    } else {
        format!(" ({})", who.join(", "))
    };
    let fte = r
        .fte_exposed
        .map(|f| format!("; {} FTE at stake", format_number(f, 1)))
        .unwrap_or_default();
    format!(
        "Exposure {} (range {}–{}), band {}{who}: of {} hours a week, {} automate, {} augment and {} retain{fte}; {} of hours unclassified.",
        percent(r.exposure),
        percent(r.exposure_low),
        percent(r.exposure_high),
        r.band.as_str(),
        format_number(r.hours_per_week, 1),
        format_number(r.hours.automate, 1),
        format_number(r.hours.augment, 1),
        format_number(r.hours.retain, 1),
        percent(r.unclassified_share)
    )
}

/// A role's tasks of one class, most hours first: "Answer FAQ e-mails (12.0 h, 83%)".
fn task_lines(tasks: &[&AssessedTask], class: Class, max: usize) -> Vec<String> {
    let mut of: Vec<&&AssessedTask> = tasks
        .iter()
        .filter(|t| t.assessment.class == class)
        .collect();
    of.sort_by(|x, y| {
        y.record
            .hours_per_week
            .total_cmp(&x.record.hours_per_week)
            .then_with(|| x.record.task.cmp(&y.record.task))
    });
    let mut lines: Vec<String> = of
        .iter()
        .take(max)
        .map(|t| {
            format!(
                "{} ({} h, automatability {}{})",
                t.record.task,
                format_number(t.record.hours_per_week, 1),
                percent(t.assessment.automatability),
                if t.record.source == crate::input::TaskSource::Tickets {
                    "; from the ticket queue"
                } else {
                    ""
                }
            )
        })
        .collect();
    if of.len() > max {
        let rest: f64 = of[max..].iter().map(|t| t.record.hours_per_week).sum();
        lines.push(format!(
            "and {} more tasks, {} h",
            of.len() - max,
            format_number(rest, 1)
        ));
    }
    lines
}
