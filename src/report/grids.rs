//! The tables of the analysis, task, ticket and taxonomy views, defined once: the full records
//! for CSV and the columns people read (terminal table, Markdown).

use super::{format_number, percent, Cell, Grid};
use crate::analysis::Analysis;
use crate::score::{AssessedTask, RoleExposure};
use crate::taxonomy::Taxonomy;

/// Every role field, for CSV.
pub fn roles_full(a: &Analysis) -> Grid {
    Grid {
        header: vec![
            "role",
            "code",
            "department",
            "headcount",
            "hours_per_week",
            "exposure",
            "exposure_low",
            "exposure_high",
            "band",
            "automate_hours",
            "augment_hours",
            "retain_hours",
            "unclassified_share",
            "fte_exposed",
            "tasks",
            "top_automatable",
            "human_core",
        ],
        rows: a
            .roles
            .iter()
            .map(|r| {
                vec![
                    Cell::text(&r.info.role),
                    r.info.code.as_ref().map(Cell::text).unwrap_or(Cell::Empty),
                    r.info
                        .department
                        .as_ref()
                        .map(Cell::text)
                        .unwrap_or(Cell::Empty),
                    Cell::opt(r.info.headcount, 2),
                    Cell::Number(r.hours_per_week, 2),
                    Cell::Number(r.exposure, 4),
                    Cell::Number(r.exposure_low, 4),
                    Cell::Number(r.exposure_high, 4),
                    Cell::Band(r.band),
                    Cell::Number(r.hours.automate, 2),
                    Cell::Number(r.hours.augment, 2),
                    Cell::Number(r.hours.retain, 2),
                    Cell::Number(r.unclassified_share, 4),
                    Cell::opt(r.fte_exposed, 2),
                    Cell::Number(r.tasks as f64, 0),
                    Cell::text(r.top_automatable.join(" | ")),
                    Cell::text(r.human_core.join(" | ")),
                ]
            })
            .collect(),
    }
}

/// Every task field, for CSV.
pub fn tasks_full(a: &Analysis) -> Grid {
    Grid {
        header: vec![
            "role",
            "id",
            "task",
            "source",
            "hours_per_week",
            "automatability",
            "automatability_low",
            "automatability_high",
            "class",
            "unclassified",
            "routine",
            "bottleneck",
            "augment",
            "traits",
        ],
        rows: a
            .tasks
            .iter()
            .map(|t| {
                let s = &t.assessment;
                vec![
                    Cell::text(&t.record.role),
                    t.record.id.as_ref().map(Cell::text).unwrap_or(Cell::Empty),
                    Cell::text(&t.record.task),
                    Cell::text(t.record.source.as_str()),
                    Cell::Number(t.record.hours_per_week, 2),
                    Cell::Number(s.automatability, 4),
                    Cell::Number(s.low, 4),
                    Cell::Number(s.high, 4),
                    Cell::Class(s.class),
                    Cell::text(if s.unclassified { "true" } else { "false" }),
                    Cell::Number(s.routine, 4),
                    Cell::Number(s.bottleneck, 4),
                    Cell::Number(s.augment, 4),
                    Cell::text(evidence_compact(t)),
                ]
            })
            .collect(),
    }
}

/// The role view people read (table, Markdown).
pub fn roles_human(a: &Analysis) -> Grid {
    Grid {
        header: vec![
            "Role",
            "People",
            "Hours/wk",
            "Exposure",
            "Range",
            "Band",
            "Automate h",
            "Augment h",
            "Retain h",
            "Unclassified",
            "FTE exposed",
        ],
        rows: a.roles.iter().map(role_human_row).collect(),
    }
}

fn role_human_row(r: &RoleExposure) -> Vec<Cell> {
    vec![
        Cell::text(&r.info.role),
        Cell::opt(r.info.headcount, 0),
        Cell::Number(r.hours_per_week, 1),
        Cell::text(percent(r.exposure)),
        Cell::text(format!(
            "{}–{}",
            percent(r.exposure_low),
            percent(r.exposure_high)
        )),
        Cell::Band(r.band),
        Cell::Number(r.hours.automate, 1),
        Cell::Number(r.hours.augment, 1),
        Cell::Number(r.hours.retain, 1),
        Cell::text(percent(r.unclassified_share)),
        Cell::opt(r.fte_exposed, 1),
    ]
}

/// The task view people read (table, Markdown).
pub fn tasks_human(a: &Analysis) -> Grid {
    Grid {
        header: vec!["Role", "Task", "Hours/wk", "Automatable", "Class", "Why"],
        rows: a
            .tasks
            .iter()
            .map(|t| {
                vec![
                    Cell::text(&t.record.role),
                    Cell::text(&t.record.task),
                    Cell::Number(t.record.hours_per_week, 1),
                    Cell::text(percent(t.assessment.automatability)),
                    Cell::Class(t.assessment.class),
                    Cell::text(evidence_words(t)),
                ]
            })
            .collect(),
    }
}

/// The taxonomy as a grid.
pub fn taxonomy_grid(t: &Taxonomy) -> Grid {
    Grid {
        header: vec!["id", "kind", "weight", "label", "phrases", "seed"],
        rows: t
            .traits
            .iter()
            .map(|tr| {
                vec![
                    Cell::text(&tr.id),
                    Cell::text(tr.kind.as_str()),
                    Cell::Number(tr.weight, 2),
                    Cell::text(&tr.label),
                    Cell::Number(tr.phrases.len() as f64, 0),
                    Cell::text(&tr.seed),
                ]
            })
            .collect(),
    }
}

/// `repetitive=0.80[faq; order status] empathy=0.40[upset]`: stable, machine-readable.
pub fn evidence_compact(t: &AssessedTask) -> String {
    t.traits
        .iter()
        .map(|e| {
            let detail = match e.from {
                crate::score::EvidenceFrom::Column => "column".to_string(),
                crate::score::EvidenceFrom::Lexicon => e.matched.join("; "),
                crate::score::EvidenceFrom::Meaning => format!(
                    "~{} {}",
                    e.matched.join("; "),
                    format_number(e.similarity.unwrap_or(0.0), 2)
                ),
                crate::score::EvidenceFrom::Problem => format!("!{}", e.matched.join("; ")),
            };
            format!("{}={}[{}]", e.id, format_number(e.evidence, 2), detail)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `repetitive: "faq", "order status"; empathy: "upset"`, or why there is no evidence.
pub fn evidence_words(t: &AssessedTask) -> String {
    if t.assessment.unclassified {
        return "unclassified: no trait matched, by phrase or by meaning".to_string();
    }
    let parts: Vec<String> = t
        .traits
        .iter()
        .filter(|e| e.evidence > 0.0 || e.from == crate::score::EvidenceFrom::Column)
        .map(|e| match e.from {
            crate::score::EvidenceFrom::Column => {
                format!("{} (column {})", e.id, format_number(e.evidence, 2))
            }
            crate::score::EvidenceFrom::Lexicon => {
                let quoted: Vec<String> = e.matched.iter().map(|m| format!("\"{m}\"")).collect();
                format!("{}: {}", e.id, quoted.join(", "))
            }
            crate::score::EvidenceFrom::Meaning => format!(
                "{}: close to \"{}\", {}",
                e.id,
                e.matched.join("\", \""),
                format_number(e.similarity.unwrap_or(0.0), 2)
            ),
            crate::score::EvidenceFrom::Problem => {
                format!(
                    "{}: a problem reported, \"{}\"",
                    e.id,
                    e.matched.join("\", \"")
                )
            }
        })
        .collect();
    let mut s = parts.join("; ");
    if let Some(d) = t.assessment.learned {
        let learned = format!(
            "learned from O*NET occupations' routine measures: {}{}",
            if d >= 0.0 { "+" } else { "-" },
            format_number(d.abs(), 2)
        );
        s = if s.is_empty() {
            learned
        } else {
            format!("{s}; {learned}")
        };
    }
    if t.record.automatable.is_some() {
        s = format!("set by the automatable column; {s}");
    }
    s
}

/// One ticket line with the model's verdict on its category.
pub struct TicketRow<'a> {
    pub line: &'a crate::workload::TicketLine,
    pub task: Option<&'a AssessedTask>,
}

/// Ticket lines joined with the assessed tasks they became, in the lines' order.
pub fn ticket_rows(a: &Analysis) -> Vec<TicketRow<'_>> {
    let Some(t) = &a.tickets else {
        return Vec::new();
    };
    let by_key: std::collections::HashMap<(&str, &str), &AssessedTask> = a
        .tasks
        .iter()
        .filter(|t| t.record.source == crate::input::TaskSource::Tickets)
        .map(|t| ((t.record.role.as_str(), t.record.task.as_str()), t))
        .collect();
    t.lines
        .iter()
        .map(|l| TicketRow {
            line: l,
            task: by_key.get(&(l.role.as_str(), l.category.as_str())).copied(),
        })
        .collect()
}

/// Every ticket field, for CSV.
pub fn tickets_full(a: &Analysis) -> Grid {
    Grid {
        header: vec![
            "role",
            "category",
            "tickets",
            "share",
            "hours_per_week",
            "aht_minutes",
            "aht_estimated",
            "automatability",
            "class",
            "unclassified",
            "observed_automation",
        ],
        rows: ticket_rows(a)
            .iter()
            .map(|r| {
                let s = r.task.map(|t| t.assessment);
                vec![
                    Cell::text(&r.line.role),
                    Cell::text(&r.line.category),
                    Cell::Number(r.line.tickets, 0),
                    Cell::Number(r.line.share, 4),
                    Cell::opt(r.line.hours_per_week, 2),
                    Cell::opt(r.line.aht_minutes, 2),
                    Cell::text(if r.line.aht_estimated {
                        "true"
                    } else {
                        "false"
                    }),
                    Cell::opt(s.map(|s| s.automatability), 4),
                    s.map(|s| Cell::Class(s.class)).unwrap_or(Cell::Empty),
                    Cell::text(if s.is_some_and(|s| s.unclassified) {
                        "true"
                    } else {
                        "false"
                    }),
                    Cell::opt(r.line.observed_automation, 4),
                ]
            })
            .collect(),
    }
}

/// The ticket view people read.
pub fn tickets_human(a: &Analysis) -> Grid {
    Grid {
        header: vec![
            "Role",
            "Category",
            "Tickets",
            "Share",
            "Hours/wk",
            "AHT min",
            "Automatable",
            "Class",
            "Observed",
        ],
        rows: ticket_rows(a)
            .iter()
            .map(|r| {
                let s = r.task.map(|t| t.assessment);
                vec![
                    Cell::text(&r.line.role),
                    Cell::text(&r.line.category),
                    Cell::Number(r.line.tickets, 0),
                    Cell::text(percent(r.line.share)),
                    Cell::opt(r.line.hours_per_week, 1),
                    match r.line.aht_minutes {
                        Some(m) => Cell::text(format!(
                            "{}{}",
                            format_number(m, 1),
                            if r.line.aht_estimated { "*" } else { "" }
                        )),
                        None => Cell::Empty,
                    },
                    Cell::text(
                        s.map(|s| {
                            if s.unclassified {
                                "?".to_string()
                            } else {
                                percent(s.automatability)
                            }
                        })
                        .unwrap_or_default(),
                    ),
                    match s {
                        Some(s) if s.unclassified => Cell::text("unrecognised"),
                        Some(s) => Cell::Class(s.class),
                        None => Cell::Empty,
                    },
                    Cell::text(
                        r.line
                            .observed_automation
                            .map(percent)
                            .unwrap_or_else(|| "–".into()),
                    ),
                ]
            })
            .collect(),
    }
}
