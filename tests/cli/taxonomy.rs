//! `exposure taxonomy`: print the active taxonomy and check custom ones (issue 2).

use super::exposure;
use predicates::prelude::*;

#[test]
fn prints_every_trait_with_its_seed() {
    let out = exposure()
        .args(["taxonomy", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let traits = doc["traits"].as_array().expect("traits");
    let ids: Vec<&str> = traits.iter().filter_map(|t| t["id"].as_str()).collect();
    for id in [
        "repetitive",
        "rule_based",
        "data_handling",
        "bulk_messaging",
        "narrow_output",
        "judgment",
        "empathy",
        "high_stakes",
        "creativity",
        "relationship",
        "ai_oversight",
        "physical",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
    // Every seed quote stands verbatim in the seed file it names.
    let seeds = format!("{}/../shared/seeds", env!("CARGO_MANIFEST_DIR"));
    if std::path::Path::new(&seeds).is_dir() {
        for t in traits {
            let source = t["source"]
                .as_str()
                .expect("source")
                .trim_start_matches("seeds/");
            let text = std::fs::read_to_string(format!("{seeds}/{source}")).expect("seed file");
            let seed = t["seed"].as_str().expect("seed");
            assert!(text.contains(seed), "{}: seed not found verbatim", t["id"]);
        }
    }
}

#[test]
fn printed_toml_passes_its_own_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mine.toml");
    let out = exposure()
        .args(["taxonomy", "--toml"])
        .output()
        .expect("runs");
    std::fs::write(&path, &out.stdout).expect("write");
    let listed = exposure()
        .args(["taxonomy", "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    let traits = doc["traits"].as_array().map(Vec::len).unwrap_or(0);
    exposure()
        .args(["taxonomy", "--check", "--taxonomy"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("ok, {traits} traits")));
}

#[test]
fn bad_taxonomy_names_the_line() {
    exposure()
        .args([
            "taxonomy",
            "--taxonomy",
            "tests/data/taxonomy_bad_kind.toml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "taxonomy_bad_kind.toml:16:8: trait repetitive: unknown kind \"sometimes\"",
        ))
        .stderr(predicate::str::contains(
            "hint: kind is routine, complex or augment",
        ));
    exposure()
        .args([
            "analyze",
            "tests/data/small.csv",
            "--taxonomy",
            "tests/data/taxonomy_bad_kind.toml",
        ])
        .assert()
        .code(2);
}

#[test]
fn custom_taxonomy_changes_the_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plants.toml");
    let text = std::fs::read_to_string(format!(
        "{}/tests/data/taxonomy_bad_kind.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
    .replace("\"sometimes\"", "\"routine\"")
    .replace("[\"faq\"]", "[\"water plants\"]");
    std::fs::write(&path, text).expect("write");
    let out = exposure()
        .args([
            "analyze",
            "tests/data/small.csv",
            "--by",
            "task",
            "--format",
            "json",
            "--taxonomy",
        ])
        .arg(&path)
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let plants = super::task(&doc, "Water the office plants");
    assert_eq!(plants["traits"][0]["matched"][0], "water plants");
    assert_eq!(doc["taxonomy"]["name"], "broken");
}
