//! The layers of docs/ARCHITECTURE.md section 2: core modules never import from the render layer
//! (`report`) or the command layer (`cmd`), and never write to the terminal.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Core files: everything in src/ but the render layer, the command layer and the binary.
fn core_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    rust_files(&src, &mut all);
    all.into_iter()
        .filter(|p| {
            let rel = p.strip_prefix(&src).expect("under src");
            let first = rel.components().next().expect("a component");
            let name = first.as_os_str().to_string_lossy();
            !matches!(
                name.as_ref(),
                "report" | "cmd" | "main.rs" | "cli.rs" | "exit_codes.rs"
            )
        })
        .collect()
}

/// The file's code without its unit tests.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[test]
fn core_modules_import_nothing_from_report_or_cmd() {
    let files = core_files();
    assert!(files.len() > 10, "found the core files");
    for path in files {
        for (n, line) in code_of(&path).lines().enumerate() {
            for layer in [
                "crate::report",
                "crate::cmd",
                "report::",
                "exposure::report",
            ] {
                let code = line.split("//").next().unwrap_or("");
                assert!(
                    !code.contains(layer) || code.contains("reporting"),
                    "{}:{}: a core module uses the render or command layer: {}",
                    path.display(),
                    n + 1,
                    line.trim()
                );
            }
        }
    }
}

#[test]
fn core_modules_never_print() {
    for path in core_files() {
        for (n, line) in code_of(&path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for call in ["println!", "eprintln!", "print!(", "eprint!("] {
                assert!(
                    !code.contains(call),
                    "{}:{}: a core module prints: {}",
                    path.display(),
                    n + 1,
                    line.trim()
                );
            }
        }
    }
}
