//! The skill profile of a role (step 1 of path finding): how many hours of the work it keeps
//! exercise each catalog skill, what share of its week that is, and the credit that share earns.

use super::{Catalog, SkillLevel, Thresholds};
use crate::score::{AssessedTask, Class, RoleExposure};
use crate::taxonomy::{contains_phrase, Taxonomy};

/// A role's practice of every catalog skill (hours per week and share of the week), indexed as
/// the catalog's skills.
pub(super) struct Profile {
    pub hours: Vec<f64>,
    pub level: Vec<f64>,
}

/// One role of the organisation with what path finding needs of it.
pub(super) struct OrgRole<'a> {
    pub role: &'a RoleExposure,
    pub profile: Profile,
    /// Skills it practises (credit 1), in catalog order.
    pub practised: Vec<usize>,
    /// The catalog target it is named after (by name or alias), if any.
    pub named: Option<usize>,
}

impl<'a> OrgRole<'a> {
    /// The role with its profile over its own tasks.
    pub fn of(
        role: &'a RoleExposure,
        taxonomy: &Taxonomy,
        catalog: &Catalog,
        tasks: &[&AssessedTask],
        th: &Thresholds,
    ) -> OrgRole<'a> {
        let profile = profile(taxonomy, catalog, tasks);
        let practised = (0..catalog.skills.len())
            .filter(|&si| credit(profile.level[si], th) >= 1.0 && profile.level[si] > 0.0)
            .collect();
        OrgRole {
            role,
            profile,
            practised,
            named: catalog.target_named(&role.info.role),
        }
    }
}

/// Skill hours = Σ hours × the strongest evidence of the skill's traits, over the tasks the role
/// keeps (not classed automate) whose text names one of the skill's cues, when it has any.
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
            if !s.cues.is_empty() && !s.cues.iter().any(|c| contains_phrase(&words, c)) {
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

/// `min(1, level / practised)`; with a zero threshold any practice earns full credit.
pub(super) fn credit(level: f64, th: &Thresholds) -> f64 {
    if th.practised <= 0.0 {
        return if level > 0.0 { 1.0 } else { 0.0 };
    }
    (level / th.practised).min(1.0)
}

/// Skill `si` of the catalog as a role with profile `p` practises it.
pub(super) fn skill_level(
    catalog: &Catalog,
    p: &Profile,
    si: usize,
    th: &Thresholds,
) -> SkillLevel {
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
