//! Mentors of a plan's phases: the people already in the target role mentor every phase (the
//! internal role itself, or a role here named after the catalog target); otherwise whoever here
//! practises most of a phase's skills; otherwise the catalog's suggestion.

use super::candidates::Candidate;
use super::index::OrgIndex;
use super::profile::OrgRole;
use super::{Catalog, Mentor};

/// Who mentors the phases of one path.
pub(super) struct Mentors<'a> {
    /// The people in the target role, when the organisation has it.
    in_role: Option<Mentor>,
    /// The catalog's suggestion, when nobody here practises a phase's skills.
    suggested: String,
    index: &'a OrgIndex<'a>,
    me: usize,
    catalog: &'a Catalog,
}

impl<'a> Mentors<'a> {
    /// The mentors of candidate `c` of role `me`.
    pub fn of(c: &Candidate, me: usize, index: &'a OrgIndex<'a>, catalog: &'a Catalog) -> Self {
        let in_role = c
            .org
            .or_else(|| c.target_id.and_then(|ti| index.named_after(ti, me)))
            .map(|oi| in_role(&index.org[oi]));
        let suggested = c
            .target_id
            .map(|ti| catalog.targets[ti].mentor.clone())
            .unwrap_or_default();
        Mentors {
            in_role,
            suggested,
            index,
            me,
            catalog,
        }
    }

    /// The mentor of a phase that teaches `skills`: the people in the target role, or else
    /// the role here that practises the most of them, or else the catalog's suggestion.
    pub fn for_skills(&self, skills: &[usize]) -> Mentor {
        self.in_role
            .clone()
            .or_else(|| {
                let best = &self.index.org[self.index.best_practitioner(skills, self.me)?];
                Some(Mentor::Practitioner {
                    role: best.role.info.role.clone(),
                    people: best.role.info.headcount,
                    skills: skills
                        .iter()
                        .filter(|s| best.practised.contains(s))
                        .map(|&s| self.catalog.skills[s].label.clone())
                        .collect(),
                })
            })
            .unwrap_or_else(|| Mentor::Suggested(self.suggested.clone()))
    }
}

fn in_role(o: &OrgRole) -> Mentor {
    Mentor::InRole {
        role: o.role.info.role.clone(),
        people: o.role.info.headcount,
    }
}
