//! Upskilling paths (DESIGN section 6): from each role's exposure to concrete target roles and a
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

pub mod catalog;

pub use catalog::{Catalog, Outlook, Seed};

use crate::score::{AssessedTask, Band, Class, RoleExposure};
use crate::taxonomy::{Taxonomy, MAX_GAP};
use serde::Serialize;

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

/// Whom to seek as a mentor.
#[derive(Debug, Clone, PartialEq)]
pub struct Mentor {
    /// The organisation's role whose people practise the skills, if there is one.
    pub role: Option<String>,
    pub people: Option<f64>,
    /// Plain words: "the 18 people in Escalation Specialist", or the catalog's suggestion.
    pub who: String,
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
    pub summary: String,
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

/// A role's practice of every catalog skill (hours per week and share of the week).
struct Profile {
    hours: Vec<f64>,
    level: Vec<f64>,
}

fn profile(taxonomy: &Taxonomy, catalog: &Catalog, tasks: &[&AssessedTask]) -> Profile {
    let total: f64 = tasks.iter().map(|t| t.record.hours_per_week).sum();
    let mut hours = vec![0.0; catalog.skills.len()];
    let mut level = vec![0.0; catalog.skills.len()];
    for t in tasks
        .iter()
        .filter(|t| t.assessment.class != Class::Automate)
    {
        let h = t.record.hours_per_week;
        let share = if total > 0.0 {
            h / total
        } else {
            1.0 / tasks.len() as f64
        };
        let words = taxonomy.words(&t.record.task);
        for (si, s) in catalog.skills.iter().enumerate() {
            if !s.cues.is_empty() && !s.cues.iter().any(|c| holds(&words, c)) {
                continue;
            }
            let e = t
                .traits
                .iter()
                .filter(|e| s.traits.contains(&e.id))
                .map(|e| e.evidence)
                .fold(0.0, f64::max);
            hours[si] += h * e;
            level[si] += share * e;
        }
    }
    Profile { hours, level }
}

/// True when `phrase` occurs in `words` in order, with at most [`MAX_GAP`] words between
/// neighbours (as taxonomy phrases match).
fn holds(words: &[String], phrase: &[String]) -> bool {
    (0..words.len()).any(|start| {
        if words[start] != phrase[0] {
            return false;
        }
        let mut pos = start;
        phrase[1..].iter().all(|w| {
            let end = (pos + 2 + MAX_GAP).min(words.len());
            match ((pos + 1)..end).find(|&i| &words[i] == w) {
                Some(i) => {
                    pos = i;
                    true
                }
                None => false,
            }
        })
    })
}

fn credit(level: f64, th: &Thresholds) -> f64 {
    if th.practised <= 0.0 {
        return if level > 0.0 { 1.0 } else { 0.0 };
    }
    (level / th.practised).min(1.0)
}

fn skill_level(catalog: &Catalog, p: &Profile, si: usize, th: &Thresholds) -> SkillLevel {
    let s = &catalog.skills[si];
    let layer = &catalog.layers[s.layer];
    SkillLevel {
        id: s.id.clone(),
        label: s.label.clone(),
        layer: layer.id.clone(),
        layer_label: layer.label.clone(),
        hours: p.hours[si],
        level: p.level[si],
        credit: credit(p.level[si], th),
    }
}

/// One role of the organisation with what path finding needs of it.
struct OrgRole<'a> {
    role: &'a RoleExposure,
    profile: Profile,
    /// Skills it practises (credit 1), in catalog order.
    practised: Vec<usize>,
}

/// A path before its plan is laid out.
struct Candidate {
    target: String,
    target_id: Option<usize>,
    kind: PathKind,
    same_role: bool,
    skills: Vec<usize>,
    fit: f64,
    growth: f64,
    score: f64,
    /// The organisation's role it leads to (internal moves).
    org: Option<usize>,
}

/// Paths for every role of an analysis. `roles` are in output order; `tasks` hold every task.
pub fn for_roles(
    taxonomy: &Taxonomy,
    roles: &[RoleExposure],
    tasks: &[AssessedTask],
    catalog: &Catalog,
    th: &Thresholds,
) -> Paths {
    let org: Vec<OrgRole> = roles
        .iter()
        .map(|r| {
            let own: Vec<&AssessedTask> = tasks
                .iter()
                .filter(|t| t.record.role == r.info.role)
                .collect();
            let profile = profile(taxonomy, catalog, &own);
            let practised = (0..catalog.skills.len())
                .filter(|&si| credit(profile.level[si], th) >= 1.0 && profile.level[si] > 0.0)
                .collect();
            OrgRole {
                role: r,
                profile,
                practised,
            }
        })
        .collect();
    let roles = (0..org.len())
        .map(|i| role_paths(i, &org, catalog, th))
        .collect();
    Paths {
        catalog: catalog.clone(),
        thresholds: *th,
        roles,
    }
}

fn role_paths(me: usize, org: &[OrgRole], catalog: &Catalog, th: &Thresholds) -> RolePaths {
    let this = &org[me];
    let advice = Advice::of(this.role.band);
    let fit_of = |skills: &[usize]| {
        if skills.is_empty() {
            return 0.0;
        }
        skills
            .iter()
            .map(|&s| credit(this.profile.level[s], th))
            .sum::<f64>()
            / skills.len() as f64
    };
    let score_of = |fit: f64, growth: f64| FIT_WEIGHT * fit + GROWTH_WEIGHT * growth;

    let mut candidates: Vec<Candidate> = Vec::new();
    for (oi, other) in org.iter().enumerate() {
        if oi == me || other.practised.is_empty() {
            continue;
        }
        if other.role.exposure > this.role.exposure - th.min_drop {
            continue;
        }
        if fit_of(&other.practised) < th.min_overlap {
            continue;
        }
        // What the people there practise, plus what the seeds ask of every role that grows
        // alongside AI: the key skills in demand and communication, the layer that makes "a
        // bridge between business needs and technical capabilities".
        let mut skills = other.practised.clone();
        skills.extend((0..catalog.skills.len()).filter(|si| {
            EVERY_ROLE_LAYERS.contains(&catalog.layers[catalog.skills[*si].layer].id.as_str())
                && !other.practised.contains(si)
        }));
        let fit = fit_of(&skills);
        let named = catalog.target_named(&other.role.info.role);
        let outlook = named
            .map(|ti| catalog.targets[ti].outlook)
            .unwrap_or(Outlook::Steady);
        let growth = growth_of(outlook) * (1.0 - other.role.exposure).clamp(0.0, 1.0);
        candidates.push(Candidate {
            target: other.role.info.role.clone(),
            target_id: named,
            kind: PathKind::Internal,
            same_role: false,
            skills,
            fit,
            growth,
            score: score_of(fit, growth),
            org: Some(oi),
        });
    }
    let own_target = catalog.target_named(&this.role.info.role);
    for (ti, t) in catalog.targets.iter().enumerate() {
        let same_role = own_target == Some(ti);
        if same_role && advice == Advice::Move {
            continue;
        }
        let fit = fit_of(&t.skills);
        let growth = growth_of(t.outlook);
        candidates.push(Candidate {
            target: t.name.clone(),
            target_id: Some(ti),
            kind: PathKind::Catalog,
            same_role,
            skills: t.skills.clone(),
            fit,
            growth,
            score: score_of(fit, growth),
            org: None,
        });
    }
    // A role that is not highly exposed strengthens in place first: its own catalog profile
    // leads, then the other targets by score.
    candidates.sort_by(|a, b| {
        b.same_role
            .cmp(&a.same_role)
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a.target.cmp(&b.target))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    // An internal role named after a catalog target and that target are one destination: keep
    // the better-scoring of the two.
    let mut seen: Vec<usize> = Vec::new();
    candidates.retain(|c| match c.target_id {
        Some(ti) if seen.contains(&ti) => false,
        Some(ti) => {
            seen.push(ti);
            true
        }
        None => true,
    });
    // Internal moves are offered beside the catalog's roles, not instead of them: the top
    // catalog paths first, then the best internal moves.
    let (internal, from_catalog): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|c| c.kind == PathKind::Internal);
    let mut chosen: Vec<Candidate> = from_catalog.into_iter().take(th.top).collect();
    chosen.extend(internal.into_iter().take(INTERNAL_MOVES.min(th.top)));
    let paths = chosen
        .into_iter()
        .enumerate()
        .map(|(i, c)| build_path(i + 1, c, me, org, catalog, th, advice))
        .collect();

    let mut skills: Vec<SkillLevel> = (0..catalog.skills.len())
        .filter(|&si| this.profile.level[si] > 0.0)
        .map(|si| skill_level(catalog, &this.profile, si, th))
        .collect();
    skills.sort_by(|a, b| b.level.total_cmp(&a.level));
    RolePaths {
        role: this.role.info.role.clone(),
        exposure: this.role.exposure,
        band: this.role.band,
        advice,
        skills,
        paths,
    }
}

fn build_path(
    rank: usize,
    c: Candidate,
    me: usize,
    org: &[OrgRole],
    catalog: &Catalog,
    th: &Thresholds,
    advice: Advice,
) -> Path {
    let this = &org[me];
    let target = c.target_id.map(|ti| &catalog.targets[ti]);
    let levels: Vec<SkillLevel> = c
        .skills
        .iter()
        .map(|&s| skill_level(catalog, &this.profile, s, th))
        .collect();
    let gaps = gaps_of(catalog, &c.skills, &levels);
    let practised: Vec<SkillLevel> = levels.iter().filter(|l| l.credit >= 1.0).cloned().collect();

    // Projects to choose from: the target's own, or the catalog's that best cover the gaps.
    let candidates: Vec<usize> = match target {
        Some(t) => t.projects.clone(),
        None => {
            let gap_skills: Vec<usize> = gaps
                .iter()
                .filter_map(|g| catalog.skill_index(&g.skill.id))
                .collect();
            let mut all: Vec<(usize, usize)> = catalog
                .projects
                .iter()
                .enumerate()
                .map(|(pi, p)| {
                    (
                        p.skills.iter().filter(|s| gap_skills.contains(s)).count(),
                        pi,
                    )
                })
                .collect();
            all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let useful: Vec<usize> = all
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|&(_, pi)| pi)
                .collect();
            if useful.is_empty() {
                all.into_iter().take(1).map(|(_, pi)| pi).collect()
            } else {
                useful
            }
        }
    };
    // Mentors: the people already in the target role mentor every phase (the internal role
    // itself, or a role here named after the catalog target); otherwise whoever here practises
    // most of a phase's skills; otherwise the catalog's suggestion.
    let in_role: Option<Mentor> = match c.org {
        Some(oi) => Some(mentor_in(&org[oi])),
        None => c.target_id.and_then(|ti| {
            org.iter()
                .enumerate()
                .find(|(oi, o)| *oi != me && catalog.target_named(&o.role.info.role) == Some(ti))
                .map(|(_, o)| mentor_in(o))
        }),
    };
    let fallback = || Mentor {
        role: None,
        people: None,
        who: target.map(|t| t.mentor.clone()).unwrap_or_default(),
    };
    let mentor_for = |skills: &[usize]| {
        in_role
            .clone()
            .or_else(|| best_practitioner(org, me, skills, catalog))
            .unwrap_or_else(fallback)
    };
    let plan = plan_of(
        catalog,
        &c.skills,
        &gaps,
        &candidates,
        mentor_for,
        mentor_for(&c.skills),
    );
    let mut portfolio: Vec<ProjectRef> = Vec::new();
    for ph in &plan.phases {
        if !portfolio.iter().any(|p| p.id == ph.project.id) {
            portfolio.push(ph.project.clone());
        }
    }
    let (summary, seed, outlook) = match target {
        Some(t) => (
            t.summary.clone(),
            Some(t.seed.clone()),
            (c.kind == PathKind::Catalog).then_some(t.outlook),
        ),
        None => (String::new(), None, None),
    };
    let summary = match c.org {
        Some(oi) if summary.is_empty() => format!(
            "A role in this organisation where about {}% of the hours are exposed to automation, against {}% in this one.",
            (org[oi].role.exposure * 100.0).round(),
            (this.role.exposure * 100.0).round()
        ),
        _ => summary,
    };
    Path {
        rank,
        target: c.target,
        target_id: c.target_id.map(|ti| catalog.targets[ti].id.clone()),
        kind: c.kind,
        advice,
        same_role: c.same_role,
        fit: c.fit,
        growth: c.growth,
        score: c.score,
        outlook,
        summary,
        seed,
        exposure: c.org.map(|oi| org[oi].role.exposure),
        people: c.org.and_then(|oi| org[oi].role.info.headcount),
        practised,
        gaps,
        plan,
        portfolio,
    }
}

/// The target's skills below full credit, then (when fewer than [`MIN_GAPS`]) its weakest
/// practised ones to deepen; in layer order, least practised first.
fn gaps_of(catalog: &Catalog, skills: &[usize], levels: &[SkillLevel]) -> Vec<Gap> {
    let mut gaps: Vec<(usize, Gap)> = Vec::new();
    for (&si, l) in skills.iter().zip(levels) {
        if l.credit < 1.0 {
            let status = if l.level > 0.0 {
                GapStatus::Partial
            } else {
                GapStatus::New
            };
            gaps.push((
                si,
                Gap {
                    skill: l.clone(),
                    status,
                },
            ));
        }
    }
    if gaps.len() < MIN_GAPS {
        let mut strong: Vec<(usize, &SkillLevel)> = skills
            .iter()
            .copied()
            .zip(levels)
            .filter(|(_, l)| l.credit >= 1.0)
            .collect();
        strong.sort_by(|a, b| a.1.level.total_cmp(&b.1.level).then_with(|| a.0.cmp(&b.0)));
        for (si, l) in strong.into_iter().take(MIN_GAPS - gaps.len()) {
            gaps.push((
                si,
                Gap {
                    skill: l.clone(),
                    status: GapStatus::Deepen,
                },
            ));
        }
    }
    gaps.sort_by(|(a, ga), (b, gb)| {
        catalog.skills[*a]
            .layer
            .cmp(&catalog.skills[*b].layer)
            .then_with(|| ga.skill.credit.total_cmp(&gb.skill.credit))
            .then_with(|| a.cmp(b))
    });
    gaps.into_iter().map(|(_, g)| g).collect()
}

/// How much is missing along a path, in skills (a partly practised skill counts for its part).
fn missing(gaps: &[Gap]) -> f64 {
    gaps.iter().map(|g| 1.0 - g.skill.credit).sum()
}

/// Plan length: more missing skills, longer plan; always 6-12 months.
pub fn months_for(missing: f64) -> u32 {
    let raw = (BASE_MONTHS + MONTHS_PER_GAP * missing - 1e-9)
        .ceil()
        .max(0.0) as u32;
    raw.clamp(MIN_MONTHS, MAX_MONTHS)
}

/// Splits `total` months over phases by weight: one month each, the rest by largest remainder
/// (ties to the earlier phase); equal weights when all are zero.
fn allot(total: u32, weights: &[f64]) -> Vec<u32> {
    let n = weights.len() as u32;
    let mut out = vec![1u32; weights.len()];
    let extra = total.saturating_sub(n);
    let sum: f64 = weights.iter().sum();
    let w: Vec<f64> = if sum > 0.0 {
        weights.to_vec()
    } else {
        vec![1.0; weights.len()]
    };
    let sum: f64 = w.iter().sum();
    let quotas: Vec<f64> = w.iter().map(|x| extra as f64 * x / sum).collect();
    let mut given = 0u32;
    for (o, q) in out.iter_mut().zip(&quotas) {
        let f = (q + 1e-9).floor() as u32;
        *o += f;
        given += f;
    }
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let fa = quotas[a] - quotas[a].floor();
        let fb = quotas[b] - quotas[b].floor();
        fb.total_cmp(&fa).then_with(|| a.cmp(&b))
    });
    for &i in order.iter().take(extra.saturating_sub(given) as usize) {
        out[i] += 1;
    }
    out
}

fn plan_of(
    catalog: &Catalog,
    path_skills: &[usize],
    gaps: &[Gap],
    projects: &[usize],
    mentor_for: impl Fn(&[usize]) -> Mentor,
    capstone_mentor: Mentor,
) -> Plan {
    let months = months_for(missing(gaps));
    // Gap skills grouped by layer, in layer order.
    let mut groups: Vec<(usize, Vec<&Gap>)> = Vec::new();
    for g in gaps {
        let layer = catalog
            .layers
            .iter()
            .position(|l| l.id == g.skill.layer)
            .unwrap_or(0);
        match groups.iter_mut().find(|(l, _)| *l == layer) {
            Some((_, v)) => v.push(g),
            None => groups.push((layer, vec![g])),
        }
    }
    groups.sort_by_key(|(l, _)| *l);
    // A custom catalog with more layers than months: the last phases share one.
    let room = (months - 1).max(1) as usize;
    while groups.len() > room {
        let Some((_, last)) = groups.pop() else { break };
        match groups.last_mut() {
            Some(prev) => prev.1.extend(last),
            None => break,
        }
    }
    let weights: Vec<f64> = groups
        .iter()
        .map(|(_, g)| g.iter().map(|x| 1.0 - x.skill.credit).sum())
        .collect();
    let spans = allot(months - 1, &weights);

    let project_ref = |pi: usize| {
        let p = &catalog.projects[pi];
        ProjectRef {
            id: p.id.clone(),
            title: p.title.clone(),
            tool: p.tool.clone(),
            measure: p.measure.clone(),
        }
    };
    let mut used: Vec<usize> = Vec::new();
    let mut phases: Vec<Phase> = Vec::new();
    let mut month = 1u32;
    for ((layer, group), span) in groups.iter().zip(spans) {
        let skills: Vec<usize> = group
            .iter()
            .filter_map(|g| catalog.skill_index(&g.skill.id))
            .collect();
        // A project that exercises the phase's skills, the path's own before any other of the
        // catalog, an unused one before a repeat (a varied portfolio), then the one exercising
        // most of them, then most of the path's skills; ties to the earlier project.
        let pool = projects
            .iter()
            .copied()
            .chain((0..catalog.projects.len()).filter(|p| !projects.contains(p)));
        let pick = pool
            .enumerate()
            .max_by(|&(ia, a), &(ib, b)| {
                let key = |p: usize| {
                    let overlap = catalog.projects[p]
                        .skills
                        .iter()
                        .filter(|s| skills.contains(s))
                        .count();
                    let relevant = catalog.projects[p]
                        .skills
                        .iter()
                        .filter(|s| path_skills.contains(s))
                        .count();
                    (
                        overlap > 0,
                        projects.contains(&p),
                        !used.contains(&p),
                        overlap,
                        relevant,
                    )
                };
                key(a).cmp(&key(b)).then_with(|| ib.cmp(&ia))
            })
            .map(|(_, p)| p)
            .unwrap_or(0);
        if !used.contains(&pick) {
            used.push(pick);
        }
        let steps = group
            .iter()
            .flat_map(|g| {
                // Gap skills come from the catalog, so the index is always found.
                let steps = catalog
                    .skill_index(&g.skill.id)
                    .map(|si| catalog.skills[si].steps.as_slice())
                    .unwrap_or_default();
                steps.iter().map(move |s| Step {
                    skill: Some(g.skill.id.clone()),
                    text: s.clone(),
                })
            })
            .collect();
        let project = project_ref(pick);
        let titles: Vec<&str> = {
            let mut ls: Vec<usize> = group
                .iter()
                .filter_map(|g| catalog.layers.iter().position(|l| l.id == g.skill.layer))
                .collect();
            ls.sort_unstable();
            ls.dedup();
            ls.iter()
                .map(|&l| catalog.layers[l].phase.as_str())
                .collect()
        };
        phases.push(Phase {
            number: phases.len() + 1,
            title: titles.join("; "),
            layer: Some(catalog.layers[*layer].id.clone()),
            months: (month..month + span).collect(),
            steps,
            record: project.measure.clone(),
            project,
            mentor: mentor_for(&skills),
        });
        month += span;
    }
    let flagship = projects.first().copied().unwrap_or(0);
    let project = project_ref(flagship);
    phases.push(Phase {
        number: phases.len() + 1,
        title: catalog.capstone.title.clone(),
        layer: None,
        months: (month..=months).collect(),
        steps: catalog
            .capstone
            .steps
            .iter()
            .map(|s| Step {
                skill: None,
                text: s.clone(),
            })
            .collect(),
        record: project.measure.clone(),
        project,
        mentor: capstone_mentor,
    });
    Plan { months, phases }
}

fn mentor_in(o: &OrgRole) -> Mentor {
    let role = o.role.info.role.clone();
    let who = match o.role.info.headcount {
        Some(n) if n >= 1.0 => format!(
            "the {} {} in {role}",
            people(n),
            if n == 1.0 { "person" } else { "people" }
        ),
        _ => format!("the people in {role}"),
    };
    Mentor {
        role: Some(role),
        people: o.role.info.headcount,
        who,
    }
}

/// "18", or "2.5" for part-time headcounts.
fn people(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

/// The organisation's role (other than `me`) that practises the most of `skills`, if it
/// practises at least one of them; ties go to the role that spends more of its week on them,
/// then by name.
fn best_practitioner(
    org: &[OrgRole],
    me: usize,
    skills: &[usize],
    catalog: &Catalog,
) -> Option<Mentor> {
    let key = |o: &OrgRole| {
        let covered = skills.iter().filter(|s| o.practised.contains(s)).count();
        let level: f64 = skills.iter().map(|&s| o.profile.level[s]).sum();
        (covered, level)
    };
    let (oi, _) = org
        .iter()
        .enumerate()
        .filter(|(oi, o)| *oi != me && key(o).0 > 0)
        .max_by(|(_, a), (_, b)| {
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0)
                .then_with(|| ka.1.total_cmp(&kb.1))
                .then_with(|| b.role.info.role.cmp(&a.role.info.role))
        })?;
    let mut m = mentor_in(&org[oi]);
    let named: Vec<&str> = skills
        .iter()
        .filter(|s| org[oi].practised.contains(s))
        .map(|&s| catalog.skills[s].label.as_str())
        .collect();
    let verb = if org[oi].role.info.headcount == Some(1.0) {
        "practises"
    } else {
        "practise"
    };
    m.who = format!("{}, who already {verb} {}", m.who, named.join("; "));
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_grow_with_gaps_and_stay_in_bounds() {
        assert_eq!(months_for(0.0), MIN_MONTHS);
        assert_eq!(months_for(3.0), 7);
        assert_eq!(months_for(3.5), 8);
        assert_eq!(months_for(40.0), MAX_MONTHS);
        let mut last = 0;
        for k in 0..30 {
            let m = months_for(k as f64 * 0.5);
            assert!(m >= last && (MIN_MONTHS..=MAX_MONTHS).contains(&m));
            last = m;
        }
    }

    #[test]
    fn months_are_allotted_by_weight_and_add_up() {
        assert_eq!(allot(7, &[3.0, 1.0, 0.0]), vec![4, 2, 1]);
        assert_eq!(allot(5, &[0.0, 0.0]), vec![3, 2]);
        for total in 4..12 {
            let a = allot(total, &[1.5, 0.4, 2.2, 0.0]);
            assert_eq!(a.iter().sum::<u32>(), total);
            assert!(a.iter().all(|&m| m >= 1));
        }
    }

    #[test]
    fn cues_match_stemmed_words_in_order_with_small_gaps() {
        let t = Taxonomy::embedded().unwrap();
        let cue = t.words("hand off");
        assert!(holds(&t.words("Pick up hand-offs from the bot"), &cue));
        assert!(holds(
            &t.words("hand the conversation off"),
            &t.words("hand conversation")
        ));
        assert!(!holds(&t.words("Handle sensitive escalations"), &cue));
        assert!(!holds(&t.words("off to hand"), &cue));
    }

    #[test]
    fn advice_follows_the_band() {
        assert_eq!(Advice::of(Band::High), Advice::Move);
        assert_eq!(Advice::of(Band::Low), Advice::Strengthen);
    }
}
