//! The routine-versus-complex taxonomy (ARCHITECTURE section 4): traits with a kind, a weight, the seed
//! sentence they come from and a lexicon of phrases. The default is `default.toml`, embedded in
//! the binary; `--taxonomy FILE` replaces it. Loading checks the file and names the line of any
//! problem.

pub mod meaning;
mod parse;
pub mod problems;
pub mod text;

use crate::error::InputError;
use crate::input::source;
use crate::warning::Warning;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// doing it rather than replacing them. 0 gives the brief's formula unchanged.
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
    pub warnings: Vec<Warning>,
    /// Prototypes of the traits for evidence from meaning.
    pub meaning: meaning::Meaning,
    /// Problems a customer reports, for ticket categories and subjects.
    pub problems: problems::Problems,
    normaliser: text::Normaliser,
    /// First word of a phrase -> (trait, phrase).
    index: HashMap<String, Vec<(usize, usize)>>,
}

/// A TOML file being read (a taxonomy, a catalog), to name the line and column of a problem.
pub(crate) struct TomlSource<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl TomlSource<'_> {
    pub fn at(&self, span: std::ops::Range<usize>, msg: String) -> InputError {
        let (line, col) = line_col(self.text, span.start);
        InputError::in_file(self.file, msg)
            .at_line(line)
            .at_column_number(col)
    }
}

/// Which phrases of one trait a text matched.
#[derive(Debug, Clone, PartialEq)]
pub struct TraitMatch {
    pub trait_index: usize,
    pub phrases: Vec<usize>,
    /// 1 - prod(1 - evidence of each phrase).
    pub evidence: f64,
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

    /// Position of a trait by id.
    pub fn trait_index(&self, id: &str) -> Option<usize> {
        self.traits.iter().position(|t| t.id == id)
    }

    /// Stemmed content words of a text, as phrases are matched against them.
    pub fn words(&self, text: &str) -> Vec<String> {
        self.normaliser.words(text)
    }

    /// The words of a text that are read for evidence: those of its [`readable_part`].
    pub fn evidence_words(&self, text: &str) -> Vec<String> {
        self.normaliser.words(readable_part(text))
    }

    /// The traits a text gives evidence of, in taxonomy order, with the phrases that matched.
    pub fn classify(&self, text: &str) -> Vec<TraitMatch> {
        self.classify_words(&self.evidence_words(text))
    }

    /// [`Taxonomy::classify`] on words already normalised (by [`Taxonomy::evidence_words`]).
    pub fn classify_words(&self, words: &[String]) -> Vec<TraitMatch> {
        // (trait, phrase, positions of the matched words) of every match.
        let mut hits: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for (start, w) in words.iter().enumerate() {
            let Some(candidates) = self.index.get(w) else {
                continue;
            };
            for &(ti, pi) in candidates {
                if let Some(at) = match_at(words, start, &self.traits[ti].phrases[pi].words) {
                    hits.push((ti, pi, at));
                }
            }
        }
        // A phrase whose words all belong to a longer match is said more precisely by the longer
        // one: in the same trait it is the same evidence twice ("reset" in "password reset"); in
        // another trait the longer phrase is the narrower reading ("evaluate" is judgment, but
        // "evaluate applications" against fixed criteria is rule-based work), so it wins.
        // Hits are in order of their first word, and a match spans at most `reach` words, so
        // only the hits that start within `reach` words before this one can cover it: the work
        // stays linear in the length of the text (a whole file read as one cell included).
        let reach = hits
            .iter()
            .map(|(_, _, at)| at[at.len() - 1] - at[0])
            .max()
            .unwrap_or(0);
        let kept: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(_, _, at)| {
                let lo = hits.partition_point(|(_, _, l)| l[0] + reach < at[0]);
                let hi = hits.partition_point(|(_, _, l)| l[0] <= at[0]);
                !hits[lo..hi].iter().any(|(_, _, longer)| {
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

/// The most bytes of a text that are read for evidence. No task or category is described at
/// this length; what lies beyond it (a file's rest swallowed by an unbalanced quote, a pasted
/// document) is not read, so the work on any one text is bounded.
pub const MAX_TEXT_BYTES: usize = 4096;

/// The start of `text` that is read for evidence: at most [`MAX_TEXT_BYTES`], cut at a
/// character boundary.
pub fn readable_part(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// True when `phrase` occurs in `words` in order, with at most [`MAX_GAP`] words between
/// neighbours, as the taxonomy's phrases match (the catalog's skill cues match this way too).
pub fn contains_phrase(words: &[String], phrase: &[String]) -> bool {
    (0..words.len()).any(|start| match_at(words, start, phrase).is_some())
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
    fn cues_match_stemmed_words_in_order_with_small_gaps() {
        let t = Taxonomy::embedded().unwrap();
        let cue = t.words("hand off");
        assert!(contains_phrase(
            &t.words("Pick up hand-offs from the bot"),
            &cue
        ));
        assert!(contains_phrase(
            &t.words("hand the conversation off"),
            &t.words("hand conversation")
        ));
        assert!(!contains_phrase(
            &t.words("Handle sensitive escalations"),
            &cue
        ));
        assert!(!contains_phrase(&t.words("off to hand"), &cue));
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
