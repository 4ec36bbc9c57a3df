//! The `simulate` view's parts: typed JSON (fields are only ever added), the tables people read
//! and the words that explain a live queue's figures.

use super::{format_number, percent, round, Block, Cell, Grid};
use crate::analysis::Analysis;
use crate::input::InputInfo;
use crate::simulate::adoption::Rates;
use crate::simulate::live::LiveResult;
use crate::simulate::{RoleResult, Simulation};
use serde::Serialize;

#[derive(Serialize)]
pub struct SimulateDoc<'a> {
    pub version: u32,
    pub inputs: &'a [InputInfo],
    pub taxonomy: super::json::NameHash<'a>,
    pub scenario: Scenario,
    pub roles: Vec<RoleOut>,
    pub total: RoleOut,
    pub live_queues: Vec<LiveOut>,
    pub quarters: Vec<QuarterOut>,
    pub warnings: &'a [String],
}

/// What was assumed.
#[derive(Serialize)]
pub struct Scenario {
    /// `--adoption`, when a preset gave the rates.
    pub adoption: Option<&'static str>,
    pub rates: Rates,
    pub horizon_months: Option<u32>,
    /// How adoption ramps up over the horizon.
    pub curve: Option<&'static str>,
    pub service_level: String,
    pub max_occupancy: f64,
    pub shrinkage: f64,
    pub backlog_occupancy: f64,
    pub patience_seconds: Option<f64>,
    pub model: &'static str,
    pub week_hours: f64,
    pub weeks: Option<f64>,
}

#[derive(Serialize)]
pub struct RoleOut {
    pub role: String,
    pub headcount: Option<f64>,
    pub fte_before: f64,
    pub fte_after: f64,
    pub fte_freed: f64,
    pub hours_automated: f64,
    pub augment_hours: f64,
    pub live_fte_before: f64,
    pub live_fte_after: f64,
}

#[derive(Serialize)]
pub struct Interval {
    /// 0 = Monday 00:00-00:30 ... 335 = Sunday 23:30-24:00.
    pub slot: usize,
    pub day: &'static str,
    pub start: String,
    /// Arrivals in the interval, averaged over the weeks covered, before and after automation.
    pub arrivals: f64,
    pub arrivals_after: f64,
}

#[derive(Serialize)]
pub struct LiveOut {
    pub role: String,
    pub channel: String,
    pub contacts_per_week: f64,
    pub aht_seconds: f64,
    pub busiest_interval: Interval,
    pub volume_removed_share: f64,
    pub agents_before: u32,
    pub agents_after: u32,
    pub agents_freed_share: f64,
    pub fte_before: f64,
    pub fte_after: f64,
    pub service_level_before: f64,
    pub service_level_after: f64,
    pub occupancy_before: f64,
    pub occupancy_after: f64,
}

#[derive(Serialize)]
pub struct QuarterOut {
    pub month: u32,
    pub adoption: f64,
    pub rates: Rates,
    pub total: RoleOut,
    pub roles: Vec<RoleOut>,
    pub live_queues: Vec<LiveOut>,
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn interval(l: &LiveResult) -> Interval {
    let minutes = (l.busiest_slot % 48) * 30;
    Interval {
        slot: l.busiest_slot,
        day: DAYS[(l.busiest_slot / 48) % 7],
        start: format!("{:02}:{:02}", minutes / 60, minutes % 60),
        arrivals: round(l.arrivals_before),
        arrivals_after: round(l.arrivals_after),
    }
}

/// "Monday 10:00-10:30".
pub fn interval_words(l: &LiveResult) -> String {
    let i = interval(l);
    let end = (l.busiest_slot % 48 + 1) * 30;
    format!(
        "{} {}-{:02}:{:02}",
        &i.day[..3],
        i.start,
        end / 60,
        end % 60
    )
}

fn role_out(r: &RoleResult) -> RoleOut {
    RoleOut {
        role: r.role.clone(),
        headcount: r.headcount,
        fte_before: round(r.fte_before),
        fte_after: round(r.fte_after),
        fte_freed: round(r.fte_freed()),
        hours_automated: round(r.hours_automated),
        augment_hours: round(r.augment_hours),
        live_fte_before: round(r.live_fte_before),
        live_fte_after: round(r.live_fte_after),
    }
}

/// All roles together.
pub fn total(roles: &[RoleResult]) -> RoleResult {
    let mut t = RoleResult {
        role: "Total".into(),
        ..RoleResult::default()
    };
    for r in roles {
        t.headcount = Some(t.headcount.unwrap_or(0.0) + r.headcount.unwrap_or(0.0));
        t.fte_before += r.fte_before;
        t.fte_after += r.fte_after;
        t.hours_automated += r.hours_automated;
        t.augment_hours += r.augment_hours;
        t.live_fte_before += r.live_fte_before;
        t.live_fte_after += r.live_fte_after;
    }
    t
}

fn live_out(l: &LiveResult) -> LiveOut {
    LiveOut {
        role: l.role.clone(),
        channel: l.channel.clone(),
        contacts_per_week: round(l.per_week),
        aht_seconds: round(l.aht_seconds),
        busiest_interval: interval(l),
        volume_removed_share: round(l.volume_removed_share),
        agents_before: l.before.agents,
        agents_after: l.after.agents,
        agents_freed_share: round(l.agents_freed_share),
        fte_before: round(l.fte_before),
        fte_after: round(l.fte_after),
        service_level_before: round(l.before.service_level),
        service_level_after: round(l.after.service_level),
        occupancy_before: round(l.before.occupancy),
        occupancy_after: round(l.after.occupancy),
    }
}

/// The JSON document.
pub fn doc<'a>(a: &'a Analysis, s: &Simulation, warnings: &'a [String]) -> SimulateDoc<'a> {
    let o = &s.options;
    SimulateDoc {
        version: super::json::VERSION,
        inputs: &a.inputs,
        taxonomy: super::json::NameHash {
            name: &a.taxonomy.name,
            sha256: &a.taxonomy.sha256,
        },
        scenario: Scenario {
            adoption: o.preset.map(|p| p.name()),
            rates: o.rates,
            horizon_months: o.horizon_months,
            curve: o.horizon_months.map(|_| "logistic"),
            service_level: o.target.to_string(),
            max_occupancy: o.max_occupancy,
            shrinkage: o.shrinkage,
            backlog_occupancy: o.backlog_occupancy,
            patience_seconds: o.patience_seconds,
            model: model(s),
            week_hours: o.week_hours,
            weeks: s.weeks.map(round),
        },
        roles: s.roles.iter().map(role_out).collect(),
        total: role_out(&total(&s.roles)),
        live_queues: s.live.iter().map(live_out).collect(),
        quarters: s
            .quarters
            .iter()
            .map(|q| QuarterOut {
                month: q.month,
                adoption: round(q.adoption),
                rates: q.rates,
                total: role_out(&total(&q.roles)),
                roles: q.roles.iter().map(role_out).collect(),
                live_queues: q.live.iter().map(live_out).collect(),
            })
            .collect(),
        warnings,
    }
}

fn model(s: &Simulation) -> &'static str {
    if s.options.patience_seconds.is_some() {
        "erlang_a"
    } else {
        "erlang_c"
    }
}

/// Per role and in total: FTE before, after, freed, and the hours that move.
pub fn roles_grid(s: &Simulation) -> Grid {
    let t = total(&s.roles);
    let row = |r: &RoleResult| {
        vec![
            Cell::Text(r.role.clone()),
            r.headcount.map_or(Cell::Empty, |h| Cell::Number(h, 0)),
            Cell::Number(r.fte_before, 1),
            Cell::Number(r.fte_after, 1),
            Cell::Number(r.fte_freed(), 1),
            Cell::Text(share_text(r.fte_freed(), r.fte_before)),
            Cell::Number(r.hours_automated, 0),
            Cell::Number(r.augment_hours, 0),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = s.roles.iter().map(row).collect();
    rows.push(row(&t));
    Grid {
        header: vec![
            "Role",
            "People",
            "FTE before",
            "FTE after",
            "FTE freed",
            "Freed",
            "Automated h/wk",
            "With AI h/wk (augment)",
        ],
        rows,
    }
}

fn share_text(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        percent(part / whole)
    } else {
        String::new()
    }
}

/// Per live queue: its busiest half-hour, the volume removed and the agents freed.
pub fn live_grid(s: &Simulation) -> Grid {
    let rows = s
        .live
        .iter()
        .map(|l| {
            vec![
                Cell::Text(format!("{} ({})", l.role, l.channel)),
                Cell::Text(interval_words(l)),
                Cell::Text(format!(
                    "{} → {}",
                    format_number(l.arrivals_before, 1),
                    format_number(l.arrivals_after, 1)
                )),
                Cell::Text(percent(l.volume_removed_share)),
                Cell::Text(format!("{} → {}", l.before.agents, l.after.agents)),
                Cell::Text(percent(l.agents_freed_share)),
                Cell::Text(format!(
                    "{} → {}",
                    format_number(l.fte_before, 1),
                    format_number(l.fte_after, 1)
                )),
            ]
        })
        .collect();
    Grid {
        header: vec![
            "Live queue",
            "Busiest half-hour",
            "Arrivals",
            "Volume removed",
            "Agents",
            "Agents freed",
            "FTE",
        ],
        rows,
    }
}

/// One line: why a live queue frees a smaller share of its agents than of its volume.
pub fn economies_of_scale(s: &Simulation) -> Option<Block> {
    let l = s
        .live
        .iter()
        .filter(|l| l.agents_freed_share < l.volume_removed_share)
        .max_by(|a, b| a.volume_removed_share.total_cmp(&b.volume_removed_share))?;
    Some(Block::Paragraph(format!(
        "Why fewer agents than volume: queues have economies of scale, so the same service level needs proportionally more agents for a small queue; {} ({}) loses {} of its volume but only {} of its agents.",
        l.role,
        l.channel,
        percent(l.volume_removed_share),
        percent(l.agents_freed_share)
    )))
}

/// Per quarter of the horizon: how far adoption got and what it did.
pub fn quarters_grid(s: &Simulation) -> Grid {
    let rows = s
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let t = total(&q.roles);
            let agents: u32 = q.live.iter().map(|l| l.after.agents).sum();
            vec![
                Cell::Text(format!("Q{}", i + 1)),
                Cell::Number(f64::from(q.month), 0),
                Cell::Text(percent(q.adoption)),
                Cell::Text(percent(q.rates.automate)),
                Cell::Text(percent(q.rates.augment)),
                Cell::Number(t.fte_after, 1),
                Cell::Number(t.fte_freed(), 1),
                Cell::Number(f64::from(agents), 0),
            ]
        })
        .collect();
    Grid {
        header: vec![
            "Quarter",
            "Month",
            "Adoption",
            "Automate rate",
            "Augment rate",
            "FTE after",
            "FTE freed",
            "Live agents",
        ],
        rows,
    }
}

/// The scenario in words, for a heading.
pub fn scenario_words(s: &Simulation) -> String {
    let o = &s.options;
    let r = &o.rates;
    let rates = if r.automate == r.augment && r.augment == r.retain {
        format!("automation rate {}", percent(r.automate))
    } else {
        format!(
            "automate {}, augment {}, retain {}",
            percent(r.automate),
            percent(r.augment),
            percent(r.retain)
        )
    };
    let preset = o
        .preset
        .map(|p| format!("{} adoption: ", p.name()))
        .unwrap_or_default();
    let horizon = o
        .horizon_months
        .map(|h| format!(" after {h} months"))
        .unwrap_or_default();
    format!("{preset}{rates}{horizon}")
}
