//! How much of the automatable work is actually automated, per class, and how fast it gets
//! there (README, "What automation does to staffing").
//!
//! A task's automatability says how much of it AI, chatbots or RPA *could* take over; a rate
//! says how much of that an organisation *does* take over. Automate work (rule-based, repetitive
//! contacts and data handling) is replaced step by step by bots and RPA and moves fastest; augment
//! work changes only as people change how they work with AI, so it moves slower; retained work
//! (judgment, empathy, high stakes) barely moves. The presets are our assumptions, stated so
//! they can be argued with; `--automation-rate` gives one rate to every class instead.

use crate::score::Class;
use serde::Serialize;

/// The share of each class's automatable hours that is automated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rates {
    pub automate: f64,
    pub augment: f64,
    pub retain: f64,
}

impl Rates {
    /// One rate for every class (`--automation-rate`).
    pub fn uniform(rate: f64) -> Rates {
        Rates {
            automate: rate,
            augment: rate,
            retain: rate,
        }
    }

    pub fn of(&self, class: Class) -> f64 {
        match class {
            Class::Automate => self.automate,
            Class::Augment => self.augment,
            Class::Retain => self.retain,
        }
    }

    /// The rates once `adoption` (0-1) of the way there.
    pub fn scaled(&self, adoption: f64) -> Rates {
        Rates {
            automate: self.automate * adoption,
            augment: self.augment * adoption,
            retain: self.retain * adoption,
        }
    }
}

/// Named adoption scenarios (`--adoption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Automate 25%, augment 10%, retain 0% of the automatable hours: pilots on the most
    /// routine contacts, most work as it is.
    Conservative,
    /// Automate 50%, augment 25%, retain 5%: bots and RPA across the routine queues, AI
    /// assistants in everyday use.
    Moderate,
    /// Automate 80%, augment 50%, retain 10%: everything routine that can go does.
    Bold,
}

impl Preset {
    pub fn rates(self) -> Rates {
        let (automate, augment, retain) = match self {
            Preset::Conservative => (0.25, 0.10, 0.0),
            Preset::Moderate => (0.50, 0.25, 0.05),
            Preset::Bold => (0.80, 0.50, 0.10),
        };
        Rates {
            automate,
            augment,
            retain,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::Conservative => "conservative",
            Preset::Moderate => "moderate",
            Preset::Bold => "bold",
        }
    }
}

/// Steepness of the S-curve times the horizon: adoption goes from 0.7% to 99.3% of the way
/// between its raw ends, so the curve is close to flat at both.
const STEEPNESS: f64 = 10.0;

/// The share of the way to the target rates reached `month` months into a `horizon`: a logistic
/// S-curve (slow pilots, a fast roll-out, a plateau, as technologies diffuse) centred on half
/// the horizon and rescaled to run from exactly 0 at month 0 to exactly 1 at the horizon.
pub fn adoption_at(month: f64, horizon: f64) -> f64 {
    if horizon <= 0.0 {
        return 1.0;
    }
    let s = |t: f64| 1.0 / (1.0 + (-STEEPNESS / horizon * (t - horizon / 2.0)).exp());
    let t = month.clamp(0.0, horizon);
    (s(t) - s(0.0)) / (s(horizon) - s(0.0))
}

/// The months at which each quarter of the horizon ends: 3, 6, ... and the horizon itself.
pub fn quarter_ends(horizon: u32) -> Vec<u32> {
    let mut ends: Vec<u32> = (1..=horizon / 3).map(|q| q * 3).collect();
    if horizon % 3 != 0 {
        ends.push(horizon);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s_curve_runs_from_nothing_to_everything_through_half_at_mid_horizon() {
        assert_eq!(adoption_at(0.0, 24.0), 0.0);
        assert!((adoption_at(24.0, 24.0) - 1.0).abs() < 1e-12);
        assert!((adoption_at(12.0, 24.0) - 0.5).abs() < 1e-12);
        assert!(adoption_at(3.0, 24.0) < 0.1, "slow pilots");
        let mut last = 0.0;
        for m in 1..=24 {
            let a = adoption_at(f64::from(m), 24.0);
            assert!(a > last);
            last = a;
        }
    }

    #[test]
    fn quarters_end_every_three_months_and_at_the_horizon() {
        assert_eq!(quarter_ends(12), vec![3, 6, 9, 12]);
        assert_eq!(quarter_ends(8), vec![3, 6, 8]);
        assert_eq!(quarter_ends(2), vec![2]);
    }

    #[test]
    fn automate_work_moves_fastest_in_every_preset() {
        for p in [Preset::Conservative, Preset::Moderate, Preset::Bold] {
            let r = p.rates();
            assert!(r.automate > r.augment && r.augment > r.retain || r.retain == 0.0);
        }
    }
}
