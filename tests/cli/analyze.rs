//! `exposure analyze`: answers on the sample organisation and on small fixtures (issue 2).

use super::{assert_success, exposure, f, json, role, task};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn sample_organisation_roles_fall_in_their_expected_bands() {
    let doc = json(&["analyze", "sample-data/tasks.csv"]);
    for name in ["Level 1 Support Agent", "Back-Office Admin"] {
        let r = role(&doc, name);
        assert_eq!(r["band"], "high", "{name}");
        assert!(f(&r["exposure"]) >= 0.6, "{name}: {}", r["exposure"]);
    }
    for name in ["Relationship Manager", "AI / Automation Specialist"] {
        let r = role(&doc, name);
        assert_eq!(r["band"], "low", "{name}");
        assert!(f(&r["exposure"]) <= 0.3, "{name}: {}", r["exposure"]);
    }
    let m = role(&doc, "Analytics-Focused Marketer");
    assert!(
        f(&m["hours"]["augment"]) > f(&m["hours"]["automate"]),
        "{}",
        m["hours"]
    );
}

#[test]
fn every_task_is_explained_or_counted_unclassified() {
    let doc = json(&["analyze", "sample-data/tasks.csv"]);
    let tasks = doc["tasks"].as_array().expect("tasks");
    assert!(tasks.len() >= 80);
    for t in tasks {
        let matched = t["traits"].as_array().is_some_and(|tr| !tr.is_empty());
        assert!(matched || t["unclassified"] == true, "{t}");
    }
    // The unclassified share of each role is exactly the hours of its unmatched tasks.
    for r in doc["roles"].as_array().expect("roles") {
        let name = r["role"].as_str().expect("name");
        let of_role: Vec<_> = tasks.iter().filter(|t| t["role"] == name).collect();
        let total: f64 = of_role.iter().map(|t| f(&t["hours_per_week"])).sum();
        let unclassified: f64 = of_role
            .iter()
            .filter(|t| t["unclassified"] == true)
            .map(|t| f(&t["hours_per_week"]))
            .sum();
        assert!(
            (f(&r["unclassified_share"]) - unclassified / total).abs() < 1e-3,
            "{name}"
        );
    }
}

/// A ticket export is named by its BLAKE3 hash; `--sha256` adds its SHA-256, that of the
/// uncompressed content of a compressed export, as before the flag existed.
#[test]
fn ticket_exports_carry_blake3_and_sha256_only_when_asked() {
    let args = [
        "analyze",
        "sample-data/tasks.csv",
        "--tickets",
        "sample-data/tickets.csv.gz",
    ];
    let plain = json(&args);
    let with_sha = json(&[&args[..], &["--sha256"]].concat());
    let tickets = |doc: &Value| doc["inputs"][1].clone();
    assert_eq!(tickets(&plain)["path"], "sample-data/tickets.csv.gz");
    assert!(tickets(&plain)["sha256"].is_null(), "{}", tickets(&plain));
    assert_eq!(
        tickets(&with_sha)["sha256"],
        "c226443c97be3b8a2985fdb271de065c97d1a82a39403f65d84e77b2148db84d"
    );
    for doc in [&plain, &with_sha] {
        assert_eq!(
            tickets(doc)["blake3"],
            "dd870fa55bf17ff7cb52f28b4f7b80c9e11c4f6431ce669ade8dd97e82ac0a42"
        );
        // The task file has both, always.
        assert_eq!(doc["inputs"][0]["sha256"].as_str().map(str::len), Some(64));
        assert_eq!(doc["inputs"][0]["blake3"].as_str().map(str::len), Some(64));
    }
    assert_eq!(plain["roles"], with_sha["roles"]);
}

#[test]
fn json_follows_the_contract() {
    let doc = json(&["analyze", "tests/data/small.csv"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["inputs"][0]["path"], "tests/data/small.csv");
    assert_eq!(doc["inputs"][0]["rows"], 6);
    assert_eq!(doc["inputs"][0]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(doc["taxonomy"]["name"], "exposure-default");
    let r = &doc["roles"][0];
    for key in [
        "role",
        "code",
        "department",
        "headcount",
        "hours_per_week",
        "exposure",
        "exposure_low",
        "exposure_high",
        "band",
        "hours",
        "unclassified_share",
        "fte_exposed",
        "top_automatable",
        "human_core",
    ] {
        assert!(r.get(key).is_some(), "role lacks {key}");
    }
    let t = &doc["tasks"][0];
    for key in [
        "role",
        "id",
        "task",
        "source",
        "hours_per_week",
        "automatability",
        "class",
        "traits",
    ] {
        assert!(t.get(key).is_some(), "task lacks {key}");
    }
    assert_eq!(t["source"], "inventory");
    let tr = &t["traits"][0];
    for key in ["id", "kind", "evidence", "matched"] {
        assert!(tr.get(key).is_some(), "trait lacks {key}");
    }
}

#[test]
fn small_fixture_gives_its_stated_answers() {
    // Expected answers are stated in tests/data/small.expected.md.
    let doc = json(&["analyze", "tests/data/small.csv"]);
    assert_eq!(doc["roles"][0]["role"], "Support Agent");
    let agent = role(&doc, "Support Agent");
    assert_eq!(agent["band"], "high");
    assert!(f(&agent["exposure"]) > 0.6);
    assert!(f(&agent["exposure_low"]) <= f(&agent["exposure"]));
    assert!(f(&agent["exposure"]) <= f(&agent["exposure_high"]));
    assert!((f(&agent["fte_exposed"]) - 10.0 * f(&agent["exposure"])).abs() < 1e-3);
    assert_eq!(task(&doc, "Reset customer passwords")["class"], "automate");
    let calm = task(&doc, "Calm upset customers and resolve complaints");
    assert_eq!(calm["class"], "retain");
    assert!(calm["traits"]
        .as_array()
        .expect("traits")
        .iter()
        .any(|t| t["id"] == "empathy"));
    assert_eq!(
        agent["human_core"][0],
        "Calm upset customers and resolve complaints"
    );
    let am = role(&doc, "Account Manager");
    assert!(f(&am["exposure"]) < 0.5);
    // No phrase matches the plants, but their words are known: the learned part scores them
    // (scores-that-travel issue), and says what it added.
    let plants = task(&doc, "Water the office plants");
    assert_eq!(plants["unclassified"], false);
    assert!(plants["learned"].is_number(), "{plants}");
    assert_eq!(f(&am["unclassified_share"]), 0.0);
}

#[test]
fn text_without_known_words_stays_unclassified_at_one_half() {
    let out = exposure()
        .args([
            "check",
            "--task",
            "§§§ ¶¶=4",
            "--task",
            "Reset customer passwords=4",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let none = task(&doc, "§§§ ¶¶");
    assert_eq!(none["unclassified"], true);
    assert_eq!(none["automatability"], 0.5);
    assert!(none.get("learned").is_none());
}

#[test]
fn csv_cells_that_look_like_formulas_are_guarded() {
    exposure()
        .args([
            "analyze",
            "tests/data/formula.csv",
            "--by",
            "task",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        ));
    exposure()
        .args([
            "analyze",
            "tests/data/formula.csv",
            "--by",
            "task",
            "--format",
            "csv",
            "--no-formula-guard",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"=HYPERLINK("));
}

#[test]
fn csv_is_the_default_when_piped_and_parses_back() {
    let out = exposure()
        .args(["analyze", "sample-data/tasks.csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "role");
    assert_eq!(&headers[5], "exposure");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let doc = json(&["analyze", "sample-data/tasks.csv"]);
    assert_eq!(
        rows.len(),
        doc["roles"].as_array().map(Vec::len).unwrap_or(0)
    );
    for (row, r) in rows.iter().zip(doc["roles"].as_array().expect("roles")) {
        assert_eq!(&row[0], r["role"].as_str().expect("name"));
        let x: f64 = row[5].parse().expect("number");
        assert!((x - f(&r["exposure"])).abs() < 1e-4);
    }
}

#[test]
fn reads_stdin_with_semicolons_windows_1252_and_shares() {
    let bytes = std::fs::read(format!(
        "{}/tests/data/semicolon_1252.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let out = exposure()
        .args(["analyze", "-", "--by", "task", "--format", "json"])
        .write_stdin(bytes)
        .output()
        .expect("runs");
    assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["inputs"][0]["path"], "<stdin>");
    let t = &doc["tasks"][0];
    assert_eq!(
        t["task"],
        "Répondre aux FAQ: answer FAQ about opening hours"
    );
    // 60 % and 30 % add up to 90 %: scaled to a 40-hour week, with warnings.
    assert!((f(&t["hours_per_week"]) - 26.6667).abs() < 1e-3);
    let warnings = doc["warnings"].to_string();
    assert!(warnings.contains("Windows-1252"), "{warnings}");
    assert!(warnings.contains("add up to 90%"), "{warnings}");
    assert_eq!(role(&doc, "Agent")["headcount"], 3.0);
}

#[test]
fn trait_columns_and_automatable_column_override_the_model() {
    let doc = json(&["analyze", "tests/data/overrides.csv"]);
    let talk = task(&doc, "Talk with residents");
    assert_eq!(talk["class"], "retain");
    assert_eq!(talk["traits"][0]["from"], "column");
    let linen = task(&doc, "Sort the linen");
    assert_eq!(linen["automatability"], 0.9);
    assert_eq!(linen["class"], "automate");
}

#[test]
fn role_without_hours_splits_its_week_equally_with_a_warning() {
    exposure()
        .args([
            "analyze",
            "tests/data/no_hours.csv",
            "--by",
            "task",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(",20.00,"))
        .stderr(predicate::str::contains("share its 40-hour week equally"));
}

#[test]
fn fail_above_exits_1_when_a_role_crosses_it() {
    exposure()
        .args(["analyze", "tests/data/small.csv", "--fail-above", "0.6"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "exposure above 60%: Support Agent",
        ));
    exposure()
        .args(["analyze", "tests/data/small.csv", "--fail-above", "95%"])
        .assert()
        .code(0);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("roles.json");
    exposure()
        .args(["analyze", "tests/data/small.csv", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("written"))
        .expect("json from extension");
    assert_eq!(doc["version"], 1);
}

#[test]
fn failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("roles.csv");
    exposure()
        .args(["analyze", "tests/data/bad_number.csv", "-o"])
        .arg(&path)
        .assert()
        .code(2);
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn table_and_markdown_show_roles_and_task_reasons() {
    exposure()
        .args(["analyze", "tests/data/small.csv", "--format", "table"])
        .env("COLUMNS", "160")
        .assert()
        .success()
        .stdout(predicate::str::contains("Support Agent").and(predicate::str::contains("Exposure")))
        .stdout(predicate::str::contains(
            "2 roles, 6 tasks (0 unclassified)",
        ));
    exposure()
        .args([
            "analyze",
            "tests/data/small.csv",
            "--format",
            "markdown",
            "--by",
            "task",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Role | Task | Hours/wk | Automatable | Class | Why |",
        ))
        // A task no phrase matches shows what the learned part added.
        .stdout(predicate::str::contains(
            "learned from O*NET occupations' routine measures: ",
        ));
}

#[test]
fn role_filter_keeps_named_roles_and_suggests_close_names() {
    let doc = json(&[
        "analyze",
        "tests/data/small.csv",
        "--role",
        "account manager",
    ]);
    assert_eq!(doc["roles"].as_array().map(Vec::len), Some(1));
    exposure()
        .args(["analyze", "tests/data/small.csv", "--role", "Suport Agent"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no role is called \"Suport Agent\"",
        ))
        .stderr(predicate::str::contains("\"Support Agent\""));
}

#[test]
fn output_is_deterministic() {
    let run = || {
        exposure()
            .args([
                "analyze",
                "sample-data/tasks.csv",
                "--by",
                "task",
                "--format",
                "json",
            ])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(run(), run());
}
