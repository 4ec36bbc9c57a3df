//! The catalog of upskilling paths (DESIGN section 6): skill layers, skills mapped to taxonomy
//! traits, tools, hands-on projects and target roles, each quoting the seed it rests on. The
//! default is `catalog.toml`, embedded in the binary; `--catalog FILE` replaces it. Loading checks
//! every reference (a skill, a layer, a project, a tool, a trait) and names the line of any problem.

use crate::error::{quote_cell, InputError};
use crate::input::{source, suggest};
use crate::taxonomy::{line_col, Taxonomy};
use serde::Deserialize;
use toml::Spanned;

/// The embedded default catalog.
pub const DEFAULT_TOML: &str = include_str!("catalog.toml");

/// How a target role's demand is expected to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outlook {
    /// The seeds name it among the roles that automation creates or expands.
    Growing,
    /// Supported by AI but not easily replaced; demand holds.
    Steady,
    /// Fewer of these jobs ahead.
    Shrinking,
}

impl Outlook {
    pub fn as_str(self) -> &'static str {
        match self {
            Outlook::Growing => "growing",
            Outlook::Steady => "steady",
            Outlook::Shrinking => "shrinking",
        }
    }
}

/// A sentence quoted verbatim from a seed document.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub quote: String,
    pub source: String,
}

/// A layer of the skill stack; the catalog's order of layers is the order of a plan's phases.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub id: String,
    pub label: String,
    /// Title of the plan phase that teaches this layer's skills.
    pub phase: String,
    pub seed: Seed,
}

/// A skill a worker can learn, with the taxonomy traits that count as practising it.
#[derive(Debug, Clone, PartialEq)]
pub struct Skill {
    pub id: String,
    /// Index into [`Catalog::layers`].
    pub layer: usize,
    pub label: String,
    /// Taxonomy trait ids (only those the active taxonomy knows).
    pub traits: Vec<String>,
    /// When not empty, a task counts for the skill only if its text holds one of these phrases
    /// (stemmed words, as the taxonomy matches them): a broad trait such as `ai_oversight` covers
    /// both bot design and escalation handling, and only the cues tell them apart.
    pub cues: Vec<Vec<String>>,
    pub steps: Vec<String>,
}

/// A hands-on portfolio project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub tool: String,
    /// Indices into [`Catalog::skills`].
    pub skills: Vec<usize>,
    /// The figure to record before and after, for the portfolio.
    pub measure: String,
}

/// A role a path can lead to.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub name: String,
    /// Lower-case names an organisation's own role may carry for this target.
    pub aliases: Vec<String>,
    pub summary: String,
    pub seed: Seed,
    pub outlook: Outlook,
    /// Indices into [`Catalog::skills`].
    pub skills: Vec<usize>,
    /// Indices into [`Catalog::projects`]; the first is the flagship.
    pub projects: Vec<usize>,
    /// Whom to seek as a mentor when the organisation has nobody doing this work.
    pub mentor: String,
}

/// The last phase of every plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Capstone {
    pub title: String,
    pub steps: Vec<String>,
    pub seed: Seed,
}

/// A loaded, checked catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub name: String,
    pub version: Option<u32>,
    pub description: String,
    pub layers: Vec<Layer>,
    pub skills: Vec<Skill>,
    pub tools: Vec<String>,
    pub tool_seeds: Vec<Seed>,
    pub projects: Vec<Project>,
    pub targets: Vec<Target>,
    pub capstone: Capstone,
    pub sha256: String,
    /// `embedded` or the path it was read from.
    pub origin: String,
    /// The TOML as read, for `exposure paths --print-catalog`.
    pub toml: String,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    name: String,
    version: Option<u32>,
    #[serde(default)]
    description: String,
    layers: Vec<RawLayer>,
    skills: Vec<RawSkill>,
    tools: RawTools,
    projects: Vec<RawProject>,
    targets: Vec<RawTarget>,
    capstone: RawCapstone,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    id: Spanned<String>,
    label: String,
    phase: String,
    seed: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    id: Spanned<String>,
    layer: Spanned<String>,
    label: String,
    traits: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    cues: Vec<Spanned<String>>,
    steps: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTools {
    names: Vec<Spanned<String>>,
    #[serde(default)]
    seeds: Vec<Seed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    id: Spanned<String>,
    title: String,
    tool: Spanned<String>,
    skills: Vec<Spanned<String>>,
    measure: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    summary: String,
    seed: String,
    source: String,
    outlook: Spanned<String>,
    skills: Spanned<Vec<Spanned<String>>>,
    projects: Spanned<Vec<Spanned<String>>>,
    mentor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapstone {
    title: String,
    seed: String,
    source: String,
    steps: Spanned<Vec<String>>,
}

impl Catalog {
    /// The embedded default. Traits the taxonomy lacks (a custom `--taxonomy`) are dropped with a
    /// warning rather than failing every command.
    pub fn embedded(taxonomy: &Taxonomy) -> Result<Catalog, InputError> {
        Catalog::parse("embedded", "catalog.toml", DEFAULT_TOML, taxonomy, false)
    }

    /// Reads `--catalog FILE`; every reference must resolve.
    pub fn from_file(path: &str, taxonomy: &Taxonomy) -> Result<Catalog, InputError> {
        let src = source::read(path)?;
        Catalog::parse(path, &src.name, &src.text, taxonomy, true)
    }

    /// The embedded default, or the file given.
    pub fn load(path: Option<&str>, taxonomy: &Taxonomy) -> Result<Catalog, InputError> {
        match path {
            Some(p) => Catalog::from_file(p, taxonomy),
            None => Catalog::embedded(taxonomy),
        }
    }

    /// Parses and checks a catalog; `file` names it in messages. With `strict`, a trait the
    /// taxonomy does not know is an error; otherwise a warning.
    pub fn parse(
        origin: &str,
        file: &str,
        text: &str,
        taxonomy: &Taxonomy,
        strict: bool,
    ) -> Result<Catalog, InputError> {
        let at = |span: std::ops::Range<usize>, msg: String| {
            let (line, col) = line_col(text, span.start);
            InputError::in_file(file, msg)
                .at_line(line)
                .at_column_number(col)
        };
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let err = match e.span() {
                Some(span) => at(span, msg),
                None => InputError::in_file(file, msg),
            };
            err.hint("a catalog has name, [[layers]], [[skills]], [tools], [[projects]], [[targets]] and [capstone]; see `exposure paths --print-catalog`")
        })?;
        let mut warnings = Vec::new();

        let mut layers: Vec<Layer> = Vec::new();
        for l in raw.layers {
            let id =
                checked_id(l.id.get_ref()).map_err(|m| at(l.id.span(), format!("layer {m}")))?;
            if layers.iter().any(|x| x.id == id) {
                return Err(at(
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
            return Err(InputError::in_file(file, "the catalog has no [[layers]]"));
        }

        let mut skills: Vec<Skill> = Vec::new();
        for s in raw.skills {
            let id =
                checked_id(s.id.get_ref()).map_err(|m| at(s.id.span(), format!("skill {m}")))?;
            if skills.iter().any(|x| x.id == id) {
                return Err(at(
                    s.id.span(),
                    format!("skill {} is defined twice", quote_cell(&id)),
                ));
            }
            let layer = layers
                .iter()
                .position(|l| l.id == *s.layer.get_ref())
                .ok_or_else(|| {
                    at(
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
            let mut traits = Vec::new();
            for t in s.traits.get_ref() {
                if taxonomy.trait_index(t.get_ref()).is_some() {
                    traits.push(t.get_ref().clone());
                } else if strict {
                    return Err(at(
                        t.span(),
                        format!("skill {id}: unknown trait {}", quote_cell(t.get_ref())),
                    )
                    .hint(format!(
                        "traits of taxonomy {} are {}",
                        taxonomy.name,
                        list(taxonomy.traits.iter().map(|t| t.id.as_str()))
                    )));
                } else {
                    warnings.push(format!(
                        "{file}: skill {id}: trait {} is not in taxonomy {}; ignored",
                        quote_cell(t.get_ref()),
                        taxonomy.name
                    ));
                }
            }
            if traits.is_empty() {
                warnings.push(format!(
                    "{file}: skill {id} has no known trait; no role can show practice of it"
                ));
            }
            if s.steps.get_ref().is_empty() {
                return Err(at(
                    s.steps.span(),
                    format!("skill {id} has no learning steps"),
                ));
            }
            let mut cues = Vec::new();
            for c in &s.cues {
                let words = taxonomy.words(c.get_ref());
                if words.is_empty() {
                    return Err(at(
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
            skills.push(Skill {
                id,
                layer,
                label: s.label,
                traits,
                cues,
                steps: s.steps.into_inner(),
            });
        }
        let skill_ids = || list(skills.iter().map(|s| s.id.as_str()));
        let resolve_skill = |r: &Spanned<String>, owner: &str| -> Result<usize, InputError> {
            skills
                .iter()
                .position(|s| s.id == *r.get_ref())
                .ok_or_else(|| {
                    let mut err = at(
                        r.span(),
                        format!("{owner}: unknown skill {}", quote_cell(r.get_ref())),
                    );
                    err = match closest(r.get_ref(), skills.iter().map(|s| s.id.as_str())) {
                        Some(c) => err.hint(format!(
                            "did you mean \"{c}\"? skills are defined in [[skills]]: {}",
                            skill_ids()
                        )),
                        None => {
                            err.hint(format!("skills are defined in [[skills]]: {}", skill_ids()))
                        }
                    };
                    err
                })
        };

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

        let mut projects: Vec<Project> = Vec::new();
        for p in raw.projects {
            let id =
                checked_id(p.id.get_ref()).map_err(|m| at(p.id.span(), format!("project {m}")))?;
            if projects.iter().any(|x| x.id == id) {
                return Err(at(
                    p.id.span(),
                    format!("project {} is defined twice", quote_cell(&id)),
                ));
            }
            let tool = p.tool.get_ref().trim();
            if !tools.iter().any(|t| t.eq_ignore_ascii_case(tool)) {
                return Err(at(
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
                .map(|r| resolve_skill(r, &owner))
                .collect::<Result<_, _>>()?;
            projects.push(Project {
                id,
                title: p.title,
                tool: tool.to_string(),
                skills,
                measure: p.measure,
            });
        }

        let mut targets: Vec<Target> = Vec::new();
        for t in raw.targets {
            let id =
                checked_id(t.id.get_ref()).map_err(|m| at(t.id.span(), format!("target {m}")))?;
            if targets.iter().any(|x| x.id == id) {
                return Err(at(
                    t.id.span(),
                    format!("target {} is defined twice", quote_cell(&id)),
                ));
            }
            let outlook = match t.outlook.get_ref().as_str() {
                "growing" => Outlook::Growing,
                "steady" => Outlook::Steady,
                "shrinking" => Outlook::Shrinking,
                other => {
                    return Err(at(
                        t.outlook.span(),
                        format!("target {id}: unknown outlook {}", quote_cell(other)),
                    )
                    .hint("outlook is growing, steady or shrinking"))
                }
            };
            let owner = format!("target {id}");
            let mut target_skills: Vec<usize> = Vec::new();
            for r in t.skills.get_ref() {
                let s = resolve_skill(r, &owner)?;
                if target_skills.contains(&s) {
                    return Err(at(
                        r.span(),
                        format!(
                            "target {id}: skill {} is listed twice",
                            quote_cell(r.get_ref())
                        ),
                    ));
                }
                target_skills.push(s);
            }
            if target_skills.is_empty() {
                return Err(at(t.skills.span(), format!("target {id} lists no skills")));
            }
            let mut target_projects = Vec::new();
            for r in t.projects.get_ref() {
                let p = projects
                    .iter()
                    .position(|p| p.id == *r.get_ref())
                    .ok_or_else(|| {
                        at(
                            r.span(),
                            format!("target {id}: unknown project {}", quote_cell(r.get_ref())),
                        )
                        .hint(format!(
                            "projects are {}",
                            list(projects.iter().map(|p| p.id.as_str()))
                        ))
                    })?;
                target_projects.push(p);
            }
            if target_projects.is_empty() {
                return Err(
                    at(t.projects.span(), format!("target {id} lists no projects"))
                        .hint("every path needs a hands-on portfolio project"),
                );
            }
            let mut stack_layers: Vec<usize> =
                target_skills.iter().map(|&s| skills[s].layer).collect();
            stack_layers.sort_unstable();
            stack_layers.dedup();
            if stack_layers.len() < 2 {
                warnings.push(format!("{file}: target {id} has skills on one layer only; its gaps cannot span the skill stack"));
            }
            let mut aliases: Vec<String> = t
                .aliases
                .iter()
                .map(|a| normalise_name(a))
                .filter(|a| !a.is_empty())
                .collect();
            aliases.push(normalise_name(&t.name));
            aliases.sort();
            aliases.dedup();
            targets.push(Target {
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
            });
        }
        if targets.is_empty() {
            return Err(InputError::in_file(file, "the catalog has no [[targets]]"));
        }
        if raw.capstone.steps.get_ref().is_empty() {
            return Err(at(
                raw.capstone.steps.span(),
                "[capstone] has no steps".into(),
            ));
        }
        let capstone = Capstone {
            title: raw.capstone.title,
            steps: raw.capstone.steps.into_inner(),
            seed: Seed {
                quote: raw.capstone.seed,
                source: raw.capstone.source,
            },
        };
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

    /// Position of a skill by id.
    pub fn skill_index(&self, id: &str) -> Option<usize> {
        self.skills.iter().position(|s| s.id == id)
    }

    /// The target an organisation's role name stands for, if any (by name or alias).
    pub fn target_named(&self, role: &str) -> Option<usize> {
        let name = normalise_name(role);
        self.targets.iter().position(|t| t.aliases.contains(&name))
    }
}

/// Lower-case words of a role name without parenthesised notes: "Escalation Specialist (Level 2)"
/// and "escalation specialist" are the same name.
pub fn normalise_name(name: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::new();
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    suggest::closest(wanted, known.into_iter().map(|k| (k, k)), 1)
        .into_iter()
        .find(|(_, score)| *score >= 0.8)
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::embedded().expect("embedded taxonomy")
    }

    #[test]
    fn embedded_catalog_loads_without_warnings() {
        let c = Catalog::embedded(&taxonomy()).expect("the embedded catalog is valid");
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(c.targets.len(), 10);
        assert_eq!(c.layers.len(), 4);
    }

    #[test]
    fn every_target_spans_three_layers_and_has_a_project() {
        let c = Catalog::embedded(&taxonomy()).unwrap();
        for t in &c.targets {
            let mut layers: Vec<usize> = t.skills.iter().map(|&s| c.skills[s].layer).collect();
            layers.sort_unstable();
            layers.dedup();
            assert!(layers.len() >= 3, "{} spans {} layers", t.id, layers.len());
            assert!(!t.projects.is_empty());
        }
    }

    /// The seed quotes are verbatim: checked against shared/seeds/ when it sits beside the crate.
    #[test]
    fn seed_quotes_are_verbatim() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        if !dir.join("seeds").is_dir() {
            return;
        }
        let c = Catalog::embedded(&taxonomy()).unwrap();
        let mut seeds: Vec<&Seed> = c.layers.iter().map(|l| &l.seed).collect();
        seeds.extend(c.targets.iter().map(|t| &t.seed));
        seeds.extend(c.tool_seeds.iter());
        seeds.push(&c.capstone.seed);
        for s in seeds {
            let text = std::fs::read_to_string(dir.join(&s.source)).expect("seed file");
            assert!(
                text.contains(&s.quote),
                "not verbatim in {}: {}",
                s.source,
                s.quote
            );
        }
    }

    #[test]
    fn unknown_skill_names_its_line() {
        let bad = DEFAULT_TOML.replacen(
            "skills = [\"ai_prompting\", \"bot_flows\"",
            "skills = [\"ai_prompting\", \"bot_flow\"",
            1,
        );
        assert_ne!(bad, DEFAULT_TOML);
        let line = bad
            .lines()
            .position(|l| l.contains("\"bot_flow\""))
            .unwrap() as u64
            + 1;
        let err = Catalog::parse("c.toml", "c.toml", &bad, &taxonomy(), true).unwrap_err();
        assert_eq!(err.line, Some(line));
        assert!(
            err.message.contains("unknown skill \"bot_flow\""),
            "{}",
            err.message
        );
        assert!(err
            .hint
            .unwrap_or_default()
            .contains("did you mean \"bot_flows\""));
    }

    #[test]
    fn unknown_trait_is_an_error_in_a_file_only() {
        let bad = DEFAULT_TOML.replacen(
            "traits = [\"ai_oversight\"]",
            "traits = [\"ai_oversite\"]",
            1,
        );
        let err = Catalog::parse("c.toml", "c.toml", &bad, &taxonomy(), true).unwrap_err();
        assert!(err.message.contains("unknown trait"));
        let ok = Catalog::parse("embedded", "catalog.toml", &bad, &taxonomy(), false).unwrap();
        assert!(ok.warnings.iter().any(|w| w.contains("ai_oversite")));
    }

    #[test]
    fn names_match_without_notes_and_punctuation() {
        assert_eq!(
            normalise_name("Escalation Specialist (Level 2)"),
            "escalation specialist"
        );
        assert_eq!(
            normalise_name("AI / Automation Specialist"),
            "ai automation specialist"
        );
        let c = Catalog::embedded(&taxonomy()).unwrap();
        assert_eq!(
            c.target_named("Relationship Manager")
                .map(|i| c.targets[i].id.as_str()),
            Some("relationship_manager")
        );
        assert_eq!(c.target_named("Level 1 Support Agent"), None);
    }
}
