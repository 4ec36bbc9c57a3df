//! Integration tests: the real binary on real files, checking answers and error text.
//! One module per command; test names point at the issue they guard.

mod analyze;
mod atomic;
mod bad_inputs;
mod check;
mod completions;
mod emit_sql;
mod errors;
mod golden;
mod onet;
mod paths;
mod privacy;
mod reconcile;
mod report;
mod simulate;
mod taxonomy;
mod tickets;
mod tickets_large;

use assert_cmd::Command;
use serde_json::Value;

/// The binary, run from the crate root so relative paths in tests read like the README.
pub fn exposure() -> Command {
    let mut cmd = Command::cargo_bin("exposure").expect("the binary is built by cargo test");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

/// Runs `args`, expects exit 0 and parses the JSON on stdout.
pub fn json(args: &[&str]) -> Value {
    json_of(exposure().args(args).args(["--format", "json"]))
}

/// Runs a prepared command, expects exit 0 and parses the JSON on stdout.
pub fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("runs");
    assert_success(&out);
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Fails the test, with the exit code and stderr, unless the process exited with 0.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The role object called `name`.
pub fn role<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["roles"]
        .as_array()
        .and_then(|roles| roles.iter().find(|r| r["role"] == name))
        .unwrap_or_else(|| panic!("no role {name}"))
}

/// The task object whose text is `text`.
pub fn task<'a>(doc: &'a Value, text: &str) -> &'a Value {
    doc["tasks"]
        .as_array()
        .and_then(|tasks| tasks.iter().find(|t| t["task"] == text))
        .unwrap_or_else(|| panic!("no task {text}"))
}

pub fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}
