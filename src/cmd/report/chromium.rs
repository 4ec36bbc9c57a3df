//! Printing the HTML report to PDF with a headless Chromium: the page is written to a temporary
//! folder, printed there with a fresh profile and no network features, and the PDF read back.

use anyhow::Result;
use exposure::error::InputError;
use exposure::report::{self, Document, Format, Style};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names a Chromium goes by on PATH.
const NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Longest a print may take before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(180);

fn how_to_get_one() -> &'static str {
    "install Chromium (Debian or Ubuntu: apt-get install chromium), give its path with --chromium PATH or EXPOSURE_CHROMIUM, or write -o report.html and print that from any browser"
}

/// The browser to print with: `--chromium`, else `$EXPOSURE_CHROMIUM`, else the first on PATH.
pub fn find(given: Option<&Path>) -> Result<PathBuf, InputError> {
    let env = std::env::var_os("EXPOSURE_CHROMIUM").filter(|v| !v.is_empty());
    let (named, by) = match (given, env) {
        (Some(p), _) => (Some(p.to_path_buf()), "--chromium"),
        (None, Some(e)) => (Some(PathBuf::from(e)), "EXPOSURE_CHROMIUM"),
        (None, None) => (None, ""),
    };
    if let Some(p) = named {
        if p.is_file() {
            return Ok(p);
        }
        return Err(InputError::new(format!(
            "{by} {}: no such program, so the PDF cannot be printed",
            p.display()
        ))
        .hint(how_to_get_one()));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(
        InputError::new("no Chromium or Chrome found on PATH to print the PDF with")
            .hint(how_to_get_one()),
    )
}

/// Prints `doc` as HTML to PDF and returns the PDF's bytes.
pub fn print(bin: &Path, doc: &Document) -> Result<Vec<u8>> {
    let dir = tempfile::Builder::new()
        .prefix("exposure-pdf-")
        .tempdir()
        .map_err(|e| InputError::io("a temporary folder", "create", &e))?;
    let html = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    let log = dir.path().join("chromium.log");
    let style = Style {
        formula_guard: false,
        color: false,
        width: None,
    };
    let mut page = Vec::new();
    report::write(Format::Html, style, doc, &mut page)?;
    std::fs::write(&html, &page).map_err(|e| InputError::io(html.display(), "write", &e))?;
    let stderr =
        std::fs::File::create(&log).map_err(|e| InputError::io(log.display(), "write", &e))?;
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(&html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| InputError::io(bin.display(), "run", &e).hint(how_to_get_one()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(InputError::new(format!(
                "{} did not finish printing the PDF within {} seconds",
                bin.display(),
                TIMEOUT.as_secs()
            ))
            .hint("write -o report.html and print that from a browser")
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    match std::fs::read(&pdf) {
        Ok(bytes) if bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => Err(InputError::new(format!(
            "{} did not print the PDF ({status}): {}",
            bin.display(),
            last_lines(&log)
        ))
        .hint("write -o report.html and print that from a browser")
        .into()),
    }
}

/// `file:///tmp/...`, with the characters a URL cannot hold percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The browser's last words, for an error message.
fn last_lines(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = &lines[lines.len().saturating_sub(3)..];
    if tail.is_empty() {
        "it said nothing".to_string()
    } else {
        exposure::error::sanitize(&tail.join(" / "))
    }
}
