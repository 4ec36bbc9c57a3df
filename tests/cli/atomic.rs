//! Outputs are atomic (issue 15): every command and format writes `-o FILE` through a temporary
//! file in the same folder that is renamed into place, so a run that fails leaves an existing
//! file as it was and no temporary file behind.

use super::exposure;
use std::path::Path;

const FORMATS: [&str; 4] = ["table", "csv", "json", "markdown"];

/// Each command with good inputs, then the same command with an input that fails.
fn commands() -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let small = "tests/data/small.csv";
    let bad = "tests/data/bad/inv_ragged_long.csv";
    let tickets = "tests/data/tickets_events.csv";
    let bad_tickets = "tests/data/bad/tix_nul.csv";
    vec![
        (vec!["analyze", small], vec!["analyze", bad]),
        (
            vec!["analyze", small, "--by", "task"],
            vec!["analyze", bad, "--by", "task"],
        ),
        (
            vec!["tickets", tickets, "--role", "Support Agent"],
            vec!["tickets", bad_tickets, "--role", "Support Agent"],
        ),
        (
            vec![
                "simulate",
                small,
                "--tickets",
                tickets,
                "--tickets-role",
                "Support Agent",
                "--adoption",
                "moderate",
            ],
            vec![
                "simulate",
                small,
                "--tickets",
                bad_tickets,
                "--tickets-role",
                "Support Agent",
                "--adoption",
                "moderate",
            ],
        ),
        (vec!["paths", small], vec!["paths", bad]),
        (
            vec!["check", "--task", "Answer FAQ emails=20"],
            vec!["check", "--tasks", bad],
        ),
        (
            vec!["taxonomy"],
            vec![
                "taxonomy",
                "--taxonomy",
                "tests/data/bad/taxonomy_syntax.toml",
            ],
        ),
    ]
}

/// Files in `dir` other than `keep`: temporary files left behind.
fn leftovers(dir: &Path, keep: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep)
        .collect()
}

#[test]
fn every_command_and_format_writes_whole_files_and_a_failure_leaves_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    for (good, bad) in commands() {
        for format in FORMATS {
            let out = dir.path().join("report.out");
            let what = format!("{} --format {format}", good.join(" "));
            let run = exposure()
                .args(&good)
                .args(["--format", format, "-o"])
                .arg(&out)
                .output()
                .unwrap();
            assert_eq!(
                run.status.code(),
                Some(0),
                "{what}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert!(run.stdout.is_empty(), "{what}: wrote to stdout as well");
            let written = std::fs::read(&out).unwrap();
            assert!(!written.is_empty(), "{what}: empty file");
            if format == "json" {
                serde_json::from_slice::<serde_json::Value>(&written)
                    .unwrap_or_else(|e| panic!("{what}: not whole JSON: {e}"));
            }
            assert!(
                leftovers(dir.path(), "report.out").is_empty(),
                "{what}: temporary files left"
            );

            let what = format!("{} --format {format}", bad.join(" "));
            let run = exposure()
                .args(&bad)
                .args(["--format", format, "-o"])
                .arg(&out)
                .output()
                .unwrap();
            assert_eq!(
                run.status.code(),
                Some(2),
                "{what}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert_eq!(
                std::fs::read(&out).unwrap(),
                written,
                "{what}: the old file changed"
            );
            assert!(
                leftovers(dir.path(), "report.out").is_empty(),
                "{what}: temporary files left"
            );
            std::fs::remove_file(&out).unwrap();
        }
    }
}

#[test]
fn a_failing_run_creates_no_file_where_there_was_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new.csv");
    exposure()
        .args(["analyze", "tests/data/bad/inv_binary.csv", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(leftovers(dir.path(), "").is_empty(), "a file was left");
}

/// A file written over keeps its mode (the temporary file's owner-only mode is not carried
/// over to a report someone shares).
#[cfg(unix)]
#[test]
fn a_file_written_over_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exposure.csv");
    let out_str = out.to_str().unwrap();
    for mode in [0o600, 0o644] {
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(mode)).unwrap();
        exposure()
            .args(["analyze", "sample-data/tasks.csv", "-o", out_str])
            .assert()
            .success();
        let now = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(now, mode, "mode {mode:o} became {now:o}");
        assert!(std::fs::read_to_string(&out).unwrap().starts_with("role,"));
    }
}
