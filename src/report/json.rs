//! JSON per the interface contract (docs/ARCHITECTURE.md, "Interface contract"): typed output
//! structs that derive `Serialize`, in the contract's field order. Fields are only ever added.

use super::json_paths::RolePathsOut;
pub use super::json_tickets::{queue_summaries, tickets_doc, QueueSummary, TicketsDoc};
use super::round;
use crate::analysis::Analysis;
use crate::input::{InputInfo, TaskSource};
use crate::reconcile::{Mode, Reconciliation};
use crate::score::{AssessedTask, Band, Class, ClassHours, EvidenceFrom, RoleExposure};
use crate::taxonomy::{Bands, Kind, Scoring, Taxonomy};
use anyhow::Result;
use serde::Serialize;

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
    /// What the learned part added to the evidence's automatability, where it weighed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<f64>,
}

#[derive(Serialize)]
pub struct TraitOut<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub evidence: f64,
    pub matched: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<EvidenceFrom>,
    /// With evidence from meaning: the similarity to the nearest phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

pub(super) fn traits_of(t: &AssessedTask, with_from: bool) -> Vec<TraitOut<'_>> {
    t.traits
        .iter()
        .map(|e| TraitOut {
            id: &e.id,
            kind: e.kind,
            evidence: round(e.evidence),
            matched: &e.matched,
            from: with_from.then_some(e.from),
            similarity: e.similarity.map(round),
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
        learned: s.learned.map(round),
    }
}

pub(super) fn taxonomy_ref(a: &Analysis) -> NameHash<'_> {
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

/// The analysis document (`analyze`, `check`), pretty-printed in the contract's field order:
/// `version`, `inputs`, `taxonomy`, `catalog`, `roles`, `tasks`, `warnings`. The roles (with
/// their upskilling paths, most of the bytes) and the tasks are serialised on every core.
pub fn write_analysis(
    out: &mut dyn Write,
    a: &Analysis,
    warnings: &[String],
) -> serde_json::Result<()> {
    let mut doc = super::pretty::Object::begin(out)?;
    doc.field("version", &VERSION)?;
    doc.field("inputs", &a.inputs)?;
    doc.field("taxonomy", &taxonomy_ref(a))?;
    doc.field("catalog", &catalog_ref(a))?;
    doc.array("roles", &a.roles, |r| role_out(a, r))?;
    doc.array("tasks", &a.tasks, task_out)?;
    doc.field("warnings", &warnings)?;
    doc.end()
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
