//! The catalog of upskilling paths (ARCHITECTURE section 6): skill layers, skills mapped to taxonomy
//! traits, tools, hands-on projects and target roles, each quoting the seed it rests on. The
//! default is `catalog.toml`, embedded in the binary; `--catalog FILE` replaces it. Loading checks
//! every reference (a skill, a layer, a project, a tool, a trait) and names the line of any problem.

mod parse;
mod raw;

use crate::error::InputError;
use crate::input::source;
use crate::taxonomy::Taxonomy;
use crate::warning::Warning;
use serde::Deserialize;

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
    pub warnings: Vec<Warning>,
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
        assert!(ok.warnings.iter().any(|w| matches!(w, Warning::SkillTraitUnknown { trait_id, .. } if trait_id == "ai_oversite")));
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
