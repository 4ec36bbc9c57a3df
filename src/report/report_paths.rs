//! The upskilling part of each role in `exposure report`: skills in use, the paths, their
//! month-by-month plans (each phase with the skills it builds; `exposure paths` lists every
//! step) and the internal moves with their mentors. A report of many roles is compact (the first
//! path's plan, skills by name) so that it stays a file one can send.

use super::{
    advice_text, format_number, path_heading, paths_human, percent, practised_text, Block, Cell,
    Grid,
};
use crate::paths::{Path, PathKind, RolePaths};

/// How much of each role's paths the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every path with its gaps and portfolio project, and each path's plan by month.
    Full,
    /// The paths with their gaps by name, and the first path's plan by month.
    Compact,
}

pub fn path_blocks(rp: &RolePaths, detail: Detail, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(3, "Skills in use".into()));
    blocks.push(Block::Paragraph(practised_text(rp)));
    blocks.push(Block::Heading(3, "Upskilling paths".into()));
    if detail == Detail::Full {
        blocks.push(Block::Paragraph(advice_text(rp)));
    } else {
        blocks.push(Block::Paragraph(format!("Advice: {}.", rp.advice.as_str())));
    }
    if rp.paths.is_empty() {
        return;
    }
    match detail {
        Detail::Full => {
            blocks.push(Block::Table(paths_human(rp)));
            for p in &rp.paths {
                blocks.push(Block::Heading(3, path_heading(p)));
                blocks.push(Block::Table(plan_compact(p)));
            }
        }
        Detail::Compact => {
            blocks.push(Block::Table(paths_compact(rp)));
            blocks.push(Block::Heading(3, path_heading(&rp.paths[0])));
            blocks.push(Block::Table(plan_compact(&rp.paths[0])));
        }
    }
    blocks.push(Block::Heading(3, "Internal moves and their mentors".into()));
    let moves = internal_moves(rp);
    blocks.push(if moves.is_empty() {
        Block::Paragraph("No role of the organisation is both clearly less exposed and close enough in skills for an internal move.".into())
    } else {
        Block::Bullets(moves)
    });
}

/// "Conversation Analyst (51% exposed): mentors the 3 people in Conversation Analyst".
fn internal_moves(rp: &RolePaths) -> Vec<String> {
    rp.paths
        .iter()
        .filter(|p| p.kind == PathKind::Internal)
        .map(|p| {
            let mut mentors: Vec<String> = Vec::new();
            for ph in &p.plan.phases {
                let who = mentor_short(ph);
                if !who.is_empty() && !mentors.contains(&who) {
                    mentors.push(who);
                }
            }
            let exposed = p
                .exposure
                .map(|e| format!(" ({} exposed)", percent(e)))
                .unwrap_or_default();
            format!("{}{exposed}: mentors {}", p.target, mentors.join("; "))
        })
        .collect()
}

/// Whom to ask, without the list of what they practise: "Escalation Specialist (18 people)".
fn mentor_short(ph: &crate::paths::Phase) -> String {
    match (ph.mentor.role(), ph.mentor.people()) {
        (Some(role), Some(n)) => format!("{role} ({} people)", format_number(n, 0)),
        (Some(role), None) => role.to_string(),
        (None, _) => super::paths::mentor_who(&ph.mentor),
    }
}

/// The skill a step builds, by its label where the path names it.
fn skill_label<'a>(p: &'a Path, id: &'a str) -> &'a str {
    p.gaps
        .iter()
        .map(|g| &g.skill)
        .chain(&p.practised)
        .find(|s| s.id == id)
        .map_or(id, |s| s.label.as_str())
}

fn paths_compact(rp: &RolePaths) -> Grid {
    Grid {
        header: vec!["#", "Path", "Kind", "Fit", "Plan", "Skills to work on"],
        rows: rp
            .paths
            .iter()
            .map(|p| {
                let gaps: Vec<&str> = p.gaps.iter().map(|g| g.skill.label.as_str()).collect();
                let kind = match p.kind {
                    PathKind::Internal => match p.exposure {
                        Some(e) => format!("internal, {} exposed", percent(e)),
                        None => "internal".to_string(),
                    },
                    PathKind::Catalog => "catalog".to_string(),
                };
                vec![
                    Cell::Number(p.rank as f64, 0),
                    Cell::text(&p.target),
                    Cell::Text(kind),
                    Cell::Text(percent(p.fit)),
                    Cell::Text(format!("{} months", p.plan.months)),
                    Cell::Text(gaps.join("; ")),
                ]
            })
            .collect(),
    }
}

fn plan_compact(p: &Path) -> Grid {
    Grid {
        header: vec!["Months", "Learn", "Project", "Mentor", "Record"],
        rows: p
            .plan
            .phases
            .iter()
            .map(|ph| {
                let mut skills: Vec<&str> = Vec::new();
                for s in ph.steps.iter().filter_map(|s| s.skill.as_deref()) {
                    let label = skill_label(p, s);
                    if !skills.contains(&label) {
                        skills.push(label);
                    }
                }
                let learn = if skills.is_empty() {
                    ph.title.clone()
                } else {
                    format!("{}: {}", ph.title, skills.join("; "))
                };
                let months = match (ph.months.first(), ph.months.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
                    (Some(a), _) => a.to_string(),
                    _ => String::new(),
                };
                vec![
                    Cell::Text(months),
                    Cell::Text(learn),
                    Cell::text(&ph.project.title),
                    Cell::Text(mentor_short(ph)),
                    Cell::text(&ph.record),
                ]
            })
            .collect(),
    }
}
