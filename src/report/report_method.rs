//! The method part of `exposure report`: the taxonomy in use, how scores are computed with the
//! thresholds of this run, how well they agree with outside measures, and every input with its
//! hash (SHA-256, or BLAKE3 for a ticket export read without `--sha256`) and row count. The writer adds every warning after it.

use super::{format_number, percent, Block, Cell, Grid};
use crate::analysis::Analysis;

/// The agreement figures of README "How well do the scores agree with external measures?"
/// (benches/validate on the development half of O*NET: 458 occupations, 9,254 tasks).
const AGREEMENT: [[&str; 4]; 4] = [
    [
        "Spearman with the routine-cognitive index (O*NET Work Context, after Acemoglu & Autor 2011; 430 occupations)",
        "0.614",
        "0.664",
        "0.635",
    ],
    [
        "Spearman with Frey & Osborne's (2013) probability of computerisation (350 occupations)",
        "0.741",
        "0.770",
        "0.736",
    ],
    [
        "Task AUC against GPT-4's T3-T4 automation labels (Eloundou et al. 2023; reference only)",
        "0.679",
        "0.683",
        "0.707",
    ],
    ["O*NET tasks unclassified", "2.8%", "2.8%", "7.1%"],
];

pub fn method(a: &Analysis) -> Vec<Block> {
    let t = &a.taxonomy;
    let mut blocks = vec![
        Block::Heading(1, "Method".into()),
        Block::Heading(2, "The taxonomy in use".into()),
        Block::Paragraph(format!(
            "Taxonomy \"{}\" ({}), SHA-256 {}. {}",
            t.name,
            t.origin,
            t.sha256,
            t.description.trim()
        )),
        Block::Table(traits(a)),
        Block::Heading(2, "How scores are computed".into()),
        Block::Bullets(formulas(a)),
        Block::Heading(2, "How well the scores agree with outside measures".into()),
        Block::Paragraph(
            "benches/validate scores half of O*NET's occupations (each occupation a role, its published task statements the inventory) and compares the result with outside views of routine work. Figures on that development half, out of fold (5 folds by SOC code) and in-sample:".into(),
        ),
        Block::Table(agreement()),
        Block::Paragraph(
            "Exposure is not a probability of job loss: Spearman tests order, not level, and O*NET's task statements are generic where a company's own inventory differs. On the held-back half the estimate is 0.610 and 0.714 for the first two measures.".into(),
        ),
        Block::Heading(2, "Inputs".into()),
        Block::Table(inputs(a)),
    ];
    if let Some(p) = &a.paths {
        blocks.push(Block::Paragraph(format!(
            "Upskilling paths from the catalog \"{}\" ({}), SHA-256 {}.",
            p.catalog.name, p.catalog.origin, p.catalog.sha256
        )));
    }
    blocks
}

fn traits(a: &Analysis) -> Grid {
    Grid {
        header: vec!["Trait", "Kind", "Weight", "What it means", "Seed sentence"],
        rows: a
            .taxonomy
            .traits
            .iter()
            .map(|tr| {
                vec![
                    Cell::Text(format!("{} ({})", tr.label, tr.id)),
                    Cell::text(tr.kind.as_str()),
                    Cell::Number(tr.weight, 2),
                    Cell::text(&tr.description),
                    Cell::text(&tr.seed),
                ]
            })
            .collect(),
    }
}

fn formulas(a: &Analysis) -> Vec<String> {
    let s = &a.taxonomy.scoring;
    let b = &a.taxonomy.bands;
    vec![
        format!(
            "Each task is read for traits: a phrase of the taxonomy found in its text is evidence {} ({} for a weak phrase), several combine as 1 − Π(1 − e); a column of the inventory named after a trait overrides it. Evidence from meaning (word vectors close to a trait's phrases) counts where it beats the phrases.",
            format_number(s.strong_evidence, 2),
            format_number(s.weak_evidence, 2)
        ),
        "Routine evidence R, bottleneck B and augment A combine the traits of each kind as 1 − Π(1 − weight × evidence).".to_string(),
        format!(
            "Automatability a = (0.5 + 0.5·R) × (1 − B) × (1 − {}·A): work that AI strengthens is not work it takes over. A learned routine score joins the routine base where the evidence is thin, and widens the range.",
            format_number(s.augment_damping, 2)
        ),
        format!(
            "Class: retain when B ≥ {}; augment when augment evidence is at least as strong as the others; automate when a ≥ {}; retain when a ≤ {}; augment in between.",
            format_number(s.strong_bottleneck, 2),
            format_number(s.automate_at, 2),
            format_number(s.retain_at, 2)
        ),
        "A task with no evidence and no known word is unclassified: a = 0.5 with the widest range. Each unclassified or weakly evidenced task is taken at its plausible extremes for the range.".to_string(),
        format!(
            "Per role: exposure = Σ hours × a / Σ hours, its range likewise; band high from {}, low below {}; FTE exposed = exposure × headcount. Organisation and department figures weigh each role by its hours times its headcount (one person where none is given).",
            percent(b.high),
            percent(b.low)
        ),
        "Ticket exports: for each queue and category over P weeks, N tickets at an average handle time of m minutes are N·m/60/P hours a week, shared over the queue's headcount; categories are scored like tasks, and no ticket text reaches the report.".to_string(),
    ]
}

fn agreement() -> Grid {
    Grid {
        header: vec![
            "Measure",
            "With meaning, out of fold",
            "With meaning, in-sample",
            "Lexicon only",
        ],
        rows: AGREEMENT
            .iter()
            .map(|row| row.iter().map(|c| Cell::text(*c)).collect())
            .collect(),
    }
}

fn inputs(a: &Analysis) -> Grid {
    Grid {
        header: vec!["Input", "Hash", "Rows"],
        rows: a
            .inputs
            .iter()
            .map(|i| {
                // SHA-256 where it was computed (task files always, ticket exports with
                // --sha256), BLAKE3 otherwise.
                let hash = match &i.sha256 {
                    Some(sha) => format!("SHA-256 {sha}"),
                    None => format!("BLAKE3 {}", i.blake3),
                };
                vec![
                    Cell::text(&i.path),
                    Cell::text(hash),
                    Cell::Number(i.rows as f64, 0),
                ]
            })
            .collect(),
    }
}
