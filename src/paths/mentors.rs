//! Mentors of a plan's phases: the people already in the target role mentor every phase (the
//! internal role itself, or a role here named after the catalog target); otherwise whoever here
//! practises most of a phase's skills; otherwise the catalog's suggestion.

use super::candidates::Candidate;
use super::profile::OrgRole;
use super::{Catalog, Mentor};

/// Who mentors the phases of one path.
pub(super) struct Mentors<'a> {
    /// The people in the target role, when the organisation has it.
    in_role: Option<Mentor>,
    /// The catalog's suggestion, when nobody here practises a phase's skills.
    suggested: String,
    org: &'a [OrgRole<'a>],
    me: usize,
    catalog: &'a Catalog,
}

impl<'a> Mentors<'a> {
    /// The mentors of candidate `c` of role `me`.
    pub fn of(c: &Candidate, me: usize, org: &'a [OrgRole<'a>], catalog: &'a Catalog) -> Self {
        let in_role = match c.org {
            Some(oi) => Some(in_role(&org[oi])),
            None => c.target_id.and_then(|ti| {
                org.iter()
                    .enumerate()
                    .find(|(oi, o)| {
                        *oi != me && catalog.target_named(&o.role.info.role) == Some(ti)
                    })
                    .map(|(_, o)| in_role(o))
            }),
        };
        let suggested = c
            .target_id
            .map(|ti| catalog.targets[ti].mentor.clone())
            .unwrap_or_default();
        Mentors {
            in_role,
            suggested,
            org,
            me,
            catalog,
        }
    }

    /// The mentor of a phase that teaches `skills`.
    pub fn for_skills(&self, skills: &[usize]) -> Mentor {
        self.in_role
            .clone()
            .or_else(|| best_practitioner(self.org, self.me, skills, self.catalog))
            .unwrap_or_else(|| Mentor::Suggested(self.suggested.clone()))
    }
}

fn in_role(o: &OrgRole) -> Mentor {
    Mentor::InRole {
        role: o.role.info.role.clone(),
        people: o.role.info.headcount,
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
    // Each role's key once (not once per comparison): organisations can have thousands of roles.
    let (best, _) = org
        .iter()
        .enumerate()
        .filter(|(oi, _)| *oi != me)
        .map(|(_, o)| (o, key(o)))
        .filter(|(_, k)| k.0 > 0)
        .max_by(|(a, ka), (b, kb)| {
            ka.0.cmp(&kb.0)
                .then_with(|| ka.1.total_cmp(&kb.1))
                .then_with(|| b.role.info.role.cmp(&a.role.info.role))
        })?;
    Some(Mentor::Practitioner {
        role: best.role.info.role.clone(),
        people: best.role.info.headcount,
        skills: skills
            .iter()
            .filter(|s| best.practised.contains(s))
            .map(|&s| catalog.skills[s].label.clone())
            .collect(),
    })
}
