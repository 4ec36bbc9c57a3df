//! `exposure check` (issue 6): flags for scripts, and the interactive flow through a
//! pseudo-terminal, answered as a person would.

use super::{assert_success, exposure, f, json};
use predicates::prelude::*;

#[test]
fn task_flags_give_a_plain_answer() {
    exposure()
        .args([
            "check",
            "--task",
            "Answer FAQ emails about order status=12",
            "--task",
            "Handle complaints from upset customers=8",
            "--task",
            "Reset customer passwords=6",
            "--format",
            "table",
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"About \d+% of it is routine work").expect("regex"))
        .stdout(predicate::str::is_match(r"honest range \d+% to \d+%").expect("regex"))
        .stdout(predicate::str::contains("Most exposed tasks"))
        .stdout(predicate::str::contains(
            "Answer FAQ emails about order status (12.0 h)",
        ))
        .stdout(predicate::str::contains("Your human core"))
        .stdout(predicate::str::contains(
            "Handle complaints from upset customers",
        ));
}

#[test]
fn like_starts_from_a_reference_role_and_rejects_unknown_ones() {
    let doc = json(&[
        "check",
        "--like",
        "Level 1 Support Agent",
        "--title",
        "Chat agent",
    ]);
    assert_eq!(doc["roles"][0]["role"], "Chat agent");
    assert_eq!(doc["roles"][0]["band"], "high");
    assert!(f(&doc["roles"][0]["exposure"]) >= 0.6);
    exposure()
        .args(["check", "--like", "Astronaut"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no reference role is called \"Astronaut\"",
        ));
}

#[test]
fn bad_hours_and_no_terminal_fail_with_hints() {
    exposure()
        .args(["check", "--task", "Answer emails=twelve"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "\"twelve\" is not a number of hours",
        ));
    exposure()
        .args(["check", "--task", "Answer emails"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no hours"));
    exposure()
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no terminal to ask on"));
}

#[test]
fn own_file_without_role_column_is_read_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("week.csv");
    std::fs::write(
        &path,
        "task,hours\nEnter invoice data into the ERP,20\nNegotiate with suppliers,10\n",
    )
    .expect("write");
    let out = exposure()
        .args(["check", "--format", "json", "--tasks"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["tasks"].as_array().map(Vec::len), Some(2));
    // Nothing was written beside the input: the check is private by construction.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn own_file_without_role_column_keeps_a_quoted_task_with_a_newline_whole() {
    // The role column used to be added line by line, which cut this task in two.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("week.csv");
    std::fs::write(
        &path,
        "task,hours\n\"Enter invoice data into the ERP\nand file the paper copies\",20\nNegotiate with suppliers,10\n",
    )
    .expect("write");
    let out = exposure()
        .args(["check", "--format", "json", "--tasks"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut tasks: Vec<(String, f64)> = doc["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| {
            (
                t["task"].as_str().unwrap_or("").to_string(),
                f(&t["hours_per_week"]),
            )
        })
        .collect();
    tasks.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        tasks,
        [
            (
                "Enter invoice data into the ERP\nand file the paper copies".to_string(),
                20.0
            ),
            ("Negotiate with suppliers".to_string(), 10.0)
        ]
    );
}

#[cfg(unix)]
#[test]
fn interactive_flow_asks_again_after_a_wrong_entry() {
    use expectrl::Eof;
    use std::time::Duration;
    let bin = assert_cmd::cargo::cargo_bin("exposure");
    let mut cmd = std::process::Command::new(bin);
    cmd.arg("check").env("TERM", "xterm").env("NO_COLOR", "1");
    let mut p = expectrl::session::Session::spawn(cmd).expect("spawn");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("Your job title").expect("title prompt");
    p.send_line("Support agent").expect("send");
    p.expect("How do you want to start?").expect("start prompt");
    p.send("\r").expect("pick 'describe my tasks'");
    p.expect("Task").expect("task prompt");
    p.send_line("Answer FAQ emails about order status")
        .expect("send");
    p.expect("Hours per week on it").expect("hours prompt");
    p.send_line("twelve").expect("send");
    // A wrong entry is asked again, with help, not an exit.
    p.expect("is not a number of hours")
        .expect("helpful re-prompt");
    // dialoguer keeps the wrong text in the field: clear it before typing again.
    for _ in 0.."twelve".len() {
        p.send("\x7f").expect("backspace");
    }
    p.send_line("12").expect("send");
    p.expect("Task").expect("next task prompt");
    p.send_line("Handle complaints from upset customers")
        .expect("send");
    p.expect("Hours per week on it").expect("hours prompt");
    p.send_line("8").expect("send");
    p.expect("Task").expect("next task prompt");
    p.send_line("").expect("finish");
    let (before, _) = p
        .expect("Your human core")
        .map(|m| (m.before().to_vec(), ()))
        .expect("answer");
    let text = String::from_utf8_lossy(&before);
    assert!(text.contains("of it is routine work"), "{text}");
    assert!(
        text.contains("Answer FAQ emails about order status"),
        "{text}"
    );
    p.expect(Eof).expect("exits");
}

/// Issue 15: names and tasks from an O*NET file reach the interactive prompts sanitised: a
/// right-to-left override or an escape sequence in an occupation's title or a task is shown as
/// U+FFFD, never sent to the terminal as it is.
#[test]
fn interactive_prompts_sanitise_titles_and_tasks() {
    use std::time::Duration;
    let bin = assert_cmd::cargo::cargo_bin("exposure");
    let mut cmd = std::process::Command::new(bin);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--onet", "tests/data/bad/onet_bidi.txt"])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut p = expectrl::session::Session::spawn(cmd).expect("spawn");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("Your job title").expect("title prompt");
    p.send_line("Support agent").expect("send");
    p.expect("How do you want to start?").expect("start prompt");
    // Up from the first choice wraps to the last: the O*NET search.
    p.send("\x1b[A").expect("up");
    p.send("\r").expect("pick O*NET");
    p.expect("Search occupations by title")
        .expect("search prompt");
    p.send_line("customer").expect("send");
    let seen = p.expect("Which one?").expect("the list of occupations");
    let mut shown = String::from_utf8_lossy(seen.before()).into_owned();
    p.send("\r").expect("pick the first");
    let seen = p.expect("h/week").expect("the first task");
    shown.push_str(&String::from_utf8_lossy(seen.before()));
    let seen = p.expect("keep").expect("its choices");
    shown.push_str(&String::from_utf8_lossy(seen.before()));
    assert!(
        !shown.contains('\u{202E}') && !shown.contains('\u{2066}'),
        "{shown:?}"
    );
    assert!(!shown.contains("\x1b[2J"), "{shown:?}");
    let more = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    assert!(
        (shown.clone() + &more).contains("Answer \u{FFFD}routine"),
        "{shown:?}"
    );
}
