//! Golden files: every command in every format on the sample organisation, and the error texts
//! of bad inputs, compared byte for byte with `tests/golden/`. They were written before the
//! architecture refactor (views, typed warnings) so that any change of output is seen and
//! explained in the CHANGELOG.
//!
//! `UPDATE_GOLDEN=1 cargo test golden` rewrites them; review the diff before committing it.

use super::exposure;
use std::path::PathBuf;

/// One case: a name (the golden file's stem) and the arguments after `exposure`.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
}

const FORMATS: [&str; 4] = ["table", "csv", "json", "markdown"];

const TICKETS: &[&str] = &[
    "--tickets",
    "sample-data/tickets.csv.gz",
    "--queue-map",
    "sample-data/queues.csv",
];

/// Commands rendered in all four formats.
fn report_cases() -> Vec<(String, Vec<String>)> {
    let l1 = "Level 1 Support Agent";
    let bases: Vec<(&str, Vec<&str>)> = vec![
        ("analyze-roles", vec!["analyze", "sample-data/tasks.csv"]),
        (
            "analyze-tasks",
            vec!["analyze", "sample-data/tasks.csv", "--by", "task"],
        ),
        (
            "analyze-tickets",
            [&["analyze", "sample-data/tasks.csv"][..], TICKETS].concat(),
        ),
        (
            "analyze-tickets-tasks",
            [
                &[
                    "analyze",
                    "sample-data/tasks.csv",
                    "--by",
                    "task",
                    "--role",
                    l1,
                ][..],
                TICKETS,
            ]
            .concat(),
        ),
        (
            "tickets",
            vec![
                "tickets",
                "sample-data/tickets.csv.gz",
                "--queue-map",
                "sample-data/queues.csv",
            ],
        ),
        ("paths", vec!["paths", "sample-data/tasks.csv"]),
        ("check-like", vec!["check", "--like", l1]),
        (
            "check-tasks",
            vec![
                "check",
                "--title",
                "Support agent",
                "--task",
                "Answer FAQ emails about order status=12",
                "--task",
                "Handle complaints from upset customers=8",
                "--task",
                "Reset customer passwords=6",
            ],
        ),
        ("taxonomy", vec!["taxonomy"]),
    ];
    let mut cases = Vec::new();
    for (name, args) in bases {
        for format in FORMATS {
            let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            a.extend(["--format".to_string(), format.to_string()]);
            cases.push((format!("{name}.{format}"), a));
        }
    }
    cases
}

/// Bad inputs: their exit code and stderr.
const ERROR_CASES: &[Case] = &[
    Case {
        name: "error-bad-number",
        args: &["analyze", "tests/data/bad_number.csv"],
    },
    Case {
        name: "error-missing-task",
        args: &["analyze", "tests/data/missing_task.csv"],
    },
    Case {
        name: "error-empty",
        args: &["analyze", "tests/data/empty.csv"],
    },
    Case {
        name: "error-header-only",
        args: &["analyze", "tests/data/header_only.csv"],
    },
    Case {
        name: "error-negative",
        args: &["analyze", "tests/data/negative.csv"],
    },
    Case {
        name: "error-duplicate-headers",
        args: &["analyze", "tests/data/duplicate_headers.csv"],
    },
    Case {
        name: "error-unterminated",
        args: &["analyze", "tests/data/unterminated.csv"],
    },
    Case {
        name: "error-no-such-file",
        args: &["analyze", "tests/data/does-not-exist.csv"],
    },
    Case {
        name: "error-unknown-role",
        args: &["analyze", "sample-data/tasks.csv", "--role", "Astronaut"],
    },
    Case {
        name: "error-taxonomy-bad-kind",
        args: &[
            "taxonomy",
            "--taxonomy",
            "tests/data/taxonomy_bad_kind.toml",
            "--check",
        ],
    },
    Case {
        name: "error-onet-wrong-header",
        args: &["analyze", "--onet", "tests/data/onet_wrong_header.txt"],
    },
    Case {
        name: "error-tickets-nothing",
        args: &["tickets", "tests/data/tickets_nothing.csv"],
    },
    Case {
        name: "error-tickets-truncated",
        args: &["tickets", "tests/data/tickets_truncated.csv", "--aht", "5"],
    },
    Case {
        name: "error-check-bad-hours",
        args: &["check", "--task", "Answer emails=twelve"],
    },
    Case {
        name: "error-fail-above",
        args: &["analyze", "sample-data/tasks.csv", "--fail-above", "2"],
    },
];

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the golden file, or writes it under `UPDATE_GOLDEN=1`.
fn compare(name: &str, actual: &str, mismatches: &mut Vec<String>) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).expect("golden folder");
        std::fs::write(&path, actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()) + 1);
        mismatches.push(format!("{name}: first difference at line {line}"));
    }
}

fn run(args: &[String]) -> (i32, String, String) {
    let out = exposure()
        .env("COLUMNS", "160")
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_and_format_matches_its_golden_file() {
    let mut mismatches = Vec::new();
    for (name, args) in report_cases() {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{name}: {stderr}");
        compare(&name, &stdout, &mut mismatches);
        compare(&format!("{name}.stderr"), &stderr, &mut mismatches);
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn error_texts_match_their_golden_files() {
    let mut mismatches = Vec::new();
    for case in ERROR_CASES {
        let args: Vec<String> = case.args.iter().map(|s| s.to_string()).collect();
        let (code, stdout, stderr) = run(&args);
        compare(
            &format!("{}.txt", case.name),
            &format!("exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"),
            &mut mismatches,
        );
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
