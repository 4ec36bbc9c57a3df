//! Reading a catalog: the TOML as written, then each section checked in turn (layers, skills,
//! tools, projects, targets, capstone), every reference resolved and every problem named by its
//! line and column.

use super::raw::{RawCapstone, RawCatalog, RawLayer, RawProject, RawSkill, RawTarget};
use super::{Capstone, Catalog, Layer, Outlook, Project, Seed, Skill, Target};
use crate::error::{quote_cell, InputError};
use crate::input::source;
use crate::taxonomy::Taxonomy;
use crate::warning::Warning;
use toml::Spanned;

use crate::taxonomy::TomlSource as Ctx;

impl Catalog {
    /// Parses and checks a catalog; `file` names it in messages. With `strict`, a trait the
    /// taxonomy does not know is an error; otherwise a warning.
    pub fn parse(
        origin: &str,
        file: &str,
        text: &str,
        taxonomy: &Taxonomy,
        strict: bool,
    ) -> Result<Catalog, InputError> {
        let cx = Ctx { file, text };
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let err = match e.span() {
                Some(span) => cx.at(span, msg),
                None => InputError::in_file(file, msg),
            };
            err.hint("a catalog has name, [[layers]], [[skills]], [tools], [[projects]], [[targets]] and [capstone]; see `exposure paths --print-catalog`")
        })?;
        let mut warnings = Vec::new();
        let layers = layers_of(&cx, raw.layers)?;
        let skills = skills_of(&cx, raw.skills, &layers, taxonomy, strict, &mut warnings)?;
        let tools: Vec<String> = raw
            .tools
            .names
            .iter()
            .map(|t| t.get_ref().trim().to_string())
            .collect();
        if tools.is_empty() {
            return Err(InputError::in_file(file, "[tools] names no tool")
                .hint("list the real tools projects use, such as \"chatbot flow builder\""));
        }
        let projects = projects_of(&cx, raw.projects, &skills, &tools)?;
        let targets = targets_of(&cx, raw.targets, &skills, &projects, &mut warnings)?;
        let capstone = capstone_of(&cx, raw.capstone)?;
        Ok(Catalog {
            name: raw.name,
            version: raw.version,
            description: raw.description,
            layers,
            skills,
            tools,
            tool_seeds: raw.tools.seeds,
            projects,
            targets,
            capstone,
            sha256: source::sha256(text.as_bytes()),
            origin: origin.to_string(),
            toml: text.to_string(),
            warnings,
        })
    }
}

fn layers_of(cx: &Ctx, raw: Vec<RawLayer>) -> Result<Vec<Layer>, InputError> {
    let mut layers: Vec<Layer> = Vec::new();
    for l in raw {
        let id =
            checked_id(l.id.get_ref()).map_err(|m| cx.at(l.id.span(), format!("layer {m}")))?;
        if layers.iter().any(|x| x.id == id) {
            return Err(cx.at(
                l.id.span(),
                format!("layer {} is defined twice", quote_cell(&id)),
            ));
        }
        layers.push(Layer {
            id,
            label: l.label,
            phase: l.phase,
            seed: Seed {
                quote: l.seed,
                source: l.source,
            },
        });
    }
    if layers.is_empty() {
        return Err(InputError::in_file(
            cx.file,
            "the catalog has no [[layers]]",
        ));
    }
    Ok(layers)
}

fn skills_of(
    cx: &Ctx,
    raw: Vec<RawSkill>,
    layers: &[Layer],
    taxonomy: &Taxonomy,
    strict: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Skill>, InputError> {
    let mut skills: Vec<Skill> = Vec::new();
    for s in raw {
        let id =
            checked_id(s.id.get_ref()).map_err(|m| cx.at(s.id.span(), format!("skill {m}")))?;
        if skills.iter().any(|x| x.id == id) {
            return Err(cx.at(
                s.id.span(),
                format!("skill {} is defined twice", quote_cell(&id)),
            ));
        }
        let layer = layers
            .iter()
            .position(|l| l.id == *s.layer.get_ref())
            .ok_or_else(|| {
                cx.at(
                    s.layer.span(),
                    format!(
                        "skill {id}: unknown layer {}",
                        quote_cell(s.layer.get_ref())
                    ),
                )
                .hint(format!(
                    "layers are {}",
                    list(layers.iter().map(|l| l.id.as_str()))
                ))
            })?;
        let traits = traits_of(cx, &id, s.traits.get_ref(), taxonomy, strict, warnings)?;
        if s.steps.get_ref().is_empty() {
            return Err(cx.at(s.steps.span(), format!("skill {id} has no learning steps")));
        }
        let cues = cues_of(cx, &id, &s.cues, taxonomy)?;
        skills.push(Skill {
            id,
            layer,
            label: s.label,
            traits,
            cues,
            steps: s.steps.into_inner(),
        });
    }
    Ok(skills)
}

/// The traits of skill `id` that the taxonomy knows; an unknown one is an error when `strict`,
/// else a warning.
fn traits_of(
    cx: &Ctx,
    id: &str,
    raw: &[Spanned<String>],
    taxonomy: &Taxonomy,
    strict: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<String>, InputError> {
    let file = cx.file;
    let mut traits = Vec::new();
    for t in raw {
        if taxonomy.trait_index(t.get_ref()).is_some() {
            traits.push(t.get_ref().clone());
        } else if strict {
            return Err(cx
                .at(
                    t.span(),
                    format!("skill {id}: unknown trait {}", quote_cell(t.get_ref())),
                )
                .hint(format!(
                    "traits of taxonomy {} are {}",
                    taxonomy.name,
                    list(taxonomy.traits.iter().map(|t| t.id.as_str()))
                )));
        } else {
            warnings.push(Warning::SkillTraitUnknown {
                file: file.to_string(),
                skill: id.to_string(),
                trait_id: t.get_ref().to_string(),
                taxonomy: taxonomy.name.clone(),
            });
        }
    }
    if traits.is_empty() {
        warnings.push(Warning::SkillWithoutTrait {
            file: file.to_string(),
            skill: id.to_string(),
        });
    }
    Ok(traits)
}

/// The cues of skill `id` as stemmed words, as the taxonomy matches them.
fn cues_of(
    cx: &Ctx,
    id: &str,
    raw: &[Spanned<String>],
    taxonomy: &Taxonomy,
) -> Result<Vec<Vec<String>>, InputError> {
    let mut cues = Vec::new();
    for c in raw {
        let words = taxonomy.words(c.get_ref());
        if words.is_empty() {
            return Err(cx
                .at(
                    c.span(),
                    format!(
                        "skill {id}: cue {} has no words left after normalisation",
                        quote_cell(c.get_ref())
                    ),
                )
                .hint("stop words such as \"the\" and \"of\" are ignored; use content words"));
        }
        cues.push(words);
    }
    Ok(cues)
}

/// The index of skill reference `r` made by `owner`; an unknown one suggests the closest id.
fn resolve_skill(
    cx: &Ctx,
    skills: &[Skill],
    r: &Spanned<String>,
    owner: &str,
) -> Result<usize, InputError> {
    skills
        .iter()
        .position(|s| s.id == *r.get_ref())
        .ok_or_else(|| {
            let skill_ids = || list(skills.iter().map(|s| s.id.as_str()));
            let err = cx.at(
                r.span(),
                format!("{owner}: unknown skill {}", quote_cell(r.get_ref())),
            );
            match closest(r.get_ref(), skills.iter().map(|s| s.id.as_str())) {
                Some(c) => err.hint(format!(
                    "did you mean \"{c}\"? skills are defined in [[skills]]: {}",
                    skill_ids()
                )),
                None => err.hint(format!("skills are defined in [[skills]]: {}", skill_ids())),
            }
        })
}

fn projects_of(
    cx: &Ctx,
    raw: Vec<RawProject>,
    skills: &[Skill],
    tools: &[String],
) -> Result<Vec<Project>, InputError> {
    let mut projects: Vec<Project> = Vec::new();
    for p in raw {
        let id =
            checked_id(p.id.get_ref()).map_err(|m| cx.at(p.id.span(), format!("project {m}")))?;
        if projects.iter().any(|x| x.id == id) {
            return Err(cx.at(
                p.id.span(),
                format!("project {} is defined twice", quote_cell(&id)),
            ));
        }
        let tool = p.tool.get_ref().trim();
        if !tools.iter().any(|t| t.eq_ignore_ascii_case(tool)) {
            return Err(cx
                .at(
                    p.tool.span(),
                    format!("project {id}: tool {} is not in [tools]", quote_cell(tool)),
                )
                .hint(format!(
                    "tools are {}",
                    list(tools.iter().map(String::as_str))
                )));
        }
        let owner = format!("project {id}");
        let skills: Vec<usize> = p
            .skills
            .iter()
            .map(|r| resolve_skill(cx, skills, r, &owner))
            .collect::<Result<_, _>>()?;
        projects.push(Project {
            id,
            title: p.title,
            tool: tool.to_string(),
            skills,
            measure: p.measure,
        });
    }
    Ok(projects)
}

fn targets_of(
    cx: &Ctx,
    raw: Vec<RawTarget>,
    skills: &[Skill],
    projects: &[Project],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Target>, InputError> {
    let mut targets: Vec<Target> = Vec::new();
    for t in raw {
        let id =
            checked_id(t.id.get_ref()).map_err(|m| cx.at(t.id.span(), format!("target {m}")))?;
        if targets.iter().any(|x| x.id == id) {
            return Err(cx.at(
                t.id.span(),
                format!("target {} is defined twice", quote_cell(&id)),
            ));
        }
        targets.push(target_of(cx, id, t, skills, projects, warnings)?);
    }
    if targets.is_empty() {
        return Err(InputError::in_file(
            cx.file,
            "the catalog has no [[targets]]",
        ));
    }
    Ok(targets)
}

fn target_of(
    cx: &Ctx,
    id: String,
    t: RawTarget,
    skills: &[Skill],
    projects: &[Project],
    warnings: &mut Vec<Warning>,
) -> Result<Target, InputError> {
    let outlook = match t.outlook.get_ref().as_str() {
        "growing" => Outlook::Growing,
        "steady" => Outlook::Steady,
        "shrinking" => Outlook::Shrinking,
        other => {
            return Err(cx
                .at(
                    t.outlook.span(),
                    format!("target {id}: unknown outlook {}", quote_cell(other)),
                )
                .hint("outlook is growing, steady or shrinking"))
        }
    };
    let target_skills = target_skills(cx, &id, &t.skills, skills)?;
    let target_projects = target_projects(cx, &id, &t.projects, projects)?;
    let mut stack_layers: Vec<usize> = target_skills.iter().map(|&s| skills[s].layer).collect();
    stack_layers.sort_unstable();
    stack_layers.dedup();
    if stack_layers.len() < 2 {
        let file = cx.file;
        warnings.push(Warning::TargetOnOneLayer {
            file: file.to_string(),
            target: id.to_string(),
        });
    }
    let mut aliases: Vec<String> = t
        .aliases
        .iter()
        .map(|a| super::normalise_name(a))
        .filter(|a| !a.is_empty())
        .collect();
    aliases.push(super::normalise_name(&t.name));
    aliases.sort();
    aliases.dedup();
    Ok(Target {
        id,
        name: t.name,
        aliases,
        summary: t.summary,
        seed: Seed {
            quote: t.seed,
            source: t.source,
        },
        outlook,
        skills: target_skills,
        projects: target_projects,
        mentor: t.mentor,
    })
}

/// Target `id`'s skills, each once, at least one.
fn target_skills(
    cx: &Ctx,
    id: &str,
    raw: &Spanned<Vec<Spanned<String>>>,
    skills: &[Skill],
) -> Result<Vec<usize>, InputError> {
    let owner = format!("target {id}");
    let mut out: Vec<usize> = Vec::new();
    for r in raw.get_ref() {
        let s = resolve_skill(cx, skills, r, &owner)?;
        if out.contains(&s) {
            return Err(cx.at(
                r.span(),
                format!(
                    "target {id}: skill {} is listed twice",
                    quote_cell(r.get_ref())
                ),
            ));
        }
        out.push(s);
    }
    if out.is_empty() {
        return Err(cx.at(raw.span(), format!("target {id} lists no skills")));
    }
    Ok(out)
}

/// Target `id`'s projects, at least one.
fn target_projects(
    cx: &Ctx,
    id: &str,
    raw: &Spanned<Vec<Spanned<String>>>,
    projects: &[Project],
) -> Result<Vec<usize>, InputError> {
    let mut out = Vec::new();
    for r in raw.get_ref() {
        let p = projects
            .iter()
            .position(|p| p.id == *r.get_ref())
            .ok_or_else(|| {
                cx.at(
                    r.span(),
                    format!("target {id}: unknown project {}", quote_cell(r.get_ref())),
                )
                .hint(format!(
                    "projects are {}",
                    list(projects.iter().map(|p| p.id.as_str()))
                ))
            })?;
        out.push(p);
    }
    if out.is_empty() {
        return Err(cx
            .at(raw.span(), format!("target {id} lists no projects"))
            .hint("every path needs a hands-on portfolio project"));
    }
    Ok(out)
}

fn capstone_of(cx: &Ctx, raw: RawCapstone) -> Result<Capstone, InputError> {
    if raw.steps.get_ref().is_empty() {
        return Err(cx.at(raw.steps.span(), "[capstone] has no steps".into()));
    }
    Ok(Capstone {
        title: raw.title,
        steps: raw.steps.into_inner(),
        seed: Seed {
            quote: raw.seed,
            source: raw.source,
        },
    })
}

fn checked_id(raw: &str) -> Result<String, String> {
    let id = raw.trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "id {} must be lowercase letters, digits and _",
            quote_cell(&id)
        ));
    }
    Ok(id)
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// The known id closest to a misspelt one, if it is close enough to be a likely typo.
fn closest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Sorted, so that of equally close ids the first in alphabetical order is named.
    let mut known: Vec<&str> = known.collect();
    known.sort_unstable();
    crate::input::suggest::closest(wanted, known.into_iter().map(|k| (k, k)), 1)
        .into_iter()
        .find(|(_, score)| *score >= 0.8)
        .map(|(k, _)| k)
}
