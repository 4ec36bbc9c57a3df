//! One check per fuzz target: bytes go to one of exposure's readers or parsers, and what must
//! hold for any input is asserted (no panic, sane values, short messages). Shared by the fuzz
//! targets (`fuzz/fuzz_targets/*.rs`, nightly, libFuzzer) and by `tests/fuzz_replay.rs`, which
//! replays every saved corpus and crash input on stable.

#![allow(dead_code)]

use exposure::input::{onet, source, tasks, tickets, values};
use exposure::paths::catalog::Catalog;
use exposure::taxonomy::Taxonomy;
use exposure::InputError;
use std::io::Write;

/// A target's check of one input.
pub type Check = fn(&[u8]);

/// Every target by name, as `fuzz/run` and the replay test know them.
pub const TARGETS: &[(&str, Check)] = &[
    ("tasks", tasks_inventory),
    ("tickets_blocks", tickets_blocks),
    ("tickets_whole", tickets_whole),
    ("row_scan", row_scan),
    ("onet", onet_file),
    ("taxonomy", taxonomy_toml),
    ("catalog", catalog_toml),
    ("values", number_share_frequency),
    ("durations_dates", durations_dates),
    ("csv_guard", csv_guard),
    ("tickets_parquet", tickets_parquet),
];

/// The longest message a bad input may produce: cells are quoted as short excerpts.
const MESSAGE_CHARS: usize = 4000;

fn short_message(e: &InputError) {
    let text = e.to_string();
    assert!(
        text.chars().count() <= MESSAGE_CHARS,
        "a message of {} characters",
        text.chars().count()
    );
}

/// A task inventory, decoded as the command line decodes files.
pub fn tasks_inventory(data: &[u8]) {
    let src = source::decode("fuzz.csv".to_string(), data);
    let opts = tasks::Options {
        maps: Vec::new(),
        trait_ids: vec!["repetitive".to_string(), "judgment".to_string()],
        week_hours: 40.0,
    };
    match tasks::parse(&src, &opts) {
        Ok(inv) => {
            for t in &inv.tasks {
                assert!(t.hours_per_week.is_finite() && t.hours_per_week >= 0.0);
            }
        }
        Err(e) => short_message(&e),
    }
}

fn temp_file(data: &[u8], suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile()
        .expect("a temporary file");
    f.write_all(data).expect("written");
    f
}

fn read_tickets(data: &[u8]) {
    let f = temp_file(data, ".csv");
    let path = f.path().to_string_lossy().to_string();
    match tickets::read(&[path], &tickets::Options::default()) {
        Ok(t) => {
            for g in &t.groups {
                assert!(g.tickets.is_finite() && g.handle_minutes.is_finite());
            }
        }
        Err(e) => short_message(&e),
    }
}

/// A Parquet ticket export (recognised by its bytes, whatever its name): the direct Parquet
/// reader, and polars' scan where it stops.
pub fn tickets_parquet(data: &[u8]) {
    read_tickets(data);
}

/// A ticket export as it is: the block reader, and the whole-file way where it stops.
pub fn tickets_blocks(data: &[u8]) {
    read_tickets(data);
}

/// A ticket export made invalid UTF-8 at the end of its first line, which sends it down the
/// whole-file way (re-encoded, then read again).
pub fn tickets_whole(data: &[u8]) {
    let mut bytes = data.to_vec();
    let at = bytes
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(bytes.len());
    bytes.insert(at, 0xE9);
    read_tickets(&bytes);
}

/// The block reader's search for row ends, with both usual delimiters.
pub fn row_scan(data: &[u8]) {
    for delimiter in [b',', b';'] {
        let (first, last, _) = tickets::probe::scan_rows(data, delimiter);
        if let (Some(f), Some(l)) = (first, last) {
            assert!(f <= l && l <= data.len());
            assert_eq!(data[f - 1], b'\n');
            assert_eq!(data[l - 1], b'\n');
        }
    }
}

/// An O*NET Task Statements file.
pub fn onet_file(data: &[u8]) {
    let f = temp_file(data, ".txt");
    let path = f.path().to_string_lossy().to_string();
    if let Err(e) = onet::read(&[path], &[], 40.0) {
        short_message(&e);
    }
}

/// A taxonomy TOML file.
pub fn taxonomy_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = Taxonomy::parse("fuzz", "fuzz.toml", &text) {
        short_message(&e);
    }
}

/// A catalog TOML file, checked against the embedded taxonomy, strictly and leniently.
pub fn catalog_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // Parsed once: building the embedded taxonomy costs more than parsing a catalog.
    static TAXONOMY: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
    let taxonomy =
        TAXONOMY.get_or_init(|| Taxonomy::embedded().expect("the embedded taxonomy parses"));
    for strict in [false, true] {
        if let Err(e) = Catalog::parse("fuzz", "fuzz.toml", &text, taxonomy, strict) {
            short_message(&e);
        }
    }
}

/// One cell through the number, ambiguity, share, frequency and yes/no parsers.
pub fn number_share_frequency(data: &[u8]) {
    let cell = String::from_utf8_lossy(data);
    if let Some(n) = values::parse_number(&cell) {
        assert!(n.value.is_finite());
    }
    let _ = values::ambiguous_grouping(&cell);
    if let Some(s) = values::parse_share(&cell) {
        assert!((0.0..=1.0).contains(&s));
    }
    if let Some(w) = values::parse_frequency(&cell) {
        assert!(w > 0.0 && w <= 20.0);
    }
    let _ = values::parse_yes_no(&cell, &values::YES_NO);
    let _ = values::is_missing(&cell);
}

/// A header line, then sampled values: the handle-time unit and each value in minutes, and the
/// date format and each value read with it.
pub fn durations_dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let sample: Vec<String> = lines.map(str::to_string).collect();
    let _ = tickets::probe::handle_unit(header, &sample);
    for v in &sample {
        if let Some(m) = tickets::probe::handle_minutes(header, &sample, v) {
            assert!((0.0..=24.0 * 60.0).contains(&m));
        }
    }
    if let Some(format) = tickets::probe::date_format(&sample) {
        for v in &sample {
            let _ = chrono::NaiveDateTime::parse_from_str(v.trim(), format);
        }
    }
}

/// The CSV writer's formula guard: nothing a spreadsheet would evaluate comes out first.
pub fn csv_guard(data: &[u8]) {
    let cell = String::from_utf8_lossy(data);
    let out = exposure::report::csv_formula_guard(&cell);
    assert!(!out.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']));
    assert!(out.ends_with(cell.as_ref()));
}
