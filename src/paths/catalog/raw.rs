//! The catalog's TOML as written, before any reference is checked (see `parse`).

use super::Seed;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    pub(super) name: String,
    pub(super) version: Option<u32>,
    #[serde(default)]
    pub(super) description: String,
    pub(super) layers: Vec<RawLayer>,
    pub(super) skills: Vec<RawSkill>,
    pub(super) tools: RawTools,
    pub(super) projects: Vec<RawProject>,
    pub(super) targets: Vec<RawTarget>,
    pub(super) capstone: RawCapstone,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLayer {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    pub(super) phase: String,
    pub(super) seed: String,
    pub(super) source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSkill {
    pub(super) id: Spanned<String>,
    pub(super) layer: Spanned<String>,
    pub(super) label: String,
    pub(super) traits: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) cues: Vec<Spanned<String>>,
    pub(super) steps: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTools {
    pub(super) names: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) seeds: Vec<Seed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProject {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) tool: Spanned<String>,
    pub(super) skills: Vec<Spanned<String>>,
    pub(super) measure: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) summary: String,
    pub(super) seed: String,
    pub(super) source: String,
    pub(super) outlook: Spanned<String>,
    pub(super) skills: Spanned<Vec<Spanned<String>>>,
    pub(super) projects: Spanned<Vec<Spanned<String>>>,
    pub(super) mentor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCapstone {
    pub(super) title: String,
    pub(super) seed: String,
    pub(super) source: String,
    pub(super) steps: Spanned<Vec<String>>,
}
