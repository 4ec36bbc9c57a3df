//! Tickets and the inventory describe one week (tickets-and-inventory issue): the quick start's
//! `analyze --tickets` replaces the inventory tasks that describe the queue's work by the
//! measured workload, and each mode does what it says.

use super::{f, json, role};
use serde_json::Value;

const QUICK_START: [&str; 6] = [
    "analyze",
    "sample-data/tasks.csv",
    "--tickets",
    "sample-data/tickets.csv.gz",
    "--queue-map",
    "sample-data/queues.csv",
];

fn with(mode: &str) -> Value {
    let mut args = QUICK_START.to_vec();
    args.extend(["--reconcile", mode]);
    json(&args)
}

fn ticket_hours(doc: &Value, role: &str) -> f64 {
    doc["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["role"] == role && t["source"] == "tickets")
        .filter(|t| t["task"] != "Queue time between contacts (staffed, not in the ticket export)")
        .map(|t| f(&t["hours_per_week"]))
        .sum()
}

#[test]
fn replace_keeps_each_role_near_its_paid_week_and_lists_the_replaced_tasks() {
    let doc = json(&QUICK_START);
    let warnings = doc["warnings"].to_string();
    assert!(!warnings.contains("count the same work"), "{warnings}");
    for r in doc["roles"].as_array().expect("roles") {
        let Some(rec) = r.get("reconciliation") else {
            continue;
        };
        let paid = f(&rec["hours_before"]);
        let week = f(&r["hours_per_week"]);
        assert!(
            (week / paid - 1.0).abs() <= 0.10,
            "{}: {week} h against a paid week of {paid} h",
            r["role"]
        );
        assert_eq!(rec["mode"], "replace");
        let replaced = rec["contact_tasks"].as_array().expect("contact tasks");
        assert!(!replaced.is_empty(), "{}", r["role"]);
        assert!(replaced.iter().all(|t| f(&t["hours_after"]) == 0.0));
        let occupancy = f(&rec["occupancy"]);
        assert!(
            (0.2..=1.0).contains(&occupancy),
            "{} {occupancy}",
            r["role"]
        );
    }
    let l1 = role(&doc, "Level 1 Support Agent");
    let rec = &l1["reconciliation"];
    assert!(
        ticket_hours(&doc, "Level 1 Support Agent") >= 0.5 * f(&l1["hours_per_week"]),
        "ticket hours are at least half of a Level 1 agent's week"
    );
    assert!((f(&rec["ticket_hours"]) - ticket_hours(&doc, "Level 1 Support Agent")).abs() < 0.01);
    let ids: Vec<&str> = rec["contact_tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    for id in ["L1-01", "L1-02", "L1-06"] {
        assert!(ids.contains(&id), "{id} replaced: {ids:?}");
    }
    // Logging contacts and team huddles are not the queue's work.
    assert!(!ids.contains(&"L1-11"), "{ids:?}");
}

#[test]
fn scale_keeps_the_inventory_tasks_at_the_measured_hours() {
    let doc = with("scale");
    let l1 = role(&doc, "Level 1 Support Agent");
    let rec = &l1["reconciliation"];
    let after: f64 = rec["contact_tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| f(&t["hours_after"]))
        .sum();
    assert!((after - f(&rec["ticket_hours"])).abs() < 0.01);
    assert_eq!(ticket_hours(&doc, "Level 1 Support Agent"), 0.0);
}

#[test]
fn add_counts_both_and_warns_of_double_counting() {
    let doc = with("add");
    let l1 = role(&doc, "Level 1 Support Agent");
    assert!(f(&l1["hours_per_week"]) > 60.0);
    assert!(doc["warnings"]
        .to_string()
        .contains("may count the same work as the role's ticket workload"));
}
