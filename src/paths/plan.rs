//! The plan of a path (step 5 of path finding): the skills to work on, the plan's length, its
//! months allotted to one phase per skill layer with gaps, each phase's steps, project and
//! mentor, then a last month that turns the projects into a portfolio.

use super::catalog::Target;
use super::mentors::Mentors;
use super::{
    Catalog, Gap, GapStatus, Phase, Plan, ProjectRef, SkillLevel, Step, BASE_MONTHS, MAX_MONTHS,
    MIN_GAPS, MIN_MONTHS, MONTHS_PER_GAP,
};

/// Projects to choose from: the target's own, or the catalog's that best cover the gaps (the
/// catalog's first project when none covers any).
pub(super) fn path_projects(
    catalog: &Catalog,
    target: Option<&Target>,
    gaps: &[Gap],
) -> Vec<usize> {
    if let Some(t) = target {
        return t.projects.clone();
    }
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

/// The target's skills below full credit, then (when fewer than [`MIN_GAPS`]) its weakest
/// practised ones to deepen; in layer order, least practised first.
pub(super) fn gaps_of(catalog: &Catalog, skills: &[usize], levels: &[SkillLevel]) -> Vec<Gap> {
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

/// The plan of a path with skills `path_skills`, its `gaps` and the `projects` it draws on
/// first.
pub(super) fn plan_of(
    catalog: &Catalog,
    path_skills: &[usize],
    gaps: &[Gap],
    projects: &[usize],
    mentors: &Mentors,
) -> Plan {
    let months = months_for(missing(gaps));
    let groups = phase_groups(catalog, gaps, months);
    let weights: Vec<f64> = groups
        .iter()
        .map(|(_, g)| g.iter().map(|x| 1.0 - x.skill.credit).sum())
        .collect();
    let spans = allot(months - 1, &weights);

    let mut used: Vec<usize> = Vec::new();
    let mut phases: Vec<Phase> = Vec::new();
    let mut month = 1u32;
    for ((layer, group), span) in groups.iter().zip(spans) {
        let skills: Vec<usize> = group
            .iter()
            .filter_map(|g| catalog.skill_index(&g.skill.id))
            .collect();
        let pick = pick_project(catalog, &skills, path_skills, projects, &used);
        if !used.contains(&pick) {
            used.push(pick);
        }
        let project = project_ref(catalog, pick);
        phases.push(Phase {
            number: phases.len() + 1,
            title: phase_title(catalog, group),
            layer: Some(catalog.layers[*layer].id.clone()),
            months: (month..month + span).collect(),
            steps: phase_steps(catalog, group),
            record: project.measure.clone(),
            project,
            mentor: mentors.for_skills(&skills),
        });
        month += span;
    }
    let flagship = projects.first().copied().unwrap_or(0);
    let project = project_ref(catalog, flagship);
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
        mentor: mentors.for_skills(path_skills),
    });
    Plan { months, phases }
}

/// Gap skills grouped by layer, in layer order; with more layers than the plan has months
/// before the portfolio (a custom catalog), the last phases share one.
fn phase_groups<'a>(catalog: &Catalog, gaps: &'a [Gap], months: u32) -> Vec<(usize, Vec<&'a Gap>)> {
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
    let room = (months - 1).max(1) as usize;
    while groups.len() > room {
        let Some((_, last)) = groups.pop() else { break };
        match groups.last_mut() {
            Some(prev) => prev.1.extend(last),
            None => break,
        }
    }
    groups
}

/// A project that exercises the phase's `skills`, the path's own before any other of the
/// catalog, an unused one before a repeat (a varied portfolio), then the one exercising most of
/// them, then most of the path's skills; ties to the earlier project.
fn pick_project(
    catalog: &Catalog,
    skills: &[usize],
    path_skills: &[usize],
    projects: &[usize],
    used: &[usize],
) -> usize {
    let pool = projects
        .iter()
        .copied()
        .chain((0..catalog.projects.len()).filter(|p| !projects.contains(p)));
    let key = |p: usize| {
        let covers = |of: &[usize]| {
            catalog.projects[p]
                .skills
                .iter()
                .filter(|s| of.contains(s))
                .count()
        };
        let overlap = covers(skills);
        (
            overlap > 0,
            projects.contains(&p),
            !used.contains(&p),
            overlap,
            covers(path_skills),
        )
    };
    pool.enumerate()
        .max_by(|&(ia, a), &(ib, b)| key(a).cmp(&key(b)).then_with(|| ib.cmp(&ia)))
        .map(|(_, p)| p)
        .unwrap_or(0)
}

/// The catalog's learning steps of a phase's skills, in the phase's order.
fn phase_steps(catalog: &Catalog, group: &[&Gap]) -> Vec<Step> {
    group
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
        .collect()
}

/// The catalog's phase titles of the layers a phase teaches (more than one only when layers
/// had to share a phase).
fn phase_title(catalog: &Catalog, group: &[&Gap]) -> String {
    let mut ls: Vec<usize> = group
        .iter()
        .filter_map(|g| catalog.layers.iter().position(|l| l.id == g.skill.layer))
        .collect();
    ls.sort_unstable();
    ls.dedup();
    let titles: Vec<&str> = ls
        .iter()
        .map(|&l| catalog.layers[l].phase.as_str())
        .collect();
    titles.join("; ")
}

fn project_ref(catalog: &Catalog, pi: usize) -> ProjectRef {
    let p = &catalog.projects[pi];
    ProjectRef {
        id: p.id.clone(),
        title: p.title.clone(),
        tool: p.tool.clone(),
        measure: p.measure.clone(),
    }
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
}
