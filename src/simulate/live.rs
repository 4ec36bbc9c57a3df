//! Live queues (phone, chat): agents for the busiest half-hour of the typical week from Erlang C
//! (or Erlang A with a patience), before and after automation takes a share of the contacts.

use super::{Options, TicketClass};
use crate::input::tickets::arrivals::{QueueArrivals, SLOTS_PER_WEEK};
use crate::simulate::adoption::Rates;
use crate::staffing::{self, LiveQueue, Staffing, StaffingError};
use crate::warning::LiveGap;

/// Seconds in a planning interval: half an hour.
pub const INTERVAL_SECONDS: f64 = 1800.0;

/// A live queue ready to staff: its busiest interval and its mix of categories.
#[derive(Debug, Clone)]
pub struct LiveWork {
    pub role: String,
    pub channel: String,
    /// Agent-handled contacts a week.
    pub per_week: f64,
    pub aht_seconds: f64,
    /// The busiest slot of the typical week (0 = Monday 00:00-00:30) and its arrivals, averaged
    /// over the weeks covered.
    pub busiest_slot: usize,
    pub busiest_arrivals: f64,
    /// Per category: agent-handled contacts, automatability and class.
    pub mix: Vec<(f64, TicketClass)>,
}

impl LiveWork {
    /// The queue's busiest interval over `weeks`, or why it cannot be staffed live.
    pub fn new(
        q: &QueueArrivals,
        weeks: f64,
        class_of: impl Fn(&str) -> TicketClass,
    ) -> Result<LiveWork, LiveGap> {
        if q.dated <= 0.0 {
            return Err(LiveGap::NoDates);
        }
        let aht_seconds = q.aht_seconds().ok_or(LiveGap::NoHandleTimes)?;
        let weeks = weeks.max(1.0 / 7.0);
        let (busiest_slot, count) = (0..SLOTS_PER_WEEK)
            .map(|s| (s, q.slots[s]))
            .fold((0, f64::MIN), |best, x| if x.1 > best.1 { x } else { best });
        Ok(LiveWork {
            role: q.role.clone(),
            channel: q.channel.clone(),
            per_week: q.agent_tickets() / weeks,
            aht_seconds,
            busiest_slot,
            busiest_arrivals: count / weeks,
            mix: q
                .categories
                .iter()
                .filter(|c| c.agent_tickets > 0.0)
                .map(|c| (c.agent_tickets, class_of(&c.category)))
                .collect(),
        })
    }

    /// The share of the queue's contacts automation takes at `rates`: Σ n·a·rate / Σ n.
    pub fn automated_share(&self, rates: &Rates) -> f64 {
        let n: f64 = self.mix.iter().map(|(n, _)| n).sum();
        if n <= 0.0 {
            return 0.0;
        }
        let gone: f64 = self
            .mix
            .iter()
            .map(|(k, c)| k * c.automatability * rates.of(c.class))
            .sum();
        (gone / n).clamp(0.0, 1.0)
    }

    /// Agents for the busiest interval once `share` of the contacts are automated.
    pub fn staff(&self, share: f64, opts: &Options) -> Result<Staffing, StaffingError> {
        let queue = LiveQueue::new(self.busiest_arrivals, INTERVAL_SECONDS, self.aht_seconds)?
            .after_automation(share)?;
        match opts.patience_seconds {
            Some(p) => {
                staffing::agents_for_with_patience(&queue, &opts.target, opts.max_occupancy, p)
            }
            None => staffing::agents_for(&queue, &opts.target, opts.max_occupancy),
        }
    }
}

/// One live queue before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveResult {
    pub role: String,
    pub channel: String,
    pub per_week: f64,
    pub aht_seconds: f64,
    pub busiest_slot: usize,
    pub arrivals_before: f64,
    pub arrivals_after: f64,
    /// The share of the queue's contacts automated.
    pub volume_removed_share: f64,
    pub before: Staffing,
    pub after: Staffing,
    /// 1 − agents after / agents before.
    pub agents_freed_share: f64,
    pub fte_before: f64,
    pub fte_after: f64,
}

/// Staffs `w` before and after automation at `rates`.
pub fn simulate(w: &LiveWork, rates: &Rates, opts: &Options) -> Result<LiveResult, StaffingError> {
    let share = w.automated_share(rates);
    let (before, after) = (w.staff(0.0, opts)?, w.staff(share, opts)?);
    let fte = |s: &Staffing| staffing::fte_for_agents(f64::from(s.agents), opts.shrinkage);
    let freed = if before.agents > 0 {
        1.0 - f64::from(after.agents) / f64::from(before.agents)
    } else {
        0.0
    };
    Ok(LiveResult {
        role: w.role.clone(),
        channel: w.channel.clone(),
        per_week: w.per_week,
        aht_seconds: w.aht_seconds,
        busiest_slot: w.busiest_slot,
        arrivals_before: w.busiest_arrivals,
        arrivals_after: w.busiest_arrivals * (1.0 - share),
        volume_removed_share: share,
        fte_before: fte(&before)?,
        fte_after: fte(&after)?,
        before,
        after,
        agents_freed_share: freed,
    })
}
