//! Replays every fuzz target's saved corpus (`fuzz/corpus/TARGET/`) and crash inputs
//! (`fuzz/artifacts/TARGET/`) through the same checks the fuzz targets run (`fuzz/harness.rs`),
//! as an ordinary test on stable: CI needs no nightly and no second build of polars, and a
//! crash once found stays fixed.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (name, check) in harness::TARGETS {
        let files: Vec<_> = ["corpus", "artifacts"]
            .iter()
            .flat_map(|kind| inputs(&root.join(kind).join(name)))
            .collect();
        assert!(!files.is_empty(), "target {name} has no saved corpus");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let run = std::panic::catch_unwind(|| check(&data));
            assert!(run.is_ok(), "{name}: {} fails", file.display());
            replayed += 1;
        }
    }
    assert!(replayed >= harness::TARGETS.len());
}

/// The saved inputs of a target, as seeds for the random mutations below.
fn seeds(name: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    inputs(&root)
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// A seed with random bytes overwritten, inserted and cut: the kind of damage a truncated
/// download, a wrong encoding or a stray quote does.
fn mutate(seed: &[u8], edits: &[(u16, u8, u8)]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for &(at, byte, op) in edits {
        let i = if out.is_empty() {
            0
        } else {
            at as usize % out.len()
        };
        match op % 4 {
            0 if !out.is_empty() => out[i] = byte,
            1 => out.insert(i, byte),
            2 if !out.is_empty() => {
                out.remove(i);
            }
            _ => out.insert(i, [b'"', b',', b';', b'\n', b'\t', 0][byte as usize % 6]),
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// On stable, between fuzzing campaigns: every target's saved inputs, damaged at random,
    /// still pass its checks (no panic, sane values, short messages).
    #[test]
    fn damaged_seeds_pass_every_target(
        pick in 0usize..1000,
        edits in proptest::collection::vec((0u16..u16::MAX, 0u8..=255, 0u8..4), 1..24),
    ) {
        for (name, check) in harness::TARGETS {
            let seeds = seeds(name);
            let data = mutate(&seeds[pick % seeds.len()], &edits);
            check(&data);
        }
    }
}
