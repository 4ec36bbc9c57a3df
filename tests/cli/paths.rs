//! Upskilling paths, end to end: the real binary on the sample organisation
//! (`sample-data/tasks.csv`). Each test guards one condition of the paths issue: the Level 1
//! Support Agent's top paths and their plans, the Relationship Manager's "strengthen, not leave",
//! `paths` inside `analyze --format json`, determinism, and catalog errors that name the line.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::collections::BTreeSet;

const TASKS: &str = "sample-data/tasks.csv";
const LEVEL1: &str = "Level 1 Support Agent";
const RELATIONSHIP: &str = "Relationship Manager";

/// The real tools the seeds name; every project must use one of them.
const SEED_TOOLS: &[&str] = &[
    "omnichannel dashboard",
    "WhatsApp API setup",
    "SMS campaign manager",
    "chatbot flow builder",
    "CRM",
    "analytics dashboard",
];

fn exposure(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("exposure")
        .args(args)
        .env("COLUMNS", "160")
        .env("NO_COLOR", "1")
        .assert()
}

fn stdout(args: &[&str]) -> String {
    let out = exposure(args).success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("valid JSON")
}

fn paths_of(role: &str) -> Vec<Value> {
    let doc = json(&["paths", TASKS, "--role", role, "--format", "json"]);
    let roles = doc["roles"].as_array().expect("roles");
    assert_eq!(roles.len(), 1, "--role keeps one role");
    assert_eq!(roles[0]["role"], role);
    roles[0]["paths"].as_array().expect("paths").clone()
}

fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn level1_top_three_include_escalation_or_ai_supervision_roles() {
    let paths = paths_of(LEVEL1);
    assert!(paths.len() >= 3, "at least three paths");
    let wanted = [
        "escalation_specialist",
        "bot_supervisor",
        "ai_customer_service_specialist",
    ];
    let top: Vec<(String, String)> = paths[..3]
        .iter()
        .map(|p| {
            (
                p["target_id"].as_str().unwrap_or_default().to_string(),
                words(p["target"].as_str().unwrap()),
            )
        })
        .collect();
    assert!(
        top.iter().any(|(id, name)| wanted.contains(&id.as_str())
            || name.contains("escalation specialist")
            || name.contains("bot supervisor")
            || name.contains("ai customer service specialist")),
        "top three: {top:?}"
    );
    let ranks: Vec<u64> = paths.iter().map(|p| p["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=paths.len() as u64).collect::<Vec<_>>());
}

#[test]
fn level1_every_path_has_three_gaps_on_two_layers_a_6_to_12_month_plan_and_a_portfolio() {
    let paths = paths_of(LEVEL1);
    for p in &paths {
        let target = p["target"].as_str().unwrap();
        let gaps = p["gaps"].as_array().unwrap();
        // Real gaps, not skills merely listed to deepen.
        let missing: Vec<&Value> = gaps.iter().filter(|g| g["status"] != "deepen").collect();
        assert!(missing.len() >= 3, "{target}: {} gap skills", missing.len());
        let layers: BTreeSet<&str> = missing
            .iter()
            .map(|g| g["layer"].as_str().unwrap())
            .collect();
        assert!(layers.len() >= 2, "{target}: gaps on {layers:?}");

        let months = p["plan"]["months"].as_u64().unwrap();
        assert!((6..=12).contains(&months), "{target}: {months} months");
        let covered: Vec<u64> = p["plan"]["phases"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|ph| {
                assert!(
                    !ph["steps"].as_array().unwrap().is_empty(),
                    "{target}: a phase without steps"
                );
                assert!(
                    !ph["mentor"]["who"].as_str().unwrap().is_empty(),
                    "{target}: a phase without a mentor"
                );
                assert!(
                    !ph["record"].as_str().unwrap().is_empty(),
                    "{target}: a phase without a figure to record"
                );
                ph["months"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_u64().unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            covered,
            (1..=months).collect::<Vec<_>>(),
            "{target}: month by month, each month once"
        );

        let portfolio = p["portfolio"].as_array().unwrap();
        assert!(!portfolio.is_empty(), "{target}: no portfolio project");
        for project in portfolio {
            let tool = project["tool"].as_str().unwrap();
            assert!(
                SEED_TOOLS.contains(&tool),
                "{target}: tool {tool} is not one the seeds name"
            );
            assert!(!project["measure"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn level1_is_offered_an_internal_move_with_clearly_lower_exposure_and_its_people_as_mentors() {
    let doc = json(&["paths", TASKS, "--role", LEVEL1, "--format", "json"]);
    let role = &doc["roles"][0];
    let own = role["exposure"].as_f64().unwrap();
    let internal: Vec<&Value> = role["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "internal")
        .collect();
    assert!(
        !internal.is_empty(),
        "an internal move beside the catalog's roles"
    );
    for p in internal {
        let theirs = p["target_exposure"].as_f64().unwrap();
        assert!(
            theirs <= own - 0.20 + 1e-9,
            "{} is not clearly less exposed",
            p["target"]
        );
        for ph in p["plan"]["phases"].as_array().unwrap() {
            assert_eq!(
                ph["mentor"]["role"], p["target"],
                "the people in the role mentor the move"
            );
        }
    }
    // The threshold is a flag: demanding a drop no role offers leaves only catalog paths.
    let doc = json(&[
        "paths",
        TASKS,
        "--role",
        LEVEL1,
        "--format",
        "json",
        "--min-drop",
        "0.9",
    ]);
    assert!(doc["roles"][0]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["kind"] == "catalog"));
}

#[test]
fn relationship_manager_is_told_it_is_not_highly_exposed_and_to_strengthen_not_leave() {
    let table = stdout(&["paths", TASKS, "--role", RELATIONSHIP, "--format", "table"]);
    assert!(
        table.contains("Relationship Manager is not highly exposed"),
        "{table}"
    );
    assert!(
        table.contains("strengthen this role rather than leave it"),
        "{table}"
    );
    assert!(
        table.contains("strengthen your own role as Relationship manager"),
        "{table}"
    );
    let markdown = stdout(&[
        "paths",
        TASKS,
        "--role",
        RELATIONSHIP,
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.contains("not highly exposed")
            && markdown.contains("strengthen this role rather than leave it")
    );

    let paths = paths_of(RELATIONSHIP);
    assert!(paths.iter().all(|p| p["advice"] == "strengthen"));
    assert_eq!(paths[0]["same_role"], true, "its own profile comes first");
    assert_eq!(paths[0]["target_id"], "relationship_manager");
}

#[test]
fn analyze_json_carries_paths_under_each_role() {
    let doc = json(&["analyze", TASKS, "--format", "json"]);
    assert!(doc["catalog"]["sha256"].is_string());
    let roles = doc["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 11);
    for r in roles {
        // The contract only grows: the old fields are still there.
        for key in [
            "role",
            "exposure",
            "exposure_low",
            "exposure_high",
            "band",
            "hours",
            "human_core",
        ] {
            assert!(r.get(key).is_some(), "{key} missing");
        }
        let paths = r["paths"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no paths", r["role"]));
        assert!(!paths.is_empty(), "{}: no paths", r["role"]);
        for p in paths {
            assert!(p["target"].is_string());
            assert!(p["kind"] == "catalog" || p["kind"] == "internal");
            assert!((0.0..=1.0).contains(&p["fit"].as_f64().unwrap()));
            for g in p["gaps"].as_array().unwrap() {
                assert!(g["skill"].is_string() && g["layer"].is_string());
            }
            for ph in p["plan"]["phases"].as_array().unwrap() {
                assert!(ph["months"].is_array() && ph["steps"].is_array());
            }
            assert!(!p["portfolio"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn paths_are_deterministic_in_every_format() {
    for format in ["json", "csv", "table", "markdown"] {
        let args = ["paths", TASKS, "--format", format];
        assert_eq!(
            stdout(&args),
            stdout(&args),
            "{format} differs between runs"
        );
    }
    let args = ["analyze", TASKS, "--format", "json"];
    assert_eq!(stdout(&args), stdout(&args));
}

#[test]
fn paths_csv_has_one_row_per_plan_phase() {
    let csv = stdout(&["paths", TASKS, "--role", LEVEL1, "--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("role,exposure,band,advice,rank,target,kind,"));
    let phases: usize = paths_of(LEVEL1)
        .iter()
        .map(|p| p["plan"]["phases"].as_array().unwrap().len())
        .sum();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), phases);
}

#[test]
fn catalog_with_an_unknown_skill_exits_2_naming_it_and_its_line() {
    let catalog = stdout(&["paths", "--print-catalog"]);
    let needle = "skills = [\"ai_prompting\", \"bot_flows\"";
    assert!(catalog.contains(needle));
    let bad = catalog.replacen(needle, "skills = [\"ai_prompting\", \"bot_flowz\"", 1);
    let line = bad
        .lines()
        .position(|l| l.contains("\"bot_flowz\""))
        .unwrap()
        + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.toml");
    std::fs::write(&path, bad).unwrap();
    let path = path.to_str().unwrap();

    for args in [
        vec!["paths", TASKS, "--catalog", path],
        vec!["paths", "--catalog", path, "--check"],
        vec!["analyze", TASKS, "--catalog", path],
    ] {
        let out = exposure(&args).code(2).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("unknown skill \"bot_flowz\""), "{err}");
        assert!(
            err.contains(&format!("catalog.toml:{line}:")),
            "line {line} not named: {err}"
        );
        assert!(err.contains("did you mean \"bot_flows\""), "{err}");
        assert!(out.stdout.is_empty(), "no partial output");
    }
}

#[test]
fn embedded_catalog_checks_clean() {
    let out = stdout(&["paths", "--check"]);
    assert!(out.starts_with("embedded: ok, 10 target roles"), "{out}");
}
