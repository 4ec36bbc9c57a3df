//! Scoring (ARCHITECTURE section 5): trait evidence -> task automatability and class -> role exposure,
//! its honest range, hours by class and band. Pure functions over data; nothing here reads or
//! prints.

use crate::input::{RoleInfo, TaskRecord};
use crate::taxonomy::meaning::TextMeaning;
use crate::taxonomy::{Bands, Kind, Scoring, Taxonomy};
use rayon::prelude::*;
use serde::Serialize;

/// Automatability of a task with no evidence at all: a coin flip, reported as unclassified.
pub const UNCLASSIFIED_AUTOMATABILITY: f64 = 0.5;

/// How many tasks `top_automatable` and `human_core` list per role.
pub const TOP_TASKS: usize = 3;

/// The class of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Automate,
    Augment,
    Retain,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Automate => "automate",
            Class::Augment => "augment",
            Class::Retain => "retain",
        }
    }
}

/// The exposure band of a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    High,
    Medium,
    Low,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::High => "high",
            Band::Medium => "medium",
            Band::Low => "low",
        }
    }

    pub fn of(exposure: f64, bands: &Bands) -> Band {
        if exposure >= bands.high {
            Band::High
        } else if exposure < bands.low {
            Band::Low
        } else {
            Band::Medium
        }
    }
}

/// Where a trait's evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceFrom {
    Lexicon,
    Column,
    /// The nearest prototype phrase by meaning (static word vectors).
    Meaning,
    /// A problem the customer reports in a ticket's words (fraud, a dispute, a fault).
    Problem,
}

/// The evidence of one trait for one task, with the phrases that gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraitEvidence {
    pub id: String,
    pub kind: Kind,
    pub evidence: f64,
    pub matched: Vec<String>,
    pub from: EvidenceFrom,
    /// With evidence from meaning: the similarity to the nearest phrase (in `matched`).
    pub similarity: Option<f64>,
}

/// What the model concludes about one task.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Assessment {
    pub automatability: f64,
    /// The plausible extremes given how strong the evidence is.
    pub low: f64,
    pub high: f64,
    pub class: Class,
    pub unclassified: bool,
    /// R: 1 - prod(1 - w e) over routine traits.
    pub routine: f64,
    /// B: 1 - prod(1 - w e) over complex traits.
    pub bottleneck: f64,
    /// A: 1 - prod(1 - w e) over augment traits.
    pub augment: f64,
    /// What the learned part added to the automatability of the evidence alone, when it
    /// weighed in.
    pub learned: Option<f64>,
}

/// A task with its evidence and assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessedTask {
    pub record: TaskRecord,
    pub traits: Vec<TraitEvidence>,
    pub assessment: Assessment,
}

/// Hours per week by class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct ClassHours {
    pub automate: f64,
    pub augment: f64,
    pub retain: f64,
}

/// A role's exposure, as the JSON contract names it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleExposure {
    pub info: RoleInfo,
    pub hours_per_week: f64,
    pub exposure: f64,
    pub exposure_low: f64,
    pub exposure_high: f64,
    pub band: Band,
    pub hours: ClassHours,
    pub unclassified_share: f64,
    pub fte_exposed: Option<f64>,
    pub top_automatable: Vec<String>,
    pub human_core: Vec<String>,
    pub tasks: usize,
}

/// Evidence for every trait the task shows: explicit columns first, then the lexicon, then
/// meaning where it is stronger than the lexicon.
pub fn evidence(
    taxonomy: &Taxonomy,
    record: &TaskRecord,
    meaning: &TextMeaning,
) -> Vec<TraitEvidence> {
    let words = taxonomy.evidence_words(&record.task);
    let matches = taxonomy.classify_words(&words);
    // A ticket's words are a customer's: the problems they report are evidence too.
    // (The label of subjects nothing matched is ours, not the customer's.)
    let problems = match record.source {
        crate::input::TaskSource::Tickets
            if record.task != crate::workload::UNRECOGNISED_SUBJECT =>
        {
            taxonomy.problems.of(&words)
        }
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (ti, t) in taxonomy.traits.iter().enumerate() {
        if let Some((_, e)) = record.explicit_traits.iter().find(|(id, _)| *id == t.id) {
            out.push(TraitEvidence {
                id: t.id.clone(),
                kind: t.kind,
                evidence: e.clamp(0.0, 1.0),
                matched: Vec::new(),
                from: EvidenceFrom::Column,
                similarity: None,
            });
            continue;
        }
        let lexicon = matches.iter().find(|m| m.trait_index == ti);
        let near = meaning.near.iter().find(|n| n.trait_index == ti);
        let problem = problems.iter().find(|p| p.trait_index == ti);
        let strongest = lexicon
            .map(|m| m.evidence)
            .into_iter()
            .chain(near.map(|n| n.evidence))
            .fold(0.0, f64::max);
        if let Some(p) = problem.filter(|p| p.evidence > strongest) {
            out.push(TraitEvidence {
                id: t.id.clone(),
                kind: t.kind,
                evidence: p.evidence,
                matched: vec![p.word.clone()],
                from: EvidenceFrom::Problem,
                similarity: None,
            });
        } else if let Some(n) = near.filter(|n| lexicon.is_none_or(|m| n.evidence > m.evidence)) {
            out.push(TraitEvidence {
                id: t.id.clone(),
                kind: t.kind,
                evidence: n.evidence,
                matched: vec![n.phrase.clone()],
                from: EvidenceFrom::Meaning,
                similarity: Some(n.similarity),
            });
        } else if let Some(m) = lexicon {
            out.push(TraitEvidence {
                id: t.id.clone(),
                kind: t.kind,
                evidence: m.evidence,
                matched: m
                    .phrases
                    .iter()
                    .map(|&p| t.phrases[p].text.clone())
                    .collect(),
                from: EvidenceFrom::Lexicon,
                similarity: None,
            });
        }
    }
    out
}

/// Scores one task from its evidence and, where the text has known words, the learned score
/// (ARCHITECTURE section 5).
pub fn assess(
    taxonomy: &Taxonomy,
    traits: &[TraitEvidence],
    automatable_override: Option<f64>,
    learned: Option<f64>,
) -> Assessment {
    let routine = combined(taxonomy, traits, Kind::Routine);
    let bottleneck = combined(taxonomy, traits, Kind::Complex);
    let augment = combined(taxonomy, traits, Kind::Augment);
    let damping = 1.0 - taxonomy.scoring.augment_damping * augment;
    let explicit = traits.iter().any(|t| t.from == EvidenceFrom::Column);
    let evidenced = traits.iter().any(|t| t.evidence > 0.0);
    let given = automatable_override.is_some() || explicit;
    // The strongest single piece of evidence; an explicit score is certain.
    let mut confidence = if given {
        1.0
    } else {
        traits.iter().map(|t| t.evidence).fold(0.0, f64::max)
    };
    let from_evidence = (0.5 + 0.5 * routine) * (1.0 - bottleneck) * damping;
    let mut modelled = if evidenced || explicit {
        from_evidence
    } else {
        UNCLASSIFIED_AUTOMATABILITY
    };
    // The learned part moves the routine base where the evidence classified the text, or
    // alone where its score is clear; it never overrides what the user gave.
    let l = crate::taxonomy::meaning::Meaning::learned();
    let learned = learned.filter(|s| !given && (evidenced || s.abs() >= l.classify_at));
    if let Some(s) = learned {
        (modelled, confidence) = with_learned(
            l,
            s,
            routine,
            (1.0 - bottleneck) * damping,
            evidenced.then_some(confidence),
        );
    }
    let unclassified =
        automatable_override.is_none() && !explicit && !evidenced && learned.is_none();
    let automatability = automatable_override.unwrap_or(modelled).clamp(0.0, 1.0);
    let low = automatability * confidence;
    let high = automatability + (1.0 - automatability) * (1.0 - confidence);
    let s = &taxonomy.scoring;
    // What the evidence alone keeps with people, the learned part does not take away (after
    // the bottleneck and augment rules, as `classify` orders them).
    let augment_leads = augment > 0.0 && augment >= routine && augment >= bottleneck;
    let kept = learned.is_some() && evidenced && from_evidence <= s.retain_at && !augment_leads;
    let class = match classify(
        s,
        automatability,
        routine,
        bottleneck,
        augment,
        automatable_override.is_some(),
    ) {
        Class::Automate | Class::Augment if kept => Class::Retain,
        class => class,
    };
    let before = if evidenced {
        from_evidence
    } else {
        UNCLASSIFIED_AUTOMATABILITY
    };
    Assessment {
        automatability,
        low,
        high,
        class,
        unclassified,
        routine,
        bottleneck,
        augment,
        learned: learned.map(|_| automatability - before),
    }
}

/// 1 − Π(1 − w·e) over the traits of one kind: R, B or A.
fn combined(taxonomy: &Taxonomy, traits: &[TraitEvidence], kind: Kind) -> f64 {
    let weight = |id: &str| {
        taxonomy
            .trait_index(id)
            .map(|i| taxonomy.traits[i].weight)
            .unwrap_or(1.0)
    };
    1.0 - traits
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| 1.0 - weight(&t.id) * t.evidence)
        .product::<f64>()
}

/// The learned score `s` blended into the routine base, with the confidence it leaves: the
/// evidence's mixed with the learned part's low one, or that alone when no evidence classified
/// the text. `rest` is the bottleneck and augment factors, which still multiply.
fn with_learned(
    l: &crate::taxonomy::meaning::Learned,
    s: f64,
    routine: f64,
    rest: f64,
    evidence_confidence: Option<f64>,
) -> (f64, f64) {
    let a_m = 1.0 / (1.0 + (-l.slope * s).exp());
    let base = (1.0 - l.blend) * (0.5 + 0.5 * routine) + l.blend * a_m;
    let confidence = match evidence_confidence {
        Some(c) => (1.0 - l.blend) * c + l.blend * l.confidence,
        None => l.confidence,
    };
    (base * rest, confidence)
}

/// The class rules, in order: a strong bottleneck keeps the task with people; augment evidence
/// that outweighs both sides makes it augment; then the automatability thresholds decide.
pub fn classify(
    s: &Scoring,
    a: f64,
    routine: f64,
    bottleneck: f64,
    augment: f64,
    overridden: bool,
) -> Class {
    if !overridden {
        if bottleneck >= s.strong_bottleneck {
            return Class::Retain;
        }
        if augment > 0.0 && augment >= routine && augment >= bottleneck {
            return Class::Augment;
        }
    }
    if a >= s.automate_at {
        Class::Automate
    } else if a <= s.retain_at {
        Class::Retain
    } else {
        Class::Augment
    }
}

/// Scores a task record end to end.
pub fn assess_task(taxonomy: &Taxonomy, record: TaskRecord) -> AssessedTask {
    let meaning = taxonomy
        .meaning
        .of(&[record.task.as_str()])
        .pop()
        .unwrap_or_default();
    assess_with(taxonomy, record, &meaning)
}

/// Scores task records together: meaning is computed for all their texts at once.
pub fn assess_tasks(taxonomy: &Taxonomy, records: Vec<TaskRecord>) -> Vec<AssessedTask> {
    // The label of unrecognised ticket subjects is not text to read for meaning.
    // Nor is a catch-all ticket category ("Other", "Misc"): it says nothing of the work.
    let texts: Vec<&str> = records
        .iter()
        .map(|r| match r.task.as_str() {
            crate::workload::UNRECOGNISED_SUBJECT => "",
            text if r.source == crate::input::TaskSource::Tickets
                && taxonomy.problems.is_catch_all(text) =>
            {
                ""
            }
            text => text,
        })
        .collect();
    let meanings = taxonomy.meaning.of(&texts);
    records
        .into_par_iter()
        .zip(meanings.par_iter())
        .map(|(r, m)| assess_with(taxonomy, r, m))
        .collect()
}

fn assess_with(taxonomy: &Taxonomy, record: TaskRecord, meaning: &TextMeaning) -> AssessedTask {
    let traits = evidence(taxonomy, &record, meaning);
    let assessment = assess(taxonomy, &traits, record.automatable, meaning.learned);
    AssessedTask {
        record,
        traits,
        assessment,
    }
}

/// Aggregates a role's tasks. A role whose tasks have no hours at all weighs them equally.
pub fn role_exposure(info: &RoleInfo, tasks: &[&AssessedTask], bands: &Bands) -> RoleExposure {
    let total: f64 = tasks.iter().map(|t| t.record.hours_per_week).sum();
    let weight = |t: &AssessedTask| {
        if total > 0.0 {
            t.record.hours_per_week / total
        } else {
            1.0 / tasks.len().max(1) as f64
        }
    };
    let mean = |f: &dyn Fn(&Assessment) -> f64| {
        tasks
            .iter()
            .map(|t| weight(t) * f(&t.assessment))
            .sum::<f64>()
    };
    let exposure = mean(&|a| a.automatability);
    let exposure_low = mean(&|a| a.low);
    let exposure_high = mean(&|a| a.high);
    let unclassified_share = mean(&|a| if a.unclassified { 1.0 } else { 0.0 });
    let mut hours = ClassHours::default();
    for t in tasks {
        let h = t.record.hours_per_week;
        match t.assessment.class {
            Class::Automate => hours.automate += h,
            Class::Augment => hours.augment += h,
            Class::Retain => hours.retain += h,
        }
    }
    let mut automatable: Vec<&&AssessedTask> = tasks
        .iter()
        .filter(|t| t.assessment.class == Class::Automate)
        .collect();
    automatable.sort_by(|a, b| {
        let key = |t: &AssessedTask| t.record.hours_per_week * t.assessment.automatability;
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.record.task.cmp(&b.record.task))
    });
    RoleExposure {
        info: info.clone(),
        hours_per_week: total,
        exposure,
        exposure_low,
        exposure_high,
        band: Band::of(exposure, bands),
        hours,
        unclassified_share,
        fte_exposed: info.headcount.map(|h| h * exposure),
        top_automatable: automatable
            .iter()
            .take(TOP_TASKS)
            .map(|t| t.record.task.clone())
            .collect(),
        human_core: human_core(tasks)
            .iter()
            .take(TOP_TASKS)
            .map(|t| t.record.task.clone())
            .collect(),
        tasks: tasks.len(),
    }
}

/// A role's human core: its tasks classed retain, most hours first, then by name.
pub fn human_core<'a>(tasks: &[&'a AssessedTask]) -> Vec<&'a AssessedTask> {
    let mut core: Vec<&AssessedTask> = tasks
        .iter()
        .copied()
        .filter(|t| t.assessment.class == Class::Retain)
        .collect();
    core.sort_by(|a, b| {
        b.record
            .hours_per_week
            .total_cmp(&a.record.hours_per_week)
            .then_with(|| a.record.task.cmp(&b.record.task))
    });
    core
}

/// Roles by exposure, highest first, then by name: the order every output uses.
pub fn sort_roles(roles: &mut [RoleExposure]) {
    roles.sort_by(|a, b| {
        b.exposure
            .total_cmp(&a.exposure)
            .then_with(|| a.info.role.cmp(&b.info.role))
    });
}
