//! The upskilling paths in JSON (`paths` under each role of `analyze --format json`, and the
//! `exposure paths` document): typed output structs in the contract's field order.

use super::{advice_text, round};
use crate::paths::{
    Advice, GapStatus, Outlook, Path, PathKind, ProjectRef, RolePaths, Seed, SkillLevel,
};
use serde::Serialize;

/// `advice`, `advice_text`, `skills` and `paths` of a role.
#[derive(Serialize)]
pub struct RolePathsOut<'a> {
    pub advice: Advice,
    pub advice_text: String,
    pub skills: Vec<SkillOut<'a>>,
    pub paths: Vec<PathOut<'a>>,
}

impl<'a> RolePathsOut<'a> {
    pub fn of(rp: &'a RolePaths) -> RolePathsOut<'a> {
        RolePathsOut {
            advice: rp.advice,
            advice_text: advice_text(rp),
            skills: rp.skills.iter().map(SkillOut::of).collect(),
            paths: rp.paths.iter().map(PathOut::of).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct SkillOut<'a> {
    pub skill: &'a str,
    pub label: &'a str,
    pub layer: &'a str,
    pub layer_label: &'a str,
    pub hours: f64,
    pub level: f64,
    pub practised: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<GapStatus>,
}

impl<'a> SkillOut<'a> {
    fn of(s: &'a SkillLevel) -> SkillOut<'a> {
        SkillOut {
            skill: &s.id,
            label: &s.label,
            layer: &s.layer,
            layer_label: &s.layer_label,
            hours: round(s.hours),
            level: round(s.level),
            practised: s.credit >= 1.0,
            status: None,
        }
    }
}

#[derive(Serialize)]
pub struct ProjectOut<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub tool: &'a str,
    pub measure: &'a str,
}

impl<'a> ProjectOut<'a> {
    fn of(p: &'a ProjectRef) -> ProjectOut<'a> {
        ProjectOut {
            id: &p.id,
            title: &p.title,
            tool: &p.tool,
            measure: &p.measure,
        }
    }
}

/// One path, as the contract names it: at least target, kind, fit, gaps, plan and portfolio.
#[derive(Serialize)]
pub struct PathOut<'a> {
    pub rank: usize,
    pub target: &'a str,
    pub target_id: Option<&'a str>,
    pub kind: PathKind,
    pub advice: Advice,
    pub same_role: bool,
    pub fit: f64,
    pub growth: f64,
    pub score: f64,
    pub outlook: Option<Outlook>,
    pub summary: String,
    pub seed: Option<&'a Seed>,
    pub target_exposure: Option<f64>,
    pub target_people: Option<f64>,
    pub practised: Vec<SkillOut<'a>>,
    pub gaps: Vec<SkillOut<'a>>,
    pub plan: PlanOut<'a>,
    pub portfolio: Vec<ProjectOut<'a>>,
}

#[derive(Serialize)]
pub struct PlanOut<'a> {
    pub months: u32,
    pub phases: Vec<PhaseOut<'a>>,
}

#[derive(Serialize)]
pub struct PhaseOut<'a> {
    pub phase: usize,
    pub title: &'a str,
    pub layer: Option<&'a str>,
    pub months: &'a [u32],
    pub steps: Vec<StepOut<'a>>,
    pub project: ProjectOut<'a>,
    pub mentor: MentorOut<'a>,
    pub record: &'a str,
}

#[derive(Serialize)]
pub struct StepOut<'a> {
    pub skill: Option<&'a str>,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct MentorOut<'a> {
    pub who: String,
    pub role: Option<&'a str>,
    pub people: Option<f64>,
}

impl<'a> PathOut<'a> {
    fn of(p: &'a Path) -> PathOut<'a> {
        PathOut {
            rank: p.rank,
            target: &p.target,
            target_id: p.target_id.as_deref(),
            kind: p.kind,
            advice: p.advice,
            same_role: p.same_role,
            fit: round(p.fit),
            growth: round(p.growth),
            score: round(p.score),
            outlook: p.outlook,
            summary: super::paths::summary_text(p),
            seed: p.seed.as_ref(),
            target_exposure: p.exposure.map(round),
            target_people: p.people,
            practised: p.practised.iter().map(SkillOut::of).collect(),
            gaps: p
                .gaps
                .iter()
                .map(|g| SkillOut {
                    status: Some(g.status),
                    ..SkillOut::of(&g.skill)
                })
                .collect(),
            plan: PlanOut {
                months: p.plan.months,
                phases: p
                    .plan
                    .phases
                    .iter()
                    .map(|ph| PhaseOut {
                        phase: ph.number,
                        title: &ph.title,
                        layer: ph.layer.as_deref(),
                        months: &ph.months,
                        steps: ph
                            .steps
                            .iter()
                            .map(|s| StepOut {
                                skill: s.skill.as_deref(),
                                text: &s.text,
                            })
                            .collect(),
                        project: ProjectOut::of(&ph.project),
                        mentor: MentorOut {
                            who: super::paths::mentor_who(&ph.mentor),
                            role: ph.mentor.role(),
                            people: ph.mentor.people(),
                        },
                        record: &ph.record,
                    })
                    .collect(),
            },
            portfolio: p.portfolio.iter().map(ProjectOut::of).collect(),
        }
    }
}
