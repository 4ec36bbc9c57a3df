//! Staffing scenarios (DESIGN section 5, `exposure simulate`): the people a workload needs
//! before and after automation takes a share of it. Deferred work (email, back office) waits in
//! a backlog, so its FTE is workload hours over the productive hours an FTE gives. Live channels
//! (phone, chat) cannot wait: agents come from Erlang C (M/M/n) at a service-level target such
//! as 80/20 under an occupancy cap, or from Erlang A (M/M/n+M) when callers abandon after an
//! exponential patience. Queues have economies of scale, so deflecting a share of live volume
//! frees fewer agents than that share: the fact these scenarios exist to show.
//!
//! Pure functions over plain numbers, std only. Erlang C comes from the Erlang B recursion
//! B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)), which stays in (0, 1], so thousands of Erlangs
//! never overflow (no factorials, no powers of A); Erlang A sums its queue weights with
//! rescaling.

use std::fmt;
use std::str::FromStr;

type Error = StaffingError;

/// Why a staffing figure cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum StaffingError {
    /// An input is outside its meaningful range: `name` must be `must`.
    InvalidInput {
        name: &'static str,
        value: f64,
        must: &'static str,
    },
    /// No agent count up to `limit` meets the target for `load` Erlangs (only extreme inputs).
    NoStaffingFound { load: f64, limit: u32 },
}

impl fmt::Display for StaffingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput { name, value, must } => {
                write!(f, "{name} must be {must} (got {value})")
            }
            Self::NoStaffingFound { load, limit } => {
                let what = "agents meet the target at";
                write!(f, "no {limit} or fewer {what} {load:.3} Erlangs")
            }
        }
    }
}

impl std::error::Error for StaffingError {}

/// No single queue is this large; the bound keeps the O(n) recursion and `u32` agents safe.
const MAX_LOAD_ERLANGS: f64 = 10_000_000.0;

/// Erlang A needs more terms only when patience dwarfs handle time by orders of magnitude, where
/// Erlang C (infinite patience) is the right model anyway.
const MAX_TAIL_TERMS: u64 = 100_000_000;

fn require(name: &'static str, value: f64, ok: bool, must: &'static str) -> Result<f64, Error> {
    if ok && value.is_finite() {
        Ok(value)
    } else {
        Err(StaffingError::InvalidInput { name, value, must })
    }
}

fn non_negative(name: &'static str, value: f64) -> Result<f64, Error> {
    require(name, value, value >= 0.0, "a finite number >= 0")
}

fn positive(name: &'static str, value: f64) -> Result<f64, Error> {
    require(name, value, value > 0.0, "a finite number > 0")
}

/// Shrinkage is the share of paid time off the queue: at 1 nobody ever works.
fn shrinkage_ok(value: f64) -> Result<f64, Error> {
    require("shrinkage", value, (0.0..1.0).contains(&value), "in [0, 1)")
}

/// Occupancy is the share of available time spent on work: at 0 no staff would ever suffice.
fn occupancy_ok(name: &'static str, value: f64) -> Result<f64, Error> {
    require(name, value, value > 0.0 && value <= 1.0, "in (0, 1]")
}

fn load_ok(load: f64) -> Result<f64, Error> {
    let ok = (0.0..=MAX_LOAD_ERLANGS).contains(&load);
    require("load (Erlangs)", load, ok, "in [0, 10,000,000]")
}

/// A live queue (phone, chat) over one planning interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveQueue {
    /// Contacts offered in the interval (a forecast mean, so fractions are fine).
    pub arrivals_per_interval: f64,
    /// Length of the interval, e.g. 1800 for half-hour planning.
    pub interval_seconds: f64,
    /// Average handle time: talk plus after-contact work.
    pub aht_seconds: f64,
}

impl LiveQueue {
    pub fn new(arrivals: f64, interval_seconds: f64, aht: f64) -> Result<Self, Error> {
        let queue = Self {
            arrivals_per_interval: arrivals,
            interval_seconds,
            aht_seconds: aht,
        };
        queue.validate()?;
        Ok(queue)
    }

    /// Fields are public, so every calculation re-checks them rather than trusting `new`.
    pub fn validate(&self) -> Result<(), Error> {
        non_negative("arrivals per interval", self.arrivals_per_interval)?;
        positive("interval seconds", self.interval_seconds)?;
        positive("average handle time (seconds)", self.aht_seconds)?;
        load_ok(self.load_erlangs()).map(drop)
    }

    /// Offered load A in Erlangs: the mean number of agents busy if nobody ever waited.
    pub fn load_erlangs(&self) -> f64 {
        self.arrivals_per_interval * self.aht_seconds / self.interval_seconds
    }

    /// The same queue once automation resolves `automated_share` of the contacts.
    pub fn after_automation(&self, automated_share: f64) -> Result<Self, Error> {
        let ok = (0.0..=1.0).contains(&automated_share);
        let share = require("automated share", automated_share, ok, "in [0, 1]")?;
        let kept = self.arrivals_per_interval * (1.0 - share);
        Self::new(kept, self.interval_seconds, self.aht_seconds)
    }
}

/// A service-level target: `share` of contacts answered within `within_seconds` (80/20).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceTarget {
    /// In (0, 1): with random arrivals no finite staff answers 100% within a time.
    pub share: f64,
    pub within_seconds: f64,
}

impl ServiceTarget {
    pub fn new(share: f64, within_seconds: f64) -> Result<Self, Error> {
        let target = Self {
            share,
            within_seconds,
        };
        target.validate()?;
        Ok(target)
    }

    pub fn validate(&self) -> Result<(), Error> {
        let ok = self.share > 0.0 && self.share < 1.0;
        require(
            "service-level share",
            self.share,
            ok,
            "in (0, 1): above 0%, below 100%",
        )?;
        non_negative("service-level seconds", self.within_seconds).map(drop)
    }

    /// Reads `80/20`, `0.8/20` or `80%/20s`. A share above 1 or with `%` is a percentage, one at
    /// or below 1 a fraction: planners write both.
    pub fn parse(text: &str) -> Result<Self, String> {
        let shape = || {
            format!(
                "service target {text:?} must look like 80/20 (80% within 20 s), 0.8/20, 80%/20s"
            )
        };
        let (share_text, secs_text) = text.trim().split_once('/').ok_or_else(shape)?;
        let share_text = share_text.trim();
        let (number, percent) = match share_text.strip_suffix('%') {
            Some(rest) => (rest.trim(), true),
            None => (share_text, false),
        };
        let value: f64 = number.parse().map_err(|_| shape())?;
        let share = value / if percent || value > 1.0 { 100.0 } else { 1.0 };
        let secs_text = secs_text.trim();
        let secs_text = secs_text.strip_suffix('s').unwrap_or(secs_text);
        let within_seconds: f64 = secs_text.trim().parse().map_err(|_| shape())?;
        let target = Self {
            share,
            within_seconds,
        };
        target
            .validate()
            .map_err(|e| format!("service target {text:?}: {e}"))?;
        Ok(target)
    }
}

impl FromStr for ServiceTarget {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Self::parse(text)
    }
}

impl fmt::Display for ServiceTarget {
    /// Writes the `80/20` form that `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = (self.share * 100.0 * 1e6).round() / 1e6;
        write!(f, "{percent}/{}", self.within_seconds)
    }
}

/// Agents on a live queue and what callers get from them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Staffing {
    /// Agents logged in and taking contacts (before shrinkage).
    pub agents: u32,
    pub load_erlangs: f64,
    /// Carried load per agent: the share of their time spent handling contacts.
    pub occupancy: f64,
    /// Share of all offered contacts answered within the target time.
    pub service_level: f64,
    /// Probability that a contact finds every agent busy.
    pub prob_wait: f64,
    /// Probability that a contact hangs up before an answer (0 under Erlang C).
    pub prob_abandon: f64,
    /// Average speed of answer: the mean wait of answered contacts.
    pub asa_seconds: f64,
}

impl Staffing {
    /// No contacts: nobody needs to be on the queue and nobody waits.
    fn idle(agents: u32) -> Self {
        let service_level = 1.0;
        Self {
            agents,
            service_level,
            ..Self::default()
        }
    }
}

fn erlang_b_raw(agents: u32, load: f64) -> f64 {
    (1..=agents).fold(1.0, |b, n| load * b / (f64::from(n) + load * b))
}

/// C = B / (1 − ρ(1 − B)) with ρ = A/n. With n <= A the queue grows without bound: all wait.
fn erlang_c_from_b(agents: u32, load: f64, b: f64) -> f64 {
    let n = f64::from(agents);
    if n <= load {
        return 1.0;
    }
    b / (1.0 - load / n * (1.0 - b))
}

/// P(wait <= t) = 1 − C·e^(−(n − A)t/AHT): given that a caller waits, the M/M/n wait is
/// exponential with rate (n − A)/AHT. With n <= A, C = 1 and this is 0.
fn service_level_raw(agents: u32, load: f64, aht: f64, target: f64, c: f64) -> f64 {
    let spare = (f64::from(agents) - load).max(0.0);
    (1.0 - c * (-spare * target / aht).exp()).clamp(0.0, 1.0)
}

/// ASA = C·AHT/(n − A): infinite (C = 1 over zero) when n <= A.
fn asa_raw(agents: u32, load: f64, aht: f64, c: f64) -> f64 {
    c * aht / (f64::from(agents) - load).max(0.0)
}

/// Erlang B: the share of contacts blocked when `agents` carry `load` Erlangs with no queue.
/// Here it is mainly the numerically stable route to Erlang C.
pub fn erlang_b(agents: u32, load: f64) -> Result<f64, Error> {
    Ok(erlang_b_raw(agents, load_ok(load)?))
}

/// Erlang C: the probability that a contact has to wait (1 when agents <= load).
pub fn erlang_c(agents: u32, load: f64) -> Result<f64, Error> {
    let b = erlang_b(agents, load)?;
    Ok(erlang_c_from_b(agents, load, b))
}

/// Share of contacts answered within `target_seconds` under Erlang C (0 when agents <= load).
pub fn service_level(agents: u32, load: f64, aht: f64, target: f64) -> Result<f64, Error> {
    let c = erlang_c(agents, load)?;
    let aht = positive("average handle time (seconds)", aht)?;
    let target = non_negative("target seconds", target)?;
    Ok(service_level_raw(agents, load, aht, target, c))
}

/// Average speed of answer under Erlang C, C·AHT/(n − A); infinite when agents <= load.
pub fn average_speed_of_answer(agents: u32, load: f64, aht: f64) -> Result<f64, Error> {
    let c = erlang_c(agents, load)?;
    let aht = positive("average handle time (seconds)", aht)?;
    Ok(asa_raw(agents, load, aht, c))
}

fn erlang_c_staffing(queue: &LiveQueue, agents: u32, target_seconds: f64, b: f64) -> Staffing {
    let (load, aht) = (queue.load_erlangs(), queue.aht_seconds);
    if load == 0.0 {
        return Staffing::idle(agents);
    }
    let c = erlang_c_from_b(agents, load, b);
    Staffing {
        agents,
        load_erlangs: load,
        occupancy: (load / f64::from(agents)).min(1.0),
        service_level: service_level_raw(agents, load, aht, target_seconds, c),
        prob_wait: c,
        prob_abandon: 0.0,
        asa_seconds: asa_raw(agents, load, aht, c),
    }
}

/// What callers get from a given number of agents under Erlang C.
pub fn evaluate(queue: &LiveQueue, agents: u32, target: f64) -> Result<Staffing, Error> {
    queue.validate()?;
    non_negative("target seconds", target)?;
    let b = erlang_b_raw(agents, queue.load_erlangs());
    Ok(erlang_c_staffing(queue, agents, target, b))
}

/// The fewest agents (more than the load: Erlang C has no steady state otherwise) meeting
/// `target` with occupancy A/n <= `max_occupancy`. It walks n up from ⌊A⌋ + 1, advancing
/// Erlang B one step per agent, so the search is O(n) and never forms a factorial.
pub fn agents_for(
    queue: &LiveQueue,
    target: &ServiceTarget,
    max_occupancy: f64,
) -> Result<Staffing, Error> {
    queue.validate()?;
    target.validate()?;
    occupancy_ok("maximum occupancy", max_occupancy)?;
    let load = queue.load_erlangs();
    if load == 0.0 {
        return Ok(Staffing::idle(0));
    }
    let start = load.floor() as u32 + 1;
    let limit = search_limit(load, max_occupancy);
    let mut b = erlang_b_raw(start - 1, load);
    for n in start..=limit {
        b = load * b / (f64::from(n) + load * b);
        if load / f64::from(n) > max_occupancy {
            continue;
        }
        let staffing = erlang_c_staffing(queue, n, target.within_seconds, b);
        if staffing.service_level >= target.share {
            return Ok(staffing);
        }
    }
    Err(StaffingError::NoStaffingFound { load, limit })
}

/// Past the occupancy floor A/max, the chance of waiting falls off within a few √A agents
/// (square-root staffing), so 20√A + 200 more is far beyond any reachable target.
fn search_limit(load: f64, max_occupancy: f64) -> u32 {
    ((load / max_occupancy).ceil() + 20.0 * load.sqrt() + 200.0) as u32
}

/// Erlang A queue weights r_k = Π_{i=1..k} z/(a+i) (all agents busy and k waiting, rates in
/// units of the abandonment rate), summed with rescaling: when overloaded they grow like e^(z−a).
struct Tail {
    /// ln Σ_{k>=0} r_k and ln Σ_{k>=1} r_k.
    ln_all: f64,
    ln_rest: f64,
    /// Σ r_k·g_k / Σ r_k with g_k = P(answered | k ahead)·E[wait | answered, k ahead], in units
    /// of the mean patience.
    answered_wait: f64,
}

fn queue_tail(a: f64, z: f64) -> Result<Tail, Error> {
    const RESCALE: f64 = 1e250;
    let (mut term, mut ln_scale) = (1.0_f64, 0.0);
    let [mut all, mut rest, mut weighted] = [0.0_f64; 3];
    // Σ_{j=1..k+1} 1/(a+j): the mean time for the k ahead to clear, then for an agent to free.
    let (mut to_answer, mut k) = (0.0, 0_u64);
    loop {
        let kf = k as f64;
        to_answer += 1.0 / (a + kf + 1.0);
        all += term;
        rest += if k > 0 { term } else { 0.0 };
        // P(answered | k ahead) = a/(a+k+1): the competing exponentials' product telescopes.
        weighted += term * a / (a + kf + 1.0) * to_answer;
        k += 1;
        term *= z / (a + k as f64);
        if term > RESCALE {
            [term, all, rest, weighted] = [term, all, rest, weighted].map(|v| v / RESCALE);
            ln_scale += RESCALE.ln();
        }
        // Past the peak (k > z − a) the terms shrink faster than geometrically.
        if (k as f64 > z - a && term <= all * 1e-17) || term == 0.0 {
            break;
        }
        let must = "small enough for an exact Erlang A (else use Erlang C)";
        require("arrivals per mean patience", z, k <= MAX_TAIL_TERMS, must)?;
    }
    let answered_wait = weighted / all;
    let (ln_all, ln_rest) = (all.ln() + ln_scale, rest.ln() + ln_scale);
    Ok(Tail {
        ln_all,
        ln_rest,
        answered_wait,
    })
}

/// Erlang A (M/M/n+M: Palm; Garnett, Mandelbaum and Reiman 2002). With θ = 1/patience,
/// x = nμ/θ, y = λ/θ and U(x, y) = Σ r_k = x·e^y·y^(−x)·γ(x, y) (lower incomplete gamma):
/// P(wait) = B/(B + (1 − B)/U) and P(answered | wait) = (x/y)(U − 1)/U. A waiting caller's
/// offered wait V has P(V > s | wait) = γ(x, y·e^(−θs))/γ(x, y), so the share answered within t
/// is P(answered | wait) − x/(x+1)·e^(−(x+1)θt + y(1 − e^(−θt)))·U(x+1, y·e^(−θt))/U(x, y).
fn erlang_a_raw(queue: &LiveQueue, n: u32, patience: f64, t: f64) -> Result<Staffing, Error> {
    let (load, aht) = (queue.load_erlangs(), queue.aht_seconds);
    if load == 0.0 {
        return Ok(Staffing::idle(n));
    }
    let (x, y) = (f64::from(n) * patience / aht, load * patience / aht);
    let b = erlang_b_raw(n, load);
    let tail = queue_tail(x, y)?;
    let prob_wait = b / (b + (1.0 - b) * (-tail.ln_all).exp());
    let answered_if_wait = (x / y * (tail.ln_rest - tail.ln_all).exp()).min(1.0);
    let theta_t = t / patience; // below: the share of waiting callers answered, but after t
    let ln_u = queue_tail(x + 1.0, y * (-theta_t).exp())?.ln_all - tail.ln_all;
    let late = x / (x + 1.0) * (-(x + 1.0) * theta_t - y * (-theta_t).exp_m1() + ln_u).exp();
    let within = (1.0 - prob_wait) + prob_wait * (answered_if_wait - late).max(0.0);
    let prob_abandon = prob_wait * (1.0 - answered_if_wait);
    let answered = 1.0 - prob_abandon;
    Ok(Staffing {
        agents: n,
        load_erlangs: load,
        occupancy: load * answered / f64::from(n),
        service_level: within.clamp(0.0, 1.0),
        prob_wait,
        prob_abandon,
        asa_seconds: prob_wait * tail.answered_wait * patience / answered,
    })
}

/// What callers get from `agents` under Erlang A, callers abandoning after a mean patience of
/// `patience_seconds`. Unlike Erlang C it has a steady state with fewer agents than the load.
pub fn erlang_a(
    queue: &LiveQueue,
    agents: u32,
    patience_seconds: f64,
    target_seconds: f64,
) -> Result<Staffing, Error> {
    queue.validate()?;
    positive("mean patience (seconds)", patience_seconds)?;
    non_negative("target seconds", target_seconds)?;
    let (n, ok) = (f64::from(agents), agents > 0 || queue.load_erlangs() == 0.0);
    require("agents", n, ok, "at least 1 when contacts arrive")?;
    erlang_a_raw(queue, agents, patience_seconds, target_seconds)
}

/// `agents_for` under Erlang A. n agents answer at most n/A of the contacts, so the search starts
/// at ⌊share·A⌋; service level rises with agents, so bisection up to the Erlang C count (or past
/// it, should that fall short) finds the smallest count.
pub fn agents_for_with_patience(
    queue: &LiveQueue,
    target: &ServiceTarget,
    max_occupancy: f64,
    patience_seconds: f64,
) -> Result<Staffing, Error> {
    positive("mean patience (seconds)", patience_seconds)?;
    let erlang_c = agents_for(queue, target, max_occupancy)?;
    let load = queue.load_erlangs();
    let at = |n: u32| erlang_a_raw(queue, n, patience_seconds, target.within_seconds);
    let meets = |s: &Staffing| s.service_level >= target.share && s.occupancy <= max_occupancy;
    let mut lo = ((target.share * load).floor() as u32).max(1);
    let mut hi = erlang_c.agents;
    let mut best = at(hi)?;
    let limit = search_limit(load, max_occupancy).saturating_mul(2);
    while !meets(&best) {
        (lo, hi) = (hi + 1, hi.saturating_add((hi / 2).max(1)));
        if hi > limit {
            return Err(StaffingError::NoStaffingFound { load, limit });
        }
        best = at(hi)?;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let s = at(mid)?;
        if meets(&s) {
            (hi, best) = (mid, s);
        } else {
            lo = mid + 1;
        }
    }
    Ok(best)
}

/// Paid FTE keeping `agents` on the queue: agents / (1 − shrinkage), unrounded (rosters round up).
pub fn fte_for_agents(agents: f64, shrinkage: f64) -> Result<f64, Error> {
    Ok(non_negative("agents", agents)? / (1.0 - shrinkage_ok(shrinkage)?))
}

/// FTE for deferred work: hours / (productive hours × occupancy × (1 − shrinkage)), where
/// `hours_per_week` is volume × handle time and occupancy the planned share of productive time
/// on the work (a backlog allows it near 1, a queue does not).
pub fn deferred_fte(
    hours_per_week: f64,
    productive_hours_per_fte: f64,
    occupancy: f64,
    shrinkage: f64,
) -> Result<f64, Error> {
    let hours = non_negative("workload hours per week", hours_per_week)?;
    let productive = positive("productive hours per FTE", productive_hours_per_fte)?;
    let on_work = occupancy_ok("occupancy", occupancy)? * (1.0 - shrinkage_ok(shrinkage)?);
    Ok(hours / (productive * on_work))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn assert_close(actual: f64, expected: f64, tolerance: f64) {
        let ok = (actual - expected).abs() <= tolerance;
        assert!(ok, "{actual} is not {expected} ± {tolerance}");
    }

    fn target(text: &str) -> ServiceTarget {
        ServiceTarget::parse(text).unwrap()
    }

    fn timed<T>(f: impl FnOnce() -> T) -> Duration {
        let started = Instant::now();
        std::hint::black_box(f());
        started.elapsed()
    }

    // Published figures 1: the README of the R package ErlangC 0.1.0 on CRAN,
    // https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html (the same example is on
    // https://rdocumentation.org/packages/ErlangC/versions/0.1.0): 100 calls per 30 minutes,
    // AHT 180 s, 20 s answer time. erlang_c(..., 14) prints traffic_intensity 10,
    // wait_probability 0.1741319, service_level 0.88835, average_speed_of_answer
    // "7.83593701177724s", occupancy 0.7142857; calculate_agents(80%, 20 s, max occupancy 0.85)
    // returns 14 agents, its `process` table starting at 11 agents with wait_probability
    // 0.6821182 and service_level 0.3896138. R prints 7 significant digits, hence ±5e-8.
    #[test]
    fn reproduces_the_cran_erlangc_readme() {
        let queue = LiveQueue::new(100.0, 1800.0, 180.0).unwrap();
        assert_close(queue.load_erlangs(), 10.0, 1e-12);
        let at14 = evaluate(&queue, 14, 20.0).unwrap();
        assert_close(at14.prob_wait, 0.1741319, 5e-8);
        assert_close(at14.service_level, 0.88835, 5e-8);
        assert_close(at14.asa_seconds, 7.83593701177724, 1e-12);
        assert_close(at14.occupancy, 0.7142857, 5e-8);
        assert_close(erlang_c(11, 10.0).unwrap(), 0.6821182, 5e-8);
        assert_close(
            service_level(11, 10.0, 180.0, 20.0).unwrap(),
            0.3896138,
            5e-8,
        );
        let staffing = agents_for(&queue, &target("80/20"), 0.85).unwrap();
        assert_eq!(staffing.agents, 14);
        assert!(
            service_level(13, 10.0, 180.0, 20.0).unwrap() < 0.8,
            "13 agents fall short"
        );
    }

    // Published figures 2: the README of the Python package call-center-tools on PyPI,
    // https://pypi.org/project/call-center-tools/ : 1000 calls per hour, AHT 120 s, maximum
    // occupancy 85%, 80% answered within 20 s, shrinkage 30% give traffic intensity 33.333
    // Erlangs, waiting probability 19.07%, immediate answer 80.93%, service level 93.72%,
    // average speed of answer 3.43 s, occupancy 83.33%, agents 40, agents + shrinkage 58.
    // Here the occupancy cap, not the service level, decides the count.
    #[test]
    fn reproduces_the_call_center_tools_readme() {
        let queue = LiveQueue::new(1000.0, 3600.0, 120.0).unwrap();
        assert_close(queue.load_erlangs(), 33.333, 5e-4);
        let s = agents_for(&queue, &target("80/20"), 0.85).unwrap();
        assert_eq!(s.agents, 40);
        assert_close(s.prob_wait, 0.1907, 5e-5);
        assert_close(1.0 - s.prob_wait, 0.8093, 5e-5);
        assert_close(s.service_level, 0.9372, 5e-5);
        assert_close(s.asa_seconds, 3.43, 5e-3);
        assert_close(s.occupancy, 0.8333, 5e-5);
        assert_eq!(fte_for_agents(40.0, 0.3).unwrap().ceil(), 58.0);
        let uncapped = agents_for(&queue, &target("80/20"), 1.0).unwrap();
        assert!(
            uncapped.agents < 40,
            "the 85% cap binds: {}",
            uncapped.agents
        );
    }

    // Published figures 3: the Erlang C calculator of http://personal.telefonica.terra.es/web/
    // vr/erlang/eng/mcerlc.htm : 600 calls an hour of 120 s are 20 Erlangs; a 15% target delay
    // probability needs 26 circuits (agents), "3 seconds per call" of average delay; 30
    // circuits cut the delay probability to 2.5%; 30 circuits at 15% carry 23.6 Erlangs. (Its
    // "2.5 sec/CCS" is the 15% target times 120 s / 6 spare agents, not the achieved 14.3%.)
    #[test]
    fn reproduces_the_telefonica_erlang_c_calculator() {
        let first = (21..40)
            .find(|&n| erlang_c(n, 20.0).unwrap() <= 0.15)
            .unwrap();
        assert_eq!(first, 26);
        assert_eq!(
            average_speed_of_answer(26, 20.0, 120.0).unwrap().round(),
            3.0
        );
        assert_close(erlang_c(30, 20.0).unwrap(), 0.025, 5e-4);
        assert!(erlang_c(30, 23.6).unwrap() <= 0.15 && erlang_c(30, 23.7).unwrap() > 0.15);
    }

    #[test]
    fn erlang_b_matches_hand_values_and_stays_bounded() {
        assert_close(erlang_b(1, 1.0).unwrap(), 0.5, 1e-15);
        assert_close(erlang_b(2, 1.0).unwrap(), 0.2, 1e-15); // (1/2)/(1 + 1 + 1/2)
        assert_eq!(erlang_b(0, 3.0).unwrap(), 1.0);
        assert_eq!(erlang_b(5, 0.0).unwrap(), 0.0);
        let big = erlang_b(2000, 2000.0).unwrap();
        assert!(big > 0.0 && big < 1.0 && big.is_finite());
        assert_eq!(
            erlang_c(10, 10.0).unwrap(),
            1.0,
            "no spare capacity: everyone waits"
        );
        assert_eq!(service_level(10, 12.0, 180.0, 20.0).unwrap(), 0.0);
        assert_eq!(
            average_speed_of_answer(10, 10.0, 180.0).unwrap(),
            f64::INFINITY
        );
    }

    #[test]
    fn service_level_rises_and_waits_fall_with_agents() {
        for load in [2.5_f64, 10.0, 50.0, 500.0] {
            let first = load.floor() as u32 + 1;
            let mut last = (0.0, 1.0, f64::INFINITY);
            for n in first..first + 80 {
                let sl = service_level(n, load, 300.0, 20.0).unwrap();
                let pw = erlang_c(n, load).unwrap();
                let asa = average_speed_of_answer(n, load, 300.0).unwrap();
                assert!(
                    sl >= last.0 && pw <= last.1 && asa <= last.2,
                    "load {load}, n {n}"
                );
                last = (sl, pw, asa);
            }
        }
    }

    #[test]
    fn freeing_30_percent_of_volume_frees_fewer_than_30_percent_of_agents() {
        // No occupancy cap: a binding cap makes staffing proportional to load (A/cap, rounded
        // up), which removes the economies of scale this property is about.
        for (calls, aht) in [
            (100.0, 180.0),
            (300.0, 300.0),
            (1000.0, 240.0),
            (12_000.0, 300.0),
        ] {
            let queue = LiveQueue::new(calls, 1800.0, aht).unwrap();
            let before = agents_for(&queue, &target("80/20"), 1.0).unwrap();
            let after = agents_for(&queue.after_automation(0.3).unwrap(), &target("80/20"), 1.0);
            let freed = 1.0 - f64::from(after.unwrap().agents) / f64::from(before.agents);
            assert!(
                freed > 0.0 && freed < 0.3,
                "{calls} calls, AHT {aht}: freed {freed}"
            );
        }
        let (before, after) = (
            deferred_fte(300.0, 37.5, 0.85, 0.3),
            deferred_fte(210.0, 37.5, 0.85, 0.3),
        );
        assert_close(after.unwrap() / before.unwrap(), 0.7, 1e-12); // backlogs scale linearly
    }

    #[test]
    fn two_thousand_erlangs_is_finite_and_fast() {
        let queue = LiveQueue::new(12_000.0, 1800.0, 300.0).unwrap();
        assert_close(queue.load_erlangs(), 2000.0, 1e-9);
        let s = agents_for(&queue, &target("80/20"), 1.0).unwrap();
        // The fastest of five runs, so a busy test machine's preemption cannot fail it.
        let fastest = (0..5)
            .map(|_| timed(|| agents_for(&queue, &target("80/20"), 1.0)))
            .min();
        assert!(fastest.unwrap() < Duration::from_millis(10), "{fastest:?}");
        assert!(s.agents > 2000 && s.agents < 2100, "{}", s.agents);
        assert!(s.service_level >= 0.8);
        let worse = evaluate(&queue, s.agents - 1, 20.0).unwrap();
        assert!(worse.service_level < 0.8, "the smallest such count");
        for v in [s.occupancy, s.prob_wait, s.asa_seconds] {
            assert!(v.is_finite() && v >= 0.0);
        }
        let huge = LiveQueue::new(1_000_000.0, 1800.0, 180.0).unwrap(); // 100,000 Erlangs
        assert!(agents_for(&huge, &target("90/10"), 1.0)
            .unwrap()
            .prob_wait
            .is_finite());
    }

    #[test]
    fn no_contacts_need_no_agents() {
        let queue = LiveQueue::new(0.0, 1800.0, 180.0).unwrap();
        let s = agents_for(&queue, &target("80/20"), 0.85).unwrap();
        assert_eq!((s.agents, s.service_level, s.prob_wait), (0, 1.0, 0.0));
        let all_automated = LiveQueue::new(50.0, 1800.0, 180.0)
            .unwrap()
            .after_automation(1.0);
        assert_eq!(all_automated.unwrap().load_erlangs(), 0.0);
    }

    #[test]
    fn parses_service_targets_in_the_forms_planners_write() {
        for (text, share, secs) in [
            ("80/20", 0.8, 20.0),
            ("0.8/20", 0.8, 20.0),
            ("80%/20s", 0.8, 20.0),
            (" 90 / 15 s ", 0.9, 15.0),
            ("85.5%/0", 0.855, 0.0),
            ("0.5%/60", 0.005, 60.0),
        ] {
            let t = target(text);
            assert_close(t.share, share, 1e-12);
            assert_close(t.within_seconds, secs, 1e-12);
        }
        assert_eq!(target("80/20").to_string(), "80/20");
        assert_eq!("90/15".parse::<ServiceTarget>().unwrap(), target("0.9/15"));
    }

    #[test]
    fn rejects_service_targets_out_of_range_with_a_clear_message() {
        for text in [
            "100/20", "1/20", "120/20", "0/20", "-80/20", "NaN/20", "80/-5", "80/inf",
        ] {
            let err = ServiceTarget::parse(text).unwrap_err();
            assert!(err.contains(text), "{err}");
        }
        for text in ["80", "abc/20", "80/abc", "80%/", "/20", ""] {
            assert!(ServiceTarget::parse(text)
                .unwrap_err()
                .contains("must look like 80/20"));
        }
        let err = ServiceTarget::parse("100/20").unwrap_err();
        assert!(err.contains("below 100%"), "{err}");
    }

    #[test]
    fn rejects_impossible_inputs() {
        assert!(LiveQueue::new(-1.0, 1800.0, 180.0).is_err());
        assert!(LiveQueue::new(f64::NAN, 1800.0, 180.0).is_err());
        assert!(LiveQueue::new(100.0, 0.0, 180.0).is_err());
        assert!(LiveQueue::new(100.0, 1800.0, -5.0).is_err());
        assert!(
            LiveQueue::new(1e12, 1800.0, 180.0).is_err(),
            "beyond any single queue"
        );
        let queue = LiveQueue::new(100.0, 1800.0, 180.0).unwrap();
        assert!(queue.after_automation(1.5).is_err());
        assert!(agents_for(&queue, &target("80/20"), 0.0).is_err());
        assert!(agents_for(&queue, &target("80/20"), 1.2).is_err());
        let bad_target = ServiceTarget {
            share: 1.0,
            within_seconds: 20.0,
        };
        assert!(agents_for(&queue, &bad_target, 0.85).is_err());
        assert!(erlang_c(10, -1.0).is_err() && erlang_b(10, f64::INFINITY).is_err());
        assert!(service_level(10, 5.0, 0.0, 20.0).is_err());
        let err = fte_for_agents(10.0, 1.0).unwrap_err();
        assert_eq!(err.to_string(), "shrinkage must be in [0, 1) (got 1)");
        assert!(deferred_fte(100.0, 37.5, 0.0, 0.3).is_err());
        assert!(deferred_fte(100.0, 0.0, 0.85, 0.3).is_err());
        assert!(erlang_a(&queue, 10, 0.0, 20.0).is_err());
        assert!(erlang_a(&queue, 0, 120.0, 20.0).is_err());
    }

    #[test]
    fn fte_formulas() {
        assert_close(fte_for_agents(14.0, 0.3).unwrap(), 20.0, 1e-12);
        let fte = deferred_fte(300.0, 37.5, 0.85, 0.3).unwrap();
        assert_close(fte, 300.0 / (37.5 * 0.85 * 0.7), 1e-12);
    }

    /// The Erlang A stationary distribution summed by brute force over a truncated state space
    /// (small enough that nothing overflows): P(wait) and, by Little's law and the abandonment
    /// rate θ per waiting caller, P(abandon) = θ·E[queue]/λ.
    fn brute_force_erlang_a(n: usize, lambda: f64, mu: f64, theta: f64) -> (f64, f64) {
        let mut p = vec![1.0_f64];
        for j in 1..400 {
            let rate_out = if j <= n {
                j as f64 * mu
            } else {
                n as f64 * mu + (j - n) as f64 * theta
            };
            p.push(p[j - 1] * lambda / rate_out);
        }
        let total: f64 = p.iter().sum();
        let wait: f64 = p[n..].iter().sum::<f64>() / total;
        let queue: f64 = p
            .iter()
            .enumerate()
            .skip(n)
            .map(|(j, q)| (j - n) as f64 * q)
            .sum();
        (wait, theta * queue / total / lambda)
    }

    #[test]
    fn erlang_a_matches_the_birth_death_chain() {
        // (agents, load, aht, patience): under-, critically and over-loaded.
        for (n, load, aht, patience) in [
            (5, 4.0, 100.0, 100.0),
            (10, 10.0, 180.0, 60.0),
            (3, 6.0, 300.0, 150.0),
        ] {
            let queue = LiveQueue::new(load * 1800.0 / aht, 1800.0, aht).unwrap();
            let s = erlang_a(&queue, n, patience, 20.0).unwrap();
            let (wait, abandon) =
                brute_force_erlang_a(n as usize, load / aht, 1.0 / aht, 1.0 / patience);
            assert_close(s.prob_wait, wait, 1e-12);
            assert_close(s.prob_abandon, abandon, 1e-12);
            let at_zero = erlang_a(&queue, n, patience, 0.0).unwrap();
            assert_close(at_zero.service_level, 1.0 - at_zero.prob_wait, 1e-12);
        }
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows() {
        let queue = LiveQueue::new(100.0, 1800.0, 180.0).unwrap();
        let (a, c) = (
            erlang_a(&queue, 14, 1e7, 20.0).unwrap(),
            evaluate(&queue, 14, 20.0).unwrap(),
        );
        assert_close(a.prob_wait, c.prob_wait, 1e-4);
        assert_close(a.service_level, c.service_level, 1e-4);
        assert_close(a.asa_seconds, c.asa_seconds, 1e-3);
        assert!(a.prob_abandon < 1e-5);
    }

    /// xorshift64*: a fixed-seed generator so the simulation below is deterministic.
    struct Rng(u64);

    impl Rng {
        fn exp(&mut self, mean: f64) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let bits = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
            -mean * ((bits as f64 + 0.5) / (1u64 << 53) as f64).ln()
        }
    }

    /// M/M/n+M first come, first served, simulated caller by caller: each caller takes the
    /// agent that frees first, unless that is later than their patience.
    fn simulate(n: usize, queue: &LiveQueue, patience: f64, t: f64, callers: usize) -> [f64; 4] {
        let (mut rng, mut free_at, mut now) = (Rng(0x9E37_79B9_7F4A_7C15), vec![0.0_f64; n], 0.0);
        let gap = queue.interval_seconds / queue.arrivals_per_interval;
        let [mut waited, mut abandoned, mut within, mut wait_sum] = [0.0_f64; 4];
        for _ in 0..callers {
            now += rng.exp(gap);
            let give_up = rng.exp(patience);
            let (agent, free) = free_at
                .iter()
                .copied()
                .enumerate()
                .fold((0, f64::INFINITY), |b, c| if c.1 < b.1 { c } else { b });
            let wait = (free - now).max(0.0);
            waited += f64::from(u8::from(wait > 0.0));
            if wait > give_up {
                abandoned += 1.0;
                continue;
            }
            within += f64::from(u8::from(wait <= t));
            wait_sum += wait;
            free_at[agent] = now + wait + rng.exp(queue.aht_seconds);
        }
        let total = callers as f64;
        [
            waited / total,
            abandoned / total,
            within / total,
            wait_sum / (total - abandoned),
        ]
    }

    #[test]
    fn erlang_a_matches_a_simulation() {
        for (n, calls, patience) in [(5, 72.0, 100.0), (12, 240.0, 60.0)] {
            let queue = LiveQueue::new(calls, 1800.0, 100.0).unwrap(); // 4 and 13.3 Erlangs
            let s = erlang_a(&queue, n, patience, 20.0).unwrap();
            let [wait, abandon, within, asa] =
                simulate(n as usize, &queue, patience, 20.0, 1_000_000);
            assert_close(s.prob_wait, wait, 0.006);
            assert_close(s.prob_abandon, abandon, 0.004);
            assert_close(s.service_level, within, 0.006);
            assert_close(s.asa_seconds, asa, 0.04 * asa);
        }
    }

    #[test]
    fn erlang_a_staffing_is_the_smallest_count_and_rises_with_agents() {
        let queue = LiveQueue::new(100.0, 1800.0, 180.0).unwrap();
        let goal = target("80/20");
        let s = agents_for_with_patience(&queue, &goal, 0.85, 120.0).unwrap();
        assert!(s.service_level >= 0.8 && s.agents <= 14, "{s:?}");
        let fewer = erlang_a(&queue, s.agents - 1, 120.0, 20.0).unwrap();
        assert!(fewer.service_level < 0.8 || fewer.occupancy > 0.85);
        let mut last = 0.0;
        for n in 1..40 {
            let sl = erlang_a(&queue, n, 120.0, 20.0).unwrap().service_level;
            assert!(sl >= last, "n {n}: {sl} < {last}");
            last = sl;
        }
    }

    #[test]
    fn erlang_a_handles_two_thousand_erlangs() {
        let queue = LiveQueue::new(12_000.0, 1800.0, 300.0).unwrap();
        let s = agents_for_with_patience(&queue, &target("80/20"), 1.0, 120.0).unwrap();
        let run = || agents_for_with_patience(&queue, &target("80/20"), 1.0, 120.0);
        let fastest = (0..3).map(|_| timed(run)).min().unwrap();
        assert!(fastest < Duration::from_millis(200), "{fastest:?}");
        // Callers with a 2-minute mean patience on 5-minute calls abandon fast: 80% within 20 s
        // is met below the load, at a price in abandonment the result reports.
        assert!(
            s.service_level >= 0.8 && s.agents < 2100 && s.prob_abandon > 0.0,
            "{s:?}"
        );
        let fewer = erlang_a(&queue, s.agents - 1, 120.0, 20.0).unwrap();
        assert!(fewer.service_level < 0.8);
        for v in [
            s.service_level,
            s.prob_wait,
            s.prob_abandon,
            s.asa_seconds,
            s.occupancy,
        ] {
            assert!(v.is_finite() && v >= 0.0, "{s:?}");
        }
        let overloaded = erlang_a(&queue, 1000, 120.0, 20.0).unwrap(); // half the load
        assert!(overloaded.prob_abandon > 0.45 && overloaded.occupancy <= 1.0 + 1e-9);
    }
}
