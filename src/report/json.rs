//! JSON per the interface contract (docs/ARCHITECTURE.md, "Interface contract"): typed output
//! structs that derive `Serialize`, in the contract's field order. Fields are only ever added.

use super::json_paths::RolePathsOut;
use super::round;
use crate::analysis::Analysis;
use crate::input::{InputInfo, TaskSource};
use crate::reconcile::{Mode, Reconciliation};
use crate::score::{AssessedTask, Band, Class, ClassHours, EvidenceFrom, RoleExposure};
use crate::taxonomy::{Bands, Kind, Scoring, Taxonomy};
use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Value};
use std::io::Write;

/// Version of the JSON document; it changes only if a field changes meaning.
pub const VERSION: u32 = 1;

/// Writes a document, pretty-printed, with a final newline.
pub fn write(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

#[derive(Serialize)]
pub struct NameHash<'a> {
    pub name: &'a str,
    pub sha256: &'a str,
}

/// The analysis document (`analyze`, `check`).
#[derive(Serialize)]
pub struct AnalysisDoc<'a> {
    pub version: u32,
    pub inputs: &'a [InputInfo],
    pub taxonomy: NameHash<'a>,
    pub catalog: Option<NameHash<'a>>,
    pub roles: Vec<RoleOut<'a>>,
    pub tasks: Vec<TaskOut<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct RoleOut<'a> {
    pub role: &'a str,
    pub code: Option<&'a str>,
    pub department: Option<&'a str>,
    pub headcount: Option<f64>,
    pub hours_per_week: f64,
    pub exposure: f64,
    pub exposure_low: f64,
    pub exposure_high: f64,
    pub band: Band,
    pub hours: ClassHours,
    pub unclassified_share: f64,
    pub fte_exposed: Option<f64>,
    pub top_automatable: &'a [String],
    pub human_core: &'a [String],
    pub tasks: usize,
    /// How ticket workload and the inventory were combined, for roles with both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<ReconciliationOut<'a>>,
    #[serde(flatten)]
    pub paths: Option<RolePathsOut<'a>>,
}

#[derive(Serialize)]
pub struct TaskOut<'a> {
    pub role: &'a str,
    pub id: Option<&'a str>,
    pub task: &'a str,
    pub source: TaskSource,
    pub hours_per_week: f64,
    pub automatability: f64,
    pub automatability_low: f64,
    pub automatability_high: f64,
    pub class: Class,
    pub unclassified: bool,
    pub traits: Vec<TraitOut<'a>>,
}

#[derive(Serialize)]
pub struct TraitOut<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub evidence: f64,
    pub matched: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<EvidenceFrom>,
}

fn traits_of(t: &AssessedTask, with_from: bool) -> Vec<TraitOut<'_>> {
    t.traits
        .iter()
        .map(|e| TraitOut {
            id: &e.id,
            kind: e.kind,
            evidence: round(e.evidence),
            matched: &e.matched,
            from: with_from.then_some(e.from),
        })
        .collect()
}

fn role_out<'a>(a: &'a Analysis, r: &'a RoleExposure) -> RoleOut<'a> {
    RoleOut {
        role: &r.info.role,
        code: r.info.code.as_deref(),
        department: r.info.department.as_deref(),
        headcount: r.info.headcount,
        hours_per_week: round(r.hours_per_week),
        exposure: round(r.exposure),
        exposure_low: round(r.exposure_low),
        exposure_high: round(r.exposure_high),
        band: r.band,
        hours: ClassHours {
            automate: round(r.hours.automate),
            augment: round(r.hours.augment),
            retain: round(r.hours.retain),
        },
        unclassified_share: round(r.unclassified_share),
        fte_exposed: r.fte_exposed.map(round),
        top_automatable: &r.top_automatable,
        human_core: &r.human_core,
        tasks: r.tasks,
        reconciliation: a.reconciliation(&r.info.role).map(ReconciliationOut::of),
        paths: a
            .paths
            .as_ref()
            .and_then(|p| p.of_role(&r.info.role))
            .map(RolePathsOut::of),
    }
}

/// What reconciling tickets with the inventory did to a role, figures rounded.
#[derive(Serialize)]
pub struct ReconciliationOut<'a> {
    pub mode: Mode,
    pub contact_tasks: Vec<ReplacedOut<'a>>,
    pub hours_before: f64,
    pub ticket_hours: f64,
    pub queue_hours: f64,
    pub hours_after: f64,
    pub occupancy: f64,
}

#[derive(Serialize)]
pub struct ReplacedOut<'a> {
    pub id: Option<&'a str>,
    pub task: &'a str,
    pub hours_before: f64,
    pub hours_after: f64,
}

impl<'a> ReconciliationOut<'a> {
    fn of(r: &'a Reconciliation) -> ReconciliationOut<'a> {
        ReconciliationOut {
            mode: r.mode,
            contact_tasks: r
                .replaced
                .iter()
                .map(|t| ReplacedOut {
                    id: t.id.as_deref(),
                    task: &t.task,
                    hours_before: round(t.hours_before),
                    hours_after: round(t.hours_after),
                })
                .collect(),
            hours_before: round(r.hours_before),
            ticket_hours: round(r.ticket_hours),
            queue_hours: round(r.queue_hours),
            hours_after: round(r.hours_after),
            occupancy: round(r.occupancy),
        }
    }
}

fn task_out(t: &AssessedTask) -> TaskOut<'_> {
    let s = &t.assessment;
    TaskOut {
        role: &t.record.role,
        id: t.record.id.as_deref(),
        task: &t.record.task,
        source: t.record.source,
        hours_per_week: round(t.record.hours_per_week),
        automatability: round(s.automatability),
        automatability_low: round(s.low),
        automatability_high: round(s.high),
        class: s.class,
        unclassified: s.unclassified,
        traits: traits_of(t, true),
    }
}

fn taxonomy_ref(a: &Analysis) -> NameHash<'_> {
    NameHash {
        name: &a.taxonomy.name,
        sha256: &a.taxonomy.sha256,
    }
}

fn catalog_ref(a: &Analysis) -> Option<NameHash<'_>> {
    a.paths.as_ref().map(|p| NameHash {
        name: &p.catalog.name,
        sha256: &p.catalog.sha256,
    })
}

/// The whole analysis as the contract's document.
pub fn analysis_doc<'a>(a: &'a Analysis, warnings: &'a [String]) -> AnalysisDoc<'a> {
    AnalysisDoc {
        version: VERSION,
        inputs: &a.inputs,
        taxonomy: taxonomy_ref(a),
        catalog: catalog_ref(a),
        roles: a.roles.iter().map(|r| role_out(a, r)).collect(),
        tasks: a.tasks.iter().map(task_out).collect(),
        warnings,
    }
}

/// The `tickets` document.
#[derive(Serialize)]
pub struct TicketsDoc<'a> {
    pub version: u32,
    pub inputs: &'a [InputInfo],
    pub taxonomy: NameHash<'a>,
    pub period: Period,
    pub rows_read: u64,
    pub event_rows: bool,
    pub handle_times: &'a [String],
    pub excluded: Excluded,
    pub queues: Vec<QueueSummary>,
    pub tickets: Vec<TicketOut<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct Period {
    pub from: Option<String>,
    pub to: Option<String>,
    pub weeks: f64,
}

#[derive(Serialize)]
pub struct Excluded {
    pub negative: u64,
    pub over_24_hours: u64,
    pub unreadable: u64,
}

#[derive(Serialize)]
pub struct TicketOut<'a> {
    pub role: &'a str,
    pub category: &'a str,
    pub tickets: Value,
    pub share: f64,
    pub hours_per_week: Option<f64>,
    pub aht_minutes: Option<f64>,
    pub aht_estimated: bool,
    pub automatability: Option<f64>,
    pub class: Option<Class>,
    pub unclassified: bool,
    pub observed_automation: Option<f64>,
    pub traits: Option<Vec<TraitOut<'a>>>,
}

const NO_UNITS: &[String] = &[];

/// The `tickets` document: the analysis header, the period, and one row per role and category.
pub fn tickets_doc<'a>(a: &'a Analysis, warnings: &'a [String]) -> TicketsDoc<'a> {
    let tickets = super::grids::ticket_rows(a)
        .into_iter()
        .map(|r| {
            let s = r.task.map(|t| t.assessment);
            TicketOut {
                role: &r.line.role,
                category: &r.line.category,
                tickets: whole(r.line.tickets),
                share: round(r.line.share),
                hours_per_week: r.line.hours_per_week.map(round),
                aht_minutes: r.line.aht_minutes.map(round),
                aht_estimated: r.line.aht_estimated,
                automatability: s.map(|s| round(s.automatability)),
                class: s.map(|s| s.class),
                unclassified: s.is_some_and(|s| s.unclassified),
                observed_automation: r.line.observed_automation.map(round),
                traits: r.task.map(|t| traits_of(t, false)),
            }
        })
        .collect();
    let date = |ms: Option<i64>| {
        ms.and_then(chrono::DateTime::from_timestamp_millis)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
    };
    let t = a.tickets.as_ref();
    let notes = t.map(|t| &t.notes);
    TicketsDoc {
        version: VERSION,
        inputs: &a.inputs,
        taxonomy: taxonomy_ref(a),
        period: Period {
            from: date(notes.and_then(|n| n.from_ms)),
            to: date(notes.and_then(|n| n.to_ms)),
            weeks: round(t.map_or(0.0, |t| t.weeks)),
        },
        rows_read: notes.map_or(0, |n| n.rows),
        event_rows: notes.is_some_and(|n| n.event_rows),
        handle_times: notes.map_or(NO_UNITS, |n| &n.handle_units),
        excluded: Excluded {
            negative: notes.map_or(0, |n| n.excluded_negative),
            over_24_hours: notes.map_or(0, |n| n.excluded_absurd),
            unreadable: notes.map_or(0, |n| n.unreadable),
        },
        queues: queue_summaries(a),
        tickets,
        warnings,
    }
}

/// One queue (or the role it maps to): its volume and hours, the share of each that the model
/// finds automatable, and the share bots already resolve.
#[derive(Serialize)]
pub struct QueueSummary {
    pub role: String,
    pub tickets: f64,
    pub share: f64,
    pub hours_per_week: Option<f64>,
    pub automatable_volume_share: f64,
    pub automatable_time_share: Option<f64>,
    pub observed_automation: Option<f64>,
}

/// Ticket lines summed per role, in the lines' order of roles.
pub fn queue_summaries(a: &Analysis) -> Vec<QueueSummary> {
    /// Running sums of one queue.
    #[derive(Default)]
    struct Sums {
        role: String,
        tickets: f64,
        share: f64,
        hours: Option<f64>,
        automatable_tickets: f64,
        automatable_hours: f64,
        bot_resolved: f64,
        bot_known: f64,
    }
    let mut sums: Vec<Sums> = Vec::new();
    for r in super::grids::ticket_rows(a) {
        let i = match sums.iter().position(|q| q.role == r.line.role) {
            Some(i) => i,
            None => {
                sums.push(Sums {
                    role: r.line.role.clone(),
                    hours: Some(0.0),
                    ..Sums::default()
                });
                sums.len() - 1
            }
        };
        let q = &mut sums[i];
        // Unclassified categories count at the model's 0.5, as they do in role exposure.
        let automatability = r.task.map_or(0.5, |t| t.assessment.automatability);
        q.tickets += r.line.tickets;
        q.share += r.line.share;
        q.automatable_tickets += r.line.tickets * automatability;
        q.hours = q.hours.zip(r.line.hours_per_week).map(|(x, h)| x + h);
        q.automatable_hours += r.line.hours_per_week.unwrap_or(0.0) * automatability;
        if let Some(o) = r.line.observed_automation {
            q.bot_resolved += o * r.line.tickets;
            q.bot_known += r.line.tickets;
        }
    }
    sums.into_iter()
        .map(|q| QueueSummary {
            role: q.role,
            tickets: q.tickets,
            share: round(q.share),
            hours_per_week: q.hours.map(round),
            automatable_volume_share: round(
                q.automatable_tickets / q.tickets.max(f64::MIN_POSITIVE),
            ),
            automatable_time_share: q
                .hours
                .filter(|h| *h > 0.0)
                .map(|h| round(q.automatable_hours / h)),
            observed_automation: (q.bot_known > 0.0).then(|| round(q.bot_resolved / q.bot_known)),
        })
        .collect()
}

/// Ticket counts are whole in every export but the aggregated form may sum to a fraction.
fn whole(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(round(x))
    }
}

/// The taxonomy document (`exposure taxonomy --format json`).
#[derive(Serialize)]
pub struct TaxonomyDoc<'a> {
    pub name: &'a str,
    pub origin: &'a str,
    pub sha256: &'a str,
    pub description: &'a str,
    pub scoring: Scoring,
    pub bands: Bands,
    pub traits: Vec<TraitDef<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct TraitDef<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub weight: f64,
    pub label: &'a str,
    pub description: &'a str,
    pub seed: &'a str,
    pub source: Option<&'a str>,
    pub phrases: Vec<&'a str>,
    pub weak: Vec<&'a str>,
}

pub fn taxonomy_doc<'a>(t: &'a Taxonomy, warnings: &'a [String]) -> TaxonomyDoc<'a> {
    TaxonomyDoc {
        name: &t.name,
        origin: &t.origin,
        sha256: &t.sha256,
        description: &t.description,
        scoring: t.scoring,
        bands: t.bands,
        traits: t
            .traits
            .iter()
            .map(|tr| TraitDef {
                id: &tr.id,
                kind: tr.kind,
                weight: tr.weight,
                label: &tr.label,
                description: &tr.description,
                seed: &tr.seed,
                source: tr.source.as_deref(),
                phrases: tr
                    .phrases
                    .iter()
                    .filter(|p| !p.weak)
                    .map(|p| p.text.as_str())
                    .collect(),
                weak: tr
                    .phrases
                    .iter()
                    .filter(|p| p.weak)
                    .map(|p| p.text.as_str())
                    .collect(),
            })
            .collect(),
        warnings,
    }
}

/// The paths document (`exposure paths --format json`).
#[derive(Serialize)]
pub struct PathsDoc<'a> {
    pub version: u32,
    pub inputs: &'a [InputInfo],
    pub taxonomy: NameHash<'a>,
    pub catalog: Option<NameHash<'a>>,
    pub thresholds: Option<ThresholdsOut>,
    pub roles: Vec<PathsRoleOut<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct ThresholdsOut {
    pub practised: f64,
    pub min_drop: f64,
    pub min_overlap: f64,
    pub top: usize,
}

/// A role in the paths document: its exposure, then its advice, skills and paths.
#[derive(Serialize)]
pub struct PathsRoleOut<'a> {
    pub role: &'a str,
    pub exposure: f64,
    pub band: Band,
    #[serde(flatten)]
    pub paths: RolePathsOut<'a>,
}

pub fn paths_doc<'a>(a: &'a Analysis, warnings: &'a [String]) -> PathsDoc<'a> {
    PathsDoc {
        version: VERSION,
        inputs: &a.inputs,
        taxonomy: taxonomy_ref(a),
        catalog: catalog_ref(a),
        thresholds: a.paths.as_ref().map(|p| ThresholdsOut {
            practised: p.thresholds.practised,
            min_drop: p.thresholds.min_drop,
            min_overlap: p.thresholds.min_overlap,
            top: p.thresholds.top,
        }),
        roles: a
            .paths
            .iter()
            .flat_map(|p| &p.roles)
            .map(|rp| PathsRoleOut {
                role: &rp.role,
                exposure: round(rp.exposure),
                band: rp.band,
                paths: RolePathsOut::of(rp),
            })
            .collect(),
        warnings,
    }
}
