//! Where the time of `exposure analyze --onet` goes, stage by stage, on the real O*NET Task
//! Statements file of the validation folder (half of O*NET) and, optionally, on more files.
//!
//!     cargo bench --bench onet_stages -- [FILE ...]
//!
//! Without a file it reads `../shared/data/validation/onet_task_statements.txt`. Each stage is
//! timed once per run and the best of 5 runs is shown: loading (read, parse, taxonomy), scoring
//! (lexicon and meaning), paths (every role against the catalog and every other role), and the
//! analysis view written as JSON and as CSV to memory. A plain `fn main`, no harness.

use exposure::analysis::{self, Options};
use exposure::input::columns;
use exposure::report::{self, views, By, Format, Style};
use exposure::taxonomy::Taxonomy;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const STYLE: Style = Style {
    formula_guard: true,
    color: false,
    width: None,
};
const STAGES: [&str; 6] = ["load", "score", "paths", "view", "json", "csv"];

fn main() {
    let mut files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if files.is_empty() {
        files.push("../shared/data/validation/onet_task_statements.txt".into());
    }
    for file in files {
        if !std::path::Path::new(&file).exists() {
            eprintln!("onet_stages: no {file}; give an O*NET Task Statements file");
            std::process::exit(2);
        }
        let mut best = [Duration::MAX; 6];
        let mut shape = (0, 0, 0);
        for _ in 0..RUNS {
            let (times, s) = run(&file);
            shape = s;
            for (b, t) in best.iter_mut().zip(times) {
                *b = (*b).min(t);
            }
        }
        println!(
            "{file}: {} occupations, {} tasks, JSON {} bytes (best of {RUNS})",
            shape.0, shape.1, shape.2
        );
        for (name, t) in STAGES.iter().zip(best) {
            println!("  {name:<6} {:>8.1} ms", t.as_secs_f64() * 1e3);
        }
        let total: Duration = best.iter().take(4).sum();
        println!(
            "  analyze without paths (load+score+view) {:.1} ms, with paths {:.1} ms",
            (best[0] + best[1] + best[3]).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
    }
}

fn run(file: &str) -> ([Duration; 6], (usize, usize, usize)) {
    let opts = Options {
        onet: vec![file.to_string()],
        paths: true,
        ..Options::default()
    };
    let mut times = [Duration::ZERO; 6];
    let t = Instant::now();
    let taxonomy = Taxonomy::load(None).expect("the built-in taxonomy loads");
    let maps = columns::parse_map(&[]).expect("no maps");
    let inventory = analysis::load_inventory(&opts, &taxonomy, &maps).expect("O*NET file reads");
    times[0] = t.elapsed();
    let t = Instant::now();
    let mut a = analysis::score_inventory(inventory, taxonomy, Vec::new());
    times[1] = t.elapsed();
    let t = Instant::now();
    analysis::add_paths(&mut a, &opts).expect("built-in catalog");
    times[2] = t.elapsed();
    let t = Instant::now();
    let doc = views::analysis(&a, By::Role);
    times[3] = t.elapsed();
    let mut json = Vec::new();
    let t = Instant::now();
    report::write(Format::Json, STYLE, &doc, &mut json).expect("JSON writes");
    times[4] = t.elapsed();
    let mut csv = Vec::new();
    let t = Instant::now();
    report::write(Format::Csv, STYLE, &doc, &mut csv).expect("CSV writes");
    times[5] = t.elapsed();
    (times, (a.roles.len(), a.tasks.len(), json.len()))
}
