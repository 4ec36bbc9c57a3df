//! What automation does to staffing (`exposure simulate`; README, "What automation does to
//! staffing"): per role the FTE its work needs before and after a share of the automatable work
//! is automated, and per live queue the agents its busiest half-hour needs.
//!
//! - Deferred work waits in a backlog. Inventory tasks are paid hours already (a person's week
//!   as the inventory records it holds breaks and meetings), so their FTE is hours × headcount /
//!   week hours. Measured ticket handle time (e-mail, web forms, messaging) is pure work: its FTE
//!   is hours / (week hours × backlog occupancy × (1 − shrinkage)).
//! - Live channels (phone, chat) cannot wait: agents for the busiest interval from Erlang C (or
//!   Erlang A with `--patience`), paid FTE = agents / (1 − shrinkage). They replace the role's
//!   *queue time between contacts*, which Erlang's occupancy accounts for.
//! - After: a task loses hours × automatability × the rate of its class; a live queue loses the
//!   same share of its contacts, Σ contacts × automatability × rate / Σ contacts.
//!
//! Returns data only; the render layer words it.

pub mod adoption;
pub mod live;

use crate::analysis::Analysis;
use crate::input::tickets::arrivals::{Arrivals, ChannelKind, QueueArrivals};
use crate::input::TaskSource;
use crate::reconcile::QUEUE_TIME_TASK;
use crate::score::{AssessedTask, Class};
use crate::staffing::{self, ServiceTarget};
use crate::warning::{LiveGap, Warning};
use adoption::{Preset, Rates};
use live::{LiveResult, LiveWork};
use std::collections::HashMap;

/// How to simulate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The rates at the end of the horizon (or at once, without one).
    pub rates: Rates,
    pub preset: Option<Preset>,
    pub horizon_months: Option<u32>,
    pub target: ServiceTarget,
    pub max_occupancy: f64,
    pub shrinkage: f64,
    /// Share of available time spent on backlog work (deferred tickets).
    pub backlog_occupancy: f64,
    pub patience_seconds: Option<f64>,
    /// Paid hours a week of one FTE.
    pub week_hours: f64,
}

/// A ticket category's automatability and class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TicketClass {
    pub automatability: f64,
    pub class: Class,
}

/// One role before and after.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleResult {
    pub role: String,
    pub headcount: Option<f64>,
    pub fte_before: f64,
    pub fte_after: f64,
    /// Hours a week of work automated, over the team.
    pub hours_automated: f64,
    /// Hours a week of augment-class work people now do with AI (hours × the augment rate).
    pub augment_hours: f64,
    /// FTE of the role's live queues, before and after (in the two figures above too).
    pub live_fte_before: f64,
    pub live_fte_after: f64,
}

impl RoleResult {
    pub fn fte_freed(&self) -> f64 {
        self.fte_before - self.fte_after
    }
}

/// The figures at one point of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarter {
    pub month: u32,
    /// The share of the way to the target rates (the S-curve).
    pub adoption: f64,
    pub rates: Rates,
    pub roles: Vec<RoleResult>,
    pub live: Vec<LiveResult>,
}

/// What a simulation found.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub options: Options,
    pub roles: Vec<RoleResult>,
    pub live: Vec<LiveResult>,
    /// Weeks the ticket exports cover (arrivals per interval are averaged over them).
    pub weeks: Option<f64>,
    pub quarters: Vec<Quarter>,
    pub warnings: Vec<Warning>,
}

/// A piece of a role's weekly work, over the team.
#[derive(Debug, Clone, Copy)]
struct Part {
    hours: f64,
    /// Paid hours (inventory tasks) are worked at occupancy 1 and shrinkage 0: the week already
    /// holds both. Handle time (tickets) is worked at the backlog occupancy and shrinkage.
    occupancy: f64,
    shrinkage: f64,
    automatability: f64,
    class: Class,
}

/// A role's work, ready to simulate at any rates.
struct RoleWork {
    role: String,
    headcount: Option<f64>,
    parts: Vec<Part>,
    live: Vec<LiveWork>,
}

/// Simulates every role of the analysis at the options' rates and, with a horizon, at the end
/// of each quarter.
pub fn run(a: &Analysis, arrivals: Option<&Arrivals>, opts: &Options) -> Simulation {
    let mut warnings = Vec::new();
    let weeks = a.tickets.as_ref().map(|t| t.weeks);
    let work = prepare(a, arrivals, weeks.unwrap_or(1.0), opts, &mut warnings);
    let (roles, live) = evaluate(&work, &opts.rates, opts, &mut warnings);
    let quarters = opts
        .horizon_months
        .map(adoption::quarter_ends)
        .unwrap_or_default()
        .into_iter()
        .map(|month| {
            let horizon = f64::from(opts.horizon_months.unwrap_or(month));
            let share = adoption::adoption_at(f64::from(month), horizon);
            let rates = opts.rates.scaled(share);
            let (roles, live) = evaluate(&work, &rates, opts, &mut Vec::new());
            Quarter {
                month,
                adoption: share,
                rates,
                roles,
                live,
            }
        })
        .collect();
    Simulation {
        options: opts.clone(),
        roles,
        live,
        weeks,
        quarters,
        warnings,
    }
}

/// Every role's work: its tasks as parts and its live queues.
fn prepare(
    a: &Analysis,
    arrivals: Option<&Arrivals>,
    weeks: f64,
    opts: &Options,
    warnings: &mut Vec<Warning>,
) -> Vec<RoleWork> {
    if arrivals.is_some_and(|t| !t.channels && !t.queues.is_empty()) {
        warnings.push(Warning::NoChannelColumn);
    }
    // Each role's queues and tasks, found once: the work stays linear in roles and queues.
    let mut queues_of: HashMap<&str, Vec<&QueueArrivals>> = HashMap::new();
    for q in arrivals.map(|t| t.queues.as_slice()).unwrap_or_default() {
        queues_of.entry(q.role.as_str()).or_default().push(q);
    }
    let mut tasks_of: HashMap<&str, Vec<&AssessedTask>> = HashMap::new();
    for t in &a.tasks {
        tasks_of.entry(t.record.role.as_str()).or_default().push(t);
    }
    let mut one_person = Vec::new();
    let mut out = Vec::new();
    for r in &a.roles {
        let role = r.info.role.as_str();
        let queues = queues_of.get(role).map(Vec::as_slice).unwrap_or_default();
        let tasks = tasks_of.get(role).map(Vec::as_slice).unwrap_or_default();
        let classes = ticket_classes(tasks);
        let class_of = |c: &str| {
            classes
                .get(&norm(c))
                .copied()
                .unwrap_or_else(|| role_ticket_class(tasks))
        };
        let mut live = Vec::new();
        for q in queues.iter().filter(|q| q.kind == ChannelKind::Live) {
            match LiveWork::new(q, weeks, class_of) {
                Ok(w) => live.push(w),
                Err(why) => warnings.push(Warning::LiveQueueAsDeferred {
                    role: q.role.clone(),
                    channel: q.channel.clone(),
                    why,
                }),
            }
        }
        let live_share = live_shares(queues, &live);
        let has_inventory = tasks.iter().any(|t| t.record.source != TaskSource::Tickets);
        if r.info.headcount.is_none() && has_inventory {
            one_person.push(role.to_string());
        }
        let people = r.info.headcount.filter(|h| *h > 0.0).unwrap_or(1.0);
        let parts = parts_of(tasks, people, &live_share, opts);
        out.push(RoleWork {
            role: role.to_string(),
            headcount: r.info.headcount,
            parts,
            live,
        });
    }
    if !one_person.is_empty() {
        warnings.push(Warning::SimulatedAsOnePerson { roles: one_person });
    }
    out
}

/// A role's tasks over the team, live ticket work left out (Erlang staffs it) and the queue time
/// between contacts too (Erlang's occupancy accounts for it).
fn parts_of(
    tasks: &[&AssessedTask],
    people: f64,
    live_share: &HashMap<String, f64>,
    opts: &Options,
) -> Vec<Part> {
    tasks
        .iter()
        .filter(|t| !(t.record.source == TaskSource::Tickets && t.record.task == QUEUE_TIME_TASK))
        .map(|t| {
            let tickets = t.record.source == TaskSource::Tickets;
            let live = live_share.get(&norm(&t.record.task)).copied();
            let deferred = if tickets {
                1.0 - live.unwrap_or(0.0)
            } else {
                1.0
            };
            Part {
                hours: t.record.hours_per_week * people * deferred,
                occupancy: if tickets { opts.backlog_occupancy } else { 1.0 },
                shrinkage: if tickets { opts.shrinkage } else { 0.0 },
                automatability: t.assessment.automatability,
                class: t.assessment.class,
            }
        })
        .collect()
}

/// Per category of a role, the share of its handle time on the live queues staffed with Erlang
/// (`queues` are the role's).
fn live_shares(queues: &[&QueueArrivals], live: &[LiveWork]) -> HashMap<String, f64> {
    let mut total: HashMap<String, (f64, f64)> = HashMap::new();
    for q in queues {
        let is_live = live.iter().any(|w| w.channel == q.channel);
        for c in &q.categories {
            let e = total.entry(norm(&c.category)).or_default();
            e.0 += c.handle_seconds;
            if is_live {
                e.1 += c.handle_seconds;
            }
        }
    }
    total
        .into_iter()
        .map(|(k, (all, live))| (k, if all > 0.0 { live / all } else { 0.0 }))
        .collect()
}

/// A role's ticket categories by their spelling folded for case and spaces.
fn ticket_classes(tasks: &[&AssessedTask]) -> HashMap<String, TicketClass> {
    tasks
        .iter()
        .filter(|t| t.record.source == TaskSource::Tickets)
        .map(|t| {
            let c = TicketClass {
                automatability: t.assessment.automatability,
                class: t.assessment.class,
            };
            (norm(&t.record.task), c)
        })
        .collect()
}

/// For a category the analysis does not list: the role's ticket work as a whole, its
/// automatability weighted by hours and the class of most of its hours.
fn role_ticket_class(tasks: &[&AssessedTask]) -> TicketClass {
    let mut by_class: HashMap<&'static str, (f64, Class)> = HashMap::new();
    let (mut hours, mut weighted) = (0.0, 0.0);
    for t in tasks
        .iter()
        .filter(|t| t.record.source == TaskSource::Tickets)
    {
        let h = t.record.hours_per_week;
        hours += h;
        weighted += h * t.assessment.automatability;
        by_class
            .entry(t.assessment.class.as_str())
            .or_insert((0.0, t.assessment.class))
            .0 += h;
    }
    let class = by_class
        .into_values()
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map_or(Class::Automate, |(_, c)| c);
    TicketClass {
        automatability: if hours > 0.0 { weighted / hours } else { 0.5 },
        class,
    }
}

/// Every role, and its live queues, at `rates`.
fn evaluate(
    work: &[RoleWork],
    rates: &Rates,
    opts: &Options,
    warnings: &mut Vec<Warning>,
) -> (Vec<RoleResult>, Vec<LiveResult>) {
    let mut roles = Vec::new();
    let mut lives = Vec::new();
    for w in work {
        let mut r = RoleResult {
            role: w.role.clone(),
            headcount: w.headcount,
            ..RoleResult::default()
        };
        for p in &w.parts {
            let rate = rates.of(p.class);
            let gone = p.hours * p.automatability * rate;
            // The options were checked (`check`), so these figures exist.
            let fte = |h| staffing::deferred_fte(h, opts.week_hours, p.occupancy, p.shrinkage);
            r.fte_before += fte(p.hours).unwrap_or(0.0);
            r.fte_after += fte(p.hours - gone).unwrap_or(0.0);
            r.hours_automated += gone;
            if p.class == Class::Augment {
                r.augment_hours += p.hours * rates.augment;
            }
        }
        for q in &w.live {
            match live::simulate(q, rates, opts) {
                Ok(l) => {
                    r.live_fte_before += l.fte_before;
                    r.live_fte_after += l.fte_after;
                    r.hours_automated +=
                        l.per_week * l.volume_removed_share * l.aht_seconds / 3600.0;
                    lives.push(l);
                }
                Err(_) => warnings.push(Warning::LiveQueueAsDeferred {
                    role: q.role.clone(),
                    channel: q.channel.clone(),
                    why: LiveGap::NoStaffing,
                }),
            }
        }
        r.fte_before += r.live_fte_before;
        r.fte_after += r.live_fte_after;
        roles.push(r);
    }
    (roles, lives)
}

/// A category's spelling folded for case and spaces, as the workload folds it.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `--service-level` and friends, checked: the staffing module's own checks.
pub fn check(opts: &Options) -> Result<(), staffing::StaffingError> {
    opts.target.validate()?;
    staffing::fte_for_agents(1.0, opts.shrinkage)?;
    staffing::deferred_fte(1.0, opts.week_hours, opts.max_occupancy, opts.shrinkage)?;
    staffing::deferred_fte(1.0, opts.week_hours, opts.backlog_occupancy, opts.shrinkage)?;
    Ok(())
}
