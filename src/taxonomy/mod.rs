//! The routine-versus-complex taxonomy (DESIGN section 4): traits with a kind, a weight, the seed
//! sentence they come from and a lexicon of phrases. The default is `default.toml`, embedded in
//! the binary; `--taxonomy FILE` replaces it. Loading checks the file and names the line of any
//! problem.

pub mod text;

use crate::error::{quote_cell, InputError};
use crate::input::source;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

/// The embedded default taxonomy.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// How many other words may stand between two words of a phrase ("answer customer questions"
/// still matches "answer questions").
pub const MAX_GAP: usize = 2;

/// What a trait is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// AI, chatbots or RPA can take the task over.
    Routine,
    /// A bottleneck that keeps a human in the task.
    Complex,
    /// AI strengthens the person rather than replacing them.
    Augment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Routine => "routine",
            Kind::Complex => "complex",
            Kind::Augment => "augment",
        }
    }
}

/// Thresholds of the task classes and of the evidence a phrase gives.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// automatability >= this: class automate.
    pub automate_at: f64,
    /// automatability <= this: class retain.
    pub retain_at: f64,
    /// bottleneck evidence >= this: class retain, whatever else.
    pub strong_bottleneck: f64,
    /// evidence of one match of a `phrases` entry.
    pub strong_evidence: f64,
    /// evidence of one match of a `weak` entry.
    pub weak_evidence: f64,
    /// Share of automatability a task loses at full augment evidence: AI strengthens the person
    /// doing it rather than replacing them. 0 gives DESIGN's formula unchanged.
    #[serde(default)]
    pub augment_damping: f64,
}

/// Role exposure bands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    /// exposure >= high: band high.
    pub high: f64,
    /// exposure < low: band low; in between, medium.
    pub low: f64,
}

/// One lexicon phrase, as written and as matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub text: String,
    pub words: Vec<String>,
    pub evidence: f64,
    pub weak: bool,
}

/// One trait of the taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct Trait {
    pub id: String,
    pub kind: Kind,
    pub weight: f64,
    pub label: String,
    pub description: String,
    pub seed: String,
    pub source: Option<String>,
    pub phrases: Vec<Phrase>,
}

/// A loaded, checked taxonomy with its phrase index.
pub struct Taxonomy {
    pub name: String,
    pub version: Option<u32>,
    pub description: String,
    pub scoring: Scoring,
    pub bands: Bands,
    pub traits: Vec<Trait>,
    pub sha256: String,
    /// `embedded` or the path it was read from.
    pub origin: String,
    /// The TOML as read, for `exposure taxonomy --format toml`.
    pub toml: String,
    /// Warnings from loading (a phrase in two traits, say).
    pub warnings: Vec<String>,
    normaliser: text::Normaliser,
    /// First word of a phrase -> (trait, phrase).
    index: HashMap<String, Vec<(usize, usize)>>,
}

/// Which phrases of one trait a text matched.
#[derive(Debug, Clone, PartialEq)]
pub struct TraitMatch {
    pub trait_index: usize,
    pub phrases: Vec<usize>,
    /// 1 - prod(1 - evidence of each phrase).
    pub evidence: f64,
}

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
    /// The embedded default.
    pub fn embedded() -> Result<Taxonomy, InputError> {
        Taxonomy::parse("embedded", "default.toml", DEFAULT_TOML)
    }

    /// Reads `--taxonomy FILE`.
    pub fn from_file(path: &str) -> Result<Taxonomy, InputError> {
        let src = source::read(path)?;
        Taxonomy::parse(path, &src.name, &src.text)
    }

    /// The embedded default, or the file given.
    pub fn load(path: Option<&str>) -> Result<Taxonomy, InputError> {
        match path {
            Some(p) => Taxonomy::from_file(p),
            None => Taxonomy::embedded(),
        }
    }

    /// Parses and checks a taxonomy; `file` names it in messages.
    pub fn parse(origin: &str, file: &str, text: &str) -> Result<Taxonomy, InputError> {
        let at = |span: std::ops::Range<usize>, msg: String| {
            let (line, col) = line_col(text, span.start);
            InputError::in_file(file, msg)
                .at_line(line)
                .at_column_number(col)
        };
        let raw: RawTaxonomy = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let err = match e.span() {
                Some(span) => at(span, msg),
                None => InputError::in_file(file, msg),
            };
            err.hint("a taxonomy has name, [scoring], [bands] and [[traits]] with id, kind, weight, description, seed and phrases; see `exposure taxonomy --format toml`")
        })?;
        let normaliser = text::Normaliser::default();
        let scoring = *raw.scoring.get_ref();
        let bands = *raw.bands.get_ref();
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        if ![
            scoring.automate_at,
            scoring.retain_at,
            scoring.strong_bottleneck,
            scoring.strong_evidence,
            scoring.weak_evidence,
            scoring.augment_damping,
        ]
        .into_iter()
        .all(unit)
            || scoring.retain_at >= scoring.automate_at
        {
            return Err(at(
                raw.scoring.span(),
                "scoring thresholds must lie in 0-1, with retain_at below automate_at".into(),
            ));
        }
        if !unit(bands.low) || !unit(bands.high) || bands.low >= bands.high {
            return Err(at(
                raw.bands.span(),
                "bands must lie in 0-1, with low below high".into(),
            ));
        }
        let mut traits: Vec<Trait> = Vec::new();
        let mut warnings = Vec::new();
        let mut seen_phrases: HashMap<Vec<String>, (String, String)> = HashMap::new();
        for t in raw.traits {
            let id = t.id.get_ref().trim().to_string();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(at(
                    t.id.span(),
                    format!(
                        "trait id {} must be lowercase letters, digits and _",
                        quote_cell(&id)
                    ),
                ));
            }
            if traits.iter().any(|x| x.id == id) {
                return Err(at(
                    t.id.span(),
                    format!("trait {} is defined twice", quote_cell(&id)),
                ));
            }
            let kind = match t.kind.get_ref().as_str() {
                "routine" => Kind::Routine,
                "complex" => Kind::Complex,
                "augment" => Kind::Augment,
                other => {
                    return Err(at(
                        t.kind.span(),
                        format!("trait {id}: unknown kind {}", quote_cell(other)),
                    )
                    .hint("kind is routine, complex or augment"))
                }
            };
            let weight = *t.weight.get_ref();
            if !unit(weight) {
                return Err(at(
                    t.weight.span(),
                    format!("trait {id}: weight {weight} is outside 0-1"),
                ));
            }
            let mut phrases = Vec::new();
            for (list, weak) in [(&t.phrases, false), (&t.weak, true)] {
                for p in list {
                    let words = normaliser.words(p.get_ref());
                    if words.is_empty() {
                        return Err(at(
                            p.span(),
                            format!(
                                "trait {id}: phrase {} has no words left after normalisation",
                                quote_cell(p.get_ref())
                            ),
                        )
                        .hint(
                            "stop words such as \"the\" and \"of\" are ignored; use content words",
                        ));
                    }
                    if let Some((other, text)) = seen_phrases.get(&words) {
                        if *other == id {
                            return Err(at(
                                p.span(),
                                format!(
                                    "trait {id}: phrase {} repeats {}",
                                    quote_cell(p.get_ref()),
                                    quote_cell(text)
                                ),
                            ));
                        }
                        warnings.push(format!(
                            "{file}: phrase {} of {id} also stands in {other}; a match counts for both",
                            quote_cell(p.get_ref())
                        ));
                    } else {
                        seen_phrases.insert(words.clone(), (id.clone(), p.get_ref().clone()));
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
            if phrases.is_empty() {
                warnings.push(format!(
                    "{file}: trait {id} has no phrases; only explicit columns can give it evidence"
                ));
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
        for kind in [Kind::Routine, Kind::Complex] {
            if !traits.iter().any(|t| t.kind == kind) {
                warnings.push(format!(
                    "{file}: no {} trait; every task will lack that side of the evidence",
                    kind.as_str()
                ));
            }
        }
        let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ti, t) in traits.iter().enumerate() {
            for (pi, p) in t.phrases.iter().enumerate() {
                index.entry(p.words[0].clone()).or_default().push((ti, pi));
            }
        }
        Ok(Taxonomy {
            name: raw.name,
            version: raw.version,
            description: raw.description,
            scoring,
            bands,
            traits,
            sha256: source::sha256(text.as_bytes()),
            origin: origin.to_string(),
            toml: text.to_string(),
            warnings,
            normaliser,
            index,
        })
    }

    /// Position of a trait by id.
    pub fn trait_index(&self, id: &str) -> Option<usize> {
        self.traits.iter().position(|t| t.id == id)
    }

    /// Stemmed content words of a text, as phrases are matched against them.
    pub fn words(&self, text: &str) -> Vec<String> {
        self.normaliser.words(text)
    }

    /// The traits a text gives evidence of, in taxonomy order, with the phrases that matched.
    pub fn classify(&self, text: &str) -> Vec<TraitMatch> {
        let words = self.normaliser.words(text);
        // (trait, phrase, positions of the matched words) of every match.
        let mut hits: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for (start, w) in words.iter().enumerate() {
            let Some(candidates) = self.index.get(w) else {
                continue;
            };
            for &(ti, pi) in candidates {
                if let Some(at) = match_at(&words, start, &self.traits[ti].phrases[pi].words) {
                    hits.push((ti, pi, at));
                }
            }
        }
        // A phrase whose words all belong to a longer match is said more precisely by the longer
        // one: in the same trait it is the same evidence twice ("reset" in "password reset"); in
        // another trait the longer phrase is the narrower reading ("evaluate" is judgment, but
        // "evaluate applications" against fixed criteria is rule-based work), so it wins.
        let kept: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(_, _, at)| {
                !hits.iter().any(|(_, _, longer)| {
                    longer.len() > at.len() && at.iter().all(|p| longer.contains(p))
                })
            })
            .map(|(ti, pi, _)| (*ti, *pi))
            .collect();
        let mut out: Vec<TraitMatch> = Vec::new();
        for (ti, t) in self.traits.iter().enumerate() {
            let mut phrases: Vec<usize> = kept
                .iter()
                .filter(|(x, _)| *x == ti)
                .map(|(_, p)| *p)
                .collect();
            phrases.sort_unstable();
            phrases.dedup();
            if phrases.is_empty() {
                continue;
            }
            let evidence = 1.0
                - phrases
                    .iter()
                    .map(|&p| 1.0 - t.phrases[p].evidence)
                    .product::<f64>();
            out.push(TraitMatch {
                trait_index: ti,
                phrases,
                evidence,
            });
        }
        out
    }
}

/// Where `phrase` matches `words` starting at `start`: the positions of its words.
fn match_at(words: &[String], start: usize, phrase: &[String]) -> Option<Vec<usize>> {
    if words.get(start)? != &phrase[0] {
        return None;
    }
    let mut at = vec![start];
    let mut pos = start;
    for w in &phrase[1..] {
        let window = (pos + 1)..(pos + 2 + MAX_GAP).min(words.len());
        pos = window.into_iter().find(|&i| &words[i] == w)?;
        at.push(pos);
    }
    Some(at)
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u64, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_taxonomy_loads() {
        let t = Taxonomy::embedded().expect("the embedded taxonomy is valid");
        assert!(t.traits.iter().any(|x| x.kind == Kind::Routine));
        assert!(t.traits.iter().any(|x| x.kind == Kind::Complex));
        assert!(t.traits.iter().any(|x| x.kind == Kind::Augment));
    }

    #[test]
    fn embedded_taxonomy_reads_classes_of_work() {
        let t = Taxonomy::embedded().expect("the embedded taxonomy is valid");
        let ids = |text: &str| {
            t.classify(text)
                .iter()
                .map(|m| t.traits[m.trait_index].id.clone())
                .collect::<Vec<_>>()
        };
        // Machine-paced manual work is routine; hands-on work in changing surroundings is not.
        let machine = ids("Set up the packing machine and watch its gauges during the shift");
        assert!(machine.contains(&"machine_work".to_string()), "{machine:?}");
        assert!(!machine.contains(&"physical".to_string()), "{machine:?}");
        assert!(
            ids("Repair burst water pipes at customers' homes").contains(&"physical".to_string())
        );
        // A judgment verb with a routine object reads as rule-based checking.
        assert_eq!(
            ids("Evaluate mortgage applications against the lending criteria"),
            vec!["rule_based"]
        );
        assert!(ids("Teach evening classes to adult students").contains(&"teaching".to_string()));
        assert!(ids("Plan next year's strategy with the leadership team")
            .contains(&"judgment".to_string()));
    }

    #[test]
    fn phrases_match_with_small_gaps_only() {
        let w = |s: &str| text::Normaliser::default().words(s);
        let phrase = w("answer questions");
        assert!(match_at(&w("answer customer questions"), 0, &phrase).is_some());
        assert!(match_at(&w("answer every single customer questions"), 0, &phrase).is_none());
    }

    #[test]
    fn a_longer_phrase_of_another_trait_takes_precedence() {
        let toml = "name = \"x\"\n[scoring]\nautomate_at = 0.6\nretain_at = 0.3\nstrong_bottleneck = 0.6\nstrong_evidence = 0.8\nweak_evidence = 0.4\n[bands]\nhigh = 0.6\nlow = 0.3\n\
            [[traits]]\nid = \"judgment\"\nkind = \"complex\"\nweight = 0.7\ndescription = \"d\"\nseed = \"s\"\nphrases = [\"evaluate\"]\n\
            [[traits]]\nid = \"rule_based\"\nkind = \"routine\"\nweight = 0.8\ndescription = \"d\"\nseed = \"s\"\nphrases = [\"evaluate applications\"]\n";
        let t = Taxonomy::parse("t.toml", "t.toml", toml).expect("valid taxonomy");
        let ids = |text: &str| {
            t.classify(text)
                .iter()
                .map(|m| t.traits[m.trait_index].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("Evaluate loan applications"), vec!["rule_based"]);
        assert_eq!(ids("Evaluate the program"), vec!["judgment"]);
        // Both readings stand when the short phrase also occurs on its own.
        assert_eq!(
            ids("Evaluate applications and evaluate staff"),
            vec!["judgment", "rule_based"]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "name = \"x\"\n[scoring]\nautomate_at = 0.6\nretain_at = 0.3\nstrong_bottleneck = 0.6\nstrong_evidence = 0.8\nweak_evidence = 0.4\n[bands]\nhigh = 0.6\nlow = 0.3\n[[traits]]\nid = \"a\"\nkind = \"sometimes\"\nweight = 0.5\ndescription = \"d\"\nseed = \"s\"\nphrases = [\"x\"]\n";
        let err = Taxonomy::parse("t.toml", "t.toml", bad)
            .err()
            .expect("unknown kind is an error");
        assert_eq!(err.line, Some(13));
        assert!(err.message.contains("unknown kind"));
    }
}
