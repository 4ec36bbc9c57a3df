//! The bad-input corpus of issue 15: every case in `tests/data/bad/cases.toml` run on the real
//! binary, and files with one 50 MB field in each column, generated here, run with every
//! command and format. Never a panic or exit 101; errors name the file; nothing that reaches a
//! terminal carries control characters or bidi overrides; long text is cut for display.

use super::exposure;
use serde::Deserialize;
use std::path::Path;
use std::process::Output;

#[derive(Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    terminal: bool,
}

const BAD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/bad");

/// Characters that must never reach a terminal as they are: controls (line breaks aside) and
/// bidirectional overrides, isolates and marks.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What every run must satisfy, whatever the case expects.
fn never_broken(what: &str, out: &Output) {
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "{what}: panicked: {stderr}");
    assert_ne!(
        out.status.code(),
        Some(3),
        "{what}: internal error: {stderr}"
    );
    assert!(out.status.code().is_some(), "{what}: killed by a signal");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    if let Some(c) = stderr.chars().find(|c| unsafe_char(*c)) {
        panic!(
            "{what}: standard error holds U+{:04X}: {stderr:?}",
            c as u32
        );
    }
}

#[test]
fn every_case_of_the_bad_input_corpus() {
    let manifest: Manifest =
        toml::from_str(&std::fs::read_to_string(Path::new(BAD).join("cases.toml")).unwrap())
            .expect("cases.toml parses");
    assert!(
        manifest.case.len() >= 40,
        "the corpus has at least 40 cases"
    );
    let mut failures = Vec::new();
    for case in &manifest.case {
        let out = exposure()
            .current_dir(BAD)
            .args(&case.args)
            .output()
            .expect("runs");
        if let Err(why) = check(case, &out) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check(case: &Case, out: &Output) -> Result<(), String> {
    never_broken(&case.name, out);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    if out.status.code() != Some(case.exit) {
        return Err(format!(
            "exit {:?}, expected {}: {stderr}",
            out.status.code(),
            case.exit
        ));
    }
    for f in &case.stderr {
        if !stderr.contains(f.as_str()) {
            return Err(format!("standard error lacks {f:?}: {stderr}"));
        }
    }
    for f in &case.stdout {
        if !stdout.contains(f.as_str()) {
            return Err(format!("standard output lacks {f:?}: {stdout}"));
        }
    }
    for f in &case.absent {
        if stdout.contains(f.as_str()) || stderr.contains(f.as_str()) {
            return Err(format!("{f:?} was printed: {stdout}{stderr}"));
        }
    }
    if let Some(c) = stdout.chars().find(|c| case.terminal && unsafe_char(*c)) {
        return Err(format!("the terminal output holds U+{:04X}", c as u32));
    }
    Ok(())
}

/// A column's header and an ordinary value.
type Column = (&'static str, &'static str);

/// A command's arguments, `{}` standing for the file.
type Command = &'static [&'static str];

/// One field of this size in a column: issue 15's "50 MB single field".
const BIG: usize = 50 << 20;

/// The inventory columns and a row; the field of column `big` is replaced by `BIG` bytes.
const INVENTORY: [(&str, &str); 6] = [
    ("role", "Support Agent"),
    ("department", "Care"),
    ("headcount", "10"),
    ("task_id", "S1"),
    ("task", "Answer FAQ emails about order status"),
    ("hours_per_week", "20"),
];

/// The ticket columns and a row; the queue is a role of the inventory.
const TICKETS: [(&str, &str); 7] = [
    ("Ticket ID", "T-1"),
    ("Created at", "2026-09-07T09:00:00"),
    ("Queue", "Support Agent"),
    ("Category", "Password reset"),
    ("Subject", "Reset for Jane"),
    ("Requester email", "jane@example.com"),
    ("Handle time (sec)", "300"),
];

/// A CSV whose column `big` holds one huge field on the first row; two ordinary rows follow.
fn with_big_field(columns: &[(&str, &str)], big: usize, size: usize) -> Vec<u8> {
    let header: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
    let mut out = format!("{}\n", header.join(",")).into_bytes();
    for (i, (_, v)) in columns.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if i == big {
            // Words, so the text reaches the tokeniser, stemmer and phrase matcher.
            let word = b"answer emails ";
            out.extend(word.iter().cycle().take(size));
        } else {
            out.extend_from_slice(v.as_bytes());
        }
    }
    out.push(b'\n');
    for _ in 0..2 {
        let row: Vec<&str> = columns.iter().map(|(_, v)| *v).collect();
        out.extend_from_slice(format!("{}\n", row.join(",")).as_bytes());
    }
    out
}

const FORMATS: [&str; 4] = ["table", "csv", "json", "markdown"];

/// Runs `args` with `format` and checks what holds for a huge field: no panic, a bounded
/// message, a table or Markdown report that shows a cut of the text, never all of it.
fn run_big(what: &str, dir: &Path, args: &[&str], format: &str) {
    let out = exposure()
        .current_dir(dir)
        .args(args)
        .args(["--format", format, "--color", "never"])
        .output()
        .expect("runs");
    let what = format!("{what}: {} --format {format}", args.join(" "));
    never_broken(&what, &out);
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{what}: exit {:?}: {}",
        out.status.code(),
        text(&out.stderr)
    );
    assert!(
        out.stderr.len() < 20_000,
        "{what}: {} bytes of messages",
        out.stderr.len()
    );
    if matches!(format, "table" | "markdown") {
        assert!(
            out.stdout.len() < 1 << 20,
            "{what}: {} bytes shown",
            out.stdout.len()
        );
    }
}

/// The commands that read an inventory, with `{}` for the file.
const INVENTORY_COMMANDS: [&[&str]; 4] = [
    &["analyze", "{}"],
    &["analyze", "{}", "--by", "task"],
    &["paths", "{}"],
    &["check", "--tasks", "{}"],
];

/// The commands that read a ticket export, with `{}` for the file.
const TICKET_COMMANDS: [&[&str]; 3] = [
    &["tickets", "{}"],
    &["analyze", "inventory.csv", "--tickets", "{}"],
    &[
        "simulate",
        "inventory.csv",
        "--tickets",
        "{}",
        "--adoption",
        "moderate",
    ],
];

fn fill<'a>(command: &[&'a str], file: &'a str) -> Vec<&'a str> {
    command
        .iter()
        .map(|a| if *a == "{}" { file } else { a })
        .collect()
}

/// Every column of both kinds of file, with every command and every format, at `size` bytes
/// per huge field. `all` runs each (command, format) pair per column; otherwise the pairs are
/// shared out over the columns so that each column, command and format runs at least once.
fn huge_fields(size: usize, all: bool) {
    let dir = tempfile::tempdir().unwrap();
    let inventory = with_big_field(&INVENTORY, usize::MAX, 0);
    std::fs::write(dir.path().join("inventory.csv"), inventory).unwrap();
    let mut turn = 0;
    let kinds: [(&[Column], &[Command]); 2] = [
        (&INVENTORY, &INVENTORY_COMMANDS),
        (&TICKETS, &TICKET_COMMANDS),
    ];
    for (columns, commands) in kinds {
        let pairs: Vec<(&[&str], &str)> = commands
            .iter()
            .flat_map(|c| FORMATS.iter().map(move |f| (*c, *f)))
            .collect();
        for (big, (column, _)) in columns.iter().enumerate() {
            let file = format!("big-{big}.csv");
            std::fs::write(dir.path().join(&file), with_big_field(columns, big, size)).unwrap();
            let chosen: Vec<&(&[&str], &str)> = if all {
                pairs.iter().collect()
            } else {
                // Every pair once over the columns, and at least one pair per column.
                let per = pairs.len().div_ceil(columns.len()).max(1);
                (0..per).map(|k| &pairs[(turn + k) % pairs.len()]).collect()
            };
            turn += chosen.len();
            for (command, format) in chosen {
                run_big(
                    &format!("huge {column}"),
                    dir.path(),
                    &fill(command, &file),
                    format,
                );
            }
            std::fs::remove_file(dir.path().join(&file)).unwrap();
        }
    }
}

#[test]
fn a_50_mb_field_in_each_column_with_each_command_and_format() {
    huge_fields(BIG, false);
}

#[test]
fn a_1_mb_field_in_every_column_with_every_command_and_format() {
    huge_fields(1 << 20, true);
}
