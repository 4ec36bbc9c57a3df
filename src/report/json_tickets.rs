//! The `tickets` document in JSON: the period, the exclusions, one object per queue and one per
//! role and category, from typed output structs.

use super::json::{taxonomy_ref, traits_of, NameHash, TraitOut, VERSION};
use super::round;
use crate::analysis::Analysis;
use crate::input::tickets::FinerCategory;
use crate::input::InputInfo;
use crate::score::Class;
use serde::Serialize;
use serde_json::{json, Value};

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
    /// Exports whose categories came from a finer column (an intent, a subcategory).
    pub category_columns: &'a [FinerCategory],
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
                traits: r.task.map(|t| traits_of(t, true)),
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
        category_columns: notes.map_or(&[], |n| &n.finer_categories),
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
    // Each queue's place in `sums`: a lookup per line, however many queues.
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let rows = super::grids::ticket_rows(a);
    for r in &rows {
        let i = *index.entry(r.line.role.as_str()).or_insert_with(|| {
            sums.push(Sums {
                role: r.line.role.clone(),
                hours: Some(0.0),
                ..Sums::default()
            });
            sums.len() - 1
        });
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
