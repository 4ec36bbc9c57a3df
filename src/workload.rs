//! Ticket volumes become role workload (ARCHITECTURE section 3): for each role and category over P
//! weeks, N tickets at an average handle time of m minutes are N·m/60/P hours a week. Pure
//! functions over the aggregates that `input::tickets` returns.

use crate::input::tickets::{Group, Tickets};
use crate::input::{RoleInfo, TaskRecord, TaskSource};
use crate::taxonomy::Taxonomy;
use crate::warning::Warning;
use std::collections::{BTreeMap, HashSet};

/// One role and ticket category, as the `tickets` report lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketLine {
    pub role: String,
    pub category: String,
    pub tickets: f64,
    /// Share of all tickets in the exports.
    pub share: f64,
    /// Hours a week; `None` when the exports have no handle times and no `--aht` was given.
    pub hours_per_week: Option<f64>,
    pub aht_minutes: Option<f64>,
    /// True when the category had no handle times and the fallback was used.
    pub aht_estimated: bool,
    /// Share of the category's tickets that automation resolved, where the export says.
    pub observed_automation: Option<f64>,
}

/// Ticket workload as tasks (source `tickets`), the report lines, roles, and what was assumed.
pub struct Workload {
    pub tasks: Vec<TaskRecord>,
    pub lines: Vec<TicketLine>,
    pub roles: Vec<RoleInfo>,
    pub warnings: Vec<Warning>,
}

/// Turns aggregated tickets into workload. Subjects (free text) are replaced by the phrase of
/// the taxonomy they matched, so no ticket text reaches any output.
pub fn from_tickets(t: &Tickets, taxonomy: &Taxonomy, default_aht: Option<f64>) -> Workload {
    let mut warnings = Vec::new();
    let groups = regroup_subjects(&t.groups, taxonomy);
    let total: f64 = groups.iter().map(|g| g.tickets).sum();
    let timed_minutes: f64 = groups.iter().map(|g| g.handle_minutes).sum();
    let timed_tickets: f64 = groups.iter().map(|g| g.handle_tickets).sum();
    let overall_aht = if timed_tickets > 0.0 {
        timed_minutes / timed_tickets
    } else {
        default_aht.unwrap_or(0.0)
    };
    let fallback = default_aht.unwrap_or(overall_aht);
    // Without any handle time, volumes, mix and automation still stand; hours do not.
    let timeless = timed_tickets == 0.0 && default_aht.is_none();
    let mut estimated = 0usize;
    let mut lines = Vec::new();
    for g in &groups {
        let (aht, est) = if g.handle_tickets > 0.0 {
            (g.handle_minutes / g.handle_tickets, false)
        } else {
            (fallback, true)
        };
        estimated += usize::from(est && g.tickets > 0.0);
        lines.push(TicketLine {
            role: g.role.clone(),
            category: g.category.clone(),
            tickets: g.tickets,
            share: if total > 0.0 { g.tickets / total } else { 0.0 },
            hours_per_week: (!timeless).then(|| g.tickets * aht / 60.0 / t.weeks),
            aht_minutes: (!timeless).then_some(aht),
            aht_estimated: est,
            observed_automation: (g.automated_known > 0.0).then(|| g.automated / g.automated_known),
        });
    }
    if timeless {
        warnings.push(Warning::HoursNeedHandleTimes);
    } else if t.default_aht_used {
        warnings.push(Warning::NoHandleTimes { minutes: fallback });
    } else if estimated > 0 {
        warnings.push(Warning::EstimatedHandleTimes {
            categories: estimated,
            minutes: fallback,
            from_flag: default_aht.is_some(),
        });
    }
    lines.sort_by(|a, b| {
        a.role
            .cmp(&b.role)
            .then(b.tickets.total_cmp(&a.tickets))
            .then(a.category.cmp(&b.category))
    });
    // Roles in the order of the lines; a set of those seen keeps this linear in the queues.
    let mut seen: HashSet<&str> = HashSet::new();
    let roles: Vec<RoleInfo> = lines
        .iter()
        .filter(|l| seen.insert(l.role.as_str()))
        .map(|l| RoleInfo {
            role: l.role.clone(),
            ..RoleInfo::default()
        })
        .collect();
    let tasks = lines
        .iter()
        .map(|l| TaskRecord {
            role: l.role.clone(),
            id: None,
            task: l.category.clone(),
            source: TaskSource::Tickets,
            hours_per_week: l.hours_per_week.unwrap_or(0.0),
            explicit_traits: Vec::new(),
            automatable: None,
        })
        .collect();
    Workload {
        tasks,
        lines,
        roles,
        warnings,
    }
}

/// Replaces `subject:<text>` categories by `subject: <matched phrase>` (the strongest trait's
/// first phrase) or `subject: unrecognised`, and puts together the spellings of one category
/// that differ only in case and spaces ("Order status", "order status "), under the spelling
/// with the most tickets; the groups that fall together are summed.
fn regroup_subjects(groups: &[Group], taxonomy: &Taxonomy) -> Vec<Group> {
    let mut out: BTreeMap<(String, String), (Group, BTreeMap<String, f64>)> = BTreeMap::new();
    let phrases = subject_phrases(groups, taxonomy);
    for (g, phrase) in groups.iter().zip(phrases) {
        let category = phrase.unwrap_or_else(|| g.category.trim().to_string());
        let key = (g.role.clone(), fold(&category));
        let (sum, spellings) = out
            .entry(key)
            .or_insert_with(|| (Group::new(&g.role, &category), BTreeMap::new()));
        sum.add(g);
        *spellings.entry(category).or_default() += g.tickets;
    }
    out.into_values()
        .map(|(mut g, spellings)| {
            // The most used spelling; of equals, the first in order.
            if let Some((name, _)) = spellings
                .into_iter()
                .rev()
                .max_by(|a, b| a.1.total_cmp(&b.1))
            {
                g.category = name;
            }
            g
        })
        .collect()
}

/// A category's key for grouping spellings: lowercase, inner spaces collapsed.
fn fold(category: &str) -> String {
    category
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The label of ticket subjects that neither a phrase nor meaning recognises. It is a label,
/// not text: scoring leaves it unclassified.
pub const UNRECOGNISED_SUBJECT: &str = "subject: unrecognised";

/// Per group, `subject: <phrase>` for a subject (`None` for a category): the word of a problem
/// the customer reports (`subject: stolen`, `subject: not recognise`); else the strongest trait's
/// first matched lexicon phrase or, where no phrase matches, the nearest phrase by meaning of the
/// whole subject (all such subjects read together); else `subject: unrecognised`. Only the
/// taxonomy's words reach the output, never the subject's.
fn subject_phrases(groups: &[Group], taxonomy: &Taxonomy) -> Vec<Option<String>> {
    let weight = |ti: usize| taxonomy.traits[ti].weight;
    let mut out: Vec<Option<String>> = Vec::with_capacity(groups.len());
    let mut by_meaning: Vec<(usize, &str)> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let Some(subject) = g.category.strip_prefix("subject:") else {
            out.push(None);
            continue;
        };
        // A problem the customer reports decides first ("my card was stolen" is not a card
        // replacement): the label is the problem's own word, read again when it is scored.
        let words = taxonomy.evidence_words(subject);
        if let Some(p) = taxonomy.problems.of(&words).first() {
            out.push(Some(format!("subject: {}", p.word)));
            continue;
        }
        let matches = taxonomy.classify_words(&words);
        let best = matches.iter().max_by(|a, b| {
            let w = |m: &crate::taxonomy::TraitMatch| m.evidence * weight(m.trait_index);
            w(a).total_cmp(&w(b))
                .then(b.trait_index.cmp(&a.trait_index))
        });
        out.push(best.map(|m| {
            format!(
                "subject: {}",
                taxonomy.traits[m.trait_index].phrases[m.phrases[0]].text
            )
        }));
        if best.is_none() {
            by_meaning.push((i, subject));
        }
    }
    let texts: Vec<&str> = by_meaning.iter().map(|(_, s)| *s).collect();
    for ((i, _), meaning) in by_meaning.iter().zip(taxonomy.meaning.of(&texts)) {
        let nearest = meaning.near.iter().max_by(|a, b| {
            (a.evidence * weight(a.trait_index))
                .total_cmp(&(b.evidence * weight(b.trait_index)))
                .then(b.trait_index.cmp(&a.trait_index))
        });
        out[*i] = Some(match nearest {
            Some(n) => format!("subject: {}", n.phrase),
            None => UNRECOGNISED_SUBJECT.to_string(),
        });
    }
    out
}
