//! `exposure tickets` on CSV exports large enough to span several of the reader's 4 MB blocks
//! (ARCHITECTURE section 3, "Ticket exports"). The exports are generated here, row by row, from a
//! fixed seed, and the expected answer is computed from the same rows: counts per queue and
//! category, the exact sum of valid handle seconds, and the exclusions.
//!
//! The rows carry a long quoted free-text column with commas, doubled quotes, embedded newlines
//! and lines that look like rows, so that the block cuts fall inside quoted fields.

use super::{exposure, f, json_of};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The reader's buffer: blocks end at file offsets that are multiples of this.
const BLOCK: usize = 4 << 20;

/// The spellings of "no value" the reader recognises (compared trimmed and lowercased).
const MISSING: &[&str] = &["", "?", "-", "n/a", "na", "null", "none", "nan", "#n/a"];

const HEADER: &str =
    "Ticket ID,Created at,Resolved at,Queue,Category,Notes,Handle time (sec),Resolved by bot\n";

const QUEUES: &[&str] = &[
    "L1 Chat",
    "L1 Email",
    "L1 Phone",
    "L2 Escalations",
    "Back Office",
];

/// Cells as written: the last one is quoted because it holds a comma.
const CATEGORIES: &[&str] = &[
    "Order status",
    "Password reset",
    "Invoice copy",
    "Billing dispute",
    "Refund request",
    "\"Address change, delivery\"",
];

const WORDS: &[&str] = &[
    "customer",
    "says",
    "the",
    "parcel",
    "never",
    "arrived",
    "refund",
    "invoice",
    "login",
    "password",
    "again",
    "agent",
    "called",
    "back",
    "escalated",
    "tracking",
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One data row; every cell exactly as written in the file (quoted where the file quotes it),
/// except `notes`, which holds the text before quoting.
#[derive(Clone, Debug)]
struct Row {
    id: String,
    created: String,
    resolved: String,
    queue: String,
    category: String,
    notes: String,
    handle: String,
    bot: String,
}

impl Row {
    /// Offsets in the written row of the notes' opening and closing quotes, and the row's length.
    fn notes_span(&self) -> (usize, usize, usize) {
        let mut written = Vec::new();
        self.write(&mut written);
        let open = [
            &self.id,
            &self.created,
            &self.resolved,
            &self.queue,
            &self.category,
        ]
        .iter()
        .map(|c| c.len() + 1)
        .sum::<usize>();
        let close = open + 1 + self.notes.len() + self.notes.matches('"').count();
        assert_eq!(written[open], b'"');
        assert_eq!(written[close], b'"');
        (open, close, written.len())
    }

    fn write(&self, out: &mut Vec<u8>) {
        let notes = format!("\"{}\"", self.notes.replace('"', "\"\""));
        let cells = [
            &self.id,
            &self.created,
            &self.resolved,
            &self.queue,
            &self.category,
            &notes,
            &self.handle,
            &self.bot,
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(cell.as_bytes());
        }
        out.push(b'\n');
    }
}

/// A generated export.
struct Export {
    bytes: Vec<u8>,
    rows: Vec<Row>,
}

impl Export {
    fn save(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, &self.bytes).expect("write the export");
        path
    }
}

/// Timestamp `seconds` after 2026-09-01T00:00:00, ISO, 19 characters.
fn stamp(seconds: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("date");
    (base + chrono::Duration::seconds(seconds))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Free text: commas, doubled quotes, newlines, a quote as last character, a leading newline,
/// and now and then a line that looks like a whole row.
fn notes(rng: &mut Rng, i: usize) -> String {
    let n = 4 + rng.below(16);
    let mut s = String::new();
    if i % 17 == 0 {
        s.push('\n');
    }
    for k in 0..n {
        if k > 0 {
            s.push_str(match rng.below(10) {
                0 => ", ",
                1 => "\n",
                2 => ",\n",
                _ => " ",
            });
        }
        match rng.below(14) {
            0 => s.push_str("\"quoted, with a comma\""),
            1 => s.push_str("\"\""),
            2 => s.push_str("\"\n\""),
            _ => s.push_str(WORDS[rng.below(WORDS.len())]),
        }
    }
    if i % 97 == 0 {
        s.push_str(
            "\nNW-999999,2026-09-01T00:00:00,2026-09-01T00:05:00,L1 Chat,Order status,x,60,TRUE\n",
        );
    }
    if i % 13 == 0 {
        s.push('"');
    }
    s
}

/// A plain row: unique id, a created date within four weeks, a handle time in seconds (now and
/// then negative, over a day, or the boundaries 0 and 86400), and a bot flag.
fn plain_row(rng: &mut Rng, i: usize) -> Row {
    let created = (i as i64 * 7919) % (28 * 86_400);
    let handle = match i % 1000 {
        1 => "-30".to_string(),
        2 => "90000".to_string(),
        3 => "0".to_string(),
        4 => "86400".to_string(),
        5 => "86401".to_string(),
        _ => (20 + rng.below(1800)).to_string(),
    };
    let bot = match rng.below(5) {
        0 => "TRUE",
        1 => "",
        _ => "FALSE",
    };
    Row {
        id: format!("NW-{:07}", i),
        created: stamp(created),
        resolved: stamp(created + 600 + rng.below(7200) as i64),
        queue: QUEUES[rng.below(QUEUES.len())].to_string(),
        category: CATEGORIES[rng.below(CATEGORIES.len())].to_string(),
        notes: notes(rng, i),
        handle,
        bot: bot.to_string(),
    }
}

/// Generates `n` rows; `tweak` gets each row's index and the file offset where it will start,
/// and may change its cells. The notes of the row at each block cut (a multiple of 4 MB) are
/// lengthened when needed so that the cut falls inside them.
fn build(n: usize, seed: u64, mut tweak: impl FnMut(usize, usize, &mut Row)) -> Export {
    let mut rng = Rng(seed);
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.reserve(n * 170);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = plain_row(&mut rng, i);
        let start = bytes.len();
        tweak(i, start, &mut row);
        for cut in (1..4).map(|k| k * BLOCK) {
            let (open, close, end) = row.notes_span();
            // The cut falls after these notes, in this row or at the start of the next.
            if start + open < cut && start + close < cut && cut < start + end + 160 {
                let pad = cut - (start + close) + 30;
                row.notes.push_str(&filler(pad));
            }
        }
        row.write(&mut bytes);
        rows.push(row);
    }
    Export { bytes, rows }
}

/// At least `len` bytes of words and newlines, without quotes.
fn filler(len: usize) -> String {
    let mut s = String::new();
    let mut k = 0;
    while s.len() < len {
        s.push_str(if k % 7 == 6 { "\n" } else { " padding," });
        k += 1;
    }
    s
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// True when `offset` falls inside a quoted field (the file's quotes before it are odd).
fn inside_quotes(bytes: &[u8], offset: usize) -> bool {
    bytes[..offset].iter().filter(|&&b| b == b'"').count() % 2 == 1
}

/// Checks the export spans at least `blocks` blocks and that every block cut falls inside a
/// quoted field, where a reader that splits at newlines would go wrong.
fn assert_spans_blocks(export: &Export, blocks: usize) {
    let len = export.bytes.len();
    assert!(
        len > (blocks - 1) * BLOCK,
        "the export has {len} bytes: fewer than {blocks} blocks"
    );
    for cut in (1..blocks).map(|k| k * BLOCK) {
        assert!(
            inside_quotes(&export.bytes, cut),
            "the block cut at {cut} is outside quotes: change the generator so that it is not"
        );
    }
}

fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

fn is_missing(cell: &str) -> bool {
    MISSING.contains(&cell.trim().to_ascii_lowercase().as_str())
}

/// One expected line of the report.
#[derive(Debug, Default, Clone, PartialEq)]
struct Line {
    tickets: u64,
    /// Sum of the valid handle seconds, and how many tickets they cover.
    seconds: i64,
    timed: u64,
    bot_yes: u64,
    bot_known: u64,
}

/// The answer the report should give, computed from the rows as written.
#[derive(Debug, Default)]
struct Expected {
    lines: BTreeMap<(String, String), Line>,
    negative: u64,
    over_24_hours: u64,
    unreadable: u64,
    rows: u64,
    /// First and last created date (only 19-character ISO dates, the width of the sample).
    from: Option<String>,
    to: Option<String>,
}

impl Expected {
    fn of(rows: &[Row]) -> Expected {
        let mut e = Expected::default();
        for r in rows {
            e.rows += 1;
            let (queue, category) = (unquote(&r.queue), unquote(&r.category));
            let key = (
                if is_missing(&queue) {
                    "(no queue)".to_string()
                } else {
                    queue
                },
                if is_missing(&category) {
                    "(no category)".to_string()
                } else {
                    category
                },
            );
            let line = e.lines.entry(key).or_default();
            line.tickets += 1;
            let handle = unquote(&r.handle);
            if !is_missing(&handle) {
                match handle.trim().parse::<i64>() {
                    Ok(s) if s < 0 => e.negative += 1,
                    Ok(s) if s > 86_400 => e.over_24_hours += 1,
                    Ok(s) => {
                        line.seconds += s;
                        line.timed += 1;
                    }
                    Err(_) => e.unreadable += 1,
                }
            }
            match r.bot.as_str() {
                "TRUE" => {
                    line.bot_yes += 1;
                    line.bot_known += 1;
                }
                "FALSE" => line.bot_known += 1,
                _ => {}
            }
            let created = r.created.trim();
            if created.len() == 19
                && chrono::NaiveDateTime::parse_from_str(created, "%Y-%m-%dT%H:%M:%S").is_ok()
            {
                if e.from.as_deref().is_none_or(|x| created < x) {
                    e.from = Some(created.to_string());
                }
                if e.to.as_deref().is_none_or(|x| created > x) {
                    e.to = Some(created.to_string());
                }
            }
        }
        e
    }

    fn weeks(&self) -> f64 {
        let t = |s: &Option<String>| {
            chrono::NaiveDateTime::parse_from_str(
                s.as_deref().expect("a date"),
                "%Y-%m-%dT%H:%M:%S",
            )
            .expect("ISO")
        };
        let seconds = (t(&self.to) - t(&self.from)).num_seconds() as f64;
        (seconds / (7.0 * 86_400.0)).max(1.0 / 7.0)
    }

    /// Compares a `tickets --format json` document with this answer, line by line.
    fn check(&self, doc: &Value, what: &str) {
        let rows = doc["tickets"].as_array().expect("tickets rows");
        let got: Vec<(String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r["role"].as_str().unwrap_or("?").to_string(),
                    r["category"].as_str().unwrap_or("?").to_string(),
                )
            })
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        assert_eq!(
            got_sorted,
            self.lines.keys().cloned().collect::<Vec<_>>(),
            "{what}: the lines (queue, category)"
        );
        let weeks = self.weeks();
        let total: u64 = self.lines.values().map(|l| l.tickets).sum();
        for ((queue, category), line) in &self.lines {
            let r = rows
                .iter()
                .find(|r| r["role"] == queue.as_str() && r["category"] == category.as_str())
                .expect("line present");
            let at = format!("{what}: {queue} / {category}");
            assert_eq!(r["tickets"].as_u64(), Some(line.tickets), "{at}: tickets");
            assert!(line.timed > 0, "{at}: the generator left no handle times");
            let aht = line.seconds as f64 / 60.0 / line.timed as f64;
            assert!(
                (f(&r["aht_minutes"]) - aht).abs() < 1e-4,
                "{at}: aht_minutes {} but {} valid seconds over {} tickets make {aht}",
                r["aht_minutes"],
                line.seconds,
                line.timed
            );
            assert_eq!(r["aht_estimated"], false, "{at}");
            let hours = line.tickets as f64 * aht / 60.0 / weeks;
            assert!(
                (f(&r["hours_per_week"]) - hours).abs() < 1e-3,
                "{at}: hours_per_week {} expected {hours}",
                r["hours_per_week"]
            );
            assert!(
                (f(&r["share"]) - line.tickets as f64 / total as f64).abs() < 1e-4,
                "{at}: share"
            );
            let observed = line.bot_yes as f64 / line.bot_known as f64;
            assert!(
                (f(&r["observed_automation"]) - observed).abs() < 1e-4,
                "{at}: observed_automation {} expected {observed}",
                r["observed_automation"]
            );
        }
        assert_eq!(
            doc["excluded"]["negative"].as_u64(),
            Some(self.negative),
            "{what}: excluded.negative"
        );
        assert_eq!(
            doc["excluded"]["over_24_hours"].as_u64(),
            Some(self.over_24_hours),
            "{what}: excluded.over_24_hours"
        );
        assert_eq!(
            doc["excluded"]["unreadable"].as_u64(),
            Some(self.unreadable),
            "{what}: excluded.unreadable"
        );
        assert_eq!(
            doc["rows_read"].as_u64(),
            Some(self.rows),
            "{what}: rows_read"
        );
        assert_eq!(doc["event_rows"], false, "{what}: event_rows");
        assert_eq!(
            doc["period"]["from"].as_str(),
            self.from.as_deref(),
            "{what}: period.from"
        );
        assert_eq!(
            doc["period"]["to"].as_str(),
            self.to.as_deref(),
            "{what}: period.to"
        );
        assert!(
            (f(&doc["period"]["weeks"]) - weeks).abs() < 1e-4,
            "{what}: period.weeks {} expected {weeks}",
            doc["period"]["weeks"]
        );
    }
}

/// Runs `tickets PATH --format json --sha256` (both hashes of the export); exit 0 expected.
/// Returns the document and stderr.
fn run(path: &Path) -> (Value, String) {
    let out = exposure()
        .arg("tickets")
        .arg(path)
        .args(["--format", "json", "--sha256"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "exit {:?} on {}: {stderr}",
        out.status.code(),
        path.display()
    );
    (
        serde_json::from_slice(&out.stdout).expect("valid JSON"),
        stderr,
    )
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn blake3(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The export of tests 1 and 6: about 9 MB (three blocks), with the earliest created date in
/// the middle block and the latest in the first, a resolved date far after every created one
/// (the period is about created dates), and created dates that are not of the sampled width.
fn multi_block() -> Export {
    build(56_000, 0x5eed_0001, |i, _, row| match i {
        700 => row.created = "2026-09-29T23:59:58".to_string(),
        701 => row.resolved = "2026-12-31T23:00:00".to_string(),
        30_000 => row.created = "2026-08-30T06:07:08".to_string(),
        // Another width than the sampled dates: left out of the period.
        30_001 => row.created = "2026-08-01".to_string(),
        40_000 => row.created = "N/A".to_string(),
        40_001 => row.created = String::new(),
        _ => {}
    })
}

#[test]
fn large_export_counts_and_handle_times_across_blocks() {
    let export = multi_block();
    assert_spans_blocks(&export, 3);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export.save(dir.path(), "tickets.csv");
    let (doc, stderr) = run(&path);
    let expected = Expected::of(&export.rows);
    assert_eq!(expected.from.as_deref(), Some("2026-08-30T06:07:08"));
    assert_eq!(expected.to.as_deref(), Some("2026-09-29T23:59:58"));
    assert!(expected.negative > 0 && expected.over_24_hours > 0);
    assert_eq!(expected.unreadable, 0);
    expected.check(&doc, "multi-block export");
    let inputs = doc["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0]["rows"].as_u64(), Some(export.rows.len() as u64));
    assert_eq!(
        inputs[0]["sha256"].as_str(),
        Some(sha256(&export.bytes).as_str())
    );
    assert_eq!(
        inputs[0]["blake3"].as_str(),
        Some(blake3(&export.bytes).as_str())
    );
    assert!(
        doc["handle_times"][0]
            .as_str()
            .is_some_and(|s| s.contains("seconds (from the header)")),
        "{}",
        doc["handle_times"]
    );
    assert!(
        stderr.contains(&format!(
            "{} negative, {} over 24 hours",
            expected.negative, expected.over_24_hours
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("Windows-1252"), "{stderr}");
}

#[test]
fn large_export_handle_time_garbage_after_the_numeric_sample() {
    // The first 12,000 rows (more than the 10,000 sampled) have plain numbers; later rows in the
    // first and last blocks mix missing spellings and garbage; the middle block has only
    // numbers, blanks and missing spellings a number parser might take.
    const SPELLINGS: &[&str] = &[
        "?", "N/A", "", "n/a", "null", "NULL", "-", "none", "na", "#N/A", "nan", "NaN", " ? ",
    ];
    const GARBAGE: &[&str] = &[
        "12 min",
        "5m",
        "approx 300",
        "1:30",
        "12,5",
        "TBD",
        "see notes",
    ];
    let (mut missing, mut garbage) = (0, 0);
    let export = build(56_000, 0x5eed_0002, |i, offset, row| {
        if i < 12_000 {
            return;
        }
        let middle = (BLOCK + 200_000..2 * BLOCK - 200_000).contains(&offset);
        if middle {
            if i % 41 == 0 {
                row.handle = ["", "nan", "NaN"][i % 3].to_string();
                missing += 1;
            }
            return;
        }
        match i % 23 {
            0 => {
                row.handle = SPELLINGS[(i / 23) % SPELLINGS.len()].to_string();
                missing += 1;
            }
            11 => {
                let g = GARBAGE[(i / 23) % GARBAGE.len()];
                // A cell with a comma is quoted in the file.
                row.handle = if g.contains(',') {
                    format!("\"{g}\"")
                } else {
                    g.to_string()
                };
                garbage += 1;
            }
            _ => {}
        }
    });
    assert_spans_blocks(&export, 3);
    assert!(missing > 100 && garbage > 100, "{missing} {garbage}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export.save(dir.path(), "garbage.csv");
    let (doc, stderr) = run(&path);
    let expected = Expected::of(&export.rows);
    assert_eq!(expected.unreadable, garbage, "garbage is unreadable");
    let nan = export
        .rows
        .iter()
        .filter(|r| r.handle.trim().eq_ignore_ascii_case("nan"))
        .count() as u64;
    assert!(nan > 100);
    // "nan" is a missing spelling: no exclusion of any kind, like "N/A".
    assert_eq!(
        doc["excluded"]["over_24_hours"].as_u64(),
        Some(expected.over_24_hours),
        "{nan} handle times spelled nan/NaN must not count as over 24 hours (the export has {} real ones)",
        expected.over_24_hours
    );
    expected.check(&doc, "export with garbage handle times");
    assert!(
        stderr.contains(&format!("{garbage} unreadable")),
        "{stderr}"
    );
}

#[test]
fn large_export_missing_queue_and_category_spellings() {
    const QUEUE_SPELLINGS: &[&str] = &[
        "N/A", "null", "NULL", "\"\"", "", "none", " n/a ", "#N/A", "-",
    ];
    const CATEGORY_SPELLINGS: &[&str] = &["null", "N/A", "?", "\"\"", "", "NaN", "na", "None"];
    let export = build(56_000, 0x5eed_0003, |i, _, row| match i % 37 {
        0 => row.queue = QUEUE_SPELLINGS[(i / 37) % QUEUE_SPELLINGS.len()].to_string(),
        5 => row.category = CATEGORY_SPELLINGS[(i / 37) % CATEGORY_SPELLINGS.len()].to_string(),
        9 => {
            row.queue = QUEUE_SPELLINGS[(i / 37) % QUEUE_SPELLINGS.len()].to_string();
            row.category = CATEGORY_SPELLINGS[(i / 37) % CATEGORY_SPELLINGS.len()].to_string();
        }
        _ => {}
    });
    assert_spans_blocks(&export, 3);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export.save(dir.path(), "missing.csv");
    let (doc, _) = run(&path);
    let expected = Expected::of(&export.rows);
    for key in [
        ("(no queue)", "Order status"),
        ("L1 Chat", "(no category)"),
        ("(no queue)", "(no category)"),
    ] {
        let line = expected
            .lines
            .get(&(key.0.to_string(), key.1.to_string()))
            .unwrap_or_else(|| panic!("the generator made no {key:?} line"));
        assert!(line.tickets > 10);
    }
    expected.check(&doc, "export with missing queues and categories");
    // No spelling of a missing value survives as a queue or category of its own.
    for r in doc["tickets"].as_array().expect("rows") {
        for k in ["role", "category"] {
            let v = r[k].as_str().expect("text");
            assert!(!is_missing(v), "{k} {v:?} is a missing spelling");
        }
    }
}

#[test]
fn large_export_windows_1252_byte_after_five_megabytes() {
    // Rows after the first 5 MB say "Commande livrée": in UTF-8 in one file, in Windows-1252
    // (é = 0xE9) in the other. The first 4 MB, the sample, are the same plain ASCII in both.
    let mut accented = 0;
    let export = build(56_000, 0x5eed_0004, |i, offset, row| {
        if offset > 5 << 20 && i % 53 == 0 {
            row.category = "Commande livrée".to_string();
            row.notes = format!("café, {}", row.notes);
            accented += 1;
        }
    });
    assert_spans_blocks(&export, 3);
    assert!(accented > 10);
    let utf8 = &export.bytes;
    let mut cp1252 = Vec::with_capacity(utf8.len());
    let mut i = 0;
    while i < utf8.len() {
        if utf8[i..].starts_with(&[0xC3, 0xA9]) {
            cp1252.push(0xE9);
            i += 2;
        } else {
            assert!(utf8[i].is_ascii(), "only é is not ASCII");
            cp1252.push(utf8[i]);
            i += 1;
        }
    }
    let first = cp1252.iter().position(|&b| b == 0xE9).expect("an é");
    assert!(first > 5 << 20);
    assert!(std::str::from_utf8(&cp1252).is_err());
    let line = 1 + memchr_count(&cp1252[..first]);

    let dir = tempfile::tempdir().expect("tempdir");
    let utf8_path = export.save(dir.path(), "utf8.csv");
    let cp1252_path = dir.path().join("cp1252.csv");
    std::fs::write(&cp1252_path, &cp1252).expect("write");
    let (utf8_doc, utf8_err) = run(&utf8_path);
    let (doc, stderr) = run(&cp1252_path);

    let expected = Expected::of(&export.rows);
    assert!(expected.lines.keys().any(|(_, c)| c == "Commande livrée"));
    expected.check(&utf8_doc, "UTF-8 export");
    expected.check(&doc, "Windows-1252 export");
    assert_eq!(doc["tickets"], utf8_doc["tickets"]);
    assert_eq!(doc["excluded"], utf8_doc["excluded"]);
    assert_eq!(doc["period"], utf8_doc["period"]);
    assert_eq!(doc["inputs"][0]["rows"], utf8_doc["inputs"][0]["rows"]);
    // The hash is of the bytes on disk, not of the re-encoded text.
    assert_eq!(
        doc["inputs"][0]["sha256"].as_str(),
        Some(sha256(&cp1252).as_str())
    );
    assert_eq!(
        doc["inputs"][0]["blake3"].as_str(),
        Some(blake3(&cp1252).as_str())
    );
    assert!(!utf8_err.contains("Windows-1252"), "{utf8_err}");
    assert_eq!(
        stderr.matches("Windows-1252").count(),
        1,
        "one warning about the encoding: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{} is not valid UTF-8 (first at line {line})",
            cp1252_path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn large_export_unterminated_quote_in_the_last_row() {
    let mut export = build(40_000, 0x5eed_0005, |_, _, _| {});
    assert!(export.bytes.len() > 5 << 20, "{}", export.bytes.len());
    let line = 1 + memchr_count(&export.bytes);
    let last = Row {
        id: "NW-9999999".to_string(),
        notes: String::new(),
        ..export.rows[0].clone()
    };
    let mut tail = Vec::new();
    last.write(&mut tail);
    // Cut the row after the opening quote of its notes and a few lines of text.
    let open = tail.iter().position(|&b| b == b'"').expect("a quote");
    tail.truncate(open + 1);
    tail.extend_from_slice(b"the export stopped here, mid-sentence\nand \"\"more\"\" text\n");
    export.bytes.extend_from_slice(&tail);
    assert!(inside_quotes(&export.bytes, export.bytes.len()));

    let dir = tempfile::tempdir().expect("tempdir");
    let path = export.save(dir.path(), "cut.csv");
    let out = exposure()
        .arg("tickets")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:{line}: a quoted field opens here and never closes",
            path.display()
        )),
        "expected line {line}: {stderr}"
    );
    assert!(out.stdout.is_empty(), "no report on an error");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn large_export_from_stdin_matches_the_file() {
    let export = multi_block();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = export.save(dir.path(), "tickets.csv");
    let (from_file, _) = run(&path);
    let doc = json_of(
        exposure()
            .args(["tickets", "-", "--format", "json"])
            .write_stdin(export.bytes.clone()),
    );
    assert_eq!(doc["tickets"], from_file["tickets"]);
    assert_eq!(doc["excluded"], from_file["excluded"]);
    assert_eq!(doc["period"], from_file["period"]);
    assert_eq!(doc["rows_read"], from_file["rows_read"]);
    assert_eq!(doc["inputs"][0]["path"], "<stdin>");
    assert_eq!(doc["inputs"][0]["rows"], from_file["inputs"][0]["rows"]);
    assert_eq!(doc["inputs"][0]["blake3"], from_file["inputs"][0]["blake3"]);
    // SHA-256 only when asked for.
    assert!(doc["inputs"][0]["sha256"].is_null(), "{}", doc["inputs"][0]);
    Expected::of(&export.rows).check(&doc, "stdin");
}

/// An event export of about 10 MB: 30,000 tickets of three events each, written in rounds of
/// 15,000 tickets, so a ticket's events lie 15,000 rows apart: ids repeat within the first
/// 4 MB (the rows that tell event rows), and the events of the tickets near each block cut
/// fall in two blocks. The first event's queue counts.
#[test]
fn large_event_export_tickets_span_blocks() {
    let tickets = 30_000;
    let mut text =
        String::from("Case ID,Queue,Category,Activity,Time spent (sec),Resolved by bot\n");
    // Expected, per queue and category: tickets, valid seconds, timed tickets, automated, known.
    let mut want: BTreeMap<(String, String), [f64; 5]> = BTreeMap::new();
    let mut per_ticket = vec![(0.0f64, false, false, false); tickets];
    let filler = "x".repeat(70);
    for (round, event) in (0..tickets / 15_000).flat_map(|r| (0..3).map(move |e| (r, e))) {
        for t in round * 15_000..(round + 1) * 15_000 {
            // Only the first event's queue and category count for the ticket.
            let queue = QUEUES[(t + event) % QUEUES.len()];
            let category = ["Order status", "Password reset", "Billing dispute"][t % 3];
            let seconds: i64 = match (t * 7 + event * 13) % 101 {
                0 => -40,
                1 => 90_000,
                k => 30 + k as i64 * 11,
            };
            let bot = ["TRUE", "FALSE", "", "N/A"][(t + event * 3) % 4];
            text.push_str(&format!(
                "C-{t:06},{queue},{category},\"step {event}, {filler}\",{seconds},{bot}\n"
            ));
            let entry = &mut per_ticket[t];
            if (0..=86_400).contains(&seconds) {
                entry.0 += seconds as f64;
                entry.1 = true;
            }
            entry.2 |= bot == "TRUE";
            entry.3 |= bot == "TRUE" || bot == "FALSE";
        }
    }
    for (t, (secs, timed, auto, known)) in per_ticket.iter().enumerate() {
        let key = (
            QUEUES[t % QUEUES.len()].to_string(),
            ["Order status", "Password reset", "Billing dispute"][t % 3].to_string(),
        );
        let w = want.entry(key).or_default();
        w[0] += 1.0;
        w[1] += secs;
        w[2] += f64::from(u8::from(*timed));
        w[3] += f64::from(u8::from(*auto));
        w[4] += f64::from(u8::from(*known));
    }
    assert!(text.len() > 6 << 20, "the export spans several blocks");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("events.csv");
    std::fs::write(&path, &text).expect("write");
    let (doc, _) = run(&path);
    assert_eq!(doc["event_rows"], true);
    assert_eq!(doc["inputs"][0]["rows"], 3 * tickets);
    let lines = doc["tickets"].as_array().expect("tickets");
    assert_eq!(lines.len(), want.len());
    for ((queue, category), w) in &want {
        let line = lines
            .iter()
            .find(|l| l["role"] == queue.as_str() && l["category"] == category.as_str())
            .unwrap_or_else(|| panic!("no line {queue} / {category}"));
        assert_eq!(f(&line["tickets"]), w[0], "{queue} / {category}");
        let aht = w[1] / 60.0 / w[2];
        // The report rounds to four decimals.
        assert!(
            (f(&line["aht_minutes"]) - aht).abs() < 1e-4,
            "{queue} / {category}: AHT {} for {aht}",
            line["aht_minutes"]
        );
        assert!((f(&line["observed_automation"]) - w[3] / w[4]).abs() < 1e-4);
    }
}

/// A quote inside an unquoted field (`24" screen`) is text, as the CSV parser reads it: it
/// must not throw the block cuts out of step (about 5 MB, two blocks).
#[test]
fn large_export_stray_quote_in_an_unquoted_field() {
    let mut text = String::from("queue,category,aht\n");
    for i in 0..260_000 {
        text.push_str(match i {
            1_000 => "Q,Screen 24\" flickering,5\n",
            _ => "Q,Password reset,5\n",
        });
    }
    assert!(text.len() > BLOCK, "the export spans two blocks");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("stray.csv");
    std::fs::write(&path, &text).expect("write");
    let doc = json_of(
        exposure()
            .arg("tickets")
            .arg(&path)
            .args(["--format", "json", "-q", "--weeks", "1"]),
    );
    let tickets = |category: &str| {
        doc["tickets"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["category"] == category))
            .map(|r| f(&r["tickets"]))
    };
    assert_eq!(tickets("Password reset"), Some(259_999.0));
    assert_eq!(tickets("Screen 24\" flickering"), Some(1.0));
    assert_eq!(doc["inputs"][0]["rows"], 260_000);
}
