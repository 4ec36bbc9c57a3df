//! Privacy (issue 15): ticket text, customer names and e-mail addresses never reach an output,
//! a warning or an error. Markers are planted in every column of a ticket export that is not
//! the queue or the category (the two a report is about); every command that reads tickets is
//! run in every format, and on exports that fail, and no marker may come out.

use super::exposure;
use std::path::Path;

/// The planted markers: a name, an e-mail address and free text.
const MARKERS: [&str; 3] = [
    "Zorblat Quenneville",
    "zorblat.q@example.org",
    "qzxv secret",
];

const HEADER: &str = "Ticket ID,Created at,Resolved at,Queue,Category,Channel,Subject,Description,Requester,Requester email,Agent,Handle time (sec),Resolved by bot,Notes";

/// A row with a marker in every column but the queue, the category and the figures.
fn row(id: u32, day: u32, category: &str, seconds: &str) -> String {
    format!(
        "ID-qzxv-{id},2026-09-{day:02}T09:00:00,2026-09-{day:02}T10:00:00,Support Agent,{category},chat,\
         Reset for Zorblat Quenneville qzxv secret,\"Customer Zorblat Quenneville (zorblat.q@example.org) wrote: qzxv secret\",\
         Zorblat Quenneville,zorblat.q@example.org,Agent qzxv secret,{seconds},FALSE,qzxv secret zorblat.q@example.org"
    )
}

fn export(rows: &[String]) -> String {
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

fn no_marker(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for m in MARKERS {
        assert!(!text.contains(m), "{what}: {m:?} leaked:\n{text}");
    }
    assert!(!text.contains("qzxv"), "{what}: a marker leaked:\n{text}");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn planted_personal_data_reaches_no_output_format_warning_or_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "tickets.csv",
        &export(&[
            row(1, 7, "Password reset", "300"),
            row(2, 8, "Order status", "240"),
            // No category: the subject is classified, and never printed.
            row(3, 9, "", "200"),
            // A handle time out of range: excluded and warned about.
            row(4, 10, "Complaint", "-60"),
            // An address typed into the category: shown without it.
            row(5, 11, "Refund for zorblat.q@example.org", "180"),
        ]),
    );
    let inventory = "tests/data/small.csv";
    let commands: Vec<Vec<&str>> = vec![
        vec!["tickets", &good],
        vec!["analyze", inventory, "--tickets", &good],
        vec!["analyze", inventory, "--tickets", &good, "--by", "task"],
        vec![
            "simulate",
            inventory,
            "--tickets",
            &good,
            "--adoption",
            "moderate",
        ],
    ];
    for args in &commands {
        for format in ["table", "csv", "json", "markdown"] {
            let mut full: Vec<&str> = args.clone();
            full.extend(["--format", format, "--color", "never"]);
            succeeds_without_markers(&full);
        }
    }
    // The report leadership reads, as HTML and as Markdown.
    for format in ["html", "markdown"] {
        succeeds_without_markers(&["report", inventory, "--tickets", &good, "--format", format]);
    }
}

/// Runs exposure with `args`, which must succeed, and checks neither stream holds a marker.
fn succeeds_without_markers(args: &[&str]) {
    let out = exposure().args(args).output().unwrap();
    let what = args.join(" ");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    no_marker(&what, &out.stdout);
    no_marker(&what, &out.stderr);
}

#[test]
fn errors_about_ticket_exports_quote_no_ticket_text() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // An ambiguous handle time: the figure is quoted, nothing else.
        export(&[row(1, 7, "Password reset", "1.200")]),
        // A quote that never closes, opened in the subject.
        format!("{HEADER}\nID-qzxv-1,2026-09-07T09:00:00,,Support Agent,Password reset,chat,\"Zorblat Quenneville qzxv secret,x,y,z,zorblat.q@example.org,a,300,FALSE,n\n"),
        // A NUL byte in the requester's name.
        export(&[row(1, 7, "Password reset", "300").replace("Zorblat Quenneville,", "Zorblat\0 Quenneville,")]),
        // No queue column: the message lists the columns, which hold no ticket text.
        "Subject,Requester email\nqzxv secret,zorblat.q@example.org\n".to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("bad-{i}.csv"), text);
        let out = exposure().args(["tickets", &file]).output().unwrap();
        let what = format!("case {i}");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        no_marker(&what, &out.stderr);
        no_marker(&what, &out.stdout);
    }
}
