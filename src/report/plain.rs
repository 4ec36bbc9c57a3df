//! The worker's answer in plain language: the share of the week that is routine, the range,
//! the most exposed tasks and why, and the human core. Shared by the table and Markdown
//! renderers of `exposure check`.

use super::{format_number, percent};
use crate::analysis::Analysis;
use crate::score::{AssessedTask, Class, EvidenceFrom};
use crate::taxonomy::Kind;

/// How many tasks each list shows.
const SHOWN: usize = 3;

/// One block of the answer: a heading and its lines.
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
}

/// The answer for the first (and only) role of a `check` analysis.
pub fn worker_answer(a: &Analysis) -> Vec<Section> {
    let Some(role) = a.roles.first() else {
        return Vec::new();
    };
    let tasks: Vec<&AssessedTask> = a.tasks_of(&role.info.role).collect();
    let mut out = Vec::new();
    let verdict = match role.band {
        crate::score::Band::High => "That is high: much of this week is the kind of work chatbots and automation are taking over.",
        crate::score::Band::Medium => "That is medium: a good part of the work is routine, but much of it needs you.",
        crate::score::Band::Low => "That is low: most of your week needs human judgment, care or relationships.",
    };
    out.push(Section {
        heading: format!("Your week ({}): {} hours", role.info.role, format_number(role.hours_per_week, 1)),
        lines: vec![
            format!(
                "About {} of it is routine work that AI or automation could take over (honest range {} to {}).",
                percent(role.exposure),
                percent(role.exposure_low),
                percent(role.exposure_high)
            ),
            verdict.to_string(),
            format!(
                "Hours a week: {} could be automated, {} strengthened by AI, {} stay with people.",
                format_number(role.hours.automate, 1),
                format_number(role.hours.augment, 1),
                format_number(role.hours.retain, 1)
            ),
        ],
    });
    if role.unclassified_share > 0.0 {
        out[0].lines.push(format!(
            "{} of your hours are in tasks the tool could not read; they count as a coin flip (50%), which widens the range.",
            percent(role.unclassified_share)
        ));
    }
    let mut exposed: Vec<&&AssessedTask> = tasks
        .iter()
        .filter(|t| !t.assessment.unclassified)
        .collect();
    exposed.sort_by(|x, y| {
        y.assessment
            .automatability
            .total_cmp(&x.assessment.automatability)
            .then(x.record.task.cmp(&y.record.task))
    });
    out.push(Section {
        heading: "Most exposed tasks".to_string(),
        lines: exposed
            .iter()
            .filter(|t| t.assessment.class != Class::Retain)
            .take(SHOWN)
            .map(|t| {
                format!(
                    "{} ({} h): {}. {}",
                    t.record.task,
                    format_number(t.record.hours_per_week, 1),
                    percent(t.assessment.automatability),
                    why(a, t, Kind::Routine)
                )
            })
            .collect(),
    });
    let core = crate::score::human_core(&tasks);
    out.push(Section {
        heading: "Your human core".to_string(),
        lines: if core.is_empty() {
            vec!["None of your tasks stands out as needing a person; the paths below build such a core.".to_string()]
        } else {
            core.iter()
                .take(SHOWN)
                .map(|t| format!("{} ({} h). {}", t.record.task, format_number(t.record.hours_per_week, 1), why(a, t, Kind::Complex)))
                .collect()
        },
    });
    out.push(next_steps(a, &role.info.role));
    out
}

/// How many paths the worker sees.
const PATHS_SHOWN: usize = 3;

/// The top paths with the first step of each, to start this month.
fn next_steps(a: &Analysis, role: &str) -> Section {
    let paths = a
        .paths
        .iter()
        .flat_map(|p| &p.roles)
        .find(|r| r.role == role);
    let lines: Vec<String> = paths
        .map(|rp| {
            let mut lines = vec![super::advice_text(rp)];
            lines.extend(rp.paths.iter().take(PATHS_SHOWN).enumerate().map(|(i, p)| {
                let first = p.plan.phases.first();
                let step = first
                    .and_then(|ph| ph.steps.first())
                    .map(|s| s.text.clone())
                    .unwrap_or_default();
                let project = first
                    .map(|ph| {
                        format!(
                            " First project: {} ({}).",
                            ph.project.title, ph.project.tool
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "{}. {} ({} fit, {}-month plan). This month: {}{}",
                    i + 1,
                    p.target,
                    percent(p.fit),
                    p.plan.months,
                    step.trim_end_matches('.'),
                    if step.is_empty() {
                        String::new()
                    } else {
                        ".".to_string()
                    } + &project
                )
            }));
            lines
        })
        .unwrap_or_default();
    Section {
        heading: "What to do next".to_string(),
        lines,
    }
}

/// The traits of one kind that decided a task, in words.
fn why(a: &Analysis, t: &AssessedTask, kind: Kind) -> String {
    let parts: Vec<String> = t
        .traits
        .iter()
        .filter(|e| e.kind == kind && e.evidence > 0.0)
        .map(|e| {
            let label = a
                .taxonomy
                .trait_index(&e.id)
                .map(|i| a.taxonomy.traits[i].label.clone())
                .unwrap_or_else(|| e.id.clone());
            match e.from {
                EvidenceFrom::Column => label,
                EvidenceFrom::Lexicon => format!("{label} (\"{}\")", e.matched.join("\", \"")),
                EvidenceFrom::Meaning => {
                    format!("{label} (close to \"{}\")", e.matched.join("\", \""))
                }
                EvidenceFrom::Problem => {
                    format!(
                        "{label} (a problem reported: \"{}\")",
                        e.matched.join("\", \"")
                    )
                }
            }
        })
        .collect();
    if parts.is_empty() {
        match kind {
            Kind::Routine => {
                "No single routine sign, but nothing here needs a person either.".to_string()
            }
            _ => "Automation has little to take over here.".to_string(),
        }
    } else {
        let lead = if kind == Kind::Routine {
            "Why: "
        } else {
            "Why it stays with you: "
        };
        format!("{lead}{}.", parts.join("; "))
    }
}
