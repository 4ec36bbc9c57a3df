//! Text normalisation shared by tasks and lexicon phrases: lowercase, words, English stop words
//! dropped, and each word reduced by the Snowball English stemmer (rust-stemmers).

use rust_stemmers::{Algorithm, Stemmer};

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
        let mut out = Vec::new();
        let lower = text.to_lowercase();
        // Apostrophes join ("customer's" is one word); every other non-alphanumeric splits.
        for raw in lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        {
            let word: String = raw.chars().filter(|c| c.is_alphanumeric()).collect();
            let word = word
                .strip_suffix("s")
                .filter(|_| raw.ends_with("'s") || raw.ends_with("’s"))
                .map(str::to_string)
                .unwrap_or(word);
            if word.is_empty() || STOP_WORDS.contains(&word.as_str()) {
                continue;
            }
            if word.len() > MAX_STEMMED_BYTES {
                out.push(word);
            } else {
                out.push(self.stemmer.stem(&word).into_owned());
            }
        }
        out
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
