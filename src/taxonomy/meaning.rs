//! Evidence from meaning (ARCHITECTURE section 4): static word vectors distilled from
//! all-MiniLM-L6-v2 (`meaning/vectors.bin`, built by `scripts/embeddings/build.py`), so that a
//! task or ticket category whose words the lexicon does not hold still gets evidence from what
//! it means. Two parts, both shipped as data with the scripts that make them:
//!
//! - nearest prototype: every lexicon phrase of a trait, and the trait's meaning anchors
//!   (`meaning/anchors.toml`), is a prototype; a text close to one gets that trait's evidence,
//!   weaker than an exact phrase, and the explanation names the phrase and the similarity;
//! - a learned score: a ridge regression from the text's vector to O*NET occupations' routine
//!   measures, trained on the development half only (`meaning/model.json`, `train.py`).
//!
//! The lookup rule and the formulas follow `scripts/embeddings/README.md` exactly; the Python
//! reference (`scripts/embeddings/score.py`) gives the same figures.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

static VECTORS: &[u8] = include_bytes!("meaning/vectors.bin");
static MODEL: &str = include_str!("meaning/model.json");
static ANCHORS: &str = include_str!("meaning/anchors.toml");

/// Words longer than this give no pieces (as the reference does).
const MAX_WORD_CHARS: usize = 100;

/// Distinct words kept in a thread's token cache (as the stem cache, bounded against hostile
/// input of random words).
const TOKEN_CACHE_WORDS: usize = 200_000;

thread_local! {
    /// Each lowercase word and its token rows: the greedy WordPiece search tries every prefix
    /// of an unknown word, and the same words come back on every task.
    static TOKENS: RefCell<FxHashMap<Box<str>, Box<[u32]>>> = RefCell::default();
}

/// The word vector table: tokens, per-row scales and the int8 matrix, borrowed from the binary.
struct Table {
    index: FxHashMap<&'static str, u32>,
    scales: Vec<f32>,
    rows: &'static [u8],
    dim: usize,
}

/// The nearest-prototype settings of `model.json`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct NearestSettings {
    pub lo: f64,
    pub hi: f64,
    pub e_max: f64,
    pub margin: f64,
}

/// The learned component of `model.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Learned {
    pub weights: Vec<f64>,
    pub bias: f64,
    pub mean: f64,
    pub sd: f64,
    pub slope: f64,
    pub blend: f64,
    pub confidence: f64,
    pub classify_at: f64,
}

#[derive(Debug, Clone, Deserialize)]
struct Model {
    nearest: NearestSettings,
    learned: Learned,
}

#[derive(Deserialize)]
struct Anchors {
    anchors: HashMap<String, Vec<String>>,
}

// The three files are embedded at compile time and read by the unit tests below, so parsing them
// cannot fail in a built binary: `expect` here guards the build, not user input.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(VECTORS).expect("the embedded vector table is well formed"))
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| serde_json::from_str(MODEL).expect("the embedded model.json is well formed"))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads the format of `scripts/embeddings/README.md`: magic, version, n, d, the tokens, n
/// f32 scales, then the n·d int8 matrix.
fn parse_table(b: &'static [u8]) -> Option<Table> {
    if b.get(..8)? != b"EXPVEC01" || u32_at(b, 8)? != 1 {
        return None;
    }
    let (n, dim) = (u32_at(b, 12)? as usize, u32_at(b, 16)? as usize);
    let mut at = 20;
    let mut index = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for i in 0..n {
        let len = *b.get(at)? as usize;
        let token = std::str::from_utf8(b.get(at + 1..at + 1 + len)?).ok()?;
        index.insert(token, i as u32);
        at += 1 + len;
    }
    let scales = (0..n)
        .map(|i| {
            Some(f32::from_le_bytes(
                b.get(at + 4 * i..at + 4 * i + 4)?.try_into().ok()?,
            ))
        })
        .collect::<Option<Vec<f32>>>()?;
    at += 4 * n;
    let rows = b.get(at..at + n * dim)?;
    Some(Table {
        index,
        scales,
        rows,
        dim,
    })
}

impl Table {
    /// The token rows of a text: lowercase, split on anything not an ASCII letter or digit;
    /// a whole word that is a token, or else greedy longest-match WordPiece pieces (a word
    /// with a position no piece matches gives nothing).
    fn tokens(&self, text: &str) -> Vec<u32> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        TOKENS.with_borrow_mut(|cache| {
            for word in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
                if word.is_empty() || word.len() > MAX_WORD_CHARS {
                    continue;
                }
                if let Some(pieces) = cache.get(word) {
                    out.extend_from_slice(pieces);
                    continue;
                }
                let pieces = self.pieces(word);
                out.extend_from_slice(&pieces);
                if cache.len() < TOKEN_CACHE_WORDS {
                    cache.insert(word.into(), pieces.into_boxed_slice());
                }
            }
        });
        out
    }

    /// One word's rows: the word itself when it is a token, or else its greedy longest-match
    /// WordPiece pieces (nothing when a position matches no piece).
    fn pieces(&self, word: &str) -> Vec<u32> {
        if let Some(&i) = self.index.get(word) {
            return vec![i];
        }
        let mut pieces = Vec::new();
        let mut key = String::with_capacity(word.len() + 2);
        let mut start = 0;
        while start < word.len() {
            let piece = (start + 1..=word.len()).rev().find_map(|end| {
                key.clear();
                if start > 0 {
                    key.push_str("##");
                }
                key.push_str(&word[start..end]);
                self.index.get(key.as_str()).map(|&i| (i, end))
            });
            match piece {
                Some((i, end)) => {
                    pieces.push(i);
                    start = end;
                }
                None => return Vec::new(),
            }
        }
        pieces
    }

    /// The mean of the text's token rows, L2-normalised; `None` when no word is known.
    fn sentence(&self, text: &str) -> Option<Vec<f32>> {
        let tokens = self.tokens(text);
        if tokens.is_empty() {
            return None;
        }
        let mut v = vec![0f32; self.dim];
        for &t in &tokens {
            let t = t as usize;
            let scale = self.scales[t];
            let row = &self.rows[t * self.dim..(t + 1) * self.dim];
            for (x, &q) in v.iter_mut().zip(row) {
                *x += f32::from(q as i8) * scale;
            }
        }
        let n = tokens.len() as f32;
        v.iter_mut().for_each(|x| *x /= n);
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        (norm > 0.0).then(|| v.into_iter().map(|x| x / norm).collect())
    }
}

/// A trait's evidence from meaning: the nearest prototype and its similarity.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    pub trait_index: usize,
    pub evidence: f64,
    pub phrase: String,
    pub similarity: f64,
}

/// What meaning says of one text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextMeaning {
    /// Traits whose nearest prototype is close enough to give evidence.
    pub near: Vec<Near>,
    /// The learned routine score (standardised), when the text has a known word.
    pub learned: Option<f64>,
}

/// The prototypes of one taxonomy: a row per phrase or anchor, with its trait.
#[derive(Debug, Clone, Default)]
pub struct Meaning {
    /// The number of traits of the taxonomy.
    trait_count: usize,
    traits: Vec<usize>,
    phrases: Vec<String>,
    /// Row-major, one normalised vector a prototype.
    matrix: Vec<f32>,
}

impl Meaning {
    /// Prototypes from each trait's phrases (given as the trait's id and phrase texts) and the
    /// embedded anchors of the traits with those ids.
    pub fn new(traits: &[(String, Vec<String>)]) -> Meaning {
        let anchors: Anchors =
            toml::from_str(ANCHORS).expect("the embedded anchors are well formed");
        let mut m = Meaning {
            trait_count: traits.len(),
            ..Meaning::default()
        };
        for (ti, (id, phrases)) in traits.iter().enumerate() {
            let extra = anchors.anchors.get(id).into_iter().flatten();
            for p in phrases.iter().chain(extra) {
                if let Some(v) = table().sentence(p) {
                    m.traits.push(ti);
                    m.phrases.push(p.clone());
                    m.matrix.extend(v);
                }
            }
        }
        m
    }

    /// The learned component's settings, for the scoring formula.
    pub fn learned() -> &'static Learned {
        &model().learned
    }

    /// What meaning says of each text, computed together: a matrix product per chunk of texts.
    pub fn of(&self, texts: &[&str]) -> Vec<TextMeaning> {
        // Chunks keep the similarity matrix small (1,024 texts × the prototypes) and are read
        // on every core.
        const CHUNK: usize = 1024;
        texts
            .par_chunks(CHUNK)
            .flat_map_iter(|chunk| self.of_chunk(chunk))
            .collect()
    }

    fn of_chunk(&self, chunk: &[&str]) -> Vec<TextMeaning> {
        let t = table();
        let vectors: Vec<Option<Vec<f32>>> = chunk
            .iter()
            .map(|x| t.sentence(super::readable_part(x)))
            .collect();
        let sims = self.similarities(&vectors, t.dim);
        let p = self.traits.len();
        let mut row = 0;
        vectors
            .iter()
            .map(|v| match v {
                Some(v) => {
                    let m = TextMeaning {
                        near: self.nearest(&sims[row * p..(row + 1) * p]),
                        learned: Some(learned_score(v)),
                    };
                    row += 1;
                    m
                }
                None => TextMeaning::default(),
            })
            .collect()
    }

    /// Cosine similarities (the vectors are normalised) of the known vectors with every
    /// prototype: a (known × prototypes) row-major matrix.
    fn similarities(&self, vectors: &[Option<Vec<f32>>], d: usize) -> Vec<f32> {
        let x: Vec<f32> = vectors.iter().flatten().flatten().copied().collect();
        let (m, p) = (x.len() / d.max(1), self.traits.len());
        let mut sims = vec![0f32; m * p];
        if m > 0 && p > 0 {
            // SAFETY: x is m × d, the prototypes p × d (read transposed), sims m × p, all
            // row-major with the strides given, and the three do not overlap.
            unsafe {
                matrixmultiply::sgemm(
                    m,
                    d,
                    p,
                    1.0,
                    x.as_ptr(),
                    d as isize,
                    1,
                    self.matrix.as_ptr(),
                    1,
                    d as isize,
                    0.0,
                    sims.as_mut_ptr(),
                    p as isize,
                    1,
                );
            }
        }
        sims
    }

    /// Per trait its nearest prototype; the traits within `margin` of the best one get
    /// evidence `e_max · clamp((sim − lo) / (hi − lo), 0, 1)`.
    fn nearest(&self, sims: &[f32]) -> Vec<Near> {
        let s = model().nearest;
        // Only prototypes within the margin of the best one can give evidence: find the best
        // first (one pass the compiler vectorises), then each trait's best among those.
        let floor = f64::from(sims.iter().copied().fold(f32::MIN, f32::max)) - s.margin;
        let mut best: Vec<Option<(usize, f32)>> = vec![None; self.trait_count];
        for (k, &sim) in sims.iter().enumerate() {
            if f64::from(sim) < floor {
                continue;
            }
            let slot = &mut best[self.traits[k]];
            if slot.is_none_or(|(_, b)| sim > b) {
                *slot = Some((k, sim));
            }
        }
        let top = best
            .iter()
            .flatten()
            .map(|b| f64::from(b.1))
            .fold(f64::MIN, f64::max);
        best.iter()
            .enumerate()
            .filter_map(|(ti, b)| b.map(|(k, sim)| (ti, k, f64::from(sim))))
            .filter(|&(.., sim)| sim >= top - s.margin)
            .filter_map(|(ti, k, sim)| {
                let e = s.e_max * ((sim - s.lo) / (s.hi - s.lo)).clamp(0.0, 1.0);
                (e > 0.0).then(|| Near {
                    trait_index: ti,
                    evidence: e,
                    phrase: self.phrases[k].clone(),
                    similarity: sim,
                })
            })
            .collect()
    }
}

/// `(x · w + bias − mean) / sd`: how routine the learned part finds the text, in standard
/// deviations of the training tasks.
fn learned_score(v: &[f32]) -> f64 {
    let l = &model().learned;
    let dot: f64 = v
        .iter()
        .zip(&l.weights)
        .map(|(&x, &w)| f64::from(x) * w)
        .sum();
    (dot + l.bias - l.mean) / l.sd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_reads_and_splits_words_as_the_reference_does() {
        let t = table();
        assert_eq!(t.dim, 256);
        assert_eq!(t.index.len(), 27_558);
        // `faq` is not a token: WordPiece gives `fa`, `##q`.
        let faq = t.tokens("FAQ");
        assert_eq!(faq.len(), 2);
        assert_eq!(t.tokens("cancel_order").len(), 2);
        assert!(t.sentence("").is_none());
        assert!(t.sentence("!!!").is_none());
        let v = t.sentence("reset my password").expect("known words");
        let norm: f32 = v.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn close_wording_finds_the_trait_of_a_phrase() {
        let m = Meaning::new(&[
            ("repetitive".into(), vec!["reset password".into()]),
            (
                "empathy".into(),
                vec!["comfort a distressed customer".into()],
            ),
        ]);
        let got = m.of(&["recover_password", "¿¡! …"]);
        assert_eq!(
            got[0].near.first().map(|n| n.trait_index),
            Some(0),
            "{got:?}"
        );
        assert!(got[0].learned.is_some());
        assert_eq!(got[1], TextMeaning::default());
    }
}
