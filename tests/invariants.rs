//! Property tests of the scoring invariants in STYLE.md, on the library.

use exposure::input::{RoleInfo, TaskRecord, TaskSource};
use exposure::score::{self, AssessedTask, EvidenceFrom, TraitEvidence};
use exposure::taxonomy::{Kind, Taxonomy};
use proptest::prelude::*;

/// Loaded once: building the phrase index for every case would dominate the run.
fn taxonomy() -> &'static Taxonomy {
    static T: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
    T.get_or_init(|| Taxonomy::embedded().expect("embedded taxonomy"))
}

fn evidence(t: &Taxonomy, values: &[f64]) -> Vec<TraitEvidence> {
    t.traits
        .iter()
        .zip(values)
        .filter(|(_, &e)| e > 0.0)
        .map(|(tr, &e)| TraitEvidence {
            id: tr.id.clone(),
            kind: tr.kind,
            evidence: e,
            matched: vec![],
            from: EvidenceFrom::Lexicon,
            similarity: None,
        })
        .collect()
}

fn record(role: &str, task: &str, hours: f64) -> TaskRecord {
    TaskRecord {
        role: role.into(),
        id: None,
        task: task.into(),
        source: TaskSource::Inventory,
        hours_per_week: hours,
        explicit_traits: vec![],
        automatable: None,
    }
}

proptest! {
    #[test]
    fn automatability_and_range_stay_in_unit_interval(
        values in proptest::collection::vec(0.0f64..=1.0, 16),
        learned in proptest::option::of(-6.0f64..6.0),
    ) {
        let t = taxonomy();
        let a = score::assess(t, &evidence(t, &values), None, learned);
        prop_assert!((0.0..=1.0).contains(&a.automatability));
        prop_assert!(0.0 <= a.low && a.low <= a.automatability + 1e-12);
        prop_assert!(a.automatability <= a.high + 1e-12 && a.high <= 1.0);
    }

    #[test]
    fn more_routine_evidence_never_lowers_automatability(
        values in proptest::collection::vec(0.0f64..=1.0, 16),
        bump in 0.0f64..=1.0,
    ) {
        let t = taxonomy();
        let routine = t.traits.iter().position(|x| x.kind == Kind::Routine).expect("a routine trait");
        let mut more = values.clone();
        more[routine] = (values[routine] + bump).min(1.0);
        let before = score::assess(t, &evidence(t, &values), None, None);
        let after = score::assess(t, &evidence(t, &more), None, None);
        // An unclassified task sits at 0.5; once evidence exists the formula is monotone.
        if !before.unclassified {
            prop_assert!(after.automatability + 1e-12 >= before.automatability);
        }
    }

    #[test]
    fn more_complex_evidence_never_raises_automatability(
        values in proptest::collection::vec(0.0f64..=1.0, 16),
        bump in 0.0f64..=1.0,
    ) {
        let t = taxonomy();
        let complex = t.traits.iter().position(|x| x.kind == Kind::Complex).expect("a complex trait");
        let mut more = values.clone();
        more[complex] = (values[complex] + bump).min(1.0);
        let before = score::assess(t, &evidence(t, &values), None, None);
        let after = score::assess(t, &evidence(t, &more), None, None);
        if !before.unclassified {
            prop_assert!(after.automatability <= before.automatability + 1e-12);
        }
    }

    #[test]
    fn adding_hours_to_a_routine_task_never_lowers_exposure(
        hours in proptest::collection::vec(0.5f64..20.0, 1..6),
        extra in 0.5f64..20.0,
    ) {
        let t = taxonomy();
        let mut texts = vec!["Negotiate contracts with key clients", "Calm upset customers", "Design new products", "Answer FAQ emails about order status", "Water the plants"];
        texts.truncate(hours.len());
        let tasks: Vec<AssessedTask> = texts.iter().zip(&hours).map(|(x, h)| score::assess_task(t, record("R", x, *h))).collect();
        let info = RoleInfo { role: "R".into(), ..RoleInfo::default() };
        let refs: Vec<&AssessedTask> = tasks.iter().collect();
        let before = score::role_exposure(&info, &refs, &t.bands);
        // A task more automatable than the role's average can only raise it.
        let routine = score::assess_task(t, record("R", "Enter invoice data into the ERP and reset passwords", extra));
        prop_assume!(routine.assessment.automatability >= before.exposure);
        let mut with = refs.clone();
        with.push(&routine);
        let after = score::role_exposure(&info, &with, &t.bands);
        prop_assert!(after.exposure + 1e-12 >= before.exposure);
        prop_assert!((0.0..=1.0).contains(&after.exposure));
        prop_assert!(after.exposure_low <= after.exposure + 1e-12 && after.exposure <= after.exposure_high + 1e-12);
        let class_hours = after.hours.automate + after.hours.augment + after.hours.retain;
        prop_assert!((class_hours - after.hours_per_week).abs() < 1e-9);
    }

    #[test]
    fn classification_ignores_case_and_plurals(word in prop::sample::select(vec!["password", "invoice", "complaint", "contract"])) {
        let t = taxonomy();
        let lower = t.classify(&format!("reset the {word}s"));
        let upper = t.classify(&format!("RESET THE {}", word.to_uppercase()));
        prop_assert_eq!(lower, upper);
    }
}
