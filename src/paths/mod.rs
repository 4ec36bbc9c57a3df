//! Upskilling paths (ARCHITECTURE section 6): from each role's exposure to concrete target roles and a
//! 6-12 month plan. Pure functions over the scored tasks and the catalog; nothing here reads
//! files or prints.
//!
//! 1. **Skill profile.** A role practises a catalog skill in the hours it keeps (tasks classed
//!    retain or augment) that show one of the skill's traits: skill hours = Σ hours × the
//!    strongest evidence of those traits in the task. The skill's *level* is those hours as a
//!    share of the role's week, and its *credit* is `min(1, level / practised)`: a skill counts
//!    as practised from [`PRACTISED_SHARE`] of the week (about two hours of forty). A skill with
//!    `cues` counts only tasks whose text names one of them (a broad trait such as `ai_oversight`
//!    covers both bot design and escalation handling).
//! 2. **Fit** of a target is the mean credit over the target's skills: the share of what the
//!    target needs that the role already does. **Gaps** are the target's skills below full
//!    credit, ordered as the catalog's layers (tools, business, practice, communication); when
//!    fewer than [`MIN_GAPS`] are missing, the target's least practised skills are added to
//!    deepen (status `deepen`, never counted as missing).
//! 3. **Ranking**: score = [`FIT_WEIGHT`] × fit + [`GROWTH_WEIGHT`] × growth. Growth comes from
//!    the catalog outlook ([`growth_of`]). An internal role takes the outlook of the catalog
//!    target it is named after, or steady (the seeds say nothing of its growth), times the share
//!    of its own hours that stay with people (1 − exposure): automating part of its work shrinks
//!    the demand for it too. Ties go by name.
//! 4. **Internal moves**: the organisation's own roles whose exposure is at least
//!    [`MIN_EXPOSURE_DROP`] lower and whose practised skills the role already covers to at
//!    least [`MIN_OVERLAP`]; the people in them are the mentors. An internal role named after a
//!    catalog target (name or alias) and that target are one destination: the better-scoring
//!    one is kept. The top [`TOP_PATHS`] catalog paths are listed, then up to [`INTERNAL_MOVES`]
//!    internal moves beside them.
//! 5. **Plan**: [`BASE_MONTHS`] plus [`MONTHS_PER_GAP`] per missing skill (a partly practised
//!    skill counts for what is missing), clamped to [`MIN_MONTHS`]..=[`MAX_MONTHS`]; one phase per
//!    layer with gaps, sized by its gaps, then a last month that turns the projects into a
//!    portfolio.
//!
//! A role in band low is advised to strengthen what it does, not to leave: its paths add skills
//! to the role, its own catalog profile first when it has one (so does a role in band medium,
//! advised to adapt; a role in band high is not offered its own profile).
//!
//! This module holds the public types and [`for_roles`]; the steps live in `profile` (1),
//! `candidates` (2-4), `plan` (5) and `mentors`. Everything here is data: the words a user reads
//! (summaries, mentors, percentages) are written by `report::paths`.

mod candidates;
pub mod catalog;
mod index;
mod mentors;
mod plan;
mod profile;

pub use catalog::{Catalog, Outlook, Seed};
pub use plan::months_for;

use crate::score::{AssessedTask, Band, RoleExposure};
use crate::taxonomy::Taxonomy;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Share of the working week in a skill from which it counts as practised (2 h of 40).
pub const PRACTISED_SHARE: f64 = 0.05;
/// How much lower an internal role's exposure must be to count as a move ("clearly lower").
pub const MIN_EXPOSURE_DROP: f64 = 0.20;
/// Least fit (overlap of skills) an internal role needs to be offered as a move.
pub const MIN_OVERLAP: f64 = 0.25;
/// Catalog layers every internal move asks for besides what its people practise: the key
/// skills in demand (seed 000) and communication (seed 002's three-layer stack).
pub const EVERY_ROLE_LAYERS: [&str; 2] = ["key", "communication"];

/// How many internal moves are listed after the catalog's paths, at most.
pub const INTERNAL_MOVES: usize = 2;

/// How many catalog paths each role gets (internal moves come beside them).
pub const TOP_PATHS: usize = 3;
/// Weight of fit in a path's score: what the worker already does counts most.
pub const FIT_WEIGHT: f64 = 0.7;
/// Weight of growth in a path's score.
pub const GROWTH_WEIGHT: f64 = 0.3;
/// Plan length bounds, in months (the seeds' "6–12 month learning journeys").
pub const MIN_MONTHS: u32 = 6;
pub const MAX_MONTHS: u32 = 12;
/// Months every plan starts from, and the months each missing skill adds.
pub const BASE_MONTHS: f64 = 4.0;
pub const MONTHS_PER_GAP: f64 = 1.0;
/// Every path lists at least this many skills to work on; when fewer are missing, the weakest
/// practised skills of the target are added to deepen.
pub const MIN_GAPS: usize = 3;

/// Growth of a catalog outlook, for ranking.
pub fn growth_of(outlook: Outlook) -> f64 {
    match outlook {
        Outlook::Growing => 1.0,
        Outlook::Steady => 0.6,
        Outlook::Shrinking => 0.2,
    }
}

/// The thresholds of path finding; each defaults to its named constant and has a flag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub practised: f64,
    pub min_drop: f64,
    pub min_overlap: f64,
    pub top: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            practised: PRACTISED_SHARE,
            min_drop: MIN_EXPOSURE_DROP,
            min_overlap: MIN_OVERLAP,
            top: TOP_PATHS,
        }
    }
}

/// What a role is advised to do, from its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Advice {
    /// Band high: most of the work is going to automation; prepare a move.
    Move,
    /// Band medium: shift time toward the work that stays with people.
    Adapt,
    /// Band low: not highly exposed; strengthen the role rather than leave it.
    Strengthen,
}

impl Advice {
    pub fn of(band: Band) -> Advice {
        match band {
            Band::High => Advice::Move,
            Band::Medium => Advice::Adapt,
            Band::Low => Advice::Strengthen,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Advice::Move => "move",
            Advice::Adapt => "adapt",
            Advice::Strengthen => "strengthen",
        }
    }
}

/// Where a path leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum PathKind {
    /// A target role of the catalog.
    Catalog,
    /// One of the organisation's own roles.
    Internal,
}

impl PathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Catalog => "catalog",
            PathKind::Internal => "internal",
        }
    }
}

/// How far a skill to work on is from practised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapStatus {
    /// Not practised at all in the hours the role keeps.
    New,
    /// Practised, but less than the practised threshold.
    Partial,
    /// Already practised; listed to deepen because few skills are missing.
    Deepen,
}

impl GapStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GapStatus::New => "new",
            GapStatus::Partial => "partial",
            GapStatus::Deepen => "deepen",
        }
    }
}

/// A catalog skill as one role practises it.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillLevel {
    pub id: String,
    pub label: String,
    pub layer: String,
    pub layer_label: String,
    /// Hours per week of kept work that exercise the skill (hours × evidence).
    pub hours: f64,
    /// `hours` as a share of the role's week.
    pub level: f64,
    /// `min(1, level / practised)`.
    pub credit: f64,
}

/// A skill to work on along a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub skill: SkillLevel,
    pub status: GapStatus,
}

/// A hands-on project as a plan shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRef {
    pub id: String,
    pub title: String,
    pub tool: String,
    /// The figure to record before and after.
    pub measure: String,
}

/// Whom to seek as a mentor. The render layer says it in words (`report::paths`).
#[derive(Debug, Clone, PartialEq)]
pub enum Mentor {
    /// The people of the organisation's role the path leads to (or named after its target).
    InRole { role: String, people: Option<f64> },
    /// The organisation's role that practises most of a phase's skills, with the labels of
    /// those it practises, in the phase's order.
    Practitioner {
        role: String,
        people: Option<f64>,
        skills: Vec<String>,
    },
    /// The catalog target's suggestion, verbatim; empty when the path has no catalog target.
    Suggested(String),
}

impl Mentor {
    /// The organisation's role whose people practise the skills, if there is one.
    pub fn role(&self) -> Option<&str> {
        match self {
            Mentor::InRole { role, .. } | Mentor::Practitioner { role, .. } => Some(role),
            Mentor::Suggested(_) => None,
        }
    }

    /// The headcount of that role, when known.
    pub fn people(&self) -> Option<f64> {
        match self {
            Mentor::InRole { people, .. } | Mentor::Practitioner { people, .. } => *people,
            Mentor::Suggested(_) => None,
        }
    }
}

/// What a path's summary says. The render layer says it in words (`report::paths`).
#[derive(Debug, Clone, PartialEq)]
pub enum Summary {
    /// The catalog target's summary, verbatim.
    Catalog(String),
    /// An internal move with no catalog summary: the share of hours exposed there and here.
    Exposures { target: f64, own: f64 },
    /// Nothing to say.
    None,
}

/// One learning step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The skill it builds (none for the portfolio phase).
    pub skill: Option<String>,
    pub text: String,
}

/// A phase of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub number: usize,
    pub title: String,
    /// The skill layer it teaches (none for the portfolio phase).
    pub layer: Option<String>,
    /// Month numbers, consecutive, starting at 1 for the first phase.
    pub months: Vec<u32>,
    pub steps: Vec<Step>,
    pub project: ProjectRef,
    pub mentor: Mentor,
    /// The before-and-after figure to record for the portfolio.
    pub record: String,
}

/// A month-by-month plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub months: u32,
    pub phases: Vec<Phase>,
}

/// One upskilling path of one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// 1-based position in the role's list.
    pub rank: usize,
    pub target: String,
    /// The catalog target it is, or stands for (an internal role with a catalog name).
    pub target_id: Option<String>,
    pub kind: PathKind,
    pub advice: Advice,
    /// The target is the role itself (a low or medium role strengthening in place).
    pub same_role: bool,
    pub fit: f64,
    pub growth: f64,
    pub score: f64,
    pub outlook: Option<Outlook>,
    pub summary: Summary,
    pub seed: Option<Seed>,
    /// Internal moves: the target role's exposure and headcount.
    pub exposure: Option<f64>,
    pub people: Option<f64>,
    /// The target's skills the role already practises.
    pub practised: Vec<SkillLevel>,
    pub gaps: Vec<Gap>,
    pub plan: Plan,
    /// The projects of the plan, in the order they come.
    pub portfolio: Vec<ProjectRef>,
}

/// The paths of one role.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePaths {
    pub role: String,
    pub exposure: f64,
    pub band: Band,
    pub advice: Advice,
    /// Catalog skills the role shows any practice of, most practised first.
    pub skills: Vec<SkillLevel>,
    pub paths: Vec<Path>,
}

/// Paths for every role, with the catalog and thresholds they came from.
#[derive(Debug, Clone)]
pub struct Paths {
    pub catalog: Catalog,
    pub thresholds: Thresholds,
    /// In the order of the analysis' roles.
    pub roles: Vec<RolePaths>,
}

impl Paths {
    pub fn of_role(&self, role: &str) -> Option<&RolePaths> {
        self.roles.iter().find(|r| r.role == role)
    }
}

/// Paths for every role of an analysis. `roles` are in output order; `tasks` hold every task.
pub fn for_roles(
    taxonomy: &Taxonomy,
    roles: &[RoleExposure],
    tasks: &[AssessedTask],
    catalog: &Catalog,
    th: &Thresholds,
) -> Paths {
    let mut own: HashMap<&str, Vec<&AssessedTask>> = HashMap::new();
    for t in tasks {
        own.entry(t.record.role.as_str()).or_default().push(t);
    }
    // Each role's profile and paths are its own work: on every core.
    let org: Vec<profile::OrgRole> = roles
        .par_iter()
        .map(|r| {
            let own = own.get(r.info.role.as_str()).map_or(&[][..], Vec::as_slice);
            profile::OrgRole::of(r, taxonomy, catalog, own, th)
        })
        .collect();
    let index = index::OrgIndex::new(org, catalog);
    let roles = (0..index.org.len())
        .into_par_iter()
        .map(|i| candidates::role_paths(i, &index, catalog, th))
        .collect();
    Paths {
        catalog: catalog.clone(),
        thresholds: *th,
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_follows_the_band() {
        assert_eq!(Advice::of(Band::High), Advice::Move);
        assert_eq!(Advice::of(Band::Low), Advice::Strengthen);
    }
}
