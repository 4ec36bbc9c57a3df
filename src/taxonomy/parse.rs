//! Reading a taxonomy: the TOML as written, its scales and traits checked, each phrase reduced
//! to the stemmed words it matches, every problem named by its line and column.

use super::{text, Bands, Kind, Phrase, Scoring, Taxonomy, Trait};
use crate::error::{quote_cell, InputError};
use crate::input::source;
use crate::warning::Warning;
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: String,
    version: Option<u32>,
    #[serde(default)]
    description: String,
    scoring: Spanned<Scoring>,
    bands: Spanned<Bands>,
    traits: Vec<RawTrait>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrait {
    id: Spanned<String>,
    kind: Spanned<String>,
    weight: Spanned<f64>,
    #[serde(default)]
    label: String,
    description: String,
    seed: String,
    source: Option<String>,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    weak: Vec<Spanned<String>>,
}

impl Taxonomy {
    /// Parses and checks a taxonomy; `file` names it in messages.
    pub fn parse(origin: &str, file: &str, text: &str) -> Result<Taxonomy, InputError> {
        let cx = Ctx { file, text };
        let raw: RawTaxonomy = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let err = match e.span() {
                Some(span) => cx.at(span, msg),
                None => InputError::in_file(file, msg),
            };
            err.hint("a taxonomy has name, [scoring], [bands] and [[traits]] with id, kind, weight, description, seed and phrases; see `exposure taxonomy --format toml`")
        })?;
        let normaliser = text::Normaliser::default();
        let (scoring, bands) = scales_of(&cx, &raw.scoring, &raw.bands)?;
        let mut warnings = Vec::new();
        let traits = traits_of(&cx, raw.traits, &normaliser, &scoring, &mut warnings)?;
        for kind in [Kind::Routine, Kind::Complex] {
            if !traits.iter().any(|t| t.kind == kind) {
                warnings.push(Warning::NoTraitOfKind {
                    file: file.to_string(),
                    kind: kind.as_str().to_string(),
                });
            }
        }
        let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ti, t) in traits.iter().enumerate() {
            for (pi, p) in t.phrases.iter().enumerate() {
                index.entry(p.words[0].clone()).or_default().push((ti, pi));
            }
        }
        let problems = super::problems::Problems::new(&normaliser, |id| {
            traits.iter().position(|t| t.id == id)
        });
        Ok(Taxonomy {
            name: raw.name,
            version: raw.version,
            description: raw.description,
            scoring,
            bands,
            sha256: source::sha256(text.as_bytes()),
            origin: origin.to_string(),
            toml: text.to_string(),
            warnings,
            meaning: super::meaning::Meaning::new(
                &traits
                    .iter()
                    .map(|t| {
                        (
                            t.id.clone(),
                            t.phrases.iter().map(|p| p.text.clone()).collect(),
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
            problems,
            traits,
            normaliser,
            index,
        })
    }
}

use super::TomlSource as Ctx;

fn unit(v: f64) -> bool {
    (0.0..=1.0).contains(&v)
}

/// The scoring thresholds and bands, checked to lie in 0-1 and in order.
fn scales_of(
    cx: &Ctx,
    scoring: &Spanned<Scoring>,
    bands: &Spanned<Bands>,
) -> Result<(Scoring, Bands), InputError> {
    let (sc, b) = (*scoring.get_ref(), *bands.get_ref());
    if ![
        sc.automate_at,
        sc.retain_at,
        sc.strong_bottleneck,
        sc.strong_evidence,
        sc.weak_evidence,
        sc.augment_damping,
    ]
    .into_iter()
    .all(unit)
        || sc.retain_at >= sc.automate_at
    {
        return Err(cx.at(
            scoring.span(),
            "scoring thresholds must lie in 0-1, with retain_at below automate_at".into(),
        ));
    }
    if !unit(b.low) || !unit(b.high) || b.low >= b.high {
        return Err(cx.at(
            bands.span(),
            "bands must lie in 0-1, with low below high".into(),
        ));
    }
    Ok((sc, b))
}

/// Every trait, checked; a phrase that stands in two traits is a warning.
fn traits_of(
    cx: &Ctx,
    raw: Vec<RawTrait>,
    normaliser: &text::Normaliser,
    scoring: &Scoring,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Trait>, InputError> {
    let file = cx.file;
    let mut traits: Vec<Trait> = Vec::new();
    let mut seen_phrases: HashMap<Vec<String>, (String, String)> = HashMap::new();
    for t in raw {
        let id = trait_id(cx, &t.id)?;
        if traits.iter().any(|x| x.id == id) {
            return Err(cx.at(
                t.id.span(),
                format!("trait {} is defined twice", quote_cell(&id)),
            ));
        }
        let kind = match t.kind.get_ref().as_str() {
            "routine" => Kind::Routine,
            "complex" => Kind::Complex,
            "augment" => Kind::Augment,
            other => {
                return Err(cx
                    .at(
                        t.kind.span(),
                        format!("trait {id}: unknown kind {}", quote_cell(other)),
                    )
                    .hint("kind is routine, complex or augment"))
            }
        };
        let weight = *t.weight.get_ref();
        if !unit(weight) {
            return Err(cx.at(
                t.weight.span(),
                format!("trait {id}: weight {weight} is outside 0-1"),
            ));
        }
        let phrases = phrases_of(
            cx,
            &id,
            &t,
            normaliser,
            scoring,
            &mut seen_phrases,
            warnings,
        )?;
        if phrases.is_empty() {
            warnings.push(Warning::TraitWithoutPhrases {
                file: file.to_string(),
                trait_id: id.to_string(),
            });
        }
        traits.push(Trait {
            label: if t.label.is_empty() {
                id.replace('_', " ")
            } else {
                t.label
            },
            id,
            kind,
            weight,
            description: t.description,
            seed: t.seed,
            source: t.source,
            phrases,
        });
    }
    Ok(traits)
}

/// A trait's id, checked: lowercase letters, digits and _.
fn trait_id(cx: &Ctx, raw: &Spanned<String>) -> Result<String, InputError> {
    let id = raw.get_ref().trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(cx.at(
            raw.span(),
            format!(
                "trait id {} must be lowercase letters, digits and _",
                quote_cell(&id)
            ),
        ));
    }
    Ok(id)
}

/// The strong then weak phrases of trait `id`; `seen` holds every phrase's words so far, with
/// the trait and text it came from.
fn phrases_of(
    cx: &Ctx,
    id: &str,
    t: &RawTrait,
    normaliser: &text::Normaliser,
    scoring: &Scoring,
    seen: &mut HashMap<Vec<String>, (String, String)>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Phrase>, InputError> {
    let mut phrases = Vec::new();
    for (list, weak) in [(&t.phrases, false), (&t.weak, true)] {
        for p in list {
            let words = normaliser.words(p.get_ref());
            if words.is_empty() {
                return Err(cx
                    .at(
                        p.span(),
                        format!(
                            "trait {id}: phrase {} has no words left after normalisation",
                            quote_cell(p.get_ref())
                        ),
                    )
                    .hint("stop words such as \"the\" and \"of\" are ignored; use content words"));
            }
            if let Some((other, text)) = seen.get(&words) {
                if other == id {
                    return Err(cx.at(
                        p.span(),
                        format!(
                            "trait {id}: phrase {} repeats {}",
                            quote_cell(p.get_ref()),
                            quote_cell(text)
                        ),
                    ));
                }
                warnings.push(Warning::PhraseInTwoTraits {
                    file: cx.file.to_string(),
                    phrase: p.get_ref().to_string(),
                    trait_id: id.to_string(),
                    other: other.to_string(),
                });
            } else {
                seen.insert(words.clone(), (id.to_string(), p.get_ref().clone()));
            }
            phrases.push(Phrase {
                text: p.get_ref().clone(),
                words,
                evidence: if weak {
                    scoring.weak_evidence
                } else {
                    scoring.strong_evidence
                },
                weak,
            });
        }
    }
    Ok(phrases)
}
