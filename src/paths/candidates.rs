//! Ranking (steps 2-4 of path finding): the catalog's targets and the organisation's own less
//! exposed roles as candidate destinations, scored by fit and growth, the chosen few turned into
//! paths with their gaps, plan and portfolio.

use super::index::OrgIndex;
use super::mentors::Mentors;
use super::plan::{gaps_of, path_projects, plan_of};
use super::profile::{credit, skill_level, OrgRole};
use super::{
    growth_of, Advice, Catalog, Path, PathKind, ProjectRef, RolePaths, SkillLevel, Summary,
    Thresholds, FIT_WEIGHT, GROWTH_WEIGHT, INTERNAL_MOVES,
};

/// A path before its plan is laid out.
pub(super) struct Candidate {
    target: String,
    pub target_id: Option<usize>,
    kind: PathKind,
    same_role: bool,
    pub skills: Vec<usize>,
    fit: f64,
    growth: f64,
    score: f64,
    /// The organisation's role it leads to (internal moves).
    pub org: Option<usize>,
}

/// Scores candidates for the role `me` of `org`.
struct Scorer<'a> {
    me: &'a OrgRole<'a>,
    th: &'a Thresholds,
}

impl Scorer<'_> {
    /// Mean credit over `skills`: the share of what they ask that the role already does.
    fn fit(&self, skills: &[usize]) -> f64 {
        if skills.is_empty() {
            return 0.0;
        }
        skills
            .iter()
            .map(|&s| credit(self.me.profile.level[s], self.th))
            .sum::<f64>()
            / skills.len() as f64
    }

    fn score(fit: f64, growth: f64) -> f64 {
        FIT_WEIGHT * fit + GROWTH_WEIGHT * growth
    }
}

/// The paths of role `me`.
pub(super) fn role_paths(
    me: usize,
    index: &OrgIndex,
    catalog: &Catalog,
    th: &Thresholds,
) -> RolePaths {
    let this = &index.org[me];
    let advice = Advice::of(this.role.band);
    let scorer = Scorer { me: this, th };
    let mut candidates = internal_candidates(me, index, &scorer);
    candidates.extend(catalog_candidates(this, catalog, &scorer, advice));
    let paths = choose(candidates, th)
        .into_iter()
        .enumerate()
        .map(|(i, c)| build_path(i + 1, c, me, index, catalog, th, advice))
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

/// The organisation's roles clearly less exposed than `me` whose practised skills it already
/// covers enough of: per group of roles that practise the same skills, the overlap is checked
/// once and only the least exposed roles of the group, which score best, become candidates.
fn internal_candidates(me: usize, index: &OrgIndex, scorer: &Scorer) -> Vec<Candidate> {
    let this = scorer.me;
    let th = scorer.th;
    let limit = this.role.exposure - th.min_drop;
    let mut candidates = Vec::new();
    for g in &index.groups {
        if scorer.fit(&g.practised) < th.min_overlap {
            continue;
        }
        // What the people there practise, plus what the seeds ask of every role that grows
        // alongside AI: the key skills in demand and communication, the layer that makes "a
        // bridge between business needs and technical capabilities".
        let fit = scorer.fit(&g.skills);
        // Enough of the group's head that the moves chosen from it are its best ones even when
        // moves named after a catalog target give way to the target, and ties stay together.
        let wanted = INTERNAL_MOVES + g.named;
        let mut last_score = None;
        for (taken, &oi) in g.members.iter().filter(|&&oi| oi != me).enumerate() {
            let other = &index.org[oi];
            if other.role.exposure > limit {
                break;
            }
            let growth = g.growth * (1.0 - other.role.exposure).clamp(0.0, 1.0);
            let score = Scorer::score(fit, growth);
            if taken >= wanted && last_score != Some(score) {
                break;
            }
            last_score = Some(score);
            candidates.push(Candidate {
                target: other.role.info.role.clone(),
                target_id: other.named,
                kind: PathKind::Internal,
                same_role: false,
                skills: g.skills.clone(),
                fit,
                growth,
                score,
                org: Some(oi),
            });
        }
    }
    candidates
}

/// Every catalog target, but the role's own profile when it is advised to move.
fn catalog_candidates(
    this: &OrgRole,
    catalog: &Catalog,
    scorer: &Scorer,
    advice: Advice,
) -> Vec<Candidate> {
    let own_target = catalog.target_named(&this.role.info.role);
    let mut candidates = Vec::new();
    for (ti, t) in catalog.targets.iter().enumerate() {
        let same_role = own_target == Some(ti);
        if same_role && advice == Advice::Move {
            continue;
        }
        let fit = scorer.fit(&t.skills);
        let growth = growth_of(t.outlook);
        candidates.push(Candidate {
            target: t.name.clone(),
            target_id: Some(ti),
            kind: PathKind::Catalog,
            same_role,
            skills: t.skills.clone(),
            fit,
            growth,
            score: Scorer::score(fit, growth),
            org: None,
        });
    }
    candidates
}

/// The top catalog paths, then the best internal moves beside them.
fn choose(mut candidates: Vec<Candidate>, th: &Thresholds) -> Vec<Candidate> {
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
    chosen
}

/// A chosen candidate as a path: what the role practises of it, its gaps, plan and portfolio.
fn build_path(
    rank: usize,
    c: Candidate,
    me: usize,
    index: &OrgIndex,
    catalog: &Catalog,
    th: &Thresholds,
    advice: Advice,
) -> Path {
    let org = &index.org;
    let this = &org[me];
    let target = c.target_id.map(|ti| &catalog.targets[ti]);
    let levels: Vec<SkillLevel> = c
        .skills
        .iter()
        .map(|&s| skill_level(catalog, &this.profile, s, th))
        .collect();
    let gaps = gaps_of(catalog, &c.skills, &levels);
    let practised: Vec<SkillLevel> = levels.iter().filter(|l| l.credit >= 1.0).cloned().collect();
    let projects = path_projects(catalog, target, &gaps);
    let mentors = Mentors::of(&c, me, index, catalog);
    let plan = plan_of(catalog, &c.skills, &gaps, &projects, &mentors);
    let mut portfolio: Vec<ProjectRef> = Vec::new();
    for ph in &plan.phases {
        if !portfolio.iter().any(|p| p.id == ph.project.id) {
            portfolio.push(ph.project.clone());
        }
    }
    let summary = match (target, c.org) {
        (Some(t), _) if !t.summary.is_empty() => Summary::Catalog(t.summary.clone()),
        (_, Some(oi)) => Summary::Exposures {
            target: org[oi].role.exposure,
            own: this.role.exposure,
        },
        _ => Summary::None,
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
        outlook: target
            .filter(|_| c.kind == PathKind::Catalog)
            .map(|t| t.outlook),
        summary,
        seed: target.map(|t| t.seed.clone()),
        exposure: c.org.map(|oi| org[oi].role.exposure),
        people: c.org.and_then(|oi| org[oi].role.info.headcount),
        practised,
        gaps,
        plan,
        portfolio,
    }
}
