//! The views of upskilling paths, defined once: the plain-language advice, the list of paths of
//! a role and the month-by-month plan of a path (table, Markdown), and one flat row per plan
//! phase (CSV). Renderers only lay these out.

use super::{format_number, percent, Cell, Grid};
use crate::analysis::Analysis;
use crate::paths::{Advice, GapStatus, Mentor, Path, PathKind, Phase, RolePaths, Summary};

/// What the role is advised to do, in words a worker can act on.
pub fn advice_text(rp: &RolePaths) -> String {
    let share = percent(rp.exposure);
    let role = &rp.role;
    match rp.advice {
        Advice::Move => format!(
            "{role}: about {share} of the working week is routine work that chatbots and automation can take over (band high). \
Advice: prepare a move. Each path below starts from what you already do and leads to work that stays with people."
        ),
        Advice::Adapt => format!(
            "{role}: about {share} of the working week could be automated (band medium). \
Advice: adapt. Shift your time toward the work that stays with people; the paths below show where that leads."
        ),
        Advice::Strengthen => format!(
            "{role} is not highly exposed: about {share} of the working week could be automated (band low), and most of the work stays with people. \
Advice: strengthen this role rather than leave it. The paths below add skills to the role you have; they are not exits."
        ),
    }
}

/// The skills the role already practises, for one line under the advice.
pub fn practised_text(rp: &RolePaths) -> String {
    let names: Vec<&str> = rp
        .skills
        .iter()
        .filter(|s| s.credit >= 1.0)
        .map(|s| s.label.as_str())
        .collect();
    if names.is_empty() {
        "Skills you already practise: none that the catalog tracks yet, in the hours this role keeps.".to_string()
    } else {
        format!("Skills you already practise: {}.", names.join("; "))
    }
}

/// "Path 1: Escalation Specialist (internal move, 18 people here), 8-month plan"; for a role
/// that should stay, "Path 2: add skills of Escalation specialist (catalog), 6-month plan".
pub fn path_heading(p: &Path) -> String {
    let target = if p.same_role {
        format!("strengthen your own role as {}", p.target)
    } else if p.advice == Advice::Strengthen {
        format!("add skills of {}", p.target)
    } else {
        p.target.clone()
    };
    format!(
        "Path {}: {} ({}), {}-month plan",
        p.rank,
        target,
        kind_text(p),
        p.plan.months
    )
}

/// What the path is, under its heading: the catalog's summary, or for an internal move the
/// exposure there against here; empty when there is nothing to say.
pub fn summary_text(p: &Path) -> String {
    match &p.summary {
        Summary::Catalog(text) => text.clone(),
        Summary::Exposures { target, own } => format!(
            "A role in this organisation where about {} of the hours are exposed to automation, against {} in this one.",
            whole_percent(*target),
            whole_percent(*own)
        ),
        Summary::None => String::new(),
    }
}

/// A share as a whole percentage rounded half away from zero ("12.5" -> "13%"), as summaries
/// have always shown it; `percent` rounds ties to even.
fn whole_percent(x: f64) -> String {
    format!("{}%", (x * 100.0).round())
}

/// Whom to seek, in plain words: "the 18 people in Escalation Specialist", with what they
/// already practise when they were chosen for it, or the catalog's suggestion.
pub fn mentor_who(m: &Mentor) -> String {
    match m {
        Mentor::InRole { role, people } => people_in(role, *people),
        Mentor::Practitioner {
            role,
            people,
            skills,
        } => {
            let verb = if *people == Some(1.0) {
                "practises"
            } else {
                "practise"
            };
            format!(
                "{}, who already {verb} {}",
                people_in(role, *people),
                skills.join("; ")
            )
        }
        Mentor::Suggested(text) => text.clone(),
    }
}

/// "the 18 people in Escalation Specialist", "the 2.5 people in ..." for part-time headcounts.
fn people_in(role: &str, people: Option<f64>) -> String {
    match people {
        Some(n) if n >= 1.0 => {
            let count = if n.fract() == 0.0 {
                format!("{n:.0}")
            } else {
                format!("{n:.1}")
            };
            let noun = if n == 1.0 { "person" } else { "people" };
            format!("the {count} {noun} in {role}")
        }
        _ => format!("the people in {role}"),
    }
}

fn target_name(p: &Path) -> String {
    if p.same_role {
        format!("{} (your own role)", p.target)
    } else {
        p.target.clone()
    }
}

fn kind_text(p: &Path) -> String {
    match (p.kind, p.people) {
        (PathKind::Internal, Some(n)) => {
            format!("internal move, {} people here", format_number(n, 0))
        }
        (PathKind::Internal, None) => "internal move".to_string(),
        (PathKind::Catalog, _) => "catalog".to_string(),
    }
}

fn outlook_text(p: &Path) -> String {
    match (p.outlook, p.exposure) {
        (Some(o), _) => o.as_str().to_string(),
        (None, Some(e)) => format!("{} exposed", percent(e)),
        (None, None) => String::new(),
    }
}

fn status_text(s: GapStatus) -> &'static str {
    match s {
        GapStatus::New => "new",
        GapStatus::Partial => "some practice",
        GapStatus::Deepen => "deepen",
    }
}

fn months_text(ph: &Phase) -> String {
    match (ph.months.first(), ph.months.last()) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

/// The paths of one role, one row each.
pub fn paths_human(rp: &RolePaths) -> Grid {
    Grid {
        header: vec![
            "#",
            "Path",
            "Kind",
            "Fit",
            "Outlook",
            "Plan",
            "Skills to work on",
            "Portfolio project",
        ],
        rows: rp
            .paths
            .iter()
            .map(|p| {
                let gaps: Vec<String> = p
                    .gaps
                    .iter()
                    .map(|g| {
                        format!(
                            "{} ({}, {})",
                            g.skill.label,
                            g.skill.layer_label,
                            status_text(g.status)
                        )
                    })
                    .collect();
                let project = p
                    .portfolio
                    .first()
                    .map(|pr| format!("{} ({})", pr.title, pr.tool))
                    .unwrap_or_default();
                vec![
                    Cell::Number(p.rank as f64, 0),
                    Cell::text(target_name(p)),
                    Cell::text(kind_text(p)),
                    Cell::text(percent(p.fit)),
                    Cell::text(outlook_text(p)),
                    Cell::text(format!("{} months", p.plan.months)),
                    Cell::text(gaps.join("\n")),
                    Cell::text(project),
                ]
            })
            .collect(),
    }
}

/// The month-by-month plan of one path, one row per phase.
pub fn plan_human(p: &Path) -> Grid {
    Grid {
        header: vec![
            "Months",
            "Learn",
            "Hands-on project",
            "Mentor",
            "Record before and after",
        ],
        rows: p
            .plan
            .phases
            .iter()
            .map(|ph| {
                let mut learn = vec![format!("{}:", ph.title)];
                learn.extend(ph.steps.iter().map(|s| format!("- {}", s.text)));
                vec![
                    Cell::text(months_text(ph)),
                    Cell::text(learn.join("\n")),
                    Cell::text(format!("{} ({})", ph.project.title, ph.project.tool)),
                    Cell::text(mentor_who(&ph.mentor)),
                    Cell::text(&ph.record),
                ]
            })
            .collect(),
    }
}

/// Every path field, one row per plan phase, for CSV.
pub fn paths_full(a: &Analysis) -> Grid {
    let mut rows = Vec::new();
    for rp in a.paths.iter().flat_map(|p| &p.roles) {
        for p in &rp.paths {
            let gaps: Vec<String> = p
                .gaps
                .iter()
                .map(|g| format!("{}:{}:{}", g.skill.id, g.skill.layer, g.status.as_str()))
                .collect();
            for ph in &p.plan.phases {
                let steps: Vec<&str> = ph.steps.iter().map(|s| s.text.as_str()).collect();
                rows.push(vec![
                    Cell::text(&rp.role),
                    Cell::Number(rp.exposure, 4),
                    Cell::text(rp.band.as_str()),
                    Cell::text(rp.advice.as_str()),
                    Cell::Number(p.rank as f64, 0),
                    Cell::text(&p.target),
                    Cell::text(p.kind.as_str()),
                    p.target_id.as_ref().map(Cell::text).unwrap_or(Cell::Empty),
                    Cell::text(if p.same_role { "true" } else { "false" }),
                    Cell::Number(p.fit, 4),
                    Cell::Number(p.growth, 4),
                    Cell::Number(p.score, 4),
                    p.outlook
                        .map(|o| Cell::text(o.as_str()))
                        .unwrap_or(Cell::Empty),
                    Cell::opt(p.exposure, 4),
                    Cell::opt(p.people, 2),
                    Cell::text(gaps.join(" | ")),
                    Cell::Number(p.plan.months as f64, 0),
                    Cell::Number(ph.number as f64, 0),
                    Cell::Number(ph.months.first().copied().unwrap_or(0) as f64, 0),
                    Cell::Number(ph.months.last().copied().unwrap_or(0) as f64, 0),
                    Cell::text(&ph.title),
                    Cell::text(steps.join(" | ")),
                    Cell::text(&ph.project.title),
                    Cell::text(&ph.project.tool),
                    Cell::text(mentor_who(&ph.mentor)),
                    Cell::text(&ph.record),
                ]);
            }
        }
    }
    Grid {
        header: vec![
            "role",
            "exposure",
            "band",
            "advice",
            "rank",
            "target",
            "kind",
            "target_id",
            "same_role",
            "fit",
            "growth",
            "score",
            "outlook",
            "target_exposure",
            "target_people",
            "gaps",
            "plan_months",
            "phase",
            "month_from",
            "month_to",
            "phase_title",
            "steps",
            "project",
            "tool",
            "mentor",
            "record",
        ],
        rows,
    }
}
