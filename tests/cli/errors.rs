//! Bad input: exit 2 with file, line, column and a hint; never a panic (issue 2).

use super::exposure;
use predicates::prelude::*;

fn fails(file: &str, stderr: &[&str]) {
    let mut a = exposure().args(["analyze", file]).assert().code(2);
    for s in stderr {
        a = a.stderr(predicate::str::contains(*s));
    }
}

#[test]
fn not_a_number_names_file_line_and_column() {
    fails(
        "tests/data/bad_number.csv",
        &[
            "error: tests/data/bad_number.csv:3:3: \"twelve\" is not a number (column \"hours\")",
            "hint:",
        ],
    );
}

#[test]
fn missing_column_lists_columns_and_suggests_map() {
    fails(
        "tests/data/missing_task.csv",
        &[
            "no column for \"task\"",
            "the columns found are \"role\", \"Activity desc\", \"hours\"",
            "the closest is \"Activity desc\"",
            "--map task=\"Activity desc\"",
        ],
    );
    // ... and the hint works.
    exposure()
        .args([
            "analyze",
            "tests/data/missing_task.csv",
            "--map",
            "task=Activity desc",
        ])
        .assert()
        .success();
}

#[test]
fn empty_file_header_only_negative_hours_and_duplicate_columns_fail() {
    fails("tests/data/empty.csv", &["the file is empty"]);
    fails("tests/data/header_only.csv", &["header but no task rows"]);
    fails(
        "tests/data/negative.csv",
        &["negative.csv:2:3: negative hours"],
    );
    fails(
        "tests/data/duplicate_headers.csv",
        &["columns 3 and 4 both look like hours_per_week", "--map"],
    );
}

#[test]
fn unterminated_quote_names_the_line() {
    fails(
        "tests/data/unterminated.csv",
        &["unterminated.csv:2: a quoted field opens here and never closes"],
    );
}

#[test]
fn missing_file_and_bad_flag_values_fail_with_exit_2() {
    fails(
        "tests/data/nope.csv",
        &["tests/data/nope.csv: cannot read: no such file"],
    );
    exposure()
        .args(["analyze", "tests/data/small.csv", "--fail-above", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fail-above lots"));
    exposure()
        .args(["analyze", "tests/data/small.csv", "--map", "task"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not KEY=COLUMN"));
    exposure()
        .args(["analyze", "--frobnicate"])
        .assert()
        .code(2);
}

#[test]
fn binary_garbage_fails_without_a_panic() {
    exposure()
        .args(["analyze", "-"])
        .write_stdin(vec![0u8, 159, 146, 150, b'\n', 1, 2, 3])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: <stdin>: this is not a text table but binary data",
        ));
}

#[test]
fn error_messages_stay_as_reviewed() {
    // The whole text a user sees for each kind of bad input, reviewed once and kept stable.
    let mut all = String::new();
    for file in [
        "bad_number.csv",
        "missing_task.csv",
        "empty.csv",
        "header_only.csv",
        "negative.csv",
        "duplicate_headers.csv",
        "unterminated.csv",
    ] {
        let out = exposure()
            .args(["analyze", &format!("tests/data/{file}")])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{file}");
        all.push_str(&format!(
            "$ exposure analyze tests/data/{file}\n{}\n",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    insta::assert_snapshot!(all);
}

/// An output path the operating system refuses is an input error (exit 2) that names the path
/// and the system's reason, not "a bug in exposure" (architecture issue).
#[test]
fn output_path_the_system_refuses_exits_2_with_path_and_reason() {
    exposure()
        .args(["analyze", "tests/data/small.csv", "-o", "/proc/version"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write /proc/version: "))
        .stderr(predicate::str::contains("bug").not());
}
