//! JSON exactly per the interface contract (DESIGN section 7); fields are only ever added.

use super::{advice_text, round, Renderer, View};
use crate::analysis::Analysis;
use crate::paths::{Path, ProjectRef, RolePaths, SkillLevel};
use crate::taxonomy::Taxonomy;
use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Value};
use std::io::Write;

pub struct Json;

/// Version of the JSON document; it changes only if a field changes meaning.
pub const VERSION: u32 = 1;

impl Renderer for Json {
    fn analysis(&self, a: &Analysis, _view: View, out: &mut dyn Write) -> Result<()> {
        write(out, &document(a))
    }

    fn tickets(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        write(out, &tickets_document(a))
    }

    fn check(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        write(out, &document(a))
    }

    fn paths(&self, a: &Analysis, out: &mut dyn Write) -> Result<()> {
        write(out, &paths_document(a))
    }

    fn taxonomy(&self, t: &Taxonomy, out: &mut dyn Write) -> Result<()> {
        let traits: Vec<Value> = t
            .traits
            .iter()
            .map(|tr| {
                json!({
                    "id": tr.id,
                    "kind": tr.kind,
                    "weight": tr.weight,
                    "label": tr.label,
                    "description": tr.description,
                    "seed": tr.seed,
                    "source": tr.source,
                    "phrases": tr.phrases.iter().filter(|p| !p.weak).map(|p| &p.text).collect::<Vec<_>>(),
                    "weak": tr.phrases.iter().filter(|p| p.weak).map(|p| &p.text).collect::<Vec<_>>(),
                })
            })
            .collect();
        write(
            out,
            &json!({
                "name": t.name,
                "origin": t.origin,
                "sha256": t.sha256,
                "description": t.description,
                "scoring": t.scoring,
                "bands": t.bands,
                "traits": traits,
                "warnings": t.warnings,
            }),
        )
    }
}

fn write(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The whole analysis as the contract's document.
pub fn document(a: &Analysis) -> Value {
    let roles: Vec<Value> = a
        .roles
        .iter()
        .map(|r| {
            let mut role = json!({
                "role": r.info.role,
                "code": r.info.code,
                "department": r.info.department,
                "headcount": r.info.headcount,
                "hours_per_week": round(r.hours_per_week),
                "exposure": round(r.exposure),
                "exposure_low": round(r.exposure_low),
                "exposure_high": round(r.exposure_high),
                "band": r.band,
                "hours": {
                    "automate": round(r.hours.automate),
                    "augment": round(r.hours.augment),
                    "retain": round(r.hours.retain),
                },
                "unclassified_share": round(r.unclassified_share),
                "fte_exposed": r.fte_exposed.map(round),
                "top_automatable": r.top_automatable,
                "human_core": r.human_core,
                "tasks": r.tasks,
            });
            if let Some(rp) = a.paths.as_ref().and_then(|p| p.of_role(&r.info.role)) {
                add_paths(&mut role, rp);
            }
            role
        })
        .collect();
    let tasks: Vec<Value> = a
        .tasks
        .iter()
        .map(|t| {
            let s = &t.assessment;
            json!({
                "role": t.record.role,
                "id": t.record.id,
                "task": t.record.task,
                "source": t.record.source,
                "hours_per_week": round(t.record.hours_per_week),
                "automatability": round(s.automatability),
                "automatability_low": round(s.low),
                "automatability_high": round(s.high),
                "class": s.class,
                "unclassified": s.unclassified,
                "traits": t.traits.iter().map(|e| json!({
                    "id": e.id,
                    "kind": e.kind,
                    "evidence": round(e.evidence),
                    "matched": e.matched,
                    "from": e.from,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "version": VERSION,
        "inputs": a.inputs,
        "taxonomy": { "name": a.taxonomy.name, "sha256": a.taxonomy.sha256 },
        "catalog": catalog_json(a),
        "roles": roles,
        "tasks": tasks,
        "warnings": a.warnings,
    })
}

/// The `tickets` document: the analysis header, the period, and one row per role and category.
pub fn tickets_document(a: &Analysis) -> Value {
    let rows: Vec<Value> = super::ticket_rows(a)
        .iter()
        .map(|r| {
            let s = r.task.map(|t| t.assessment);
            json!({
                "role": r.line.role,
                "category": r.line.category,
                "tickets": whole(r.line.tickets),
                "share": round(r.line.share),
                "hours_per_week": round(r.line.hours_per_week),
                "aht_minutes": round(r.line.aht_minutes),
                "aht_estimated": r.line.aht_estimated,
                "automatability": s.map(|s| round(s.automatability)),
                "class": s.map(|s| s.class),
                "unclassified": s.is_some_and(|s| s.unclassified),
                "observed_automation": r.line.observed_automation.map(round),
                "traits": r.task.map(|t| t.traits.iter().map(|e| json!({"id": e.id, "kind": e.kind, "evidence": round(e.evidence), "matched": e.matched})).collect::<Vec<_>>()),
            })
        })
        .collect();
    let (notes, weeks) = a
        .tickets
        .as_ref()
        .map(|t| (t.notes.clone(), t.weeks))
        .unwrap_or_default();
    let date = |ms: Option<i64>| {
        ms.and_then(chrono::DateTime::from_timestamp_millis)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
    };
    json!({
        "version": VERSION,
        "inputs": a.inputs,
        "taxonomy": { "name": a.taxonomy.name, "sha256": a.taxonomy.sha256 },
        "period": { "from": date(notes.from_ms), "to": date(notes.to_ms), "weeks": round(weeks) },
        "rows_read": notes.rows,
        "event_rows": notes.event_rows,
        "handle_times": notes.handle_units,
        "excluded": {
            "negative": notes.excluded_negative,
            "over_24_hours": notes.excluded_absurd,
            "unreadable": notes.unreadable,
        },
        "tickets": rows,
        "warnings": a.warnings,
    })
}

fn catalog_json(a: &Analysis) -> Value {
    match &a.paths {
        Some(p) => json!({ "name": p.catalog.name, "sha256": p.catalog.sha256 }),
        None => Value::Null,
    }
}

/// The upskilling paths of every role (`exposure paths --format json`).
pub fn paths_document(a: &Analysis) -> Value {
    let roles: Vec<Value> = a
        .paths
        .iter()
        .flat_map(|p| &p.roles)
        .map(|rp| {
            let mut role = json!({
                "role": rp.role,
                "exposure": round(rp.exposure),
                "band": rp.band,
            });
            add_paths(&mut role, rp);
            role
        })
        .collect();
    json!({
        "version": VERSION,
        "inputs": a.inputs,
        "taxonomy": { "name": a.taxonomy.name, "sha256": a.taxonomy.sha256 },
        "catalog": catalog_json(a),
        "thresholds": a.paths.as_ref().map(|p| json!({
            "practised": p.thresholds.practised,
            "min_drop": p.thresholds.min_drop,
            "min_overlap": p.thresholds.min_overlap,
            "top": p.thresholds.top,
        })),
        "roles": roles,
        "warnings": a.warnings,
    })
}

/// Ticket counts are whole in every export but the aggregated form may sum to a fraction.
fn whole(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(round(x))
    }
}
/// Adds `advice`, `advice_text`, `skills` and `paths` to a role object.
fn add_paths(role: &mut Value, rp: &RolePaths) {
    if let Value::Object(map) = role {
        map.insert("advice".into(), json!(rp.advice));
        map.insert("advice_text".into(), json!(advice_text(rp)));
        map.insert(
            "skills".into(),
            Value::Array(rp.skills.iter().map(skill_json).collect()),
        );
        map.insert(
            "paths".into(),
            Value::Array(rp.paths.iter().map(path_json).collect()),
        );
    }
}

fn skill_json(s: &SkillLevel) -> Value {
    json!({
        "skill": s.id,
        "label": s.label,
        "layer": s.layer,
        "layer_label": s.layer_label,
        "hours": round(s.hours),
        "level": round(s.level),
        "practised": s.credit >= 1.0,
    })
}

fn project_json(p: &ProjectRef) -> Value {
    json!({ "id": p.id, "title": p.title, "tool": p.tool, "measure": p.measure })
}

/// One path, as the contract names it: at least target, kind, fit, gaps, plan and portfolio.
pub fn path_json(p: &Path) -> Value {
    json!({
        "rank": p.rank,
        "target": p.target,
        "target_id": p.target_id,
        "kind": p.kind,
        "advice": p.advice,
        "same_role": p.same_role,
        "fit": round(p.fit),
        "growth": round(p.growth),
        "score": round(p.score),
        "outlook": p.outlook,
        "summary": super::paths::summary_text(p),
        "seed": p.seed,
        "target_exposure": p.exposure.map(round),
        "target_people": p.people,
        "practised": p.practised.iter().map(skill_json).collect::<Vec<_>>(),
        "gaps": p.gaps.iter().map(|g| {
            let mut v = skill_json(&g.skill);
            if let Value::Object(m) = &mut v {
                m.insert("status".into(), json!(g.status));
            }
            v
        }).collect::<Vec<_>>(),
        "plan": {
            "months": p.plan.months,
            "phases": p.plan.phases.iter().map(|ph| json!({
                "phase": ph.number,
                "title": ph.title,
                "layer": ph.layer,
                "months": ph.months,
                "steps": ph.steps.iter().map(|s| json!({ "skill": s.skill, "text": s.text })).collect::<Vec<_>>(),
                "project": project_json(&ph.project),
                "mentor": { "who": super::paths::mentor_who(&ph.mentor), "role": ph.mentor.role(), "people": ph.mentor.people() },
                "record": ph.record,
            })).collect::<Vec<_>>(),
        },
        "portfolio": p.portfolio.iter().map(project_json).collect::<Vec<_>>(),
    })
}
