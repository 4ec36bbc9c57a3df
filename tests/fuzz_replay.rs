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
