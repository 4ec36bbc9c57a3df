//! `exposure simulate` (issue "what automation does to staffing, queue by queue"): deferred work
//! and live queues before and after automation, on the sample's two weeks of tickets. A live
//! queue frees a smaller share of its agents than of its volume, and the output says why.

use super::{exposure, f, json, role};
use serde_json::Value;

const SAMPLE: [&str; 7] = [
    "simulate",
    "sample-data/tasks.csv",
    "--tickets",
    "sample-data/tickets.csv.gz",
    "--queue-map",
    "sample-data/queues.csv",
    "--quiet",
];

fn with(extra: &[&str]) -> Value {
    let mut args = SAMPLE.to_vec();
    args.extend(extra);
    json(&args)
}

fn live<'a>(doc: &'a Value, role: &str, channel: &str) -> &'a Value {
    doc["live_queues"]
        .as_array()
        .expect("live_queues")
        .iter()
        .find(|q| q["role"] == role && q["channel"] == channel)
        .unwrap_or_else(|| panic!("no live queue {role} ({channel})"))
}

#[test]
fn live_queues_free_a_smaller_share_of_agents_than_of_volume() {
    let doc = with(&["--automation-rate", "0.5"]);
    for channel in ["chat", "phone"] {
        let q = live(&doc, "Level 1 Support Agent", channel);
        let (volume, agents) = (f(&q["volume_removed_share"]), f(&q["agents_freed_share"]));
        assert!(volume > 0.1 && volume < 0.5, "{channel}: {volume}");
        assert!(
            agents > 0.0 && agents < volume,
            "{channel}: {agents} vs {volume}"
        );
        let (before, after) = (f(&q["agents_before"]), f(&q["agents_after"]));
        assert!((agents - (1.0 - after / before)).abs() < 1e-3, "{q}");
    }
    // The answer file's busiest agent-handled half-hour for chat: Monday 10:30, 140 a week.
    let chat = &live(&doc, "Level 1 Support Agent", "chat")["busiest_interval"];
    assert_eq!(chat["day"], "Monday");
    assert_eq!(chat["start"], "10:30");
    assert!((f(&chat["arrivals"]) - 140.0).abs() < 0.1, "{chat}");
    // E-mail and WhatsApp wait in a backlog: they are not live queues.
    let channels: Vec<&Value> = doc["live_queues"]
        .as_array()
        .expect("live_queues")
        .iter()
        .map(|q| &q["channel"])
        .collect();
    assert!(!channels.iter().any(|c| *c == "email" || *c == "whatsapp"));
}

#[test]
fn each_role_has_fte_before_after_and_freed() {
    let doc = with(&["--automation-rate", "50%"]);
    for r in doc["roles"].as_array().expect("roles") {
        let (before, after, freed) = (f(&r["fte_before"]), f(&r["fte_after"]), f(&r["fte_freed"]));
        assert!(after < before && freed > 0.0, "{r}");
        assert!((before - after - freed).abs() < 1e-3, "{r}");
    }
    // A role without tickets needs its headcount before automation: paid hours over the week.
    let marketer = role(&doc, "Analytics-Focused Marketer");
    assert!((f(&marketer["fte_before"]) - 7.0).abs() < 0.5, "{marketer}");
    assert_eq!(doc["scenario"]["model"], "erlang_c");
    assert_eq!(doc["scenario"]["service_level"], "80/20");
}

#[test]
fn the_terminal_output_says_in_one_line_why_agents_fall_less_than_volume() {
    let out = exposure()
        .args(SAMPLE)
        .args(["--automation-rate", "0.5", "--format", "table"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("economies of scale"))
        .unwrap_or_else(|| panic!("no line on economies of scale in\n{text}"));
    assert!(line.contains("more agents for a small queue"), "{line}");
    assert!(line.contains("of its volume but only"), "{line}");
}

#[test]
fn an_adoption_preset_over_a_horizon_gives_figures_per_quarter() {
    let doc = with(&["--adoption", "moderate", "--horizon", "12"]);
    assert_eq!(doc["scenario"]["adoption"], "moderate");
    assert_eq!(doc["scenario"]["curve"], "logistic");
    let quarters = doc["quarters"].as_array().expect("quarters");
    let months: Vec<u64> = quarters
        .iter()
        .map(|q| q["month"].as_u64().expect("month"))
        .collect();
    assert_eq!(months, [3, 6, 9, 12]);
    let mut last = f64::INFINITY;
    for q in quarters {
        let after = f(&q["total"]["fte_after"]);
        assert!(
            after < last,
            "FTE after falls quarter by quarter: {after} then {last}"
        );
        last = after;
    }
    let end = &quarters[3];
    assert!((f(&end["adoption"]) - 1.0).abs() < 1e-9);
    assert!((f(&end["rates"]["automate"]) - 0.5).abs() < 1e-9);
    assert!((f(&end["rates"]["augment"]) - 0.25).abs() < 1e-9);
    assert!((f(&end["total"]["fte_after"]) - f(&doc["total"]["fte_after"])).abs() < 1e-3);
}

#[test]
fn a_bad_service_level_exits_2_with_a_hint() {
    let out = exposure()
        .args([
            "simulate",
            "sample-data/tasks.csv",
            "--automation-rate",
            "0.5",
        ])
        .args(["--service-level", "eighty"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--service-level"), "{err}");
    assert!(
        err.contains("hint: for example --service-level 80/20"),
        "{err}"
    );
}

#[test]
fn no_rate_or_a_rate_above_one_exits_2_with_a_hint() {
    for extra in [&[][..], &["--automation-rate", "150%"][..]] {
        let out = exposure()
            .args(["simulate", "sample-data/tasks.csv"])
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("hint:"), "{extra:?}: {err}");
    }
}
