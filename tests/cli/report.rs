//! `exposure report` (issue 12): the sample organisation's report with its ticket queue is one
//! valid, self-contained HTML page; a real browser (headless Chromium) shows it and prints it
//! to a PDF whose text holds every role; Markdown carries the charts as tables; text is escaped;
//! a failing run leaves no file; a missing browser is said with how to get one.

use super::{assert_success, exposure, json};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &[&str] = &[
    "sample-data/tasks.csv",
    "--tickets",
    "sample-data/tickets.csv.gz",
    "--queue-map",
    "sample-data/queues.csv",
];

/// Writes the sample report to `dir/name` and returns its path.
fn sample_report(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let run = exposure()
        .arg("report")
        .args(SAMPLE)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "exit {:?}: {}",
        run.status.code(),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty(), "the report goes to the file only");
    out
}

/// The sample organisation's role names, from the JSON contract.
fn role_names() -> Vec<String> {
    let doc = json(&["analyze", "sample-data/tasks.csv"]);
    let roles = doc["roles"].as_array().expect("roles");
    assert_eq!(roles.len(), 11, "the sample organisation has 11 roles");
    roles
        .iter()
        .map(|r| r["role"].as_str().expect("name").to_string())
        .collect()
}

/// Parses as a browser would, with every parse error the HTML5 specification names.
fn parse(html: &str) -> RcDom {
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
        ..Default::default()
    };
    html5ever::parse_document(RcDom::default(), opts).one(html)
}

/// Every element's name and attributes, and the text of `<style>`, in document order.
fn walk(node: &Handle, elements: &mut Vec<(String, Vec<(String, String)>)>, style: &mut String) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let attrs = attrs
            .borrow()
            .iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        elements.push((name.local.to_string(), attrs));
        if &*name.local == "style" {
            for child in node.children.borrow().iter() {
                if let NodeData::Text { contents } = &child.data {
                    style.push_str(&contents.borrow());
                }
            }
        }
    }
    for child in node.children.borrow().iter() {
        walk(child, elements, style);
    }
}

/// All whitespace runs as one space, so that text wrapped in a table cell still matches.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn issue12_sample_report_is_valid_self_contained_html_with_every_part() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = std::fs::read_to_string(sample_report(dir.path(), "report.html")).expect("read");
    let dom = parse(&html);
    let errors = dom.errors.borrow();
    assert!(errors.is_empty(), "HTML parse errors: {errors:?}");
    assert!(html.starts_with("<!DOCTYPE html>"));

    let (mut elements, mut style) = (Vec::new(), String::new());
    walk(&dom.document, &mut elements, &mut style);
    for (name, attrs) in &elements {
        assert!(
            !["script", "link", "iframe", "img", "object", "embed", "base"]
                .contains(&name.as_str()),
            "<{name}> makes the page depend on something outside it"
        );
        for (attr, value) in attrs {
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.contains("http:") && !v.contains("https:") && !v.starts_with("//"),
                "<{name} {attr}=\"{value}\"> refers outside the page"
            );
            assert!(!attr.starts_with("on"), "<{name} {attr}> is a script");
        }
    }
    assert!(!style.contains("url(") && !style.contains("@import"));
    let count = |n: &str| elements.iter().filter(|(name, _)| name == n).count();
    assert_eq!(count("svg"), 2, "the exposure chart and the ticket chart");
    assert_eq!(count("h1"), 1);

    let text = squeeze(&html);
    for part in [
        "Summary",
        "By department",
        "Charts",
        "Roles",
        "Method",
        "Warnings",
    ] {
        assert!(
            text.contains(&format!("<h2>{part}</h2>"))
                || text.contains(&format!("<h3>{part}</h3>")),
            "no {part}"
        );
    }
    for role in role_names() {
        assert!(
            text.contains(&format!("<h3>{}</h3>", role.replace('&', "&amp;"))),
            "no section for {role}"
        );
    }
    for must in [
        "Organisation-wide exposure",
        "FTEs at stake",
        "Tasks that move to automation",
        "The human core",
        "Skills in use",
        "Upskilling paths",
        "Internal moves and their mentors",
        "Spearman with the routine-cognitive index",
        "Ticket queue:",
        "Resolved by bots",
    ] {
        assert!(text.contains(must), "the report lacks {must:?}");
    }
    // Every input with its hash and row count, as the JSON contract gives them: SHA-256 for
    // the task file, BLAKE3 for the ticket export (SHA-256 only with --sha256).
    let doc = json(&[&["analyze"][..], SAMPLE].concat());
    for input in doc["inputs"].as_array().expect("inputs") {
        let hash = match input["sha256"].as_str() {
            Some(sha) => format!("SHA-256 {sha}"),
            None => format!("BLAKE3 {}", input["blake3"].as_str().expect("blake3")),
        };
        assert!(text.contains(&hash), "no hash {hash}");
    }
    assert!(text.contains(doc["taxonomy"]["sha256"].as_str().expect("taxonomy hash")));
}

#[test]
fn issue12_text_is_escaped_and_the_page_stays_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tasks = dir.path().join("tasks.csv");
    std::fs::write(
        &tasks,
        "role,task,hours_per_week,department\n\
\"<b>R&D \"\"Lab\"\"</b>\",Answer <script>alert(1)</script> e-mails about orders,20,<i>Ops</i>\n\
\"<b>R&D \"\"Lab\"\"</b>\",Negotiate contracts with key partners,20,<i>Ops</i>\n",
    )
    .expect("write");
    let out = dir.path().join("r.html");
    exposure()
        .arg("report")
        .arg(&tasks)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).expect("read");
    let dom = parse(&html);
    assert!(dom.errors.borrow().is_empty(), "{:?}", dom.errors.borrow());
    assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;b&gt;R&amp;D &quot;Lab&quot;&lt;/b&gt;"));
    assert!(html.contains("Answer &lt;script&gt;alert(1)&lt;/script&gt; e-mails"));
}

#[test]
fn issue12_markdown_report_carries_the_charts_as_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = std::fs::read_to_string(sample_report(dir.path(), "report.md")).expect("read");
    assert!(md.starts_with("# Automation exposure report\n"));
    assert!(md.contains("| Role | Automate | Augment | Retain | Exposure | Range |"));
    assert!(md.contains("| Category | Tickets | Class | Modelled | Bots resolved |"));
    assert!(
        md.contains("| Back-Office Admin | 97% | 3% | 0% | 84% |"),
        "{md}"
    );
    assert!(md.contains("## Method") && md.contains("## Level 1 Support Agent"));
    assert!(!md.contains("<svg"), "no drawing in Markdown");
}

#[test]
fn issue12_a_failing_report_leaves_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    exposure()
        .args(["report", "no-such-inventory.csv", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-inventory.csv"));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn issue12_pdf_without_chromium_says_how_to_get_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.pdf");
    exposure()
        .args(["report", "sample-data/tasks.csv", "-o"])
        .arg(&out)
        .env("PATH", empty.path())
        .env_remove("EXPOSURE_CHROMIUM")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no Chromium or Chrome found"))
        .stderr(predicates::str::contains("apt-get install chromium"));
    assert!(!out.exists());
    exposure()
        .args([
            "report",
            "sample-data/tasks.csv",
            "--chromium",
            "/no/such/chromium",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--chromium /no/such/chromium: no such program",
        ));
    exposure()
        .args(["report", "sample-data/tasks.csv", "-o", "report.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "a report is written as .html, .md or .pdf",
        ));
}

/// Chromium on PATH, or `None` (then the browser tests are skipped, except in CI where they fail).
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have Chromium: .ci/run installs it (apt-get install chromium poppler-utils)"
        );
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium poppler-utils)");
    }
    found
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed with Chromium (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A screenshot is not blank: many colours, and a good share of the pixels not white.
fn check_screenshot(png_path: &Path) {
    let file = std::fs::File::open(png_path).expect("screenshot written");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("decodes");
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    let inked = pixels
        .iter()
        .filter(|p| p[..3].iter().any(|c| *c < 200))
        .count();
    assert!(
        colours.len() > 50,
        "only {} colours: blank page?",
        colours.len()
    );
    let share = inked as f64 / pixels.len() as f64;
    assert!(
        share > 0.02,
        "only {:.1}% of the pixels inked",
        share * 100.0
    );
}

#[test]
fn issue12_chromium_shows_the_sample_report_and_prints_it_with_every_role() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let html = sample_report(dir.path(), "report.html");
    let shot = dir.path().join("report.png");
    let status = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1100,1800",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("runs Chromium");
    assert_success(&status);
    check_screenshot(&shot);

    let pdf = sample_report(dir.path(), "report.pdf");
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF"));
    let pdf_arg = pdf.to_str().expect("UTF-8 path");
    let info = tool("pdfinfo", &[pdf_arg]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!((15..=60).contains(&pages), "{pages} A4 pages");
    assert!(info.contains("(A4)"), "A4 pages: {info}");
    let text = squeeze(&tool("pdftotext", &[pdf_arg, "-"]));
    for role in role_names() {
        assert!(text.contains(&role), "the PDF lacks {role}");
    }
    assert!(text.contains("Organisation-wide exposure"));
}

#[test]
fn issue12_report_goes_to_standard_output_and_is_the_same_each_run() {
    let run = || {
        let out = exposure()
            .args(["report", "sample-data/tasks.csv", "--quiet"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        out.stdout
    };
    let first = run();
    assert!(first.starts_with(b"<!DOCTYPE html>"), "HTML by default");
    assert_eq!(first, run(), "the same inputs give the same bytes");
}
