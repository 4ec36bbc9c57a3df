//! `--onet`: O*NET Task Statements as input (issue 3). The fixture is in O*NET's format with
//! tasks written for these tests.

use super::{exposure, f, json, role};
use predicates::prelude::*;

#[test]
fn onet_occupation_weighs_core_tasks_double_and_explains_every_task() {
    let doc = json(&[
        "analyze",
        "--onet",
        "tests/data/onet_small.txt",
        "--occupation",
        "43-4051.00",
        "--by",
        "task",
    ]);
    assert_eq!(doc["roles"].as_array().map(Vec::len), Some(1));
    let r = role(&doc, "Customer Service Representatives");
    assert_eq!(r["code"], "43-4051.00");
    let tasks = doc["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 4);
    // Core weighs 2, Supplemental and blank 1: 2+2+1+1 = 6 parts of a 40-hour week.
    assert!((f(&tasks[0]["hours_per_week"]) - 40.0 * 2.0 / 6.0).abs() < 1e-3);
    assert!((f(&tasks[3]["hours_per_week"]) - 40.0 / 6.0).abs() < 1e-3);
    assert_eq!(tasks[0]["id"], "90001");
    assert_eq!(tasks[0]["source"], "onet");
    for t in tasks {
        let explained =
            t["traits"].as_array().is_some_and(|x| !x.is_empty()) || t["unclassified"] == true;
        assert!(explained, "{t}");
    }
    for format in ["table", "csv", "markdown"] {
        exposure()
            .args([
                "analyze",
                "--onet",
                "tests/data/onet_small.txt",
                "--occupation",
                "43-4051.00",
                "--by",
                "task",
                "--format",
                format,
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains("order status"));
    }
}

#[test]
fn occupation_by_title_counts_a_task_in_two_files_once() {
    let doc = json(&[
        "analyze",
        "--onet",
        "tests/data/onet_small.txt",
        "--onet",
        "tests/data/onet_small.txt",
        "--occupation",
        "customer service representatives",
    ]);
    assert_eq!(role(&doc, "Customer Service Representatives")["tasks"], 4);
}

#[test]
fn unknown_occupation_wrong_header_and_occupation_without_onet_fail() {
    exposure()
        .args([
            "analyze",
            "--onet",
            "tests/data/onet_small.txt",
            "--occupation",
            "Astronaut",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no O*NET occupation matches \"Astronaut\"",
        ))
        .stderr(predicate::str::contains("the closest are"));
    exposure()
        .args(["analyze", "--onet", "tests/data/onet_wrong_header.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "onet_wrong_header.txt:1: not an O*NET Task Statements file",
        ));
    exposure()
        .args(["analyze", "--occupation", "43-4051.00"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--occupation needs --onet FILE"));
}
