//! The organisation indexed once for path finding, so that finding every role's paths does not
//! compare every pair of roles (ARCHITECTURE section 6):
//!
//! - **Internal moves** depend on another role only through the skills it practises, the
//!   outlook it takes and its exposure. Roles are grouped by the first two; a group is sorted by
//!   exposure, so a role looks at each group once (is the overlap enough?) and then only at the
//!   head of the group whose exposure is low enough: the best-scoring moves of a group are its
//!   least exposed roles.
//! - **Mentors** in the target role come from a list of the roles named after each catalog
//!   target; the best practitioner of a set of skills is found once per distinct set.

use super::profile::OrgRole;
use super::{growth_of, Catalog, Outlook, EVERY_ROLE_LAYERS};
use std::collections::HashMap;
use std::sync::Mutex;

/// Roles that practise the same skills and take the same outlook.
pub(super) struct Group {
    /// What its people practise, in catalog order.
    pub practised: Vec<usize>,
    /// What a move into one of its roles asks: the practised skills, then the layers every
    /// role that grows alongside AI needs.
    pub skills: Vec<usize>,
    /// The growth of its outlook, before the share of the work that stays with people.
    pub growth: f64,
    /// Its roles (indices into the organisation), least exposed first, then by name.
    pub members: Vec<usize>,
    /// How many of them are named after a catalog target (such a move may give way to the
    /// target itself, so a role looks that much further down the group).
    pub named: usize,
}

/// The organisation's roles with what path finding looks up across them.
pub(super) struct OrgIndex<'a> {
    pub org: Vec<OrgRole<'a>>,
    pub groups: Vec<Group>,
    /// Per catalog target, the roles named after it, in the organisation's order.
    by_target: Vec<Vec<usize>>,
    /// Per distinct set of skills, its two best practitioners (so one that is the asking role
    /// itself can give way to the next). Roles find their paths on every core; each entry
    /// is the same whichever finds it first.
    practitioners: Mutex<HashMap<Vec<usize>, [Option<usize>; 2]>>,
}

impl<'a> OrgIndex<'a> {
    pub fn new(org: Vec<OrgRole<'a>>, catalog: &Catalog) -> OrgIndex<'a> {
        let mut by_target = vec![Vec::new(); catalog.targets.len()];
        let mut keys: HashMap<(Vec<usize>, u8), usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for (oi, o) in org.iter().enumerate() {
            if let Some(ti) = o.named {
                by_target[ti].push(oi);
            }
            if o.practised.is_empty() {
                continue;
            }
            let outlook = o
                .named
                .map(|ti| catalog.targets[ti].outlook)
                .unwrap_or(Outlook::Steady);
            let gi = *keys
                .entry((o.practised.clone(), outlook as u8))
                .or_insert_with(|| {
                    groups.push(Group::new(&o.practised, outlook, catalog));
                    groups.len() - 1
                });
            groups[gi].members.push(oi);
            groups[gi].named += usize::from(o.named.is_some());
        }
        for g in &mut groups {
            g.members.sort_by(|&a, &b| {
                let (a, b) = (&org[a].role, &org[b].role);
                a.exposure
                    .total_cmp(&b.exposure)
                    .then_with(|| a.info.role.cmp(&b.info.role))
            });
        }
        OrgIndex {
            org,
            groups,
            by_target,
            practitioners: Mutex::new(HashMap::new()),
        }
    }

    /// The first role other than `me` named after catalog target `ti`.
    pub fn named_after(&self, ti: usize, me: usize) -> Option<usize> {
        self.by_target[ti].iter().copied().find(|&oi| oi != me)
    }

    /// The role other than `me` that practises the most of `skills`, if any practises one of
    /// them; ties go to the role that spends more of its week on them, then by name.
    pub fn best_practitioner(&self, skills: &[usize], me: usize) -> Option<usize> {
        let known = self
            .practitioners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(skills)
            .copied();
        // Computed outside the lock, so that other roles' lookups go on meanwhile.
        let best = known.unwrap_or_else(|| {
            let best = top_two(&self.org, skills);
            self.practitioners
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(skills.to_vec(), best);
            best
        });
        best.iter().flatten().copied().find(|&oi| oi != me)
    }
}

impl Group {
    fn new(practised: &[usize], outlook: Outlook, catalog: &Catalog) -> Group {
        let mut skills = practised.to_vec();
        skills.extend((0..catalog.skills.len()).filter(|si| {
            EVERY_ROLE_LAYERS.contains(&catalog.layers[catalog.skills[*si].layer].id.as_str())
                && !practised.contains(si)
        }));
        Group {
            practised: practised.to_vec(),
            skills,
            growth: growth_of(outlook),
            members: Vec::new(),
            named: 0,
        }
    }
}

/// The two roles that practise the most of `skills` (at least one of them), best first.
fn top_two(org: &[OrgRole], skills: &[usize]) -> [Option<usize>; 2] {
    let key = |o: &OrgRole| {
        let covered = skills.iter().filter(|s| o.practised.contains(s)).count();
        let level: f64 = skills.iter().map(|&s| o.profile.level[s]).sum();
        (covered, level)
    };
    // Greater is better: more skills covered, then more of the week, then the earlier name.
    let better = |a: (usize, f64), oa: usize, b: (usize, f64), ob: usize| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.total_cmp(&b.1))
            .then_with(|| org[ob].role.info.role.cmp(&org[oa].role.info.role))
            .is_gt()
    };
    let mut top: [Option<(usize, (usize, f64))>; 2] = [None, None];
    for (oi, o) in org.iter().enumerate() {
        let k = key(o);
        if k.0 == 0 {
            continue;
        }
        match top {
            [Some((b, kb)), _] if !better(k, oi, kb, b) => {
                if top[1].is_none_or(|(s, ks)| better(k, oi, ks, s)) {
                    top[1] = Some((oi, k));
                }
            }
            _ => top = [Some((oi, k)), top[0]],
        }
    }
    top.map(|t| t.map(|(oi, _)| oi))
}
