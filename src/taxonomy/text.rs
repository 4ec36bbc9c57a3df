//! Text normalisation shared by tasks and lexicon phrases: lowercase, words, English stop words
//! dropped, and each word reduced by the Snowball English stemmer (rust-stemmers).

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Distinct words kept in a thread's stem cache; beyond it words are stemmed anew (hostile
/// input of random words cannot grow the cache without bound).
const STEM_CACHE_WORDS: usize = 200_000;

thread_local! {
    /// Each lowercase word as split from text, and what it normalises to (`None`: a stop word
    /// or no letters at all). Stemming is the costly step and the same words come back on
    /// every task of an inventory.
    static STEMS: RefCell<FxHashMap<Box<str>, Option<Box<str>>>> = RefCell::default();
}

/// Function words that carry no evidence; dropping them lets "copy values into forms" match
/// "copying values into the forms".
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "at", "by", "with", "from",
    "into", "onto", "as", "is", "are", "be", "been", "being", "was", "were", "their", "its", "our",
    "your", "my", "his", "her", "all", "any", "this", "that", "these", "those", "such", "other",
    "etc", "it", "they", "them", "who", "which", "whom", "whose", "per", "via", "so", "than",
    "then", "there", "about", "through", "e", "g", "i", "ie", "eg", "s",
];

/// Words longer than this many bytes are kept as they are, not stemmed: no English word is
/// that long, and the stemmer's work on one grows with the square of its length (a 2 MB "word"
/// that an unbalanced quote makes of a file took minutes).
const MAX_STEMMED_BYTES: usize = 64;

/// Turns text into stemmed content words.
pub struct Normaliser {
    stemmer: Stemmer,
}

impl Default for Normaliser {
    fn default() -> Self {
        Normaliser {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Normaliser {
    pub fn words(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        // Apostrophes join ("customer's" is one word); every other non-alphanumeric splits.
        let raws = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty());
        STEMS.with_borrow_mut(|stems| {
            raws.filter_map(|raw| match stems.get(raw) {
                Some(stem) => stem.as_deref().map(str::to_string),
                None => {
                    let stem = self.normalise(raw);
                    let out = stem.as_deref().map(str::to_string);
                    if stems.len() < STEM_CACHE_WORDS && raw.len() <= MAX_STEMMED_BYTES {
                        stems.insert(raw.into(), stem);
                    }
                    out
                }
            })
            .collect()
        })
    }

    /// One lowercase word: the possessive "'s" dropped, then stemmed; `None` for a stop word.
    fn normalise(&self, raw: &str) -> Option<Box<str>> {
        let trimmed = raw.trim_matches(|c| c == '\'' || c == '’');
        let word: String = trimmed.chars().filter(|c| c.is_alphanumeric()).collect();
        let word = word
            .strip_suffix("s")
            .filter(|_| trimmed.ends_with("'s") || trimmed.ends_with("’s"))
            .map(str::to_string)
            .unwrap_or(word);
        if word.is_empty() || STOP_WORDS.contains(&word.as_str()) {
            return None;
        }
        // The stemmer's time grows with the square of a word's length: a "word" that long is
        // no English word (an unbalanced quote can make one of a whole file).
        if word.len() > MAX_STEMMED_BYTES {
            return Some(word.into());
        }
        Some(self.stemmer.stem(&word).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_drops_stop_words() {
        let n = Normaliser::default();
        assert_eq!(
            n.words("Resetting the passwords"),
            n.words("reset password")
        );
        assert_eq!(
            n.words("Copy values into forms"),
            vec!["copi", "valu", "form"]
        );
        assert_eq!(n.words("customer's orders"), n.words("customer order"));
        assert!(n.words(" -- ").is_empty());
        let long = "y".repeat(200_000);
        assert_eq!(n.words(&long), vec![long.clone()]);
    }
}
