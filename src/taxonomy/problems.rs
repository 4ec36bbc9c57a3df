//! Problems a customer reports in a ticket's category or subject (`meaning/problems.toml`,
//! ARCHITECTURE section 4): security and fraud, disputed payments, faults. They are concepts of
//! their own because by meaning they sit next to the routine request they spoil ("card stolen"
//! beside "replace card"). Words are compared after stemming, as lexicon phrases are.

use super::text::Normaliser;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

static PROBLEMS: &str = include_str!("meaning/problems.toml");

/// How far after its `before` word an `after` word still counts ("not been recognised").
const REACH: usize = 2;

#[derive(Deserialize)]
struct Raw {
    problems: Vec<RawProblem>,
    catch_all: RawWords,
}

#[derive(Deserialize)]
struct RawProblem {
    id: String,
    traits: BTreeMap<String, f64>,
    words: Vec<String>,
    #[serde(default)]
    after: Vec<RawAfter>,
}

#[derive(Deserialize)]
struct RawAfter {
    before: Vec<String>,
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawWords {
    words: Vec<String>,
}

/// Words that name the problem only shortly after another ("not" … "recognised").
#[derive(Debug, Clone)]
struct After {
    before: HashMap<String, String>,
    words: HashMap<String, String>,
}

/// One problem, with its words stemmed and the traits of the taxonomy it gives evidence to.
#[derive(Debug, Clone)]
struct Problem {
    id: String,
    /// (trait index, evidence).
    traits: Vec<(usize, f64)>,
    /// Stemmed word -> the word as listed.
    words: HashMap<String, String>,
    after: Vec<After>,
}

/// The evidence one problem gives one trait of a text, with the word that showed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemEvidence {
    pub trait_index: usize,
    pub evidence: f64,
    /// The problem's id (`security`, `dispute`, `fault`).
    pub problem: String,
    /// The word as the problem lists it ("stolen"), or the two words that showed it together
    /// ("not recognise").
    pub word: String,
}

/// The problems, tied to one taxonomy's traits.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    problems: Vec<Problem>,
    catch_all: Vec<String>,
}

impl Problems {
    /// The embedded problems, keeping only the traits `trait_index` knows (a custom taxonomy
    /// without them gets no evidence from them).
    pub fn new(normaliser: &Normaliser, trait_index: impl Fn(&str) -> Option<usize>) -> Self {
        // Embedded at compile time and read by the unit tests below: parsing cannot fail in a
        // built binary.
        let raw: Raw = toml::from_str(PROBLEMS).expect("the embedded problems are well formed");
        let stems = |words: &[String]| -> HashMap<String, String> {
            words
                .iter()
                .filter_map(|w| Some((normaliser.words(w).pop()?, w.clone())))
                .collect()
        };
        let problems = raw
            .problems
            .iter()
            .map(|p| Problem {
                id: p.id.clone(),
                traits: p
                    .traits
                    .iter()
                    .filter_map(|(id, &e)| Some((trait_index(id)?, e)))
                    .collect(),
                words: stems(&p.words),
                after: p
                    .after
                    .iter()
                    .map(|a| After {
                        before: stems(&a.before),
                        words: stems(&a.words),
                    })
                    .collect(),
            })
            .filter(|p| !p.traits.is_empty())
            .collect();
        Problems {
            problems,
            catch_all: raw
                .catch_all
                .words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        }
    }

    /// Whether a text is only a catch-all label ("Other", "General / Misc"), word for word
    /// (several of those words are stop words, gone after normalising).
    pub fn is_catch_all(&self, text: &str) -> bool {
        let mut words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .peekable();
        words.peek().is_some() && words.all(|w| self.catch_all.contains(&w.to_lowercase()))
    }

    /// The evidence the problems named in `words` (a text's stemmed words) give, per trait the
    /// strongest.
    pub fn of(&self, words: &[String]) -> Vec<ProblemEvidence> {
        let mut out: Vec<ProblemEvidence> = Vec::new();
        for p in &self.problems {
            let Some(word) = p.found(words) else {
                continue;
            };
            for &(ti, e) in &p.traits {
                let evidence = ProblemEvidence {
                    trait_index: ti,
                    evidence: e,
                    problem: p.id.clone(),
                    word: word.clone(),
                };
                match out.iter_mut().find(|x| x.trait_index == ti) {
                    Some(x) if x.evidence < e => *x = evidence,
                    Some(_) => {}
                    None => out.push(evidence),
                }
            }
        }
        out
    }
}

impl Problem {
    /// The first of its words in `words`, or one of its `after` words shortly after a `before`
    /// word, as listed.
    fn found(&self, words: &[String]) -> Option<String> {
        for (i, w) in words.iter().enumerate() {
            if let Some(listed) = self.words.get(w) {
                return Some(listed.clone());
            }
            for a in &self.after {
                let Some(listed) = a.words.get(w) else {
                    continue;
                };
                let before = words[i.saturating_sub(REACH)..i]
                    .iter()
                    .find_map(|b| a.before.get(b));
                if let Some(before) = before {
                    return Some(format!("{before} {listed}"));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems() -> (Normaliser, Problems) {
        let n = Normaliser::default();
        let ids = ["high_stakes", "empathy", "judgment"];
        let p = Problems::new(&n, |id| ids.iter().position(|x| *x == id));
        (n, p)
    }

    #[test]
    fn fraud_and_disputes_name_their_word_and_traits() {
        let (n, p) = problems();
        let stolen = p.of(&n.words("Card was stolen"));
        assert_eq!(stolen.len(), 2);
        assert!(stolen
            .iter()
            .all(|e| e.problem == "security" && e.word == "stolen"));
        let unrecognised = p.of(&n.words("Payment I do not recognise"));
        assert!(unrecognised
            .iter()
            .any(|e| e.problem == "dispute" && e.word == "not recognise"));
    }

    #[test]
    fn privacy_requests_need_their_verb() {
        let (n, p) = problems();
        let erase = p.of(&n.words("Please delete my data"));
        assert!(erase
            .iter()
            .any(|e| e.problem == "privacy" && e.word == "delete data"));
        assert!(p.of(&n.words("Delete account")).is_empty());
    }

    #[test]
    fn routine_requests_and_far_negations_give_nothing() {
        let (n, p) = problems();
        assert!(p.of(&n.words("Reset password")).is_empty());
        assert!(p.of(&n.words("Track my order")).is_empty());
        // "recognise" three words after the negation is out of reach.
        assert!(p
            .of(&n.words("no idea how this new card is recognised"))
            .is_empty());
    }

    #[test]
    fn catch_all_labels_are_known() {
        let (_, p) = problems();
        assert!(p.is_catch_all("Other"));
        assert!(p.is_catch_all("General / Misc"));
        assert!(p.is_catch_all("N/A"));
        assert!(!p.is_catch_all("General billing"));
        assert!(!p.is_catch_all(" - "));
    }

    #[test]
    fn a_taxonomy_without_the_traits_gets_no_problems() {
        let n = Normaliser::default();
        let p = Problems::new(&n, |_| None);
        assert!(p.of(&n.words("card stolen")).is_empty());
    }
}
